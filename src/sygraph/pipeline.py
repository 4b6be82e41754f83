"""The whole pipeline: per-article extraction and the merge into one graph.

``extract(article)`` is a pure function of the article (ingest → recognize → resolve →
relate), so articles can be processed in any order or in parallel and merged by id.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import networkx as nx

from .errors import ExportError, InputError, InputWarning
from .export.graphml import read_graphml
from .graph import ArticleResult, KnowledgeGraph, article_id
from .ingest import DEFAULT_MAX_CHARS, parse_article, read_articles
from .lexicon import word_class
from .model import Article
from .recognize import recognize
from .relate import co_occurrences, relate
from .resolve import resolve, settle_people
from .syndication import drop_copies
from .vocab import DEFAULT_BASE_IRI

__all__ = ["extract", "build", "build_texts", "load"]


def extract(article: Article, registry=None) -> ArticleResult:
    """Entities and relations of one article (with the user's registry, if given)."""
    mentions = recognize(article, registry)
    resolution = resolve(article, mentions, registry)
    relations = relate(article, mentions, resolution)
    resolution, relations = settle_people(article, resolution, relations)
    counts = Counter(link for link in resolution.links if link)
    # 区人武部 names its district by its level word: that place is mentioned too
    levels = word_class("level_chars")
    counts.update(place for _, place, k in resolution.qualified_by if mentions[k].text[:1] in levels)
    pairs = co_occurrences(mentions, resolution.links)
    return ArticleResult(article, resolution.entities, tuple(relations), tuple(sorted(counts.items())),
                         resolution.home, tuple(sorted((a, b, n) for (a, b), n in pairs.items())))


def build_articles(articles: Iterable[Article], base_iri: str = DEFAULT_BASE_IRI,
                   on_error: Callable[[InputError], None] | None = None, registry=None, *, jobs: int = 1,
                   cache=None, progress: bool | int = False, on_failure=None) -> KnowledgeGraph:
    """Merge the extraction of each article into one graph. The merge does not depend on the
    order results arrive in, so ``jobs`` worker processes can extract in parallel; with a
    ``cache`` folder (or a :class:`~sygraph.parallel.ResultCache`), articles extracted before
    (same content, same pipeline, same registry) are not extracted again. ``on_failure``
    receives each :class:`~sygraph.parallel.ArticleFailure`, an article the pipeline raised an
    unexpected exception on (a bug); without it, that article goes to ``on_error``."""
    from .parallel import extract_all

    kg = KnowledgeGraph(base_iri=base_iri)
    if registry is not None:
        kg.graph.graph["registry_sha256"] = registry.sha256
    copies: list[tuple[str, Article]] = []
    originals = drop_copies(articles, lambda copy, original: copies.append((original, copy)))
    for result in extract_all(originals, registry=registry, jobs=jobs, cache=cache, on_error=on_error,
                              on_failure=on_failure, progress=progress):
        kg.add_article(result)
    for original, copy in copies:
        if article_id(original) in kg.graph:  # else the original failed (and was reported)
            kg.add_copy(original, copy)
        if on_error is not None:
            on_error(InputWarning(copy_note(copy.source, original)))
    return kg


def copy_note(copy: str, original: str) -> str:
    """The report's line for a syndicated copy."""
    return f"{copy}: the same article as {original} (a syndicated copy); read once, both sources recorded"


def build(paths: Iterable[str | Path] | str | Path, *, base_iri: str = DEFAULT_BASE_IRI,
          on_error: Callable[[InputError], None] | None = None,
          max_chars: int = DEFAULT_MAX_CHARS, registry=None, jobs: int = 1,
          cache=None, progress: bool | int = False, on_failure=None,
          exclude: Iterable[str | Path] = ()) -> KnowledgeGraph:
    """Build a knowledge graph from ``.txt``/``.html`` files, directories and ``.jsonl`` corpora.

    A bad input is passed to ``on_error`` (default: raised as :class:`InputError`); articles
    longer than ``max_chars`` characters are cut there. ``registry`` is a
    :class:`~sygraph.registry.Registry` or the path of a registry file; ``jobs`` worker
    processes extract in parallel; ``cache`` names a folder that keeps each article's
    extraction for incremental rebuilds; ``on_failure`` receives the articles sygraph itself
    failed on (see :func:`build_articles`); folders in ``exclude`` are never read as input.
    """
    if isinstance(registry, (str, Path)):
        from .registry import load_registry

        registry = load_registry(registry)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return build_articles(read_articles(paths, on_error=on_error, max_chars=max_chars, exclude=exclude), base_iri,
                          on_error, registry, jobs=jobs, cache=cache, progress=progress, on_failure=on_failure)


def build_texts(texts: Mapping[str, str], *, base_iri: str = DEFAULT_BASE_IRI, registry=None) -> KnowledgeGraph:
    """Build a graph from in-memory page texts keyed by source name."""
    if isinstance(registry, (str, Path)):
        from .registry import load_registry

        registry = load_registry(registry)
    return build_articles((parse_article(name, text) for name, text in texts.items()), base_iri,
                          registry=registry)


def load(path: str | Path) -> KnowledgeGraph:
    """Read a graph file written by sygraph back into a KnowledgeGraph: GraphML, Turtle,
    N-Triples or JSON-LD, each giving the same graph (nodes, edges, every statement with its
    evidence, counts, weights and article metadata)."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    if path.suffix.lower() == ".graphml":
        g = read_graphml(path)
        base = _base_of(g)
        return KnowledgeGraph(g, base_iri=base)
    if path.suffix.lower() in (".ttl", ".nt", ".jsonld"):
        from .export.rdf import from_rdf

        return from_rdf(path)
    raise ExportError(f"{path}: expected a .graphml, .ttl, .nt or .jsonld file")


def _base_of(g: nx.MultiDiGraph) -> str:
    """The base the nodes' IRIs were minted under (``<base><type>/<id>``)."""
    for n, d in sorted(g.nodes(data=True), key=lambda x: str(x[0])):
        iri, (kind, _, rest) = d.get("iri", ""), str(n).partition("-")
        tail = f"{kind}/{rest}"
        if rest and iri.endswith(tail) and len(iri) > len(tail):
            return iri[: -len(tail)]
    return DEFAULT_BASE_IRI
