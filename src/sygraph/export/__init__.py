"""Writers for every output format, each file written atomically.

``write_formats(kg, outdir, formats)`` is what ``KnowledgeGraph.write`` and the CLI use.
Formats: ``graphml``, ``ttl`` (Turtle), ``nt`` (N-Triples), ``jsonld`` (JSON-LD) and
``csv`` (``nodes.csv`` and ``edges.csv`` with neo4j-admin import headers) and ``html`` (an
interactive view, ``sygraph.html``).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["write_formats", "atomic_write", "ordinary_mode", "FORMATS", "DEFAULT_FORMATS", "FILE_NAMES"]

FORMATS = ("graphml", "ttl", "nt", "jsonld", "csv", "html", "parquet")
FILE_NAMES = {"graphml": ("sygraph.graphml",), "ttl": ("sygraph.ttl",), "nt": ("sygraph.nt",),
              "jsonld": ("sygraph.jsonld",), "csv": ("nodes.csv", "edges.csv", "statements.csv"),
              "html": ("sygraph.html",),
              "parquet": ("entities.parquet", "relationships.parquet", "documents.parquet", "communities.parquet",
                          "statements.parquet")}
DEFAULT_FORMATS = ("graphml", "ttl", "html")


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


def write_formats(kg: KnowledgeGraph, outdir: Path, formats) -> list[Path]:
    from . import graphml, rdf, tables

    chosen = list(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    outputs: dict[str, bytes] = {}
    if "graphml" in chosen:
        outputs["sygraph.graphml"] = graphml.generate_graphml(kg)
    rdf_formats = [f for f in chosen if f in ("ttl", "nt", "jsonld")]
    if rdf_formats:
        g = rdf.to_rdf(kg)
        for f in rdf_formats:
            outputs[f"sygraph.{f}"] = rdf.serialize(g, f)
    if "csv" in chosen:
        outputs.update(tables.generate_csv(kg))
    if "parquet" in chosen:
        from .parquet import generate_parquet

        outputs.update(generate_parquet(kg))
    if "html" in chosen:
        from .html import generate_html

        outputs["sygraph.html"] = generate_html(kg)
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
