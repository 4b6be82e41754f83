"""Questions asked of a built graph: relations with evidence, paths, neighbourhoods,
SPARQL with bound values, rankings, communities and timelines.

Every function takes the graph (a :class:`~sygraph.graph.GraphData`, which
:class:`sygraph.KnowledgeGraph` is); the graph's methods of the same names call them.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .algorithms import communities, entity_graph
from .errors import QueryError
from .formats.rdf import rdf_view
from .graph import MENTIONED_IN, UNTYPED, GraphData
from .model import Entity, Statement
from .terms import RelationType
from .store import refuse_service
from .vocab import PREFIXES

__all__ = ["RelationRecord", "Statement", "relations", "path", "subgraph", "sparql", "rank", "communities", "timeline",
           "zh", "RANKINGS"]

RANKINGS = ("degree", "pagerank", "betweenness")


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """One typed relation, once, with every statement of it. ``article``, ``evidence``,
    ``start``, ``end``, ``role`` and ``source`` are those of the first statement (in article
    order); ``confidence`` is the highest, and ``inferred`` true when no sentence states it.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> r = relations(kg, head="叙永县人武部", relation="located_in")[0]
    >>> r.head.name, r.relation, r.tail.name, r.count, r.confidence, r.inferred
    ('叙永县人武部', 'located_in', '叙永县', 2, 0.9, False)
    >>> r.article, r.evidence, r.start, r.end
    ('a.txt', '叙永县人武部帮助叙永县水尾镇修路。', 0, 17)
    >>> [st.article for st in r.statements]
    ['a.txt', 'b.txt']
    """

    head: Entity
    relation: str
    tail: Entity
    statements: tuple[Statement, ...]
    confidence: float = 1.0
    inferred: bool = False

    @property
    def count(self) -> int:
        """How many times the relation is stated (a sentence repeated in one article once)."""
        return len(self.statements)

    article = property(lambda self: self.statements[0].article)
    evidence = property(lambda self: self.statements[0].evidence)
    start = property(lambda self: self.statements[0].start)
    end = property(lambda self: self.statements[0].end)
    role = property(lambda self: self.statements[0].role)
    source = property(lambda self: self.statements[0].source)


def _statement(d: dict) -> Statement:
    return Statement(d.get("article", ""), d.get("evidence", ""), int(d.get("start", -1)), int(d.get("end", -1)),
                     float(d.get("confidence", 1.0)), bool(d.get("inferred", False)), d.get("role", ""),
                     d.get("source", ""))


def _typed_edges(kg: GraphData):
    for u, v, k, d in kg.edges():
        if d.get("relation") not in UNTYPED:
            yield u, v, k, d


def relations(kg: GraphData, head=None, relation: str | None = None, tail=None) -> list[RelationRecord]:
    """Typed relations, each (head, relation, tail) once with all its statements, filtered
    by any of head, relation and tail (entities given as ids, names or :class:`Entity`).

    Parameters
    ----------
    kg : GraphData
    head, tail : str or Entity, optional
    relation : str, optional
        One of :class:`~sygraph.terms.RelationType`.

    Returns
    -------
    list of RelationRecord
        In the order of :meth:`~sygraph.graph.GraphData.triples`.

    Raises
    ------
    QueryError
        An unknown relation, or an entity that names none or more than one.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> [(r.head.name, r.relation, r.tail.name) for r in relations(kg, head="叙永县人武部")]
    [('叙永县人武部', 'assists', '水尾镇'), ('叙永县人武部', 'located_in', '叙永县'), ('叙永县人武部', 'partners_with', '叙永县人民医院')]
    >>> [r.head.name for r in relations(kg, relation="located_in", tail="叙永县") if not r.inferred]
    ['水尾镇', '叙永县人民医院', '叙永县人武部']
    >>> relations(kg, relation="helps")
    Traceback (most recent call last):
    ...
    sygraph.errors.QueryError: unknown relation 'helps'; the relations are located_in, part_of, affiliated_with, resident_of, assists, partners_with, organizes, pursues, awarded
    """
    if relation is not None and relation not in RelationType.__members__.values():
        raise QueryError(f"unknown relation {relation!r}; the relations are {', '.join(RelationType)}")
    h = kg._node(head) if head is not None else None
    t = kg._node(tail) if tail is not None else None
    out = []
    for u, rel, v, agg in kg.triples():
        if (h and u != h) or (t and v != t) or (relation and rel != relation):
            continue
        out.append(RelationRecord(kg._entity(u), rel, kg._entity(v), tuple(_statement(d) for d in agg["statements"]),
                                  agg["confidence"], agg["inferred"]))
    return out


def path(kg: GraphData, a, b) -> list[Entity]:
    """The shortest chain of related entities from ``a`` to ``b`` (typed relations first;
    co-occurrence only when they do not connect the two).

    Parameters
    ----------
    kg : GraphData
    a, b : str or Entity
        Ids, names or entities.

    Returns
    -------
    list of Entity
        From ``a`` to ``b``, both included.

    Raises
    ------
    QueryError
        No chain joins the two, or a name names none or more than one entity.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> [e.name for e in path(kg, "水尾镇", "叙永县人民医院")]
    ['水尾镇', '叙永县', '叙永县人民医院']
    """
    source, target = kg._node(a), kg._node(b)
    for co in (False, True):
        g = entity_graph(kg, co_occurrence=co)
        try:
            return [kg._entity(n) for n in nx.shortest_path(g, source, target)]
        except nx.NetworkXNoPath:
            continue
    raise QueryError(f"no path between {a!r} and {b!r}")


def subgraph(kg: GraphData, entity, depth: int = 1) -> GraphData:
    """The entity, everything within ``depth`` typed relations of it, the relations among
    them and the articles that mention them.

    Parameters
    ----------
    kg : GraphData
    entity : str or Entity
    depth : int, default 1
        How many typed relations away; 0 keeps the entity alone.

    Returns
    -------
    GraphData
        A new graph of the same class as ``kg``.

    Raises
    ------
    QueryError
        ``depth`` is negative, or ``entity`` names none or more than one entity.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> sub = subgraph(kg, "叙永县人民医院")
    >>> [e.name for e in sub.entities()], [a["source"] for a in sub.articles()]
    (['叙永县', '叙永县人武部', '叙永县人民医院'], ['a.txt', 'b.txt'])
    >>> [e.name for e in subgraph(kg, "叙永县人民医院", depth=0).entities()]
    ['叙永县人民医院']
    """
    if depth < 0:
        raise QueryError("depth must be 0 or more")
    start = kg._node(entity)
    keep = set(nx.single_source_shortest_path_length(entity_graph(kg, co_occurrence=False), start, cutoff=depth))
    articles = {v for u, v, d in kg.graph.edges(data=True) if u in keep and d.get("relation") == MENTIONED_IN}
    return type(kg)(kg.graph.subgraph(keep | articles).copy(), base_iri=kg.base_iri)


def zh(text: str):
    """A Chinese-tagged literal, for binding labels in :func:`sparql` (labels are ``@zh``).

    Parameters
    ----------
    text : str

    Returns
    -------
    rdflib.Literal

    Examples
    --------
    >>> zh("叙永县人武部")
    rdflib.term.Literal('叙永县人武部', lang='zh')
    """
    from rdflib import Literal

    return Literal(text, lang="zh")


def sparql(kg: GraphData, query: str, *, allow_service: bool = False, **bindings) -> list[dict[str, str]]:
    """Run a SPARQL query with the project's prefixes (sy, schema, skos, rdfs, xsd, prov, rdf)
    preset. Values are bound, never pasted into the query text: an :class:`Entity` binds its
    IRI, an rdflib term binds itself, any other value binds a plain literal (use :func:`zh`
    for Chinese labels). Rows come back as dicts of strings. A query with a SERVICE clause
    (which would send requests to other servers) is refused unless ``allow_service``.

    Parameters
    ----------
    kg : GraphData
    query : str
        SELECT, ASK, CONSTRUCT or DESCRIBE.
    allow_service : bool, default False
    **bindings
        Values for the query's variables, by name.

    Returns
    -------
    list of dict of str to str
        SELECT: one dict per row; ASK: ``[{"result": "True"}]`` or ``"False"``;
        CONSTRUCT and DESCRIBE: one dict (subject, predicate, object) per triple.

    Raises
    ------
    QueryError
        The query does not parse or fails, or has a SERVICE clause not allowed.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> sparql(kg, "SELECT ?name WHERE { ?u rdfs:label ?unit ; sy:assists ?p . ?p rdfs:label ?name }",
    ...        unit=zh("叙永县人武部"))
    [{'name': '水尾镇'}]
    >>> unit = kg.find("叙永县人武部")[0]
    >>> sparql(kg, "SELECT ?name WHERE { ?u sy:partners_with ?t . ?t rdfs:label ?name }", u=unit)
    [{'name': '叙永县人民医院'}]
    >>> sparql(kg, "ASK { ?u sy:assists ?p }")
    [{'result': 'True'}]
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF
    from rdflib.term import Node

    refuse_service(query, allow_service)
    bound = {}
    for name, value in bindings.items():
        if isinstance(value, Entity):
            bound[name] = URIRef(kg.graph.nodes[value.id]["iri"])
        elif isinstance(value, Node):
            bound[name] = value
        else:
            bound[name] = Literal(value)
    try:
        result = rdf_view(kg).query(query, initNs={**PREFIXES, "rdf": RDF}, initBindings=bound)
        rows = [{str(k): str(v) for k, v in row.asdict().items()} for row in result] \
            if result.type == "SELECT" else [{"result": str(bool(result.askAnswer))}] if result.type == "ASK" \
            else [{"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in result]
    except Exception as err:  # rdflib raises pyparsing and several evaluation errors
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise QueryError(f"bad SPARQL query: {message}") from err
    return rows


def rank(kg: GraphData, type: str | None = None, by: str = "degree", top: int = 20) -> list[tuple[Entity, float]]:
    """The most connected entities over typed relations: by ``degree`` (how many entities
    each is related to), ``pagerank`` or ``betweenness``; optionally of one type.

    Parameters
    ----------
    kg : GraphData
    type : str, optional
        An entity type: ``"place"``, ``"unit"``, ``"person"`` or ``"program"``.
    by : {"degree", "pagerank", "betweenness"}
        ``pagerank`` needs SciPy.
    top : int, default 20

    Returns
    -------
    list of (Entity, float)
        Highest score first, ties by name; scores rounded to 6 places.

    Raises
    ------
    QueryError
        An unknown ranking, or ``pagerank`` without SciPy.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> [(e.name, score) for e, score in rank(kg, top=3)]
    [('叙永县', 5.0), ('水尾镇', 4.0), ('叙永县人武部', 3.0)]
    >>> [(e.name, score) for e, score in rank(kg, type="unit")]
    [('叙永县人武部', 3.0), ('叙永县人民医院', 2.0)]
    """
    if by not in RANKINGS:
        raise QueryError(f"unknown ranking {by!r}; choose from {', '.join(RANKINGS)}")
    g = entity_graph(kg, co_occurrence=False)
    if by == "degree":
        scores = {n: float(g.degree(n)) for n in g}
    elif by == "pagerank":
        import importlib.util

        if importlib.util.find_spec("scipy") is None:  # networkx computes PageRank with SciPy
            raise QueryError("ranking by pagerank needs SciPy: pip install 'sygraph[analysis]'")
        scores = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 0.0 for n in g}
    else:
        scores = nx.betweenness_centrality(g, normalized=True)
    entities = [kg._entity(n) for n in g]
    if type is not None:
        entities = [e for e in entities if e.type.value == type]
    ranked = sorted(entities, key=lambda e: (-scores[e.id], e.name, e.id))
    return [(e, round(scores[e.id], 6)) for e in ranked[:top]]


def timeline(kg: GraphData, entity) -> list[dict]:
    """The entity's articles by publication date, each with the relations it states about
    the entity.

    Parameters
    ----------
    kg : GraphData
    entity : str or Entity

    Returns
    -------
    list of dict
        ``published``, ``source``, ``title`` and ``relations``: (head name, relation, tail
        name, evidence) tuples. Undated articles come last.

    Raises
    ------
    QueryError
        ``entity`` names no entity, or more than one.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"b.txt": "医院签约\\n2024年05月20日10:00  来源:叙永日报\\n叙永县人武部与叙永县人民医院签约。",
    ...                           "a.txt": "人武部修路\\n2024年03月01日09:00  来源:叙永日报\\n叙永县人武部帮助叙永县水尾镇修路。"})
    >>> for day in timeline(kg, "叙永县人民医院"):
    ...     print(day["published"], day["title"], [(h, rel, t) for h, rel, t, evidence in day["relations"]])
    2024-05-20T10:00 医院签约 [('叙永县人民医院', 'located_in', '叙永县'), ('叙永县人武部', 'partners_with', '叙永县人民医院')]
    >>> [day["published"] for day in timeline(kg, "叙永县人武部")]
    ['2024-03-01T09:00', '2024-05-20T10:00']
    """
    node = kg._node(entity)
    stated = relations(kg, head=node) + relations(kg, tail=node)
    out = []
    for article in kg.articles(node):
        said = [(r.head.name, r.relation, r.tail.name, st.evidence) for r in stated for st in r.statements
                if st.article == article["source"]]
        out.append({"published": article.get("published", ""), "source": article["source"],
                    "title": article.get("title", ""), "relations": said})
    return sorted(out, key=lambda x: (x["published"] or "9999", x["source"]))
