"""The user's own knowledge: a registry of canonical entities, extra lexicon words and a
stop-list, which extraction, resolution and queries honour.

The registry is a UTF-8 TSV file with a header row; ``#`` starts a comment line. Each row
has a ``kind``:

- ``entity``: ``id`` (yours, stable: it stays the entity's id when you edit its name),
  ``type`` (place, unit, person, program), ``name`` (the canonical name), ``aliases``
  (``|``-separated), ``adcode`` (places, optional) and ``never_merge_with`` (``|``-separated
  ids of entities that must stay apart from this one);
- ``word``: a lexicon word of a ``type`` (``name``), recognised wherever it is written;
- ``stop``: a word (``name``) that must never become an entity.

Example::

    kind    id      type    name                      aliases               adcode     never_merge_with
    entity  zl-unit unit    中国人民解放军驻泸某部队   驻泸某部|驻泸某部队
    entity  tp-gl   place   太平镇                                          510525103  tp-xy
    entity  tp-xy   place   太平镇                                          510524105  tp-gl
    word            program 情暖军营行动
    stop                    双拥工作
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .divisions import divisions
from .errors import DataError
from .ids import normalize
from .lexicon import short_name, unit_key
from .model import EntityType
from .terms import Level

__all__ = ["Registry", "RegistryEntity", "load_registry", "check_registry", "suggest_merges", "COLUMNS"]

COLUMNS = ("kind", "id", "type", "name", "aliases", "adcode", "never_merge_with")
KINDS = ("entity", "word", "stop")
TYPES = tuple(t.value for t in EntityType)


@dataclass(frozen=True, slots=True)
class RegistryEntity:
    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    adcode: str = ""
    never_merge_with: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Registry:
    """A loaded registry; ``sha256`` identifies its content (for caches and metadata)."""

    entities: tuple[RegistryEntity, ...] = ()
    words: tuple[tuple[EntityType, str], ...] = ()
    stop: frozenset[str] = frozenset()
    sha256: str = ""
    _by_surface: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[RegistryEntity]] = {}
        for e in self.entities:
            for surface in (e.name, *e.aliases):
                index.setdefault((e.type.value, normalize(surface)), []).append(e)
        self._by_surface.update(index)

    def surfaces(self) -> list[tuple[str, EntityType, str]]:
        """(surface, type, registry id) for every name, alias and lexicon word, longest first.
        The id is "" for lexicon words and for surfaces that several registry entities share
        (homonyms kept apart): resolution decides those by their place code."""
        return list(self._surfaces)

    @functools.cached_property
    def surface_index(self) -> tuple[tuple[int, ...], dict[str, list[tuple[int, EntityType, str]]]]:
        """The distinct lengths of the surfaces, longest first, and each surface's (rank in
        :meth:`surfaces`, type, id): a sentence is read once per length, not once per surface,
        so a registry of many thousand names costs what a few dozen lengths cost."""
        index: dict[str, list[tuple[int, EntityType, str]]] = {}
        for rank, (surface, type_, rid) in enumerate(self._surfaces):
            index.setdefault(surface, []).append((rank, type_, rid))
        return tuple(sorted({len(s) for s in index}, reverse=True)), index

    @functools.cached_property
    def _surfaces(self) -> tuple[tuple[str, EntityType, str], ...]:
        out = {}
        for e in self.entities:
            for s in (e.name, *e.aliases):
                if s:
                    shared = len(self._by_surface.get((e.type.value, normalize(s)), [])) > 1
                    out[(s, e.type, "" if shared else e.id)] = None
        out.update({(w, t, ""): None for t, w in self.words})
        return tuple(sorted(out, key=lambda x: (-len(x[0]), x[0], x[2])))

    def lookup(self, type_: EntityType | str, surface: str, adcode: str = "") -> RegistryEntity | None:
        """The registry entity a surface of that type names: the only one, or the one whose
        place code matches; None when the registry does not decide."""
        found = self._by_surface.get((EntityType(type_).value, normalize(surface)), [])
        if adcode:
            # a registry place with a division code is that division, never another one
            found = [e for e in found if not e.adcode or e.adcode == adcode]
            coded = [e for e in found if e.adcode == adcode]
            if coded:
                found = coded
        return found[0] if len(found) == 1 else None


def _rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot read the registry ({err})") from err
    header = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in ("kind", "name") if c not in header]
            if missing:
                raise DataError(f"{path}:{lineno}: the header needs the columns {', '.join(COLUMNS)}")
            continue
        if len(cells) > len(header):
            raise DataError(f"{path}:{lineno}: {len(cells)} columns, the header has {len(header)}")
        yield lineno, dict(zip(header, cells + [""] * (len(header) - len(cells))))


def _division_problems(where: str, r: dict[str, str]) -> list[str]:
    """A registry place's code must be a division, its name and aliases no other division's
    name; no other entity may take a division's name as an alias (it would capture every
    mention of that division)."""
    table = divisions()
    code = r.get("adcode", "")
    own = table.get(code) if code and r.get("type") == "place" else None
    if code and r.get("type") == "place" and own is None:
        return [f"{where}: adcode {code!r} is no division of the table (divisions.tsv, villages.tsv.gz)"]
    if code and r.get("type") != "place":
        return [f"{where}: adcode {code!r} on a {r.get('type')}: only places have a division code"]

    def names(text: str) -> str:
        codes = table.codes(text)
        return ", ".join(codes[:3]) + (f" and {len(codes) - 3} more" if len(codes) > 3 else "")

    problems = []
    surfaces = [("name", r["name"])] if own is not None else []
    surfaces += [("alias", a) for a in filter(None, r.get("aliases", "").split("|"))]
    for what, text in surfaces:
        if not table.has_name(text) or (own is not None and own.code in table.codes(text)):
            continue
        if own is not None:
            problems.append(f"{where}: {what} {text!r} is the name of another division ({names(text)}), "
                            f"not of {own.code} {own.name}")
        elif r.get("type") == "place":
            problems.append(f"{where}: alias {text!r} is the name of a division ({names(text)}); give the row "
                            f"that division's adcode, or drop the alias")
        else:
            problems.append(f"{where}: alias {text!r} of a {r.get('type')} is the name of a division "
                            f"({names(text)}); drop the alias")
    return problems


def check_registry(path: str | Path) -> list[str]:
    """Every problem of a registry file, one line each naming the line: unknown kinds or types,
    missing names, duplicate ids, an alias on two entities that are not kept apart,
    never_merge_with entries that name no entity, the row's own id or are not mutual, a place
    code that is no division, and a name or alias that is another division's name (a place
    with a code is that division; its name and aliases may be that division's name only)."""
    path = Path(path)
    problems: list[str] = []
    ids: dict[str, int] = {}
    surfaces: dict[tuple[str, str], tuple[str, int]] = {}
    apart: dict[str, tuple[set[str], int]] = {}
    try:
        rows = list(_rows(path))
    except DataError as err:
        return [str(err)]
    for lineno, r in rows:
        where = f"{path}:{lineno}"
        kind = r.get("kind", "")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r} (entity, word or stop)")
            continue
        if not r.get("name"):
            problems.append(f"{where}: no name")
            continue
        if kind == "stop":
            continue
        if r.get("type") not in TYPES:
            problems.append(f"{where}: unknown type {r.get('type')!r} (place, unit, person or program)")
            continue
        if kind == "word":
            continue
        rid = r.get("id", "")
        if not rid:
            problems.append(f"{where}: an entity needs an id")
            continue
        if rid in ids:
            problems.append(f"{where}: id {rid!r} is already used on line {ids[rid]}")
            continue
        ids[rid] = lineno
        apart[rid] = ({x for x in r.get("never_merge_with", "").split("|") if x}, lineno)
        if rid in apart[rid][0]:
            problems.append(f"{where}: never_merge_with names the row's own id {rid!r}")
            apart[rid][0].discard(rid)
        if r.get("adcode") and not r["adcode"].isdigit():
            problems.append(f"{where}: adcode {r['adcode']!r} is not a division code")
        else:
            problems.extend(_division_problems(where, r))
        for surface in [r["name"], *filter(None, r.get("aliases", "").split("|"))]:
            key = (r["type"], normalize(surface))
            if key in surfaces and surfaces[key][0] != rid:
                other, other_line = surfaces[key]
                if other not in apart[rid][0] and rid not in apart.get(other, (set(), 0))[0]:
                    problems.append(f"{where}: {surface!r} also names {other!r} (line {other_line}); "
                                    f"merge them or keep them apart with never_merge_with")
            else:
                surfaces[key] = (rid, lineno)
    for rid, (others, lineno) in apart.items():
        for other in sorted(others):
            if other not in ids:
                problems.append(f"{path}:{lineno}: never_merge_with names {other!r}, which no entity has as id")
            elif rid not in apart[other][0]:
                problems.append(f"{path}:{lineno}: {rid!r} is kept apart from {other!r} but not the other way "
                                f"(line {ids[other]})")
    return problems


def load_registry(path: str | Path) -> Registry:
    """Load and check a registry; the first problem is raised as a :class:`DataError`."""
    path = Path(path)
    problems = check_registry(path)
    if problems:
        raise DataError(problems[0] + (f" (and {len(problems) - 1} more; see sygraph registry check)"
                                       if len(problems) > 1 else ""))
    entities, words, stop = [], [], set()
    for lineno, r in _rows(path):
        if r["kind"] == "stop":
            stop.add(r["name"])
        elif r["kind"] == "word":
            words.append((EntityType(r["type"]), r["name"]))
        else:
            entities.append(RegistryEntity(
                r["id"], EntityType(r["type"]), r["name"],
                tuple(a for a in r.get("aliases", "").split("|") if a), r.get("adcode", ""),
                tuple(x for x in r.get("never_merge_with", "").split("|") if x), lineno))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Registry(tuple(entities), tuple(words), frozenset(stop), digest)


def suggest_merges(kg) -> str:
    """Candidate merges in a built graph, as a registry the user edits and feeds back: the
    same normalised name under two types, a unit name that is another's with its place
    written in short (泸州军分区 / 泸州市军分区), and a name that ends another of the same type
    and head."""
    entities = kg.entities()
    lines = ["# Suggested by sygraph registry suggest. Edit: keep, change or delete each row, then",
             "# build with --registry. Rows of one suggestion share an id; the reason is above them.",
             "\t".join(COLUMNS)]
    seen: set[tuple[str, ...]] = set()

    def emit(reason: str, group: list) -> None:
        key = tuple(sorted(e.id for e in group))
        if key in seen:
            return
        seen.add(key)
        canonical = max(group, key=lambda e: (len(e.name), e.name))
        aliases = sorted({e.name for e in group if e.name != canonical.name} | {a for e in group for a in e.aliases})
        lines.append(f"# {reason}: {', '.join(e.name + ' (' + e.type.value + ')' for e in group)}")
        lines.append("\t".join(["entity", f"merge-{len(seen)}", canonical.type.value, canonical.name,
                                "|".join(aliases), canonical.attr("adcode"), ""]))

    by_name: dict[str, list] = {}
    for e in entities:
        by_name.setdefault(normalize(e.name), []).append(e)
    for name, group in sorted(by_name.items()):
        if len({e.type for e in group}) > 1:
            emit("same name under different types", group)
    table = divisions()
    full_of_short = {}
    for d in table:
        if d.level in (Level.CITY, Level.COUNTY):
            s = short_name(d.name, d.level)
            if s:
                full_of_short.setdefault(s, d.name)
    units = [e for e in entities if e.type is EntityType.UNIT]
    keys = {}
    for e in units:
        k = unit_key(e.name)
        for short, full in full_of_short.items():
            if k.startswith(full):
                k = short + k[len(full):]
                break
        keys.setdefault(k, []).append(e)
    for k, group in sorted(keys.items()):
        if len(group) > 1:
            emit("one unit written with a full and a short place name", group)
    for e in units:
        for other in units:
            if other.id != e.id and len(e.name) >= 4 and other.name.endswith(e.name) and other.name != e.name:
                emit("a name that ends another unit's", [other, e])
    return "\n".join(lines) + "\n"
