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

A graph larger than :data:`FULL_LIMIT` gets the *large* view (:func:`large_view_data`): the
overview draws the :data:`CAP` most connected entities, every entity is searchable, and the
neighbourhood of the one selected is drawn on demand from compact per-entity neighbour lists
embedded in the page; what the embedding drops is said in :func:`large_view_data`.
"""
from __future__ import annotations

import html
import json
import re
from importlib import resources

from ..graph import CO_OCCURS_WITH, MENTIONED_IN, GraphData
from ..ids import statement_order
from .graphml import _clean

__all__ = ["generate_html", "embed_json", "view_data", "full_view_data", "large_view_data", "overview_rank",
           "type_color", "TYPE_STYLES", "OTHER_COLOR", "CAP", "FULL_LIMIT"]

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


def full_view_data(kg: GraphData) -> dict:
    """The whole graph as the page embeds it: ``nodes`` (with ``color``), ``edges`` and the
    legend's ``types``."""
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
    return {"nodes": nodes, "edges": edges, "types": _legend({n["type"] for n in nodes})}


# -- the large view -------------------------------------------------------------------------
# A graph with more than FULL_LIMIT nodes or edges is embedded compactly (see large_view_data).
CAP = 2000  # entities the large view's overview draws: the most connected, by overview_rank
FULL_LIMIT = (3000, 60000)  # (nodes, edges), articles counted: at most this, the page embeds everything
K = 30  # typed relations each entity keeps for its neighbourhood: its strongest
CO_OVERVIEW = 5  # co-occurrence partners each overview entity keeps inside the overview
CO_ALONE = 1  # co-occurrence partners kept by an entity with no typed relation
EVIDENCE_CHARS = 80  # a sentence embedded in the large view is cut to this many characters
EVIDENCE_BYTES = 2_000_000  # and sentences are embedded, by priority, until they take this much
ARTICLES_SHOWN = 5  # articles listed for an overview entity
# the digits of the compact neighbour lists: printable ASCII that needs no escape in JSON
# (no quote or backslash) nor in the page (no <, > or &): 88 of them
ALPHABET = "".join(chr(c) for c in range(0x23, 0x7F) if chr(c) not in "&<>\\")
_B = len(ALPHABET)


def _digits(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, _B)
        out.append(ALPHABET[r])
    return "".join(reversed(out))


def _count(n: int) -> str:
    """A count: one digit below 87, else the last digit and four more."""
    return ALPHABET[n] if n < _B - 1 else ALPHABET[_B - 1] + _digits(n, 4)


# a relation's strength, its number of statements, in four steps: 1, 2, 3-9, 10 or more
STRENGTHS = (1, 2, 3, 10)


def _strength(count: int) -> int:
    return sum(count >= s for s in STRENGTHS) - 1


def _name(value) -> str:
    """A name in the large view's label table, where a tab separates a label from its aliases."""
    return _text(value).replace("\t", " ")


def _cut(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1] + "…"


def _large_parts(kg: GraphData):
    """One pass over the graph: entities, typed triples (statement count, first stated
    sentence), co-occurrence pairs (summed weight) and each entity's article lines."""
    g = kg.graph
    kinds = {n: _type(d) for n, d in g.nodes(data=True)}
    entities = [n for n, t in kinds.items() if t != "article"]
    triples: dict[tuple[str, str, str], list] = {}  # (head, relation, tail) -> [count, order, evidence]
    co: dict[tuple[str, str], int] = {}
    mentions: dict[str, list[str]] = {}
    for u, v, d in g.edges(data=True):
        rel = d.get("relation", "")
        if rel == MENTIONED_IN:
            if kinds.get(v) == "article":
                mentions.setdefault(u, []).append(v)
            continue
        if kinds[u] == "article" or kinds[v] == "article":
            continue
        if rel == CO_OCCURS_WITH:
            if u != v:
                pair = (u, v) if u < v else (v, u)
                co[pair] = co.get(pair, 0) + int(d.get("weight", 0) or 0)
            continue
        said = bool(d.get("evidence")) and not d.get("inferred")
        order = (not said, statement_order(d))
        t = triples.get((u, rel, v))
        if t is None:
            triples[(u, rel, v)] = [1, order, d.get("evidence", "") if said else ""]
        else:
            t[0] += 1
            if order < t[1]:
                t[1], t[2] = order, d.get("evidence", "") if said else ""
    for u, v, w in kg.co_occurrences():  # the pairs kept as counts, not networkx edges
        if u != v and kinds.get(u) != "article" and kinds.get(v) != "article":
            pair = (u, v) if u < v else (v, u)
            co[pair] = co.get(pair, 0) + w
    return entities, triples, co, mentions


def overview_rank(kg: GraphData) -> list[str]:
    """Every entity (not article), most connected first: by the number of distinct typed
    relations (head, relation, tail) it takes part in, then by its co-occurrence partners,
    then by id. The large view's overview is the first :data:`CAP`."""
    entities, triples, co, _ = _large_parts(kg)
    return _rank(entities, triples, co)[0]


def _rank(entities, triples, co):
    degree = dict.fromkeys(entities, 0)
    partners = dict.fromkeys(entities, 0)
    for u, _, v in triples:
        degree[u] += 1
        if v != u:
            degree[v] += 1
    for a, b in co:
        partners[a] += 1
        partners[b] += 1
    order = sorted(entities, key=lambda n: (-degree[n], -partners[n], n))
    return order, degree


def large_view_data(kg: GraphData) -> dict:
    """The compact embedding of a large graph, whatever its size.

    Entities are numbered by :func:`overview_rank` (the overview is ``0 .. cap-1``). Every
    entity keeps its label and aliases (``labels``: one string each, tab-separated, a tab in
    a name read as a space) and its type (``type``: one digit each), so that search finds
    it; an overview entity also its id, division code and first articles. Its neighbourhood
    is the typed relations (one per (head, relation, tail) triple, with its strength: its
    number of statements in the steps of :data:`STRENGTHS`) that it or the other end counts
    among its :data:`K` strongest (strength, then the other end's rank); co-occurrence among
    the overview (each entity's :data:`CO_OVERVIEW` strongest partners there) and for an
    entity with no typed relation (its :data:`CO_ALONE` strongest). The lists are strings
    of fixed-width digits of :data:`ALPHABET` (``adj``: per head, a count, then per relation
    its tail and a digit of relation and strength; ``co``: per entity, a count, then partner
    and weight).

    Dropped from the page, and kept whole in GraphML and RDF: node ids and division codes
    outside the overview; every statement of a triple but its first stated sentence, which
    is cut to :data:`EVIDENCE_CHARS` characters and embedded for the overview's relations
    first, then by their head's rank, until :data:`EVIDENCE_BYTES`; exact statement counts
    (a strength step stays); relation sources; articles as nodes (an overview entity lists
    :data:`ARTICLES_SHOWN` of its articles and their number); the weaker relations of hubs
    beyond the lists (``degree`` gives the true count where the lists hold fewer); weaker
    co-occurrence.
    """
    entities, triples, co, mentions = _large_parts(kg)
    order, degree = _rank(entities, triples, co)
    g = kg.graph
    rank = {n: i for i, n in enumerate(order)}
    total = len(order)
    cap = min(CAP, total)
    width = 1
    while _B ** width < max(total, 2):
        width += 1
    relations = sorted({rel for _, rel, _ in triples})
    rel_index = {r: i for i, r in enumerate(relations)}
    # the typed triples by index: (head, tail, relation, count, evidence)
    items = sorted((rank[u], rank[v], rel_index[rel], t[0], t[2]) for (u, rel, v), t in triples.items())
    incident: list[list[int]] = [[] for _ in range(total)]
    for k, (h, t, *_rest) in enumerate(items):
        incident[h].append(k)
        if t != h:
            incident[t].append(k)
    kept = bytearray(len(items))
    for i, ks in enumerate(incident):
        if len(ks) > K:
            ks = sorted(ks, key=lambda k: (-_strength(items[k][3]), items[k][1] if items[k][0] == i else items[k][0],
                                           k))[:K]
        for k in ks:
            kept[k] = 1
    edges = [it for k, it in enumerate(items) if kept[k]]
    kept_count = [0] * total
    for h, t, *_ in edges:
        kept_count[h] += 1
        if t != h:
            kept_count[t] += 1
    # a relation and its strength in one code, in as many digits as they need
    codes_n = max(1, len(relations) * len(STRENGTHS))
    rwidth = 1
    while _B ** rwidth < codes_n:
        rwidth += 1
    adj, start = [], 0
    for i in range(total):
        end = start
        while end < len(edges) and edges[end][0] == i:
            end += 1
        adj.append(_count(end - start))
        for h, t, r, c, _ in edges[start:end]:
            adj.append(_digits(t, width) + _digits(r * len(STRENGTHS) + _strength(c), rwidth))
        start = end
    # sentences: the overview's relations first, then the others by their head's rank
    chosen, budget = [], EVIDENCE_BYTES
    for inside in (True, False):
        for k, (h, t, _, _, ev) in enumerate(edges):
            if ev and (h < cap and t < cap) == inside:
                text = _cut(_text(ev))
                size = len(text.encode("utf-8")) + 8
                if size > budget:
                    break
                budget -= size
                chosen.append((k, text))
        else:
            continue
        break
    chosen.sort()
    evidence, last = [], 0
    for k, text in chosen:
        evidence += [k - last, text]
        last = k
    # co-occurrence: inside the overview, and the strongest partner of an entity alone
    co_by: list[list[tuple[int, int]]] = [[] for _ in range(total)]
    for (a, b), w in co.items():
        ia, ib = rank[a], rank[b]
        co_by[ia].append((ib, w))
        co_by[ib].append((ia, w))
    co_kept: dict[tuple[int, int], int] = {}
    for i, partners in enumerate(co_by):
        if i < cap:
            pick = [p for p in partners if p[0] < cap]
            n = CO_OVERVIEW
        elif degree[order[i]] == 0:
            pick, n = partners, CO_ALONE
        else:
            continue
        for j, w in sorted(pick, key=lambda p: (-p[1], p[0]))[:n]:
            co_kept[(min(i, j), max(i, j))] = w
    co_lists: list[list[tuple[int, int]]] = [[] for _ in range(total)]
    for (a, b), w in sorted(co_kept.items()):
        co_lists[a].append((b, w))
    co_text = []
    for lst in co_lists:
        co_text.append(_count(len(lst)))
        co_text += [_digits(j, width) + ALPHABET[max(0, min(w, _B - 1))] for j, w in lst]
    # what each entity shows: labels, types, aliases, division codes
    types = _legend({_type(g.nodes[n]) for n in order})
    type_code = {t["type"]: ALPHABET[i] for i, t in enumerate(types)}
    labels = ["\t".join([_name(g.nodes[n].get("label") or n), *(_name(a) for a in g.nodes[n].get("aliases") or [])])
              for n in order]
    codes = []
    for i, n in enumerate(order[:cap]):
        d = g.nodes[n]
        if d.get("adcode") or d.get("level"):
            codes += [i, _text(d.get("adcode", "")), _text(d.get("level", ""))]
    more = []
    for i, n in enumerate(order):
        if kept_count[i] < degree[n]:
            more += [i, degree[n]]
    # an overview entity's articles: the first few lines, in the order the full view lists them
    lines_of = []
    for n in order[:cap]:
        lines = []
        for a in mentions.get(n, []):
            ad = g.nodes[a]
            title = ad.get("title") or ad.get("source") or a
            lines.append(_text(f"{str(ad.get('published') or '')[:10]} {title}".strip()))
        lines_of.append(sorted(lines))
    table = sorted({line for lines in lines_of for line in lines[:ARTICLES_SHOWN]})
    line_index = {line: i for i, line in enumerate(table)}
    articles = [[len(lines), *(line_index[x] for x in lines[:ARTICLES_SHOWN])] for lines in lines_of]
    n_articles = sum(1 for _, d in g.nodes(data=True) if _type(d) == "article")
    return {
        "format": "large", "alphabet": ALPHABET, "width": width, "rwidth": rwidth, "strengths": list(STRENGTHS),
        "cap": cap, "k": K, "types": types, "relations": relations,
        "totals": {"entities": total, "articles": n_articles, "triples": len(items),
                   "statements": sum(t[0] for t in triples.values()), "co_occurrences": len(co),
                   "kept_triples": len(edges), "kept_co_occurrences": len(co_kept),
                   "evidence": len(chosen)},
        "ids": [_text(n) for n in order[:cap]],
        "labels": labels,
        "type": "".join(type_code[_type(g.nodes[n])] for n in order),
        "codes": codes, "degree": more,
        "adj": "".join(adj), "co": "".join(co_text), "evidence": evidence,
        "article_lines": table, "articles": articles,
    }


def _legend(present: set[str]) -> list[dict]:
    types = [{"type": t, "name": name, "color": color} for t, (name, color) in TYPE_STYLES.items()]
    return types + [{"type": t, "name": t, "color": OTHER_COLOR} for t in sorted(present - set(TYPE_STYLES))]


def is_large(kg: GraphData) -> bool:
    """Whether the page gets the large view: more than FULL_LIMIT nodes or edges."""
    return kg.graph.number_of_nodes() > FULL_LIMIT[0] or kg.edge_count() > FULL_LIMIT[1]


def view_data(kg: GraphData) -> dict:
    """What the page embeds: the whole graph (:func:`full_view_data`) up to
    :data:`FULL_LIMIT`, the compact large view (:func:`large_view_data`) above it."""
    return large_view_data(kg) if is_large(kg) else full_view_data(kg)


def write_html(kg: GraphData) -> dict[str, bytes]:
    """The registry's writer: ``sygraph.html``."""
    return {"sygraph.html": generate_html(kg)}


def generate_html(kg: GraphData, title: str = "sygraph · 双拥知识图谱") -> bytes:
    """The view as UTF-8 bytes (deterministic: nodes and edges in sorted order)."""
    template = resources.files("sygraph").joinpath("templates/view.html").read_text(encoding="utf-8")
    parts = {"__TITLE__": html.escape(title), "__DATA__": embed_json(view_data(kg))}
    # one pass, so that nothing a name holds is taken for a placeholder
    page = re.sub("|".join(parts), lambda m: parts[m.group()], template)
    return page.encode("utf-8")
