import pytest

import sygraph
from sygraph.errors import QueryError

TEXTS = {
    "a.txt": "巴中军分区帮助通江县沙溪镇王坪村修路。巴中市退役军人事务局参加。",
    "b.txt": "巴中军分区官兵走访慰问。记者 郑小红 摄",
}


@pytest.fixture(scope="module")
def kg():
    return sygraph.build_texts(TEXTS)


def test_entities_merge_across_articles_by_id(kg):
    units = [e for e in kg.entities(type="unit") if e.name == "巴中军分区"]
    assert len(units) == 1
    assert {a["source"] for a in kg.articles()} == {"a.txt", "b.txt"}
    assert sorted(n["source"] for n in (kg.graph.nodes[v] for _, v, d in
                  kg.graph.out_edges(units[0].id, data=True) if d["relation"] == "mentioned_in")) == ["a.txt", "b.txt"]


def test_find_by_name_or_alias(kg):
    assert [e.name for e in kg.find("巴中")] == ["巴中市"]
    assert kg.find("没有这个") == []


def test_neighbors_and_relation_filter(kg):
    village = kg.find("王坪村")[0]
    # containment is kept transitively: the township, and from the table the county, city, province
    assert {e.name for e in kg.neighbors(village, relation="located_in")} == {"沙溪镇", "通江县", "巴中市", "四川省"}
    assert [e.name for e in kg.neighbors(village, relation="located_in", direction="in")] == []


def test_unknown_entity_is_a_query_error(kg):
    with pytest.raises(QueryError, match="no entity named"):
        kg.neighbors("不存在的单位")


def test_summary_counts(kg):
    s = kg.summary()
    assert s["articles"] == 2 and s["person"] == 1 and s["relations"] >= 2
    assert s["place"] == len(kg.entities(type="place"))


def test_a_replaced_statement_is_seen_by_the_next_sparql_query():
    import sygraph
    from sygraph.model import Relation, Statement

    kg = sygraph.build_texts({"a.txt": "叙永县人武部与叙永县人民医院签约。"})
    unit, hospital = kg.find("叙永县人武部")[0], kg.find("叙永县人民医院")[0]
    query = "SELECT ?e WHERE { ?s rdf:predicate sy:partners_with ; sy:evidence ?e }"
    assert kg.sparql(query) == [{"e": "叙永县人武部与叙永县人民医院签约。"}]
    kg.add_relation(Relation(unit.id, "partners_with", hospital.id, Statement("a.txt", "改写的证据", 0, 17, 0.9)))
    assert kg.sparql(query) == [{"e": "改写的证据"}]  # same key, same counts: still a new graph


def test_the_containers_repr_counts_in_words():
    import sygraph
    from sygraph.graph import GraphData

    kg = sygraph.build_texts({"a.txt": "叙永县人武部与叙永县人民医院签约。"})
    assert repr(GraphData(kg.graph)) == "<GraphData: 1 article, 5 entities, 5 relations>"
    assert repr(GraphData()) == "<GraphData: 0 articles, 0 entities, 0 relations>"


def test_merging_two_spellings_of_one_entity_keeps_both_whatever_the_order():
    from sygraph.graph import GraphData
    from sygraph.model import Article, ArticleResult, Entity, EntityType

    def result(source, name, alias):
        e = Entity("unit-x", EntityType.UNIT, name, (alias,))
        return ArticleResult(Article(source, "正文"), (e,), (), (("unit-x", 1),))

    one, two = result("a.txt", "青禾县人武部", "青禾人武部"), result("b.txt", "青禾县人民武装部", "人武部")
    seen = []
    for order in ((one, two), (two, one)):
        g = GraphData()
        for r in order:
            g.add_article(r)
        seen.append((g.graph.nodes["unit-x"]["label"], g.graph.nodes["unit-x"]["aliases"]))
    assert seen == [("青禾县人武部", ["人武部", "青禾人武部", "青禾县人民武装部"])] * 2
