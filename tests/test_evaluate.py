import json

import pytest

import sygraph
from sygraph.cli import main
from sygraph.errors import InputError
from sygraph.evaluate import prf, read_bio, score_bio, score_gold

BIO = """巴 B-LOC
中 I-LOC
军 O
分 O
区 O
李 B-PER
红 I-PER
梅 I-PER
来 O
到 O
通 B-LOC
江 I-LOC
县 I-LOC
。 O

新 B-ORG
华 I-ORG
社 I-ORG
报 O
道 O
"""


def test_prf():
    assert prf(1, 1, 0) == {"p": 0.5, "r": 1.0, "f1": 0.667}
    assert prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_read_bio_spans(tmp_path):
    f = tmp_path / "x.bio"
    f.write_text(BIO, encoding="utf-8")
    sentences = read_bio(f)
    assert sentences[0] == ("巴中军分区李红梅来到通江县。", {("place", "巴中"), ("person", "李红梅"), ("place", "通江县")})
    assert sentences[1][1] == {("unit", "新华社")}


def test_bio_errors_name_the_line(tmp_path):
    f = tmp_path / "bad.bio"
    f.write_text("巴 B-LOC\n中\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.bio:2"):
        read_bio(f)


def test_score_bio_counts_matches_and_misses(tmp_path):
    f = tmp_path / "x.bio"
    f.write_text(BIO, encoding="utf-8")
    report = score_bio(f)
    assert report["sentences"] == 2
    assert report["types"]["place"]["tp"] == 2  # 巴中 is an alias of 巴中市, found inside 巴中军分区
    assert report["types"]["unit"]["fp"] >= 1  # 巴中军分区 is not an ORG span in this file


def test_score_bio_lets_one_entity_match_each_of_its_written_forms(tmp_path):
    # 中 and 中国 are two LOC spans of the sentence and one entity of the graph: as in
    # score_gold.py, an extracted entity matches every gold name it carries
    text = "中日两国外长会谈后，日本外长说，他希望与中国加强合作。"
    tags = ["O"] * len(text)
    for name in ("中", "日", "日本", "中国"):
        start = text.index(name, 1 if name == "日" else 0)
        tags[start: start + len(name)] = ["B-LOC"] + ["I-LOC"] * (len(name) - 1)
    f = tmp_path / "x.bio"
    f.write_text("\n".join(f"{c} {t}" for c, t in zip(text, tags)) + "\n", encoding="utf-8")
    report = score_bio(f)
    assert report["types"]["place"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 4, "fp": 0, "fn": 0}


def test_score_gold_on_a_gold_file_of_our_own(tmp_path):
    kg = sygraph.build_texts({"a.txt": "巴中军分区帮助通江县沙溪镇王坪村。"})
    gold = {"article": "a.txt", "entities": [
        {"name": "巴中军分区", "type": "unit"},
        {"name": "通江县", "type": "place"},
        {"name": "王坪村", "type": "place", "aliases": ["沙溪镇王坪村"]},
        {"name": "沙溪镇", "type": "place", "optional": True},
        {"name": "李红梅", "type": "person"}],
        "relations": [{"head": "王坪村", "relation": "located_in", "tail": "沙溪镇"}], "negatives": ["通江"]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    report = score_gold(kg.to_networkx(), tmp_path)
    assert report["types"]["unit"]["tp"] == 1 and report["types"]["person"]["fn"] == 1
    assert report["relations"]["found"] == 1
    assert any("巴中市" == x["name"] for x in report["false_hits"])


def test_cli_eval_bio(tmp_path, capsys):
    f = tmp_path / "x.bio"
    f.write_text(BIO, encoding="utf-8")
    assert main(["eval", "--bio", str(f)]) == 0
    assert "2 sentences" in capsys.readouterr().out
    assert main(["eval"]) == 1


def test_a_build_is_scored_against_span_annotations_by_fold(tmp_path):
    import hashlib
    import json as json_

    import sygraph
    from sygraph.evaluate import score_gold as score

    text = "青禾县人武部走访慰问退役军人\n\n青禾县人武部政委周立明走访慰问退役军人张德华。\n"
    record = {"file": "corpus/x.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(), "set": "corpus",
              "fold": 2, "body_lines": [[1, 3]],
              "entities": [{"id": "e1", "name": "青禾县人武部", "type": "unit"},
                           {"id": "e2", "name": "周立明", "type": "person"},
                           {"id": "e3", "name": "张德华", "type": "person"},
                           {"id": "e4", "name": "青禾县", "type": "place"}],
              "mentions": [], "negatives": [],
              "relations": [{"head": "e2", "relation": "affiliated_with", "tail": "e1"},
                            {"head": "e1", "relation": "assists", "tail": "e3"},
                            {"head": "e1", "relation": "partners_with", "tail": "e4"}]}
    path = tmp_path / "annotations.jsonl"
    path.write_text(json_.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    kg = sygraph.build_texts({"x.txt": text})
    report = score(kg.to_networkx(), path, fold=2)
    assert {t: (c["tp"], c["fp"], c["fn"]) for t, c in report["types"].items()} == {
        "place": (1, 0, 0), "unit": (1, 0, 0), "person": (2, 0, 0), "program": (0, 0, 0)}
    assert report["missing_articles"] == [] and report["false_hits"] == []
    assert {r: (c["tp"], c["fp"], c["fn"]) for r, c in report["relation_types"].items()} == {
        "affiliated_with": (1, 0, 0), "assists": (1, 0, 0), "located_in": (0, 1, 0), "partners_with": (0, 0, 1)}
    assert report["relation_false_hits"] == [
        {"article": "x.txt", "head": "青禾县人武部", "relation": "located_in", "tail": "青禾县"}]
    assert report["relation_misses"] == [
        {"article": "x.txt", "head": "青禾县人武部", "relation": "partners_with", "tail": "青禾县"}]
    with pytest.raises(InputError, match="no annotated article matches fold 3"):
        score(kg.to_networkx(), path, fold=3)


def test_body_lines_are_scored_against_the_annotations(tmp_path):
    import hashlib
    import json as json_

    from sygraph.evaluate import score_body

    page = "首页 > 新闻\n\n某镇慰问老兵\n\n某镇干部走访慰问了辖区的退役军人，送去慰问品。\n\n下一篇：别的新闻\n"
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "p.txt").write_text(page, encoding="utf-8")
    record = {"file": "corpus/p.txt", "sha256": hashlib.sha256(page.encode()).hexdigest(), "set": "corpus",
              "fold": 0, "body_lines": [[5, 5]], "entities": [], "mentions": [], "relations": []}
    path = tmp_path / "annotations.jsonl"
    path.write_text(json_.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = score_body(path, tmp_path)
    assert (report["lines"], report["right"], report["accuracy"]) == (4, 3, 0.75)
    assert report["wrong"] == [{"file": "corpus/p.txt", "line": 3, "annotated": "chrome", "read": "article",
                                "text": "某镇慰问老兵"}]
