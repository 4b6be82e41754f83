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
