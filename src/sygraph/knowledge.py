"""The graph users hold: the container of :mod:`sygraph.graph` with its questions, its formats
and its views as methods.

Each method is a thin call into the layer that does the work (:mod:`sygraph.query`,
:mod:`sygraph.formats`, :mod:`sygraph.frames`, :mod:`sygraph.notebook`), so this class sits
above all of them and nothing below imports it: the formats read into and write from the
container, and :func:`load` wraps what they read.

Examples
--------
>>> import sygraph
>>> kg = sygraph.build_texts({"a.txt": "泸州市退役军人事务局与泸州市中医医院签约。"})
>>> [e.name for e in kg.entities(type="unit")]
['泸州市中医医院', '泸州市退役军人事务局']
>>> [(r.head.name, r.relation, r.tail.name) for r in kg.relations(relation="partners_with")]
[('泸州市退役军人事务局', 'partners_with', '泸州市中医医院')]
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import query as questions
from .formats import atomic_write, read, write_formats
from .formats.html import generate_html
from .formats.rdf import rdf_view, serialize, to_rdf
from .frames import to_pandas
from .graph import GraphData
from .model import Entity
from .notebook import DEFAULT_TITLE, graph_html, graph_repr, show
from .store import sparql_store

__all__ = ["KnowledgeGraph", "load"]


class KnowledgeGraph(GraphData):
    """Entities, articles and relations, with look-ups, questions and outputs for Python users."""

    @classmethod
    def wrap(cls, data: GraphData) -> "KnowledgeGraph":
        """The same graph (not a copy) as a :class:`KnowledgeGraph`."""
        return data if isinstance(data, cls) else cls(data.graph, base_iri=data.base_iri)

    # -- the graph as other libraries' objects ------------------------------------------
    def to_pandas(self, table: str | None = None):
        """The graph as pandas DataFrames (entities, relations, statements, articles, mentions,
        co_occurrences), or one by name; see :func:`sygraph.frames.to_pandas`."""
        return to_pandas(self, table)

    def to_rdf(self):
        """The graph as a new ``rdflib.Graph`` (see :mod:`sygraph.formats.rdf`)."""
        return to_rdf(self)

    def rdf(self, verify: bool = False):
        """The RDF view, built once and kept until the graph changes; see
        :func:`sygraph.formats.rdf.rdf_view` (and ``verify`` there)."""
        return rdf_view(self, verify)

    # -- questions (see sygraph.query) ------------------------------------------------
    def relations(self, head=None, relation: str | None = None, tail=None):
        """Typed relations with their evidence; see :func:`sygraph.query.relations`."""
        return questions.relations(self, head, relation, tail)

    def path(self, a, b) -> list[Entity]:
        """Shortest chain of related entities; see :func:`sygraph.query.path`."""
        return questions.path(self, a, b)

    def subgraph(self, entity, depth: int = 1) -> "KnowledgeGraph":
        """The neighbourhood of an entity; see :func:`sygraph.query.subgraph`."""
        return questions.subgraph(self, entity, depth)

    def sparql(self, query: str, store: str | Path | None = None, **bindings) -> list[dict[str, str]]:
        """SPARQL with prefixes preset and values bound; see :func:`sygraph.query.sparql`.
        With ``store`` (a folder), the graph is loaded into a persistent Oxigraph store there
        and queried in it (see :mod:`sygraph.store`)."""
        if store is not None:
            source = Path(store).with_name(Path(store).name + ".nt")
            data = serialize(self.to_rdf(), "nt")
            if not source.is_file() or source.read_bytes() != data:
                atomic_write(source, data)
            return sparql_store(store, source, query, **bindings)
        return questions.sparql(self, query, **bindings)

    def rank(self, type: str | None = None, by: str = "degree", top: int = 20):
        """Most connected entities; see :func:`sygraph.query.rank`."""
        return questions.rank(self, type, by, top)

    def communities(self, min_size: int = 2) -> list[list[Entity]]:
        """Groups of entities that work together; see :func:`sygraph.query.communities`."""
        return questions.communities(self, min_size)

    def timeline(self, entity) -> list[dict]:
        """An entity's articles and relations by date; see :func:`sygraph.query.timeline`."""
        return questions.timeline(self, entity)

    # -- files and views ---------------------------------------------------------------
    def write(self, outdir: str | Path, formats: Iterable[str] = ("graphml", "ttl")) -> list[Path]:
        """Write the graph into ``outdir`` in each format (see :data:`sygraph.formats.FORMATS`);
        returns the paths written."""
        return write_formats(self, Path(outdir), formats)

    def __repr__(self) -> str:
        """<KnowledgeGraph: N articles, N entities (place N, unit N, person N, program N), N relations>"""
        return graph_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter's summary table: entities by type with the most related of each, relations."""
        return graph_html(self)

    def show(self, path: str | Path | None = None, title: str = DEFAULT_TITLE, height: int = 600):
        """The interactive view inline in a notebook, or written to ``path`` (default
        ``sygraph.html``) elsewhere; see :func:`sygraph.notebook.show`."""
        return show(self, path, title=title, height=height)

    def view(self, path: str | Path = "sygraph.html", title: str = DEFAULT_TITLE) -> Path:
        """Write the interactive view: one self-contained HTML file that opens offline."""
        atomic_write(Path(path), generate_html(self, title))
        return Path(path)


def load(path: str | Path) -> KnowledgeGraph:
    """Read a graph file written by sygraph back into a :class:`KnowledgeGraph`: GraphML,
    Turtle, N-Triples or JSON-LD, each giving the same graph (nodes, edges, every statement
    with its evidence, counts, weights and article metadata); see
    :func:`sygraph.formats.read`."""
    return KnowledgeGraph.wrap(read(path))

