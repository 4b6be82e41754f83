"""The body model on pages of our own making: one page per failure class of real pages."""
from __future__ import annotations

import pytest

from sygraph import body
from sygraph.errors import DataError
from sygraph.ingest import parse_article

PAGES = {
"footer_source": "首页 > 新闻中心 > 本地要闻\n\n青禾县举行退役军人创业典型座谈会\n\n2023-08-02 10:15\n\n8月1日上午，青禾县退役军人事务局召开退役军人创业典型座谈会，12名返乡创业的退役军人代表参加。\n\n座谈会上，大家交流了创业经验，县局负责人介绍了扶持政策。\n\n来源：青禾县融媒体中心\n\n责任编辑：周宁\n\n凡注明来源为本网的作品，版权均属本网所有，转载请注明出处。\n\n网站地图 | 联系我们",
"share_top": "分享至：微信 微博 QQ空间\n\n远山镇开展“八一”走访慰问\n\n发布时间：2022-07-29  来源：远山镇人民政府\n\n7月28日，远山镇党委书记陈立带队走访慰问辖区现役军人家庭和重点优抚对象，送去慰问金和慰问品。\n\n陈立表示，全镇将进一步做好拥军优属工作。\n\n【打印】【关闭】",
"next_teaser": "石桥区双拥办组织志愿者走进军营\n\n2021年12月03日 09:20  来源：石桥日报\n\n12月2日，石桥区双拥办组织20余名志愿者走进驻区某部，为官兵理发、义诊。\n\n官兵们表示感谢。\n\n下一篇：石桥区召开冬季征兵工作会议\n\n12月1日，石桥区召开冬季征兵工作会议，部署今年征兵任务。",
"traditional": "主頁 > 地方新聞\n\n雲溪縣人武部慰問困難退役軍人\n\n來源：雲溪縣融媒體中心　時間：2020-01-15\n\n1月14日，雲溪縣人武部政委劉建國帶隊走訪慰問轄區困難退役軍人，為他們送去米、油等生活物資。\n\n劉建國叮囑大家保重身體。\n\n版權所有：雲溪縣人民政府",
"login_top": "登录 | 注册\n\n请输入关键词\n\n和丰市军地联合开展国防教育进校园活动\n\n2024-03-11 16:02  和丰新闻网\n\n3月10日，和丰军分区联合市教育局在和丰市第三中学开展国防教育进校园活动，800余名师生参加。\n\n活动中，官兵讲解了国防知识并进行队列示范。\n\n相关新闻\n\n和丰市表彰一批拥军优属先进个人",
}


EXPECTED = {
    'footer_source': ('青禾县举行退役军人创业典型座谈会', '青禾县融媒体中心', '2023-08-02T10:15',
        '8月1日上午，青禾县退役军人事务局召开退役军人创业典型座谈会，12名返乡创业的退役军人代表参加。\n座谈会上，大家交流了创业经验，县局负责人介绍了扶持政策。\n来源：青禾县融媒体中心\n责任编辑：周宁'),
    'share_top': ('远山镇开展“八一”走访慰问', '远山镇人民政府', '2022-07-29',
        '7月28日，远山镇党委书记陈立带队走访慰问辖区现役军人家庭和重点优抚对象，送去慰问金和慰问品。\n陈立表示，全镇将进一步做好拥军优属工作。'),
    'next_teaser': ('石桥区双拥办组织志愿者走进军营', '石桥日报', '2021-12-03T09:20',
        '12月2日，石桥区双拥办组织20余名志愿者走进驻区某部，为官兵理发、义诊。\n官兵们表示感谢。'),
    'traditional': ('雲溪縣人武部慰問困難退役軍人', '云溪县融媒体中心', '2020-01-15',
        '1月14日，雲溪縣人武部政委劉建國帶隊走訪慰問轄區困難退役軍人，為他們送去米、油等生活物資。\n劉建國叮囑大家保重身體。'),
    'login_top': ('和丰市军地联合开展国防教育进校园活动', '和丰新闻网', '2024-03-11T16:02',
        '3月10日，和丰军分区联合市教育局在和丰市第三中学开展国防教育进校园活动，800余名师生参加。\n活动中，官兵讲解了国防知识并进行队列示范。'),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_gives_its_article_and_header(name):
    a = parse_article(name, PAGES[name])
    assert (a.title, a.publisher, a.published, a.text) == EXPECTED[name]


def test_a_page_of_one_or_two_lines_is_the_article_itself():
    a = parse_article("p.txt", "某部官兵走访慰问。记者 王小明 摄")
    assert (a.title, a.text) == ("", "某部官兵走访慰问。记者 王小明 摄")


def test_the_model_records_what_it_was_trained_on():
    record = body.model_record()
    assert record["articles"] >= 178 and len(record["cross_validation"]) == 5
    assert all(0.0 < f["accuracy"] <= 1.0 for f in record["cross_validation"])


def test_a_missing_model_is_an_error_that_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(body, "model_path", lambda: str(tmp_path / "none.crfsuite"))
    body._tagger.cache_clear()
    try:
        with pytest.raises(DataError, match="none.crfsuite: the model is missing; reinstall sygraph or run scripts/train_body.py"):
            body.body_lines(["标题", "正文第一段，讲了一件事。", "正文第二段。"])
    finally:
        body._tagger.cache_clear()


def test_a_page_whose_article_is_a_small_share_of_it_is_reported(tmp_path):
    from sygraph.errors import InputWarning
    from sygraph.ingest import read_articles
    links = "\n".join(f"栏目{i} | 频道{i} | 专题{i} | 服务{i} | 互动{i}" for i in range(40))
    (tmp_path / "p.txt").write_text(f"{links}\n\n某镇走访慰问\n\n某镇干部走访慰问退役军人。\n", encoding="utf-8")
    notes = []
    articles = list(read_articles([tmp_path / "p.txt"], on_error=notes.append))
    assert len(articles) == 1
    assert [type(n) for n in notes] == [InputWarning]
    assert str(notes[0]).startswith(f"{tmp_path / 'p.txt'}: the article read is ")
