"""The span-annotated corpus: read, validate, fold and convert (see ``docs/corpus.md``).

One JSON record per article in ``corpus/annotations.jsonl``. The article text is not in the
project: each record names its file relative to the ``shared`` folder and carries the SHA-256 of
the file's bytes, so a record can be checked against the text it was made on. Offsets count
characters of the file decoded as UTF-8; line numbers are 1-based, counted on ``\\n``.

A record::

    {"file": "corpus/c001.txt", "sha256": "…", "fold": 3, "annotator": "A",
     "body_lines": [[6, 6], [8, 21]], "title": "…", "published": "2017-01-30", "source": "…",
     "entities": [{"id": "e1", "name": "云南省", "type": "place", "aliases": ["云南"]}, …],
     "mentions": [{"entity": "e1", "start": 120, "end": 123, "text": "云南省"}, …],
     "relations": [{"head": "e3", "relation": "assists", "tail": "e7", "role": "",
                    "evidence": {"start": 300, "end": 331, "text": "…"}}, …],
     "negatives": ["大中华网"]}
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .errors import DataError, InputError
from .model import EntityType
from .terms import RelationType

__all__ = ["ENTITY_TYPES", "RELATION_TYPES", "FOLDS", "read_annotations", "read_bio", "validate", "body_line_set",
           "to_gold", "line_starts"]

ENTITY_TYPES = tuple(t.value for t in EntityType)
RELATION_TYPES = tuple(r.value for r in RelationType)
FOLDS = 5


def read_annotations(path: str | Path) -> list[dict]:
    """The records of an annotations file, in file order.

    A line that is not a JSON object is a :class:`DataError` naming the file and line.
    """
    path = Path(path)
    out = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror or err})") from err
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            raise DataError(f"{path}:{lineno}: not a JSON record ({err})") from err
        if not isinstance(record, dict):
            raise DataError(f"{path}:{lineno}: not a JSON object")
        out.append(record)
    return out


def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts (lines split on ``\\n``)."""
    starts, pos = [0], 0
    while (pos := text.find("\n", pos)) >= 0:
        pos += 1
        starts.append(pos)
    return starts


def body_line_set(record: dict) -> set[int]:
    """The 1-based numbers of the lines annotated as the article."""
    return {n for lo, hi in record["body_lines"] for n in range(lo, hi + 1)}


def validate(record: dict, data: bytes) -> list[str]:
    """Problems of one record against the bytes of its file; empty when it is sound.

    Examples
    --------
    >>> text = "标题\\n某县人武部慰问老兵张明。"
    >>> rec = {"file": "x.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(), "body_lines": [[1, 2]],
    ...        "entities": [{"id": "e1", "name": "某县人武部", "type": "unit"}],
    ...        "mentions": [{"entity": "e1", "start": 3, "end": 8, "text": "某县人武部"}],
    ...        "relations": [{"head": "e1", "relation": "assists", "tail": "e2",
    ...                       "evidence": {"start": 3, "end": 14, "text": "某县人武部慰问老兵张明"}}]}
    >>> validate(rec, text.encode())
    ['x.txt: relation 0 names tail e2, which is no entity']
    """
    name = record.get("file", "?")
    problems: list[str] = []
    if hashlib.sha256(data).hexdigest() != record.get("sha256"):
        return [f"{name}: the file's SHA-256 differs from the annotated one (the file changed)"]
    text = data.decode("utf-8")
    n_lines = len(line_starts(text))
    for r in record.get("body_lines", []):
        if not (isinstance(r, list) and len(r) == 2 and 1 <= r[0] <= r[1] <= n_lines):
            problems.append(f"{name}: body line range {r} is outside 1..{n_lines}")
    ids = set()
    for e in record.get("entities", []):
        types = e.get("types") or [e.get("type")]
        if e.get("id") in ids:
            problems.append(f"{name}: entity id {e.get('id')} appears twice")
        ids.add(e.get("id"))
        if not set(types) <= set(ENTITY_TYPES):
            problems.append(f"{name}: entity {e.get('id')} has type {types}, not in {ENTITY_TYPES}")
        if not e.get("name"):
            problems.append(f"{name}: entity {e.get('id')} has no name")
    for m in record.get("mentions", []):
        if m.get("entity") not in ids:
            problems.append(f"{name}: mention {m} names no entity")
        elif text[m["start"]: m["end"]] != m["text"]:
            problems.append(f"{name}: mention {m['text']!r} at {m['start']} reads {text[m['start']: m['end']]!r}")
    for i, r in enumerate(record.get("relations", [])):
        if r.get("relation") not in RELATION_TYPES:
            problems.append(f"{name}: relation {i} is {r.get('relation')!r}, not in the vocabulary")
        for end in ("head", "tail"):
            if r.get(end) not in ids:
                problems.append(f"{name}: relation {i} names {end} {r.get(end)}, which is no entity")
        ev = r.get("evidence") or {}
        if text[ev.get("start", 0): ev.get("end", 0)] != ev.get("text") or not ev.get("text"):
            problems.append(f"{name}: relation {i}'s evidence does not read as annotated")
    return problems


def to_gold(record: dict) -> dict:
    """The record as a ``*.gold.json`` document, the form ``score_gold.py`` reads.

    Every written form of an entity becomes an alias, so the scorer accepts each.
    """
    written: dict[str, list[str]] = {}
    for m in record.get("mentions", []):
        forms = written.setdefault(m["entity"], [])
        if m["text"] not in forms:
            forms.append(m["text"])
    names = {e["id"]: e["name"] for e in record["entities"]}
    entities = []
    for e in record["entities"]:
        aliases = [a for a in [*written.get(e["id"], []), *e.get("aliases", [])] if a != e["name"]]
        out = {"name": e["name"]}
        if e.get("types"):
            out["types"] = list(e["types"])
        else:
            out["type"] = e["type"]
        if aliases:
            out["aliases"] = list(dict.fromkeys(aliases))
        if e.get("optional"):
            out["optional"] = True
        entities.append(out)
    relations = []
    for r in record.get("relations", []):
        rel = {"head": names[r["head"]], "relation": r["relation"], "tail": names[r["tail"]]}
        if rel not in relations:
            relations.append(rel)
    return {"article": Path(record["file"]).name, "title": record.get("title", ""),
            "published": record.get("published") or "", "source": record.get("source") or "",
            "entities": entities, "relations": relations, "negatives": list(record.get("negatives", []))}


def read_bio(path: str | Path) -> list[tuple[str, list[str]]]:
    """Sentences of a character-per-line BIO file (a character and its tag on each line, a
    blank line between sentences): each as its text and one tag a character. A line that is not
    a character and a tag is an :class:`~sygraph.errors.InputError` naming the file and line.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "x.bio"
    >>> _ = f.write_text("李 B-PER\\n明 I-PER\\n好 O\\n\\n县 B-LOC\\n", encoding="utf-8")
    >>> read_bio(f)
    [('李明好', ['B-PER', 'I-PER', 'O']), ('县', ['B-LOC'])]
    """
    sentences: list[tuple[str, list[str]]] = []
    chars: list[str] = []
    tags: list[str] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read BIO file ({err})") from err
    for lineno, line in enumerate([*lines, ""], 1):
        if not line.strip():
            if chars:
                sentences.append(("".join(chars), tags))
            chars, tags = [], []
            continue
        parts = line.split()
        if len(parts) != 2:
            raise InputError(f"{path}:{lineno}: expected a character and a tag")
        chars.append(parts[0])
        tags.append(parts[1])
    return sentences
