"""The graph as tables: pandas DataFrames, and the rows that Parquet and CSV share.

``to_pandas(kg)`` gives a dict of DataFrames by name; ``to_pandas(kg, "relations")`` one of
them. pandas is an optional extra (``pip install 'sygraph[pandas]'``); the plain rows
(:func:`columns`) need nothing beyond the standard library.

=================  ==================================================================
table              one row per
=================  ==================================================================
``entities``       entity (place, unit, person, program), sorted by type, name, id
``relations``      typed relation (head, relation, tail), however often it is stated
``statements``     statement of a typed relation: a sentence, or the division table
``articles``       article, sorted by source
``mentions``       (entity, article) pair: the article names the entity ``count`` times
``co_occurrences`` pair of entities named in the same sentences (``weight`` sentences)
=================  ==================================================================

Dtypes are fixed, whatever the rows: text is pandas' ``string`` dtype (a value the graph
does not have, or an empty one, is ``<NA>``, so division codes are never floats), counts
and offsets are ``int64`` (a statement from the division table has ``start`` and ``end``
-1), confidences ``float64``, flags ``bool``, and lists (aliases, articles) are Python lists
of strings.

Examples
--------
>>> import sygraph
>>> kg = sygraph.build_texts({"a.txt": "泸州军分区帮扶古蔺县太平镇九龙村。"})
>>> rel = to_pandas(kg, "relations")
>>> rel.loc[rel.relation == "assists", ["head_name", "tail_name", "count"]].values.tolist()
[['泸州军分区', '九龙村', 1]]
>>> str(to_pandas(kg, "entities").adcode.dtype)
'string'
"""
from __future__ import annotations

from .errors import ExportError
from .graph import CO_OCCURS_WITH, ENTITY_TYPES, MENTIONED_IN, GraphData
from .ids import relation_id, statement_id

__all__ = ["to_pandas", "columns", "SCHEMAS", "TABLES", "relation_id", "statement_id", "entity_stats"]

# kinds: "string" (text, None where absent), "int" (int64), "float" (float64), "bool",
# "list" (a list of strings)
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "entities": (("id", "string"), ("name", "string"), ("type", "string"), ("iri", "string"),
                 ("aliases", "list"), ("adcode", "string"), ("level", "string"), ("inferred", "bool"),
                 ("mention_count", "int"), ("article_count", "int")),
    "relations": (("id", "string"), ("head_id", "string"), ("head_name", "string"), ("relation", "string"),
                  ("tail_id", "string"), ("tail_name", "string"), ("count", "int"), ("articles", "list"),
                  ("confidence", "float"), ("inferred", "bool"), ("evidence", "string")),
    "statements": (("id", "string"), ("relation_id", "string"), ("head_id", "string"), ("relation", "string"),
                   ("tail_id", "string"), ("article", "string"), ("evidence", "string"), ("start", "int"),
                   ("end", "int"), ("confidence", "float"), ("inferred", "bool"), ("role", "string"),
                   ("source", "string")),
    "articles": (("id", "string"), ("source", "string"), ("title", "string"), ("published", "string"),
                 ("publisher", "string"), ("url", "string"), ("home", "string"), ("iri", "string"),
                 ("copies", "list"), ("copy_urls", "list"), ("copy_of", "string"), ("body", "string")),
    "mentions": (("entity_id", "string"), ("article_id", "string"), ("article", "string"), ("count", "int")),
    "co_occurrences": (("a", "string"), ("b", "string"), ("weight", "int")),
}
TABLES = tuple(SCHEMAS)

_PANDAS_DTYPES = {"string": "string", "int": "int64", "float": "float64", "bool": "bool", "list": object}


def _text(value) -> str | None:
    """A text cell: None for a value the graph does not have (absent, None or empty)."""
    if value is None:
        return None
    value = str(value)
    return value or None


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def entity_stats(kg: GraphData) -> dict[str, tuple[int, list[str]]]:
    """For each node with mentions: (mentions in all articles, sorted sources naming it)."""
    out: dict[str, tuple[int, list[str]]] = {}
    for u, v, _, d in kg.edges():
        if d.get("relation") == MENTIONED_IN:
            count, sources = out.get(u, (0, []))
            source = d.get("article") or kg.graph.nodes[v].get("source", "")
            out[u] = (count + int(d.get("count", 1)), sorted({*sources, source}))
    return out


def _entity_nodes(kg: GraphData) -> list[tuple[str, dict]]:
    """Entity nodes sorted as ``kg.entities()`` sorts them (type, name, id)."""
    nodes = [(n, d) for n, d in kg.graph.nodes(data=True) if d.get("type") in ENTITY_TYPES]
    return sorted(nodes, key=lambda nd: (nd[1]["type"], nd[1].get("label", ""), nd[0]))


def _article_nodes(kg: GraphData) -> list[tuple[str, dict]]:
    nodes = [(n, d) for n, d in kg.graph.nodes(data=True) if d.get("type") == "article"]
    return sorted(nodes, key=lambda nd: (nd[1].get("source", ""), nd[0]))


def _rows(kg: GraphData, name: str) -> list[dict]:
    g = kg.graph
    if name == "entities":
        stats = entity_stats(kg)
        return [{"id": n, "name": d.get("label", ""), "type": d["type"], "iri": d.get("iri"),
                 "aliases": sorted(d.get("aliases", ())), "adcode": d.get("adcode"), "level": d.get("level"),
                 "inferred": _flag(d.get("inferred", False)),
                 "mention_count": stats.get(n, (0, []))[0], "article_count": len(stats.get(n, (0, []))[1])}
                for n, d in _entity_nodes(kg)]
    if name == "relations":
        return [{"id": relation_id(u, rel, v), "head_id": u, "head_name": g.nodes[u].get("label", ""),
                 "relation": rel, "tail_id": v, "tail_name": g.nodes[v].get("label", ""), "count": agg["count"],
                 "articles": agg["articles"], "confidence": agg["confidence"], "inferred": agg["inferred"],
                 "evidence": agg["evidence"]}
                for u, rel, v, agg in kg.triples()]
    if name == "statements":
        return [{"id": statement_id(u, rel, v, st), "relation_id": relation_id(u, rel, v), "head_id": u,
                 "relation": rel, "tail_id": v, "article": st.get("article"), "evidence": st.get("evidence"),
                 "start": int(st.get("start", -1)), "end": int(st.get("end", -1)),
                 "confidence": float(st.get("confidence", 1.0)), "inferred": _flag(st.get("inferred", False)),
                 "role": st.get("role"), "source": st.get("source")}
                for u, rel, v, agg in kg.triples() for st in agg["statements"]]
    if name == "articles":
        return [{"id": n, "source": d.get("source"), "title": d.get("title"), "published": d.get("published"),
                 "publisher": d.get("publisher"), "url": d.get("url"), "home": d.get("home"), "iri": d.get("iri"),
                 "copies": list(d.get("copies", ())), "copy_urls": list(d.get("copy_urls", ())),
                 "copy_of": d.get("copy_of"), "body": d.get("body")}
                for n, d in _article_nodes(kg)]
    if name == "mentions":
        rows = [{"entity_id": u, "article_id": v, "article": d.get("article") or g.nodes[v].get("source"),
                 "count": int(d.get("count", 1))}
                for u, v, _, d in kg.edges() if d.get("relation") == MENTIONED_IN]
        return sorted(rows, key=lambda r: (r["entity_id"], r["article"] or "", r["article_id"]))
    if name == "co_occurrences":
        return [{"a": u, "b": v, "weight": int(d.get("weight", 1))}
                for u, v, _, d in kg.edges() if d.get("relation") == CO_OCCURS_WITH]
    raise ExportError(f"unknown table {name!r}; choose from {', '.join(TABLES)}")


def _convert(kind: str, value):
    if kind == "string":
        return _text(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return _flag(value)
    return [str(x) for x in value]


def columns(kg: GraphData, name: str) -> dict[str, list]:
    """One table as plain Python columns (name -> values), typed as :data:`SCHEMAS` says."""
    rows = _rows(kg, name)
    return {col: [_convert(kind, r[col]) for r in rows] for col, kind in SCHEMAS[name]}


def _pandas():
    try:
        import pandas
    except ImportError as err:
        raise ExportError("DataFrames need pandas: pip install 'sygraph[pandas]'") from err
    return pandas


def to_pandas(kg: GraphData, table: str | None = None):
    """The graph as pandas DataFrames: one table by name, or (``table=None``) a dict of
    every table (:data:`TABLES`), each with fixed dtypes and a plain ``RangeIndex``."""
    if table is not None and table not in SCHEMAS:
        raise ExportError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    pd = _pandas()

    def frame(name: str):
        data = columns(kg, name)
        return pd.DataFrame({col: pd.Series(data[col], dtype=_PANDAS_DTYPES[kind])
                             for col, kind in SCHEMAS[name]})

    if table is not None:
        return frame(table)
    return {name: frame(name) for name in TABLES}
