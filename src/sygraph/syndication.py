"""Syndicated copies: the same article read twice (two sites, two files) is one article.

News is syndicated: a county's report is republished by the city's site, the province's and a
portal, each page with its own chrome, headline variant and credit line. sygraph reads each page's
body; two bodies that say the same sentences are one article, kept once under the source read
first (inputs are read in the order of their source names, so the choice never depends on the
order of the arguments), with every copy's source and address recorded on it.

Two articles are copies when at least :data:`SHARED_SHARE` of the sentences of the longer one are
sentences of the other. A sentence is compared by its words alone: Simplified characters, letters
and digits, without punctuation or spaces, so a copy that changed only its punctuation, its line
breaks or its script (Traditional ↔ Simplified) still matches. Sentences shorter than
:data:`MIN_SENTENCE_CHARS` (a dateline, 记者 X, a caption of two words) say too little to compare.
The index keeps one 8-byte digest per sentence, so the cost is linear in the corpus.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from .model import Article, Part

__all__ = ["CopyIndex", "drop_copies", "SHARED_SHARE", "MIN_SENTENCE_CHARS"]

SHARED_SHARE = 0.8
MIN_SENTENCE_CHARS = 12
_NOT_WORDS = re.compile(r"[^\w]|_", re.UNICODE)


def fingerprint(article: Article) -> frozenset[bytes]:
    """The digests of the article's body sentences that are long enough to compare.

    Examples
    --------
    >>> from sygraph.ingest import parse_article
    >>> a = parse_article("a.txt", "标题\\n青禾县举行退役军人座谈会，共商发展大计。")
    >>> b = parse_article("b.txt", "另一个标题\\n青禾县举行退役军人座谈会 共商发展大计")
    >>> fingerprint(a) == fingerprint(b) and len(fingerprint(a)) == 1
    True
    """
    out = set()
    for s in article.sentences:
        if s.part is not Part.BODY:
            continue
        words = _NOT_WORDS.sub("", s.text)
        if len(words) >= MIN_SENTENCE_CHARS:
            out.add(hashlib.blake2b(words.encode("utf-8"), digest_size=8).digest())
    return frozenset(out)


class CopyIndex:
    """The sentences of the articles kept so far, to tell a copy of one of them."""

    def __init__(self) -> None:
        self._first: dict[bytes, int] = {}  # sentence digest -> the kept article that said it first
        self._kept: list[tuple[str, int]] = []  # (source, number of digests)

    def original_of(self, article: Article) -> str | None:
        """The source of the kept article that ``article`` copies; ``None`` (and ``article``
        is kept) when it copies none."""
        prints = fingerprint(article)
        if not prints:
            return None  # nothing long enough to compare: never called a copy
        hits = Counter(self._first[p] for p in prints if p in self._first)
        if hits:
            k, shared = max(hits.items(), key=lambda hit: (hit[1], -hit[0]))  # the earliest of the best
            source, size = self._kept[k]
            if shared >= SHARED_SHARE * max(size, len(prints)):
                return source
        k = len(self._kept)
        self._kept.append((article.source, len(prints)))
        for p in prints:
            self._first.setdefault(p, k)
        return None


def drop_copies(articles: Iterable[Article], on_copy: Callable[[Article, str], None]) -> Iterator[Article]:
    """``articles`` without their syndicated copies; each copy goes to ``on_copy`` with the
    source of the article it copies."""
    index = CopyIndex()
    for article in articles:
        original = index.original_of(article)
        if original is None:
            yield article
        else:
            on_copy(article, original)
