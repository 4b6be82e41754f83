"""A small statistical name tagger: a character CRF over person, place and organisation names.

The rules find names that have a cue (a title, a list, a suffix, a dictionary entry); the
tagger proposes the ones that have none (田中还表示, 史密斯很高兴). It reads each
character with its neighbours and with what the segmenter knows of the word around it (its
dictionary tag, its frequency, where the character sits in it), so the model stays small and
generalises from some tens of thousands of training sentences.

The model is ``data/ner.crfsuite``, built by ``scripts/train_tagger.py`` from a BIO file; the
same :func:`features` serve training and tagging. A missing or unreadable model file is a
:class:`~sygraph.errors.DataError` that says how to restore it.
"""
from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import load_model, place_suffixes, transliteration_chars, words
from .segment import Token, word_frequency

__all__ = ["FEATURE_FILES", "Span", "features", "tag_spans", "domain_spans", "sequence", "model_path", "domain_model_path", "LABELS"]

# the data files whose words change the features (through the segmenter's tags and the
# character classes): a trained model records their digest (lexicon.digest)
FEATURE_FILES = ("word_tags.tsv", "program_heads.tsv", "roles.tsv", "features.tsv", "people.tsv", "site_heads.tsv",
                 "unit_heads.tsv", "programs.tsv", "national_units.tsv", "divisions.tsv", "surnames.tsv",
                 "place_suffixes.tsv", "transliteration_chars.tsv")

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


# asked for every character of every sentence: a character's shape is kept
_shape_of = functools.lru_cache(maxsize=1 << 16)(_shape)


@functools.lru_cache(maxsize=200_000)
def _frequency_band(word: str) -> str:
    f = word_frequency(word)
    return str(min(6, int(math.log10(f + 1) * 1.5)))


@functools.lru_cache(maxsize=200_000)
def _word_columns(word: str, tag: str, length: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``t=`` and ``f=`` features of each character of a token (its tag, its frequency
    band, the character's place in it): the same for every occurrence of the token."""
    band = _frequency_band(word)
    if length == 1:
        return (f"t={tag}.S",), (f"f={band}.S.1",)
    places = ("B", *("M" * (length - 2)), "E")
    size = min(length, 4)
    return tuple(f"t={tag}.{p}" for p in places), tuple(f"f={band}.{p}.{size}" for p in places)


def features(text: str, tokens: list[Token]) -> list[list[str]]:
    """The feature strings of every character of ``text`` (``tokens`` segment all of it)."""
    n = len(text)
    padded = "\x02\x02" + text + "\x03\x03"
    classes = _char_classes()
    # per character: the token's tag, frequency band and the character's place in it; and at
    # a token's first character, the tags of the tokens around it
    tag_col: list[str] = ["t="] * n
    band_col: list[str] = ["f="] * n
    around: list[str] = [""] * n
    last = len(tokens) - 1
    for k, t in enumerate(tokens):
        s, e = t.start, t.end
        if e <= s:
            continue
        tag_col[s:e], band_col[s:e] = _word_columns(t.word, t.tag, e - s)
        around[s:e] = [""] * (e - s)
        around[s] = f"{tokens[k - 1].tag if k else '^'}|{tokens[k + 1].tag if k < last else '$'}"
    # built column by column (each character's shape and class once, not once for every
    # neighbour that reads it): the features of every character of every sentence cost much
    shapes = list(map(_shape_of, padded))
    kinds = [classes.get(c, "-") for c in padded]
    chars = list(padded)
    body = chars[2:-2]
    before, after, before2, after2 = chars[1:-3], chars[3:-1], chars[:-4], chars[4:]
    columns = zip(
        ["c=" + c for c in body], ["p=" + c for c in before], ["n=" + c for c in after],
        ["pp=" + c for c in before2], ["nn=" + c for c in after2],
        ["pc=" + a + c for a, c in zip(before, body)], ["cn=" + c + b for c, b in zip(body, after)],
        ["pn=" + a + b for a, b in zip(before, after)],
        ["s=" + x + y + z for x, y, z in zip(shapes[2:-2], shapes[1:-3], shapes[3:-1])],
        tag_col, band_col,
        ["k=" + k for k in kinds[2:-2]], ["kp=" + k for k in kinds[1:-3]], ["kn=" + k for k in kinds[3:-1]])
    out = [list(f) for f in columns]
    for f, a in zip(out, around):
        if a:
            f.append("a=" + a)
    return out


def _open(path: str):
    return load_model(path, "scripts/train_tagger.py" if path == model_path() else "scripts/train_domain.py")


@functools.cache
def _tagger():
    return _open(model_path())


def available() -> bool:
    """Whether the statistical tagger is installed and has its model."""
    return _tagger() is not None


def tag_spans(text: str, tokens: list[Token], queries: Iterable[tuple[int, int, str]] = (),
              feats=None) -> tuple[list[Span], list[float]]:
    """Name spans the model finds in ``text``, with its confidence in each; and for each
    ``(start, end, label)`` query, the model's probability that exactly that span is a name
    of that label (its smallest label marginal), or 1.0 without a model. ``feats`` are the
    features of the text (:func:`features` or :func:`sequence`), when the caller has them."""
    queries = list(queries)
    tagger = _tagger()
    if tagger is None or not text:
        return [], [1.0] * len(queries)
    labels = tagger.tag(feats if feats is not None else features(text, tokens))
    spans = _spans(tagger, labels)
    # the marginals belong to the sequence tagged last: answer the queries now
    answers = [min(tagger.marginal(("B-" if k == s else "I-") + label, k) for k in range(s, e))
               for s, e, label in queries]
    return spans, answers


def sequence(text: str, tokens: list[Token]):
    """The :func:`features` of ``text`` converted once into the form both models read
    (converting feature strings costs more than tagging them)."""
    feats = features(text, tokens)
    try:
        import pycrfsuite
    except ImportError:  # the rules work alone
        return feats
    return pycrfsuite.ItemSequence(feats)


def domain_model_path() -> str:
    return os.path.join(os.path.dirname(__file__), "data", "domain.crfsuite")


@functools.cache
def _domain_tagger():
    return _open(domain_model_path())


def domain_spans(feats) -> list[Span]:
    """Unit (``UNIT``) and program (``PROG``) names that the domain model, learned from the
    annotated 双拥 corpus (``scripts/train_domain.py``), finds in a sentence, from the same
    features as the name tagger (:func:`features` or :func:`sequence`)."""
    tagger = _domain_tagger()
    if tagger is None or not len(feats):
        return []
    return _spans(tagger, tagger.tag(feats))


def _spans(tagger, labels: list[str]) -> list[Span]:
    spans = []
    marginal = tagger.marginal
    n, end = len(labels), 0
    # (most labels are O: the loop skips them cheaply)
    for i, label in enumerate(labels):
        if label == "O" or i < end:
            continue
        kind = label[2:]
        inside = "I-" + kind
        end = i + 1
        while end < n and labels[end] == inside:
            end += 1
        spans.append(Span(i, end, kind, min(marginal(labels[k], k) for k in range(i, end))))
    return spans
