"""A small statistical name tagger: a character CRF over person, place and organisation names.

The rules find names that have a cue (a title, a list, a suffix, a dictionary entry); the
tagger proposes the ones that have none (田中还表示, 史密斯很高兴). It reads each
character with its neighbours and with what the segmenter knows of the word around it (its
dictionary tag, its frequency, where the character sits in it), so the model stays small and
generalises from some tens of thousands of training sentences.

The model is ``data/ner.crfsuite``, built by ``scripts/train_tagger.py`` from a BIO file; the
same :func:`features` serve training and tagging. Without the model file (or without
``python-crfsuite``) :func:`tag_spans` returns nothing and the rules work alone.
"""
from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import place_suffixes, transliteration_chars, words
from .segment import Token, word_frequency

__all__ = ["Span", "features", "tag_spans", "model_path", "LABELS"]

# BIO label suffix → sygraph entity type name
LABELS = {"PER": "person", "LOC": "place", "ORG": "unit"}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str  # PER, LOC or ORG
    confidence: float  # the smallest marginal probability of the span's labels


def model_path() -> str:
    return os.path.join(os.path.dirname(__file__), "data", "ner.crfsuite")


@functools.cache
def _char_classes() -> dict[str, str]:
    classes: dict[str, str] = {}
    for c in transliteration_chars():
        classes[c] = "T"
    for c in words("surnames.tsv"):
        if len(c) == 1:
            classes[c] = classes.get(c, "") + "S"
    for c in {suffix[-1] for suffix, _, _ in place_suffixes()}:
        classes[c] = classes.get(c, "") + "P"
    return classes


def _shape(c: str) -> str:
    if c.isdigit():
        return "D"
    if "a" <= c.lower() <= "z" or "ａ" <= c.lower() <= "ｚ":
        return "L"
    if "\u4e00" <= c <= "\u9fff":
        return "C"
    return "O"


def _frequency_band(word: str) -> str:
    f = word_frequency(word)
    return str(min(6, int(math.log10(f + 1) * 1.5)))


def features(text: str, tokens: list[Token]) -> list[list[str]]:
    """The feature strings of every character of ``text`` (``tokens`` segment all of it)."""
    n = len(text)
    padded = "\x02\x02" + text + "\x03\x03"
    classes = _char_classes()
    # per character: the token's tag, frequency band and the character's place in it
    word_feats: list[tuple[str, str, str]] = [("", "", "")] * n
    for k, t in enumerate(tokens):
        length = t.end - t.start
        band = _frequency_band(t.word)
        prev_tag = tokens[k - 1].tag if k else "^"
        next_tag = tokens[k + 1].tag if k + 1 < len(tokens) else "$"
        for p in range(t.start, t.end):
            pos = "S" if length == 1 else "B" if p == t.start else "E" if p == t.end - 1 else "M"
            word_feats[p] = (f"{t.tag}.{pos}", f"{band}.{pos}.{min(length, 4)}", f"{prev_tag}|{next_tag}"
                             if pos in "BS" else "")
    out = []
    for i in range(n):
        c = padded[i + 2]
        p2, p1, n1, n2 = padded[i], padded[i + 1], padded[i + 3], padded[i + 4]
        tag_pos, band, around = word_feats[i]
        f = [f"c={c}", f"p={p1}", f"n={n1}", f"pp={p2}", f"nn={n2}", f"pc={p1}{c}", f"cn={c}{n1}",
             f"pn={p1}{n1}", f"s={_shape(c)}{_shape(p1)}{_shape(n1)}", f"t={tag_pos}", f"f={band}",
             f"k={classes.get(c, '-')}", f"kp={classes.get(p1, '-')}", f"kn={classes.get(n1, '-')}"]
        if around:
            f.append(f"a={around}")
        out.append(f)
    return out


@functools.cache
def _tagger():
    try:
        import pycrfsuite
    except ImportError:  # the rules work alone
        return None
    path = model_path()
    if not os.path.exists(path):
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def available() -> bool:
    """Whether the statistical tagger is installed and has its model."""
    return _tagger() is not None


def tag_spans(text: str, tokens: list[Token], queries: Iterable[tuple[int, int, str]] = ()
              ) -> tuple[list[Span], list[float]]:
    """Name spans the model finds in ``text``, with its confidence in each; and for each
    ``(start, end, label)`` query, the model's probability that exactly that span is a name
    of that label (its smallest label marginal), or 1.0 without a model."""
    queries = list(queries)
    tagger = _tagger()
    if tagger is None or not text:
        return [], [1.0] * len(queries)
    labels = tagger.tag(features(text, tokens))
    spans = []
    i = 0
    while i < len(labels):
        label = labels[i]
        if label == "O":
            i += 1
            continue
        kind = label[2:]
        j = i + 1
        while j < len(labels) and labels[j] == f"I-{kind}":
            j += 1
        confidence = min(tagger.marginal(labels[k], k) for k in range(i, j))
        spans.append(Span(i, j, kind, confidence))
        i = j
    # the marginals belong to the sequence tagged last: answer the queries now
    answers = [min(tagger.marginal(("B-" if k == s else "I-") + label, k) for k in range(s, e))
               for s, e, label in queries]
    return spans, answers
