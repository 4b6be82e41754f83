import pytest

from sygraph import lexicon
from sygraph.errors import DataError
from sygraph.lexicon import short_name


def test_tables_load_with_their_headers():
    rows = lexicon.load_table("unit_heads.tsv")
    assert rows and set(rows[0]) == {"head", "kind", "scope", "source"}


def test_a_source_column_changes_no_digest(monkeypatch):
    """Provenance is for the maintainer: a model trained on a table stays in step with it when
    a row gains or loses its source, and parts from it when an entry changes."""
    plain = "# heads\nhead\tkind\n局\tgov\n所\tgov\n"
    sourced = "# heads\nhead\tkind\tsource\n局\tgov\tcommon department\n所\tgov\n"
    changed = "# heads\nhead\tkind\tsource\n局\tgov\tcommon department\n站\tgov\n"
    digests = []
    for text in (plain, sourced, changed):
        monkeypatch.setattr(lexicon, "_read_text", lambda name, text=text: text)
        digests.append(lexicon.digest(["heads.tsv"]))
    assert lexicon._without_source(sourced) == plain
    assert digests[0] == digests[1] != digests[2]


@pytest.mark.parametrize("name, level, short", [
    ("泸州市", "city", "泸州"),
    ("西峰区", "county", "西峰"),
    ("泸县", "county", ""),
    ("丰宁满族自治县", "county", "丰宁"),
    ("广西壮族自治区", "province", "广西"),
    ("杭锦旗", "county", ""),
])
def test_short_names(name, level, short):
    assert short_name(name, level) == short


def test_a_malformed_table_names_file_and_line(monkeypatch):
    monkeypatch.setattr(lexicon, "_read_text", lambda name: "a\tb\nx\ty\tz\n")
    lexicon.load_table.cache_clear()
    try:
        with pytest.raises(DataError, match=r"broken.tsv:2: expected 2 columns"):
            lexicon.load_table("broken.tsv")
    finally:
        lexicon.load_table.cache_clear()


@pytest.mark.parametrize("name, text, message", [
    ("relation_triggers.tsv", "# modes\ntrigger\trelation\tmode\n帮助\tassists\tactive\n结对\tpartners_with\tpairwise\n",
     "relation_triggers.tsv:4: mode 'pairwise' is not one of active, with, mutual, residents, home, founded"),
    ("relation_triggers.tsv", "trigger\trelation\tmode\n帮助\thelps\tactive\n",
     "relation_triggers.tsv:2: relation 'helps' is not one of located_in, part_of, affiliated_with, resident_of, "
     "assists, partners_with, organizes, pursues, awarded"),
    ("honour_cues.tsv", "cue\twhere\n荣获\tbefore\n称号\tbehind\n",
     "honour_cues.tsv:3: where 'behind' is not one of before, after"),
    ("roles.tsv", "role\tkind\n政委\toffice\n老兵\n", "roles.tsv:3: kind '' is not one of office, press, status"),
    ("relation_types.tsv", "relation\thead\ttail\tnearer\n" + "".join(
        f"{r}\tunit\tplace\t-\n" for r in ("located_in", "part_of", "affiliated_with", "resident_of", "assists",
                                            "partners_with", "organizes", "pursues")),
     "relation_types.tsv: no row for relation 'awarded'"),
])
def test_a_value_outside_its_vocabulary_is_refused_with_file_and_line(monkeypatch, name, text, message):
    monkeypatch.setattr(lexicon, "_read_text", lambda _: text)
    lexicon.load_table.cache_clear()
    try:
        with pytest.raises(DataError) as err:
            lexicon.load_table(name)
        assert str(err.value) == message
    finally:
        lexicon.load_table.cache_clear()


def test_the_shipped_typed_tables_load():
    lexicon.load_table.cache_clear()
    assert {name: len(lexicon.load_table(name)) > 0 for name, _ in lexicon.TYPED_COLUMNS} == {
        "relation_types.tsv": True, "relation_triggers.tsv": True, "honour_cues.tsv": True, "roles.tsv": True}


def test_an_optional_typed_column_may_be_empty_and_is_otherwise_checked(monkeypatch):
    good = "trigger\trelation\tmode\trequires\n帮助\tassists\tactive\t\n来到\tassists\tactive\tassists\n"
    bad = good + "前往\tassists\tactive\thelps\n"
    lexicon.load_table.cache_clear()
    try:
        monkeypatch.setattr(lexicon, "_read_text", lambda _: good)
        assert [r["requires"] for r in lexicon.load_table("relation_triggers.tsv")] == ["", "assists"]
        lexicon.load_table.cache_clear()
        monkeypatch.setattr(lexicon, "_read_text", lambda _: bad)
        with pytest.raises(DataError) as err:
            lexicon.load_table("relation_triggers.tsv")
        assert str(err.value).startswith("relation_triggers.tsv:4: requires 'helps' is not one of located_in,")
    finally:
        lexicon.load_table.cache_clear()
