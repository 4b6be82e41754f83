"""Running the per-article pipeline at scale: worker processes, an incremental cache and a
progress bar.

``extract_all`` streams articles through :func:`sygraph.pipeline.extract` and yields their
results in no particular order (the graph merge does not depend on order). Input is read
lazily and only a bounded number of articles is in flight, so memory grows with the graph,
not with the corpus.

Workers die with the process that started them (``PR_SET_PDEATHSIG`` on Linux, a watch on
the parent's pid elsewhere), ignore Ctrl-C (the parent stops them), and are killed when the
parent stops early for any reason. A bug inside a worker comes back as an
:class:`ArticleFailure` with its traceback, not as one more skipped input.

The cache holds no pickles: an entry is zlib-compressed JSON that names its format, the
pipeline version, the registry, its key and the article's SHA-256, all checked on reading;
whatever does not read back exactly (a corrupt, truncated or planted file, another article's
entry, a folder where a file should be) is a miss, extracted again.
"""
from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import errno
import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from . import pipeline
from .divisions import divisions
from .errors import InputError, InputWarning, SygraphError
from .model import Article, ArticleResult, Entity, EntityType, Relation, Statement
from .segment import tokenize

__all__ = ["extract_all", "ResultCache", "ArticleFailure", "WorkerError", "pipeline_version", "default_jobs"]

# a corpus this small is extracted in-process: starting workers would cost more
SMALL_CORPUS = 32
BATCH = 16
# the last guard on one article's cost (the sentence bound keeps the work linear in its length,
# about 0.3 ms a character): an article still running after this many seconds is skipped with
# its reason, and the rest are built. 0 turns the guard off
ARTICLE_SECONDS = 300
# after the first alarm, how often it fires again until its exception is caught
_REPEAT_SECONDS = 0.05


class ArticleTimeout(InputError):
    """An article that ran past :data:`ARTICLE_SECONDS`."""


def _extract_guarded(article: Article, registry):
    """``pipeline.extract`` under a timer (SIGALRM, in a process's main thread, where one
    can be set; elsewhere unguarded)."""
    if ARTICLE_SECONDS <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        return pipeline.extract(article, registry)

    def expire(signum, frame):
        raise ArticleTimeout(f"took longer than {ARTICLE_SECONDS:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    # the timer repeats: an exception raised in a signal handler while Python runs a garbage
    # collector callback or a __del__ is printed and dropped, and one alarm would be lost
    signal.setitimer(signal.ITIMER_REAL, ARTICLE_SECONDS, _REPEAT_SECONDS)
    try:
        return pipeline.extract(article, registry)
    finally:
        _disarm(previous)


def _disarm(previous) -> None:
    """Stop the timer and restore ``previous``; an alarm that lands while stopping it is
    absorbed, so the timer never outlives the article."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            break
        except ArticleTimeout:
            continue
    signal.signal(signal.SIGALRM, previous)


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
    for folder in (package, package.joinpath("data"), package.joinpath("formats")):
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.is_file() and entry.name.endswith((".py", ".tsv", ".gz", ".ttl", ".crfsuite")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:20]


@dataclasses.dataclass(frozen=True)
class ArticleFailure:
    """An article on which the pipeline raised an unexpected exception: a bug of sygraph's,
    not a problem of the input. ``traceback`` is the formatted traceback (from the worker)."""

    source: str
    error: str  # "ExceptionType: message"
    traceback: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.error}"


class WorkerError(SygraphError):
    """A worker process died under the build (killed, or crashed outside Python)."""


# -- the cache --------------------------------------------------------------------------

CACHE_FORMAT = "sygraph-cache/2"
CACHE_SUFFIX = ".json.zlib"
_CACHE_TMP = ".sygraph-tmp-"
# an entry larger than this is not one of ours (a whole article's extraction is far smaller)
_MAX_ENTRY = 64 << 20
# errors that say the cache folder as a whole cannot take more entries
_FOLDER_ERRORS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, getattr(errno, "EDQUOT", errno.ENOSPC)}


def article_sha256(article: Article) -> str:
    """The SHA-256 of everything an extraction reads of the article."""
    fields = [article.source, article.text, article.title, article.published, article.publisher, article.url,
              [[b.role, b.name] for b in article.bylines],
              [[s.text, s.start, s.end, s.part.value] for s in article.sentences]]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=True).encode("ascii")).hexdigest()


def _pairs(attrs) -> list:
    return [[k, v] for k, v in attrs]


def _encode(result: ArticleResult) -> dict:
    return {"entities": [[e.id, e.type.value, e.name, list(e.aliases), _pairs(e.attrs)] for e in result.entities],
            "relations": [[r.head, r.relation, r.tail, r.article, r.evidence, r.start, r.end, r.confidence,
                           r.inferred, [["role", r.role]] if r.role else []] for r in result.relations],
            "mentions": [list(m) for m in result.mentions], "home": result.home,
            "co_occurs": [list(c) for c in result.co_occurs]}


def _typed(value, *types):
    if type(value) not in types:
        raise TypeError(f"expected {types}, found {type(value).__name__}")
    return value


def _items(value, size: int | None = None) -> list:
    if type(value) is not list or (size is not None and len(value) != size):
        raise TypeError("malformed list")
    return value


def _decode_pairs(value) -> tuple:
    return tuple((_typed(k, str), _typed(v, str, int, float, bool)) for k, v in (_items(p, 2) for p in _items(value)))


def _role(attrs) -> str:
    """The role of a stored relation's ``[["role", …]]`` (the only attribute a relation has)."""
    pairs = dict(_decode_pairs(attrs))
    if set(pairs) - {"role"}:
        raise TypeError("unknown relation attribute")
    return _typed(pairs.get("role", ""), str)


def _decode(data: dict, article: Article) -> ArticleResult:
    """The result stored as ``data``, every field checked for its type (raises otherwise)."""
    entities = tuple(Entity(_typed(i, str), EntityType(_typed(t, str)), _typed(n, str),
                            tuple(_typed(a, str) for a in _items(aliases)), _decode_pairs(attrs))
                     for i, t, n, aliases, attrs in (_items(e, 5) for e in _items(data["entities"])))
    relations = tuple(Relation(_typed(h, str), _typed(rel, str), _typed(t, str),
                               Statement(_typed(art, str), _typed(ev, str), _typed(s, int), _typed(e, int),
                                         _typed(c, int, float), _typed(inf, bool), _role(attrs)))
                      for h, rel, t, art, ev, s, e, c, inf, attrs in (_items(r, 10) for r in _items(data["relations"])))
    mentions = tuple((_typed(i, str), _typed(n, int)) for i, n in (_items(m, 2) for m in _items(data["mentions"])))
    co = tuple((_typed(a, str), _typed(b, str), _typed(n, int))
               for a, b, n in (_items(c, 3) for c in _items(data["co_occurs"])))
    return ArticleResult(article, entities, relations, mentions, _typed(data["home"], str), co)


def _same(a, b) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0, a str is not an enum)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


class ResultCache:
    """Extraction results on disk, keyed by the article's content, the pipeline version and
    the registry: rebuilding a corpus re-extracts only new or changed articles.

    Entries are ``KEY[:2]/KEY.json.zlib``: compressed JSON, never code. Reading checks the
    format, the pipeline version, the registry, the key and the article's SHA-256, and the
    types of every field; anything else is a miss. Problems with the folder (read-only, full,
    not a folder) are said once through ``on_warning`` and the build goes on without storing.
    """

    def __init__(self, folder: str | Path, registry_sha256: str = "",
                 on_warning: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.registry_sha256 = registry_sha256
        self.salt = f"{pipeline_version()}|{registry_sha256}"
        self.hits = self.misses = self.invalid = 0
        self._warn = on_warning or (lambda message: None)
        self._tmp: Path | None = None
        self._prepared = False
        self._readable = True
        self._writable = True

    # -- keys and paths
    def key(self, article: Article) -> str:
        fields = (self.salt, article.source, article.title, article.text, article.published, article.publisher,
                  article.url, repr(article.bylines))
        return hashlib.sha256("\x1f".join(fields).encode("utf-8", "surrogatepass")).hexdigest()

    def entry_path(self, article: Article) -> Path:
        """Where the entry of ``article`` is kept."""
        return self._path(self.key(article))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{CACHE_SUFFIX}"

    # -- the folder
    def prepare(self) -> None:
        """Check the folder once: create it, make this process's scratch folder in it, and
        remove the scratch folders of builds that died. Says what it cannot do, once."""
        if self._prepared:
            return
        self._prepared = True
        if self.folder.exists() and not self.folder.is_dir():
            self._readable = self._writable = False
            self._warn(f"{self.folder}: the cache is not a folder; the build goes on without it")
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._clean_stale()
            tmp = self.folder / f"{_CACHE_TMP}{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)  # a dead build's, with the same pid
            tmp.mkdir()
            self._tmp = tmp
        except OSError as err:
            self._writable = False
            self._readable = self.folder.is_dir()
            self._warn(f"{self.folder}: cannot write the cache ({err.strerror or err}); "
                       "the build goes on without keeping extractions")

    def _clean_stale(self) -> None:
        for entry in os.scandir(self.folder):
            name = entry.name
            if name.startswith(_CACHE_TMP) and name[len(_CACHE_TMP):].isdigit():
                if not _pid_alive(int(name[len(_CACHE_TMP):])) or int(name[len(_CACHE_TMP):]) == os.getpid():
                    shutil.rmtree(entry.path, ignore_errors=True)

    def close(self) -> None:
        """Remove this process's scratch folder (a later use prepares the folder again)."""
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._prepared = False

    def warn_invalid(self) -> None:
        """One line for the entries that were there but did not read back."""
        n = self.invalid
        entries, were = ("entry", "was") if n == 1 else ("entries", "were")
        self._warn(f"{self.folder}: {n} cache {entries} could not be read (corrupt, truncated, or not an entry of "
                   f"this article and version) and {were} extracted again")

    # -- entries
    def get(self, article: Article) -> ArticleResult | None:
        self.prepare()
        if not self._readable:
            self.misses += 1
            return None
        key = self.key(article)
        blob = self._read(self._path(key))
        result = None if blob is None else self._check(blob, key, article)
        if result is None:
            self.misses += 1
            if blob is not None:
                self.invalid += 1
            return None
        self.hits += 1
        return result

    def _read(self, path: Path) -> bytes | None:
        """The bytes of an entry, or None when there is none; b"" for something that is not
        a readable regular file of a plausible size (never blocks on a FIFO)."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return None
        except OSError:
            return b""  # a folder, a link loop, no permission: not an entry
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY:
                return b""
            chunks, size = [], 0
            while size <= _MAX_ENTRY:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks) if size <= _MAX_ENTRY else b""
        except OSError:
            return b""
        finally:
            os.close(fd)

    def _check(self, blob: bytes, key: str, article: Article) -> ArticleResult | None:
        try:
            inflate = zlib.decompressobj()
            raw = inflate.decompress(blob, _MAX_ENTRY)
            if not inflate.eof or inflate.unconsumed_tail or inflate.unused_data:
                return None  # truncated, or more than an entry
            entry = json.loads(raw.decode("utf-8", "surrogatepass"))
            if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
                return None
            if (entry.get("pipeline"), entry.get("registry"), entry.get("key")) != \
                    (pipeline_version(), self.registry_sha256, key):
                return None
            if entry.get("article_sha256") != article_sha256(article):
                return None  # another article's entry
            return _decode(entry["result"], article)
        except Exception:  # noqa: BLE001 - whatever the bytes are, a miss
            return None

    def put(self, article: Article, result: ArticleResult) -> None:
        self.prepare()
        if not self._writable or self._tmp is None:
            return
        key = self.key(article)
        encoded = _encode(result)
        try:
            # stored only if it reads back as exactly the same result: outputs built from the
            # cache are byte-identical to a clean build
            if not _same(_decode(json.loads(json.dumps(encoded)), article), result):
                return
        except Exception:  # noqa: BLE001 - a value JSON cannot carry: not cached
            return
        entry = {"format": CACHE_FORMAT, "pipeline": pipeline_version(), "registry": self.registry_sha256,
                 "key": key, "article_sha256": article_sha256(article), "result": encoded}
        data = zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                             .encode("utf-8", "surrogatepass"), 6)
        path = self._path(key)
        tmp = self._tmp / f"{key}.{threading.get_ident()}.tmp"
        try:
            path.parent.mkdir(exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, path)
        except OSError as err:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if err.errno in _FOLDER_ERRORS:
                self._writable = False
                self._warn(f"{self.folder}: cannot write the cache ({err.strerror}); "
                           "the build goes on without keeping extractions")
            # else one entry cannot be kept (a folder planted at its path): a miss next time too
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- workers ----------------------------------------------------------------------------

_worker_registry = None
_STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


def _init_worker(registry, parent: int) -> None:
    global _worker_registry
    _worker_registry = registry
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _die_with_parent(parent: int) -> None:
    """End this worker when the parent ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # it ended before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), name="sygraph-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.5)


def _failure(article: Article, err: BaseException) -> tuple[None, str, str, str]:
    """(no result, kind, message, traceback) of an article the pipeline failed on: an
    expected problem of the input (a SygraphError) is "input", anything else is a "bug"."""
    if isinstance(err, SygraphError):
        return None, "input", f"{article.source}: could not be processed ({err})", ""
    return None, "bug", f"{type(err).__name__}: {err}", traceback.format_exc()


def _extract_batch(batch: list[Article]) -> list[tuple[ArticleResult | None, str, str, str]]:
    """Extract a batch in a worker; a failure is returned with its traceback, not raised."""
    out = []
    for article in batch:
        try:
            out.append((_extract_guarded(article, _worker_registry), "", "", ""))
        except Exception as err:  # noqa: BLE001 - reported by the parent, the others go on
            out.append(_failure(article, err))
    return out


@contextlib.contextmanager
def _stop_signals_blocked():
    """SIGINT and SIGTERM blocked in this thread while workers are forked, so that a forked
    worker never runs the parent's handlers before it has set its own."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stop_pool(pool) -> None:
    """Stop a pool now: kill its workers (they may be mid-batch) and reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)


def extract_all(articles: Iterable[Article], *, registry=None, jobs: int = 1, cache: str | Path | None = None,
                on_error: Callable[[InputError], None] | None = None,
                on_failure: Callable[[ArticleFailure], None] | None = None,
                progress: bool | int = False) -> Iterator[ArticleResult]:
    """Results of every article, from the cache or from ``jobs`` processes. ``progress`` is
    False, True, or the number of articles expected (the bar then shows the time left).

    An article the input makes fail is passed to ``on_error`` (default: raised); an article
    the pipeline fails on with an unexpected exception (a bug) to ``on_failure`` as an
    :class:`ArticleFailure` (without it, to ``on_error`` as before, or raised)."""
    def warn(message: str) -> None:
        if on_error is not None:
            on_error(InputWarning(message))

    if isinstance(cache, ResultCache):
        store = cache
    else:
        store = ResultCache(cache, registry.sha256 if registry is not None else "", on_warning=warn) if cache else None
    bar = _progress(progress)
    try:
        if store is not None:
            store.prepare()
        yield from _extract_all(articles, registry, jobs, store, on_error, on_failure, bar)
        if store is not None and store.invalid:
            store.warn_invalid()
    finally:
        bar.close()
        if store is not None:
            store.close()


def _extract_all(articles, registry, jobs, store, on_error, on_failure, bar) -> Iterator[ArticleResult]:
    articles = iter(articles)
    head = list(islice(articles, SMALL_CORPUS + 1))
    yield_cached: list[ArticleResult] = []

    def todo() -> Iterator[Article]:
        for article in (*head, *articles):
            cached = store.get(article) if store else None
            if cached is not None:
                bar.update(1)
                yield_cached.append(cached)
            else:
                yield article

    def finish(article: Article, outcome: tuple) -> ArticleResult | None:
        result, kind, message, trace = outcome
        bar.update(1)
        if kind == "bug" and on_failure is not None:
            on_failure(ArticleFailure(article.source, message, trace))
            return None
        if result is None:
            if kind == "bug":
                message = f"{article.source}: could not be processed ({message})"
            if on_error is None:
                raise InputError(message)
            on_error(InputError(message))
            return None
        if store:
            store.put(article, result)
        return result

    if jobs <= 1 or len(head) <= SMALL_CORPUS:
        for article in todo():
            while yield_cached:
                yield yield_cached.pop()
            done = finish(article, _extract_in_process(article, registry, on_error, on_failure))
            if done is not None:
                yield done
        while yield_cached:
            yield yield_cached.pop()
        return
    tokenize("预热")  # load the tokenizer and the villages once, so that forked workers share them
    divisions().preload()
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(registry, os.getpid()))
    finished_cleanly = False
    try:
        pending: dict = {}
        pending_articles = iter(todo())
        exhausted = False
        while True:
            while not exhausted and len(pending) < jobs * 4:
                batch = list(islice(pending_articles, BATCH))
                if not batch:
                    exhausted = True
                    break
                with _stop_signals_blocked():
                    pending[pool.submit(_extract_batch, batch)] = batch
            while yield_cached:
                yield yield_cached.pop()
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    time.sleep(0.5)  # a SIGTERM to the whole group: its handler speaks first
                    raise WorkerError("a worker process died (killed, or crashed outside Python); "
                                      "nothing was written") from None
                for article, outcome in zip(batch, outcomes):
                    done = finish(article, outcome)
                    if done is not None:
                        yield done
        finished_cleanly = True
    finally:
        if finished_cleanly:
            pool.shutdown(wait=True)
        else:  # interrupted, an error, or the consumer stopped early: the workers go now
            _stop_pool(pool)


def _extract_in_process(article: Article, registry, on_error, on_failure) -> tuple:
    if on_error is None and on_failure is None:
        return _extract_guarded(article, registry), "", "", ""
    try:
        return _extract_guarded(article, registry), "", "", ""
    except Exception as err:  # noqa: BLE001 - one article's bug must not lose the corpus
        return _failure(article, err)


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
    total = enabled if not isinstance(enabled, bool) else None
    return tqdm(total=total, unit=" articles", file=sys.stderr, mininterval=0.5, dynamic_ncols=True)
