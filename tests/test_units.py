"""Units: how they are read, named and merged (invented sentences, exact results)."""
from sygraph.ingest import parse_article
from sygraph.recognize import recognize
from sygraph.resolve import resolve


def units(text, publisher=None):
    a = parse_article("t.txt", text, publisher=publisher)
    return sorted(e.name for e in resolve(a, recognize(a)).entities if e.type.value == "unit")


def test_a_bare_level_unit_in_a_page_that_never_names_its_county_is_kept_as_written():
    # the guidelines: keep it as written, never guess the county
    assert units("我县举行公祭活动。县委书记王明、县政协主席李强出席。") == ["县委", "县政协"]


def test_a_bare_level_unit_is_still_qualified_when_the_page_names_its_county():
    assert units("南江县开展双拥工作。南江县召开会议。县人武部组织民兵参加。") == ["南江县人武部"]
