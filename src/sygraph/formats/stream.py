"""N-Triples written while articles are merged, for graphs larger than memory.

Each article's triples are written as its result arrives; what only the whole corpus
decides (co-occurrence weights, and which division ancestors no article mentions) is kept
as counts and ids, a size that grows with the graph rather than with the corpus, and
written at the end. The file holds the same triples as the N-Triples of an in-memory build
(lines may repeat where articles state the same fact; N-Triples readers treat the file as a
set). One difference: an entity whose written name differs between articles (人民武装部 in
one, 人武部 in another) carries each name as a label here, and the smaller one in memory.
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..graph import GraphData
from ..ids import DEFAULT_BASE_IRI, article_id
from ..model import ArticleResult
from ..vocab import RDF, SY, XSD
from .rdf import _digest, ntriples, rdf_triples

__all__ = ["write_ntriples_stream"]


def write_ntriples_stream(results: Iterable[ArticleResult], path: str | Path,
                          base_iri: str = DEFAULT_BASE_IRI, copies: list | None = None) -> dict[str, int]:
    """Write the N-Triples of ``results`` to ``path`` (atomically); return counts. ``copies``
    holds (source of the original, copy article) pairs, filled while ``results`` runs (see
    :func:`sygraph.syndication.drop_copies`): they are written at the end, on their originals."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    co: Counter[tuple[str, str]] = Counter()
    mentioned: set[str] = set()
    unmentioned: set[str] = set()
    counts = {"articles": 0, "triples": 0}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            written = set()
            for result in results:
                counts["articles"] += 1
                written.add(result.article.source)
                for a, b, n in result.co_occurs:
                    co[(a, b)] += n
                mini = GraphData(base_iri=base_iri)
                mini.add_article(ArticleResult(result.article, result.entities, result.relations, result.mentions,
                                               result.home))
                for node, data in mini.graph.nodes(data=True):
                    if data.get("type") == "article":
                        continue
                    (unmentioned if data.get("inferred") else mentioned).add(node)
                # whether an entity is inferred is decided at the end, over the whole corpus
                pending = {URIRef(data["iri"]) for _, data in mini.graph.nodes(data=True) if data.get("inferred")}
                triples = [x for x in rdf_triples(mini) if not (x[1] == SY.inferred and x[0] in pending)]
                lines = [line for line in ntriples(triples).decode("utf-8").split("\n") if line]  # not at U+2028
                counts["triples"] += len(lines)
                out.write("\n".join(lines) + "\n")
            tail = Graph()  # the corpus-wide triples, written once at the end
            iri = GraphData(base_iri=base_iri).iri
            for node in sorted(unmentioned - mentioned):
                tail.add((URIRef(iri(node)), SY.inferred, Literal(True)))
            pages = GraphData(base_iri=base_iri)  # the copies' own article nodes
            for original, copy in copies or ():
                if original in written:
                    subject = URIRef(iri(article_id(original)))
                    tail.add((subject, SY.copySource, Literal(copy.source)))
                    if copy.url:
                        tail.add((subject, SY.copyUrl, Literal(copy.url, datatype=XSD.anyURI)))
                    pages.add_copy(original, copy)  # the original's node is written: no mentions
            for x in rdf_triples(pages):
                tail.add(x)
            for (a, b), weight in sorted(co.items()):
                link = URIRef(f"{base_iri}cooccurrence/{_digest(a, b)}")
                tail.add((link, RDF.type, SY.CoOccurrence))
                tail.add((link, SY.entity, URIRef(iri(a))))
                tail.add((link, SY.entity, URIRef(iri(b))))
                tail.add((link, SY.weight, Literal(weight)))
            lines = [line for line in ntriples(tail).decode("utf-8").split("\n") if line]
            counts["triples"] += len(lines)
            if lines:
                out.write("\n".join(lines) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts
