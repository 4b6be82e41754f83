"""Load the knowledge tables shipped in ``sygraph/data``.

Every table is UTF-8 TSV with a header row; lines starting with ``#`` are comments. Tables
are read once per process and cached, so stages can ask for them freely.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import os
import re
from importlib import resources

from .errors import DataError
from .ids import normalize
from .terms import Cue, RelationType, RoleKind, TriggerMode

__all__ = ["load_table", "read_text", "load_model", "digest", "chrome_markers", "words", "word_class", "transliteration_chars", "mapping"]

# Ethnic autonomy endings are dropped whole in short names: 丰宁满族自治县 → 丰宁.
_ETHNIC_AUTONOMY = re.compile(r"(?:[\u4e00-\u9fff]{1,3}族)+(?:自治[区州县旗]|乡)")


def _read_text(name: str) -> str:
    path = resources.files("sygraph.data").joinpath(name)
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def read_text(name: str) -> str:
    """The text of ``data/<name>`` (a ``.gz`` file decompressed), uncached: for a table
    whose reader keeps only what it parses (the division table)."""
    return _read_text(name)


def read_bytes(name: str) -> bytes:
    """The bytes of ``data/<name>`` (a ``.gz`` file decompressed), uncached."""
    data = resources.files("sygraph.data").joinpath(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def load_model(path: str, script: str):
    """A CRFsuite tagger of the shipped model at ``path``. A missing or unreadable model is a
    broken install, not a reason to run without it: a :class:`DataError` that says to
    reinstall or retrain with ``script``."""
    import pycrfsuite

    path = str(path)
    if not os.path.exists(path):
        raise DataError(f"{path}: the model is missing; reinstall sygraph or run {script}")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(path)
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: the model cannot be read ({err}); reinstall sygraph or run {script}") from err
    return tagger


# A table may carry a column of this name: where a row's knowledge comes from ("national unit
# list", "common honour title"), for the maintainer and scripts/lexicon_audit.py. No stage
# reads it, and the digest a model records leaves it out.
SOURCE_COLUMN = "source"


def _without_source(text: str) -> str:
    r"""The text of a table with its source column cut out (the text itself when it has none).

    Examples
    --------
    >>> _without_source("# c\nhead\tsource\n局\tlist\n所\n")
    '# c\nhead\n局\n所\n'
    """
    lines = text.splitlines(keepends=True)
    header = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None)
    if header is None or SOURCE_COLUMN not in lines[header].rstrip("\r\n").split("\t"):
        return text
    column = lines[header].rstrip("\r\n").split("\t").index(SOURCE_COLUMN)
    out = lines[:header]
    for line in lines[header:]:
        if not line.strip() or line.startswith("#"):
            out.append(line)
            continue
        body = line.rstrip("\r\n")
        cells = body.split("\t")
        del cells[column:column + 1]
        out.append("\t".join(cells) + line[len(body):])
    return "".join(out)


def digest(names) -> str:
    """The SHA-256 (first 16 hex digits) of the named data files, name and text: what a
    trained model records of the lexicon its features read, so a test can tell when they part.
    A table's source column is left out: provenance changes no feature."""
    h = hashlib.sha256()
    for name in sorted(names):
        h.update(name.encode("utf-8") + b"\0" + _without_source(_read_text(name)).encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


# Columns whose values come from a closed vocabulary (sygraph.terms): a value outside it is an
# error when the table loads, never a mode or relation that silently acts as another
TYPED_COLUMNS = {
    ("relation_types.tsv", "relation"): RelationType,
    ("relation_triggers.tsv", "relation"): RelationType,
    ("relation_triggers.tsv", "mode"): TriggerMode,
    ("honour_cues.tsv", "where"): Cue,
    ("roles.tsv", "kind"): RoleKind,
}
# columns that may be empty, and otherwise name a member of their vocabulary
OPTIONAL_COLUMNS = {("relation_triggers.tsv", "requires"): RelationType}
# tables that must give every member of their vocabulary a row
COMPLETE_COLUMNS = {("relation_types.tsv", "relation"): RelationType}


@functools.cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>`` as dicts keyed by the header, the columns of
    :data:`TYPED_COLUMNS` checked against their vocabulary.

    Examples
    --------
    >>> rows = load_table("unit_heads.tsv")
    >>> any(r["head"] == "军分区" for r in rows)
    True
    """
    header: list[str] | None = None
    rows = []
    typed = {column: vocabulary for (table, column), vocabulary in TYPED_COLUMNS.items() if table == name}
    optional = {column: vocabulary for (table, column), vocabulary in OPTIONAL_COLUMNS.items() if table == name}
    for lineno, line in enumerate(_read_text(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise DataError(f"{name}:{lineno}: expected {len(header)} columns, found {len(cells)}")
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, (c.strip() for c in cells)))
        for column, vocabulary in (*typed.items(), *((c, v) for c, v in optional.items() if row.get(c))):
            if row.get(column) not in vocabulary.__members__.values():
                raise DataError(f"{name}:{lineno}: {column} {row.get(column, '')!r} is not one of "
                                f"{', '.join(vocabulary)}")
        rows.append(row)
    for (table, column), vocabulary in COMPLETE_COLUMNS.items():
        missing = [v.value for v in vocabulary if table == name and v not in {r[column] for r in rows}]
        if missing:
            raise DataError(f"{name}: no row for {column} {missing[0]!r}")
    return tuple(rows)


@functools.cache
def chrome_markers() -> tuple[tuple[str, str], ...]:
    """(marker, where) rows of ``chrome.tsv``; a marker in double quotes keeps its spaces.

    Examples
    --------
    >>> (" > ", "breadcrumb") in chrome_markers() and (">", "breadcrumb") not in chrome_markers()
    True
    """
    def unquote(m: str) -> str:
        return m[1:-1] if len(m) >= 2 and m[0] == m[-1] == '"' else m
    return tuple((unquote(r["marker"]), r["where"]) for r in load_table("chrome.tsv"))


@functools.cache
def words(name: str, column: str | None = None) -> frozenset[str]:
    """The set of values in one column (default: the first) of a table."""
    rows = load_table(name)
    if not rows:
        return frozenset()
    key = column or next(iter(rows[0]))
    return frozenset(r[key] for r in rows if r[key])


@functools.cache
def transliteration_chars() -> frozenset[str]:
    """Characters that spell foreign and minority names (克林顿, 买买提).

    Examples
    --------
    >>> "顿" in transliteration_chars()
    True
    """
    return frozenset("".join(words("transliteration_chars.tsv")))


@functools.cache
def word_class(name: str) -> tuple[str, ...]:
    """The words of one class of ``data/word_classes.tsv`` (coordinators, prepositions, ...).

    Examples
    --------
    >>> "暨" in word_class("event_joiners")
    True
    """
    for r in load_table("word_classes.tsv"):
        if r["class"] == name:
            return tuple(w for w in r["words"].split("|") if w)
    raise DataError(f"word_classes.tsv: no class {name!r}")


@functools.cache
def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """A dict from one column to another."""
    return {r[key]: r[value] for r in load_table(name)}


@functools.cache
def _unit_abbreviations() -> tuple[tuple[str, str], ...]:
    return tuple((r["long"], r["short"]) for r in load_table("unit_abbreviations.tsv"))


def unit_key(name: str) -> str:
    """The normalised name a unit is identified by: long forms replaced by their usual
    short forms (西峰区人民武装部 and 西峰区人武部 are one unit).

    Examples
    --------
    >>> unit_key("西峰区人民武装部") == unit_key("西峰区人武部")
    True
    """
    key = normalize(name)
    for long, short in _unit_abbreviations():
        key = key.replace(long, short)
    return key


@functools.cache
def place_suffixes() -> tuple[tuple[str, str, bool], ...]:
    """(suffix, level, strippable), longest suffix first."""
    rows = load_table("place_suffixes.tsv")
    return tuple(sorted(((r["suffix"], r["level"], r["strip"] == "yes") for r in rows),
                        key=lambda t: -len(t[0])))


def short_name(name: str, level: str) -> str:
    """The common short form of a division name (泸州市 → 泸州), or "" if it has none.

    Short forms shorter than two characters are not used: 泸县 has no short form.

    Examples
    --------
    >>> short_name("泸州市", "city"), short_name("丰宁满族自治县", "county"), short_name("泸县", "county")
    ('泸州', '丰宁', '')
    """
    for start in range(2, len(name) - 2):
        if _ETHNIC_AUTONOMY.fullmatch(name, start):
            return name[:start]
    for suffix, _, strip in place_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            if not strip:
                return ""
            base = name[: -len(suffix)]
            return base if len(base) >= 2 else ""
    return ""


@functools.cache
def patterns(name: str) -> dict[str, tuple[str, ...]]:
    """The patterns of a ``data/*_patterns.tsv`` file (columns kind, pattern, example) by
    kind, longest first."""
    out: dict[str, list[str]] = {}
    for r in load_table(name):
        out.setdefault(r["kind"], []).append(r["pattern"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def program_patterns() -> dict[str, tuple[str, ...]]:
    """The patterns of ``data/program_patterns.tsv`` by kind (quote_head, honour_tail,
    level_list, list_end), longest first.

    Examples
    --------
    >>> "互动" in program_patterns()["quote_head"]
    True
    """
    return patterns("program_patterns.tsv")


def unit_patterns() -> dict[str, tuple[str, ...]]:
    """The patterns of ``data/unit_patterns.tsv`` by kind (national, branch, subunit,
    department_end, head, stop, glued, media_end, media_cue), longest first.

    Examples
    --------
    >>> "政治工作处" in unit_patterns()["subunit"]
    True
    """
    return patterns("unit_patterns.tsv")
