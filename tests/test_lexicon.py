import pytest

from sygraph import lexicon
from sygraph.errors import DataError
from sygraph.lexicon import short_name


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


def test_a_malformed_table_names_file_and_line(monkeypatch):
    monkeypatch.setattr(lexicon, "_read_text", lambda name: "a\tb\nx\ty\tz\n")
    lexicon.load_table.cache_clear()
    try:
        with pytest.raises(DataError, match=r"broken.tsv:2: expected 2 columns"):
            lexicon.load_table("broken.tsv")
    finally:
        lexicon.load_table.cache_clear()
