"""The annotated corpus: every record sound against its file, folds fixed, gold conversion exact."""
from __future__ import annotations

import hashlib
import json

import pytest

from sygraph.annotations import FOLDS, RELATION_TYPES, read_annotations, to_gold, validate
from sygraph.errors import DataError

from conftest import ROOT, SHARED, needs_shared

ANNOTATIONS = ROOT / "corpus" / "annotations.jsonl"
SECOND = ROOT / "corpus" / "second_pass.jsonl"


def test_every_record_reads_true_against_its_file():
    needs_shared(SHARED / "corpus")
    problems = []
    for path in (ANNOTATIONS, SECOND):
        for r in read_annotations(path):
            problems += validate(r, (SHARED / r["file"]).read_bytes())
    assert problems == []


def test_the_corpus_covers_what_the_issue_asks():
    records = read_annotations(ANNOTATIONS)
    by_set = {}
    for r in records:
        by_set[r["set"]] = by_set.get(r["set"], 0) + 1
    assert by_set["corpus"] >= 160 and by_set["dev"] == 16 and by_set["seed"] == 2
    assert len(read_annotations(SECOND)) >= 20


def test_folds_are_fixed_and_balanced():
    corpus = [r for r in read_annotations(ANNOTATIONS) if r["set"] == "corpus"]
    sizes = [sum(1 for r in corpus if r["fold"] == k) for k in range(FOLDS)]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == len(corpus)
    assert all(r["fold"] is None for r in read_annotations(ANNOTATIONS) if r["set"] != "corpus")


def _record(text):
    return {"file": "x.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(), "body_lines": [[1, 2]],
            "entities": [{"id": "e1", "name": "甲县人武部", "type": "unit"},
                         {"id": "e2", "name": "李红", "type": "person"},
                         {"id": "e3", "name": "甲县", "type": "place", "optional": True}],
            "mentions": [{"entity": "e1", "start": 5, "end": 9, "text": "县人武部"},
                         {"entity": "e2", "start": 13, "end": 15, "text": "李红"}],
            "relations": [{"head": "e1", "relation": "assists", "tail": "e2",
                           "evidence": {"start": 5, "end": 15, "text": "县人武部看望老兵李红"}}]}


def test_a_sound_record_passes_and_each_fault_is_named():
    text = "某地新闻\n县人武部看望老兵李红。"
    assert validate(_record(text), text.encode()) == []
    changed = text.replace("老兵", "军属")
    assert validate(_record(text), changed.encode()) == [
        "x.txt: the file's SHA-256 differs from the annotated one (the file changed)"]
    bad = _record(text)
    bad["mentions"][1]["start"] = 12
    bad["mentions"][1]["end"] = 14
    bad["relations"][0]["relation"] = "helps"
    bad["body_lines"] = [[1, 3]]
    assert validate(bad, text.encode()) == [
        "x.txt: body line range [1, 3] is outside 1..2",
        "x.txt: mention '李红' at 12 reads '兵李'",
        "x.txt: relation 0 is 'helps', not in the vocabulary",
    ]


def test_gold_conversion_gives_written_forms_as_aliases():
    gold = to_gold(_record("某地新闻\n县人武部看望老兵李红。"))
    assert gold == {
        "article": "x.txt", "title": "", "published": "", "source": "",
        "entities": [{"name": "甲县人武部", "type": "unit", "aliases": ["县人武部"]},
                     {"name": "李红", "type": "person"},
                     {"name": "甲县", "type": "place", "optional": True}],
        "relations": [{"head": "甲县人武部", "relation": "assists", "tail": "李红"}],
        "negatives": []}
    assert set(RELATION_TYPES) >= {r["relation"] for r in gold["relations"]}


def test_a_broken_annotations_line_names_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"file": "x"}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"a.jsonl:2: not a JSON record"):
        read_annotations(path)
