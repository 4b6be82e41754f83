"""Parquet tables in the shape of GraphRAG's index output, plus every statement.

``generate_parquet(kg)`` returns the bytes of ``entities.parquet``, ``relationships.parquet``,
``documents.parquet``, ``communities.parquet`` (GraphRAG's columns first, in GraphRAG's
order, then sygraph's own) and ``statements.parquet``. pyarrow is an optional extra
(``pip install 'sygraph[parquet]'``).

Each table has a fixed Arrow schema, rows in a fixed order and no timestamps, so the same
graph gives the same bytes (with the same pyarrow version, whose name the file records).
The graph keeps no article bodies and no chunks: an article is its own text unit, so
``text_unit_ids`` hold article ids (the ``id`` of ``documents.parquet``) and ``text`` is null.
"""
from __future__ import annotations

from ..algorithms import communities
from ..errors import ExportError
from ..frames import _article_nodes, _entity_nodes, _flag, entity_stats
from ..graph import GraphData
from ..ids import article_id, relation_id, statement_id

__all__ = ["generate_parquet", "FILES", "require_pyarrow"]

FILES = ("entities.parquet", "relationships.parquet", "documents.parquet", "communities.parquet",
         "statements.parquet")
DESCRIPTION_SENTENCES = 3  # an entity's description: up to this many sentences that state its relations


def require_pyarrow():
    """pyarrow, or one ExportError that says how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as err:
        raise ExportError("Parquet output needs pyarrow: pip install 'sygraph[parquet]'") from err
    return pyarrow


def _schemas(pa) -> dict:
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    strings = pa.list_(s)
    return {
        "entities.parquet": [
            ("id", s), ("human_readable_id", i), ("title", s), ("type", s), ("description", s),
            ("text_unit_ids", strings), ("frequency", i), ("degree", i),
            ("iri", s), ("aliases", strings), ("adcode", s), ("level", s), ("inferred", b), ("mentions", i)],
        "relationships.parquet": [
            ("id", s), ("human_readable_id", i), ("source", s), ("target", s), ("description", s),
            ("weight", f), ("combined_degree", i), ("text_unit_ids", strings),
            ("source_id", s), ("target_id", s), ("relation", s), ("count", i), ("articles", strings),
            ("confidence", f), ("inferred", b), ("evidence", s)],
        "documents.parquet": [
            ("id", s), ("human_readable_id", i), ("title", s), ("text", s), ("text_unit_ids", strings),
            ("creation_date", s),
            ("metadata", pa.struct([("source", s), ("publisher", s), ("url", s), ("home", s),
                                    ("copies", strings), ("copy_urls", strings), ("copy_of", s)])),
            ("source", s), ("iri", s)],
        "communities.parquet": [
            ("id", s), ("human_readable_id", i), ("community", i), ("level", i), ("parent", i),
            ("children", pa.list_(i)), ("title", s), ("entity_ids", strings), ("relationship_ids", strings),
            ("text_unit_ids", strings), ("period", s), ("size", i)],
        "statements.parquet": [
            ("id", s), ("human_readable_id", i), ("relationship_id", s), ("head_id", s), ("relation", s),
            ("tail_id", s), ("document_id", s), ("article", s), ("evidence", s), ("start", i), ("end", i),
            ("confidence", f), ("inferred", b), ("role", s), ("source", s)],
    }


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def _rows(kg: GraphData) -> dict[str, list[dict]]:
    g = kg.graph
    triples = list(kg.triples())
    degree: dict[str, int] = {}
    said: dict[str, list[str]] = {}  # entity -> the distinct sentences stating its relations
    for u, _, v, agg in triples:
        for n in (u, v):
            degree[n] = degree.get(n, 0) + 1
            for st in agg["statements"]:
                if st.get("evidence") and st["evidence"] not in said.setdefault(n, []):
                    said[n].append(st["evidence"])
    stats = entity_stats(kg)
    out: dict[str, list[dict]] = {}

    out["entities.parquet"] = [
        {"id": n, "human_readable_id": k, "title": d.get("label", ""), "type": d["type"],
         "description": "".join(said.get(n, [])[:DESCRIPTION_SENTENCES]),
         "text_unit_ids": sorted(article_id(s) for s in stats.get(n, (0, []))[1]),
         "frequency": len(stats.get(n, (0, []))[1]), "degree": degree.get(n, 0),
         "iri": _text(d.get("iri")), "aliases": sorted(d.get("aliases", ())), "adcode": _text(d.get("adcode")),
         "level": _text(d.get("level")), "inferred": _flag(d.get("inferred", False)),
         "mentions": stats.get(n, (0, []))[0]}
        for k, (n, d) in enumerate(_entity_nodes(kg))]

    relationships, statements = [], []
    for k, (u, rel, v, agg) in enumerate(triples):
        rid = relation_id(u, rel, v)
        head, tail = g.nodes[u].get("label", ""), g.nodes[v].get("label", "")
        relationships.append({
            "id": rid, "human_readable_id": k, "source": head, "target": tail,
            "description": agg["evidence"] or f"{head} {rel} {tail}", "weight": float(agg["count"]),
            "combined_degree": degree.get(u, 0) + degree.get(v, 0),
            "text_unit_ids": sorted(article_id(s) for s in agg["articles"]),
            "source_id": u, "target_id": v, "relation": rel, "count": agg["count"], "articles": agg["articles"],
            "confidence": float(agg["confidence"]), "inferred": bool(agg["inferred"]),
            "evidence": _text(agg["evidence"])})
        for st in agg["statements"]:
            statements.append({
                "id": statement_id(u, rel, v, st), "human_readable_id": len(statements), "relationship_id": rid,
                "head_id": u, "relation": rel, "tail_id": v,
                "document_id": article_id(st["article"]) if st.get("article") else None,
                "article": _text(st.get("article")), "evidence": _text(st.get("evidence")),
                "start": int(st.get("start", -1)), "end": int(st.get("end", -1)),
                "confidence": float(st.get("confidence", 1.0)), "inferred": _flag(st.get("inferred", False)),
                "role": _text(st.get("role")), "source": _text(st.get("source"))})
    out["relationships.parquet"], out["statements.parquet"] = relationships, statements

    out["documents.parquet"] = [
        {"id": n, "human_readable_id": k, "title": _text(d.get("title")), "text": _text(d.get("body")),
         "text_unit_ids": [n], "creation_date": _text(d.get("published")),
         "metadata": {**{key: _text(d.get(key)) for key in ("source", "publisher", "url", "home")},
                      "copies": list(d.get("copies", ())), "copy_urls": list(d.get("copy_urls", ())),
                      "copy_of": _text(d.get("copy_of"))},
         "source": _text(d.get("source")), "iri": _text(d.get("iri"))}
        for k, (n, d) in enumerate(_article_nodes(kg))]

    groups = []
    for k, group in enumerate(communities(kg)):
        members = sorted(e.id for e in group)
        inside = set(members)
        groups.append({
            "id": f"community-{k}", "human_readable_id": k, "community": k, "level": 0, "parent": -1,
            "children": [], "title": f"Community {k}", "entity_ids": members,
            "relationship_ids": sorted(relation_id(u, rel, v) for u, rel, v, _ in triples
                                       if u in inside and v in inside),
            "text_unit_ids": sorted({article_id(s) for n in members for s in stats.get(n, (0, []))[1]}),
            "period": None, "size": len(members)})
    out["communities.parquet"] = groups
    return out


def generate_parquet(kg: GraphData) -> dict[str, bytes]:
    """The Parquet files by name, as bytes: the same graph, the same bytes."""
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    schemas, rows = _schemas(pa), _rows(kg)
    out = {}
    for name in FILES:
        schema = pa.schema(schemas[name])
        table = pa.Table.from_pylist(rows[name], schema=schema)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="snappy")
        out[name] = sink.getvalue().to_pybytes()
    return out
