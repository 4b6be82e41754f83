import sygraph
from sygraph.ingest import parse_article
from sygraph.pipeline import extract


def test_compound_place_names_give_a_located_in_chain_with_evidence():
    a = parse_article("t.txt", "开篇。\n军分区官兵帮助古蔺县太平镇九龙村修路。")
    r = extract(a)
    names = {e.id: e.name for e in r.entities}
    chain = {(names[x.head], names[x.tail]) for x in r.relations if x.relation == "located_in"}
    assert {("太平镇", "古蔺县"), ("九龙村", "太平镇")} <= chain
    for x in r.relations:
        assert a.text[x.start:x.end] == x.evidence
        assert x.article == "t.txt"


def test_a_unit_named_after_a_place_is_located_in_it():
    kg = sygraph.build_texts({"t.txt": "仁寿县文林镇中心小学开展国防教育。"})
    school = kg.find("仁寿县文林镇中心小学")[0]
    assert [e.name for e in kg.neighbors(school, relation="located_in")] == ["文林镇"]


def test_title_sentences_give_no_evidence_outside_the_body():
    r = extract(parse_article("t.txt", "古蔺县太平镇见闻\n正文一句话。"))
    assert all(x.start >= 0 for x in r.relations)
