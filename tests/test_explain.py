"""sygraph explain: every candidate with who proposed it and what became of it, and the
source of every relation, on sentences of our own."""
from __future__ import annotations

import json

from sygraph import cli
from sygraph.explain import explain


def test_each_candidate_says_who_proposed_it_and_what_decided_it():
    e = explain("青禾县人武部帮扶白沙村。")
    assert [(d.text, d.type, d.proposed_by, d.decision, d.why) for d in e.decisions] == [
        ("青禾县人武部", "unit", "name tagger ORG p=0.90", "dropped", "not a plausible name, or it cuts a word"),
        ("青禾县人武部", "unit", "rule units", "kept", "wins its span at tier NAMED"),
        ("青禾县", "place", "rule places", "dropped", "overlaps 青禾县人武部 (unit, tier NAMED)"),
        ("白沙村", "place", "rule places", "kept", "wins its span at tier SUFFIXED_PLACE"),
        ("白沙村", "place", "name tagger LOC p=0.97", "dropped", "overlaps 白沙村 (place, tier SUFFIXED_PLACE)"),
        ("青禾县", "place", "rule places", "added", "a place written inside 青禾县人武部"),
    ]
    assert e.mentions == (("青禾县", "place"), ("青禾县人武部", "unit"), ("白沙村", "place"))


def test_each_relation_names_the_source_that_made_it():
    e = explain("青禾县人武部政委李明来到白沙村，看望贫困户赵明。")
    assert [(r.head, r.relation, r.tail, r.by) for r in e.relations] == [
        ("李明", "affiliated_with", "青禾县人武部", "titles and roles"),
        ("赵明", "resident_of", "白沙村", "titles and roles"),
        ("青禾县人武部", "assists", "白沙村", "trigger words"),  # the visit word 来到, before the classifier
        ("青禾县人武部", "assists", "赵明", "trigger words"),
        ("青禾县人武部", "located_in", "青禾县", "the structure of names"),
    ]


def test_a_name_does_not_end_inside_the_word_after_it():
    # 来到 begins with the character a three-character reading would take (李明来|到)
    assert [(t, k) for t, k in explain("副镇长周立来到白沙村。").mentions if k == "person"] == [("周立", "person")]


def test_tracing_is_off_outside_explain():
    from sygraph import recognize, relate

    explain("青禾县人武部帮扶白沙村。")
    assert (recognize.TRACE.get(), relate.TRACE.get()) == (None, None)


def test_the_command_prints_the_same_as_json(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("青禾县人武部帮扶白沙村。"))
    assert cli.main(["explain", "-", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["text"], d["decision"]) for d in data["decisions"]] == [
        ("青禾县人武部", "dropped"), ("青禾县人武部", "kept"), ("青禾县", "dropped"), ("白沙村", "kept"),
        ("白沙村", "dropped"), ("青禾县", "added")]
    assert [(r["head"], r["relation"], r["tail"], r["by"]) for r in data["relations"]] == [
        ("青禾县人武部", "assists", "白沙村", "trigger words"),
        ("青禾县人武部", "located_in", "青禾县", "the structure of names")]
