"""scripts/lexicon_audit.py on an invented lexicon and invented articles: the exact suspects."""
import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lexicon_audit.py"
spec = importlib.util.spec_from_file_location("lexicon_audit", SCRIPT)
audit_module = sys.modules["lexicon_audit"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_module)

TABLES = {
    "unit_heads.tsv": "# heads\nhead\tkind\tsource\n人武部\tmilitary\n青禾晚报社\tmedia\n拥军站\tgroup\t"
                      "common unit head\n双拥办\tgovernment\n",
    "word_classes.tsv": "class\twords\nmarkers\t网页出错啦|更多\n",
    "chrome.tsv": 'marker\twhere\n" > "\tbreadcrumb\n',
    "surnames.tsv": "surname\tcommon\n李\tyes\n",  # a character table: not audited
    "programs.tsv": "name\taliases\n白岭计划\t白岭工程|青禾行动\n",
}
TEXTS = {
    "seed": ["青禾县人武部走访青禾晚报社。首页 > 新闻", "网页出错啦，请刷新。"],
    "dev": ["白岭县人武部与县双拥办开展白岭计划，设拥军站。"],
    "corpus": ["县双拥办召开会议。", "区双拥办走访老兵。", "首页 > 要闻"],
    "pd": ["人武部干部下乡。", "更多消息见白岭工程。"],
}


def _found(entries):
    return {(e.table, e.value): (e.found["seed"], e.found["dev"], e.found["corpus"], e.found["pd"]) for e in entries}


def test_the_audit_counts_every_entry_in_every_source():
    entries = audit_module.audit(TABLES, TEXTS)
    assert _found(entries) == {
        ("chrome.tsv", " > "): (1, 0, 1, 0),
        ("programs.tsv", "白岭计划"): (0, 1, 0, 0),
        ("programs.tsv", "白岭工程"): (0, 0, 0, 1),
        ("programs.tsv", "青禾行动"): (0, 0, 0, 0),
        ("unit_heads.tsv", "人武部"): (1, 1, 0, 1),
        ("unit_heads.tsv", "青禾晚报社"): (1, 0, 0, 0),
        ("unit_heads.tsv", "拥军站"): (0, 1, 0, 0),
        ("unit_heads.tsv", "双拥办"): (0, 1, 2, 0),
        ("word_classes.tsv", "网页出错啦"): (1, 0, 0, 0),
        ("word_classes.tsv", "更多"): (0, 0, 0, 1),
    }


def test_suspects_are_in_one_visible_article_and_not_in_general_news():
    entries = audit_module.audit(TABLES, TEXTS)
    # 双拥办 is in one development article but two corpus pages: the domain uses it
    assert {(e.table, e.value, e.source) for e in entries if e.suspect} == {
        ("chrome.tsv", " > ", ""), ("programs.tsv", "白岭计划", ""), ("unit_heads.tsv", "青禾晚报社", ""),
        ("unit_heads.tsv", "拥军站", "common unit head"), ("word_classes.tsv", "网页出错啦", "")}
    assert {(e.table, e.value) for e in entries if e.seed_specific} == {
        ("programs.tsv", "白岭计划"), ("unit_heads.tsv", "青禾晚报社"), ("unit_heads.tsv", "拥军站"),
        ("word_classes.tsv", "网页出错啦")}
