"""The per-article pipeline: one article in, its entities, relations and mentions out.

``extract(article)`` is a pure function of the article (recognize → resolve → relate), so
articles can be processed in any order or in parallel (:mod:`sygraph.parallel`) and merged by
id (:class:`sygraph.graph.GraphData`).
"""
from __future__ import annotations

from .model import Article, ArticleResult
from .recognize import recognize
from .relate import co_occurrences, relate
from .resolve import mention_counts, resolve, settle_people

__all__ = ["extract"]


def extract(article: Article, registry=None) -> ArticleResult:
    """Entities and relations of one article (with the user's registry, if given)."""
    mentions = recognize(article, registry)
    resolution = resolve(article, mentions, registry)
    relations = relate(article, mentions, resolution)
    resolution, relations = settle_people(article, resolution, relations)
    pairs = co_occurrences(mentions, resolution.links)
    return ArticleResult(article, resolution.entities, tuple(relations), mention_counts(mentions, resolution),
                         resolution.home, tuple(sorted((a, b, n) for (a, b), n in pairs.items())))
