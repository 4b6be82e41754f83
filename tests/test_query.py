"""Asking the graph questions: records, paths, neighbourhoods, SPARQL, analysis."""
import json

import pytest

import sygraph
from sygraph.cli import main
from sygraph.errors import QueryError
from sygraph.query import zh

TEXTS = {
    "a.txt": "巴中市双拥纪实\n2021-08-01 09:00 来源:巴中日报\n巴中军分区对口帮扶通江县沙溪镇王坪村。\n"
             "恩阳区人武部驻村队员赵家明走访王坪村。",
    "b.txt": "南江县双拥纪实\n2022-03-05 10:00 来源:巴中日报\n巴中军分区帮扶南江县赶场镇小河村。\n"
             "南江县召开双拥工作会议。",
}


@pytest.fixture(scope="module")
def kg():
    return sygraph.build_texts(TEXTS)


def test_neighbors_by_direction(kg):
    unit = kg.find("巴中军分区")[0]
    assert {e.name for e in kg.neighbors(unit, relation="assists", direction="out")} == {"王坪村", "小河村"}
    assert kg.neighbors(unit, relation="assists", direction="in") == []
    with pytest.raises(QueryError):
        kg.neighbors(unit, direction="sideways")


def test_path_and_subgraph(kg):
    names = [e.name for e in kg.path("王坪村", "小河村")]
    assert names[0] == "王坪村" and names[-1] == "小河村" and "巴中军分区" in names
    sub = kg.subgraph("巴中军分区", depth=1)
    assert {e.name for e in sub.entities()} >= {"巴中军分区", "王坪村", "小河村"}
    assert {a["source"] for a in sub.articles()} == {"a.txt", "b.txt"}


def test_articles_and_timeline_by_date(kg):
    assert [a["source"] for a in kg.articles("巴中军分区")] == ["a.txt", "b.txt"]
    line = kg.timeline("巴中军分区")
    assert [x["published"][:4] for x in line] == ["2021", "2022"]
    assert any(rel == "assists" for _, rel, _, _ in line[0]["relations"])


def test_sparql_binds_values_and_reports_bad_queries(kg):
    rows = kg.sparql("SELECT ?evidence WHERE { ?s a rdf:Statement ; rdf:subject ?h ; rdf:predicate sy:assists ;"
                     " sy:evidence ?evidence . ?h rdfs:label ?name }", name=zh("巴中军分区"))
    assert len(rows) == 2 and all("巴中军分区" in r["evidence"] for r in rows)
    # a bound value is a value, not query text
    assert kg.sparql("SELECT ?h WHERE { ?h rdfs:label ?name }", name='x" } ?a ?b ?c . { "') == []
    with pytest.raises(QueryError, match="bad SPARQL"):
        kg.sparql("SELECT ?x WHERE {")


def test_rank_and_communities(kg):
    top = kg.rank(type="unit", by="degree", top=1)
    assert top[0][0].name == "巴中军分区"
    for by in ("pagerank", "betweenness"):
        assert len(kg.rank(by=by, top=3)) == 3
    groups = kg.communities()
    assert groups and any("巴中军分区" in {e.name for e in g} for g in groups)
    with pytest.raises(QueryError):
        kg.rank(by="fame")


def test_cli_query_sparql_stats(kg, tmp_path, capsys):
    kg.write(tmp_path)
    graph = str(tmp_path / "sygraph.graphml")
    assert main(["query", "巴中军分区", "-g", graph, "--relation", "assists"]) == 0
    out = capsys.readouterr().out
    assert "王坪村" in out and "evidence" in out
    assert main(["query", "巴中军分区", "-g", graph, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["name"] == "巴中军分区" and data[0]["relations"]
    assert main(["sparql", "SELECT ?n WHERE { ?p a schema:Place ; rdfs:label ?n }", "-g", graph, "--json"]) == 0
    assert {"n": "王坪村"} in json.loads(capsys.readouterr().out)
    assert main(["stats", "-g", graph, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["articles"] == 2
    assert main(["query", "没有这个", "-g", graph]) == 1
    assert "no entity named" in capsys.readouterr().err
