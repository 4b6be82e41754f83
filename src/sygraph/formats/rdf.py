"""RDF export and import: schema.org and SKOS where they fit, the sygraph ontology for the rest.

Entities are typed with a sygraph class and its schema.org counterpart, labelled with
``rdfs:label`` and ``skos:prefLabel`` (``@zh``), aliases as ``skos:altLabel``. Articles are
``schema:NewsArticle`` nodes that ``schema:mentions`` each entity; typed relations are plain
triples with ``sy:`` properties, and each statement of one (and each mention, with its count)
is also an ``rdf:Statement`` with its evidence. The graph itself is a ``sy:KnowledgeGraph``
node, the base of its IRIs, with its build metadata. Literals are escaped by the serialisers
(rdflib's for N-Triples, Oxigraph's for Turtle, sygraph's own JSON-LD writer with a term
context). Serialised output is sorted so that the same graph gives the same bytes.

Reading back (:func:`from_rdf`) gives the graph that reading the GraphML gives: every node
and edge attribute, every statement. Attributes the ontology has no property for (none in a
graph sygraph builds) are written as ``sya:<key>`` so that nothing is dropped.
"""
from __future__ import annotations

import datetime
import hashlib
import heapq
import io
import json
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, unquote

import networkx as nx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..errors import ExportError
from ..graph import GraphData
from ..ids import article_id, entity_id, relation_key, validate_base_iri
from ..vocab import CLASS_OF, JSONLD_CONTEXT, PREFIXES, PROV, RDF, RDFS, RELATIONS, SCHEMA, SKOS, SY, SYA, XSD
from .graphml import _clean

__all__ = ["to_rdf", "rdf_triples", "rdf_view", "serialize", "turtle", "ntriples", "stream_turtle", "stream_ntriples",
           "from_rdf", "graph_from_rdf", "content_digest"]

MENTIONED_IN, CO_OCCURS_WITH = "mentioned_in", "co_occurs_with"
# the attributes each kind of node or edge has a property for; any other goes to sya:<key>
ENTITY_KEYS = frozenset({"type", "label", "iri", "aliases", "adcode", "level", "inferred", "registry"})
ARTICLE_KEYS = frozenset({"type", "label", "iri", "aliases", "source", "title", "published", "publisher", "url",
                          "home", "body", "copies", "copy_urls", "copy_of"})
ARTICLE_TEXT = ("title", "published", "publisher", "url", "home")  # always present, "" when unknown
MENTION_KEYS = frozenset({"relation", "article", "count"})
CO_OCCURRENCE_KEYS = frozenset({"relation", "weight"})
STATEMENT_KEYS = frozenset({"relation", "article", "evidence", "start", "end", "confidence", "inferred", "role",
                            "source"})
GRAPH_KEYS = frozenset({"registry_sha256"})
NETWORKX_KEYS = frozenset({"node_default", "edge_default"})  # what networkx's GraphML reader adds, not ours
_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger}
_FLOATS = {XSD.double, XSD.float, XSD.decimal}


def _predicate(relation: str, where: str = "the graph") -> URIRef:
    """The ontology's property for a relation; a relation it does not define is one clear
    error (a typed edge added by hand, or another tool's RDF), never a new IRI."""
    try:
        return SY[relation]
    except AttributeError:
        raise ExportError(f"{where}: relation {relation!r} is not in the sygraph ontology; its relations are "
                          f"{', '.join(RELATIONS)}") from None


def _zh(text: str) -> Literal:
    return Literal(_clean(text), lang="zh")


def _extra(g: Graph, s, key: str, value) -> None:
    """An attribute without a property of its own, typed as GraphML would keep it."""
    if value is None:
        return
    if isinstance(value, (list, tuple)):
        value = json.dumps(sorted(value), ensure_ascii=False)
    elif not isinstance(value, (bool, int, float)):
        value = _clean(str(value))
    g.add((s, SYA[quote(str(key), safe="")], Literal(value)))


def _published_literal(raw: str) -> Literal | None:
    """``schema:datePublished`` of an ISO date or time (an hour without seconds gets ``:00``);
    None for text that is neither."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", raw):
            datetime.date.fromisoformat(raw)
            return Literal(raw, datatype=XSD.date)
        m = re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?", raw)
        if m:
            value = raw if m.group(1) else raw[:16] + ":00" + raw[16:]
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return Literal(value, datatype=XSD.dateTime)
    except ValueError:
        return None
    return None


def _published_back(lit: Literal) -> str:
    """The ``published`` text a ``schema:datePublished`` stands for (the inverse of the above)."""
    text = str(lit)
    if lit.datatype == XSD.dateTime:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d):00((Z|[+-]\d\d:\d\d)?)", text)
        if m:
            return m.group(1) + m.group(2)
    return text


# the ontology's terms as plain attributes: a DefinedNamespace checks every look-up, and an
# export looks up hundreds of thousands (an unknown name still fails, as an AttributeError)
_SY = SimpleNamespace(**{name: SY[name] for name in SY.__annotations__})


class _Triples(list):
    """Where :func:`rdf_triples` collects the triples: a list, with the one method of an rdflib
    Graph that filling it calls (an rdflib store costs most of an export's time)."""

    def add(self, triple: tuple) -> None:
        self.append(triple)


def to_rdf(kg: GraphData) -> Graph:
    """An rdflib Graph of the knowledge graph (for SPARQL and JSON-LD; the Turtle and
    N-Triples writers serialise :func:`rdf_triples` without one)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    _fill(kg, g)
    return g


def rdf_triples(kg: GraphData) -> list[tuple]:
    """The triples of the knowledge graph as rdflib terms, in the order they are made (a
    triple may come twice: a set of them is the graph)."""
    triples = _Triples()
    _fill(kg, triples)
    return triples


def _fill(kg: GraphData, g) -> None:
    base = validate_base_iri(kg.base_iri)
    root = URIRef(base)
    g.add((root, RDF.type, _SY.KnowledgeGraph))
    for key, value in sorted(kg.graph.graph.items()):
        if key == "registry_sha256" and value:
            g.add((root, _SY.registrySha256, Literal(_clean(str(value)))))
        elif key not in GRAPH_KEYS | NETWORKX_KEYS:
            _extra(g, root, key, value)
    nodes = kg.graph.nodes
    for n, d in nodes(data=True):
        s = URIRef(d["iri"])
        for cls in CLASS_OF[d["type"]]:
            g.add((s, RDF.type, cls))
        if d["type"] == "article":
            _article(g, kg, s, d)
            continue
        g.add((s, RDFS.label, _zh(d["label"])))
        g.add((s, SKOS.prefLabel, _zh(d["label"])))
        for alias in d.get("aliases", ()):
            g.add((s, SKOS.altLabel, _zh(alias)))
        if d.get("adcode"):
            g.add((s, _SY.adcode, Literal(_clean(d["adcode"]))))
        if d.get("level"):
            g.add((s, _SY.level, Literal(_clean(d["level"]))))
        if d.get("inferred") is not None and d.get("inferred") != "":
            g.add((s, _SY.inferred, Literal(bool(d["inferred"]))))
        if d.get("registry"):
            g.add((s, _SY.registryId, Literal(_clean(d["registry"]))))
        for key in sorted(set(d) - ENTITY_KEYS):
            _extra(g, s, key, d[key])
    for u, v, _, d in kg.edges():
        su, sv = URIRef(nodes[u]["iri"]), URIRef(nodes[v]["iri"])
        rel = d["relation"]
        if rel == MENTIONED_IN:
            g.add((sv, SCHEMA.mentions, su))
            g.add((su, _SY.mentioned_in, sv))
            # how often: the mention as a statement of its own, with its count
            st = URIRef(f"{base}statement/{_digest(u, MENTIONED_IN, v)}")
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, su))
            g.add((st, RDF.predicate, _SY.mentioned_in))
            g.add((st, RDF.object, sv))
            if d.get("count") is not None:
                g.add((st, SY["count"], Literal(int(d["count"]))))
            if d.get("article") is not None and d.get("article") != nodes[v].get("source"):
                g.add((st, _SY.article, Literal(_clean(str(d["article"])))))
            for key in sorted(set(d) - MENTION_KEYS):
                _extra(g, st, key, d[key])
            continue
        if rel == CO_OCCURS_WITH:
            # association, not a statement: a weighted node of its own, out of the typed triples
            link = URIRef(f"{base}cooccurrence/{_digest(u, v)}")
            g.add((link, RDF.type, _SY.CoOccurrence))
            g.add((link, _SY.entity, su))
            g.add((link, _SY.entity, sv))
            if d.get("weight") is not None:
                g.add((link, _SY.weight, Literal(int(d["weight"]))))
            for key in sorted(set(d) - CO_OCCURRENCE_KEYS):
                _extra(g, link, key, d[key])
            continue
        g.add((su, _predicate(rel), sv))
        _provenance(g, kg, base, u, v, d, article_id)
        if rel == "located_in" and nodes[u]["type"] == "place" and nodes[v]["type"] == "place":
            g.add((su, SCHEMA.containedInPlace, sv))
        elif rel == "located_in" and nodes[u]["type"] == "unit":
            g.add((su, SCHEMA.location, sv))


def _article(g: Graph, kg: GraphData, s: URIRef, d: dict) -> None:
    g.add((s, _SY.source, Literal(_clean(d["source"]))))
    g.add((s, RDFS.label, _zh(d["label"])))
    for alias in d.get("aliases", ()):
        g.add((s, SKOS.altLabel, _zh(alias)))
    if d.get("title"):
        g.add((s, SCHEMA.headline, _zh(d["title"])))
    if d.get("published"):
        raw = _clean(str(d["published"]))
        lit = _published_literal(raw)
        if lit is not None:
            g.add((s, SCHEMA.datePublished, lit))
        if lit is None or _published_back(lit) != raw:  # the text as given, where the date does not say it
            g.add((s, _SY.published, Literal(raw)))
    if d.get("publisher"):
        g.add((s, SCHEMA.publisher, _zh(d["publisher"])))
    if d.get("url"):
        g.add((s, SCHEMA.url, Literal(_clean(d["url"]), datatype=XSD.anyURI)))
    if d.get("body"):
        g.add((s, SCHEMA.articleBody, _zh(d["body"])))
    for copy in d.get("copies", ()):
        g.add((s, _SY.copySource, Literal(_clean(copy))))
    for url in d.get("copy_urls", ()):
        g.add((s, _SY.copyUrl, Literal(_clean(url), datatype=XSD.anyURI)))
    if d.get("copy_of"):
        g.add((s, _SY.copyOf, URIRef(kg.iri(article_id(d["copy_of"])))))
    if d.get("home"):
        home = entity_id("place", f"code:{d['home']}")
        if home in kg.graph and kg.graph.nodes[home].get("adcode") == d["home"]:
            g.add((s, _SY.homeArea, URIRef(kg.graph.nodes[home]["iri"])))
        else:  # the home area is no node of this graph: its code
            g.add((s, _SY.homeCode, Literal(_clean(str(d["home"])))))
    for key in sorted(set(d) - ARTICLE_KEYS):
        _extra(g, s, key, d[key])


def content_digest(graph) -> str:
    """A digest of every node's and edge's attributes (and the graph's own), for
    :func:`rdf_view` to tell whether its RDF view is still the graph's."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(sorted(graph.graph.items(), key=repr)).encode("utf-8", "surrogatepass"))
    for n, d in graph.nodes(data=True):
        h.update(repr((n, d)).encode("utf-8", "surrogatepass"))
    for u, v, k, d in graph.edges(keys=True, data=True):
        h.update(repr((u, v, k, d)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def rdf_view(kg: GraphData, verify: bool = False) -> Graph:
    """The graph's RDF, built once and kept on the graph until it changes (for repeated
    queries). A change made through the graph's methods (``add_article``) is seen, whatever
    the counts; so is a new ``graph`` or ``base_iri``. After editing ``kg.graph`` directly
    (networkx), pass ``verify=True``: a digest of every node's and edge's attributes is then
    compared too (a pass over the graph, much cheaper than rebuilding the RDF)."""
    g = kg.graph
    stamp = (getattr(kg, "_version", 0), kg.base_iri, g.number_of_nodes(), kg.edge_count())
    cached = getattr(kg, "_rdf_cache", None)
    digest = content_digest(g) if verify else None
    if cached is not None and cached[0] is g and cached[1] == stamp and (digest is None or digest == cached[2]):
        return cached[3]
    rdf = to_rdf(kg)
    kg._rdf_cache = (g, stamp, digest, rdf)
    return rdf


def write_turtle(kg: GraphData) -> dict[str, bytes]:
    """The registry's writer: ``sygraph.ttl``."""
    buf = io.BytesIO()
    stream_turtle(kg, {"sygraph.ttl": buf})
    return {"sygraph.ttl": buf.getvalue()}


def write_ntriples(kg: GraphData) -> dict[str, bytes]:
    """The registry's writer: ``sygraph.nt``."""
    buf = io.BytesIO()
    stream_ntriples(kg, {"sygraph.nt": buf})
    return {"sygraph.nt": buf.getvalue()}


def write_jsonld(kg: GraphData) -> dict[str, bytes]:
    """The registry's writer: ``sygraph.jsonld``."""
    return {"sygraph.jsonld": serialize(rdf_view(kg), "jsonld")}


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _provenance(g: Graph, kg: GraphData, base: str, u: str, v: str, d: dict, article_id) -> None:
    """Describe one statement of a typed relation as an rdf:Statement with its evidence."""
    nodes = kg.graph.nodes
    st = URIRef(f"{base}statement/{_digest(u, d['relation'], v, d.get('article', ''), d.get('start', ''))}")
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, URIRef(nodes[u]["iri"])))
    g.add((st, RDF.predicate, _predicate(d["relation"])))
    g.add((st, RDF.object, URIRef(nodes[v]["iri"])))
    if d.get("evidence"):
        g.add((st, _SY.evidence, _zh(d["evidence"])))
    if d.get("start") not in (None, "", -1):
        g.add((st, _SY.start, Literal(int(d["start"]))))
    if d.get("end") not in (None, "", -1):
        g.add((st, _SY.end, Literal(int(d["end"]))))
    if d.get("article"):
        article = article_id(d["article"])
        if article in kg.graph and nodes[article].get("source") == d["article"]:
            g.add((st, PROV.wasDerivedFrom, URIRef(nodes[article]["iri"])))
        else:  # an article this graph has no node for: its source
            g.add((st, _SY.article, Literal(_clean(str(d["article"])))))
    if d.get("confidence") not in (None, ""):
        g.add((st, _SY.confidence, Literal(float(d["confidence"]))))
    if d.get("inferred"):
        g.add((st, _SY.inferred, Literal(True)))
    if d.get("source"):
        g.add((st, _SY.derivedFromTable, Literal(_clean(d["source"]))))
    if d.get("role"):
        g.add((st, _SY.role, _zh(d["role"])))
    for key in sorted(set(d) - STATEMENT_KEYS):
        _extra(g, st, key, d[key])


def serialize(g: Graph, fmt: str) -> bytes:
    """Bytes of ``g`` in ``ttl``, ``nt`` or ``jsonld``, in a stable order."""
    if fmt == "nt":
        return ntriples(g)
    if fmt == "jsonld":
        return _jsonld(g)
    return turtle(g)


def _ox_term(x):
    if isinstance(x, URIRef):
        return ox.NamedNode(str(x))
    if isinstance(x, BNode):
        return ox.BlankNode(str(x))
    if x.language:
        return ox.Literal(str(x), language=x.language)
    if x.datatype:
        return ox.Literal(str(x), datatype=ox.NamedNode(str(x.datatype)))
    return ox.Literal(str(x))


def _sorted_triples(triples) -> list:
    """Each distinct triple once as Oxigraph's, ordered by its N-Triples form: the same graph
    always gives the same bytes."""
    return list(ox.parse(_LineReader(_sorted_lines(triples)), format=ox.RdfFormat.N_TRIPLES))


# the bytes of N-Triples lines the RDF writers sort in memory; more are sorted in runs on disk
LINE_BUDGET = 64 << 20


class _Lines:
    """Where the writers collect the triples: each as its N-Triples line in UTF-8, the most
    compact key there is (UTF-8's byte order is the order of the text: sorting the bytes sorts
    the lines). It takes :func:`_fill`'s triples, or any iterable of them. Past ``budget``
    bytes of lines, the lines so far are sorted into a run on disk (an external merge sort),
    so memory stays bounded however large the graph."""

    def __init__(self, budget: int | None = None):
        self.lines: set[bytes] = set()
        self.size, self.budget = 0, LINE_BUDGET if budget is None else budget
        self.runs: list = []
        self._iris: dict = {}  # subjects and predicates recur: convert each IRI once (bounded)

    def term(self, x) -> str:
        if isinstance(x, URIRef):
            out = self._iris.get(x)
            if out is None:
                if len(self._iris) > 50_000:
                    self._iris.clear()
                out = self._iris[x] = str(_ox_term(x))
            return out
        return str(_ox_term(x))

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        line = f"{self.term(s)} {self.term(p)} {self.term(o)}".encode("utf-8")
        if line not in self.lines:
            self.lines.add(line)
            self.size += len(line)
            if self.size > self.budget:
                self._spill()

    def _spill(self) -> None:
        run = tempfile.TemporaryFile(prefix="sygraph-lines-")
        ordered = sorted(self.lines)
        self.lines.clear()
        self.size = 0
        for i in range(0, len(ordered), 4096):  # a line holds no raw \\n: N-Triples escapes it
            run.write(b"".join(line + b"\n" for line in ordered[i:i + 4096]))
        del ordered
        run.seek(0)
        self.runs.append(run)

    def sorted(self):
        """The distinct lines in order, once (the runs are closed at the end)."""
        last = self.lines = sorted(self.lines)
        if not self.runs:
            yield from last
            return
        runs = [(line[:-1] for line in run) for run in self.runs]
        previous = None
        try:
            for line in heapq.merge(last, *runs):
                if line != previous:
                    yield line
                    previous = line
        finally:
            for run in self.runs:
                run.close()


def _sorted_lines(triples):
    """The distinct N-Triples lines of ``triples`` (no " .\\n"), sorted."""
    sink = _Lines()
    for triple in triples:
        sink.add(triple)
    return sink.sorted()


def _kg_lines(kg: GraphData):
    """The sorted lines of the knowledge graph, made straight from it (no list of triples),
    or from its RDF view where the caller keeps one (it is the same graph)."""
    if getattr(kg, "_rdf_cache", None) is not None:
        return _sorted_lines(rdf_view(kg))
    sink = _Lines()
    _fill(kg, sink)
    return sink.sorted()


def _ntriples_to(lines, out) -> None:
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == 4096:
            out.write(b" .\n".join(chunk) + b" .\n")
            chunk.clear()
    if chunk:
        out.write(b" .\n".join(chunk) + b" .\n")


class _LineReader:
    """The sorted lines as a binary file, read by Oxigraph's parser a piece at a time."""

    def __init__(self, lines):
        self._lines, self._rest = iter(lines), b""

    def read(self, size: int = -1) -> bytes:
        size = 1 << 16 if size is None or size < 0 else size
        parts, have = [self._rest], len(self._rest)
        for line in self._lines:
            parts.append(line + b" .\n")
            have += len(line) + 3
            if have >= size:
                break
        data = b"".join(parts)
        self._rest = data[size:]
        return data[:size]

    def readable(self) -> bool:
        return True


def _turtle_to(lines, out) -> None:
    prefixes = {k: str(v) for k, v in sorted(PREFIXES.items())}
    ox.serialize(ox.parse(_LineReader(lines), format=ox.RdfFormat.N_TRIPLES), out,
                 format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def ntriples(triples) -> bytes:
    """N-Triples of ``triples`` (an rdflib Graph or :func:`rdf_triples`), one line each, sorted.
    Lines end in \\n only; a literal may hold U+2028 or U+0085, where ``str.splitlines``
    would cut a triple in two, so split these files on \\n."""
    buf = io.BytesIO()
    _ntriples_to(_sorted_lines(triples), buf)
    return buf.getvalue()


def turtle(triples) -> bytes:
    """Turtle of ``triples``, written by Oxigraph's serialiser (several times faster than
    rdflib's on large graphs) from the triples in sorted order."""
    buf = io.BytesIO()
    _turtle_to(_sorted_lines(triples), buf)
    return buf.getvalue()


def stream_turtle(kg: GraphData, files: dict) -> None:
    """The streaming writer: ``sygraph.ttl`` into ``files["sygraph.ttl"]``, a binary file,
    as :func:`write_turtle` gives it; the triples are held only as sorted UTF-8 lines."""
    _turtle_to(_kg_lines(kg), files["sygraph.ttl"])


def stream_ntriples(kg: GraphData, files: dict) -> None:
    """The streaming writer: ``sygraph.nt`` into ``files["sygraph.nt"]``, a binary file."""
    _ntriples_to(_kg_lines(kg), files["sygraph.nt"])


# -- JSON-LD -----------------------------------------------------------------------------

_NO_FIT = object()


def _expand(name: str) -> str:
    prefix, _, rest = name.partition(":")
    ns = JSONLD_CONTEXT.get(prefix)
    return ns + rest if isinstance(ns, str) and rest and not rest.startswith("//") else name


_TERMS = {URIRef(_expand(d["@id"])): (term, d) for term, d in JSONLD_CONTEXT.items() if isinstance(d, dict)}
_NAMESPACES = sorted(((v, k) for k, v in JSONLD_CONTEXT.items() if isinstance(v, str) and not v.startswith("@")),
                     key=lambda x: -len(x[0]))


def _compact(iri: str) -> str:
    """``sy:Place`` for an IRI in a namespace of the context, else the IRI."""
    for ns, prefix in _NAMESPACES:
        rest = iri[len(ns):]
        if iri.startswith(ns) and rest and not rest.startswith("//") and re.fullmatch(r"[\w.\-%]+", rest):
            return f"{prefix}:{rest}"
    return iri


def _node_ref(x) -> str:
    return f"_:{x}" if isinstance(x, BNode) else _compact(str(x))


def _fit(o, d: dict):
    """The plain-JSON value of ``o`` under the term definition ``d``, or _NO_FIT."""
    if d.get("@type") == "@id":
        return _node_ref(o) if isinstance(o, (URIRef, BNode)) else _NO_FIT
    if not isinstance(o, Literal):
        return _NO_FIT
    if "@language" in d:
        return str(o) if o.language == d["@language"] else _NO_FIT
    if "@type" in d:
        return str(o) if o.language is None and o.datatype is not None and str(o.datatype) == _expand(d["@type"]) \
            else _NO_FIT
    if o.language is not None:
        return _NO_FIT
    if o.datatype is None or o.datatype == XSD.string:
        return str(o) if o.datatype is None else _NO_FIT
    text = str(o)
    if o.datatype == XSD.integer and re.fullmatch(r"-?(0|[1-9][0-9]{0,14})", text):
        return int(text)  # a JSON number reads back as this xsd:integer
    if o.datatype == XSD.boolean and text in ("true", "false"):
        return text == "true"
    return _NO_FIT


def _expanded(o) -> dict:
    if isinstance(o, (URIRef, BNode)):
        return {"@id": _node_ref(o)}
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype is not None:
        return {"@value": str(o), "@type": _compact(str(o.datatype))}
    return {"@value": str(o)}


def _jsonld(g: Graph) -> bytes:
    """Compacted JSON-LD with sygraph's term context (see :data:`sygraph.vocab.JSONLD_CONTEXT`):
    one object per subject, sorted, so the same graph gives the same bytes."""
    subjects: dict = {}
    for s, p, o in g:
        node = subjects.setdefault(s, {})
        if p == RDF.type and isinstance(o, (URIRef, BNode)):
            node.setdefault("type", []).append(_node_ref(o))
            continue
        term, d = _TERMS.get(p, (None, None))
        value = _fit(o, d) if d is not None else _NO_FIT
        if value is _NO_FIT:
            # a value its term does not coerce to: a value object, under the term where the term
            # coerces nothing (datePublished), else under the property's prefixed name
            plain = d is not None and "@type" not in d and "@language" not in d and isinstance(o, Literal)
            term, value = (term if plain else _compact(str(p))), _expanded(o)
        node.setdefault(term, []).append(value)
    out = []
    for s in sorted(subjects, key=lambda x: _node_ref(x)):
        obj = {"id": _node_ref(s) if isinstance(s, BNode) else str(s)}
        for term, values in subjects[s].items():
            values = sorted({json.dumps(v, ensure_ascii=False, sort_keys=True): v for v in values}.items())
            values = [v for _, v in values]
            d = JSONLD_CONTEXT.get(term)
            many = isinstance(d, dict) and d.get("@container") == "@set"
            obj[term] = values if many or len(values) > 1 else values[0]
        out.append(obj)
    doc = {"@context": JSONLD_CONTEXT, "@graph": out}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# -- reading back --------------------------------------------------------------------------

def _value(lit):
    """A literal as the Python value GraphML gives back (int, float, bool or str)."""
    if not isinstance(lit, Literal):
        return str(lit)
    if lit.datatype in _INTEGERS:
        return int(str(lit))
    if lit.datatype in _FLOATS:
        return float(str(lit))
    if lit.datatype == XSD.boolean:
        return str(lit).strip() in ("true", "1")
    return str(lit)


def from_rdf(path) -> GraphData:
    """A GraphData from an RDF file that sygraph wrote (Turtle, N-Triples, JSON-LD): the
    same nodes, edges, statements and attributes as reading the GraphML export gives. The
    file is parsed by Oxigraph (several times faster than rdflib)."""
    formats = {".ttl": ("turtle", ox.RdfFormat.TURTLE), ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
               ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}
    if Path(path).suffix.lower() not in formats:
        raise ExportError(f"{path}: expected a .ttl, .nt or .jsonld file")
    name, fmt = formats[Path(path).suffix.lower()]
    try:
        triples = [(_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object))
                   for t in ox.parse(path=str(path), format=fmt)]
    except (SyntaxError, ValueError, OSError) as err:  # Oxigraph's parse errors are SyntaxErrors
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ExportError(f"{path}: not readable as {name} ({message})") from err
    return graph_from_rdf(triples, str(path))


_TERM_CACHE: dict = {}


def _rdflib_term(x):
    """The rdflib term of an Oxigraph term (IRIs shared, as rdflib's parsers share them)."""
    if isinstance(x, ox.NamedNode):
        term = _TERM_CACHE.get(x.value)
        if term is None:
            if len(_TERM_CACHE) > 100_000:
                _TERM_CACHE.clear()
            term = _TERM_CACHE[x.value] = URIRef(x.value)
        return term
    if isinstance(x, ox.BlankNode):
        return BNode(x.value)
    if x.language:
        return Literal(x.value, lang=x.language)
    if x.datatype.value == str(XSD.string):
        return Literal(x.value)
    return Literal(x.value, datatype=_rdflib_term(x.datatype))


def graph_from_rdf(g, where: str = "RDF") -> GraphData:
    """The GraphData that the triples of sygraph's RDF (an rdflib Graph or any iterable
    of rdflib triples) describe (see :func:`from_rdf`); refuses, in one line naming the
    GraphML export, what it cannot give back whole."""
    def refuse(why: str) -> ExportError:
        return ExportError(f"{where}: {why}; load the GraphML export (sygraph.graphml), which keeps everything")

    props: dict = {}
    for s, p, o in g:
        props.setdefault(s, {}).setdefault(p, []).append(o)

    def one(s, p):
        values = props.get(s, {}).get(p)
        if not values:
            return None
        return values[0] if len(values) == 1 else min(values, key=lambda x: (str(x), x.n3()))

    roots = sorted(str(s) for s, ps in props.items() if _SY.KnowledgeGraph in ps.get(RDF.type, ()))
    if not roots:
        raise refuse("no sy:KnowledgeGraph node, so not RDF this version of sygraph wrote (an older export "
                     "carries neither evidence nor counts: rebuild it)")
    if len(roots) > 1:
        raise refuse(f"{len(roots)} graphs in one file ({', '.join(roots[:3])})")
    base = validate_base_iri(roots[0])
    root = URIRef(roots[0])
    kinds = {cls: kind for kind, (cls, _) in CLASS_OF.items()}

    def extras(s) -> dict:
        return {unquote(str(p)[len(str(SYA)):]): _value(min(os, key=lambda x: x.n3()))
                for p, os in props.get(s, {}).items() if str(p).startswith(str(SYA))}

    nx_graph = nx.MultiDiGraph()
    if one(root, _SY.registrySha256) is not None:
        nx_graph.graph["registry_sha256"] = str(one(root, _SY.registrySha256))
    nx_graph.graph.update(extras(root))
    node_of: dict = {}
    data_of: dict = {}
    for s, ps in props.items():
        found = sorted(kinds[c] for c in ps.get(RDF.type, ()) if c in kinds)
        if not found:
            continue
        kind = found[0]
        iri = str(s)
        rest = iri[len(base) + len(kind) + 1:] if iri.startswith(f"{base}{kind}/") else ""
        if not rest or "/" in rest:
            raise refuse(f"{iri} is no IRI sygraph mints under the graph's base {base} "
                         f"(<base>{kind}/<id>), so its node id is lost")
        node = f"{kind}-{rest}"
        node_of[s] = node
        labels = sorted(str(x) for x in ps.get(RDFS.label, ()))
        data = {"type": kind, "label": labels[0] if labels else "", "iri": iri,
                "aliases": sorted({str(x) for x in ps.get(SKOS.altLabel, ())})}
        if kind == "article":
            data["source"] = str(one(s, _SY.source) or "")
            data["title"] = str(one(s, SCHEMA.headline) or "")
            raw, date = one(s, _SY.published), one(s, SCHEMA.datePublished)
            data["published"] = str(raw) if raw is not None else _published_back(date) if date is not None else ""
            data["publisher"] = str(one(s, SCHEMA.publisher) or "")
            data["url"] = str(one(s, SCHEMA.url) or "")
            data["home"] = str(one(s, _SY.homeCode) or "")
            if one(s, SCHEMA.articleBody) is not None:
                data["body"] = str(one(s, SCHEMA.articleBody))
            for prop, key in ((_SY.copySource, "copies"), (_SY.copyUrl, "copy_urls")):
                if ps.get(prop):
                    data[key] = sorted(str(x) for x in ps[prop])
        else:
            for prop, key in ((_SY.adcode, "adcode"), (_SY.level, "level"), (_SY.registryId, "registry")):
                if one(s, prop) is not None:
                    data[key] = str(one(s, prop))
            if one(s, _SY.inferred) is not None:
                data["inferred"] = _value(one(s, _SY.inferred))
        data.update(extras(s))
        data_of[node] = data
    for s, node in node_of.items():  # a copy's original, by its source
        original = one(s, _SY.copyOf)
        if original is not None and data_of[node]["type"] == "article":
            if original not in node_of or data_of[node_of[original]]["type"] != "article":
                raise refuse(f"the original {original} of {s} is no article of the graph")
            data_of[node]["copy_of"] = data_of[node_of[original]]["source"]
    for s, node in node_of.items():  # an article's home area, by the code of its place
        home = one(s, _SY.homeArea)
        if home is not None and data_of[node]["type"] == "article":
            if home not in node_of or not data_of[node_of[home]].get("adcode"):
                raise refuse(f"the home area {home} of {s} is no place of the graph")
            data_of[node]["home"] = data_of[node_of[home]]["adcode"]
    for node in sorted(data_of):
        nx_graph.add_node(node, **data_of[node])

    def ends(st):
        u, v = one(st, RDF.subject), one(st, RDF.object)
        if u not in node_of or v not in node_of:
            raise refuse(f"the statement {st} names {u if u not in node_of else v}, which is no node of the graph")
        return node_of[u], node_of[v]

    def article_of(st) -> str | None:
        literal = one(st, _SY.article)
        if literal is not None:
            return str(literal)
        derived = one(st, PROV.wasDerivedFrom)
        if derived is None:
            return None
        if derived not in node_of or data_of[node_of[derived]]["type"] != "article":
            raise refuse(f"the statement {st} is derived from {derived}, which is no article of the graph")
        return data_of[node_of[derived]]["source"]

    edges = []
    stated: set = set()
    named = {str(o)[len(str(SY)):] for ps in props.values() for o in ps.get(RDF.predicate, ())
             if str(o).startswith(str(SY))}
    relations = {_predicate(rel, where) for rel in named | set(RELATIONS) | {MENTIONED_IN}}
    for st, ps in props.items():
        if RDF.Statement in ps.get(RDF.type, ()):
            predicate = one(st, RDF.predicate)
            if predicate is None or not str(predicate).startswith(str(SY)):
                raise refuse(f"the statement {st} has no sygraph relation")
            rel = str(predicate)[len(str(SY)):]
            u, v = ends(st)
            stated.add((u, rel, v))
            if rel == MENTIONED_IN:
                article = article_of(st)
                attrs = {"article": article if article is not None else data_of[v].get("source", "")}
                if one(st, SY["count"]) is not None:
                    attrs["count"] = _value(one(st, SY["count"]))
                attrs.update(extras(st))
                edges.append((u, v, f"{MENTIONED_IN}|{attrs['article']}", {"relation": rel, **attrs}))
                continue
            attrs = {}
            article = article_of(st)
            if article is not None or one(st, _SY.evidence) is not None or one(st, _SY.start) is not None:
                # a statement read from a sentence: every field it has in memory
                attrs = {"article": article or "", "evidence": str(one(st, _SY.evidence) or ""),
                         "start": _value(one(st, _SY.start)) if one(st, _SY.start) is not None else -1,
                         "end": _value(one(st, _SY.end)) if one(st, _SY.end) is not None else -1,
                         "inferred": False}
            for prop, key in ((_SY.confidence, "confidence"), (_SY.inferred, "inferred"),
                              (_SY.derivedFromTable, "source"), (_SY.role, "role")):
                if one(st, prop) is not None:
                    attrs[key] = _value(one(st, prop))
            attrs.update(extras(st))
            edges.append((u, v, relation_key(rel, attrs), {"relation": rel, **attrs}))
        elif _SY.CoOccurrence in ps.get(RDF.type, ()):
            pair = sorted(node_of[x] if x in node_of else "" for x in ps.get(_SY.entity, ()))
            if len(pair) != 2 or "" in pair:
                raise refuse(f"the co-occurrence {st} does not name two nodes of the graph")
            attrs = {"weight": _value(one(st, _SY.weight))} if one(st, _SY.weight) is not None else {}
            attrs.update(extras(st))
            edges.append((pair[0], pair[1], CO_OCCURS_WITH, {"relation": CO_OCCURS_WITH, **attrs}))
    for s, ps in props.items():  # a relation with no statement would be lost: say so
        if s not in node_of:
            continue
        for p in relations & ps.keys():
            for o in ps[p]:
                if o in node_of and (node_of[s], str(p)[len(str(SY)):], node_of[o]) not in stated:
                    raise refuse(f"{s} {p} {o} has no rdf:Statement")
    for u, v, key, attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        nx_graph.add_edge(u, v, key=key, **attrs)
    return GraphData(nx_graph, base_iri=base)

