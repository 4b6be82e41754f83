"""Every output loads in independent readers and follows the output contract."""
import csv
import io
import json

import igraph
import networkx as nx
import pyoxigraph
import pytest
import rdflib

import sygraph
from sygraph.formats.rdf import serialize

SY = "https://w3id.org/sygraph/ontology#"


def test_graphml_contract(seed_output):
    g = nx.read_graphml(seed_output / "sygraph.graphml")
    kinds = {d["type"] for _, d in g.nodes(data=True)}
    assert kinds == {"place", "unit", "person", "program", "article"}
    for n, d in g.nodes(data=True):
        assert d["label"] and d["iri"].startswith("https://")
        assert isinstance(json.loads(d["aliases"]), list)
        if d["type"] == "article":
            assert d["source"].endswith(".txt") and d["published"][:2] == "20"
    assert all("relation" in d for *_, d in g.edges(data=True))
    mentioned = {u for u, v, d in g.edges(data=True) if d["relation"] == "mentioned_in"}
    # every entity but the division ancestors that the table adds is mentioned by an article
    assert mentioned == {n for n, d in g.nodes(data=True) if d["type"] != "article" and not d.get("inferred")}
    assert all(d["type"] == "place" for n, d in g.nodes(data=True) if d.get("inferred"))


def test_graphml_loads_in_igraph(seed_output):
    g = igraph.Graph.Read_GraphML(str(seed_output / "sygraph.graphml"))
    assert g.vcount() == nx.read_graphml(seed_output / "sygraph.graphml").number_of_nodes()
    assert "label" in g.vs.attributes()


def test_every_graphml_iri_is_a_turtle_subject(seed_output):
    g = nx.read_graphml(seed_output / "sygraph.graphml")
    rdf = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    subjects = {str(s) for s in rdf.subjects()}
    assert {d["iri"] for _, d in g.nodes(data=True)} <= subjects


@pytest.mark.parametrize("name, fmt", [("sygraph.ttl", pyoxigraph.RdfFormat.TURTLE),
                                       ("sygraph.nt", pyoxigraph.RdfFormat.N_TRIPLES)])
def test_oxigraph_parses_the_rdf(seed_output, name, fmt):
    ox = list(pyoxigraph.parse(path=str(seed_output / name), format=fmt))
    ours = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    assert len(ox) == len(ours)


def test_jsonld_parses_to_the_same_triples(seed_output):
    a = rdflib.Graph().parse(seed_output / "sygraph.jsonld", format="json-ld")
    b = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    assert len(a) == len(b)


def test_rdf_uses_standard_vocabularies(seed_output):
    g = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    q = """PREFIX schema: <https://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           PREFIX sy: <https://w3id.org/sygraph/ontology#>
           SELECT ?label ?code WHERE { ?p a schema:Place ; skos:prefLabel ?label ; sy:adcode ?code .
                                       ?a a schema:NewsArticle ; schema:mentions ?p }"""
    rows = {(str(r.label), str(r.code)) for r in g.query(q)}
    assert ("泸州市", "510500") in rows
    langs = {o.language for o in g.objects(None, rdflib.RDFS.label)}
    assert langs == {"zh"}


def test_csv_tables_follow_neo4j_headers(seed_output):
    nodes = list(csv.DictReader(io.StringIO((seed_output / "nodes.csv").read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO((seed_output / "edges.csv").read_text(encoding="utf-8"))))
    assert {"id:ID", ":LABEL", "aliases:string[]"} <= set(nodes[0])
    assert {":START_ID", ":END_ID", ":TYPE"} <= set(edges[0])
    ids = {n["id:ID"] for n in nodes}
    assert all(e[":START_ID"] in ids and e[":END_ID"] in ids for e in edges)


def test_base_iri_is_configurable():
    kg = sygraph.build_texts({"a.txt": "巴中军分区帮扶通江县。"}, base_iri="http://example.org/kg/")
    assert all(d["iri"].startswith("http://example.org/kg/") for _, d in kg.graph.nodes(data=True))


def test_ontology_ships_with_chinese_and_english_labels():
    from importlib import resources

    text = resources.files("sygraph.data").joinpath("sygraph.ttl").read_text(encoding="utf-8")
    onto = rdflib.Graph().parse(data=text, format="turtle")
    place = rdflib.URIRef(SY + "Place")
    assert {o.language for o in onto.objects(place, rdflib.RDFS.label)} == {"en", "zh"}


def test_load_reads_graphml_and_turtle_back(seed_output, seed_graph):
    for name in ("sygraph.graphml", "sygraph.ttl"):
        kg = sygraph.load(seed_output / name)
        assert {(e.type, e.name) for e in kg.entities()} == {(e.type, e.name) for e in seed_graph.entities()}
        assert kg.find("泸州")[0].name == "泸州市"


def test_serializers_are_stable_under_reordering(seed_graph):
    g = seed_graph.to_rdf()
    shuffled = rdflib.Graph()
    for t in sorted(g, reverse=True):
        shuffled.add(t)
    for prefix, ns in g.namespaces():
        shuffled.bind(prefix, ns, override=True)
    for fmt in ("nt", "jsonld"):
        assert serialize(g, fmt) == serialize(shuffled, fmt)
