"""Typed relations with evidence, from sentences of our own."""
import pytest

import sygraph
from sygraph.explain import explain

TEXT = """巴中市双拥工作纪实
2021-08-01 09:00 来源:巴中日报 编辑:唐小松
巴中军分区对口帮扶通江县沙溪镇王坪村,帮助援建村基础设施。
巴中市退役军人事务局与巴中市中心医院举行拥军优抚医疗服务签约仪式。
巴中市连续三次蝉联“全国双拥模范城”荣誉称号。
巴中市还涌现出“全国模范退役军人”吴国强和“全省优秀退役军人”孙立、马平等一批典型。
恩阳区人武部驻村队员赵家明走进王坪村贫困户李秀兰家。
2020年,该校被巴中军分区授牌“国防教育基地”。
巴中日报记者 钟晓燕
"""


@pytest.fixture(scope="module")
def kg():
    return sygraph.build_texts({"bz.txt": TEXT})


def rel(kg, relation):
    return {(r.head.name, r.tail.name) for r in kg.relations(relation=relation)}


def test_trigger_relations(kg):
    assert ("巴中军分区", "王坪村") in rel(kg, "assists")  # the most specific place of the compound
    assert ("巴中市退役军人事务局", "巴中市中心医院") in rel(kg, "partners_with")
    assert ("巴中市", "全国双拥模范城") in rel(kg, "awarded")


def test_honours_before_names_and_lists(kg):
    awarded = rel(kg, "awarded")
    assert {("吴国强", "全国模范退役军人"), ("孙立", "全省优秀退役军人"), ("马平", "全省优秀退役军人")} <= awarded
    assert ("孙立", "全国模范退役军人") not in awarded
    assert {("吴国强", "巴中市"), ("马平", "巴中市")} <= rel(kg, "resident_of")


def test_roles_give_affiliations_with_the_role(kg):
    records = kg.relations(relation="affiliated_with")
    by_person = {r.head.name: (r.tail.name, r.role) for r in records}
    assert by_person["赵家明"] == ("恩阳区人武部", "驻村队员")
    assert by_person["钟晓燕"] == ("巴中日报", "记者")


def test_no_edge_where_types_do_not_fit(kg):
    # an honour is not assisted, a person does not organise in this vocabulary
    for r in kg.relations():
        if r.relation == "assists":
            assert r.head.type.value == "unit"
        if r.relation in ("organizes", "pursues", "awarded"):
            assert r.tail.type.value == "program"


def test_evidence_is_the_sentence_and_its_offsets_point_at_it(kg):
    body = sygraph.ingest.parse_article("bz.txt", TEXT).text
    records = [r for r in kg.relations() if not r.inferred]
    assert records
    for r in records:
        assert body[r.start:r.end] == r.evidence


def test_co_occurrence_is_kept_apart_and_weighted(kg):
    co = [(u, v, d) for u, v, _, d in kg.edges() if d["relation"] == "co_occurs_with"]
    assert co and all(d["weight"] >= 1 for *_, d in co)
    # kept as counts of pairs, not as networkx edges (they are most of a corpus's edges)
    assert not [d for *_, d in kg.graph.edges(data=True) if d["relation"] == "co_occurs_with"]
    assert sorted((u, v, d["weight"]) for u, v, d in kg.to_networkx().edges(data=True)
                  if d["relation"] == "co_occurs_with") == [(u, v, d["weight"]) for u, v, d in co]
    assert all(r.relation != "co_occurs_with" for r in kg.relations())


def test_a_relation_stated_in_two_articles_is_one_relation_with_both_statements():
    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶王坪村。", "b.txt": "开篇。\n巴中军分区再次帮扶王坪村。"})
    records = kg.relations(relation="assists")
    assert [(r.head.name, r.tail.name, r.count) for r in records] == [("巴中军分区", "王坪村", 2)]
    assert [(s.article, s.evidence, s.start) for s in records[0].statements] == [
        ("a.txt", "巴中军分区帮扶王坪村。", 4), ("b.txt", "巴中军分区再次帮扶王坪村。", 4)]


def test_a_sentence_repeated_in_one_article_states_its_relation_once():
    kg = sygraph.build_texts({"a.txt": "开篇。\n" + "巴中军分区帮扶王坪村。\n" * 50 + "巴中军分区又一次帮扶王坪村。\n"})
    [record] = kg.relations(relation="assists")
    # the reading takes the first copies for the headline and its copies: the offsets are the body's
    body = kg.body(record.statements[0].article)
    assert [(s.evidence, s.start) for s in record.statements] == [
        ("巴中军分区帮扶王坪村。", 0), ("巴中军分区又一次帮扶王坪村。", body.index("巴中军分区又一次"))]
    assert body.count("巴中军分区帮扶王坪村。") == 45
    assert kg.summary()["statements"] - kg.summary()["relations"] == sum(
        r.count - 1 for r in kg.relations())


def test_graphml_has_one_edge_per_relation_and_reads_back_every_statement(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区帮扶王坪村。", "b.txt": "开篇。\n巴中军分区再次帮扶王坪村。"})
    [path] = kg.write(tmp_path, ["graphml"])
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    names = {k.get("id"): k.get("attr.name") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assists = []
    for edge in root.iterfind(".//g:edge", ns):
        data = {names[d.get("key")]: d.text for d in edge.iterfind("g:data", ns)}
        if data.get("relation") == "assists":
            assists.append(data)
    [edge] = assists
    assert (edge["count"], json.loads(edge["articles"]), edge["evidence"]) == ("2", ["a.txt", "b.txt"],
                                                                              "巴中军分区帮扶王坪村。")
    assert [s["article"] for s in json.loads(edge["statements"])] == ["a.txt", "b.txt"]
    back = sygraph.load(path)
    assert [[(s.article, s.evidence, s.start, s.end) for s in r.statements] for r in back.relations()] == \
        [[(s.article, s.evidence, s.start, s.end) for s in r.statements] for r in kg.relations()]
    assert back.summary() == kg.summary()


def test_a_group_founded_by_a_unit_is_part_of_it():
    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区迅速成立疫情防控工作领导小组,部署防控。"})
    assert any(r.tail.name == "巴中军分区" for r in kg.relations(relation="part_of"))


def test_subjectless_sentences_share_the_paragraph_subject():
    kg = sygraph.build_texts({"a.txt": "开篇。\n通江县把双拥工作摆上重要位置。积极开展“情系军营”慰问活动,效果明显。"})
    assert ("通江县", "“情系军营”慰问活动") in {(r.head.name, r.tail.name) for r in kg.relations(relation="organizes")}


def test_lists_of_places_share_an_honour():
    kg = sygraph.build_texts({"a.txt": "开篇。\n平昌县、南江县被评为“全省双拥模范县”。"})
    assert {"平昌县", "南江县"} <= {r.head.name for r in kg.relations(relation="awarded")}


def test_a_passive_subject_must_stand_in_its_own_clause(monkeypatch):
    from sygraph import pairs

    # the rules alone: the classifier, retrained on the new recognizer's mentions, gives this
    # pair 0.52, just over its bar (a learned error the cross-validated precision counts)
    monkeypatch.setattr(pairs, "MIN_CONFIDENCE", 1.1)
    kg = sygraph.build_texts({"a.txt": "开篇。\n其中,通江县获评先进,3家单位被评为“全国双拥模范单位”。"})
    assert ("通江县", "全国双拥模范单位") not in {(r.head.name, r.tail.name) for r in kg.relations(relation="awarded")}


def test_posts_listed_before_a_title_are_affiliations_too():
    kg = sygraph.build_texts({"a.txt": "平昌县召开会议。平昌县领导出席。\n县委常委、县人武部政委周建华讲话。"})
    assert {"平昌县委", "平昌县人武部"} <= {r.tail.name for r in kg.relations(head="周建华", relation="affiliated_with")}


def test_a_relationship_set_up_with_someone():
    kg = sygraph.build_texts({"a.txt": "开篇。\n巴中军分区几经考察,与平昌县驷马镇建立了帮扶关系。"})
    assert ("巴中军分区", "驷马镇") in {(r.head.name, r.tail.name) for r in kg.relations(relation="assists")}


@pytest.mark.parametrize("sentence, expected", [
    ("青禾县双拥办常务副主任周立明介绍了情况。", {("周立明", "青禾县双拥办", "副主任")}),
    ("和丰市退役军人事务局党组成员、副局长陈立出席活动。", {("陈立", "和丰市退役军人事务局", "副局长")}),
    # a place, not a title, between the unit and the title: no link to that unit
    ("青禾县双拥办和远山镇副镇长陈立出席活动。", set()),
])
def test_a_unit_before_qualified_or_listed_titles_employs_the_person(sentence, expected):
    import sygraph
    g = sygraph.build_texts({"a.txt": "标题\n\n" + sentence}).to_networkx()
    assert {(g.nodes[u]["label"], g.nodes[v]["label"], d.get("role")) for u, v, d in g.edges(data=True)
            if d.get("relation") == "affiliated_with"} == expected


def test_a_credit_ties_a_person_to_an_outlet_only_where_it_names_one():
    kg = sygraph.build_texts({"a.txt": "青禾日报 2024-03-02\n开篇。\n青禾日报讯 记者周小川 通讯员林一帆报道:远山乡举行征兵欢送会。\n"
                                       "本报记者 马晓东\n"})
    got = {(r.head.name, r.tail.name) for r in kg.relations(relation="affiliated_with")}
    # the dateline names the outlet for its reporter; the correspondent and 本报记者 get no link
    assert got == {("周小川", "青禾日报")}


@pytest.mark.parametrize("text, expected", [
    ("李明家住青禾县远山乡白沙村，今年八十岁。", {("李明", "白沙村")}),   # the most specific place of the chain
    ("王强的家在石门镇红岭村。", {("王强", "红岭村")}),
    ("县人武部干部家住县城，常来白沙村。", set()),                      # no person before, none after 的
])
def test_a_home_stated_makes_a_resident(text, expected):
    kg = sygraph.build_texts({"a.txt": "开篇。\n" + text})
    assert {(r.head.name, r.tail.name) for r in kg.relations(relation="resident_of")} == expected


@pytest.mark.parametrize("text, expected", [
    ("驻村工作队来到远山乡白沙村。村民李明说，日子越过越好。", {("李明", "白沙村")}),
    ("驻村工作队来到远山乡白沙村。\n村民李明说，日子越过越好。", set()),   # another paragraph
    ("青禾县人武部帮扶远山乡。村民李明说。", set()),                      # a township, not a village
])
def test_a_villager_named_without_a_place_lives_in_the_paragraphs_village(text, expected):
    kg = sygraph.build_texts({"a.txt": "开篇。\n" + text})
    assert {(r.head.name, r.tail.name) for r in kg.relations(relation="resident_of")} == expected


def _typed(text, relation):
    kg = sygraph.build_texts({"a.txt": "开篇。\n" + text})
    return {(r.head.name, r.tail.name) for r in kg.relations(relation=relation)}


@pytest.mark.parametrize("text, expected", [
    # the official's post was given earlier: the unit helps, in this sentence and the next paragraph
    ("青禾县人武部政委陈立一行来到远山镇。随后，陈立走访慰问了白沙村的困难群众。", {("青禾县人武部", "白沙村")}),
    ("青禾县人武部政委陈立出席会议。\n会后，陈立慰问了石门村。", {("青禾县人武部", "石门村")}),
    # no post given: nobody's unit helps
    ("会后，陈立慰问了石门村。", set()),
])
def test_an_official_acts_for_the_unit_of_their_post(text, expected):
    assert _typed(text, "assists") == expected


def test_the_person_a_place_describes_is_the_one_helped():
    def by_rules(text):
        return {(m.head, m.tail) for m in explain(text).relations if m.relation == "assists" and m.by == "trigger words"}
    assert by_rules("叙永县人武部慰问了石门村老党员王大海。") == {("叙永县人武部", "王大海")}
    assert by_rules("叙永县人武部慰问了石门村，王大海说很感动。") == {("叙永县人武部", "石门村")}


@pytest.mark.parametrize("text, expected", [
    ("全省双拥模范城（3个）：泸州市、宜宾市、自贡市。",
     {("泸州市", "全省双拥模范城"), ("宜宾市", "全省双拥模范城"), ("自贡市", "全省双拥模范城")}),
    ("“全市最美退役军人”（2名）：王大海、李小红。", {("王大海", "全市最美退役军人"), ("李小红", "全市最美退役军人")}),
    ("全省双拥模范单位：泸州市人武部、宜宾市人武部。",
     {("泸州市人武部", "全省双拥模范单位"), ("宜宾市人武部", "全省双拥模范单位")}),
    ("活动内容：泸州市、宜宾市轮流承办。", set()),          # a colon after no honour opens no list
])
def test_the_names_listed_after_an_honour_hold_it(text, expected):
    assert _typed(text, "awarded") == expected


@pytest.mark.parametrize("text, expected", [
    # a unit goes to the names right after the visit word, and a trigger of help follows
    ("青禾县人武部来到白沙村、石门村看望老党员。", {("青禾县人武部", "白沙村"), ("青禾县人武部", "石门村")}),
    # the official who leads the visit acts for their unit; the outlet of the dateline does not
    ("远山融媒讯 青禾县政协主席陈立一行来到青禾县人武部、武警青禾中队开展慰问。",
     {("青禾县政协", "青禾县人武部"), ("青禾县政协", "武警青禾中队")}),
    # the subject who leads others there: not the units led
    ("青禾县双拥办主任陈立带领县教育局、县妇联组成慰问团，赴武警青禾中队送上慰问品。",
     {("青禾县双拥办", "武警青禾中队")}),
    # a visit with no help stated, and a region travelled to, help nobody
    ("青禾县人武部来到白沙村参观。", set()),
    ("青禾县双拥办远赴西藏慰问边防官兵。", set()),
])
def test_a_visit_to_help_assists_the_place_or_unit_visited(text, expected):
    assert _typed(text, "assists") == expected


@pytest.mark.parametrize("text, expected", [
    # a 县长 works for the article's 县政府, besides the 县委 of the post before
    ("青禾县委副书记、县长陈立出席。青禾县政府高度重视。",
     {("陈立", "青禾县委"), ("陈立", "青禾县政府")}),
    ("泸州市委常委、常务副市长陈立出席。泸州市人民政府发文。", {("陈立", "泸州市委"), ("陈立", "泸州市人民政府")}),
    # no government of that level named in the article: no guess
    ("青禾县委副书记、县长陈立出席。", {("陈立", "青禾县委")}),
])
def test_a_head_of_government_works_for_that_government(text, expected):
    assert _typed(text, "affiliated_with") == expected


@pytest.mark.parametrize("text, expected", [
    # the one helped stands before the trigger, behind 对/向/为/给: each of a list
    ("青禾县人武部对立功军人王大海、李小山的家属进行慰问。", {("青禾县人武部", "王大海"), ("青禾县人武部", "李小山")}),
    ("青禾县妇联向白沙村小学捐赠图书。", {("青禾县妇联", "白沙村小学")}),
    ("青禾军分区为远山县石门村援建卫生室。", {("青禾军分区", "石门村")}),
    # a county is no one helped: the people in it are
    ("青禾县人武部向青禾县全体退役军人致以慰问。", set()),
])
def test_the_one_helped_may_stand_before_the_trigger_behind_a_preposition(text, expected, monkeypatch):
    from sygraph import pairs

    monkeypatch.setattr(pairs, "MIN_CONFIDENCE", 1.1)  # the rule alone (the classifier reads pairs its own way)
    assert _typed(text, "assists") == expected


@pytest.mark.parametrize("text, expected", [
    # the list opened by 分别是 and a colon; a compound place in it is its lowest place
    ("获命名的省双拥模范城分别是：远山市、青禾市石门区、白沙镇。",
     {("远山市", "省双拥模范城"), ("石门区", "省双拥模范城"), ("白沙镇", "省双拥模范城")}),
    ("省双拥模范城包括：远山市、青禾市。", {("远山市", "省双拥模范城"), ("青禾市", "省双拥模范城")}),
])
def test_an_honours_list_opened_by_a_verb_and_with_compound_places(text, expected, monkeypatch):
    from sygraph import pairs

    monkeypatch.setattr(pairs, "MIN_CONFIDENCE", 1.1)  # the rules alone: the classifier reads pairs its own way
    assert _typed(text, "awarded") == expected


@pytest.mark.parametrize("text, expected", [
    # two or three co-organisers are each other's partners
    ("青禾县双拥办、青禾县妇联、青禾县人武部共同举办“军营开放日”活动。",
     {("青禾县双拥办", "青禾县妇联"), ("青禾县双拥办", "青禾县人武部"), ("青禾县妇联", "青禾县人武部")}),
    # a longer list is a roll of participants: no partners
    ("青禾县双拥办、青禾县妇联、青禾县人武部、青禾县教育局共同举办“军营开放日”活动。", set()),
])
def test_two_or_three_co_organisers_are_partners(text, expected, monkeypatch):
    from sygraph import pairs

    monkeypatch.setattr(pairs, "MIN_CONFIDENCE", 1.1)  # the rules alone
    assert _typed(text, "partners_with") == expected


@pytest.mark.parametrize("text, expected", [
    # the unit of the name listed before carries to the next name and its own title
    ("江油市人武部部长郭建光、政委李国栋出席活动。",
     {("郭建光", "江油市人武部", "部长"), ("李国栋", "江油市人武部", "政委")}),
    ("江油市拥军协会会长胡明、副会长吴生、秘书长王凤参加。",
     {("胡明", "江油市拥军协会", "会长"), ("吴生", "江油市拥军协会", "会长"), ("王凤", "江油市拥军协会", "秘书长")}),
    # a head of government does not take the party committee's post of the name before
    ("江油市委书记张三、市长李四出席。江油市人民政府发文。",
     {("张三", "江油市委", "书记"), ("李四", "江油市人民政府", "市长")}),
    # the posts of the person before are not copied onto the next, who has a unit of his own
    ("江油市人武部政委李明、江油市双拥办主任王芳出席。",
     {("李明", "江油市人武部", "政委"), ("王芳", "江油市双拥办", "主任")}),
])
def test_a_list_of_titled_names_carries_the_unit_to_the_next(text, expected, monkeypatch):
    from sygraph import pairs

    monkeypatch.setattr(pairs, "MIN_CONFIDENCE", 1.1)  # the rules alone
    kg = sygraph.build_texts({"a.txt": "开篇。\n" + text})
    assert {(r.head.name, r.tail.name, r.role) for r in kg.relations(relation="affiliated_with")} == expected


@pytest.mark.parametrize("text, expected", [
    # support and gifts state help as the visit words do: the giver assists the one named after
    ("青禾市人民政府大力支持驻青禾部队建设。", {("青禾市人民政府", "驻青禾部队")}),
    ("青禾县退役军人事务局为白沙村老兵赠送慰问品。", {("青禾县退役军人事务局", "白沙村")}),
    ("青禾县人武部向白沙村困难群众发放救助金。", {("青禾县人武部", "白沙村")}),
])
def test_support_and_gifts_are_assists(text, expected):
    assert rel(sygraph.build_texts({"a.txt": text}), "assists") == expected


def test_a_numbered_part_of_a_unit_is_part_of_it():
    kg = sygraph.build_texts({"a.txt": "96123部队二营三连官兵与青禾县白沙村开展共建。"})
    assert rel(kg, "part_of") == {("96123部队二营三连", "96123部队")}


def test_issuing_a_policy_is_organising_it():
    kg = sygraph.build_texts({"a.txt": "青禾市人民政府印发了《青禾市军人家属就业安置办法》。"})
    assert rel(kg, "organizes") == {("青禾市人民政府", "青禾市军人家属就业安置办法")}
