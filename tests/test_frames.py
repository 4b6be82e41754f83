"""sygraph.frames.to_pandas: the graph as DataFrames with fixed dtypes, exact values."""
import sys

import pytest

import sygraph
from conftest import TABLE_TEXTS as TEXTS, DIVISIONS
from sygraph.errors import ExportError
from sygraph.frames import TABLES, relation_id, to_pandas

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def kg():
    return sygraph.build_texts(TEXTS)


@pytest.fixture(scope="module")
def frames(kg):
    return to_pandas(kg)


def _id(kg, name):
    return kg.find(name)[0].id


def _row(df, **where):
    hit = df
    for k, v in where.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1, where
    return {k: None if not isinstance(v, list) and pd.isna(v) else v for k, v in hit.iloc[0].to_dict().items()}


def test_all_tables_by_name(frames):
    assert list(frames) == list(TABLES) == ["entities", "relations", "statements", "articles", "mentions",
                                            "co_occurrences"]
    assert all(list(df.index) == list(range(len(df))) for df in frames.values())


def test_entities_dtypes_and_values(kg, frames):
    df = frames["entities"]
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        "id": "string", "name": "string", "type": "string", "iri": "string", "aliases": "object",
        "adcode": "string", "level": "string", "inferred": "bool", "mention_count": "int64",
        "article_count": "int64"}
    assert list(df.name) == [e.name for e in kg.entities()]
    village = _row(df, name="九龙村")
    assert village == {"id": _id(kg, "九龙村"), "name": "九龙村", "type": "place",
                       "iri": kg.graph.nodes[_id(kg, "九龙村")]["iri"], "aliases": ["古蔺县太平镇九龙村"],
                       "adcode": "510525103208", "level": "village", "inferred": False,
                       "mention_count": 3, "article_count": 2}
    province = _row(df, name="四川省")
    assert (province["adcode"], province["inferred"], province["mention_count"], province["article_count"]) == (
        "510000", True, 0, 0)
    person = _row(df, name="王建国")
    assert person["adcode"] is None and person["level"] is None and person["aliases"] == []
    assert (person["mention_count"], person["article_count"]) == (2, 2)
    # a code is a string, never a number: leading digits and length kept
    assert df.adcode.dropna().tolist() == ["510525103208", "510525", "510000", "510525103", "510500"]


def test_relations_one_row_per_triple(kg, frames):
    df = frames["relations"]
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        "id": "string", "head_id": "string", "head_name": "string", "relation": "string", "tail_id": "string",
        "tail_name": "string", "count": "int64", "articles": "object", "confidence": "float64",
        "inferred": "bool", "evidence": "string"}
    assert len(df) == kg.summary()["relations"] == 13
    assists = _row(df, relation="assists")
    assert assists == {"id": relation_id(_id(kg, "古蔺县人武部"), "assists", _id(kg, "九龙村")),
                       "head_id": _id(kg, "古蔺县人武部"), "head_name": "古蔺县人武部", "relation": "assists",
                       "tail_id": _id(kg, "九龙村"), "tail_name": "九龙村", "count": 2, "articles": ["a.txt", "b.txt"],
                       "confidence": 0.7, "inferred": False, "evidence": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。"}
    table_only = _row(df, head_name="九龙村", tail_name="四川省")
    assert (table_only["count"], table_only["articles"], table_only["inferred"], table_only["confidence"]) == (
        1, [], True, 1.0)
    assert table_only["evidence"] is None
    # the division table and a sentence both state 九龙村 located_in 太平镇: stated, two statements
    both = _row(df, head_name="九龙村", tail_name="太平镇")
    assert (both["count"], both["articles"], both["inferred"]) == (2, ["a.txt"], False)


def test_statements_one_row_per_statement(kg, frames):
    df = frames["statements"]
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        "id": "string", "relation_id": "string", "head_id": "string", "relation": "string", "tail_id": "string",
        "article": "string", "evidence": "string", "start": "int64", "end": "int64", "confidence": "float64",
        "inferred": "bool", "role": "string", "source": "string"}
    assert len(df) == kg.summary()["statements"] == 17
    assert df.id.is_unique
    assert set(df.relation_id) == set(frames["relations"].id)
    stated = df[df.relation == "assists"].drop(columns=["id", "relation_id", "head_id", "tail_id"])
    assert stated.astype(object).where(stated.notna(), None).to_dict("records") == [
        {"relation": "assists", "article": "a.txt", "evidence": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。",
         "start": 0, "end": 20, "confidence": 0.7, "inferred": False, "role": None, "source": None},
        {"relation": "assists", "article": "b.txt", "evidence": "古蔺县人武部官兵再次帮扶九龙村。",
         "start": 0, "end": 16, "confidence": 0.7, "inferred": False, "role": None, "source": None}]
    role = _row(df, relation="affiliated_with")
    assert (role["head_id"], role["tail_id"], role["role"], role["start"], role["end"]) == (
        _id(kg, "王建国"), _id(kg, "古蔺县退役军人事务局"), "局长", 20, 40)
    table = df[(df.head_id == _id(kg, "九龙村")) & (df.tail_id == _id(kg, "太平镇"))]
    assert table.source.isna().tolist() == [True, False]
    last = table.iloc[1]
    assert (last.start, last.end, bool(last.inferred), last.source) == (-1, -1, True, DIVISIONS)
    assert pd.isna(last.article) and pd.isna(last.evidence)


def test_articles_and_mentions(kg, frames):
    articles = frames["articles"]
    assert {c: str(t) for c, t in articles.dtypes.items()} == {
        **{c: "string" for c in ("id", "source", "title", "published", "publisher", "url", "home", "iri", "copy_of",
                                 "body")},
        "copies": "object", "copy_urls": "object"}
    first = articles.iloc[0].to_dict()
    # the body is the text the statements' offsets point into
    assert first["body"] == ("古蔺县人武部帮扶古蔺县太平镇九龙村修路。古蔺县退役军人事务局局长王建国出席活动。"
                             "古蔺县人武部帮扶古蔺县太平镇九龙村修路。")
    assert first["copies"] == [] and first["copy_urls"] == []
    assert {k: first[k] for k in ("source", "title", "published", "publisher", "home")} == {
        "source": "a.txt", "title": "青禾社区迎春活动纪实", "published": "2021-03-05T10:20", "publisher": "青禾日报",
        "home": "510525"}
    assert pd.isna(first["url"]) and articles.source.tolist() == ["a.txt", "b.txt"]
    assert pd.isna(articles.iloc[1].title)
    mentions = frames["mentions"]
    assert {c: str(t) for c, t in mentions.dtypes.items()} == {
        "entity_id": "string", "article_id": "string", "article": "string", "count": "int64"}
    county = mentions[mentions.entity_id == _id(kg, "古蔺县")]
    assert county[["article", "count"]].values.tolist() == [["a.txt", 5], ["b.txt", 1]]
    assert set(mentions.article_id) == set(articles.id)
    co = frames["co_occurrences"]
    assert {c: str(t) for c, t in co.dtypes.items()} == {"a": "string", "b": "string", "weight": "int64"}
    pair = co[(co.a == _id(kg, "九龙村")) & (co.b == _id(kg, "古蔺县人武部"))]
    assert pair.weight.tolist() == [3]


def test_one_table_by_name(kg, frames):
    pd.testing.assert_frame_equal(to_pandas(kg, "relations"), frames["relations"])
    with pytest.raises(ExportError, match="unknown table 'nodes'; choose from entities, relations"):
        to_pandas(kg, "nodes")


def test_an_empty_graph_keeps_the_dtypes():
    frames = to_pandas(sygraph.KnowledgeGraph())
    assert all(len(df) == 0 for df in frames.values())
    assert str(frames["entities"].mention_count.dtype) == "int64"
    assert str(frames["statements"].inferred.dtype) == "bool"
    assert str(frames["entities"].adcode.dtype) == "string"


def test_the_graphml_read_back_gives_the_same_frames(kg, frames, tmp_path):
    kg.write(tmp_path, formats=("graphml",))
    again = to_pandas(sygraph.load(tmp_path / "sygraph.graphml"))
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], frames[name], obj=name)


def test_the_same_graph_built_in_another_order_gives_the_same_frames(frames):
    other = to_pandas(sygraph.build_texts(dict(reversed(list(TEXTS.items())))))
    for name in TABLES:
        pd.testing.assert_frame_equal(other[name], frames[name], obj=name)


def test_without_pandas_one_clear_error(kg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ExportError) as err:
        to_pandas(kg)
    assert str(err.value) == "DataFrames need pandas: pip install 'sygraph[pandas]'"
    assert "\n" not in str(err.value)


def test_the_graph_method_is_the_frames_function():
    import sygraph
    from sygraph.frames import to_pandas

    kg = sygraph.build_texts({"a.txt": "开篇。\n青禾县人武部帮扶白沙村。"})
    assert kg.to_pandas("relations").equals(to_pandas(kg, "relations"))
    assert sorted(kg.to_pandas()) == sorted(to_pandas(kg))
