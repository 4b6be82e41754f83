"""Running the per-article pipeline at scale: worker processes, an incremental cache and a
progress bar.

``extract_all`` streams articles through :func:`sygraph.pipeline.extract` and yields their
results in no particular order (the graph merge does not depend on order). Input is read
lazily and only a bounded number of articles is in flight, so memory grows with the graph,
not with the corpus.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from importlib import resources
from itertools import islice
from pathlib import Path

from .errors import InputError
from .graph import ArticleResult
from .model import Article

__all__ = ["extract_all", "ResultCache", "pipeline_version", "default_jobs"]

# a corpus this small is extracted in-process: starting workers would cost more
SMALL_CORPUS = 32
BATCH = 16


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@functools.cache
def pipeline_version() -> str:
    """A digest of sygraph's code and data files: a changed rule or lexicon is a changed
    pipeline, and cached extractions made by another version are not reused."""
    digest = hashlib.sha256()
    package = resources.files("sygraph")
    for folder in (package, package.joinpath("data"), package.joinpath("export")):
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.is_file() and entry.name.endswith((".py", ".tsv", ".gz", ".ttl", ".crfsuite")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:20]


class ResultCache:
    """Extraction results on disk, keyed by the article's content, the pipeline version and
    the registry: rebuilding a corpus re-extracts only new or changed articles."""

    def __init__(self, folder: str | Path, registry_sha256: str = ""):
        self.folder = Path(folder)
        self.salt = f"{pipeline_version()}|{registry_sha256}"
        self.hits = self.misses = 0

    def key(self, article: Article) -> str:
        fields = (self.salt, article.source, article.title, article.text, article.published, article.publisher,
                  article.url, repr(article.bylines))
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl"

    def get(self, article: Article) -> ArticleResult | None:
        path = self._path(self.key(article))
        try:
            with open(path, "rb") as f:
                result = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, article: Article, result: ArticleResult) -> None:
        from .export import atomic_write

        atomic_write(self._path(self.key(article)), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


_worker_registry = None


def _init_worker(registry) -> None:
    global _worker_registry
    _worker_registry = registry


def _extract_batch(batch: list[Article]) -> list[tuple[ArticleResult | None, str]]:
    """Extract a batch in a worker; a failure is returned as a message, not raised."""
    from .pipeline import extract

    out = []
    for article in batch:
        try:
            out.append((extract(article, _worker_registry), ""))
        except Exception as err:  # noqa: BLE001 - reported by the parent, the others go on
            out.append((None, f"{article.source}: could not be processed ({type(err).__name__}: {err})"))
    return out


def extract_all(articles: Iterable[Article], *, registry=None, jobs: int = 1, cache: str | Path | None = None,
                on_error: Callable[[InputError], None] | None = None,
                progress: bool | int = False) -> Iterator[ArticleResult]:
    """Results of every article, from the cache or from ``jobs`` processes. ``progress`` is
    False, True, or the number of articles expected (the bar then shows the time left)."""
    store = ResultCache(cache, registry.sha256 if registry is not None else "") if cache else None
    bar = _progress(progress)
    articles = iter(articles)
    head = list(islice(articles, SMALL_CORPUS + 1))

    def todo() -> Iterator[Article]:
        for article in (*head, *articles):
            cached = store.get(article) if store else None
            if cached is not None:
                bar.update(1)
                yield_cached.append(cached)
            else:
                yield article

    yield_cached: list[ArticleResult] = []

    def report(message: str, article_source: str) -> None:
        if on_error is None:
            raise InputError(message)
        on_error(InputError(message))

    def finish(article: Article, result: ArticleResult | None, message: str) -> ArticleResult | None:
        bar.update(1)
        if result is None:
            report(message, article.source)
            return None
        if store:
            store.put(article, result)
        return result

    if jobs <= 1 or len(head) <= SMALL_CORPUS:
        for article in todo():
            while yield_cached:
                yield yield_cached.pop()
            (result, message), = _extract_in_process(article, registry, on_error)
            done = finish(article, result, message)
            if done is not None:
                yield done
        while yield_cached:
            yield yield_cached.pop()
        bar.close()
        return
    from .segment import tokenize

    tokenize("预热")  # load the tokenizer once, so that forked workers share it
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(registry,)) as pool:
        pending: dict = {}
        pending_articles = iter(todo())
        exhausted = False
        while True:
            while not exhausted and len(pending) < jobs * 4:
                batch = list(islice(pending_articles, BATCH))
                if not batch:
                    exhausted = True
                    break
                pending[pool.submit(_extract_batch, batch)] = batch
            while yield_cached:
                yield yield_cached.pop()
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                for article, (result, message) in zip(batch, future.result()):
                    done = finish(article, result, message)
                    if done is not None:
                        yield done
    bar.close()


def _extract_in_process(article: Article, registry, on_error) -> list[tuple[ArticleResult | None, str]]:
    from .pipeline import extract

    if on_error is None:
        return [(extract(article, registry), "")]
    try:
        return [(extract(article, registry), "")]
    except Exception as err:  # noqa: BLE001 - one article's bug must not lose the corpus
        return [(None, f"{article.source}: could not be processed ({type(err).__name__}: {err})")]


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(enabled: bool | int):
    """A progress bar on stderr (articles, rate, and the time left when the number of
    articles is known) that stays quiet off a terminal."""
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    total = enabled if not isinstance(enabled, bool) else None
    return tqdm(total=total, unit=" articles", file=sys.stderr, mininterval=0.5, dynamic_ncols=True)
