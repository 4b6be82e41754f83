"""The domain tagger of unit and program names, and how its names join the rules' candidates."""
from __future__ import annotations

import pytest

from sygraph import recognize, tagger
from sygraph.recognize import PERSON, PLACE, PROGRAM, UNIT, Candidate, recognize_sentence
from sygraph.segment import tokenize
from sygraph.tagger import Span

TEXT = "青禾县志愿服务联络站站长李明华走访军属。"


@pytest.fixture
def proposed(monkeypatch):
    def run(spans, cands):
        monkeypatch.setattr(recognize, "domain_spans", lambda feats: spans)
        found = recognize._domain_candidates(TEXT, tokenize(TEXT), [], cands)
        return [(c.tier, c.start, c.end, c.type, c.nests) for c in found]
    return run


def test_a_name_that_covers_only_its_place_outranks_it(proposed):
    place = Candidate(90, 0, 3, PLACE, "青禾县")
    assert proposed([Span(0, 10, "UNIT", 0.95)], [place]) == [(86, 0, 10, UNIT, "full")]


def test_a_name_that_reaches_into_a_person_only_fills_a_gap(proposed):
    person = Candidate(80, 12, 15, PERSON, "李明华")
    assert proposed([Span(3, 15, "UNIT", 0.95)], [person]) == [(30, 3, 15, UNIT, "")]


def test_doubtful_short_repeated_and_word_cutting_names_are_not_proposed(proposed):
    rule = Candidate(95, 3, 10, UNIT, "志愿服务联络站")
    assert proposed([Span(0, 10, "UNIT", 0.5),      # below the confidence bar
                     Span(7, 9, "PROG", 0.99),      # two characters
                     Span(3, 10, "UNIT", 0.99),     # the rules propose it already
                     Span(4, 10, "UNIT", 0.99)],    # cuts the word 志愿
                    [rule]) == []


def test_the_shipped_model_finds_a_unit_no_head_list_names():
    # (the parent named at the start of the sub-unit's name is a unit of its own)
    sentence = "驻地某旅政治工作部与青禾县教育局签订共建协议。"
    assert [(m.text, m.type.value) for m in recognize_sentence(sentence)] == [
        ("驻地某旅", "unit"), ("驻地某旅政治工作部", "unit"), ("青禾县", "place"), ("青禾县教育局", "unit")]


def test_a_chain_of_places_stays_places(proposed):
    place = Candidate(70, 3, 10, PLACE, "志愿服务联络站")
    assert proposed([Span(0, 10, "UNIT", 0.95)], [Candidate(90, 0, 3, PLACE, "青禾县"), place]) == []


def test_without_the_domain_model_the_rules_alone_read_it(monkeypatch):
    monkeypatch.setattr(tagger, "_domain_tagger", lambda: None)
    sentence = "驻地某旅政治工作部与青禾县教育局签订共建协议。"
    assert [(m.text, m.type.value) for m in recognize_sentence(sentence)] == [
        ("青禾县", "place"), ("青禾县教育局", "unit")]


def test_the_domain_model_records_its_training():
    import json
    with open(tagger.domain_model_path() + ".json", encoding="utf-8") as f:
        record = json.load(f)
    assert record["labels"] == ["UNIT", "PROG"] and record["articles"] == 242 and record["sentences"] > 3000
    assert PROGRAM is recognize._DOMAIN_TYPES["PROG"] and UNIT is recognize._DOMAIN_TYPES["UNIT"]
