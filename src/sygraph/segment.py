"""Word segmentation with an isolated jieba tokenizer and dictionary part-of-speech tags.

The tokenizer is a private ``jieba.Tokenizer`` (never the global one) that also knows the
project's lexicon words, so that 退役军人事务局 or 古蔺县 come out as single tokens. Tags
come from a dictionary look-up (jieba's own dictionary, then the project's categories)
rather than from ``jieba.posseg``, which is several times slower.
"""
from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass

import jieba

from .divisions import SHORT_NAME_LEVELS, divisions
from .lexicon import load_table, short_name, words
from .terms import Level

__all__ = ["Token", "tokenize", "tag", "word_frequency"]

jieba.setLogLevel(logging.WARNING)

# sub-unit heads that take a numeral in front (四大队, 二支队, 三营)
NUMBERED_HEADS = ("支队", "大队", "中队", "分队", "小队", "营", "连", "排", "团", "师", "旅")


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    start: int
    end: int
    tag: str  # our category (place, unit_head, ...) or jieba's POS tag; "" when unknown


@functools.cache
def _jieba_dictionary() -> tuple[dict[str, str], dict[str, int]]:
    """Word → POS tag and word → frequency from jieba's shipped dictionary."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    tags, freq = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
                freq[parts[0]] = int(parts[1])
    tags.update((r["word"], r["tag"]) for r in load_table("word_tags.tsv"))
    return tags, freq


def jieba_tags() -> dict[str, str]:
    """Word → POS tag: jieba's dictionary, corrected by ``data/word_tags.tsv``."""
    return _jieba_dictionary()[0]


_CATEGORY_TABLES = (("program_heads.tsv", "program_head"), ("roles.tsv", "role"), ("features.tsv", "feature"),
                    ("people.tsv", "famous"), ("site_heads.tsv", "site_head"), ("unit_heads.tsv", "unit_head"))


@functools.cache
def lexicon_tags() -> dict[str, str]:
    """Word → sygraph category for every word the project's tables name."""
    tags: dict[str, str] = {}
    for r in load_table("programs.tsv"):
        for w in [r["name"], *filter(None, r["aliases"].split("|"))]:
            tags[w] = "program"
    # later tables win where a word is in two (a unit head over a role)
    for table_name, category in _CATEGORY_TABLES:
        tags.update((w, category) for w in words(table_name))
    # numbered sub-units read as one word: 四大队, 二支队, 三营
    for numeral in "一二三四五六七八九十":
        for head in NUMBERED_HEADS:
            tags.setdefault(numeral + head, "unit_head")
    for w in words("national_units.tsv"):
        tags[w] = "unit_name"
    table = divisions()
    jt = jieba_tags()
    for name in table.short_names():
        levels = table.short_levels(name)
        # a city's short name is taken even when it is also a word (大连, 孝感): cities are
        # what 双拥 news is about, and 开封 read as a place in 尚未开封 is the rarer error
        if levels & SHORT_NAME_LEVELS and (_rarely_a_word(name, jt) or min(levels) <= Level.CITY):
            tags.setdefault(name, "place_short")
    for name in table.names():
        tags[name] = "place"
    return tags


def _rarely_a_word(name: str, jt: dict[str, str]) -> bool:
    """Whether a short place name is not, first of all, a common word (和平, 通道, 合作)."""
    tag_ = jt.get(name, "")
    return tag_ in ("", "ns") or word_frequency(name) <= COMMON_WORD_FREQ


# jieba dictionary frequency above which a word tagged other than ns is read as a common
# word rather than as the short form of a place name.
COMMON_WORD_FREQ = 1000


def word_frequency(word: str) -> int:
    """The word's frequency in jieba's dictionary (0 when it does not hold it)."""
    return _jieba_dictionary()[1].get(word, 0)


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    jt = jieba_tags()
    for word, category in lexicon_tags().items():
        if category == "place_short" and jt.get(word, "ns") != "ns":
            continue  # a rare word that is also a short place name keeps jieba's segmentation
        tk.add_word(word, freq=max(tk.FREQ.get(word, 0), 2000 if category != "place_short" else 500))
    for r in load_table("word_tags.tsv"):
        if not tk.FREQ.get(r["word"]):
            tk.add_word(r["word"], freq=1000)
    return tk


def tag(word: str) -> str:
    """The category of ``word``: a sygraph lexicon category, else jieba's POS tag, else ""."""
    return lexicon_tags().get(word) or jieba_tags().get(word, "")


def tokenize(text: str) -> list[Token]:
    """Segment ``text`` into tagged tokens with character offsets.

    Examples
    --------
    >>> [t.word for t in tokenize("帮助古蔺县太平镇发展")]
    ['帮助', '古蔺县', '太平镇', '发展']
    """
    # (tag() inlined: it is asked for every token of every sentence)
    lexicon, dictionary = lexicon_tags(), jieba_tags()
    tokens = [Token(w, s, e, lexicon.get(w) or dictionary.get(w, ""))
              for w, s, e in _tokenizer().tokenize(text, HMM=True)]
    for i in range(len(tokens) - 2, -1, -1):
        t, nxt = tokens[i], tokens[i + 1]
        if nxt.word != "村":
            continue
        stem = t.word[:-1]
        if t.word.endswith("乡") and len(t.word) > 2 and t.tag == "place" \
                and word_frequency(stem) > 0 and not dictionary_tag(stem).startswith(("ns", "nr")):
            # a township named with a word, before a lone 村, is that word and 乡村 (幸福|乡村,
            # not 幸福乡|村): a village right after its township would have a name of its own;
            # a township with a proper name before 村 is the township (香营乡|村两级干部)
            tokens[i: i + 2] = [Token(stem, t.start, t.end - 1, tag(stem)), Token("乡村", t.end - 1, nxt.end, tag("乡村"))]
    return tokens


def dictionary_tag(word: str) -> str:
    """jieba's own tag for ``word`` ("" when jieba's dictionary does not hold it)."""
    return jieba_tags().get(word, "")


__all__ += ["dictionary_tag", "short_name"]
