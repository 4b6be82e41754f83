"""Building on a Dask cluster: the same per-article function, run where the data is.

``build_dask(paths, client)`` lists the input files on the driver, sends them to the
workers in partitions, and each partition reads its files, extracts their articles and
writes the results as one shard (a pickle) in ``shard_dir``; the driver then merges the
shards. The merge does not depend on order, so the graph is exactly the one a
single-machine build gives.

To run on a real cluster, start a scheduler and workers (``dask scheduler``,
``dask worker tcp://scheduler:8786``) on machines that can all read the inputs and the
shard folder (a shared file system), install sygraph on each, and pass
``Client("tcp://scheduler:8786")``. Dask is an optional extra: ``pip install 'sygraph[dask]'``.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .ids import DEFAULT_BASE_IRI
from .ingest import DEFAULT_MAX_CHARS, iter_inputs, read_articles
from .knowledge import KnowledgeGraph
from .parallel import extract_all
from .registry import load_registry

__all__ = ["build_dask"]


def _partition(files: list[tuple[str, str]], shard_dir: str, registry, max_chars: int) -> str:
    """Read, extract and shard one partition of files (runs on a worker)."""
    problems: list[str] = []
    results = []
    for path, source in files:
        articles = read_articles([path], on_error=lambda err: problems.append(str(err)), max_chars=max_chars)
        for article in articles:
            if source != Path(path).name:  # keep the source name the driver gave this file
                article = type(article)(**{**{f: getattr(article, f) for f in article.__slots__}, "source": source})
            results.extend(extract_all([article], registry=registry,
                                       on_error=lambda err: problems.append(str(err))))
    first = files[0][1] if files else "empty"
    shard = Path(shard_dir) / f"shard-{abs(hash(first)) % 10**12:012d}-{len(files)}.pkl"
    with open(shard, "wb") as f:
        pickle.dump((results, problems), f, protocol=pickle.HIGHEST_PROTOCOL)
    return str(shard)


def build_dask(paths: Iterable[str | Path] | str | Path, client=None, *, npartitions: int | None = None,
               shard_dir: str | Path | None = None, base_iri: str = DEFAULT_BASE_IRI, registry=None,
               max_chars: int = DEFAULT_MAX_CHARS, on_error=None) -> KnowledgeGraph:
    """Build the graph of ``paths`` on Dask (``client``, or Dask's default scheduler)."""
    try:
        import dask.bag as db
    except ImportError as err:
        raise InputError("building on Dask needs it installed: pip install 'sygraph[dask]'") from err
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    files = [(str(p), source) for p, source in iter_inputs(paths)]
    kg = KnowledgeGraph(base_iri=base_iri)
    if registry is not None:
        kg.graph.graph["registry_sha256"] = registry.sha256
    if not files:
        return kg
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shard_dir) if shard_dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        bag = db.from_sequence(files, npartitions=npartitions or min(len(files), 64))
        shards = bag.map_partitions(lambda part: [_partition(list(part), str(folder), registry, max_chars)])
        names = shards.compute(**({"scheduler": client} if client is not None else {}))
        for name in sorted(names):
            with open(name, "rb") as f:
                results, problems = pickle.load(f)
            for message in problems:
                if on_error is None:
                    raise InputError(message)
                on_error(InputError(message))
            for result in results:
                kg.add_article(result)
    return kg
