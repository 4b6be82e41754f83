"""Program names: honours, events and campaigns (invented sentences)."""
from sygraph.ingest import parse_article
from sygraph.model import EntityType
from sygraph.recognize import recognize
from sygraph.resolve import resolve


def programs(text):
    a = parse_article("t.txt", text)
    return sorted((e.name, e.aliases) for e in resolve(a, recognize(a)).entities if e.type is EntityType.PROGRAM)


def test_an_honour_written_with_its_title_word_is_the_honour():
    assert programs("2019年，青川县被授予省级双拥模范县称号。") == [("省级双拥模范县", ("省级双拥模范县称号",))]
    assert programs("某市被授予全国双拥模范城荣誉称号，成为全国双拥模范城。") == [
        ("全国双拥模范城", ("全国双拥模范城荣誉称号",))]


def test_an_honour_with_its_level_list_is_also_named_bare():
    assert programs("青川县再次被命名为四川省双拥模范城(县)。") == [("四川省双拥模范城(县)", ("四川省双拥模范城",))]


def test_an_honour_with_its_level_list_is_one_entity_with_its_bare_form():
    assert programs("四川省双拥模范城(县)表彰名单公布。青川县荣获四川省双拥模范城。") == [
        ("四川省双拥模范城", ("四川省双拥模范城(县)",))]


def mentioned(text):
    from sygraph.recognize import recognize_sentence

    return [m.text for m in recognize_sentence(text) if m.type is EntityType.PROGRAM]


def test_a_count_of_things_of_a_kind_is_no_program():
    assert mentioned("全镇抓好六大工程，围绕三个体系推进。") == []


def test_a_quoted_count_is_still_a_name():
    assert mentioned("街道打造“三个家园”工程。") == ["“三个家园”工程"]


def test_a_leading_verb_is_no_part_of_a_program_name():
    assert mentioned("县民政局印发通知，要求深化体制机制改革。") == []


def test_party_congresses_and_plenums_are_programs_one_by_one():
    assert mentioned("镇里组织学习党的十九大、十九届四中全会精神。") == ["党的十九大", "十九届四中全会"]


def test_a_quoted_theme_takes_the_words_before_its_head():
    assert mentioned("展出“铭记初心·砥砺前行”参战老兵摄影展。") == ["“铭记初心·砥砺前行”参战老兵摄影展"]
    assert mentioned("县妇联主办的“山水韵·鱼水情”茶文化系列主题活动在茶园举行。") == [
        "“山水韵·鱼水情”茶文化系列主题活动"]


def test_a_quoted_theme_takes_a_word_the_dictionary_lacks_before_its_head():
    assert mentioned("区税务局开展“暖军惠兵”崇军行动。") == ["“暖军惠兵”崇军行动"]


def test_an_event_named_only_by_its_kind_is_no_program():
    assert mentioned("武警官兵与社区开展联谊活动，并举行公祭活动。") == []


def test_an_event_named_by_its_place_or_year_stays():
    assert mentioned("青川县举行2023年新兵入伍欢送大会。") == ["2023年新兵入伍欢送大会"]


def test_an_event_joined_by_ji_begins_with_its_first_part():
    assert mentioned("青川县暨剑阁县2024年“全民国防教育月”主题活动启动。") == [
        "青川县暨剑阁县2024年“全民国防教育月”主题活动"]


def test_a_first_part_with_no_place_scope_or_name_is_left_out():
    assert mentioned("驻地部队与社区举行联欢暨“军民同心”文艺演出。") == ["“军民同心”文艺演出"]
