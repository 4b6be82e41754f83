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

__all__ = ["generate_graphml", "stream_graphml", "read_graphml"]

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
    buf = io.BytesIO()
    stream_graphml(kg, {"sygraph.graphml": buf})
    return buf.getvalue()


def write_graphml(kg: GraphData) -> dict[str, bytes]:
    """The registry's writer: ``sygraph.graphml``."""
    return {"sygraph.graphml": generate_graphml(kg)}


# -- the streaming writer ------------------------------------------------------------------
# It writes the bytes networkx's ``write_graphml_xml(prettyprint=True, named_key_ids=False)``
# wrote of a flattened copy of the graph, without the copy or an element tree: keys are
# numbered in the order networkx meets them (graph, nodes, edges) and declared newest first,
# data are escaped as ElementTree escapes them, edges come in the copy's adjacency order.

_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing."
         "org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">")
# networkx's names for the Python types a flattened value can have
_XML_TYPE = {str: "string", int: "long", float: "double", bool: "boolean"}


_NETWORKX_KEYS = ("node_default", "edge_default", "id")  # "id" is the graph element's id


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    text = _text(text)
    for ch, ref in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if ch in text:
            text = text.replace(ch, ref)
    return text


def _elements(kg: GraphData, full: bool = True):
    """The flattened graph, node by node and edge by edge as networkx's copy held it:
    ("graph", None, attrs), ("node", id, attrs), ("edge", (u, v, key), attrs). Without
    ``full``, ``statements`` is "" (the pass that only numbers the keys)."""
    g = kg.graph
    # what networkx's reader adds (node_default, edge_default) networkx's writer leaves out
    yield "graph", None, {k: v for k, v in _flat(g.graph).items() if k not in _NETWORKX_KEYS}
    nodes = sorted(g.nodes)
    for n in nodes:
        yield "node", n, _flat(g.nodes[n])
    # the copy's edges: by head in node order, then by tail in the order its first edge to the
    # head was added (the untyped edges, then the triples), then by key in the order added
    order: dict[str, dict[str, dict]] = {}
    for u, v, k, d in kg.edges():
        if d.get("relation") in UNTYPED:
            order.setdefault(u, {}).setdefault(v, {})[k] = d
    typed = {(u, d["relation"], v) for u, v, _, d in kg.edges() if d.get("relation") not in UNTYPED}
    for u, rel, v in sorted(typed):
        order.setdefault(u, {}).setdefault(v, {}).setdefault(rel, None)
    del typed
    triples = iter(kg.triples())
    pending = next(triples, None)
    for u in nodes:
        by_tail = order.pop(u, None)
        if by_tail is None:
            continue
        aggregates = {}
        while pending is not None and pending[0] == u:
            aggregates[(pending[2], pending[1])] = pending[3]
            pending = next(triples, None)
        for v, keys in by_tail.items():
            for k, d in keys.items():
                if d is not None:
                    yield "edge", (u, v, k), _flat(d)
                    continue
                agg = aggregates.pop((v, k))
                stated = agg.pop("statements")
                attrs = {"relation": k, **_flat(agg)}
                if full:
                    attrs["statements"] = json.dumps([{key: _clean(x) for key, x in sorted(st.items())}
                                                      for st in stated], ensure_ascii=False, sort_keys=True)
                else:
                    attrs["statements"] = ""
                yield "edge", (u, v, k), attrs


def _type_of(value) -> str:
    try:
        return _XML_TYPE[type(value)]
    except KeyError:
        raise ExportError(f"GraphML cannot hold the value {value!r} ({type(value).__name__})") from None


def stream_graphml(kg: GraphData, files: dict) -> None:
    """The streaming writer: the GraphML of ``kg`` into ``files["sygraph.graphml"]``, a binary
    file, as :func:`generate_graphml` gives it, with no copy of the graph held."""
    keys: dict[tuple[str, str, str], str] = {}
    for scope, _, attrs in _elements(kg, full=False):
        for name, value in attrs.items():
            keys.setdefault((str(name), _type_of(value), scope), f"d{len(keys)}")
    out = files["sygraph.graphml"]
    chunk: list[str] = [_HEAD]
    for (name, kind, scope), key in reversed(keys.items()):
        chunk.append(f'\n  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" attr.type="{kind}" />')
    size = 0

    def data(attrs, scope, indent):
        for name, value in attrs.items():
            key, text = keys[(str(name), _type_of(value), scope)], str(value)
            chunk.append(f'{indent}<data key="{key}">{_text(text)}</data>' if text else f'{indent}<data key="{key}" />')

    graph_id = _flat(kg.graph.graph).get("id")
    graph_tag = '\n  <graph edgedefault="directed"' + (f' id="{_attr(str(graph_id))}"' if graph_id is not None else "")
    graph_data, opened = None, False
    for scope, ident, attrs in _elements(kg):
        if scope == "graph":
            graph_data = attrs  # networkx appends the graph's data after its edges
            continue
        if not opened:
            chunk.append(graph_tag + ">")
            opened = True
        if scope == "node":
            tag = f'\n    <node id="{_attr(str(ident))}"'
            end = "</node>"
        else:
            u, v, k = ident
            tag = f'\n    <edge source="{_attr(str(u))}" target="{_attr(str(v))}" id="{_attr(str(k))}"'
            end = "</edge>"
        if attrs:
            chunk.append(tag + ">")
            data(attrs, scope, "\n      ")
            chunk.append("\n    " + end)
        else:
            chunk.append(tag + " />")
        size += 1
        if size >= 1000:
            out.write("".join(chunk).encode("utf-8", "xmlcharrefreplace"))
            chunk.clear()
            size = 0
    if graph_data:
        if not opened:
            chunk.append(graph_tag + ">")
            opened = True
        data(graph_data, "graph", "\n    ")
    chunk.append("\n  </graph>\n</graphml>\n" if opened else graph_tag + " />\n</graphml>\n")
    out.write("".join(chunk).encode("utf-8", "xmlcharrefreplace"))


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
