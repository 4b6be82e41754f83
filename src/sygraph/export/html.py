"""An interactive view of the graph in one self-contained HTML file.

The drawing engine is vis-network, taken from the pyvis package installed with sygraph and
inlined into the page when the view is written: no CDN, no server, the JavaScript and the
data inside the file. The page colours nodes by type and sizes them by degree, labels edges
by relation (co-occurrence dashed and light), and offers a search box (names and aliases),
filters by type and relation, a focus mode for one entity's neighbourhood, and a panel with
the clicked entity's type, aliases, code, hierarchy, relations with their evidence, and
articles (or the clicked edge's evidence).
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from .graphml import _clean

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["generate_html", "vis_network_assets"]


def vis_network_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of vis-network from the installed pyvis package, found without
    importing pyvis (which would import IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("the HTML view needs pyvis installed (it carries vis-network): pip install pyvis")
    root = Path(list(spec.submodule_search_locations)[0]) / "lib"
    folders = sorted(root.glob("vis-*/vis-network.min.js"))
    if not folders:
        raise ExportError(f"{root}: no vis-network in the installed pyvis")
    js = folders[-1]
    css = js.with_name("vis-network.css")
    return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8") if css.is_file() else ""


def _data(kg: KnowledgeGraph) -> dict:
    from ..graph import CO_OCCURS_WITH, MENTIONED_IN

    g = kg.graph
    articles: dict[str, list[str]] = {}
    for u, v, d in g.edges(data=True):
        if d.get("relation") == MENTIONED_IN:
            a = g.nodes[v]
            articles.setdefault(u, []).append(f"{a.get('published', '')[:10]} {a.get('title') or a['source']}".strip())
    nodes = []
    for n in sorted(g.nodes):
        d = g.nodes[n]
        nodes.append({"id": n, "label": _clean(d.get("label", "")), "type": d["type"],
                      "aliases": [_clean(a) for a in d.get("aliases", [])], "adcode": d.get("adcode", ""),
                      "level": d.get("level", ""), "articles": sorted(articles.get(n, []))})
    edges = []
    for u, v, _, d in kg.edges():
        rel = d["relation"]
        edges.append({"from": u, "to": v, "relation": rel, "typed": rel not in (MENTIONED_IN, CO_OCCURS_WITH),
                      "evidence": _clean(d.get("evidence", "")), "article": _clean(d.get("article", "")),
                      "source": d.get("source", ""), "weight": d.get("weight", 0)})
    return {"nodes": nodes, "edges": edges}


def generate_html(kg: KnowledgeGraph, title: str = "sygraph · 双拥知识图谱") -> bytes:
    """The view as UTF-8 bytes (deterministic: nodes and edges in sorted order)."""
    template = resources.files("sygraph").joinpath("templates/view.html").read_text(encoding="utf-8")
    js, css = vis_network_assets()
    # JSON inside <script>: "</" must not close the element, whatever a name holds
    data = json.dumps(_data(kg), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    parts = {"__TITLE__": html.escape(title), "__VIS_CSS__": css, "__DATA__": data,
             "__VIS_JS__": js.replace("</script", "<\\/script")}
    # one pass, so that nothing a name holds is taken for a placeholder
    page = re.sub("|".join(parts), lambda m: parts[m.group()], template)
    return page.encode("utf-8")
