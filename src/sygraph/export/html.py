"""An interactive view of the graph in one self-contained HTML file.

The page draws the graph itself: sygraph's own small renderer (a canvas, a Barnes-Hut force
layout that settles and stops, pan, zoom, drag, hover and click) lives in the template, and
the data is a JSON element inside the page, so the file needs no server, no CDN and no
third-party code. The page colours nodes by type (each node's colour is in the data, from
:data:`TYPE_STYLES`) and sizes them by degree, labels edges by relation (co-occurrence dashed
and light), and offers a search box (names and aliases), filters by type and relation, a
focus mode for one entity's neighbourhood, and a panel with the clicked entity's type,
aliases, code, hierarchy, relations with their evidence, and articles (or the clicked
edge's evidence).
"""
from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import TYPE_CHECKING

from .graphml import _clean

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["generate_html", "embed_json", "view_data", "type_color", "TYPE_STYLES", "OTHER_COLOR"]

# type -> (legend name, colour): the one place the view's colours are decided
TYPE_STYLES = {
    "place": ("地点 place", "#2e7d32"),
    "unit": ("单位 unit", "#1565c0"),
    "person": ("人物 person", "#c62828"),
    "program": ("项目 program", "#ef6c00"),
    "article": ("文章 article", "#757575"),
}
# any other type a graph may carry (a graph loaded from elsewhere): one colour of our own,
# never a drawing library's palette
OTHER_COLOR = "#6d4c41"

# characters that could end the script element or start a comment in it (<, >, &), and the
# two line separators that older JavaScript engines reject in strings
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def type_color(type_: str) -> str:
    """The colour of a node type in the view."""
    return TYPE_STYLES[type_][1] if type_ in TYPE_STYLES else OTHER_COLOR


def embed_json(value) -> str:
    r"""JSON that is safe inside an HTML ``<script>`` element, whatever the strings hold.

    >>> print(embed_json({"name": "</script><!--<script>&\u2028"}))
    {"name":"\u003c/script\u003e\u003c!--\u003cscript\u003e\u0026\u2028"}
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # these characters only ever occur inside JSON strings, where \\uXXXX means the same
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def _text(value) -> str:
    """A string for the page: as GraphML keeps it, and encodable (no lone surrogates)."""
    return _clean(str(value)).encode("utf-8", "replace").decode("utf-8")


def _type(d: dict) -> str:
    t = d.get("type")
    t = getattr(t, "value", t)  # an EntityType put in by hand
    return _text(t) if t not in (None, "") else "other"


def view_data(kg: KnowledgeGraph) -> dict:
    """What the page embeds: ``nodes`` (with ``color``), ``edges`` and the legend's ``types``."""
    from ..graph import CO_OCCURS_WITH, MENTIONED_IN

    g = kg.graph
    articles: dict[str, list[str]] = {}
    for u, v, d in g.edges(data=True):
        if d.get("relation") == MENTIONED_IN:
            a = g.nodes[v]
            line = f"{str(a.get('published') or '')[:10]} {a.get('title') or a.get('source') or v}".strip()
            articles.setdefault(u, []).append(_text(line))
    nodes = []
    for n in sorted(g.nodes):
        d = g.nodes[n]
        t = _type(d)
        nodes.append({"id": _text(n), "label": _text(d.get("label") or n), "type": t, "color": type_color(t),
                      "aliases": [_text(a) for a in d.get("aliases") or []], "adcode": _text(d.get("adcode", "")),
                      "level": _text(d.get("level", "")), "articles": sorted(articles.get(n, []))})
    edges = []
    for u, v, _, d in kg.edges():
        rel = _text(d.get("relation", ""))
        edges.append({"from": _text(u), "to": _text(v), "relation": rel,
                      "typed": rel not in (MENTIONED_IN, CO_OCCURS_WITH),
                      "evidence": _text(d.get("evidence", "")), "article": _text(d.get("article", "")),
                      "source": _text(d.get("source", "")), "weight": d.get("weight", 0)})
    present = {n["type"] for n in nodes}
    types = [{"type": t, "name": name, "color": color} for t, (name, color) in TYPE_STYLES.items()]
    types += [{"type": t, "name": t, "color": OTHER_COLOR} for t in sorted(present - set(TYPE_STYLES))]
    return {"nodes": nodes, "edges": edges, "types": types}


def generate_html(kg: KnowledgeGraph, title: str = "sygraph · 双拥知识图谱") -> bytes:
    """The view as UTF-8 bytes (deterministic: nodes and edges in sorted order)."""
    template = resources.files("sygraph").joinpath("templates/view.html").read_text(encoding="utf-8")
    parts = {"__TITLE__": html.escape(title), "__DATA__": embed_json(view_data(kg))}
    # one pass, so that nothing a name holds is taken for a placeholder
    page = re.sub("|".join(parts), lambda m: parts[m.group()], template)
    return page.encode("utf-8")
