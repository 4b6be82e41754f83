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
    """Entities, articles and relations, with look-ups, questions and outputs for Python users.

    The look-ups (``entities``, ``find``, ``neighbors``, ...) are :class:`~sygraph.graph.GraphData`'s.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> kg
    <KnowledgeGraph: 2 articles, 6 entities (place 4, unit 2, person 0, program 0), 9 relations>
    >>> [e.name for e in kg.path("水尾镇", "叙永县人民医院")]
    ['水尾镇', '叙永县', '叙永县人民医院']
    """

    @classmethod
    def wrap(cls, data: GraphData) -> "KnowledgeGraph":
        """The same graph (not a copy) as a :class:`KnowledgeGraph`.

        Parameters
        ----------
        data : GraphData
            A container, such as :func:`sygraph.formats.read` returns.

        Returns
        -------
        KnowledgeGraph
            ``data`` itself when it is one already.

        Examples
        --------
        >>> data = GraphData()
        >>> kg = KnowledgeGraph.wrap(data)
        >>> kg.graph is data.graph, KnowledgeGraph.wrap(kg) is kg
        (True, True)
        """
        if isinstance(data, cls):
            return data
        kg = cls(data.graph, base_iri=data.base_iri)
        kg._share(data)  # the co-occurrence counts, which are not networkx edges
        return kg

    # -- the graph as other libraries' objects ------------------------------------------
    def to_pandas(self, table: str | None = None):
        """The graph as pandas DataFrames (entities, relations, statements, articles, mentions,
        co_occurrences), or one by name; see :func:`sygraph.frames.to_pandas`.

        Parameters
        ----------
        table : str, optional
            One table's name; all of them when not given.

        Returns
        -------
        dict of str to pandas.DataFrame, or pandas.DataFrame

        Raises
        ------
        ExportError
            An unknown table.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> sorted(kg.to_pandas())
        ['articles', 'co_occurrences', 'entities', 'mentions', 'relations', 'statements']
        >>> df = kg.to_pandas("relations")
        >>> df[df.relation == "partners_with"][["head_name", "tail_name", "count"]].values.tolist()
        [['叙永县人武部', '叙永县人民医院', 1]]
        """
        return to_pandas(self, table)

    def to_rdf(self):
        """The graph as a new ``rdflib.Graph`` (see :mod:`sygraph.formats.rdf`).

        Returns
        -------
        rdflib.Graph
            Labels are ``@zh`` literals.

        Examples
        --------
        >>> from rdflib import RDFS
        >>> from sygraph.query import zh
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> g = kg.to_rdf()
        >>> (None, RDFS.label, zh("水尾镇")) in g
        True
        >>> str(g.value(predicate=RDFS.label, object=zh("水尾镇"))) == kg.iri(kg.find("水尾镇")[0].id)
        True
        """
        return to_rdf(self)

    def rdf(self, verify: bool = False):
        """The RDF view, built once and kept until the graph changes; see
        :func:`sygraph.formats.rdf.rdf_view` (and ``verify`` there).

        Parameters
        ----------
        verify : bool, default False
            Compare a digest of the graph too, after editing ``kg.graph`` directly.

        Returns
        -------
        rdflib.Graph
            Shared: do not change it; :meth:`to_rdf` gives a graph of one's own.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> kg.rdf() is kg.rdf()
        True
        """
        return rdf_view(self, verify)

    # -- questions (see sygraph.query) ------------------------------------------------
    def relations(self, head=None, relation: str | None = None, tail=None):
        """Typed relations with their evidence; see :func:`sygraph.query.relations`.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [(r.head.name, r.tail.name, r.evidence) for r in kg.relations(relation="assists")]
        [('叙永县人武部', '水尾镇', '叙永县人武部帮助叙永县水尾镇修路。')]
        """
        return questions.relations(self, head, relation, tail)

    def path(self, a, b) -> list[Entity]:
        """Shortest chain of related entities; see :func:`sygraph.query.path`.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [e.name for e in kg.path("水尾镇", "叙永县人民医院")]
        ['水尾镇', '叙永县', '叙永县人民医院']
        """
        return questions.path(self, a, b)

    def subgraph(self, entity, depth: int = 1) -> "KnowledgeGraph":
        """The neighbourhood of an entity; see :func:`sygraph.query.subgraph`.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> kg.subgraph("叙永县人民医院")
        <KnowledgeGraph: 2 articles, 3 entities (place 1, unit 2, person 0, program 0), 3 relations>
        """
        return questions.subgraph(self, entity, depth)

    def sparql(self, query: str, store: str | Path | None = None, **bindings) -> list[dict[str, str]]:
        """SPARQL with prefixes preset and values bound; see :func:`sygraph.query.sparql`.
        With ``store`` (a folder), the graph is loaded into a persistent Oxigraph store there
        and queried in it (see :mod:`sygraph.store`).

        Parameters
        ----------
        query : str
        store : str or Path, optional
            A folder for the Oxigraph store; the graph's N-Triples are kept beside it
            (``<store>.nt``) and loaded again only when they change. A query there must
            select every variable it binds.
        **bindings
            Values for the query's variables (see :func:`sygraph.query.sparql`).

        Returns
        -------
        list of dict of str to str

        Raises
        ------
        QueryError
            The query does not parse or fails.

        Examples
        --------
        >>> import os, tempfile
        >>> from sygraph.query import zh
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> q = "SELECT ?unit ?name WHERE { ?u rdfs:label ?unit ; sy:assists ?p . ?p rdfs:label ?name }"
        >>> kg.sparql(q, unit=zh("叙永县人武部"))
        [{'unit': '叙永县人武部', 'name': '水尾镇'}]
        >>> folder = tempfile.mkdtemp()
        >>> kg.sparql(q, store=os.path.join(folder, "store"), unit=zh("叙永县人武部"))
        [{'unit': '叙永县人武部', 'name': '水尾镇'}]
        >>> sorted(os.listdir(folder))
        ['store', 'store.nt']
        """
        if store is not None:
            source = Path(store).with_name(Path(store).name + ".nt")
            data = serialize(self.to_rdf(), "nt")
            if not source.is_file() or source.read_bytes() != data:
                atomic_write(source, data)
            return sparql_store(store, source, query, **bindings)
        return questions.sparql(self, query, **bindings)

    def rank(self, type: str | None = None, by: str = "degree", top: int = 20):
        """Most connected entities; see :func:`sygraph.query.rank`.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [(e.name, score) for e, score in kg.rank(type="unit")]
        [('叙永县人武部', 3.0), ('叙永县人民医院', 2.0)]
        """
        return questions.rank(self, type, by, top)

    def communities(self, min_size: int = 2) -> list[list[Entity]]:
        """Groups of entities that work together; see :func:`sygraph.algorithms.communities`.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [[e.name for e in group] for group in kg.communities(min_size=3)]
        [['叙永县', '叙永县人武部', '叙永县人民医院'], ['四川省', '水尾镇', '泸州市']]
        """
        return questions.communities(self, min_size)

    def timeline(self, entity) -> list[dict]:
        """An entity's articles and relations by date; see :func:`sygraph.query.timeline`.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [(day["source"], len(day["relations"])) for day in kg.timeline("叙永县人民医院")]
        [('b.txt', 2)]
        """
        return questions.timeline(self, entity)

    # -- files and views ---------------------------------------------------------------
    def write(self, outdir: str | Path, formats: Iterable[str] = ("graphml", "ttl")) -> list[Path]:
        """Write the graph into ``outdir`` in each format (see :data:`sygraph.formats.FORMATS`);
        returns the paths written. See :func:`sygraph.formats.write_formats`.

        Parameters
        ----------
        outdir : str or Path
            Made if missing.
        formats : iterable of str, default ("graphml", "ttl")

        Returns
        -------
        list of Path

        Raises
        ------
        ExportError
            An unknown format, or a file that cannot be written.

        Examples
        --------
        >>> import tempfile
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [p.name for p in kg.write(tempfile.mkdtemp(), ["ttl", "csv"])]
        ['sygraph.ttl', 'nodes.csv', 'edges.csv', 'statements.csv']
        """
        return write_formats(self, Path(outdir), formats)

    def __repr__(self) -> str:
        """<KnowledgeGraph: N articles, N entities (place N, unit N, person N, program N), N relations>"""
        return graph_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter's summary table: entities by type with the most related of each, relations."""
        return graph_html(self)

    def show(self, path: str | Path | None = None, title: str = DEFAULT_TITLE, height: int = 600):
        """The interactive view inline in a notebook, or written to ``path`` (default
        ``sygraph.html``) elsewhere; see :func:`sygraph.notebook.show`.

        Parameters
        ----------
        path : str or Path, optional
        title : str
        height : int, default 600
            In pixels, inline.
        """
        return show(self, path, title=title, height=height)

    def view(self, path: str | Path = "sygraph.html", title: str = DEFAULT_TITLE) -> Path:
        """Write the interactive view: one self-contained HTML file that opens offline.

        Parameters
        ----------
        path : str or Path, default "sygraph.html"
        title : str

        Returns
        -------
        Path
            ``path``.

        Examples
        --------
        >>> import os, tempfile
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> kg.view(os.path.join(tempfile.mkdtemp(), "叙永.html")).name
        '叙永.html'
        """
        atomic_write(Path(path), generate_html(self, title))
        return Path(path)


def load(path: str | Path) -> KnowledgeGraph:
    """Read a graph file written by sygraph back into a :class:`KnowledgeGraph`: GraphML,
    Turtle, N-Triples or JSON-LD, each giving the same graph (nodes, edges, every statement
    with its evidence, counts, weights and article metadata); see
    :func:`sygraph.formats.read`.

    Parameters
    ----------
    path : str or Path
        A ``.graphml``, ``.ttl``, ``.nt`` or ``.jsonld`` file.

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    ExportError
        No such file, or a suffix no reader takes.

    Examples
    --------
    >>> import tempfile
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> graphml, ttl = kg.write(tempfile.mkdtemp())
    >>> load(graphml)
    <KnowledgeGraph: 2 articles, 6 entities (place 4, unit 2, person 0, program 0), 9 relations>
    >>> load(ttl).summary() == kg.summary()
    True
    """
    return KnowledgeGraph.wrap(read(path))

