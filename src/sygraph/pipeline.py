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
    """Entities and relations of one article (with the user's registry, if given).

    Parameters
    ----------
    article : Article
        As :func:`sygraph.ingest.parse_article` reads it (sentences split).
    registry : Registry, optional
        The user's registry of known entities (see :mod:`sygraph.registry`).

    Returns
    -------
    ArticleResult
        Ready for :meth:`~sygraph.graph.GraphData.add_article`.

    Examples
    --------
    >>> from sygraph.ingest import parse_article
    >>> result = extract(parse_article("a.txt", "泸州市退役军人事务局局长张明远走访慰问驻泸部队。"))
    >>> sorted((e.type.value, e.name) for e in result.entities)
    [('person', '张明远'), ('place', '泸州市'), ('unit', '泸州市退役军人事务局'), ('unit', '驻泸部队')]
    >>> names = {e.id: e.name for e in result.entities}
    >>> [(names[r.head], r.relation, names[r.tail], r.role) for r in result.relations if r.relation != "located_in"]
    [('张明远', 'affiliated_with', '泸州市退役军人事务局', '局长'), ('泸州市退役军人事务局', 'assists', '驻泸部队', '')]
    """
    mentions = recognize(article, registry)
    resolution = resolve(article, mentions, registry)
    relations = relate(article, mentions, resolution)
    resolution, relations = settle_people(article, resolution, relations)
    pairs = co_occurrences(mentions, resolution.links)
    return ArticleResult(article, resolution.entities, tuple(relations), mention_counts(mentions, resolution),
                         resolution.home, tuple(sorted((a, b, n) for (a, b), n in pairs.items())))
