"""RDF export: schema.org and SKOS where they fit, the sygraph ontology for the rest.

Entities are typed with a sygraph class and its schema.org counterpart, labelled with
``rdfs:label`` and ``skos:prefLabel`` (``@zh``), aliases as ``skos:altLabel``. Articles are
``schema:NewsArticle`` nodes that ``schema:mentions`` each entity; typed relations are plain
triples with ``sy:`` properties. Literals are escaped by the serialisers (rdflib's for
N-Triples and JSON-LD, Oxigraph's for Turtle). Serialised output is sorted so that the same
graph gives the same bytes.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from ..resolve import entity_id
from ..vocab import CLASS_OF, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, SY, XSD
from .graphml import _clean

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["to_rdf", "serialize"]


def _zh(text: str) -> Literal:
    return Literal(_clean(text), lang="zh")


def to_rdf(kg: KnowledgeGraph) -> Graph:
    """An rdflib Graph of the knowledge graph."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    nodes = kg.graph.nodes
    for n, d in nodes(data=True):
        s = URIRef(d["iri"])
        for cls in CLASS_OF[d["type"]]:
            g.add((s, RDF.type, cls))
        if d["type"] == "article":
            g.add((s, SY.source, Literal(_clean(d["source"]))))
            g.add((s, RDFS.label, _zh(d["label"])))
            if d.get("title"):
                g.add((s, SCHEMA.headline, _zh(d["title"])))
            if d.get("published"):
                dtype = XSD.dateTime if "T" in d["published"] else XSD.date
                value = d["published"] + (":00" if dtype == XSD.dateTime and d["published"].count(":") == 1 else "")
                g.add((s, SCHEMA.datePublished, Literal(value, datatype=dtype)))
            if d.get("publisher"):
                g.add((s, SCHEMA.publisher, _zh(d["publisher"])))
            if d.get("url"):
                g.add((s, SCHEMA.url, Literal(_clean(d["url"]), datatype=XSD.anyURI)))
            home = entity_id("place", f"code:{d['home']}") if d.get("home") else ""
            if home in kg.graph:
                g.add((s, SY.homeArea, URIRef(nodes[home]["iri"])))
            continue
        g.add((s, RDFS.label, _zh(d["label"])))
        g.add((s, SKOS.prefLabel, _zh(d["label"])))
        for alias in d.get("aliases", ()):
            g.add((s, SKOS.altLabel, _zh(alias)))
        if d.get("adcode"):
            g.add((s, SY.adcode, Literal(d["adcode"])))
        if d.get("level"):
            g.add((s, SY.level, Literal(d["level"])))
        if d.get("inferred"):
            g.add((s, SY.inferred, Literal(True)))
    for u, v, _, d in kg.edges():
        su, sv = URIRef(nodes[u]["iri"]), URIRef(nodes[v]["iri"])
        rel = d["relation"]
        if rel == "mentioned_in":
            g.add((sv, SCHEMA.mentions, su))
            g.add((su, SY.mentioned_in, sv))
            continue
        if rel == "co_occurs_with":
            # association, not a statement: a weighted node of its own, out of the typed triples
            link = URIRef(f"{kg.base_iri}cooccurrence/{_digest(u, v)}")
            g.add((link, RDF.type, SY.CoOccurrence))
            g.add((link, SY.entity, su))
            g.add((link, SY.entity, sv))
            g.add((link, SY.weight, Literal(int(d.get("weight", 1)))))
            continue
        g.add((su, SY[rel], sv))
        _provenance(g, kg, u, v, d)
        if rel == "located_in" and nodes[u]["type"] == "place" and nodes[v]["type"] == "place":
            g.add((su, SCHEMA.containedInPlace, sv))
        elif rel == "located_in" and nodes[u]["type"] == "unit":
            g.add((su, SCHEMA.location, sv))
    return g


def _digest(*parts) -> str:
    import hashlib

    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _provenance(g: Graph, kg: KnowledgeGraph, u: str, v: str, d: dict) -> None:
    """Describe one statement of a typed relation as an rdf:Statement with its evidence."""
    nodes = kg.graph.nodes
    st = URIRef(f"{kg.base_iri}statement/{_digest(u, d['relation'], v, d.get('article', ''), d.get('start', ''))}")
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, URIRef(nodes[u]["iri"])))
    g.add((st, RDF.predicate, SY[d["relation"]]))
    g.add((st, RDF.object, URIRef(nodes[v]["iri"])))
    if d.get("evidence"):
        g.add((st, SY.evidence, _zh(d["evidence"])))
        g.add((st, SY.start, Literal(int(d["start"]))))
        g.add((st, SY.end, Literal(int(d["end"]))))
    if d.get("article"):
        from ..graph import article_id

        article = article_id(d["article"])
        if article in kg.graph:
            g.add((st, PROV.wasDerivedFrom, URIRef(nodes[article]["iri"])))
    if d.get("confidence") not in (None, ""):
        g.add((st, SY.confidence, Literal(float(d["confidence"]))))
    if d.get("inferred"):
        g.add((st, SY.inferred, Literal(True)))
    if d.get("source"):
        g.add((st, SY.derivedFromTable, Literal(_clean(d["source"]))))
    if d.get("role"):
        g.add((st, SY.role, _zh(d["role"])))


def serialize(g: Graph, fmt: str) -> bytes:
    """Bytes of ``g`` in ``ttl``, ``nt`` or ``jsonld``, in a stable order."""
    if fmt == "nt":
        # N-Triples lines end in \n only; a literal may hold U+2028 or U+0085, at which
        # str.splitlines() would cut a triple in two
        lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
        return ("\n".join(sorted(set(filter(None, lines)))) + "\n").encode("utf-8")
    if fmt == "jsonld":
        context = {k: str(v) for k, v in PREFIXES.items()}
        doc = json.loads(g.serialize(format="json-ld", context=context, encoding="utf-8"))
        return (json.dumps(_sorted_json(doc), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return _turtle(g)


def _turtle(g: Graph) -> bytes:
    """Turtle written by Oxigraph's serialiser (several times faster than rdflib's on large
    graphs), from the triples in sorted order, so the same graph gives the same bytes."""
    import pyoxigraph as ox

    def term(x):
        if isinstance(x, URIRef):
            return ox.NamedNode(str(x))
        if x.language:
            return ox.Literal(str(x), language=x.language)
        if x.datatype:
            return ox.Literal(str(x), datatype=ox.NamedNode(str(x.datatype)))
        return ox.Literal(str(x))

    triples = sorted(g, key=lambda t: (str(t[0]), str(t[1]), t[2].n3()))
    prefixes = {k: str(v) for k, v in sorted(PREFIXES.items())}
    return ox.serialize([ox.Triple(term(s), term(p), term(o)) for s, p, o in triples],
                        format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _sorted_json(value):
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def from_rdf(path) -> KnowledgeGraph:
    """A KnowledgeGraph from an RDF file that sygraph wrote (Turtle, N-Triples, JSON-LD)."""
    from pathlib import Path

    import networkx as nx

    from ..errors import ExportError
    from ..graph import KnowledgeGraph

    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[Path(path).suffix.lower()]
    g = Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as err:  # rdflib raises parser-specific types
        raise ExportError(f"{path}: not readable as {fmt} ({err})") from err
    kinds = {cls: kind for kind, (cls, _) in CLASS_OF.items()}
    nx_graph = nx.MultiDiGraph()
    node_of = {}
    for s, cls in g.subject_objects(RDF.type):
        if cls not in kinds:
            continue
        iri = str(s)
        kind = kinds[cls]
        node = f"{kind}-{iri.rstrip('/').rsplit('/', 1)[-1]}"
        node_of[s] = node
        data = {"type": kind, "iri": iri, "label": str(g.value(s, RDFS.label) or ""),
                "aliases": sorted(str(o) for o in g.objects(s, SKOS.altLabel))}
        for prop, key in ((SY.adcode, "adcode"), (SY.level, "level"), (SY.source, "source"),
                          (SCHEMA.headline, "title"), (SCHEMA.publisher, "publisher")):
            value = g.value(s, prop)
            if value is not None:
                data[key] = str(value)
        published = g.value(s, SCHEMA.datePublished)
        if published is not None:
            data["published"] = str(published)[:16]
        nx_graph.add_node(node, **data)
    for s, p, o in g:
        if s not in node_of or o not in node_of or not str(p).startswith(str(SY)):
            continue
        rel = str(p)[len(str(SY)):]
        article = nx_graph.nodes[node_of[o]].get("source", "") if rel == "mentioned_in" else ""
        nx_graph.add_edge(node_of[s], node_of[o], key=f"{rel}|{article}", relation=rel, article=article)
    base = next((str(s)[: str(s).rindex(f"{k}/")] for s, k in
                 ((s, node_of[s].partition("-")[0]) for s in node_of)), None)
    return KnowledgeGraph(nx_graph, base_iri=base) if base else KnowledgeGraph(nx_graph)
