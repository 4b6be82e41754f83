import pytest

from sygraph import lexicon
from sygraph.errors import DataError
from sygraph.lexicon import divisions, short_name


def test_tables_load_with_their_headers():
    rows = lexicon.load_table("unit_heads.tsv")
    assert rows and set(rows[0]) == {"head", "kind", "scope"}


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


def test_division_table_links_levels():
    d = divisions()
    assert d.by_name["古蔺县"] == ["510525"]
    assert [a.name for a in d.ancestors("510525")] == ["泸州市", "四川省"]
    assert "510500" in d.by_short["泸州"]


def test_villages_are_found_inside_their_township():
    d = divisions()
    codes = d.village_codes("九龙村", within="510525103")
    assert len(codes) == 1 and d.get(codes[0]).parent == "510525103"
    assert len(d.village_codes("九龙村")) > 10  # a common village name, many places


def test_a_malformed_table_names_file_and_line(monkeypatch):
    monkeypatch.setattr(lexicon, "_read_text", lambda name: "a\tb\nx\ty\tz\n")
    lexicon.load_table.cache_clear()
    try:
        with pytest.raises(DataError, match=r"broken.tsv:2: expected 2 columns"):
            lexicon.load_table("broken.tsv")
    finally:
        lexicon.load_table.cache_clear()


def test_cities_without_counties_are_their_townships_parent():
    # 东莞, 中山 and 儋州 have no county level; the source lists each once more as its own county
    d = divisions()
    assert [(x.code, x.level) for x in (d.get(c) for c in d.by_name["东莞市"])] == [("441900", "city")]
    assert [a.name for a in d.ancestors("441900102")] == ["东莞市", "广东省"]
    assert [a.name for a in d.ancestors(next(c for c in d.by_name["那大镇"] if c.startswith("4604")))] == ["儋州市", "海南省"]


def _row(code, name, level, parent):
    return {"code": code, "name": name, "level": level, "parent": parent}


@pytest.mark.parametrize("rows, message", [
    ([_row("100000", "甲省", "province", ""), _row("100000", "甲省", "province", "")],
     "divisions.tsv: code 100000 (甲省) appears twice"),
    ([_row("100000", "甲省", "province", ""), _row("100100", "乙市", "city", "100100")],
     "divisions.tsv: code 100100 (乙市) is its own parent"),
    ([_row("100100", "乙市", "city", "109900")],
     "divisions.tsv: code 100100 (乙市) names parent 109900, which is not in the table"),
])
def test_a_broken_division_table_is_refused_naming_the_row(rows, message):
    with pytest.raises(DataError) as err:
        lexicon.Divisions(tuple(rows))
    assert str(err.value) == message


def test_a_cycle_of_parents_ends_the_walk_with_an_error():
    table = lexicon.Divisions((_row("100100", "乙市", "city", "100200"), _row("100200", "丙市", "city", "100100")))
    with pytest.raises(DataError, match="form a cycle"):
        table.ancestors("100100")


def test_a_municipality_prefix_keeps_both_digits():
    # 500000 is Chongqing; a prefix of "5" would put Sichuan (51…) and Tibet (54…) inside it
    assert lexicon.code_prefix("500000") == "50"
    assert lexicon.code_prefix("440000") == "44"
    assert lexicon.code_prefix("441900") == "4419"
