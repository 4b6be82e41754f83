"""The formats, registered by name, each with the files it writes and, where sygraph reads it
back, its reader: one registry in the manner of rdflib's plugins. A format's module is
imported only when the format is used, so pyarrow is needed only for ``parquet``.

``write_formats(kg, outdir, names)`` writes any of them, every file atomically;
``read(path)`` reads a GraphML, Turtle, N-Triples or JSON-LD file back into the same graph.

Examples
--------
>>> [f.name for f in FORMATS.values() if f.reader]
['graphml', 'ttl', 'nt', 'jsonld']
>>> FORMATS["csv"].files
('nodes.csv', 'edges.csv', 'statements.csv')
"""
from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable, Iterable
from typing import BinaryIO
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError
from ..graph import GraphData

__all__ = ["Format", "FORMATS", "register", "write_formats", "read", "atomic_write", "ordinary_mode",
           "DEFAULT_FORMATS", "FILE_NAMES", "FORMAT_NAMES"]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its name (as ``--format`` takes it), the files it writes, its
    writer (the graph → ``{file name: bytes}``) and its reader (a path →
    :class:`~sygraph.graph.GraphData`; ``""`` where sygraph does not read the format back),
    with the suffixes the reader takes, and optionally a streaming writer (the graph and
    ``{file name: binary file}`` → None), which :func:`write_formats` prefers: it writes
    each file as it goes, so no whole file is held in memory. The built-in formats name their
    functions as ``"package.module:function"``, imported when first used; a format of your
    own may give the functions themselves.

    Examples
    --------
    >>> f = FORMATS["graphml"]
    >>> f.files, f.writer, f.suffixes
    (('sygraph.graphml',), 'sygraph.formats.graphml:write_graphml', ('.graphml',))
    >>> FORMATS["html"].reader
    ''
    """

    name: str
    description: str
    files: tuple[str, ...]
    writer: str | Callable[[GraphData], dict[str, bytes]]
    reader: str | Callable[[Path], GraphData] = ""
    suffixes: tuple[str, ...] = ()
    stream: str | Callable[[GraphData, dict[str, BinaryIO]], None] = ""

    def write(self, kg: GraphData) -> dict[str, bytes]:
        """The format's files for ``kg``, by name; nothing is written to disk."""
        return _function(self.writer)(kg)

    def write_to(self, kg: GraphData, files: dict[str, BinaryIO]) -> None:
        """Write the format's files for ``kg`` into ``files`` (a binary file for each name in
        :attr:`files`): by the streaming writer where there is one, else from :meth:`write`."""
        if self.stream:
            _function(self.stream)(kg, files)
            return
        for name, data in self.write(kg).items():
            files[name].write(data)

    def read(self, path: Path) -> GraphData:
        """The graph in ``path``, by the format's reader."""
        return _function(self.reader)(path)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    """Add a format to the registry (a name registered again is replaced).

    The writer (and reader) are named by module path, so a user's format can live outside
    sygraph; the module is imported only when the format is used.

    Parameters
    ----------
    fmt : Format

    Examples
    --------
    >>> import sys, tempfile
    >>> from pathlib import Path
    >>> folder = tempfile.mkdtemp()
    >>> _ = (Path(folder) / "labels_format.py").write_text(
    ...     "def write(kg):\\n    return {'labels.txt': ' '.join(e.name for e in kg.entities()).encode()}\\n")
    >>> sys.path.insert(0, folder)
    >>> register(Format("labels", "entity names", ("labels.txt",), "labels_format:write"))
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> written = write_formats(kg, folder, ["labels"])
    >>> [p.name for p in written], written[0].read_text(encoding="utf-8").split()
    (['labels.txt'], ['叙永县', '四川省', '泸州市', '叙永县人武部', '叙永县人民医院'])
    >>> del FORMATS["labels"]; sys.path.remove(folder)  # leave the registry as it was
    """
    FORMATS[fmt.name] = fmt


def _function(spec: str | Callable) -> Callable:
    if callable(spec):
        return spec
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


_HERE = "sygraph.formats"
for _fmt in (
    Format("graphml", "GraphML for networkx, Gephi, yEd and igraph", ("sygraph.graphml",),
           f"{_HERE}.graphml:write_graphml", f"{_HERE}.graphml:graph_from_graphml", (".graphml",),
           f"{_HERE}.graphml:stream_graphml"),
    Format("ttl", "RDF as Turtle", ("sygraph.ttl",),
           f"{_HERE}.rdf:write_turtle", f"{_HERE}.rdf:from_rdf", (".ttl",), f"{_HERE}.rdf:stream_turtle"),
    Format("nt", "RDF as N-Triples", ("sygraph.nt",),
           f"{_HERE}.rdf:write_ntriples", f"{_HERE}.rdf:from_rdf", (".nt",), f"{_HERE}.rdf:stream_ntriples"),
    Format("jsonld", "RDF as JSON-LD", ("sygraph.jsonld",),
           f"{_HERE}.rdf:write_jsonld", f"{_HERE}.rdf:from_rdf", (".jsonld",)),
    Format("csv", "nodes, edges and statements as CSV with neo4j-admin import headers",
           ("nodes.csv", "edges.csv", "statements.csv"), f"{_HERE}.tables:generate_csv"),
    Format("html", "the interactive view, one self-contained page", ("sygraph.html",),
           f"{_HERE}.html:write_html"),
    Format("parquet", "GraphRAG-style Parquet tables (needs pyarrow)",
           ("entities.parquet", "relationships.parquet", "documents.parquet", "communities.parquet",
            "statements.parquet"), f"{_HERE}.parquet:generate_parquet"),
):
    register(_fmt)

# the built-in formats: what ``--format`` offers and the files an output folder owns
FORMAT_NAMES = tuple(FORMATS)
FILE_NAMES = {f.name: f.files for f in FORMATS.values()}
DEFAULT_FORMATS = ("graphml", "ttl", "html")


def read(path: str | Path) -> GraphData:
    """The graph in a file sygraph wrote, chosen by the file's suffix: GraphML, Turtle,
    N-Triples or JSON-LD each give the same graph (nodes, edges, every statement with its
    evidence, counts, weights and article metadata).

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    GraphData
        :func:`sygraph.load` gives it as a :class:`~sygraph.KnowledgeGraph`.

    Raises
    ------
    ExportError
        No such file, or a suffix no reader takes.

    Examples
    --------
    >>> import tempfile
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> nt, csv = write_formats(kg, tempfile.mkdtemp(), ["nt", "csv"])[:2]
    >>> read(nt).summary() == kg.summary()
    True
    >>> read(csv)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sygraph.errors.ExportError: .../nodes.csv: expected a .graphml, .ttl, .nt or .jsonld file
    """
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    readers = [f for f in FORMATS.values() if f.reader]
    for f in readers:
        if path.suffix.lower() in f.suffixes:
            return f.read(path)
    accepted = [s for f in readers for s in f.suffixes]
    raise ExportError(f"{path}: expected a {', '.join(accepted[:-1])} or {accepted[-1]} file")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place, so
    an interrupted build leaves the previous file intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_temporary(path, data), path)


def _temporary(path: Path, data: bytes) -> str:
    """A temporary file beside ``path`` holding ``data``, with an ordinary file's mode (not
    mkstemp's 0600); removed again if it cannot be written whole."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, ordinary_mode())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def ordinary_mode() -> int:
    """The mode a new file gets under the current umask (0644 under umask 022)."""
    return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_formats(kg: GraphData, outdir: str | Path, formats: Iterable[str]) -> list[Path]:
    """Write the graph into ``outdir`` in each format named; returns the paths written.
    Every file is written to a temporary file in ``outdir`` first (a format with a streaming
    writer streams into it), and each is renamed into place only when all are written, so a
    failure leaves the previous files, never some of each, and no temporary file.

    Parameters
    ----------
    kg : GraphData
    outdir : str or Path
        Made if missing.
    formats : iterable of str
        Names in :data:`FORMATS`; files come in registry order, whatever the order asked.

    Returns
    -------
    list of Path

    Raises
    ------
    ExportError
        An unknown format (before anything is written), or a file that cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> [p.name for p in write_formats(kg, tempfile.mkdtemp(), ["csv", "ttl"])]
    ['sygraph.ttl', 'nodes.csv', 'edges.csv', 'statements.csv']
    >>> write_formats(kg, tempfile.mkdtemp(), ["pdf"])
    Traceback (most recent call last):
    ...
    sygraph.errors.ExportError: unknown format 'pdf'; choose from graphml, ttl, nt, jsonld, csv, html, parquet
    """
    outdir = Path(outdir)
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    chosen = [f for f in FORMATS if f in wanted]  # registry order, whatever the order asked
    kept_rdf = hasattr(kg, "_rdf_cache")
    # every file is written to a temporary file first and only then renamed into place, so a
    # full disk, a failing writer or an interruption leaves all the previous files, not some
    temporaries: dict[str, str] = {}
    written: list[str] = []
    try:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            for name in chosen:
                fmt = FORMATS[name]
                if fmt.stream:
                    files = {}
                    try:
                        for file_name in fmt.files:
                            fd, temporaries[file_name] = tempfile.mkstemp(
                                prefix=f".{file_name}.", suffix=".tmp", dir=outdir)
                            files[file_name] = os.fdopen(fd, "wb")
                        fmt.write_to(kg, files)
                    finally:
                        for f in files.values():
                            f.close()
                    for file_name in fmt.files:
                        os.chmod(temporaries[file_name], ordinary_mode())
                    written += fmt.files
                else:
                    for file_name, data in fmt.write(kg).items():
                        temporaries[file_name] = _temporary(outdir / file_name, data)
                        written.append(file_name)
            for name in written:
                os.replace(temporaries[name], outdir / name)
                del temporaries[name]
        except OSError as err:
            raise ExportError(f"{outdir}: cannot write ({err.strerror or err})") from err
    finally:
        if not kept_rdf:  # the RDF formats share one conversion; a caller who had none keeps none
            kg.__dict__.pop("_rdf_cache", None)
        for tmp in temporaries.values():
            Path(tmp).unlink(missing_ok=True)
    return [outdir / name for name in written]
