"""The closed vocabularies: a relation, level or ontology term outside them is one clear error
where it is met, never a silent stand-in."""
import re
from importlib import resources

import networkx as nx
import pytest

import sygraph
from sygraph.errors import ExportError, QueryError
from sygraph.formats.rdf import graph_from_rdf, to_rdf
from sygraph.model import Relation, Statement
from sygraph.terms import Level, RelationType
from sygraph.vocab import SY


def test_a_relation_outside_the_vocabulary_is_refused_when_made():
    with pytest.raises(ValueError, match="^'helps' is not a valid RelationType$"):
        Relation("unit-a", "helps", "place-b")
    made = Relation("unit-a", RelationType.ASSISTS, "place-b", Statement("a.txt", "甲帮助乙。", 3, 8, 0.8))
    assert (type(made.relation), made.relation, made.article, made.start, made.end, made.role) == \
        (str, "assists", "a.txt", 3, 8, "")


def test_asking_for_an_unknown_relation_names_the_relations():
    kg = sygraph.build_texts({"a.txt": "青禾县人武部帮助白沙村修路。"})
    with pytest.raises(QueryError) as err:
        kg.relations(relation="helps")
    assert str(err.value) == ("unknown relation 'helps'; the relations are located_in, part_of, affiliated_with, "
                              "resident_of, assists, partners_with, organizes, pursues, awarded")
    assert [(r.head.name, r.tail.name) for r in kg.relations(relation="assists")] == [("青禾县人武部", "白沙村")]


def test_the_ontology_namespace_holds_exactly_the_terms_of_the_ontology_file():
    text = resources.files("sygraph").joinpath("data/sygraph.ttl").read_text(encoding="utf-8")
    defined = set(re.findall(r"^sy:(\w+)", text, flags=re.M))
    assert set(SY.__annotations__) == defined
    assert str(SY.located_in) == "https://w3id.org/sygraph/ontology#located_in"
    with pytest.raises(AttributeError):
        SY.locatedIn  # a typo mints no IRI


def test_an_edge_of_an_unknown_relation_is_one_export_error():
    kg = sygraph.build_texts({"a.txt": "青禾县人武部帮助白沙村修路。"})
    unit, place = kg.find("青禾县人武部")[0].id, kg.find("白沙村")[0].id
    kg.graph.add_edge(unit, place, key="x", relation="befriends", article="a.txt", start=0, end=5)
    with pytest.raises(ExportError) as err:
        to_rdf(kg)
    assert str(err.value).startswith("the graph: relation 'befriends' is not in the sygraph ontology; its relations "
                                     "are located_in, part_of,")


def test_rdf_with_a_predicate_outside_the_ontology_is_refused_by_name():
    kg = sygraph.build_texts({"a.txt": "青禾县人武部帮助白沙村修路。"})
    g = to_rdf(kg)
    g.update("PREFIX sy: <https://w3id.org/sygraph/ontology#> "
             "DELETE { ?s rdf:predicate sy:assists } INSERT { ?s rdf:predicate sy:befriends } "
             "WHERE { ?s rdf:predicate sy:assists }")
    with pytest.raises(ExportError, match="^x.ttl: relation 'befriends' is not in the sygraph ontology"):
        graph_from_rdf(g, "x.ttl")


def test_levels_are_ordered_from_the_province_down():
    assert sorted([Level.VILLAGE, Level.PROVINCE, Level.COUNTY, Level.TOWNSHIP, Level.CITY]) == list(Level)
    assert [lv.rank for lv in Level] == [0, 1, 2, 3, 4]
    assert Level("county") == "county" and str(Level.CITY) == "city"


def test_a_graph_stores_relations_as_plain_text():
    kg = sygraph.build_texts({"a.txt": "青禾县人武部帮助白沙村修路。"})
    assert {type(d["relation"]) for *_, d in kg.graph.edges(data=True)} == {str}
    assert isinstance(kg.to_networkx(), nx.MultiDiGraph)
