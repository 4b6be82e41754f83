"""Syndicated copies: the same article read twice is one article, with both sources recorded."""
import json

import rdflib

import sygraph
from sygraph.builder import build_folder
from sygraph.ingest import parse_article
from sygraph.syndication import CopyIndex
from sygraph.vocab import SY

STORY = ("7月30日，青禾县人武部联合县退役军人事务局走访慰问驻地部队官兵。",
         "慰问组一行来到白沙村，看望了三位抗美援朝老兵，送上慰问品和节日祝福。",
         "县人武部政委陈立表示，将继续做好拥军优属工作，让军人成为全社会尊崇的职业。")

# the county's own page, and a portal's copy of it: other chrome, other headline, Traditional
COUNTY = "首页 > 新闻中心 > 正文\n青禾县开展八一走访慰问\n来源：青禾县融媒体中心\n" + "\n".join(STORY) + \
    "\n责任编辑：王芳\n版权所有 青禾县融媒体中心"
PORTAL = ("登录 | 注册\n分享至\n青禾縣人武部走訪慰問駐地部隊\n發布時間：2024-07-31\n"
          "7月30日，青禾縣人武部聯合縣退役軍人事務局走訪慰問駐地部隊官兵。\n"
          "慰問組一行來到白沙村，看望了三位抗美援朝老兵，送上慰問品和節日祝福。\n"
          "縣人武部政委陳立表示，將繼續做好擁軍優屬工作，讓軍人成為全社會尊崇的職業。\n"
          "下一篇：远山乡举办退役军人招聘会")


def _article(name, *sentences):
    return parse_article(name, "标题\n" + "\n".join(sentences))


def test_a_copy_in_another_script_with_other_chrome_is_one_article_with_both_sources(tmp_path):
    (tmp_path / "county.txt").write_text(COUNTY, encoding="utf-8")
    (tmp_path / "portal.txt").write_text(PORTAL, encoding="utf-8")
    notes = []
    kg = sygraph.build([tmp_path], on_error=notes.append)
    assert [(a["source"], a.get("copies"), a.get("copy_of")) for a in kg.articles()] == [
        ("county.txt", ["portal.txt"], None), ("portal.txt", None, "county.txt")]
    assert [str(n) for n in notes] == [
        "portal.txt: the same article as county.txt (a syndicated copy); read once, both sources recorded"]
    # read once: the copy states nothing of its own, and names what the original names
    alone = sygraph.build([tmp_path / "county.txt"])
    assert kg.relations() == alone.relations()
    assert {**kg.summary(), "articles": 1} == alone.summary()
    assert [a["source"] for a in kg.articles("青禾县人武部")] == ["portal.txt", "county.txt"]  # dated first
    portal = kg.articles()[1]
    assert (portal["title"], portal["published"], "body" in portal) == ("青禾縣人武部走訪慰問駐地部隊", "2024-07-31", False)
    assert kg.body("portal.txt") == kg.body("county.txt") == "\n".join(STORY) + "\n责任编辑：王芳"


def test_the_report_notes_each_copy_and_every_format_keeps_it(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.txt").write_text(PORTAL, encoding="utf-8")
    (src / "a.txt").write_text(COUNTY, encoding="utf-8")
    result = build_folder([src], tmp_path / "out", formats=("graphml", "ttl", "jsonld"))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["warnings"] == [{"input": "b.txt", "problem": "the same article as a.txt (a syndicated copy); "
                                                                "read once, both sources recorded"}]
    assert result.report["articles_built"] == 2 and result.counts["articles"] == 2
    built = sygraph.load(tmp_path / "out" / "sygraph.graphml")
    for name in ("sygraph.graphml", "sygraph.ttl", "sygraph.jsonld"):
        back = sygraph.load(tmp_path / "out" / name)
        assert [(a["source"], a.get("copies"), a.get("copy_of")) for a in back.articles()] == [
            ("a.txt", ["b.txt"], None), ("b.txt", None, "a.txt")], name
        assert back.articles() == built.articles() and back.relations() == built.relations(), name


def test_the_stream_writes_the_copies_on_their_original(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(COUNTY, encoding="utf-8")
    (src / "b.txt").write_text(PORTAL, encoding="utf-8")
    build_folder([src], tmp_path / "out", stream=True)
    g = rdflib.Graph().parse(tmp_path / "out" / "sygraph.nt", format="nt")
    assert [(str(o)) for o in g.objects(None, SY.copySource)] == ["b.txt"]
    [article] = g.subjects(SY.copySource, None)
    assert str(g.value(article, SY.source)) == "a.txt"
    [copy] = g.subjects(SY.copyOf, article)
    assert str(g.value(copy, SY.source)) == "b.txt"


def test_argument_order_never_changes_which_copy_is_kept(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "county.txt").write_text(COUNTY, encoding="utf-8")
    (tmp_path / "y" / "portal.txt").write_text(PORTAL, encoding="utf-8")
    one = sygraph.build([tmp_path / "y", tmp_path / "x"])
    two = sygraph.build([tmp_path / "x", tmp_path / "y"])
    assert [(a["source"], a.get("copies")) for a in one.articles()] == [("county.txt", ["portal.txt"]),
                                                                         ("portal.txt", None)]
    assert one.articles() == two.articles()


def test_jsonl_copies_keep_their_addresses(tmp_path):
    text = "\n".join(STORY)
    rows = [{"id": "site-1", "url": "https://a.example.org/1", "title": "走访慰问", "text": text},
            {"id": "site-2", "url": "https://b.example.org/9", "title": "走访慰问驻地部队", "text": text}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    article, copy = sygraph.build([tmp_path / "c.jsonl"]).articles()
    assert (article["source"], article["copies"], article["copy_urls"]) == (
        "site-1", ["site-2"], ["https://b.example.org/9"])
    assert (copy["source"], copy["url"], copy["title"], copy["copy_of"]) == (
        "site-2", "https://b.example.org/9", "走访慰问驻地部队", "site-1")


def test_what_makes_a_copy():
    index = CopyIndex()
    six = [f"青禾县第{n}批退役军人志愿服务队今天在白沙村开展义诊活动。" for n in "一二三四五六"]
    assert index.original_of(_article("a.txt", *six)) is None
    # five of six sentences and one new: a copy (5 ≥ 0.8 × 6)
    assert index.original_of(_article("b.txt", *six[:5], "远山乡人武部组织民兵参加防汛演练，检验应急能力。")) == "a.txt"
    # three of six: another article that quotes the first
    assert index.original_of(_article("c.txt", *six[:3], *(f"远山乡第{n}次征兵宣传进校园活动顺利举行。" for n in "一二三"))) \
        is None
    # a boilerplate sentence shared by two different articles does not make a copy
    assert index.original_of(_article("d.txt", six[0], "石门镇为军属家庭送去春联和慰问金，情暖军心。")) is None
    # a body of short lines only says too little to compare, and is never a copy
    assert index.original_of(_article("e.txt", "记者 王芳", "图为现场")) is None
    assert index.original_of(_article("f.txt", "记者 王芳", "图为现场")) is None
