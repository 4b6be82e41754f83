"""Every offset a build gives points into the body it gives (``kg.body``, ``body`` in GraphML,
``schema:articleBody``): a user can check any statement without sygraph's internals."""
import sygraph
from conftest import ROOT

PAGE = ("<html><head><title>青禾縣雙擁工作紀實</title></head><body>"
        "<div class='nav'>首頁 &gt; 新聞中心 &gt; 正文</div><p>分享至 微信 微博</p>"
        "<h1>青禾縣人武部幫扶白沙村</h1><p>來源：青禾縣融媒體中心　發布時間：2024-05-03</p>"
        "<p>5月3日，青禾縣人武部政委陳立帶隊來到白沙村，與村黨支部簽訂結對幫扶協議。</p>"
        "<p>青禾縣退役軍人事務局局長王芳出席簽約儀式。村民李明說，大家很高興。</p>"
        "<p>下一篇：遠山鄉舉辦退役軍人招聘會</p></body></html>")


def _statements(kg):
    return [(st["article"], st["start"], st["end"], st["evidence"])
            for *_, agg in kg.triples() for st in agg["statements"] if st.get("article")]


def test_every_offset_of_the_seed_build_points_into_its_body():
    kg = sygraph.load(ROOT / "output" / "sygraph.graphml")
    statements = _statements(kg)
    assert len(statements) == kg.summary()["statements"] - sum(
        1 for *_, agg in kg.triples() for st in agg["statements"] if not st.get("article"))
    assert [s for s in statements if kg.body(s[0])[s[1]:s[2]] != s[3]] == []
    assert len(statements) > 20


def test_offsets_hold_on_a_traditional_page_with_chrome_in_every_format(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(PAGE, encoding="utf-8")
    kg = sygraph.build([tmp_path / "in"])
    assert kg.body("page.html") == ("5月3日，青禾縣人武部政委陳立帶隊來到白沙村，與村黨支部簽訂結對幫扶協議。\n"
                                    "青禾縣退役軍人事務局局長王芳出席簽約儀式。村民李明說，大家很高興。")
    kg.write(tmp_path / "out", formats=("graphml", "ttl", "jsonld", "nt"))
    for name in ("sygraph.graphml", "sygraph.ttl", "sygraph.jsonld", "sygraph.nt"):
        back = sygraph.load(tmp_path / "out" / name)
        statements = _statements(back)
        assert statements == _statements(kg) and len(statements) >= 3, name
        assert [s for s in statements if back.body(s[0])[s[1]:s[2]] != s[3]] == [], name
