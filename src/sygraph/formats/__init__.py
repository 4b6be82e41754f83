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
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError
from ..graph import GraphData

__all__ = ["Format", "FORMATS", "register", "write_formats", "read", "atomic_write", "ordinary_mode",
           "DEFAULT_FORMATS", "FILE_NAMES", "FORMAT_NAMES"]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its name (as ``--format`` takes it), the files it writes, and
    ``"package.module:function"`` names of its writer (the graph →
    ``{file name: bytes}``) and of its reader (a path → :class:`~sygraph.graph.GraphData`;
    ``""`` where sygraph does not read the format back), with the suffixes the reader takes."""

    name: str
    description: str
    files: tuple[str, ...]
    writer: str
    reader: str = ""
    suffixes: tuple[str, ...] = ()

    def write(self, kg: GraphData) -> dict[str, bytes]:
        return _function(self.writer)(kg)

    def read(self, path: Path) -> GraphData:
        return _function(self.reader)(path)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    """Add a format to the registry (a name registered again is replaced)."""
    FORMATS[fmt.name] = fmt


def _function(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


_HERE = "sygraph.formats"
for _fmt in (
    Format("graphml", "GraphML for networkx, Gephi, yEd and igraph", ("sygraph.graphml",),
           f"{_HERE}.graphml:write_graphml", f"{_HERE}.graphml:graph_from_graphml", (".graphml",)),
    Format("ttl", "RDF as Turtle", ("sygraph.ttl",),
           f"{_HERE}.rdf:write_turtle", f"{_HERE}.rdf:from_rdf", (".ttl",)),
    Format("nt", "RDF as N-Triples", ("sygraph.nt",),
           f"{_HERE}.rdf:write_ntriples", f"{_HERE}.rdf:from_rdf", (".nt",)),
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
    evidence, counts, weights and article metadata)."""
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
    Every file is produced before any is written, and each is renamed into place only when
    all are written, so a failure leaves the previous files, never some of each."""
    outdir = Path(outdir)
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    chosen = [f for f in FORMATS if f in wanted]  # registry order, whatever the order asked
    kept_rdf = hasattr(kg, "_rdf_cache")
    outputs: dict[str, bytes] = {}
    for name in chosen:
        outputs.update(FORMATS[name].write(kg))
    if not kept_rdf:  # the RDF formats share one conversion; a caller who had none keeps none
        kg.__dict__.pop("_rdf_cache", None)
    # every file is written to a temporary file first and only then renamed into place, so a
    # full disk or an interruption while writing leaves all the previous files, not some
    temporaries: dict[str, str] = {}
    try:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            for name, data in outputs.items():
                temporaries[name] = _temporary(outdir / name, data)
            for name in list(temporaries):
                os.replace(temporaries[name], outdir / name)
                del temporaries[name]
        except OSError as err:
            raise ExportError(f"{outdir}: cannot write ({err.strerror or err})") from err
    finally:
        for tmp in temporaries.values():
            Path(tmp).unlink(missing_ok=True)
    return [outdir / name for name in outputs]
