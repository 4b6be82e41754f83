"""Node and edge CSV tables that pandas reads and ``neo4j-admin database import`` accepts.

Headers follow neo4j's import conventions: ``id:ID`` and ``:LABEL`` for nodes,
``:START_ID``, ``:END_ID`` and ``:TYPE`` for relationships, typed columns (``start:int``),
and ``aliases:string[]`` with ``;`` between values (neo4j's default array delimiter).
"""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from .graphml import _clean

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["generate_tables", "NODE_COLUMNS", "EDGE_COLUMNS"]

NODE_COLUMNS = ("id:ID", ":LABEL", "label", "type", "iri", "aliases:string[]", "adcode", "level",
                "source", "title", "published", "publisher")
EDGE_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "relation", "article", "evidence", "start:int", "end:int",
                "confidence:float", "inferred:boolean", "role", "count:int")


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else _clean(str(value))


def generate_tables(kg: KnowledgeGraph) -> tuple[bytes, bytes]:
    """(nodes.csv, edges.csv) as UTF-8 bytes, rows sorted by id."""
    nodes = io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(NODE_COLUMNS)
    for n in sorted(kg.graph.nodes):
        d = kg.graph.nodes[n]
        aliases = ";".join(a.replace(";", "；") for a in d.get("aliases", ()))
        w.writerow([n, d["type"].capitalize(), _cell(d.get("label")), d["type"], d["iri"], _cell(aliases),
                    *(_cell(d.get(k, "")) for k in ("adcode", "level", "source", "title", "published", "publisher"))])
    edges = io.StringIO()
    w = csv.writer(edges, lineterminator="\n")
    w.writerow(EDGE_COLUMNS)
    for u, v, _, d in kg.edges():
        w.writerow([u, v, d["relation"].upper(), d["relation"], _cell(d.get("article", "")),
                    _cell(d.get("evidence", "")), d.get("start", ""), d.get("end", ""), d.get("confidence", ""),
                    _cell(d.get("inferred", "")), _cell(d.get("role", "")), d.get("count", "")])
    return nodes.getvalue().encode("utf-8"), edges.getvalue().encode("utf-8")
