"""RDF namespaces: the sygraph ontology and the standard vocabularies it reuses."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

__all__ = ["SY", "SCHEMA", "SKOS", "RDF", "RDFS", "XSD", "PROV", "DEFAULT_BASE_IRI", "CLASS_OF", "PREFIXES"]

SY = Namespace("https://w3id.org/sygraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
DEFAULT_BASE_IRI = "https://w3id.org/sygraph/id/"

# entity type → (sygraph class, schema.org class)
CLASS_OF = {
    "place": (SY.Place, SCHEMA.Place),
    "unit": (SY.Unit, SCHEMA.Organization),
    "person": (SY.Person, SCHEMA.Person),
    "program": (SY.Program, SCHEMA.CreativeWork),
    "article": (SY.Article, SCHEMA.NewsArticle),
}

PREFIXES = {"sy": SY, "schema": SCHEMA, "skos": SKOS, "rdfs": RDFS, "xsd": XSD, "prov": PROV}
