"""GraphML export and import.

GraphML values must be scalars, so ``aliases`` is written as a JSON array string; nodes
and edges are written in sorted order so that the same graph gives the same bytes. XML 1.0
forbids most control characters: they are removed from every value.

A typed relation is one edge however often it is stated, keyed by its relation name: it
carries ``count``, ``articles`` (a JSON array), ``confidence`` (the highest), ``inferred``,
``evidence`` (the first stated sentence, for tools that show one) and ``statements``, a JSON
array of every statement with its article and offsets. Reading expands the statements back
into the in-memory graph's one edge per statement, so nothing is lost.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx

from ..errors import ExportError
from ..graph import UNTYPED, GraphData
from ..ids import DEFAULT_BASE_IRI, relation_key

__all__ = ["generate_graphml", "read_graphml"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# node attributes that are lists in memory and JSON arrays in the file, besides ``aliases``
LIST_KEYS = ("copies", "copy_urls")


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


def generate_graphml(kg: GraphData) -> bytes:
    """The graph as GraphML bytes (UTF-8), nodes and edges in sorted order."""
    flat = nx.MultiDiGraph()
    flat.graph.update(_flat(kg.graph.graph))  # build metadata (the registry's hash)
    for n in sorted(kg.graph.nodes):
        flat.add_node(n, **_flat(kg.graph.nodes[n]))
    for u, v, k, d in kg.edges():
        if d.get("relation") in UNTYPED:
            flat.add_edge(u, v, key=k, **_flat(d))
    for u, rel, v, agg in kg.triples():
        statements = [{k: _clean(x) for k, x in sorted(st.items())} for st in agg.pop("statements")]
        flat.add_edge(u, v, key=rel, relation=rel, **_flat(agg),
                      statements=json.dumps(statements, ensure_ascii=False, sort_keys=True))
    buf = io.BytesIO()
    nx.write_graphml_xml(flat, buf, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buf.getvalue()


def write_graphml(kg: GraphData) -> dict[str, bytes]:
    """The registry's writer: ``sygraph.graphml``."""
    return {"sygraph.graphml": generate_graphml(kg)}


def graph_from_graphml(path: str | Path) -> GraphData:
    """The graph in a GraphML file sygraph wrote, under the base its IRIs were minted in."""
    g = read_graphml(path)
    return GraphData(g, base_iri=_base_of(g))


def _base_of(g: nx.MultiDiGraph) -> str:
    """The base the nodes' IRIs were minted under (``<base><type>/<id>``)."""
    for n, d in sorted(g.nodes(data=True), key=lambda x: str(x[0])):
        iri, (kind, _, rest) = d.get("iri", ""), str(n).partition("-")
        tail = f"{kind}/{rest}"
        if rest and iri.endswith(tail) and len(iri) > len(tail):
            return iri[: -len(tail)]
    return DEFAULT_BASE_IRI


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """A GraphML file written by sygraph, with ``aliases`` back as lists."""
    try:
        g = nx.read_graphml(path, force_multigraph=True)
    except Exception as err:  # networkx raises several types for bad files
        raise ExportError(f"{path}: not a readable GraphML file ({err})") from err
    if not isinstance(g, nx.MultiDiGraph):
        g = nx.MultiDiGraph(g)
    for _, d in g.nodes(data=True):
        for key in ("aliases", *LIST_KEYS):
            if key not in d and key != "aliases":
                continue
            raw = d.get(key, "[]")
            try:
                d[key] = json.loads(raw) if isinstance(raw, str) else list(raw)
            except ValueError:
                d[key] = [raw]
    return _expand_statements(g, path)


def _expand_statements(g: nx.MultiDiGraph, path) -> nx.MultiDiGraph:
    """One in-memory edge per statement, from the one edge per relation of the file."""
    for u, v, k, d in list(g.edges(keys=True, data=True)):
        if "statements" not in d:
            continue
        try:
            statements = json.loads(d["statements"])
            if not isinstance(statements, list) or not all(isinstance(st, dict) for st in statements):
                raise ValueError("not a list of objects")
        except ValueError as err:
            raise ExportError(f"{path}: edge {u} -> {v}: statements are not a JSON list of objects ({err})") from err
        g.remove_edge(u, v, k)
        for st in statements:
            g.add_edge(u, v, key=relation_key(d["relation"], st), relation=d["relation"], **st)
    return g
