"""The build API: articles, files or texts in, a :class:`~sygraph.KnowledgeGraph` out, or an
output folder replaced whole with a build's files and its report.

``build(paths)`` and ``build_texts(texts)`` return the graph; ``build_folder(inputs, out)``
is what ``sygraph build`` runs: it reads, extracts (in worker processes, from a cache),
merges, writes every format and ``report.json`` into a staging folder and swaps it into place
(:mod:`sygraph.outdir`), and returns a :class:`BuildResult` with the report it wrote.

Examples
--------
>>> kg = build_texts({"a.txt": "泸州军分区帮助古蔺县太平镇九龙村脱贫。"})
>>> [(r.head.name, r.tail.name) for r in kg.relations(relation="assists")]
[('泸州军分区', '九龙村')]
"""
from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .errors import ExportError, InputError, InputWarning
from .formats import DEFAULT_FORMATS, atomic_write, ordinary_mode, write_formats
from .formats.stream import write_ntriples_stream
from .ids import DEFAULT_BASE_IRI, article_id
from .ingest import DEFAULT_MAX_CHARS, parse_article, read_articles
from .knowledge import KnowledgeGraph
from .model import Article
from .outdir import OWNED, REPORT, OutputFolder, distinct_lines, strerror
from .parallel import ResultCache, extract_all
from .registry import load_registry
from .syndication import drop_copies

__all__ = ["build", "build_texts", "build_articles", "build_folder", "BuildResult", "copy_note"]


def build_articles(articles: Iterable[Article], base_iri: str = DEFAULT_BASE_IRI,
                   on_error: Callable[[InputError], None] | None = None, registry=None, *, jobs: int = 1,
                   cache=None, progress: bool | int = False, on_failure=None) -> KnowledgeGraph:
    """Merge the extraction of each article into one graph. The merge does not depend on the
    order results arrive in, so ``jobs`` worker processes can extract in parallel; with a
    ``cache`` folder (or a :class:`~sygraph.parallel.ResultCache`), articles extracted before
    (same content, same pipeline, same registry) are not extracted again. ``on_failure``
    receives each :class:`~sygraph.parallel.ArticleFailure`, an article the pipeline raised an
    unexpected exception on (a bug); without it, that article goes to ``on_error``.

    A syndicated copy (the same text under another source) is read once and recorded with
    :meth:`~sygraph.graph.GraphData.add_copy`; ``on_error`` receives a
    :class:`~sygraph.errors.InputWarning` saying so (see :func:`copy_note`).

    Parameters
    ----------
    articles : iterable of Article
    base_iri : str
        The base of every node's IRI.
    on_error : callable, optional
        Receives each :class:`~sygraph.errors.InputError` (and warning) met.
    registry : Registry, optional
        The user's registry of known entities (see :mod:`sygraph.registry`).
    jobs : int, default 1
    cache : str, Path or ResultCache, optional
    progress : bool or int, default False
    on_failure : callable, optional

    Returns
    -------
    KnowledgeGraph

    Examples
    --------
    >>> from sygraph.ingest import parse_article
    >>> texts = {"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部帮助叙永县水尾镇修路。"}
    >>> kg = build_articles([parse_article(name, text) for name, text in texts.items()], on_error=print)
    b.txt: the same article as a.txt (a syndicated copy); read once, both sources recorded
    >>> [(a["source"], a.get("copy_of")) for a in kg.articles()]
    [('a.txt', None), ('b.txt', 'a.txt')]
    """
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
    """The report's line for a syndicated copy.

    Examples
    --------
    >>> copy_note("b.txt", "a.txt")
    'b.txt: the same article as a.txt (a syndicated copy); read once, both sources recorded'
    """
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

    Parameters
    ----------
    paths : str, Path or iterable of them
        Files and directories.
    base_iri : str
    on_error : callable, optional
    max_chars : int
    registry : Registry, str or Path, optional
    jobs : int, default 1
    cache : str, Path or ResultCache, optional
    progress : bool or int, default False
    on_failure : callable, optional
    exclude : iterable of str or Path

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    InputError
        A bad input, when no ``on_error`` is given.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("叙永县人武部帮助叙永县水尾镇修路。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("叙永县人武部与叙永县人民医院签约。", encoding="utf-8")
    >>> build(folder)
    <KnowledgeGraph: 2 articles, 6 entities (place 4, unit 2, person 0, program 0), 9 relations>
    >>> build(folder / "c.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sygraph.errors.InputError: .../c.txt: no such file or directory
    """
    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return build_articles(read_articles(paths, on_error=on_error, max_chars=max_chars, exclude=exclude), base_iri,
                          on_error, registry, jobs=jobs, cache=cache, progress=progress, on_failure=on_failure)


def build_texts(texts: Mapping[str, str], *, base_iri: str = DEFAULT_BASE_IRI, registry=None) -> KnowledgeGraph:
    """Build a graph from in-memory page texts keyed by source name.

    Each text is read as a page (title, date and 来源 lines, then the body; see
    :func:`sygraph.ingest.parse_article`).

    Parameters
    ----------
    texts : mapping of str to str
        Source name to page text.
    base_iri : str
    registry : Registry, str or Path, optional

    Returns
    -------
    KnowledgeGraph

    Examples
    --------
    >>> kg = build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"},
    ...                  base_iri="https://example.org/kg/")
    >>> kg.summary()
    {'articles': 2, 'place': 4, 'unit': 2, 'person': 0, 'program': 0, 'relations': 9, 'statements': 11}
    >>> kg.find("叙永县人民医院")[0].id, kg.iri(kg.find("叙永县人民医院")[0].id)
    ('unit-3127e0ca26633743', 'https://example.org/kg/unit/3127e0ca26633743')
    """
    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    return build_articles((parse_article(name, text) for name, text in texts.items()), base_iri,
                          registry=registry)


@dataclasses.dataclass
class BuildResult:
    """What a build wrote and met: the final paths (``report.json`` last), the counts, the
    report written as ``report.json``, and how many inputs were skipped and articles failed.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("叙永县人武部帮助叙永县水尾镇修路。", encoding="utf-8")
    >>> result = build_folder([folder / "a.txt"], folder / "out", formats=["ttl"])
    >>> [p.name for p in result.written], result.skipped, result.failures
    (['sygraph.ttl', 'report.json'], 0, 0)
    >>> result.counts["relations"], result.report["outputs"]
    (7, ['sygraph.ttl'])
    """

    written: list[Path]
    counts: dict
    report: dict
    skipped: int = 0
    failures: int = 0


def _check_inputs(inputs: list[str], out: Path) -> None:
    """Every input exists and none is the output folder or one of the files sygraph writes
    in it; said before anything is read or written."""
    out_real = os.path.realpath(out)
    outputs = {os.path.realpath(out / name) for name in OWNED}
    for given in inputs:
        real = os.path.realpath(given)
        if real == out_real or real in outputs:
            raise InputError(f"{given}: an input cannot also be an output")
        if not os.path.exists(given):
            if os.path.islink(given):
                raise InputError(f"{given}: a symbolic link to nothing ({os.readlink(given)})")
            raise InputError(f"{given}: no such file or directory")


def _problems(messages: list[str]) -> list[dict[str, str]]:
    def split(message: str) -> dict[str, str]:
        where, _, problem = message.partition(": ")
        return {"input": where, "problem": problem}

    return sorted((split(m) for m in messages), key=lambda d: (d["input"], d["problem"]))


def build_folder(inputs: Iterable[str | Path], out: str | Path, *, formats: Iterable[str] = DEFAULT_FORMATS,
                 stream: bool = False, base_iri: str = DEFAULT_BASE_IRI, jobs: int = 1,
                 cache: str | Path | None = None, registry=None, max_chars: int = DEFAULT_MAX_CHARS,
                 progress: bool | int = False, on_error: Callable[[InputError], None] | None = None,
                 on_failure: Callable | None = None) -> BuildResult:
    """Build the graph of ``inputs`` and replace the outputs in ``out`` with it (see the
    module's description). ``stream`` writes N-Triples as articles merge instead of the
    in-memory ``formats``. Skipped inputs and warnings go to ``on_error``, articles sygraph
    itself failed on to ``on_failure``; both are also in the ``report.json`` written.

    Parameters
    ----------
    inputs : iterable of str or Path
        Files and directories; none may be ``out`` or a file sygraph writes there.
    out : str or Path
        The output folder, replaced whole.
    formats : iterable of str
        See :data:`sygraph.formats.FORMATS`.
    stream : bool, default False
        Write only ``sygraph.nt``, article by article, so the graph is never held whole.
    base_iri, jobs, cache, registry, max_chars, progress
        As for :func:`build`.
    on_error, on_failure : callable, optional

    Returns
    -------
    BuildResult

    Raises
    ------
    InputError
        An input is missing or is an output, said before anything is read or written.
    ExportError
        The outputs cannot be written.

    Examples
    --------
    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("叙永县人武部帮助叙永县水尾镇修路。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("叙永县人武部与叙永县人民医院签约。", encoding="utf-8")
    >>> result = build_folder([folder], folder / "out", formats=["graphml", "ttl"])
    >>> sorted(p.name for p in (folder / "out").iterdir())
    ['report.json', 'sygraph.graphml', 'sygraph.ttl']
    >>> json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))["articles_built"]
    2
    >>> result = build_folder([folder / "a.txt"], folder / "out", stream=True)
    >>> [p.name for p in result.written], result.counts["articles"]
    (['sygraph.nt', 'report.json'], 1)
    >>> build_folder([folder / "out"], folder / "out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sygraph.errors.InputError: .../out: an input cannot also be an output
    """
    inputs = [str(p) for p in inputs]
    out = Path(out)
    _check_inputs(inputs, out)
    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    skipped: list[str] = []
    warnings: list[str] = []
    failures: list = []

    def report(err: InputError) -> None:
        (warnings if isinstance(err, InputWarning) else skipped).append(str(err))
        if on_error is not None:
            on_error(err)

    def failed(failure) -> None:
        failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    def warn(message: str) -> None:
        report(InputWarning(message))

    with OutputFolder(out, inputs=inputs, on_warning=warn) as folder:
        store = None
        if cache:
            store = ResultCache(cache, registry.sha256 if registry is not None else "", on_warning=warn)
            store.prepare()  # said before any work: a cache that cannot be written
        exclude = [folder.path, folder.staging] + ([store.folder] if store is not None else [])
        articles = read_articles(inputs, on_error=report, max_chars=max_chars, exclude=exclude)
        staging = folder.staging
        try:
            if stream:
                copies: list = []
                originals = drop_copies(articles, lambda copy, original: copies.append((original, copy)))
                results = extract_all(originals, registry=registry, jobs=jobs, cache=store, on_error=report,
                                      on_failure=failed, progress=progress)
                target = staging / "sygraph.nt"
                try:
                    streamed = write_ntriples_stream(results, target, base_iri=base_iri, copies=copies)
                    for original, copy in copies:
                        warn(copy_note(copy.source, original))
                    os.chmod(target, ordinary_mode())  # as any file the build writes, not mkstemp's 0600
                    triples = distinct_lines(target)
                except OSError as err:
                    raise ExportError(f"{out}: cannot write ({strerror(err)})") from None
                names = ["sygraph.nt"]
                counts = {"articles": streamed["articles"], "triples": triples}
                articles_built, report_counts = streamed["articles"], {"triples": triples}
                registry_sha = None
            else:
                kg = build_articles(articles, base_iri, report, registry, jobs=jobs, cache=store,
                                    progress=progress, on_failure=failed)
                try:
                    names = [p.name for p in write_formats(kg, staging, formats)]
                except ExportError as err:
                    cause = err.__cause__
                    raise ExportError(f"{out}: cannot write ({strerror(cause) if isinstance(cause, OSError) else err})"
                                      ) from None
                counts = report_counts = kg.summary()
                articles_built = counts["articles"]
                registry_sha = kg.graph.graph.get("registry_sha256")
        finally:
            if store is not None:
                store.close()
        summary = {"inputs": inputs, "articles_built": articles_built, "skipped": _problems(skipped),
                   "warnings": _problems(warnings), "counts": report_counts, "outputs": sorted(names)}
        if registry_sha:
            summary["registry_sha256"] = registry_sha
        if failures:
            summary["internal_errors"] = _problems([str(f) for f in failures])
        try:
            atomic_write(staging / REPORT, (json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        except OSError as err:
            raise ExportError(f"{out}: cannot write ({strerror(err)})") from None
        written = folder.commit([*names, REPORT])
    return BuildResult(written, counts, summary, len(skipped), len(failures))
