"""China's administrative divisions: the table of ``data/divisions.tsv`` (province to
township) and the villages of ``data/villages.tsv.gz``, behind a small query interface.

The table is read straight from its file, checked as it loads (every problem a
:class:`~sygraph.errors.DataError` naming ``file:line``), and kept as :class:`Division`
objects only: no raw rows stay in memory beside them.

Examples
--------
>>> table = DivisionTable.from_text(
...     "code\\tname\\tlevel\\tparent\\n"
...     "510000\\t四川省\\tprovince\\t\\n"
...     "510500\\t泸州市\\tcity\\t510000\\n"
...     "510525\\t古蔺县\\tcounty\\t510500\\n", source="demo.tsv")
>>> table.codes("古蔺县"), table.short_codes("泸州"), [d.name for d in table.ancestors("510525")]
(('510525',), ('510500',), ['泸州市', '四川省'])
"""
from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import DataError
from .lexicon import load_table, read_bytes, read_text, short_name
from .terms import Level

__all__ = ["Division", "DivisionTable", "divisions", "code_prefix", "SHORT_NAME_LEVELS", "LevelWord",
           "level_words"]

COLUMNS = ("code", "name", "level", "parent")
# Short forms are recognised for these levels only: township short names (太平, 温泉) are
# ordinary words far more often than they are places.
SHORT_NAME_LEVELS = frozenset({Level.PROVINCE, Level.CITY, Level.COUNTY})
# an autonomous county is often written with a plain ending: 景宁县, 丰宁县
_PLAIN_ENDINGS = {"自治县": "县", "自治旗": "旗", "自治州": "州"}
_LEVELS = {level.value: level for level in Level}


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division: code, official name, level and parent code ("" for a
    province)."""

    code: str
    name: str
    level: Level
    parent: str


def code_prefix(code: str) -> str:
    """The prefix shared by the codes of everything inside a division.

    Examples
    --------
    >>> code_prefix("510500"), code_prefix("500000"), code_prefix("510502"), code_prefix("510502003")
    ('5105', '50', '510502', '510502003')
    """
    if len(code) == 6:
        for zeros in (4, 2):
            if code.endswith("0" * zeros):
                return code[: 6 - zeros]
    return code


class DivisionTable:
    """The administrative-division table: look-ups by code, full name and short name.

    Build it with :meth:`from_text`; :func:`divisions` gives the shipped one.

    Examples
    --------
    >>> t = divisions()
    >>> t.get("510525").name, t.codes("古蔺县"), "510500" in t.short_codes("泸州")
    ('古蔺县', ('510525',), True)
    >>> t.contains("500000", "500101"), t.contains("500000", "510000")
    (True, False)
    """

    def __init__(self, rows: list[tuple[int, Division]], source: str = "divisions.tsv"):
        """A table of ``(line, division)`` rows, checked: codes unique, every parent in the
        table and no division its own ancestor. Use :meth:`from_text` rather than this."""
        self._source = source
        self._by_code: dict[str, Division] = {}
        by_name: dict[str, list[str]] = {}
        by_short: dict[str, list[str]] = {}
        line_of: dict[str, int] = {}
        for line, d in rows:
            if d.code in self._by_code:
                raise DataError(f"{source}:{line}: code {d.code} ({d.name}) appears twice (first on line {line_of[d.code]})")
            if d.parent == d.code:
                raise DataError(f"{source}:{line}: code {d.code} ({d.name}) is its own parent")
            self._by_code[d.code] = d
            line_of[d.code] = line
            by_name.setdefault(d.name, []).append(d.code)
        for d in self._by_code.values():
            if d.parent and d.parent not in self._by_code:
                raise DataError(f"{source}:{line_of[d.code]}: code {d.code} ({d.name}) names parent {d.parent}, "
                                "which is not in the table")
        self._check_cycles(line_of)
        for d in self._by_code.values():
            short = short_name(d.name, d.level)
            if short and short != d.name:
                by_short.setdefault(short, []).append(d.code)
                plain = _PLAIN_ENDINGS.get(d.name[-3:])
                if plain and short + plain not in by_name:
                    by_name.setdefault(short + plain, []).append(d.code)
        self._by_name = {k: tuple(v) for k, v in by_name.items()}
        self._by_short = {k: tuple(v) for k, v in by_short.items()}
        self._village_text = b""
        self._village_lines = array("I")
        self._village_names_cache: array | None = None

    @classmethod
    def from_text(cls, text: str, source: str = "divisions.tsv") -> DivisionTable:
        """The table of a TSV text with the columns code, name, level and parent (``#`` lines
        are comments); ``source`` names it in errors.

        Examples
        --------
        >>> DivisionTable.from_text("code\\tname\\tlevel\\tparent\\n100000\\t甲省\\tstate\\t\\n", source="x.tsv")
        Traceback (most recent call last):
        ...
        sygraph.errors.DataError: x.tsv:2: code 100000 (甲省) has level 'state', not one of province, city, county, township, village
        """
        header: list[str] | None = None
        rows = []
        for line, raw in enumerate(text.splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = [c.strip() for c in raw.split("\t")]
            if header is None:
                header = cells
                if not set(COLUMNS) <= set(header):
                    raise DataError(f"{source}:{line}: the header needs the columns {', '.join(COLUMNS)}")
                index = [header.index(c) for c in COLUMNS]
                continue
            if len(cells) > len(header):
                raise DataError(f"{source}:{line}: expected {len(header)} columns, found {len(cells)}")
            cells += [""] * (len(header) - len(cells))
            code, name, level, parent = (cells[i] for i in index)
            if level not in _LEVELS:
                raise DataError(f"{source}:{line}: code {code} ({name}) has level {level!r}, "
                                f"not one of {', '.join(_LEVELS)}")
            rows.append((line, Division(code, name, _LEVELS[level], parent)))
        return cls(rows, source)

    def _check_cycles(self, line_of: dict[str, int]) -> None:
        # each code is walked once: a walk stops at a code an earlier walk cleared
        cleared: set[str] = set()
        for code in self._by_code:
            path: list[str] = []
            c = code
            while c and c not in cleared:
                if c in path:
                    d = self._by_code[c]
                    loop = path[path.index(c):]
                    raise DataError(f"{self._source}:{line_of[c]}: code {c} ({d.name}) is its own ancestor "
                                    f"(parents {', '.join(loop[1:] + [c])})")
                path.append(c)
                c = self._by_code[c].parent
            cleared.update(path)

    def __iter__(self) -> Iterator[Division]:
        """Every division from province to township, in the file's order (villages are
        looked up, never listed: there are 620,000)."""
        return iter(self._by_code.values())

    def get(self, code: str) -> Division | None:
        """The division of a code, villages (12 digits) included; None if there is none.

        Examples
        --------
        >>> divisions().get("510525103208").name, divisions().get("999999")
        ('九龙村', None)
        """
        if len(code) == 12:
            return self._village(code)
        return self._by_code.get(code)

    def codes(self, name: str) -> tuple[str, ...]:
        """The codes of the divisions of a full name (several places share names), with the
        plain ending of an autonomous county as a name too (景宁县 for 景宁畲族自治县).

        Examples
        --------
        >>> divisions().codes("古蔺县"), divisions().codes("景宁县") == divisions().codes("景宁畲族自治县")
        (('510525',), True)
        """
        return self._by_name.get(name, ())

    def short_codes(self, short: str) -> tuple[str, ...]:
        """The codes of the divisions whose short form is ``short`` (泸州 for 泸州市).

        Examples
        --------
        >>> divisions().short_codes("泸州")
        ('510500',)
        """
        return self._by_short.get(short, ())

    def has_name(self, name: str) -> bool:
        """Whether some division has this full name: the recognizer's commonest question."""
        return name in self._by_name

    def has_short(self, short: str) -> bool:
        """Whether some division has this short form."""
        return short in self._by_short

    def names(self) -> Iterator[str]:
        """Every full name, for the segmenter's dictionary."""
        return iter(self._by_name)

    def short_names(self) -> Iterator[str]:
        """Every short form, for the segmenter's dictionary."""
        return iter(self._by_short)

    def levels_of(self, name: str) -> frozenset[Level]:
        """The levels of the divisions of a full name: whether 河北省 names a province.

        Examples
        --------
        >>> sorted(divisions().levels_of("河北省"))
        [<Level.PROVINCE: 'province'>]
        """
        return frozenset(self._by_code[c].level for c in self._by_name.get(name, ()))

    def short_levels(self, short: str) -> frozenset[Level]:
        """The levels of the divisions of a short form: whether 泸州 may be read as a place
        (:data:`SHORT_NAME_LEVELS`).

        Examples
        --------
        >>> sorted(divisions().short_levels("泸州"))
        [<Level.CITY: 'city'>]
        """
        return frozenset(self._by_code[c].level for c in self._by_short.get(short, ()))

    def ancestors(self, code: str) -> list[Division]:
        """The chain of parents of ``code``, nearest first, up to the province.

        Examples
        --------
        >>> [d.name for d in divisions().ancestors("510525103208")]
        ['太平镇', '古蔺县', '泸州市', '四川省']
        """
        out = []
        seen = {code}
        d = self.get(code)
        while d and d.parent:
            if d.parent in seen:  # load refuses cycles; a walk must not hang all the same
                raise DataError(f"{self._source}: the parents of {code} form a cycle at {d.parent}")
            seen.add(d.parent)
            d = self.get(d.parent)
            if d:
                out.append(d)
        return out

    @staticmethod
    def contains(outer: str, inner: str) -> bool:
        """Whether the division ``inner`` lies inside ``outer`` (or is it), by code prefix.

        Examples
        --------
        >>> DivisionTable.contains("500000", "500101"), DivisionTable.contains("500000", "510000")
        (True, False)
        """
        return inner.startswith(code_prefix(outer))

    # Villages: 620,000 rows, sorted by code. Rather than parse them all into objects
    # (seconds per process), keep the file's UTF-8 bytes (22 MB; as a str it is three times
    # that) and binary-search an array of line offsets; a sorted array of the names' hashes
    # answers "is there a village of this name" without a scan. Loaded once, before the
    # workers fork, they share it.
    def _load_villages(self) -> None:
        if not self._village_text:
            data = read_bytes("villages.tsv.gz")
            self._village_text = data
            self._village_lines = array("I", (m.end() for m in re.finditer(b"\n", data)))
            self._village_lines.pop()  # the offset after the last line

    def _village_block(self, prefix: str) -> list[Division]:
        self._load_villages()
        text, lines = self._village_text, self._village_lines
        key = prefix.encode("utf-8")
        lo = bisect.bisect_left(lines, key, key=lambda off: text[off: off + len(key)])
        out = []
        for off in lines[lo:]:
            if not text.startswith(key, off):
                break
            code, name, parent = text[off: text.index(b"\n", off)].decode("utf-8").split("\t")
            out.append(Division(code, name, Level.VILLAGE, parent))
        return out

    def _village_name_hashes(self) -> array:
        if self._village_names_cache is None:
            self._load_villages()
            names = re.findall(rb"\t([^\t\n]+)\t", self._village_text)
            self._village_names_cache = array("q", sorted({hash(n.decode("utf-8")) for n in names}))
        return self._village_names_cache

    def _may_be_village(self, name: str) -> bool:
        """False when no village has the name; True when one may (a hash can collide)."""
        hashes, h = self._village_name_hashes(), hash(name)
        k = bisect.bisect_left(hashes, h)
        return k < len(hashes) and hashes[k] == h

    def _village(self, code: str) -> Division | None:
        block = self._village_block(code)
        return block[0] if block else None

    def village_codes(self, name: str, within: str = "") -> tuple[str, ...]:
        """Codes of the villages called ``name`` (inside the division ``within``, if given).

        Examples
        --------
        >>> divisions().village_codes("九龙村", within="510525103")
        ('510525103208',)
        """
        if within:
            return tuple(d.code for d in self._village_block(code_prefix(within)) if d.name == name)
        if not self._may_be_village(name):
            return ()
        text, out, pos = self._village_text, [], 0
        needle = f"\t{name}\t".encode("utf-8")
        while (pos := text.find(needle, pos)) >= 0:
            out.append(text[text.rindex(b"\n", 0, pos) + 1: pos].decode("utf-8"))
            pos += len(needle)
        return tuple(out)

    def preload(self) -> None:
        """Read the villages now (a parent process does, so that its workers share them)."""
        self._village_name_hashes()


@functools.cache
def divisions() -> DivisionTable:
    """The shipped division table (province to township; villages on demand), read once."""
    return DivisionTable.from_text(read_text("divisions.tsv"), source="divisions.tsv")


@dataclass(frozen=True, slots=True)
class LevelWord:
    """A word of ``data/levels.tsv`` that names a level of division on its own (区 in 区人武部)."""

    word: str
    levels: tuple[Level, ...]  # the levels a division so named can be
    bare: bool  # the recognizer reads it standing alone as a level word
    qualify: bool  # the resolver writes the division's name in front of its unit


@functools.cache
def level_words() -> tuple[LevelWord, ...]:
    """The level words of ``data/levels.tsv``, the one source of what 省, 市, 区, 镇 or 村 name.

    Examples
    --------
    >>> next(w for w in level_words() if w.word == "市").levels
    (<Level.CITY: 'city'>, <Level.COUNTY: 'county'>)
    """
    out = []
    for r in load_table("levels.tsv"):
        try:
            levels = tuple(Level(x) for x in r["levels"].split("|"))
        except ValueError as err:
            raise DataError(f"levels.tsv: {r['word']}: {err}") from err
        out.append(LevelWord(r["word"], levels, r["bare"] == "yes", r["qualify"] == "yes"))
    return tuple(out)
