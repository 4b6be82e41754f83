"""The relation classifier: which pairs it reads, what it reads of them, and how its answers
become edges beside the rules'. Sentences are our own."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import sygraph
from sygraph import pairs
from sygraph.model import EntityType, Mention

PLACE, UNIT, PROGRAM = EntityType.PLACE, EntityType.UNIT, EntityType.PROGRAM
ROOT = Path(__file__).resolve().parent.parent


def m(text, type, start):
    return Mention(text, type, 1, start, start + len(text))


def test_pairs_skip_nested_mentions_and_stop_at_the_gap_and_partner_limits(monkeypatch):
    monkeypatch.setattr(pairs, "MAX_PAIRS_PER_MENTION", 2)
    monkeypatch.setattr(pairs, "MAX_GAP", 10)
    found = [(0, m("青禾县人武部", UNIT, 0)), (1, m("青禾县", PLACE, 0)), (2, m("石门镇", PLACE, 7)),
             (3, m("白沙村", PLACE, 11)), (4, m("红岭村", PLACE, 15)), (5, m("远山乡", PLACE, 40))]
    got = [(p.first, p.second) for p in pairs.candidate_pairs(found)]
    # 青禾县 is inside 青禾县人武部: no pair of the two; each mention takes its two nearest
    # partners; 远山乡 lies beyond the gap of every other mention
    assert got == [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (2, 4), (3, 4)]


def test_features_read_the_gap_the_context_and_the_cues():
    text = "青禾县人武部慰问白沙村老兵。"
    a, b = m("青禾县人武部", UNIT, 100), m("白沙村", PLACE, 108)
    got = pairs.pair_features(text, 100, a, b, "unit", "place", "", "village", [], (False, False))
    assert got == ["T=unit>place", "g=2-3", "Tg=unit>place2-3", "l=", "l1=", "r=老兵", "r1=老",
                   "ae=部", "ae2=武部", "be=村", "be2=沙村", "al=", "bl=village", "nb=0",
                   "G=慰问", "TG=unit>place慰问", "g0=慰", "g1=问", "g02=慰问", "g12=慰问", "gb=慰问",
                   "c=tr:assists", "cw=慰问", "Tc=unit>placetr:assists", "ca=ro:status", "afirst"]


def _fake_model(monkeypatch, answers):
    """The classifier answering ``answers[(first text, second text)]`` and O for the rest."""
    seen = []

    def predict(features):
        for f in features:
            seen.append(f)
        return iter(answers.get(_names(f), ("O", 0.99)) for f in features)

    def _names(f):
        return next(x for x in f if x.startswith("T="))

    monkeypatch.setattr(pairs, "predict", predict)
    return seen


def test_the_classifier_adds_edges_in_either_direction_above_its_bar(monkeypatch):
    # keyed by the pair's types: one unit before one program, one place before one unit
    _fake_model(monkeypatch, {"T=unit>program": ("organizes>", 0.8), "T=place>unit": ("assists<", 0.45)})
    kg = sygraph.build_texts({"a.txt": "开篇。\n青禾县人武部今年的“强边固防”行动，远山乡的乡亲们都很欢迎。"})
    got = {(r.head.name, r.relation, r.tail.name, r.confidence) for r in kg.relations() if not r.inferred}
    # 0.45 is under the bar: no assists edge
    assert got == {("青禾县人武部", "organizes", "“强边固防”行动", 0.8), ("青禾县人武部", "located_in", "青禾县", 0.9)}


def test_the_rules_keep_their_edge_where_the_classifier_says_the_same(monkeypatch):
    _fake_model(monkeypatch, {"T=unit>place": ("assists>", 0.95)})
    kg = sygraph.build_texts({"a.txt": "开篇。\n青禾县人武部帮扶白沙村。"})
    [r] = kg.relations(relation="assists")
    # the trigger rule's confidence (0.7), not the classifier's
    assert (r.head.name, r.tail.name, r.confidence, r.count) == ("青禾县人武部", "白沙村", 0.7, 1)


def test_a_type_the_relation_does_not_allow_is_refused(monkeypatch):
    _fake_model(monkeypatch, {"T=place>place": ("affiliated_with>", 0.99)})
    kg = sygraph.build_texts({"a.txt": "开篇。\n远山乡和石门镇都在山里。"})
    assert [r.relation for r in kg.relations() if not r.inferred] == []


def test_without_the_model_the_rules_work_alone(monkeypatch):
    monkeypatch.setattr(pairs, "_model", lambda: None)
    kg = sygraph.build_texts({"a.txt": "开篇。\n青禾县人武部帮扶白沙村。"})
    assert [(r.head.name, r.relation, r.tail.name) for r in kg.relations(relation="assists")] == \
        [("青禾县人武部", "assists", "白沙村")]


def test_the_shipped_model_was_trained_on_the_shipped_corpus_and_cues():
    record = json.loads(Path(pairs.model_path() + ".json").read_text(encoding="utf-8"))
    corpus = hashlib.sha256((ROOT / "corpus" / "annotations.jsonl").read_bytes()).hexdigest()
    assert (record["annotations"], record["lexicon"], record["excluded_fold"]) == (
        corpus, pairs.lexicon_digest(), None)


def test_a_nearer_organisation_between_takes_the_affiliation(monkeypatch):
    _fake_model(monkeypatch, {"T=unit>person": ("affiliated_with<", 0.99)})
    said = sygraph.build_texts({"a.txt": "开篇。\n青禾县双拥办的陈立出席活动。",
                                "b.txt": "开篇。\n青禾县双拥办和远山镇的周成出席活动。"})
    assert [(r.head.name, r.tail.name) for r in said.relations(relation="affiliated_with")] == [
        ("陈立", "青禾县双拥办")]


@pytest.mark.parametrize("content", [None, b"not a model"])
def test_a_missing_or_broken_model_is_an_error_that_says_what_to_do(monkeypatch, tmp_path, content):
    from sygraph.errors import DataError

    path = tmp_path / "relations.crfsuite"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(pairs, "model_path", lambda: str(path))
    pairs._model.cache_clear()
    try:
        problem = "is missing" if content is None else "cannot be read"
        with pytest.raises(DataError, match=f"relations.crfsuite: the model {problem}.*run scripts/train_relations.py"):
            sygraph.build_texts({"a.txt": "开篇。\n青禾县人武部帮扶白沙村。"})
    finally:
        pairs._model.cache_clear()
