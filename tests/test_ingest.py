import json

import pytest

from sygraph.errors import InputError
from sygraph.ingest import (decode, heuristic_reading, html_to_text, page_lines, parse_article, parse_published, read_articles,
                            split_sentences)
from sygraph.model import Part

PAGE = """您当前的位置 : 某某网 >> 新闻 >> 本地
军地携手共建美丽乡村
21-03-09 10:15 来源:某某日报 编辑:赵一鸣
  原标题:军地携手共建美丽乡村
  通讯员 钱二妹
  近日,某某县人武部走访慰问困难退役军人。活动现场气氛热烈!
  (责编:孙三、李四)
精彩推荐
  • 别的新闻标题里有个王五
即时播报
1   另一条新闻
"""


def test_header_fields_are_parsed():
    a = parse_article("page.txt", PAGE)
    assert a.title == "军地携手共建美丽乡村"
    assert a.published == "2021-03-09T10:15"
    assert a.publisher == "某某日报"
    # a credit needs no colon: 通讯员 钱二妹 under the original title is one too
    assert [(b.role, b.name) for b in a.bylines] == [("编辑", "赵一鸣"), ("通讯员", "钱二妹")]


def test_chrome_is_cut_from_the_body():
    a = parse_article("page.txt", PAGE)
    assert "王五" not in a.text and "即时播报" not in a.text and "某某网" not in a.text
    assert a.text.startswith("原标题") and a.text.endswith("(责编:孙三、李四)")


def test_sentences_carry_offsets_into_the_body():
    a = parse_article("page.txt", PAGE)
    body = [s for s in a.sentences if s.part is Part.BODY]
    assert body and all(a.text[s.start:s.end] == s.text for s in body)
    assert [s.part for s in a.sentences][0] is Part.TITLE


@pytest.mark.parametrize("text, iso", [
    ("2020年05月28日09:31  来源:泸州新闻网", "2020-05-28T09:31"),
    ("20-08-05 08:44 来源:陇东报", "2020-08-05T08:44"),
    ("来源: 某报 2018-11-13 09:25:31", "2018-11-13T09:25"),
    ("02.08.2015  13:01", "2015-08-02T13:01"),
    ("发布时间:2022-07-13", "2022-07-13"),
    ("没有日期", ""),
])
def test_publication_times(text, iso):
    assert parse_published(text) == iso


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_decodes_common_encodings(encoding):
    text = "西峰区人武部帮扶巨塬村。"
    assert decode(text.encode(encoding), "x.txt") == text


def test_binary_and_undecodable_bytes_are_errors():
    with pytest.raises(InputError, match="x.txt: binary"):
        decode(b"\x00\x01\x02abc", "x.txt")
    with pytest.raises(InputError, match="y.txt"):
        decode(b"\xff\xff\xff\xfe\x81", "y.txt")


def test_sentence_split_keeps_closing_quotes_and_nbsp():
    parts = [s.text for s in split_sentences("他说:“好!”\u00a0然后走了。最后")]
    assert parts == ["他说:“好!”", "然后走了。", "最后"]


def test_directories_are_read_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("第二篇。", encoding="utf-8")
    (tmp_path / "1.txt").write_text("第一篇。", encoding="gbk")
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    assert [a.source for a in read_articles([tmp_path])] == ["1.txt", "b/2.txt"]


def test_jsonl_records_and_a_bad_line(tmp_path):
    f = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": "a1", "text": "正文。", "title": "标题一", "published": "2020-01-02",
                         "source": "某报", "url": "http://example.org/1"}, ensure_ascii=False),
             "{not json", json.dumps({"id": "a2", "text": "另一篇。"}, ensure_ascii=False)]
    f.write_text("\n".join(lines), encoding="utf-8")
    errors = []
    arts = list(read_articles([f], on_error=errors.append))
    assert [a.source for a in arts] == ["a1", "a2"]
    assert arts[0].title == "标题一" and arts[0].publisher == "某报" and arts[0].published == "2020-01-02"
    assert len(errors) == 1 and str(errors[0]).startswith(f"{f}:2: not JSON")


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_articles([tmp_path / "nope.txt"]))


def test_copyright_lines_end_the_article_anywhere_in_the_line():
    a = parse_article("p.txt", "某县双拥工作纪实\n2021-01-01 08:00 来源:某报\n正文说了一件事。\n"
                               "某某报业集团 Copyright 2000-2020 版权所有\n地址:某市某区某路1号")
    assert a.text == "正文说了一件事。"


def test_a_page_without_a_dated_header_drops_the_chrome_above_its_title():
    page = "第03版:要闻 PDF版下载\n某某报客户端\n军民共建新农村\n本报讯 近日,某县人武部组织民兵帮助村民抢收小麦,受到群众好评。"
    a = parse_article("p.txt", page)
    assert a.title == "军民共建新农村" and "客户端" not in a.text and a.text.startswith("本报讯")


def test_pinyin_glosses_are_dropped():
    a = parse_article("p.txt", "标题很短的文章\n2021-01-01 08:00 来源:某报\n退役军人(tuìyìjūnrén)事务局开展工作。")
    assert "tuì" not in a.text and "退役军人事务局" in a.text


def _rules_body(page):
    """The body as the rules alone read it (the fallback of the body model, and its hints)."""
    lines = page_lines(page)
    return "\n".join(lines[i] for i in heuristic_reading(lines)[4])


def test_the_rules_take_headline_lists_and_app_promotions_for_chrome():
    page = ("军地共建新农村\n2021-01-01 08:00 来源:某报\n正文第一段讲了一件事。\n"
            "• 另一条新闻的标题\n【某某手机报订阅:发送短信到10658000】\n正文第二段。")
    assert _rules_body(page) == "正文第一段讲了一件事。\n正文第二段。"


def test_a_bulleted_paragraph_of_the_article_is_kept():
    a = parse_article("p.txt", "军地共建新农村\n2021-01-01 08:00 来源:某报\n● 一是开展走访慰问,为困难退役军人送去慰问金。")
    assert a.text.startswith("● 一是开展走访慰问")


def test_the_rules_cut_an_unannounced_list_of_headlines_after_the_article():
    page = ("军地共建新农村\n2021-01-01 08:00 来源:某报\n正文讲了一件事,很长的一段话。\n记者 王小明\n"
            "某县召开农业工作会议\n某市开展文明创建活动\n某区举行运动会开幕式")
    assert _rules_body(page) == "正文讲了一件事,很长的一段话。\n记者 王小明"


def test_a_question_mark_inside_a_name_does_not_end_the_sentence():
    parts = [s.text for s in split_sentences("居民买买提?吐尔逊来了。他是谁?我不知道。")]
    assert parts == ["居民买买提?吐尔逊来了。", "他是谁?", "我不知道。"]


def test_chinese_text_with_stray_control_bytes_is_text_not_binary(tmp_path):
    line = "某镇退役军人服务站为老兵送去慰问品，站长介绍了今年的工作安排。\n"
    (tmp_path / "a.txt").write_bytes(("\x01" + line * 4 + "\x1b" + line * 4).encode("utf-8") + b"\x00")
    (tmp_path / "b.bin.txt").write_bytes(bytes(range(256)) * 8)
    errors = []
    articles = list(read_articles([tmp_path / "a.txt", tmp_path / "b.bin.txt"], on_error=errors.append))
    assert [a.text for a in articles] == [(line * 8).strip()]
    assert [str(e) for e in errors] == [f"{tmp_path / 'b.bin.txt'}: binary file, not text"]


def test_a_line_with_a_bare_greater_than_sign_is_no_breadcrumb():
    # the breadcrumb marker is " > " with its spaces (chrome.tsv keeps them in quotes)
    page = "某县慰问老兵\n2021-01-01 08:00 来源:某报\n某县干部走访慰问退役军人，气温>30度仍坚持工作。\n首页 > 新闻 > 本地"
    assert _rules_body(page) == "某县干部走访慰问退役军人，气温>30度仍坚持工作。"


def test_a_run_without_punctuation_is_cut_into_bounded_sentences_at_clause_marks():
    from sygraph.ingest import MAX_SENTENCE_CHARS, split_sentences

    run = ("青禾县远山乡白沙村" * 30 + "，") * 3 + "青禾县" * 200  # 813 characters, no sentence end
    pieces = split_sentences(run)
    assert [(s.start, s.end) for s in pieces] == [(0, 271), (271, 542), (542, 813), (813, 1213), (1213, 1413)]
    assert max(s.end - s.start for s in pieces) <= MAX_SENTENCE_CHARS
    assert "".join(s.text for s in pieces) == run  # nothing lost, offsets kept


def test_evidence_of_a_page_without_punctuation_is_one_bounded_piece():
    import sygraph

    kg = sygraph.build_texts({"a.txt": "开篇。\n" + "青禾县人武部帮扶白沙村" * 300})
    # 3,300 characters: eight pieces of 400 and one of 100 (the division table's statements have none)
    assert {len(s.evidence) for r in kg.relations() for s in r.statements} == {0, 100, 400}


@pytest.mark.parametrize("opening, outlet", [
    ("青禾日报讯（记者 王芳）5月3日，县人武部组织民兵训练。", "青禾日报"),
    ("远山新闻网石门5月3日电 县人武部组织民兵训练。", "远山新闻网"),
    ("遠山新聞網石門5月3日電 縣人武部組織民兵訓練。", "远山新闻网"),  # Traditional: the outlet read in Simplified
    ("青禾融媒讯 县人武部组织民兵训练。", "青禾融媒"),
    ("青禾日报全媒体记者 王芳 通讯员 李明\n县人武部组织民兵训练。", "青禾日报"),
    ("本报讯（记者 王芳）县人武部组织民兵训练。", ""),  # 本报 names no outlet
    ("据远山新闻网报道，县人武部组织民兵训练。", ""),  # a source cited, not the dateline
])
def test_the_dateline_of_the_first_paragraph_names_the_publisher(opening, outlet):
    page = "首页 > 新闻 > 正文\n青禾县民兵开展训练\n" + opening + "\n训练持续三天，参训民兵六十余人。"
    assert parse_article("a.txt", page).publisher == outlet


def test_a_labelled_source_wins_over_the_dateline():
    page = "青禾县民兵开展训练\n2024-05-03 来源：远山晚报\n青禾日报讯 县人武部组织民兵训练，参训民兵六十余人。"
    assert parse_article("a.txt", page).publisher == "远山晚报"


@pytest.mark.parametrize("page_title, headline, publisher", [
    ("青禾县举行退役军人座谈会_要闻_青禾新闻网", "青禾县举行退役军人座谈会", "青禾新闻网"),
    ("青禾縣舉行退役軍人座談會 - 遠山日報", "青禾縣舉行退役軍人座談會", "遠山日報"),
    ("庆“八一”系列活动|青禾县组织书画进军营", "庆“八一”系列活动|青禾县组织书画进军营", ""),
    ("青禾县举行退役军人座谈会 |", "青禾县举行退役军人座谈会", ""),
])
def test_a_page_title_gives_the_headline_without_the_site_and_the_site_as_publisher(page_title, headline, publisher):
    html = (f"<html><head><title>{page_title}</title></head><body><div>首页 &gt; 正文</div>"
            "<p>5月3日，青禾县人武部政委陈立带队来到白沙村，与村党支部签订结对帮扶协议。</p>"
            "<p>青禾县退役军人事务局局长王芳出席签约仪式，村民代表参加。</p></body></html>")
    a = parse_article("p.html", html_to_text(html))
    assert (a.title, a.publisher) == (headline, publisher)


def test_a_share_widget_under_a_quoted_headline_ends_nothing():
    # the headline ends in a quote mark, as a sentence may: the 分享至 under it is no footer
    page = ("网易首页 > 网易河北 > 正文\n\n再传捷报！青禾县荣获“省级双拥模范县”\n\n0\n分享至\n\n"
            "（原标题：再传捷报！青禾县荣获“省级双拥模范县”）\n\n"
            "青禾晚报讯 5月3日，全省双拥模范城（县）命名大会召开，青禾县再次获得命名。\n\n"
            "近年来，青禾县坚持把双拥工作纳入经济社会发展总体规划，形成军地合力。")
    a = parse_article("a.txt", page)
    assert (a.title, a.publisher) == ("再传捷报！青禾县荣获“省级双拥模范县”", "青禾晚报")
    assert a.text == ("（原标题：再传捷报！青禾县荣获“省级双拥模范县”）\n"
                      "青禾晚报讯 5月3日，全省双拥模范城（县）命名大会召开，青禾县再次获得命名。\n"
                      "近年来，青禾县坚持把双拥工作纳入经济社会发展总体规划，形成军地合力。")


def test_a_credit_line_set_apart_in_the_text_keeps_its_people():
    page = ("首页 > 新闻\n青禾县举办退役军人招聘会\n2024-05-03 来源：青禾日报\n"
            "5月3日，青禾县退役军人事务局举办专场招聘会，四十余家企业参加。\n"
            "□青禾日报记者 王芳 通讯员 李明 赵强\n"
            "招聘会现场，不少退役军人与企业达成就业意向。\n下一篇：远山乡开展征兵宣传")
    a = parse_article("a.txt", page)
    assert [(b.role, b.name) for b in a.bylines] == [("记者", "王芳"), ("通讯员", "李明"), ("通讯员", "赵强")]
