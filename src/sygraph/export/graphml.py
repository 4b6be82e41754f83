"""GraphML export and import.

GraphML values must be scalars, so ``aliases`` is written as a JSON array string; nodes
and edges are written in sorted order so that the same graph gives the same bytes. XML 1.0
forbids most control characters: they are removed from every value.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..errors import ExportError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["generate_graphml", "read_graphml"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value):
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    return value


def _flat(data: dict) -> dict:
    out = {}
    for k, v in sorted(data.items()):
        if isinstance(v, (list, tuple)):
            v = json.dumps(sorted(v), ensure_ascii=False)
        if v is None:
            continue
        out[k] = _clean(v)
    return out


def generate_graphml(kg: KnowledgeGraph) -> bytes:
    """The graph as GraphML bytes (UTF-8), nodes and edges in sorted order."""
    flat = nx.MultiDiGraph()
    flat.graph.update(_flat(kg.graph.graph))  # build metadata (the registry's hash)
    for n in sorted(kg.graph.nodes):
        flat.add_node(n, **_flat(kg.graph.nodes[n]))
    for u, v, k, d in kg.edges():
        flat.add_edge(u, v, key=k, **_flat(d))
    buf = io.BytesIO()
    nx.write_graphml_xml(flat, buf, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buf.getvalue()


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """A GraphML file written by sygraph, with ``aliases`` back as lists."""
    try:
        g = nx.read_graphml(path, force_multigraph=True)
    except Exception as err:  # networkx raises several types for bad files
        raise ExportError(f"{path}: not a readable GraphML file ({err})") from err
    if not isinstance(g, nx.MultiDiGraph):
        g = nx.MultiDiGraph(g)
    for _, d in g.nodes(data=True):
        raw = d.get("aliases", "[]")
        try:
            d["aliases"] = json.loads(raw) if isinstance(raw, str) else list(raw)
        except ValueError:
            d["aliases"] = [raw]
    return g
