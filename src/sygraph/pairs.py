"""Relations learned from the annotated corpus: a classifier over pairs of entities named in
one sentence.

For every two mentions of different entities in a body sentence (the nearer ones first, at most
``MAX_PAIRS_PER_MENTION`` partners each, so the cost stays linear in the sentence), the model
reads the two types, the text between them (its length, its characters and character pairs,
the trigger words of ``data/relation_triggers.tsv`` and the role words of ``data/roles.tsv`` in
it), the characters around the pair, how the names end, the level of a place, and what other
mentions stand between. It answers ``O`` (no relation), ``R>`` (the first is the head of
relation R) or ``R<`` (the second is), with a probability.

The model is ``data/relations.crfsuite``: a CRF over one-item sequences, which is a
multinomial logistic regression (python-crfsuite is already the taggers' library). It is
trained by ``scripts/train_relations.py`` on sygraph's own mentions of the annotated pages,
labelled by the annotated relations; its record (``.json`` beside it) says on what. Without
the model file, a :class:`~sygraph.errors.DataError` says how to restore it.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import digest, load_model, load_table, mapping
from .model import Article, Mention, MentionKey, Part

__all__ = ["lexicon_digest", "Pair", "Instance", "candidate_pairs", "pair_features", "instances", "predict", "model_path",
           "MIN_CONFIDENCE"]

# a pair the model calls related at this probability or more becomes an edge; chosen by
# cross-validated precision on the corpus (scripts/cv_eval.py)
MIN_CONFIDENCE = 0.5
MAX_PAIRS_PER_MENTION = 6
MAX_GAP = 80  # characters between two mentions; beyond it no pair
_CLAUSE_END = re.compile(r"[，,;；:：]")
# the data files the features read: the model records their digest
LEXICON_FILES = ("relation_triggers.tsv", "roles.tsv")


def lexicon_digest() -> str:
    return digest(LEXICON_FILES)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two mention indices in text order (``first`` starts before ``second``)."""

    first: int
    second: int


@dataclass(frozen=True, slots=True)
class Instance:
    """One pair to classify: its sentence, its mentions (in text order) and its features."""

    sentence: int
    first: int
    second: int
    features: list[str]
    between: frozenset[str] = frozenset()  # the types of the top mentions between the two


def model_path() -> str:
    return os.path.join(os.path.dirname(__file__), "data", "relations.crfsuite")


@functools.cache
def _triggers() -> tuple[tuple[str, str], ...]:
    rows = load_table("relation_triggers.tsv")
    # a word that states its relation only beside another trigger (a visit word) is no cue alone
    return tuple(sorted(((r["trigger"], r["relation"]) for r in rows if not r.get("requires")),
                        key=lambda t: -len(t[0])))


@functools.cache
def _cue_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """Trigger words and role words, longest first, each with what it is."""
    kinds = {t: "tr:" + rel for t, rel in _triggers()}
    for role, kind in mapping("roles.tsv", "role", "kind").items():
        kinds.setdefault(role, "ro:" + kind)
    words = sorted(kinds, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), kinds


def candidate_pairs(sentence_mentions: list[tuple[int, Mention]]) -> list[Pair]:
    """Pairs of non-overlapping mentions in one sentence, each with its nearest partners."""
    ordered = sorted(sentence_mentions, key=lambda km: (km[1].start, -km[1].end))
    out = []
    for i, (ka, a) in enumerate(ordered):
        taken = 0
        for kb, b in ordered[i + 1:]:
            if b.start < a.end:
                continue  # nested or overlapping: the structure of names decides those
            if b.start - a.end > MAX_GAP or taken == MAX_PAIRS_PER_MENTION:
                break
            out.append(Pair(ka, kb))
            taken += 1
    return out


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else \
        "7-12" if n <= 12 else "13-25" if n <= 25 else "26+"


def pair_features(text: str, start: int, a: Mention, b: Mention, ta: str, tb: str, la: str, lb: str,
                  between: list[Mention], nested: tuple[bool, bool], scans: dict | None = None) -> list[str]:
    """The features of mentions ``a`` before ``b`` in a sentence ``text`` starting at ``start``;
    ``ta``/``tb`` their entity types, ``la``/``lb`` the levels of places (or ""), ``between``
    the other top mentions between them, ``nested`` whether each lies inside a longer one."""
    s, e = a.end - start, b.start - start
    gap = text[s:e]
    pair = f"{ta}>{tb}"
    f = ["T=" + pair, "g=" + _bucket(len(gap)), "Tg=" + pair + _bucket(len(gap)),
         "l=" + text[max(0, a.start - start - 2):a.start - start], "l1=" + text[max(0, a.start - start - 1):a.start - start],
         "r=" + text[b.end - start:b.end - start + 2], "r1=" + text[b.end - start:b.end - start + 1],
         "ae=" + a.text[-1:], "ae2=" + a.text[-2:], "be=" + b.text[-1:], "be2=" + b.text[-2:],
         "al=" + la, "bl=" + lb, "nb=" + str(min(len(between), 3))]
    if len(gap) <= 8:
        f.append("G=" + gap)
        f.append("TG=" + pair + gap)
    if gap:
        f += ["g0=" + gap[:1], "g1=" + gap[-1:], "g02=" + gap[:2], "g12=" + gap[-2:]]
        near = gap if len(gap) <= 24 else gap[:12] + gap[-12:]
        f += ["gb=" + near[i:i + 2] for i in range(len(near) - 1)]
        if _CLAUSE_END.search(gap):
            f.append("clause")
        if "、" in gap:
            f.append("list")
    f += ["bt=" + m.type.value for m in between]
    if nested[0]:
        f.append("an")
    if nested[1]:
        f.append("bn")
    if a.role:
        f.append("ar")
    if b.role:
        f.append("br=" + ta)
    pattern, kinds = _cue_pattern()
    for m in pattern.finditer(gap):
        f += ["c=" + kinds[m.group()], "cw=" + m.group(), "Tc=" + pair + kinds[m.group()]]
    # the cues before a mention and after one are the same for each pair it is in: ``scans``
    # (one dict a sentence) keeps them
    scans = {} if scans is None else scans
    before, after = ("cb", max(0, a.start - start)), ("ca", b.end - start)
    if before not in scans:
        scans[before] = ["cb=" + kinds[m.group()] for m in pattern.finditer(text, 0, before[1])]
    if after not in scans:
        scans[after] = ["ca=" + kinds[m.group()] for m in pattern.finditer(text, after[1])]
    f += scans[before] + scans[after]
    if a.start - start == 0:
        f.append("afirst")
    return f


def instances(article: Article, mentions: list[Mention], links: dict[MentionKey, str], types: dict[str, str],
              levels: dict[str, str]) -> list[Instance]:
    """Every candidate pair of the article's body sentences with its features; ``links`` the
    entity id of each mention by its key (:attr:`Resolution.links <sygraph.resolve.Resolution>`),
    ``types`` and ``levels`` by entity id. An instance names its mentions by their index in
    ``mentions``."""
    by_sentence: dict[int, list[tuple[int, Mention]]] = {}
    ids = [links.get(m.key, "") for m in mentions]
    for k, m in enumerate(mentions):
        if m.sentence >= 0 and ids[k] and article.sentences[m.sentence].part is Part.BODY:
            by_sentence.setdefault(m.sentence, []).append((k, m))
    out = []
    for index in sorted(by_sentence):
        sentence = article.sentences[index]
        ordered = sorted(by_sentence[index], key=lambda km: (km[1].start, -km[1].end))
        nested: set[int] = set()
        reach = -1
        for k, m in ordered:
            if reach >= m.end:
                nested.add(k)
            reach = max(reach, m.end)
        top = [(m.start, k) for k, m in ordered if k not in nested]
        top_starts = [t[0] for t in top]
        scans: dict = {}
        for pair in candidate_pairs(ordered):
            ka, kb = pair.first, pair.second
            if ids[ka] == ids[kb]:
                continue
            a, b = mentions[ka], mentions[kb]
            lo, hi = bisect.bisect_left(top_starts, a.end), bisect.bisect_left(top_starts, b.start)
            between = [mentions[k] for _, k in top[lo:hi]]
            ea, eb = ids[ka], ids[kb]
            feats = pair_features(sentence.text, sentence.start, a, b, types.get(ea, ""), types.get(eb, ""),
                                  levels.get(ea, ""), levels.get(eb, ""), between, (ka in nested, kb in nested),
                                  scans)
            out.append(Instance(index, ka, kb, feats, frozenset(m.type.value for m in between)))
    return out


@functools.cache
def _model():
    return load_model(model_path(), "scripts/train_relations.py")


def predict(features: list[list[str]]) -> Iterator[tuple[str, float]]:
    """The model's label and its probability for each pair's features.

    The model was trained on one-item sequences, so it has no transition weights and one
    sequence of all the pairs is tagged as each pair alone would be, in one call."""
    tagger = _model()
    if tagger is None or not features:
        return
    import pycrfsuite

    labels = tagger.tag(pycrfsuite.ItemSequence(features))
    for k, label in enumerate(labels):
        yield label, tagger.marginal(label, k)
