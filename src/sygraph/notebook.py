"""The graph in Jupyter: a one-line ``repr``, an HTML summary, and the view drawn inline.

``KnowledgeGraph.__repr__``, ``_repr_html_`` and ``show`` are thin wrappers over
:func:`graph_repr`, :func:`graph_html` and :func:`show`. IPython is not a dependency: it is
never imported here. A notebook is recognised by an IPython shell that is already running
with a kernel (Jupyter, JupyterLab, VS Code and Colab all start one); anywhere else
:func:`show` writes the HTML file, as ``kg.view()`` does, and returns its path.

Examples
--------
>>> import sygraph
>>> kg = sygraph.build_texts({"a.txt": "泸州军分区帮助古蔺县太平镇九龙村脱贫。"})
>>> graph_repr(kg)
'<KnowledgeGraph: 1 article, 6 entities (place 5, unit 1, person 0, program 0), 12 relations>'
"""
from __future__ import annotations

import html
import sys
from collections.abc import Iterable
from pathlib import Path

from .formats import atomic_write
from .formats.html import generate_html
from .graph import ENTITY_TYPES, GraphData
from .model import Entity
from .query import RelationRecord, rank

__all__ = ["graph_repr", "graph_html", "entity_html", "table", "Table", "in_notebook", "show", "InlineView"]

DEFAULT_TITLE = "sygraph · 双拥知识图谱"


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _types() -> tuple[str, ...]:
    return ENTITY_TYPES


def graph_repr(kg: GraphData) -> str:
    """``<KnowledgeGraph: 12 articles, 40 entities (place 10, unit 20, person 6, program 4), 30 relations>``:
    relations are typed (head, relation, tail) triples, each counted once."""
    counts = kg.summary()
    by_type = ", ".join(f"{t} {counts.get(t, 0)}" for t in _types())
    entities = sum(counts.get(t, 0) for t in _types())
    return (f"<KnowledgeGraph: {_count(counts['articles'], 'article')}, "
            f"{_count(entities, 'entity', 'entities')} ({by_type}), {_count(counts['relations'], 'relation')}>")


def _top(kg: GraphData, top: int) -> dict[str, list[tuple[str, int]]]:
    """The ``top`` entities of each type by degree over typed relations (degree 0 left out)."""
    ranked = rank(kg, top=kg.graph.number_of_nodes())
    out: dict[str, list[tuple[str, int]]] = {t: [] for t in _types()}
    for entity, score in ranked:
        kept = out.setdefault(entity.type.value, [])
        if score > 0 and len(kept) < top:
            kept.append((entity.name, int(score)))
    return out


def graph_html(kg: GraphData, top: int = 5) -> str:
    """A small HTML table: entities by type with the most related of each (their number of
    related entities in brackets), then articles, relations and the statements of them."""
    counts = kg.summary()
    best = _top(kg, top)
    e = html.escape
    rows = []
    for t in _types():
        names = "、".join(f"{e(name)} ({degree})" for name, degree in best[t])
        rows.append(f"<tr><td>{t}</td><td>{counts.get(t, 0)}</td><td>{names}</td></tr>")
    rows.append(f"<tr><td>article</td><td>{counts['articles']}</td><td></td></tr>")
    rows.append(f"<tr><td>relations</td><td>{counts['relations']}</td>"
                f"<td>{_count(counts['statements'], 'statement')}</td></tr>")
    return ("<table class=\"sygraph-summary\"><caption>KnowledgeGraph</caption>"
            "<thead><tr><th>type</th><th>count</th><th>most related</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def entity_html(entity: Entity) -> str:
    """One entity as a small HTML table: type, name, aliases and its attributes."""
    e = html.escape
    rows = [("type", entity.type.value), ("name", entity.name), ("id", entity.id)]
    if entity.aliases:
        rows.append(("aliases", "、".join(entity.aliases)))
    rows += [(k, v) for k, v in entity.attrs]
    body = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in rows)
    return f"<table class=\"sygraph-entity\">{body}</table>"


class Table:
    """A list of entities or relations that Jupyter draws as a table (``repr`` stays a list)."""

    def __init__(self, items: Iterable):
        self.items = list(items)

    def __repr__(self) -> str:
        return repr(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def _repr_html_(self) -> str:
        e = html.escape
        if not self.items:
            return "<table class=\"sygraph-table\"><tbody><tr><td>(none)</td></tr></tbody></table>"
        if all(hasattr(x, "relation") and hasattr(x, "statements") for x in self.items):
            head = "<tr><th>head</th><th>relation</th><th>tail</th><th>statements</th><th>evidence</th></tr>"
            rows = [f"<tr><td>{e(r.head.name)}</td><td>{e(r.relation)}</td><td>{e(r.tail.name)}</td>"
                    f"<td>{r.count}</td><td>{e(r.evidence or r.source)}</td></tr>" for r in self.items]
        else:
            head = "<tr><th>type</th><th>name</th><th>aliases</th><th>adcode</th></tr>"
            rows = [f"<tr><td>{x.type.value}</td><td>{e(x.name)}</td><td>{e('、'.join(x.aliases))}</td>"
                    f"<td>{e(x.attr('adcode'))}</td></tr>" for x in self.items]
        return f"<table class=\"sygraph-table\"><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def table(items: Iterable[Entity] | Iterable[RelationRecord]) -> Table:
    """Entities (``kg.find``, ``kg.neighbors``) or relations (``kg.relations``) as a table
    in a notebook: ``table(kg.relations(head="泸州军分区"))``."""
    return Table(items)


def in_notebook() -> bool:
    """True inside a running IPython kernel. IPython is not imported: a kernel has imported
    it already, and where it is absent (or only a terminal IPython runs) this is False."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    if get is None:
        return False
    try:
        shell = get()
    except Exception:  # a half-initialised or foreign IPython: not a notebook we can draw in
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


class InlineView:
    """The view as a notebook output: an ``<iframe>`` whose ``srcdoc`` is the whole page
    (escaped), sandboxed to run its own script only."""

    def __init__(self, page: str, height: int = 600):
        self.page = page
        self.height = height

    def __repr__(self) -> str:
        return f"<sygraph view: {len(self.page.encode('utf-8'))} bytes of HTML, drawn inline in a notebook>"

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" sandbox="allow-scripts" '
                f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd"></iframe>')

    def save(self, path: str | Path) -> Path:
        """Write the page to a file (atomically) and return its path."""
        atomic_write(Path(path), self.page.encode("utf-8"))
        return Path(path)


def show(kg: GraphData, path: str | Path | None = None, title: str = DEFAULT_TITLE,
         height: int = 600) -> InlineView | Path:
    """Show the interactive view. In a notebook: an :class:`InlineView` that Jupyter draws
    in the cell's output (also written to ``path`` when one is given). Elsewhere: the view is
    written to ``path`` (default ``sygraph.html``), as ``kg.view()`` does, and its path returned."""
    page = generate_html(kg, title)
    if in_notebook():
        view = InlineView(page.decode("utf-8"), height)
        if path is not None:
            view.save(path)
        return view
    target = Path(path if path is not None else "sygraph.html")
    atomic_write(target, page)
    return target
