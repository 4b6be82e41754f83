"""Which lines of a page are the article: a line classifier learned from the annotated corpus.

A page is a sequence of non-blank lines; a linear-chain CRF labels each ``B`` (article:
headline, dateline, byline, text, captions) or ``C`` (chrome: navigation, template headlines,
share widgets, teasers of other articles, footers, spam). The chain matters: an article is a
run of lines, and a line's neighbours say much about it (a short line between two paragraphs
is a caption, the same line under a "相关新闻" marker is a teaser).

The features are general properties of a line (length, punctuation, share of Chinese, dates,
symbols, whether it is plain Chinese text, the chrome markers of ``data/chrome.tsv``, position,
repetition on the page) and its first and last characters and character pairs, so that the
model learns cue words such as 来源 or 责任编辑 from the corpus instead of from a list, and
what the hand-written rules make of the line and its neighbours. ``scripts/train_body.py``
trains ``data/body.crfsuite`` and reports its cross-validated accuracy fold by fold;
``data/body.crfsuite.json`` records what it was trained on.
"""
from __future__ import annotations

import functools
import json
import os
import re

from .errors import DataError
from .lexicon import chrome_markers, load_model

# the data files the line features read (the chrome markers and the rules' hints): a trained
# model records their digest (lexicon.digest)
FEATURE_FILES = ("chrome.tsv", "roles.tsv", "transliteration_chars.tsv")

__all__ = ["line_features", "page_features", "body_lines", "model_path", "model_record"]

_SENTENCE_END = ("。", "！", "？", "!", "?", "”", "…", "；", "」", "』")
_DATE = re.compile(r"(?:19|20)\d\d\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}|\d{1,2}月\d{1,2}日"
                   r"|\d{1,2}\.\d{1,2}\.(?:19|20)\d\d")
_TIME = re.compile(r"\d{1,2}:\d\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_URL = re.compile(r"https?:|www\.|\.com|\.cn\b|\.html?")
_BULLETS = ("•", "●", "·", "▪", "◆", "■", "►", "▶", "【", "[", "|", ">", "-")
# a line of plain Chinese text over 8 characters: a phrase of the article (WeChat pages write
# one a line) far more often than chrome, which carries a marker, digits, bars or spaces (on
# the corpus, 117 such lines are article and 5 chrome; of the shorter ones, 45 and 91)
_PLAIN = re.compile(r"[\u3400-\u9fff，、“”！？…]+$")
# a character that is neither Chinese, Latin, a digit, a space nor common punctuation: the
# debris of anti-copy noise lines, widgets and icons
_SYMBOL = re.compile(r"[^\u3400-\u9fffA-Za-z0-9\s，。、；：！？“”‘’（）《》,.;:!?()\"'\-—·]")


def model_path() -> str:
    return os.path.join(os.path.dirname(__file__), "data", "body.crfsuite")


@functools.cache
def model_record() -> dict:
    """What the shipped body model was trained on (``data/body.crfsuite.json``)."""
    path = model_path() + ".json"
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: the body model's training record cannot be read ({err}); "
                        "run scripts/train_body.py") from err


@functools.cache
def _markers() -> tuple[tuple[str, str], ...]:
    return chrome_markers()


@functools.cache
def _marker_screen() -> tuple[tuple[str, ...], re.Pattern]:
    """What tells at once that a line holds no chrome marker (most lines hold none)."""
    starts = tuple(m for m, where in _markers() if where in ("footer", "line"))
    inside = re.compile("|".join(re.escape(m) for m, where in _markers() if where not in ("footer", "line")))
    return starts, inside


def _band(n: int, edges: tuple[int, ...]) -> str:
    for i, e in enumerate(edges):
        if n <= e:
            return str(i)
    return str(len(edges))


def line_features(line: str) -> list[str]:
    """The features of one line, alone (position and neighbours are added by
    :func:`page_features`).

    Examples
    --------
    >>> f = line_features("来源：某县融媒体中心  2021-07-30")
    >>> "date" in f and "p2=来源" in f and "end_sentence" not in f
    True
    """
    n = len(line)
    cjk = len(_CJK.findall(line))
    f = ["len=" + _band(n, (4, 8, 15, 25, 40, 60, 100, 200)),
         "cjk=" + _band(int(10 * cjk / n) if n else 0, (2, 5, 7, 8))]
    if line.endswith(_SENTENCE_END):
        f.append("end_sentence")
    if line.endswith(("：", ":")):
        f.append("end_colon")
    commas = line.count("，") + line.count(",") + line.count("、")
    f.append("commas=" + _band(commas, (0, 1, 3)))
    if "。" in line[:-1]:
        f.append("inner_period")
    if _DATE.search(line):
        f.append("date")
    if _TIME.search(line):
        f.append("time")
    if n > 8 and _PLAIN.match(line):
        f.append("plain=" + _band(n, (15,)))
    symbols = len(_SYMBOL.findall(line))
    if symbols:
        f.append("symbols=" + _band(int(10 * symbols / n), (0, 1, 3)))
    if _URL.search(line):
        f.append("url")
    latin = len(_LATIN.findall(line))
    if latin:
        f.append("latin=" + _band(int(10 * latin / n), (0, 2, 5)))
    digits = len(_DIGIT.findall(line))
    if digits:
        f.append("digits=" + _band(int(10 * digits / n), (0, 2, 5)))
    if line.startswith(_BULLETS):
        f.append("bullet=" + line[0])
    if "  " in line or "\u3000" in line or "\t" in line:
        f.append("gaps")
    if line.count("|") + line.count("｜") >= 2:
        f.append("bars")
    starts, inside = _marker_screen()
    if line.startswith(starts) or inside.search(line):
        for marker, where in _markers():
            if (line.startswith(marker) if where in ("footer", "line") else marker in line):
                f.append(f"chrome={where}")
                f.append(f"marker={marker}")
    f += ["p1=" + line[:1], "p2=" + line[:2], "p3=" + line[:3], "s1=" + line[-1:], "s2=" + line[-2:]]
    # the words of a line, as character pairs: what 版权, 转载, 免费 or 慰问 say about it is learned
    f += sorted({"w=" + line[i: i + 2] for i in range(min(len(line), 80) - 1)})
    return f


def page_features(lines: list[str], hints: list[str] | None = None) -> tuple[list[int], list[list[str]]]:
    """(indices of the non-blank lines, their features with position and neighbours).

    ``hints`` gives, for each line, what the hand-written rules make of it (``title``,
    ``header``, ``body`` or ``chrome``): one more piece of evidence, weighed by the model."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    seen: dict[str, int] = {}
    for i in idx:
        seen[lines[i]] = seen.get(lines[i], 0) + 1
    own = [line_features(lines[i]) for i in idx]
    # what a line's neighbours see of it
    shown = [[x for x in f if x.startswith(("len=", "end_sentence", "chrome=", "date", "plain="))] for f in own]
    total = len(idx)
    # below a footer marker that follows running text (the article has ended there, most often)
    after_footer = [False] * total
    seen_text = footer = False
    for k, i in enumerate(idx):
        after_footer[k] = footer
        if seen_text and any(x in ("chrome=footer", "chrome=footer_anywhere") for x in own[k]):
            footer = True
        if len(lines[i]) >= 40 and "。" in lines[i]:
            seen_text = True
    # where each repeated line occurs first and last: of a headline the template repeats, the
    # copy nearest the text is the article's
    first_at: dict[str, int] = {}
    last_at: dict[str, int] = {}
    for k, i in enumerate(idx):
        first_at.setdefault(lines[i], k)
        last_at[lines[i]] = k
    out = []
    for k, i in enumerate(idx):
        f = list(own[k])
        f.append("pos=" + _band(k, (0, 1, 2, 4, 7, 12)))
        f.append("rpos=" + str(min(4, 5 * k // max(total, 1))))
        f.append("from_end=" + _band(total - 1 - k, (0, 1, 2, 4, 7)))
        if after_footer[k]:
            f.append("after_footer")
        if seen[lines[i]] > 1:
            f.append("repeated")
            if last_at[lines[i]] > k:
                f.append("copy_below")
            if first_at[lines[i]] < k:
                f.append("copy_above")
        if hints:
            f.append("rule=" + hints[i])
            f += [f"rule{d:+d}={hints[idx[k + d]]}" for d in (-1, 1) if 0 <= k + d < total]
        if i > 0 and not lines[i - 1].strip():
            f.append("blank_before")
        for d, name in ((-1, "prev"), (1, "next"), (-2, "prev2"), (2, "next2")):
            j = k + d
            if 0 <= j < total:
                f += [f"{name}:{x}" for x in shown[j]]
            else:
                f.append(f"{name}:none")
        out.append(f)
    return idx, out


@functools.cache
def _tagger():
    return load_model(model_path(), "scripts/train_body.py")


def body_lines(lines: list[str], hints: list[str] | None = None, tagger=None) -> list[int]:
    """Indices of the lines that are the article, in order (blank lines are never listed).

    ``tagger`` is a trained ``pycrfsuite.Tagger``; the shipped model by default.
    """
    idx, feats = page_features(lines, hints)
    if not idx:
        return []
    labels = (tagger or _tagger()).tag(feats)
    return [i for i, lab in zip(idx, labels) if lab == "B"]
