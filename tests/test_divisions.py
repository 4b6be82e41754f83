"""The division table through its interface: look-ups, containment, villages, and the
checks a table passes when it loads."""
import pytest

from sygraph import divisions as divisions_module
from sygraph.divisions import Division, DivisionTable, code_prefix, divisions, level_words
from sygraph.errors import DataError
from sygraph.terms import Level

HEADER = "code\tname\tlevel\tparent\n"


def test_a_division_is_found_by_code_with_its_level_typed():
    assert divisions().get("510525") == Division("510525", "古蔺县", Level.COUNTY, "510500")
    assert divisions().get("510525103208") == Division("510525103208", "九龙村", Level.VILLAGE, "510525103")
    assert divisions().get("999999") is None


def test_divisions_are_found_by_full_and_short_name():
    t = divisions()
    assert t.codes("古蔺县") == ("510525",)
    assert t.short_codes("泸州") == ("510500",)
    assert t.has_name("泸州市") and not t.has_name("泸州") and t.has_short("泸州") and not t.has_short("泸州市")
    assert t.codes("泸州") == () and t.short_codes("泸州市") == ()
    # an autonomous county written with a plain ending is the same county
    assert t.codes("景宁县") == t.codes("景宁畲族自治县") == t.short_codes("景宁") == ("331127",)


def test_the_levels_of_a_name():
    assert divisions().levels_of("河北省") == frozenset({Level.PROVINCE})
    assert divisions().short_levels("朝阳") == frozenset({Level.CITY, Level.COUNTY, Level.TOWNSHIP})


def test_ancestors_of_a_village_and_of_a_township_without_a_county():
    t = divisions()
    assert [d.name for d in t.ancestors("510525103208")] == ["太平镇", "古蔺县", "泸州市", "四川省"]
    # 东莞, 中山 and 儋州 have no county level: the city is its townships' parent
    assert [d.name for d in t.ancestors("441900102")] == ["东莞市", "广东省"]
    assert t.codes("东莞市") == ("441900",) and t.get("441900").level is Level.CITY
    assert [d.name for d in t.ancestors("460400100")] == ["儋州市", "海南省"]
    assert t.ancestors("510000") == []


def test_containment_by_code_prefix():
    assert DivisionTable.contains("500000", "500101")
    assert not DivisionTable.contains("500000", "510000")  # Chongqing is 50…, Sichuan 51…
    assert not DivisionTable.contains("500000", "540000")
    assert DivisionTable.contains("510500", "510525103208") and DivisionTable.contains("510525", "510525")
    assert not DivisionTable.contains("510525103", "510525104001")
    assert (code_prefix("500000"), code_prefix("440000"), code_prefix("441900")) == ("50", "44", "4419")


def test_villages_are_found_inside_their_township():
    t = divisions()
    assert t.village_codes("九龙村", within="510525103") == ("510525103208",)
    assert t.village_codes("九龙村", within="510525") == ("510525103208",)
    assert len(t.village_codes("九龙村")) == 151  # a common village name, many places
    assert t.village_codes("没有这个村") == ()


def test_the_shipped_table_is_read_from_its_file_not_the_cached_rows(monkeypatch):
    def refuse(name):
        raise AssertionError(f"load_table({name!r})")
    monkeypatch.setattr(divisions_module, "load_table", refuse)
    table = divisions.__wrapped__()
    assert table.codes("古蔺县") == ("510525",) and sum(1 for _ in table) == 44691
    assert divisions() is divisions()


def test_a_table_from_text():
    t = DivisionTable.from_text(HEADER + "# a comment\n100000\t甲省\tprovince\t\n100100\t乙市\tcity\t100000\n"
                                "100101\t丙县\tcounty\t100100\n", source="x.tsv")
    assert [d.code for d in t] == ["100000", "100100", "100101"]
    assert [d.name for d in t.ancestors("100101")] == ["乙市", "甲省"]
    assert t.codes("丙县") == ("100101",) and t.short_codes("乙") == ()


@pytest.mark.parametrize("body, message", [
    ("100000\t甲省\tprovince\t\n100000\t甲省\tprovince\t\n",
     "x.tsv:3: code 100000 (甲省) appears twice (first on line 2)"),
    ("100000\t甲省\tprovince\t\n100100\t乙市\tcity\t100100\n",
     "x.tsv:3: code 100100 (乙市) is its own parent"),
    ("100000\t甲省\tprovince\t\n100100\t乙市\tcity\t109900\n",
     "x.tsv:3: code 100100 (乙市) names parent 109900, which is not in the table"),
    ("100000\t甲省\tprovince\t\n100100\t乙市\tprefecture\t100000\n",
     "x.tsv:3: code 100100 (乙市) has level 'prefecture', not one of province, city, county, township, village"),
    ("100000\t甲省\tprovince\t\n100100\t乙市\tcity\t100200\n100200\t丙市\tcity\t100100\n",
     "x.tsv:3: code 100100 (乙市) is its own ancestor (parents 100200, 100100)"),
    ("100000\t甲省\tprovince\t\t\textra\n", "x.tsv:2: expected 4 columns, found 6"),
])
def test_a_broken_table_is_refused_naming_file_and_line(body, message):
    with pytest.raises(DataError) as err:
        DivisionTable.from_text(HEADER + body, source="x.tsv")
    assert str(err.value) == message


def test_a_header_without_the_columns_is_refused():
    with pytest.raises(DataError) as err:
        DivisionTable.from_text("code\tname\n100000\t甲省\n", source="x.tsv")
    assert str(err.value) == "x.tsv:1: the header needs the columns code, name, level, parent"


def test_the_level_words_come_from_one_table():
    got = {w.word: (w.levels, w.bare, w.qualify) for w in level_words()}
    assert got["市"] == ((Level.CITY, Level.COUNTY), True, True)
    assert got["街道"] == ((Level.TOWNSHIP,), True, False)
    assert got["盟"] == ((Level.CITY,), False, False)
    assert sorted(w for w in got if len(w) == 1) == sorted("省市州盟县区旗镇乡村")
