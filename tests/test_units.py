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


def publishers(field):
    a = parse_article("t.txt", "白沙村开展拥军活动。", publisher=field)
    return [m.text for m in recognize(a) if m.sentence == -1]


def test_two_outlets_joined_in_a_source_field_are_two_units():
    assert publishers("青禾网-青禾日报") == ["青禾网", "青禾日报"]
    assert publishers("青禾日报·青禾新闻客户端") == ["青禾日报", "青禾新闻客户端"]


def test_a_channel_and_a_compilation_word_are_no_part_of_the_outlet():
    assert publishers("青禾网-军事频道") == ["青禾网"]
    assert publishers("青禾军网综合") == ["青禾军网"]


def test_an_outlet_named_without_a_head_is_a_unit():
    assert publishers("青禾双拥杂志") == ["青禾双拥杂志"]
    assert publishers("今日白岭") == ["今日白岭"]


def test_filler_words_and_places_in_a_source_field_are_no_units():
    assert publishers("不详") == []
    assert publishers("发布时间") == []
    assert publishers("本网") == []
    assert publishers("四川巴中") == []


def test_a_withheld_unit_after_its_service_is_a_unit():
    assert units("白岭县领导到空军某场站、海军某团走访慰问。") == ["海军某团", "空军某场站"]


def test_a_unit_numbered_in_figures_keeps_its_ordinal():
    assert units("第88集团军官兵和联勤保障部队第960医院专家来到白沙村。") == [
        "第88集团军", "联勤保障部队", "联勤保障部队第960医院"]


def test_the_departments_of_a_kind_are_no_unit():
    assert units("白岭市各级退役军人事务部门和武装部门将继续关心老兵。") == []


def test_a_section_named_after_its_office_is_a_unit_of_its_own():
    assert units("青禾市民政局优抚处处长李明来到白沙村。") == ["青禾市民政局", "青禾市民政局优抚处"]
    assert units("白岭县退役军人事务局双拥优抚科、县民政局参加。") == [
        "白岭县民政局", "白岭县退役军人事务局", "白岭县退役军人事务局双拥优抚科"]


def test_a_word_after_an_office_that_only_ends_like_a_section_is_none():
    assert units("白岭县民政局处理了此事。") == ["白岭县民政局"]


def test_the_party_committee_of_a_department_is_named_too():
    assert units("白岭县开展活动。白岭县人武部联合县委宣传部举办展览。") == [
        "白岭县人武部", "白岭县委", "白岭县委宣传部"]


def test_a_warship_named_after_a_city_is_a_unit_without_a_place_in_it():
    a = parse_article("t.txt", "青岛举行开放活动,芜湖舰官兵走进社区。游客登上驱逐舰参观。")
    es = resolve(a, recognize(a)).entities
    assert sorted((e.name, e.type.value) for e in es) == [("芜湖舰", "unit"), ("青岛市", "place")]


def test_a_ship_closing_a_quoted_theme_is_part_of_that_name():
    assert units("白岭县举行“情系芜湖舰”图书捐赠仪式。") == []
