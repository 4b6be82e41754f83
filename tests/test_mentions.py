"""Typed mentions: what the way a mention is written says is a field of its own (cue,
qualifier, registry id, scope), and resolution links mentions by key, not by position.
The sentences are invented."""
import random

from sygraph.ingest import parse_article
from sygraph.model import Mention, MentionKey, marker_fields
from sygraph.recognize import recognize
from sygraph.registry import load_registry
from sygraph.resolve import resolve
from sygraph.terms import MentionCue

ABBREVIATION, REFERENCE, FEATURE, UNPLACED = (MentionCue.ABBREVIATION, MentionCue.REFERENCE, MentionCue.FEATURE,
                                              MentionCue.UNPLACED)


def fields(text, registry=None, title=None):
    article = parse_article("t.txt", text, title=title)
    return [(m.text, m.type.value, m.sentence, m.start, m.end, m.cue, m.qualifier, m.registry_id, m.scope)
            for m in recognize(article, registry)]


def test_a_one_character_abbreviation_of_a_place_is_cued():
    assert fields("青禾县人武部官兵走访驻青某部。") == [
        ("青禾县", "place", 0, 0, 3, None, "", "", ""),
        ("青禾县人武部", "unit", 0, 0, 6, None, "", "", ""),
        ("驻青某部", "unit", 0, 10, 14, None, "", "", ""),
        ("青", "place", 0, 11, 12, ABBREVIATION, "", "", ""),
    ]


def test_a_generic_unit_name_that_may_shorten_a_fuller_one_is_a_reference():
    assert fields("国防教育服务中心开展活动。") == [("国防教育服务中心", "unit", 0, 0, 8, REFERENCE, "", "", "")]


def test_a_natural_feature_is_cued():
    assert fields("民兵们在太行山植树。") == [("太行山", "place", 0, 4, 7, FEATURE, "", "", "")]


def test_a_unit_written_with_no_place_is_unplaced():
    assert fields("人武部组织民兵训练。") == [("人武部", "unit", 0, 0, 3, UNPLACED, "", "", "")]


def test_the_level_word_a_unit_is_written_with_is_its_qualifier():
    assert fields("县人武部联合区退役军人事务局看望老兵。") == [
        ("县人武部", "unit", 0, 0, 4, None, "县", "", ""),
        ("区退役军人事务局", "unit", 0, 6, 14, None, "区", "", ""),
    ]


def test_the_page_header_mentions_have_keys_of_their_own():
    text = "白溪镇举行拥军座谈会\n来源：区退役军人事务局\n记者 林晓航 通讯员 苏禾\n白溪镇近日走访老兵。"
    assert fields(text) == [
        ("白溪镇", "place", 0, 0, 3, None, "", "", ""),
        ("拥军座谈会", "program", 0, 5, 10, None, "", "", ""),
        ("白溪镇", "place", 1, 0, 3, None, "", "", ""),
        ("林晓航", "person", -1, 0, 0, None, "", "", ""),
        ("苏禾", "person", -1, 0, 0, None, "", "", ""),
        ("区退役军人事务局", "unit", -1, 0, 0, None, "区", "", ""),
    ]
    mentions = recognize(parse_article("t.txt", text))
    assert len({m.key for m in mentions}) == len(mentions)


def test_a_registered_name_carries_its_registry_id(tmp_path):
    path = tmp_path / "reg.tsv"
    path.write_text("kind\tid\ttype\tname\taliases\tadcode\tnever_merge_with\n"
                    "entity\tu1\tunit\t青禾拥军协会\t拥军协会\t\t\n", encoding="utf-8")
    registry = load_registry(path)
    assert fields("拥军协会走访了老兵。", registry) == [("拥军协会", "unit", 0, 0, 4, None, "", "u1", "")]
    article = parse_article("t.txt", "拥军协会走访了老兵。")
    resolution = resolve(article, recognize(article, registry), registry)
    assert [(e.name, e.attr("registry")) for e in resolution.entities] == [("青禾拥军协会", "u1")]


def test_an_honour_sharing_the_scope_of_the_one_before_carries_the_scope():
    text = "青禾县今年推荐了全国爱国拥军模范单位和拥政爱民模范单位的候选名单。"
    assert fields(text) == [
        ("青禾县", "place", 0, 0, 3, None, "", "", ""),
        ("全国爱国拥军模范单位", "program", 0, 8, 18, None, "", "", ""),
        ("拥政爱民模范单位", "program", 0, 19, 27, None, "", "", "全国"),
    ]
    article = parse_article("t.txt", text)
    names = sorted(e.name for e in resolve(article, recognize(article)).entities if e.type.value == "program")
    assert names == ["全国拥政爱民模范单位", "全国爱国拥军模范单位"]


def test_each_marker_of_a_candidate_is_one_typed_field():
    assert [marker_fields(m) for m in ("", "~", "驻", "feature", "*", "市", "自治区", "@u1", "@", "^全国")] == [
        {}, {"cue": REFERENCE}, {"cue": ABBREVIATION}, {"cue": FEATURE}, {"cue": UNPLACED}, {"qualifier": "市"},
        {"qualifier": "自治区"}, {"registry_id": "u1"}, {}, {"scope": "全国"}]


def test_a_mention_key_is_its_sentence_span_type_and_text():
    m = Mention("区人武部", "unit", 2, 10, 14, qualifier="区")
    assert m.key == MentionKey(2, 10, 14, "unit", "区人武部") == (2, 10, 14, "unit", "区人武部")


ARTICLE = ("江阳区人武部帮助江阳区分水岭镇修路。\n区人武部组织民兵走访驻泸部队。\n"
           "民兵们又在太行山植树，国防教育服务中心派员参加。")


def test_resolution_links_mentions_by_key_whatever_their_order():
    article = parse_article("t.txt", ARTICLE, title="")
    mentions = recognize(article)
    resolution = resolve(article, mentions)
    names = {e.id: e.name for e in resolution.entities}
    assert [(m.text, names.get(resolution.link(m), "")) for m in mentions] == [
        ("江阳区", "江阳区"), ("江阳区人武部", "江阳区人武部"), ("江阳区", "江阳区"), ("分水岭镇", "分水岭镇"),
        ("区人武部", "江阳区人武部"), ("驻泸部队", "驻泸部队"), ("泸", "泸州市"), ("太行山", "太行山"),
        ("国防教育服务中心", ""),  # a reference to no fuller name: dropped
    ]
    # the unit the resolver qualified with the district, by the key of the mention that says 区
    assert [(names[u], names[p], key) for u, p, key in resolution.qualified_by] == [
        ("江阳区人武部", "江阳区", MentionKey(1, 19, 23, "unit", "区人武部"))]
    assert set(resolution.links) == {m.key for m in mentions if resolution.link(m)}
    shuffled = list(mentions)
    random.Random(19).shuffle(shuffled)
    for order in (list(reversed(mentions)), shuffled):
        again = resolve(article, order)
        assert again == resolution
        assert again.ids_of(order) == [resolution.link(m) for m in order]
