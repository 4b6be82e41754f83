"""RDF read back: Turtle, N-Triples and JSON-LD give the graph GraphML gives; the JSON-LD
term context; the base IRI rule; the RDF view's cache; SPARQL SERVICE refused."""
import dataclasses
import http.server
import json
import threading

import pyoxigraph
import pytest
import rdflib
import rdflib.compare
from rdflib import URIRef

import sygraph
from sygraph.cli import main
from sygraph.errors import ExportError, QueryError
from sygraph.formats.rdf import serialize
from sygraph.pipeline import extract
from sygraph.store import uses_service
from sygraph.ids import validate_base_iri
from sygraph.vocab import RDF, SY

FORMATS = ("graphml", "ttl", "nt", "jsonld")
FILES = {f: f"sygraph.{f}" for f in FORMATS}
RECORDS = [
    {"id": "news-1", "title": "古蔺县人武部帮扶九龙村", "published": "2021-03-05T10:20", "source": "泸州日报",
     "url": "http://example.org/news/1",
     "text": "开篇。\n古蔺县人武部组织民兵帮扶古蔺县太平镇九龙村。古蔺县人武部政委李明华走访慰问困难退役军人。\n"
             "李明华说，古蔺县人武部将继续帮扶九龙村。"},
    {"id": "news-2", "title": "再访九龙村", "published": "2021-03-06T08:00:30", "source": "川南新闻网",
     "text": "开篇。\n古蔺县人武部帮扶古蔺县太平镇九龙村，送去米面油。九龙村村民表示感谢。"},
    {"id": "news-3", "published": "2021年3月",
     "text": "开篇。\n西峰区人武部与西峰区退役军人事务局签约共建，西峰区退役军人事务局局长王志强出席。"},
    {"id": "news-4", "published": "2021-03-07", "title": "拥军优属",
     "text": "开篇。\n泸州市退役军人事务局开展“情暖军营”活动，慰问驻泸部队官兵。"},
]
REGISTRY = "kind\tid\ttype\tname\taliases\tadcode\tnever_merge_with\nentity\tgl\tunit\t古蔺县人武部\t古蔺县人民武装部\t\t\n"
README_EVIDENCE = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sy:  <https://w3id.org/sygraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?evidence ?article WHERE {
  ?s a rdf:Statement ; rdf:subject ?head ; rdf:predicate sy:assists ; rdf:object ?tail ;
     sy:evidence ?evidence ; prov:wasDerivedFrom ?article }"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("roundtrip")
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    (root / "reg.tsv").write_text(REGISTRY, encoding="utf-8")
    kg = sygraph.build([corpus], registry=root / "reg.tsv")
    kg.write(root / "out", formats=FORMATS)
    return kg, root / "out"


def snapshot(kg):
    """Everything a KnowledgeGraph holds: base, graph attributes (without the two networkx's
    GraphML reader adds), nodes and edges with their attributes."""
    g = kg.graph
    attrs = {k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")}
    return (kg.base_iri, attrs, {n: dict(d) for n, d in g.nodes(data=True)},
            {(u, v, k): dict(d) for u, v, k, d in g.edges(keys=True, data=True)})


def test_the_build_has_what_the_round_trip_must_carry(built):
    kg, _ = built
    rel = {(r.head.name, r.relation, r.tail.name): r for r in kg.relations()}
    assert rel[("古蔺县人武部", "assists", "九龙村")].count == 3
    assert [s.role for s in rel[("李明华", "affiliated_with", "古蔺县人武部")].statements] == ["政委"]
    assert any(s.source and s.inferred for r in kg.relations() for s in r.statements)
    assert any(d["relation"] == "co_occurs_with" for *_, d in kg.edges())
    published = {a["source"]: a["published"] for a in kg.articles()}
    assert published == {"news-1": "2021-03-05T10:20", "news-2": "2021-03-06T08:00:30", "news-3": "2021年3月",
                         "news-4": "2021-03-07"}
    assert len(kg.graph.graph["registry_sha256"]) == 64
    assert kg.find("古蔺县人武部")[0].attr("registry") == "gl"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_loads_back_as_the_graphml_does(built, fmt):
    kg, out = built
    again, reference = sygraph.load(out / FILES[fmt]), sygraph.load(out / FILES["graphml"])
    assert snapshot(again) == snapshot(reference)
    assert again.entities() == reference.entities() == kg.entities()
    assert again.relations() == reference.relations() == kg.relations()  # statements, evidence, offsets, roles
    assert again.summary() == reference.summary() == kg.summary()
    assert again.articles() == reference.articles() == kg.articles()
    assert again.timeline("九龙村") == kg.timeline("九龙村")


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_a_graph_read_from_rdf_writes_the_same_bytes(built, fmt, tmp_path):
    _, out = built
    sygraph.load(out / FILES[fmt]).write(tmp_path, formats=FORMATS)
    for name in FILES.values():
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_the_readme_evidence_query_answers_on_the_seed_turtle(seed_output, seed_graph):
    ttl = sygraph.load(seed_output / "sygraph.ttl")
    rows = ttl.sparql(README_EVIDENCE)
    assert rows and sorted(map(sorted, (r.items() for r in rows))) == \
        sorted(map(sorted, (r.items() for r in seed_graph.sparql(README_EVIDENCE))))
    parsed = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    assert set(ttl.rdf()) == set(parsed)  # every triple, not a third of them
    assert ttl.relations() == seed_graph.relations()


def test_cli_reads_turtle_as_it_reads_graphml(built, capsys):
    _, out = built
    outputs = []
    for name in (FILES["graphml"], FILES["ttl"], FILES["jsonld"]):
        assert main(["query", "古蔺县人武部", "-g", str(out / name), "--json"]) == 0
        assert main(["sparql", README_EVIDENCE, "-g", str(out / name), "--json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert "送去米面油" in outputs[0]


def test_attributes_without_a_property_of_their_own_are_kept(built, tmp_path):
    kg, _ = built
    copy = sygraph.KnowledgeGraph(kg.to_networkx(), base_iri=kg.base_iri)
    node = copy.find("九龙村")[0].id
    copy.graph.nodes[node]["note"] = "重点帮扶村"
    copy.graph.graph["corpus"] = "测试语料"
    u, v, k, _ = next(e for e in copy.edges() if e[3]["relation"] == "assists")
    copy.graph.edges[u, v, k]["checked"] = True
    copy.write(tmp_path, formats=FORMATS)
    reference = snapshot(sygraph.load(tmp_path / FILES["graphml"]))
    for fmt in ("ttl", "nt", "jsonld"):
        assert snapshot(sygraph.load(tmp_path / FILES[fmt])) == reference, fmt
    assert reference[2][node]["note"] == "重点帮扶村" and reference[1]["corpus"] == "测试语料"


def _rewritten(kg, tmp_path, drop):
    g = kg.to_rdf()
    for t in [t for t in g if drop(t)]:
        g.remove(t)
    path = tmp_path / "changed.ttl"
    path.write_bytes(serialize(g, "ttl"))
    return path


def test_what_cannot_be_read_back_is_refused_in_one_line(built, tmp_path):
    kg, _ = built
    no_graph = _rewritten(kg, tmp_path, lambda t: t[2] == SY.KnowledgeGraph)
    with pytest.raises(ExportError, match=r"no sy:KnowledgeGraph node.*load the GraphML export") as err:
        sygraph.load(no_graph)
    assert "\n" not in str(err.value)
    statement = next(s for s, p, o in kg.to_rdf() if p == RDF.predicate and o == SY.partners_with)
    unstated = _rewritten(kg, tmp_path, lambda t: t[0] == statement)
    with pytest.raises(ExportError, match=r"has no rdf:Statement; load the GraphML export"):
        sygraph.load(unstated)
    g = kg.to_rdf()
    g.add((URIRef("http://other.example/place/1"), RDF.type, SY.Place))
    (tmp_path / "foreign.ttl").write_bytes(serialize(g, "ttl"))
    with pytest.raises(ExportError, match=r"http://other.example/place/1 is no IRI sygraph mints under the graph's "
                                          r"base https://w3id.org/sygraph/id/"):
        sygraph.load(tmp_path / "foreign.ttl")
    (tmp_path / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"broken.ttl: not readable as turtle") as err:
        sygraph.load(tmp_path / "broken.ttl")
    assert "\n" not in str(err.value)


# -- JSON-LD with a term context ---------------------------------------------------------

def test_jsonld_reads_as_plain_json(built):
    _, out = built
    doc = json.loads((out / FILES["jsonld"]).read_text(encoding="utf-8"))
    context = doc["@context"]
    assert context["label"] == {"@id": "rdfs:label", "@language": "zh"}
    assert context["aliases"] == {"@id": "skos:altLabel", "@language": "zh", "@container": "@set"}
    assert context["adcode"] == {"@id": "sy:adcode"}
    assert context["assists"] == {"@id": "sy:assists", "@type": "@id", "@container": "@set"}
    assert context["confidence"] == {"@id": "sy:confidence", "@type": "xsd:double"}
    assert context["type"] == "@type" and context["id"] == "@id"
    nodes = {n["id"]: n for n in doc["@graph"]}
    city = next(n for n in nodes.values() if n.get("adcode") == "510500")
    assert city["label"] == "泸州市" and city["prefLabel"] == "泸州市" and city["level"] == "city"
    assert city["type"] == ["schema:Place", "sy:Place"]
    village = next(n for n in nodes.values() if n.get("label") == "九龙村")
    assert village["adcode"] == "510525103208" and isinstance(village["located_in"], list)
    said = [n for n in nodes.values() if n.get("predicate") == "sy:assists" and n.get("evidence")]
    assert said and all(isinstance(n["start"], int) and isinstance(n["evidence"], str) for n in said)
    assert any(n["evidence"] == "古蔺县人武部帮扶古蔺县太平镇九龙村，送去米面油。" for n in said)
    article = next(n for n in nodes.values() if n.get("source") == "news-1")
    assert article["headline"] == "古蔺县人武部帮扶九龙村" and article["publisher"] == "泸州日报"
    assert article["datePublished"] == {"@value": "2021-03-05T10:20:00", "@type": "xsd:dateTime"}
    assert not any(isinstance(v, dict) and "@language" in v for n in nodes.values() for v in n.values())


def test_jsonld_is_the_turtle_to_rdflib_and_oxigraph(built):
    _, out = built
    turtle = rdflib.Graph().parse(out / FILES["ttl"], format="turtle")
    jsonld = rdflib.Graph().parse(out / FILES["jsonld"], format="json-ld")
    assert set(jsonld) == set(turtle) and rdflib.compare.isomorphic(jsonld, turtle)

    def oxi(name, fmt):
        return {str(t) for t in pyoxigraph.parse(path=str(out / name), format=fmt)}

    assert oxi(FILES["jsonld"], pyoxigraph.RdfFormat.JSON_LD) == oxi(FILES["ttl"], pyoxigraph.RdfFormat.TURTLE)
    assert len(oxi(FILES["jsonld"], pyoxigraph.RdfFormat.JSON_LD)) == len(turtle)


def test_jsonld_of_the_seeds_holds_their_turtle(seed_output):
    turtle = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(seed_output / "sygraph.jsonld", format="json-ld")
    assert set(jsonld) == set(turtle)


# -- the base IRI ------------------------------------------------------------------------

@pytest.mark.parametrize("given, base", [
    ("http://example.org/kg", "http://example.org/kg/"),
    ("http://example.org/kg/", "http://example.org/kg/"),
    ("https://example.org/kg#", "https://example.org/kg#"),
    ("urn:sygraph:", "urn:sygraph:"),
    ("urn:example:kg", "urn:example:kg/"),
])
def test_a_base_iri_is_checked_and_ends_in_a_separator(given, base):
    assert validate_base_iri(given) == base


@pytest.mark.parametrize("given, message", [
    ("not an iri", "base IRI 'not an iri': a space is not allowed in an IRI"),
    ("example.org/kg/", "base IRI 'example.org/kg/': expected an absolute http(s) or urn IRI, such as "
                        "https://w3id.org/sygraph/id/"),
    ("ftp://example.org/", "base IRI 'ftp://example.org/': expected an absolute http(s) or urn IRI, such as "
                           "https://w3id.org/sygraph/id/"),
    ("http:///kg/", "base IRI 'http:///kg/': an http IRI needs a host (http://host/path/)"),
    ("http://example.org/<kg>/", "base IRI 'http://example.org/<kg>/': '<' is not allowed in an IRI"),
    ("http://example.org/a#b#", "base IRI 'http://example.org/a#b#': an IRI holds at most one #"),
    ("urn:kg", "base IRI 'urn:kg': a URN reads urn:<namespace>:<name>"),
])
def test_an_invalid_base_iri_is_one_line(given, message):
    with pytest.raises(ExportError) as err:
        validate_base_iri(given)
    assert str(err.value) == message


def test_a_base_without_a_slash_gets_one(tmp_path):
    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶通江县。"}, base_iri="http://example.org/kg")
    assert kg.base_iri == "http://example.org/kg/"
    iris = {d["iri"] for _, d in kg.graph.nodes(data=True)} | {str(s) for s in kg.to_rdf().subjects()}
    assert all(i.startswith("http://example.org/kg/") for i in iris)
    assert any(i.startswith("http://example.org/kg/article/") for i in iris)
    kg.write(tmp_path, formats=("graphml", "ttl"))
    assert snapshot(sygraph.load(tmp_path / "sygraph.ttl")) == snapshot(sygraph.load(tmp_path / "sygraph.graphml"))


def test_an_invalid_base_fails_the_build_in_one_line(tmp_path, capsys, caplog):
    with pytest.raises(ExportError, match=r"^base IRI 'not an iri': a space is not allowed in an IRI$"):
        sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶通江县。"}, base_iri="not an iri")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("开篇。\n巴中军分区帮扶通江县。", encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--base-iri", "not an iri", "-q", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert err == "sygraph: error: base IRI 'not an iri': a space is not allowed in an IRI\n"
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]


# -- the RDF view's cache ----------------------------------------------------------------

def test_the_rdf_view_follows_an_attribute_change_with_equal_counts():
    from sygraph.ingest import parse_article

    article = parse_article("a.txt", "开篇。\n巴中军分区帮扶通江县。")
    result = extract(article)
    kg = sygraph.KnowledgeGraph()
    kg.add_article(result)
    first = kg.rdf()
    assert kg.rdf() is first  # kept while nothing changes
    counts = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    kg.add_article(dataclasses.replace(result, article=dataclasses.replace(article, title="新的标题")))
    assert (kg.graph.number_of_nodes(), kg.graph.number_of_edges()) == counts
    headlines = {str(o) for o in kg.rdf().objects(None, URIRef("https://schema.org/headline"))}
    assert headlines == {"新的标题"}
    # an edit made through networkx is seen when asked for
    node = kg.find("通江县")[0].id
    kg.graph.nodes[node]["label"] = "通江"
    assert (kg.graph.number_of_nodes(), kg.graph.number_of_edges()) == counts
    fresh = kg.rdf(verify=True)
    assert "通江" in {str(o) for o in fresh.objects(URIRef(kg.graph.nodes[node]["iri"]), rdflib.RDFS.label)}
    assert kg.rdf() is fresh and kg.rdf(verify=True) is fresh


# -- SPARQL SERVICE ----------------------------------------------------------------------

@pytest.fixture
def endpoint():
    """A local SPARQL endpoint that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.answer()

        def do_POST(self):
            self.answer()

        def answer(self):
            hits.append(self.path)
            body = json.dumps({"head": {"vars": ["x"]},
                               "results": {"bindings": [{"x": {"type": "literal", "value": "远端"}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()


SERVICE_REFUSED = ("the query has a SERVICE clause, which sends requests to other servers: refused "
                   "(allow it with allow_service=True, or sygraph sparql --allow-service)")


@pytest.mark.parametrize("where", ["memory", "store"])
def test_service_is_refused_unless_allowed(endpoint, tmp_path, where):
    url, hits = endpoint
    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶通江县。"})
    store = {"store": tmp_path / "store"} if where == "store" else {}
    query = f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"
    with pytest.raises(QueryError) as err:
        kg.sparql(query, **store)
    assert str(err.value) == SERVICE_REFUSED and hits == []
    assert kg.sparql(query, allow_service=True, **store) == [{"x": "远端"}]
    assert hits


@pytest.mark.parametrize("query, service", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://example.org/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p ?o .SERVICE ?where { ?a ?b ?c } }", True),
    ("SELECT * WHERE { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }", True),
    ("SELECT ?service WHERE { ?s rdfs:label 'SERVICE' }", False),
    ('SELECT * WHERE { ?s rdfs:label """一行\nSERVICE 两行""" }', False),
    ("SELECT * WHERE { ?s ex:SERVICE ?o } # SERVICE <http://example.org/>", False),
    ("PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:p <http://example.org/SERVICE> }", False),
])
def test_service_is_found_where_it_is_a_keyword(query, service):
    assert uses_service(query) is service
