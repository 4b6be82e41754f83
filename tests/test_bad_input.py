"""Messy corpora: every bad input is reported on one line and the good articles all build,
and whatever the text, the outputs still load in networkx, igraph and rdflib."""
import json
import os
from importlib import resources

import igraph
import networkx as nx
import pyshacl
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sygraph
from sygraph.cli import main

GOOD = "巴中军分区对口帮扶通江县沙溪镇王坪村,帮助修建道路。"


@pytest.fixture()
def corpus(tmp_path):
    """A folder of the inputs real corpora hold, good and bad, written by the test."""
    src = tmp_path / "corpus"
    (src / "sub").mkdir(parents=True)
    (src / "utf8.txt").write_text("平昌县人武部慰问老兵。", encoding="utf-8")
    (src / "bom.txt").write_bytes("\ufeff南江县人武部走访退役军人。".encode("utf-8"))
    (src / "gbk.txt").write_bytes("恩阳区人武部开展国防教育。".encode("gbk"))
    (src / "big5.txt").write_bytes("邵陽軍分區官兵走訪慰問老兵。".encode("big5"))
    (src / "utf16.txt").write_bytes("眉山军分区组织民兵训练。".encode("utf-16"))
    (src / "cut.txt").write_bytes("雅安军分区帮扶宝兴县。".encode("utf-8")[:-2])
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "page.html").write_text("<html><head><title>t</title><script>var x='<p>';</script></head>"
                                   "<body><div>导航</div><p>达州军分区帮扶宣汉县。</p></body></html>", encoding="utf-8")
    (src / "sub" / "page.txt").write_text("<html><body><p>广安军分区慰问烈属。</p><div>x</div><br>"
                                          "</body></html>", encoding="utf-8")
    (src / "huge.txt").write_text(GOOD + "双拥工作。" * 400, encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": "遂宁军分区帮扶射洪市。"}, ensure_ascii=False), "{broken",
             json.dumps({"id": "j2", "text": 5}), json.dumps({"id": "j3", "text": "内江军分区\\ud800慰问。"})]
    (src / "corpus.jsonl").write_text("\n".join(lines), encoding="utf-8")
    hostile = '泸州市"<b>&\\\\ 军分区\x01\x0b帮扶\u2028古蔺县\u0000太平镇。'
    (src / "hostile.txt").write_text(hostile.replace("\x00", ""), encoding="utf-8")
    try:
        os.symlink(src, src / "sub" / "loop")  # a link back up the tree
    except OSError:
        pass
    return src


def test_bad_inputs_are_reported_and_the_rest_built(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["build", str(corpus), "-o", str(out), "--max-chars", "500",
                 "--format", "graphml", "ttl", "nt", "jsonld", "csv"])
    err = capsys.readouterr().err
    assert code == 3
    for line in err.strip().splitlines():
        assert line.startswith(("sygraph: skipped: ", "sygraph: warning: ")) and "Traceback" not in line
    assert "empty.txt: empty file" in err and "binary.txt: binary file" in err
    assert "corpus.jsonl:2: not JSON" in err and "corpus.jsonl:3: expected an object" in err
    assert "huge.txt" in err and "cut at 500" in err
    assert "cut.txt: cut off in the middle of a character" in err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {s["input"].rsplit("/", 1)[-1] for s in report["skipped"]} == {"empty.txt", "binary.txt", "corpus.jsonl:2",
                                                                         "corpus.jsonl:3"}
    kg = sygraph.load(out / "sygraph.graphml")
    units = {e.name for e in kg.entities(type="unit")}
    for unit in ("平昌县人武部", "南江县人武部", "恩阳区人武部", "邵阳军分区", "眉山军分区", "雅安军分区",
                 "达州军分区", "广安军分区", "巴中军分区", "遂宁军分区", "内江军分区"):
        assert unit in units, unit
    assert "var x" not in (out / "sygraph.ttl").read_text(encoding="utf-8")
    # every output still loads
    nx.read_graphml(out / "sygraph.graphml")
    igraph.Graph.Read_GraphML(str(out / "sygraph.graphml"))
    for name, fmt in (("sygraph.ttl", "turtle"), ("sygraph.nt", "nt"), ("sygraph.jsonld", "json-ld")):
        rdflib.Graph().parse(out / name, format=fmt)


def test_the_same_corpus_listed_in_another_order_gives_the_same_bytes(corpus, tmp_path):
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    main(["build", *map(str, files), "-o", str(tmp_path / "a"), "-q"])
    main(["build", *map(str, reversed(files)), "-o", str(tmp_path / "b"), "-q"])
    for name in ("sygraph.graphml", "sygraph.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_an_input_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    victim = out / "sygraph.ttl"
    victim.write_text("巴中军分区帮扶王坪村。", encoding="utf-8")
    assert main(["build", str(victim), "-o", str(out)]) == 1
    assert "cannot also be an output" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "巴中军分区帮扶王坪村。"


def test_an_interrupted_write_leaves_the_previous_output(tmp_path, monkeypatch):
    from sygraph import formats

    kg = sygraph.build_texts({"a.txt": GOOD})
    kg.write(tmp_path)
    before = (tmp_path / "sygraph.ttl").read_bytes()

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(formats.os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        sygraph.build_texts({"b.txt": "平昌县人武部慰问老兵。"}).write(tmp_path)
    assert (tmp_path / "sygraph.ttl").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_hostile_names_give_valid_files(tmp_path):
    text = '“<script>"&\'\\\\”工程 ' + "泸州市\x07<&>军分区帮扶\u0085古蔺县。" + "《a]]>b》"
    kg = sygraph.build_texts({'we"ird <name>.txt': text})
    kg.write(tmp_path, formats=("graphml", "ttl", "nt", "jsonld", "csv"))
    nx.read_graphml(tmp_path / "sygraph.graphml")
    g = rdflib.Graph().parse(tmp_path / "sygraph.ttl", format="turtle")
    assert all(not isinstance(t, rdflib.URIRef) or " " not in str(t) and "<" not in str(t) for triple in g
               for t in triple)


def test_the_export_conforms_to_the_shacl_shapes(seed_output):
    shapes = rdflib.Graph().parse(data=resources.files("sygraph.data").joinpath("shapes.ttl").read_text(
        encoding="utf-8"), format="turtle")
    data = rdflib.Graph().parse(seed_output / "sygraph.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, report
    # and the shapes do catch a broken graph: an entity without its label
    entity = next(data.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/sygraph/ontology#Unit")))
    data.remove((entity, rdflib.RDFS.label, None))
    assert not pyshacl.validate(data, shacl_graph=shapes, inference="none")[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.text(alphabet="泸州市军分区帮扶古蔺县太平镇九龙村“”《》<>&\"'\\\x00\x01\x1f\n 。,、", max_size=200))
def test_any_text_builds_into_parseable_outputs(tmp_path_factory, noise, chinese):
    out = tmp_path_factory.mktemp("h")
    kg = sygraph.build_texts({"a.txt": noise + chinese, "b.txt": chinese + "\n" + noise * 3})
    kg.write(out, formats=("graphml", "ttl", "nt"))
    nx.read_graphml(out / "sygraph.graphml")
    rdflib.Graph().parse(out / "sygraph.ttl", format="turtle")
    rdflib.Graph().parse(out / "sygraph.nt", format="nt")


def test_a_huge_line_builds():
    kg = sygraph.build_texts({"long.txt": ("泸州军分区帮扶古蔺县" + "啊" * 20000) * 3})
    assert kg.find("泸州军分区")


def test_an_article_about_a_city_without_counties_builds_in_both_modes(tmp_path):
    # the division table once made 东莞, 中山 and 儋州 their own parents, and the build looped
    import subprocess
    import sys
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("东莞市石龙镇慰问驻地官兵\n\n东莞市石龙镇和中山市小榄镇的干部走访了退役军人。\n", encoding="utf-8")
    (folder / "b.txt").write_text("儋州市那大镇开展拥军活动\n\n儋州市那大镇组织志愿者为军属送去慰问品。\n", encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        run = subprocess.run([sys.executable, "-m", "sygraph.cli", "build", str(folder), "-o", str(out), "--jobs", jobs],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        g = nx.read_graphml(out / "sygraph.graphml")
        contained = {(g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)
                     if d.get("relation") == "located_in"}
        assert contained == {("石龙镇", "东莞市"), ("石龙镇", "广东省"), ("东莞市", "广东省"),
                             ("小榄镇", "中山市"), ("小榄镇", "广东省"), ("中山市", "广东省"),
                             ("那大镇", "儋州市"), ("那大镇", "海南省"), ("儋州市", "海南省")}


def test_line_separators_inside_the_text_keep_n_triples_and_jsonl_whole(tmp_path):
    # U+2028, U+2029 and U+0085 are line breaks to str.splitlines(), not to N-Triples or JSONL
    text = "某镇慰问老兵\n\n某镇干部\u2028走访慰问了退役军人\u0085李明华，送去慰问品\u2029和慰问金。\n"
    kg = sygraph.build_texts({"a.txt": text})
    kg.write(tmp_path / "out", formats=("nt",))
    parsed = rdflib.Graph().parse(tmp_path / "out" / "sygraph.nt", format="nt")
    assert len(parsed) == len(kg.to_rdf())
    record = {"id": "r1", "title": "某镇慰问老兵", "text": "某镇干部\u2028走访慰问了退役军人李明华。"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = []
    articles = list(sygraph.ingest.read_articles([tmp_path / "a.jsonl"], on_error=errors.append))
    assert errors == [] and [a.source for a in articles] == ["r1"]


def test_line_separators_keep_a_streamed_build_parsable(tmp_path):
    from sygraph.cli import main

    (tmp_path / "a.txt").write_text("某镇慰问老兵\n\n青禾县人武部\u2028帮扶白沙村\u0085的老兵\u2029和军属。\n",
                                    encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "s"), "--stream", "-q"]) == 0
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "p"), "--format", "nt", "-q"]) == 0
    streamed = rdflib.Graph().parse(tmp_path / "s" / "sygraph.nt", format="nt")
    plain = rdflib.Graph().parse(tmp_path / "p" / "sygraph.nt", format="nt")
    assert set(streamed) == set(plain) and len(streamed) > 20


def test_one_small_hostile_input_never_loses_the_build(tmp_path):
    from sygraph.cli import main

    (tmp_path / "ref.html").write_text("<p>开篇。</p><p>青禾县人武部帮扶白沙村。&#" + "9" * 5000 + ";</p>", encoding="utf-8")
    (tmp_path / "s.jsonl").write_text('{"id": "k\\ud800", "text": "青禾县人武部帮扶远山乡。", "title": "t\\udc00", '
                                      '"source": "\\ud83d", "url": "\\udfff", "published": "\\ud800"}\n', encoding="utf-8")
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "\udcff\udcfe.txt").write_bytes("开篇。\n石门镇人武部帮扶白沙村。".encode())
    out = tmp_path / "out"
    assert main(["build", str(tmp_path / "ref.html"), str(tmp_path / "s.jsonl"), str(tmp_path / "names"),
                 "-o", str(out), "-q"]) == 0
    kg = sygraph.load(out / "sygraph.graphml")
    # lone surrogates become U+FFFD (offsets hold); a file name's undecodable bytes read \xNN
    assert sorted((a["source"], a["title"], a.get("url", "")) for a in kg.articles()) == [
        ("\\xff\\xfe.txt", "", ""), ("k\ufffd", "t\ufffd", "\ufffd"), ("ref.html", "", "")]


def test_an_article_past_the_time_guard_is_skipped_with_its_reason_and_the_rest_built(tmp_path, monkeypatch):
    from sygraph import parallel

    sygraph.build_texts({"warm.txt": "开篇。\n青禾县人武部帮扶白沙村。"})  # models and lexicon loaded first
    monkeypatch.setattr(parallel, "ARTICLE_SECONDS", 0.5)
    (tmp_path / "long.txt").write_text("开篇。\n" + "青禾县人武部帮扶白沙村" * 1000, encoding="utf-8")
    (tmp_path / "short.txt").write_text("开篇。\n远山乡人武部帮扶石门村。", encoding="utf-8")
    skipped = []
    kg = sygraph.build([tmp_path], on_error=skipped.append)
    assert [str(e) for e in skipped] == ["long.txt: could not be processed (took longer than 0.5 s)"]
    assert [a["source"] for a in kg.articles()] == ["short.txt"]
    assert parallel.signal.getitimer(parallel.signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped alarm, on purpose
def test_the_time_guard_holds_when_its_first_alarm_lands_in_a_finaliser(monkeypatch):
    # Python prints and drops an exception raised while a __del__ (or a gc callback) runs;
    # the guard must fire again rather than let the article run on
    import time

    from sygraph import parallel, pipeline

    class SlowToFinalise:
        def __del__(self):
            time.sleep(0.3)

    def extract(article, registry):
        SlowToFinalise()  # dropped at once: the first alarm lands in its __del__
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            pass
        return "finished"

    monkeypatch.setattr(parallel, "ARTICLE_SECONDS", 0.1)
    monkeypatch.setattr(pipeline, "extract", extract)
    started = time.monotonic()
    with pytest.raises(parallel.ArticleTimeout):
        parallel._extract_guarded(None, None)
    assert time.monotonic() - started < 1.5
    assert parallel.signal.getitimer(parallel.signal.ITIMER_REAL) == (0.0, 0.0)


# no sentence mark inside (a "!" or ";" would end the sentence, and the name with it)
HOSTILE = "拥军]]></script>\u202e<script>'\"&\\行动"


def test_a_hostile_name_survives_every_output(tmp_path):
    from sygraph.cli import main

    reg = tmp_path / "reg.tsv"
    reg.write_text("kind\tid\ttype\tname\taliases\tadcode\tnever_merge_with\n"
                   f"entity\th1\tprogram\t{HOSTILE}\t\t\t\n", encoding="utf-8")
    record = {"id": "h1", "title": "标题", "text": f"青禾县人武部开展{HOSTILE}，慰问老兵。"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(tmp_path / "a.jsonl"), "-o", str(out), "--registry", str(reg), "-q",
                 "--format", "graphml", "ttl", "nt", "jsonld", "csv", "html", "parquet"]) == 0
    names = {}
    for name in ("sygraph.graphml", "sygraph.ttl", "sygraph.nt", "sygraph.jsonld"):
        kg = sygraph.load(out / name)
        names[name] = sorted(e.name for e in kg.entities(type="program"))
    assert set(map(tuple, names.values())) == {(HOSTILE,)}
    import csv
    with open(out / "nodes.csv", encoding="utf-8", newline="") as f:
        assert HOSTILE in {row["label"] for row in csv.DictReader(f)}
    import pyarrow.parquet as pq
    assert HOSTILE in pq.read_table(out / "entities.parquet").column("title").to_pylist()
    page = (out / "sygraph.html").read_text(encoding="utf-8")
    assert "</script>\u202e" not in page and "]]><" not in page  # escaped inside the data
