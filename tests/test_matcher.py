"""The token matcher (sygraph.matcher) and the patterns of data/patterns.tsv: every pattern
finds exactly its examples' spans and nothing on its counter-examples (sentences of our own)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from sygraph import matcher, recognize
from sygraph.errors import DataError
from sygraph.matcher import Rule
from sygraph.segment import tokenize


def _rule_ids():
    return sorted(matcher.rules())


@pytest.mark.parametrize("name", _rule_ids())
def test_each_pattern_finds_exactly_its_examples(name):
    rows = [p for p in matcher.patterns() if p.name == name]
    _, rule = matcher.rules()[name]
    for p in rows:
        for sentence, spans in p.examples:
            assert [sentence[s:e] for s, e in rule.find(sentence, tokenize(sentence))] == list(spans), sentence
        for sentence in p.counter:
            assert rule.find(sentence, tokenize(sentence)) == [], sentence


def test_every_pattern_names_a_tier_a_type_and_a_stage_the_recognizer_asks_for():
    stages = {"abbreviations", "stationed", "programs"}
    for p in matcher.patterns():
        assert p.tier in recognize.Tier.__members__ and p.type in ("place", "unit", "person", "program")
        assert p.stage in stages and p.mark in ("", "abbreviation") and p.unit in ("char", "token")
    assert {s for s in stages if recognize._stage_patterns(s)} == stages


def test_the_patterns_are_traced_by_their_names():
    from sygraph.explain import explain

    e = explain("会议传达了十九届五中全会精神。")
    assert [(d.text, d.proposed_by, d.decision) for d in e.decisions if d.text == "十九届五中全会"] == [
        ("十九届五中全会", "pattern congress", "kept")]


def _tokens(*pieces: tuple[str, str]):
    out, pos = [], 0
    for word, tag in pieces:
        out.append(SimpleNamespace(word=word, tag=tag, start=pos, end=pos + len(word)))
        pos += len(word)
    return "".join(w for w, _ in pieces), out


def test_token_specs_word_tag_in_not_in_length_and_repetition():
    text, tokens = _tokens(("青禾", "place"), ("东", "f"), ("路", "n"), ("二", "m"), ("社区", "n"), ("，", "x"),
                           ("白沙", "ns"), ("路", "n"), ("社区", "n"))
    street = Rule.of([{"TAG_IN": ["place", "ns"]}, {"LENGTH": 1, "NOT_IN": ["路"], "OP": "?"}, {"WORD": "路"},
                      {"IN": ["一", "二", "三"], "OP": "?"}, {"WORD": "社区"}])
    assert [text[s:e] for s, e in street.find(text, tokens)] == ["青禾东路二社区", "白沙路社区"]
    # {m,n}: two or three Chinese pieces of one character, then 村
    text, tokens = _tokens(("柳", "n"), ("条", "q"), ("杓", ""), ("村", "n"), ("和", "c"), ("甲", "n"), ("村", "n"))
    village = Rule.of([{"CJK": True, "MAX_LENGTH": 1, "NOT_IN": ["村"], "OP": "{2,3}"}, {"WORD": "村"}])
    assert [text[s:e] for s, e in village.find(text, tokens)] == ["柳条杓村", "和甲村"]
    plus = Rule.of([{"TAG": "n", "OP": "+"}, {"WORD": "村", "SPAN": False}])
    assert [text[s:e] for s, e in plus.find(text, tokens)] == ["甲"]  # (村 is an n: greedy, then backtracks)


def test_outside_the_span_ahead_behind_and_the_end():
    text, tokens = _tokens(("驻", "v"), ("禾", ""), ("部队", "n"), ("驻", "v"), ("地", "n"))
    stationed = Rule.of([{"WORD": "驻", "SPAN": False}, {"LENGTH": 1},
                         {"AHEAD": True, "IN": ["部队", "官兵"]}])
    assert [text[s:e] for s, e in stationed.find(text, tokens)] == ["禾"]
    last = Rule.of([{"TAG": "n"}, {"AHEAD": True, "END": True}])
    assert [text[s:e] for s, e in last.find(text, tokens)] == ["地"]
    first = Rule.of([{"BEHIND": True, "NOT": True, "TAG": "v"}, {"TAG_IN": ["v", "n"]}])
    assert [text[s:e] for s, e in first.find(text, tokens)] == ["驻", "部队", "驻"]  # (not 地, after a verb)


def test_groups_alternatives_and_characters():
    plenum = Rule.of([{"IN": ["一", "二", "三"], "OP": "{1,3}"}, {"WORD": "届"},
                      {"SEQ": [{"IN": ["一", "二", "三"]}, {"WORD": "中"}], "OP": "+"}, {"WORD": "全会"}], unit="char")
    assert plenum.find("二届三中全会和一届二中三中全会") == [(0, 6), (7, 15)]
    either = Rule([({"WORD": "甲"}, {"WORD": "乙"}), ({"WORD": "甲"},)], unit="char")
    assert either.find("甲乙甲") == [(0, 2), (2, 3)]  # the first alternative that matches wins
    spaced = Rule.of([{"WORD": "记者"}, {"ANY_OF": [{"SPACE": True}, {"IN": ["："]}]}, {"CJK": True, "OP": "{2,3}"}],
                     unit="char")
    assert spaced.find("记者 李明华报道，记者：王伟") == [(0, 6), (9, 14)]


def test_bad_patterns_are_errors():
    with pytest.raises(DataError):
        Rule.of([{"WORD": "甲", "COLOUR": "red"}])
    with pytest.raises(DataError):
        Rule.of([{"WORD": "甲", "OP": "{x}"}])
    with pytest.raises(DataError):
        Rule.of([{"TAG": "n"}], unit="char")
    with pytest.raises(DataError):
        Rule.of([{"WORD": "甲", "SPAN": False}])
