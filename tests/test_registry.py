"""The user's registry: aliases merge, stop words vanish, homonyms stay apart, ids stay."""
import json

import networkx as nx
import pytest

import sygraph
from sygraph.cli import main
from sygraph.errors import DataError
from sygraph.registry import check_registry, load_registry, suggest_merges

HEADER = "kind\tid\ttype\tname\taliases\tadcode\tnever_merge_with\n"
TEXTS = {
    "a.txt": "开篇。\n驻巴某部官兵帮扶通江县王坪村。双拥工作成效明显。",
    "b.txt": "开篇。\n中国人民解放军驻巴某部队再次帮扶王坪村。",
}


def registry(tmp_path, rows, name="reg.tsv"):
    path = tmp_path / name
    path.write_text("# my registry\n" + HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_alias_merges_surface_forms_across_articles(tmp_path):
    reg = registry(tmp_path, [("entity", "u1", "unit", "中国人民解放军驻巴某部队", "驻巴某部", "", "")])
    kg = sygraph.build_texts(TEXTS, registry=reg)
    units = [e for e in kg.entities(type="unit") if "驻巴" in e.name]
    assert [u.name for u in units] == ["中国人民解放军驻巴某部队"]
    articles = {a["source"] for a in kg.articles(units[0])}
    assert articles == {"a.txt", "b.txt"}
    assert kg.find("驻巴某部")[0].id == units[0].id  # queries accept the registry's aliases


def test_a_stop_listed_word_never_becomes_an_entity(tmp_path):
    plain = sygraph.build_texts({"a.txt": "开篇。\n城关镇党委书记韩立新讲话。"})
    assert plain.find("城关镇党委")
    reg = registry(tmp_path, [("stop", "", "", "城关镇党委", "", "", "")])
    kg = sygraph.build_texts({"a.txt": "开篇。\n城关镇党委书记韩立新讲话。"}, registry=reg)
    assert kg.find("城关镇党委") == []


def test_lexicon_words_are_recognised(tmp_path):
    reg = registry(tmp_path, [("word", "", "program", "暖心护航计划", "", "", "")])
    kg = sygraph.build_texts({"a.txt": "开篇。\n他们参加暖心护航计划。"}, registry=reg)
    assert [e.name for e in kg.entities(type="program")] == ["暖心护航计划"]


def test_never_merge_with_keeps_two_same_named_places_apart(tmp_path):
    reg = registry(tmp_path, [
        ("entity", "t1", "place", "红星村", "", "", "t2"),
        ("entity", "t2", "place", "红星村", "", "", "t1"),
    ])
    assert check_registry(reg) == []
    kg = sygraph.build_texts({"a.txt": "开篇。\n官兵来到红星村。", "b.txt": "开篇。\n民兵走进红星村。"}, registry=reg)
    # the registry cannot tell which of its two 红星村 each article means: neither is guessed
    assert not [e for e in kg.entities(type="place") if e.id.endswith(("t1", "t2"))]
    villages = [e for e in kg.entities(type="place") if e.name == "红星村"]
    assert all(not e.id.startswith("registry") for e in villages)


def test_an_edited_canonical_name_keeps_the_id(tmp_path):
    first = registry(tmp_path, [("entity", "u1", "unit", "驻巴某部", "", "", "")], "a.tsv")
    second = registry(tmp_path, [("entity", "u1", "unit", "中国人民解放军驻巴某部队", "驻巴某部", "", "")], "b.tsv")
    a = sygraph.build_texts(TEXTS, registry=first)
    b = sygraph.build_texts(TEXTS, registry=second)
    id_a = a.find("驻巴某部")[0].id
    assert id_a == b.find("驻巴某部")[0].id
    assert b.find("驻巴某部")[0].name == "中国人民解放军驻巴某部队"


def test_check_names_the_line_of_each_problem(tmp_path):
    reg = registry(tmp_path, [
        ("entity", "u1", "unit", "甲部队", "乙部队", "", ""),
        ("entity", "u2", "unit", "乙部队", "", "", ""),
        ("entity", "u1", "unit", "丙部队", "", "", ""),
        ("entity", "x", "army", "丁部队", "", "", ""),
        ("entity", "p1", "place", "红星村", "", "", "p9"),
        ("bogus", "", "", "戊", "", "", ""),
    ])
    problems = check_registry(reg)
    text = "\n".join(problems)
    assert f"{reg}:4: '乙部队' also names 'u1' (line 3)" in text
    assert f"{reg}:5: id 'u1' is already used on line 3" in text
    assert f"{reg}:6: unknown type 'army'" in text
    assert f"{reg}:7: never_merge_with names 'p9'" in text
    assert f"{reg}:8: unknown kind 'bogus'" in text
    with pytest.raises(DataError, match="reg.tsv:4"):
        load_registry(reg)


def test_suggest_proposes_merges_on_a_corpus(tmp_path):
    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶王坪村。", "b.txt": "开篇。\n巴中市军分区帮扶小河村。"})
    text = suggest_merges(kg)
    rows = [line.split("\t") for line in text.splitlines() if line.startswith("entity")]
    assert any(r[3] == "巴中市军分区" and "巴中军分区" in r[4].split("|") for r in rows)
    # and the suggestion, fed back, merges the two
    path = tmp_path / "suggested.tsv"
    path.write_text(text, encoding="utf-8")
    assert check_registry(path) == []
    merged = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶王坪村。", "b.txt": "开篇。\n巴中市军分区帮扶小河村。"},
                                 registry=path)
    assert len([e for e in merged.entities(type="unit") if "军分区" in e.name]) == 1


def test_cli_registry_and_metadata(tmp_path, capsys):
    reg = registry(tmp_path, [("entity", "u1", "unit", "中国人民解放军驻巴某部队", "驻巴某部", "", "")])
    src = tmp_path / "in"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    assert main(["registry", "check", str(reg)]) == 0
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--registry", str(reg), "-q"]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["registry_sha256"]) == 64
    assert nx.read_graphml(tmp_path / "out" / "sygraph.graphml").graph["registry_sha256"] == report["registry_sha256"]
    assert main(["registry", "suggest", "-g", str(tmp_path / "out" / "sygraph.graphml")]) == 0
    assert capsys.readouterr().out.count("kind\tid") == 1
    bad = registry(tmp_path, [("entity", "", "unit", "甲", "", "", "")], "bad.tsv")
    assert main(["registry", "check", str(bad)]) == 1
    assert f"{bad}:3: an entity needs an id" in capsys.readouterr().err


def test_never_merge_with_homonyms_resolve_by_their_codes(tmp_path):
    texts = {"a.txt": "古蔺县太平镇开展拥军活动。古蔺县领导出席。",
             "b.txt": "务川仡佬族苗族自治县的太平镇走访慰问。务川仡佬族苗族自治县领导出席。"}
    codes = sorted(e.attr("adcode") for e in sygraph.build_texts(texts).entities(type="place") if e.name == "太平镇")
    reg = registry(tmp_path, [("entity", "tp-a", "place", "太平镇", "", codes[0], "tp-b"),
                              ("entity", "tp-b", "place", "太平镇", "", codes[1], "tp-a")])
    kg = sygraph.build_texts(texts, registry=reg)
    towns = sorted((e.attr("adcode"), {a["source"] for a in kg.articles(e)}) for e in kg.entities(type="place")
                   if e.name == "太平镇")
    assert len(towns) == 2 and towns[0][0] == codes[0] and len(towns[0][1]) == 1


def test_a_sentence_is_read_once_per_surface_length_and_finds_every_registered_span(tmp_path):
    from sygraph.recognize import _registered

    reg = load_registry(registry(tmp_path, [
        ["entity", "u1", "unit", "青禾拥军协会", "拥军协会", "", ""],
        ["entity", "u2", "unit", "远山学校", "", "", ""],
        ["word", "", "program", "暖冬行动", "", "", ""],
    ]))
    lengths, index = reg.surface_index
    assert lengths == (6, 4)
    text = "青禾拥军协会和远山学校开展暖冬行动，拥军协会再赴远山学校。"
    assert [(c.text, c.start, c.type.value, c.qualifier) for c in _registered(text, reg)] == [
        ("青禾拥军协会", 0, "unit", "@u1"), ("拥军协会", 2, "unit", "@u1"), ("拥军协会", 18, "unit", "@u1"),
        ("暖冬行动", 13, "program", "@"), ("远山学校", 7, "unit", "@u2"), ("远山学校", 24, "unit", "@u2")]
