"""Places linked to China's administrative divisions and their hierarchy."""
import json

import pytest

import sygraph
from sygraph.graph import DIVISION_SOURCE

from conftest import SHARED, needs_shared


@pytest.mark.parametrize("name, code", [
    ("泸州市", "510500"), ("江阳区", "510502"), ("泸县", "510521"), ("古蔺县", "510525"),
    ("叙永县", "510524"), ("庆阳市", "621000"), ("西峰区", "621002"),
])
def test_seed_places_carry_their_codes(seed_graph, name, code):
    place = [e for e in seed_graph.entities(type="place") if e.name == name]
    assert len(place) == 1 and place[0].attr("adcode") == code


def test_seed_gold_place_chains_are_complete(seed_graph):
    gold_dir = needs_shared(SHARED / "gold")
    pairs = set()
    for u, v, _, d in seed_graph.edges():
        if d["relation"] == "located_in":
            pairs.add((seed_graph.graph.nodes[u]["label"], seed_graph.graph.nodes[v]["label"]))
    for f in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        places = {e["name"] for e in gold["entities"] if e.get("type") == "place"}
        for r in gold["relations"]:
            if r["relation"] == "located_in" and r["head"] in places and r["tail"] in places:
                assert (r["head"], r["tail"]) in pairs


def test_townships_and_villages_get_codes_from_the_chain():
    kg = sygraph.build_texts({"a.txt": "部队帮助古蔺县太平镇九龙村修路。"})
    codes = {e.name: e.attr("adcode") for e in kg.entities(type="place")}
    assert codes["太平镇"] == "510525103" and codes["九龙村"].startswith("510525103")


def test_ancestors_are_inferred_places_with_table_edges():
    kg = sygraph.build_texts({"a.txt": "官兵来到叙永县开展义诊。"})
    by_name = {e.name: e for e in kg.entities(type="place")}
    assert by_name["泸州市"].attr("inferred") == "True" and by_name["四川省"].attr("inferred") == "True"
    assert by_name["叙永县"].attr("inferred") == ""
    edges = [d for u, v, _, d in kg.edges() if u == by_name["叙永县"].id and v == by_name["泸州市"].id]
    assert edges and edges[0]["inferred"] is True and edges[0]["source"] == DIVISION_SOURCE
    # inferred places are not mentioned by any article
    assert not [v for _, v, d in kg.graph.out_edges(by_name["四川省"].id, data=True)
                if d["relation"] == "mentioned_in"]


def test_one_character_abbreviations_in_stationed_units():
    kg = sygraph.build_texts({"a.txt": "眉山市召开双拥会议。眉山市领导出席。驻眉部队官兵参加植树。"})
    unit = kg.find("驻眉部队")[0]
    assert [e.name for e in kg.neighbors(unit, relation="located_in")] == ["眉山市"]
    kg = sygraph.build_texts({"b.txt": "驻陕某部官兵帮扶贫困村。"})
    assert "陕西省" in {e.name for e in kg.entities(type="place")}


def test_units_are_located_in_the_place_they_were_qualified_with():
    kg = sygraph.build_texts({"a.txt": "南江县召开会议。南江县领导出席。县人武部组织民兵参加。"})
    unit = kg.find("县人武部")[0]
    assert unit.name == "南江县人武部"
    assert [e.name for e in kg.neighbors(unit, relation="located_in")] == ["南江县"]


def test_article_home_area_is_stored_and_used():
    kg = sygraph.build_texts({"a.txt": "西峰区召开双拥会议。西峰区领导出席。市中医医院参加义诊。"})
    assert kg.articles()[0]["home"] == "621002"
    assert kg.find("市中医医院")[0].name == "庆阳市中医医院"


def test_a_short_name_resolves_by_the_same_sentence():
    kg = sygraph.build_texts({"a.txt": "泸州市江阳区和古蔺县开展双拥活动。"})
    assert {e.name: e.attr("adcode") for e in kg.entities(type="place")}["江阳区"] == "510502"


def test_rdf_has_containment_and_home_area(seed_output):
    import rdflib

    g = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    q = """PREFIX schema: <https://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           PREFIX sy: <https://w3id.org/sygraph/ontology#>
           SELECT ?a ?b WHERE { ?x schema:containedInPlace+ ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b }"""
    pairs = {(str(r.a), str(r.b)) for r in g.query(q)}
    assert ("九龙村", "四川省") in pairs
    homes = {str(r.label) for r in g.query(
        "PREFIX sy: <https://w3id.org/sygraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?label WHERE { ?a sy:homeArea ?p . ?p skos:prefLabel ?label }")}
    assert homes == {"泸州市", "西峰区"}
