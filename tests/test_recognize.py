import pytest

from sygraph.ingest import parse_article
from sygraph.recognize import recognize, recognize_sentence


def found(text):
    return {(m.text, m.type.value) for m in recognize_sentence(text)}


@pytest.mark.parametrize("text, expected", [
    # compound place names split into a chain
    ("部队官兵来到仁寿县文林镇双堰村开展帮扶。", {("仁寿县", "place"), ("文林镇", "place"), ("双堰村", "place")}),
    # units: a place and a unit head
    ("雅安军分区与雅安市退役军人事务局签订协议。", {("雅安军分区", "unit"), ("雅安市退役军人事务局", "unit")}),
    ("武警眉山支队官兵参加了演练。", {("武警眉山支队", "unit")}),
    # people after a title, a byline and a list of names
    ("该院院长周建国介绍了情况。", {("周建国", "person")}),
    ("本报记者 黄晓梅 摄", {("黄晓梅", "person")}),
    # programs: quoted names with a head, documents, fixed national programs
    ("全县开展“情暖军营”慰问活动。", {("“情暖军营”慰问活动", "program")}),
    ("印发了《退役军人安置工作实施办法》。", {("《退役军人安置工作实施办法》", "program")}),
    ("助力乡村振兴和脱贫攻坚。", {("乡村振兴", "program"), ("脱贫攻坚", "program")}),
    # a community named after its street, numbered
    ("民兵们来到城关区建国路二社区开展宣传。", {("建国路二社区", "place")}),
    # the bodies of the solar system are named natural features
    ("探测器离开地球，飞向月球。", {("地球", "place"), ("月球", "place")}),
])
def test_sentences(text, expected):
    assert expected <= found(text)


@pytest.mark.parametrize("text, not_expected", [
    ("全村贫困户都脱贫了。", ("全村", "place")),
    ("各级党委和政府高度重视。", ("各级党委", "unit")),
    ("大家关怀老兵。", ("关怀", "person")),
    ("培训5300余人。", ("余人", "person")),
    ("共建和平美好家园。", ("和平", "place")),
    # county short names that are common words: the tagger checks them
    ("要振兴民族工业。", ("振兴", "place")),
    ("乡亲们的生活越来越富裕。", ("富裕", "place")),
    ("对方前锋一脚劲射破门。", ("前锋", "place")),
    ("电焊时火星四溅。", ("火星", "place")),  # a spark, not the planet
    # divisions whose official name is a kind of area
    ("这座城市规划了三个工业开发区。", ("开发区", "place")),
    ("老人们在城区广场上跳舞。", ("城区", "place")),
    # a county whose short name is a word, inside a program's name
    ("村里实施了“振兴工程”。", ("振兴", "place")),
    # verbs of going to a village are no village names
    ("村支书每天带队走村巡查。", ("带队走村", "place")),
])
def test_common_words_are_not_entities(text, not_expected):
    assert not_expected not in found(text)


def test_roles_are_kept_with_people():
    roles = {m.text: m.role for m in recognize_sentence("镇党委书记刘志远和驻村队员马小军走访农户。")}
    assert roles.get("刘志远") == "党委书记"
    assert roles.get("马小军") == "驻村队员"


def test_header_people_and_publisher_are_mentions():
    a = parse_article("p.txt", "某地双拥工作纪实\n2021-01-01 08:00 来源:眉山日报 编辑:陈小兵\n正文很短。")
    kinds = {(m.text, m.type.value, m.sentence) for m in recognize(a)}
    assert ("陈小兵", "person", -1) in kinds and ("眉山日报", "unit", -1) in kinds


def test_offsets_point_into_the_body():
    a = parse_article("p.txt", "第一段没有名字。\n随后,巴中军分区帮助通江县。")
    for m in recognize(a):
        s = a.sentences[m.sentence]
        assert a.text[m.start:m.end] == m.text or m.sentence == -1 or s.part.value == "title"


@pytest.mark.parametrize("text, expected", [
    # a title then a three-character name cut by the segmenter
    ("常务副市长杜明其来到敬老院。", {("杜明其", "person")}),
    # a run of bylines written without separators
    ("(记者周大海邝小云通讯员林中华)", {("周大海", "person"), ("邝小云", "person"), ("林中华", "person")}),
    # names in a list, before and after the separator
    ("获奖者有郑国和、冯道远。", {("郑国和", "person"), ("冯道远", "person")}),
    # minority names written with a middle dot
    ("居民买买提·艾力参加了活动。", {("买买提·艾力", "person")}),
])
def test_people_from_characters(text, expected):
    assert expected <= found(text)


@pytest.mark.parametrize("text, expected", [
    ("城关镇党委书记韩立新讲话。", {("城关镇党委", "unit"), ("韩立新", "person")}),
    ("通江县委、县政府高度重视。", {("通江县委", "unit")}),
    ("他被教育部评为先进个人。", {("教育部", "unit")}),
    ("武警四川总队三支队官兵参加。", {("武警四川总队三支队", "unit")}),
])
def test_unit_patterns(text, expected):
    assert expected <= found(text)


@pytest.mark.parametrize("text, expected", [
    ("该校被评为“全省国防教育特色学校”。", {("“全省国防教育特色学校”", "program")}),
    ("荣获“十佳拥军企业”荣誉称号。", {("“十佳拥军企业”", "program")}),
    ("全国拥军优属先进集体暨拥政爱民先进集体表彰大会在京召开。",
     {("全国拥军优属先进集体暨拥政爱民先进集体表彰大会", "program")}),
    ("开展“爱心助学”、“银发关怀”行动。", {("“爱心助学”", "program"), ("“银发关怀”行动", "program")}),
])
def test_program_patterns(text, expected):
    assert expected <= found(text)


def test_an_honour_shares_the_scope_of_the_one_before_it():
    import sygraph

    kg = sygraph.build_texts({"a.txt": "表彰全国爱国拥军模范单位和拥政爱民模范单位。"})
    assert {"全国爱国拥军模范单位", "全国拥政爱民模范单位"} <= {e.name for e in kg.entities(type="program")}


def test_traditional_characters_are_read_and_kept_as_aliases():
    import sygraph

    kg = sygraph.build_texts({"t.txt": "昨日,邵陽軍分區官兵走訪慰問了新邵縣的退役軍人。"})
    unit = kg.find("邵阳军分区")[0]
    assert "邵陽軍分區" in unit.aliases
    assert kg.find("新邵縣")[0].attr("adcode") == "430522"


@pytest.mark.parametrize("text, expected, not_expected", [
    # a dotted foreign name stops before the words around it
    ("外交部长安德烈·米哈伊洛在会上发言。", {("安德烈·米哈伊洛", "person")}, {("安德烈·米哈伊洛在", "person")}),
    ("访问团由瑞典人约翰·卡尔松带队。", {("约翰·卡尔松", "person")}, {("瑞典人约翰·卡尔松", "person")}),
    # a dotted name with a place suffix is a place
    ("他家住在圣·安德里亚镇。", {("圣·安德里亚镇", "place")}, {("圣·安德里亚", "person")}),
    # a middle dot mangled into a question mark by a wrong encoding
    ("居民买买提?吐尔逊和邻居一起来了。", {("买买提·吐尔逊", "person")}, set()),
    # a word after the name that happens to be spelt in transliteration characters
    ("球迷们等着迈克尔·乔丹比赛。", {("迈克尔·乔丹", "person")}, {("迈克尔·乔丹比赛", "person")}),
])
def test_dotted_names(text, expected, not_expected):
    result = found(text)
    assert expected <= result and not (not_expected & result)


def test_a_foreign_name_after_a_title_is_read_whole(monkeypatch):
    # the rules alone: the tagger would also find the whole name
    from sygraph import tagger
    monkeypatch.setattr(tagger, "_tagger", lambda: None)
    for text, name in (("协会主席维克托罗夫会见了球员。", "维克托罗夫"), ("议长斯特罗申科会见了客人。", "斯特罗申科")):
        assert (name, "person") in found(text)


@pytest.mark.parametrize("text, unit, person", [
    # a department and its head's title written as one word
    ("英国财政部长布朗昨天在伦敦说。", "英国财政部", "布朗"),
])
def test_a_department_glued_to_its_title(text, unit, person):
    result = found(text)
    assert (unit, "unit") in result and (person, "person") in result


@pytest.mark.parametrize("text, bad", [
    ("老张刚出医院就回村里干活了。", "刚出医院"),
    ("昨天他们在决赛中战胜韩国女队。", "战胜韩国女队"),
])
def test_unit_names_do_not_start_with_adverbs_or_verbs(text, bad):
    assert (bad, "unit") not in found(text)


def test_an_activity_going_somewhere_is_no_unit():
    # 国防教育|进|学校 is an activity (education going into schools), however sure the tagger is
    from sygraph.recognize import _goes_somewhere
    from sygraph.segment import tokenize

    assert _goes_somewhere(tokenize("国防教育进学校"), 0, 7)
    assert not _goes_somewhere(tokenize("北京进修学校"), 0, 6)


def test_places_named_in_a_document_title_are_mentions_of_their_own():
    result = found("各地认真学习《眉山市双拥工作实施办法》。")
    assert ("《眉山市双拥工作实施办法》", "program") in result and ("眉山市", "place") in result


def test_a_reduplicated_word_is_not_a_name():
    assert not any(kind == "person" for _, kind in found("清晨五点,天才蒙蒙亮,战士们就出发了。"))


def test_a_division_named_after_its_bureau_is_the_bureau():
    # forestry bureaus are divisions in the national table, but the text names the body
    result = found("副县长来到珲春林业局慰问民兵。")
    assert ("珲春林业局", "unit") in result and ("珲春林业局", "place") not in result


def test_a_district_named_like_a_unit_stays_a_place():
    assert ("点军区", "place") in found("市领导来到点军区调研。")


def test_a_short_name_after_its_province_or_a_generic_area_after_its_city_is_a_place():
    assert ("来宾", "place") in found("他从广西来宾赶回家乡过年。")
    # a city's short name that the dictionary also holds as a word (大连, tagged an adverb)
    assert ("大连", "place") in found("老兵们从大连赶来参加座谈。")
    # and a city the tagger has rarely seen is not left to it
    assert ("常德", "place") in found("退伍后他回到了常德。")
    assert ("常熟", "place") in found("退伍后他回到了常熟。")  # a county whose name is a rare word
    assert ("老城区", "place") in found("他在洛阳市老城区工作。")


def test_a_township_name_before_a_lone_village_character_reads_as_countryside():
    # 幸福乡 is a township's name, but 幸福|乡村 is what the sentence says
    assert not any(kind == "place" for _, kind in found("让乡亲们过上幸福乡村生活。"))


def test_a_township_before_its_villagers_keeps_its_name():
    assert ("红星乡", "place") in found("红星乡村民自发组织了拥军活动。")


def test_a_country_heading_a_name_is_part_of_it_but_its_government_names_it():
    assert ("秘鲁", "place") not in found("秘鲁代表团昨天抵达上海。")
    assert ("中国", "place") not in found("大家讨论了“中国精神”的内涵。")
    assert ("中国", "place") not in found("民兵们认真学习中国特色社会主义理论。")  # a set phrase
    assert ("印度", "place") in found("印度政府宣布了一项新政策。")
    # a name that holds another place after its country is about both
    assert ("荷兰", "place") in found("他从荷兰阿姆斯特丹大学回国。")
    # inside a title, not heading it, the country is what the title is about
    assert ("日本", "place") in found("他写了《战后日本的农村改革》一书。")


def test_a_village_name_the_segmenter_broke_into_pieces(monkeypatch):
    from sygraph import tagger

    monkeypatch.setattr(tagger, "_tagger", lambda: None)  # the rules alone
    assert ("柳条杓村", "place") in found("民兵们帮助柳条杓村修通了道路。")
    for text in ("工作队到村开展宣传。", "全镇共有十二个村。", "他们走访了邻近的村。"):
        assert not any(kind == "place" for _, kind in found(text))


def test_the_parents_written_at_the_start_of_a_sub_units_name_are_units_too():
    assert [(m.text, m.type.value) for m in recognize_sentence("武警青禾支队执勤一大队四中队官兵参加活动。")] == [
        ("武警青禾支队", "unit"), ("武警青禾支队执勤一大队", "unit"), ("武警青禾支队执勤一大队四中队", "unit")]


def test_each_sub_unit_is_part_of_the_unit_its_name_begins_with():
    import sygraph
    kg = sygraph.build_texts({"a.txt": "标题\n\n武警青禾支队执勤一大队四中队官兵走访慰问老党员。\n"})
    g = kg.to_networkx()
    assert sorted((g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)
                  if d.get("relation") == "part_of") == [
        ("武警青禾支队执勤一大队", "武警青禾支队"), ("武警青禾支队执勤一大队四中队", "武警青禾支队执勤一大队")]


def mentions(text):
    return [(m.text, m.type.value) for m in recognize_sentence(text)]


@pytest.mark.parametrize("text, expected", [
    # an honour takes a parenthesised list of levels after it
    ("青禾县再次被命名为全国双拥模范城(县)。", [("青禾县", "place"), ("全国双拥模范城(县)", "program")]),
    # a province before a fixed honour confers it
    ("远山县是河北省双拥模范县。", [("远山县", "place"), ("河北省双拥模范县", "program")]),
    # honours after a cue, whatever their words, with what the head takes after it (模范|镇)
    ("白沙镇荣获全县拥军优属模范镇和民兵工作先进集体的荣誉。",
     [("白沙镇", "place"), ("全县拥军优属模范镇", "program"), ("民兵工作先进集体", "program")]),
    # an honour before its holder's name
    ("全国爱国拥军模范张建华出席。", [("全国爱国拥军模范", "program"), ("张建华", "person")]),
    # quoted names listed as examples of a kind of program: each is one
    ("社区开展“老兵讲堂”“军属茶座”等特色活动。", [("“老兵讲堂”", "program"), ("“军属茶座”", "program")]),
    # events named after their quoted theme with heads too common to end a name alone
    ("晚会设“青春无悔”文艺互动和“初心如磐”军营体验两个环节。",
     [("“青春无悔”文艺互动", "program"), ("“初心如磐”军营体验", "program")]),
    # the edition, year and place before the theme are part of the event's name
    ("第五届古蔺县“情系子弟兵”文艺汇演昨日举行。",
     [("第五届古蔺县“情系子弟兵”文艺汇演", "program"), ("古蔺县", "place")]),
    # a quoted date is no name of a list, and an event named by its date and kind is no name
    ("庆“七一”“党旗永飘扬”文艺晚会在礼堂举行。", [("“党旗永飘扬”文艺晚会", "program")]),
    ("庆“八一”活动丰富多彩。", []),
    # quoted names counted before their kind: each is a program
    ("开展“红色宣讲·进社区”、“健康义诊·进军营”两项活动。",
     [("“红色宣讲·进社区”", "program"), ("“健康义诊·进军营”", "program")]),
    # a numbered day is a date; the same name quoted as a theme with its head is an event
    ("聚焦第三十个全民国防教育日。", []),
    ("开展“全民国防教育日”系列活动。", [("“全民国防教育日”系列活动", "program")]),
])
def test_program_names(text, expected):
    assert mentions(text) == expected


def test_a_program_never_cuts_a_quote():
    from sygraph.recognize import PROGRAM, Candidate, _closing_quotes, _cuts_a_quote

    assert _cuts_a_quote("“四叶草") and _cuts_a_quote("亲情”春节茶话会") and not _cuts_a_quote("“甲乙”活动")
    text = "举办“同心同行”联谊会。"
    short = Candidate(30, 3, 11, PROGRAM, text[3:11])  # 同心同行”联谊会, read from after the quote
    assert _closing_quotes(text, short).text == "“同心同行”联谊会"


@pytest.mark.parametrize("text, expected", [
    # a theatre command, its service and a unit under it: each is a unit, each the parent of the next
    ("西部战区陆军某旅官兵来到仁寿县。",
     [("西部战区", "unit"), ("西部战区陆军", "unit"), ("西部战区陆军某旅", "unit"), ("仁寿县", "place")]),
    # a service word is no unit's end after a place (驻X空军某部 names no 驻X空军)
    ("东部战区空军和南部战区召开会议。", [("东部战区", "unit"), ("东部战区空军", "unit"), ("南部战区", "unit")]),
    # a department written after its unit's name: the sub-unit, and its parent
    ("雅安军分区政治工作处干事周建国介绍。",
     [("雅安", "place"), ("雅安军分区", "unit"), ("雅安军分区政治工作处", "unit"), ("周建国", "person")]),
    ("第88集团军保卫处派员参加。", [("第88集团军", "unit"), ("第88集团军保卫处", "unit")]),
    # a numbered or tasked part of a military unit is a unit, its parent the unit before it;
    # a word that relates two units (所属) or a group word (一行) names no part
    ("96123部队二营三连官兵来到青禾县白沙村。",
     [("96123部队", "unit"), ("96123部队二营三连", "unit"), ("青禾县", "place"), ("白沙村", "place")]),
    ("武警青禾支队巡逻中队开展执勤。", [("武警青禾支队", "unit"), ("武警青禾支队巡逻中队", "unit")]),
    ("武警青禾支队一行来到白沙村。", [("武警青禾支队", "unit"), ("白沙村", "place")]),
    ("武警青禾支队所属中队参加训练。", [("武警青禾支队", "unit")]),
    ("海军青禾水警区某大队官兵参观。", [("海军青禾水警区", "unit"), ("海军青禾水警区某大队", "unit")]),
    # heads for the recognizer only, and a unit whose name is withheld (某)
    ("眉山边防连官兵巡逻，某边防团也参加了。", [("眉山", "place"), ("眉山边防连", "unit"), ("某边防团", "unit")]),
    # a verb tagged as a noun, or a character glued to a level character, starts no unit's name
    ("会上，周建国代表县委讲话。", [("周建国", "person"), ("县委", "unit")]),
    ("据区双拥办统计，共走访百户。", [("区双拥办", "unit")]),
    # an outlet opening a credit is a unit; a word before 记者 inside a sentence is not
    ("雅安新闻记者 黄晓梅 摄", [("雅安新闻", "unit"), ("黄晓梅", "person")]),
    ("他在互联网记者节上发言。", []),
])
def test_unit_patterns(text, expected):
    assert mentions(text) == expected


def test_the_country_the_news_is_written_in_is_no_place_mention():
    import sygraph

    # the guidelines annotate divisions, sites and features; the home country is the backdrop
    for text in ("新中国成立以来，青禾县人武部扎根白沙村，为中国培养民兵。", "中华人民共和国成立以来，青禾县人武部扎根白沙村。"):
        kg = sygraph.build_texts({"a.txt": text})
        assert sorted(e.name for e in kg.entities(type="place") if not e.attr("inferred")) == ["白沙村", "青禾县"]


def test_tiers_are_ordered_and_say_what_they_allow():
    from sygraph.recognize import Tier

    assert Tier.REGISTRY > Tier.NAMED > Tier.DIVISION > Tier.SHORT_PLACE > Tier.UNCUED_NAME > Tier.INSIDE_ONLY
    assert {t for t in Tier if t.checked} == {Tier.UNCUED_NAME, Tier.TRANSLITERATION, Tier.SHORT_PLACE}
    assert {t for t in Tier if t.fixed_bounds} == {Tier.DOCUMENT, Tier.REGISTRY}
    assert {t for t in Tier if t.stands_inside} == {Tier.DIVISION}
    assert {t for t in Tier if t.full_name} == {Tier.DOCUMENT, Tier.REGISTRY, Tier.NAMED, Tier.LISTED_UNIT,
                                                Tier.SET_NAME}


def test_every_threshold_is_in_the_policy_with_a_reason():
    from sygraph.lexicon import load_table
    from sygraph.recognize import POLICY, Policy

    rows = load_table("policy.tsv")
    assert all(r["why"] for r in rows)
    assert Policy.load() == POLICY and POLICY.tagger_min_confidence == {"PER": 0.7, "LOC": 0.7, "ORG": 0.8}
    assert isinstance(POLICY.generic_event_max, int) and isinstance(POLICY.person_veto, float)


def test_a_policy_value_changes_the_reading(monkeypatch):
    import dataclasses

    from sygraph import recognize

    sentence = "青禾县举行联谊活动。"  # an event named only by its kind, up to generic_event_max long
    assert [m.text for m in recognize.recognize_sentence(sentence)] == ["青禾县"]
    monkeypatch.setattr(recognize, "POLICY", dataclasses.replace(recognize.POLICY, generic_event_max=3))
    assert [m.text for m in recognize.recognize_sentence(sentence)] == ["青禾县", "联谊活动"]


@pytest.mark.parametrize("body, expected", [
    # the tokens of the later sentence spell no known name (九龙|村党支部书记): its first reading stands
    ("古蔺县太平镇九龙村举行活动。\n九龙村党支部书记王明介绍了情况。",
     [("古蔺县", 1), ("太平镇", 1), ("九龙村", 1), ("九龙", 2), ("九龙村党支部", 2), ("王明", 2)]),
    # they do (老店|社区): that sentence is read again, the name joined
    ("叙永县水尾镇老店社区开展慰问。\n老店社区党支部组织退役军人座谈。\n王明说老店社区变化很大。",
     [("叙永县", 1), ("水尾镇", 1), ("老店社区", 1), ("老店社区", 2), ("老店社区党支部", 2), ("王明", 3),
      ("老店社区", 3)]),
])
def test_sentences_with_known_names_read_as_a_traced_second_reading_does(body, expected):
    # with a trace, every sentence that writes a known place is read a second time; without
    # one, a sentence whose tokens the known names leave unchanged keeps its first reading
    from sygraph import recognize as module

    article = parse_article("k.txt", "标题\n" + body)
    plain = recognize(article)
    token = module.TRACE.set([])
    try:
        traced = recognize(article)
    finally:
        module.TRACE.reset(token)
    assert plain == traced
    assert [(m.text, m.sentence) for m in plain] == expected
