"""CSV tables of the whole graph, in the form ``neo4j-admin database import`` reads.

``generate_csv(kg)`` gives three files:

- ``nodes.csv``, a node file: every node (entities and articles) with every attribute the
  GraphML gives it;
- ``edges.csv``, a relationship file: one row per typed relation (head, relation, tail)
  with ``count``, ``articles``, ``confidence``, ``inferred`` and ``evidence``, as in the
  GraphML, and the ``mentioned_in`` (``count``) and ``co_occurs_with`` (``weight``) edges;
- ``statements.csv``, a second relationship file: one ``STATEMENT`` relationship from head
  to tail per statement of a typed relation (the GraphML's ``statements``), with its
  ``relation``, its article, sentence, offsets, confidence, role or source, and the
  ``relation_id`` of its row in ``edges.csv``.

Headers follow neo4j's import conventions: ``id:ID`` and ``:LABEL`` for nodes,
``:START_ID``, ``:END_ID`` and ``:TYPE`` for relationships, typed columns (``count:int``,
``confidence:float``, ``inferred:boolean``) and arrays (``aliases:string[]``) with ``;``
between values (neo4j's default array delimiter; a ``;`` inside a value is written ``；``).
An empty cell is a property the element does not have. Any attribute beyond the known ones
gets a column of its own, typed from its values. Rows are sorted, so the same graph gives
the same bytes::

    neo4j-admin database import full --nodes=nodes.csv \\
        --relationships=edges.csv --relationships=statements.csv --multiline-fields=true neo4j

pandas users are better served by :func:`sygraph.frames.to_pandas` than by these headers.
"""
from __future__ import annotations

import csv
import io

from ..graph import UNTYPED, GraphData
from ..ids import relation_id, statement_id
from .graphml import _clean

__all__ = ["generate_csv", "generate_tables", "NODE_COLUMNS", "EDGE_COLUMNS", "STATEMENT_COLUMNS", "FILES",
           "ARRAY_DELIMITER", "STATEMENT_TYPE"]

FILES = ("nodes.csv", "edges.csv", "statements.csv")
ARRAY_DELIMITER = ";"
STATEMENT_TYPE = "STATEMENT"

# (header, attribute): the attribute's value fills the column
NODE_COLUMNS = ("id:ID", ":LABEL", "label", "type", "iri", "aliases:string[]", "adcode", "level",
                "inferred:boolean", "source", "title", "published", "publisher", "url", "home", "copies:string[]",
                "copy_urls:string[]", "copy_of", "body")
EDGE_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "id", "relation", "count:int", "articles:string[]",
                "confidence:float", "inferred:boolean", "evidence", "article", "weight:int")
STATEMENT_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "id", "relation_id", "relation", "article", "evidence",
                     "start:int", "end:int", "confidence:float", "inferred:boolean", "role", "source")


def _name(header: str) -> str:
    return header.partition(":")[0]


def _array(values) -> str:
    return ARRAY_DELIMITER.join(_clean(str(v)).replace(ARRAY_DELIMITER, "；") for v in values)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return _array(sorted(str(v) for v in value))  # sorted, as the GraphML's JSON arrays are
    if isinstance(value, float):
        return repr(value)
    return _clean(str(value))


def _neo4j_type(values: list) -> str:
    """The header type of an attribute beyond the known ones, from the values it takes."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return ":boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return ":int"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return ":float"
    if present and all(isinstance(v, (list, tuple)) for v in present):
        return ":string[]"
    return ""


def _extras(records: list[dict], known: set[str]) -> list[tuple[str, str]]:
    """(header, attribute) for attributes not among ``known``, sorted by name."""
    names = sorted({k for r in records for k in r} - known)
    return [(name + _neo4j_type([r.get(name) for r in records]), name) for name in names]


def _write(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _nodes(kg: GraphData) -> bytes:
    nodes = [(n, kg.graph.nodes[n]) for n in sorted(kg.graph.nodes)]
    known = {_name(h) for h in NODE_COLUMNS[2:]}
    extras = _extras([d for _, d in nodes], known)
    rows = []
    for n, d in nodes:
        label = str(d.get("type", "")).capitalize()
        rows.append([_cell(n), label, *(_cell(d.get(_name(h))) for h in NODE_COLUMNS[2:]),
                     *(_cell(d.get(attr)) for _, attr in extras)])
    return _write([*NODE_COLUMNS, *(h for h, _ in extras)], rows)


def _relations(kg: GraphData) -> tuple[bytes, bytes]:
    records: list[tuple[str, str, dict]] = []  # (start, end, attributes of the edge)
    for u, v, _, d in kg.edges():
        if d.get("relation") in UNTYPED:
            records.append((u, v, dict(d)))
    statements: list[tuple[str, str, dict]] = []
    for u, rel, v, agg in kg.triples():
        rid = relation_id(u, rel, v)
        records.append((u, v, {"id": rid, "relation": rel, **{k: x for k, x in agg.items() if k != "statements"}}))
        for st in agg["statements"]:
            statements.append((u, v, {"id": statement_id(u, rel, v, st), "relation_id": rid, "relation": rel, **st}))
    records.sort(key=lambda r: (r[0], r[1], r[2]["relation"], str(r[2].get("article", ""))))

    def table(columns: tuple[str, ...], rows: list[tuple[str, str, dict]], type_of) -> bytes:
        known = {_name(h) for h in columns[3:]}
        extras = _extras([d for *_, d in rows], known)
        out = [[_cell(u), _cell(v), type_of(d), *(_cell(d.get(_name(h))) for h in columns[3:]),
                *(_cell(d.get(attr)) for _, attr in extras)] for u, v, d in rows]
        return _write([*columns, *(h for h, _ in extras)], out)

    edges = table(EDGE_COLUMNS, records, lambda d: str(d["relation"]).upper())
    return edges, table(STATEMENT_COLUMNS, statements, lambda d: STATEMENT_TYPE)


def generate_csv(kg: GraphData) -> dict[str, bytes]:
    """``nodes.csv``, ``edges.csv`` and ``statements.csv`` as UTF-8 bytes, rows sorted."""
    edges, statements = _relations(kg)
    return {"nodes.csv": _nodes(kg), "edges.csv": edges, "statements.csv": statements}


def generate_tables(kg: GraphData) -> tuple[bytes, bytes]:
    """(nodes.csv, edges.csv) as UTF-8 bytes; :func:`generate_csv` adds ``statements.csv``."""
    files = generate_csv(kg)
    return files["nodes.csv"], files["edges.csv"]
