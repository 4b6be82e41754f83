"""RDF namespaces: the sygraph ontology and the standard vocabularies it reuses, the JSON-LD
context of the export, and the rule for the base of the IRIs sygraph mints."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from .terms import RelationType

__all__ = ["SY", "SYA", "SCHEMA", "SKOS", "RDF", "RDFS", "XSD", "PROV", "CLASS_OF", "PREFIXES",
           "JSONLD_CONTEXT"]


class SY(DefinedNamespace):
    """The sygraph ontology (``data/sygraph.ttl``): a term it does not define is an error
    (``SY.locatedIn`` raises), never a new IRI minted by a typo."""

    _NS = Namespace("https://w3id.org/sygraph/ontology#")
    _fail = True

    # classes
    KnowledgeGraph: URIRef
    Entity: URIRef
    Place: URIRef
    Unit: URIRef
    Person: URIRef
    Program: URIRef
    Article: URIRef
    CoOccurrence: URIRef
    # the typed relations (terms.RelationType) and the graph's own edges
    located_in: URIRef
    part_of: URIRef
    affiliated_with: URIRef
    resident_of: URIRef
    assists: URIRef
    partners_with: URIRef
    organizes: URIRef
    pursues: URIRef
    awarded: URIRef
    mentioned_in: URIRef
    co_occurs_with: URIRef
    # properties
    adcode: URIRef
    level: URIRef
    inferred: URIRef
    registryId: URIRef
    registrySha256: URIRef
    source: URIRef
    published: URIRef
    homeArea: URIRef
    homeCode: URIRef
    copySource: URIRef
    copyUrl: URIRef
    copyOf: URIRef
    article: URIRef
    evidence: URIRef
    start: URIRef
    end: URIRef
    confidence: URIRef
    role: URIRef
    derivedFromTable: URIRef
    count: URIRef
    entity: URIRef
    weight: URIRef


# attributes of a node or an edge that the ontology has no property for (none in a graph
# sygraph builds): written as sya:<key>, so that reading the RDF back loses nothing
SYA = Namespace("https://w3id.org/sygraph/attribute#")
SCHEMA = Namespace("https://schema.org/")

# entity type → (sygraph class, schema.org class)
CLASS_OF = {
    "place": (SY.Place, SCHEMA.Place),
    "unit": (SY.Unit, SCHEMA.Organization),
    "person": (SY.Person, SCHEMA.Person),
    "program": (SY.Program, SCHEMA.CreativeWork),
    "article": (SY.Article, SCHEMA.NewsArticle),
}

PREFIXES = {"sy": SY, "schema": SCHEMA, "skos": SKOS, "rdfs": RDFS, "xsd": XSD, "prov": PROV}

RELATIONS = tuple(RelationType)


def _iri_term(iri: str, many: bool = True) -> dict:
    return {"@id": iri, "@type": "@id", **({"@container": "@set"} if many else {})}


def _zh_term(iri: str, many: bool = False) -> dict:
    return {"@id": iri, "@language": "zh", **({"@container": "@set"} if many else {})}


# The JSON-LD context: terms for every property sygraph writes, so the file reads as plain
# JSON ("adcode": "510525", "label": "泸州市", "aliases": [...]); a value that does not fit
# its term (another language, another datatype) is written under the property's prefixed name
JSONLD_CONTEXT: dict = {
    **{k: str(v) for k, v in PREFIXES.items()},
    "rdf": str(RDF),
    "id": "@id",
    "type": "@type",
    "label": _zh_term("rdfs:label"),
    "prefLabel": _zh_term("skos:prefLabel"),
    "aliases": _zh_term("skos:altLabel", many=True),
    "adcode": {"@id": "sy:adcode"},
    "level": {"@id": "sy:level"},
    "inferred": {"@id": "sy:inferred"},
    "registry": {"@id": "sy:registryId"},
    "source": {"@id": "sy:source"},
    "headline": _zh_term("schema:headline"),
    "datePublished": {"@id": "schema:datePublished"},
    "published": {"@id": "sy:published"},
    "publisher": _zh_term("schema:publisher"),
    "url": {"@id": "schema:url", "@type": "xsd:anyURI"},
    "homeArea": _iri_term("sy:homeArea", many=False),
    "homeCode": {"@id": "sy:homeCode"},
    "articleBody": _zh_term("schema:articleBody"),
    "copySource": {"@id": "sy:copySource", "@container": "@set"},
    "copyUrl": {"@id": "sy:copyUrl", "@type": "xsd:anyURI", "@container": "@set"},
    "copyOf": _iri_term("sy:copyOf", many=False),
    "mentions": _iri_term("schema:mentions"),
    "mentioned_in": _iri_term("sy:mentioned_in"),
    **{rel: _iri_term(f"sy:{rel}") for rel in RELATIONS},
    "containedInPlace": _iri_term("schema:containedInPlace"),
    "location": _iri_term("schema:location"),
    "subject": _iri_term("rdf:subject", many=False),
    "predicate": _iri_term("rdf:predicate", many=False),
    "object": _iri_term("rdf:object", many=False),
    "evidence": _zh_term("sy:evidence"),
    "start": {"@id": "sy:start"},
    "end": {"@id": "sy:end"},
    "confidence": {"@id": "sy:confidence", "@type": "xsd:double"},
    "role": _zh_term("sy:role"),
    "wasDerivedFrom": _iri_term("prov:wasDerivedFrom", many=False),
    "article": {"@id": "sy:article"},
    "derivedFromTable": {"@id": "sy:derivedFromTable"},
    "count": {"@id": "sy:count"},
    "entity": _iri_term("sy:entity"),
    "weight": {"@id": "sy:weight"},
    "registrySha256": {"@id": "sy:registrySha256"},
}
