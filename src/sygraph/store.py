"""A persistent, embedded triple store (Oxigraph) for querying graphs too large to hold in
rdflib: the export is bulk-loaded once into a folder, and SPARQL runs there.

``sparql_store(store, source, query, **bindings)`` loads ``source`` (an N-Triples or Turtle
export) into the store folder when the folder is new or older than the file, then runs the
query with the project's prefixes and bound values, like :func:`sygraph.query.sparql`.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import QueryError
from .model import Entity
from .vocab import PREFIXES

__all__ = ["open_store", "sparql_store", "uses_service", "refuse_service"]

_STAMP = "sygraph-source.txt"

# what a SERVICE keyword can hide in: strings, IRIs and comments (removed before looking)
_NOT_KEYWORDS = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',   # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',            # strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',       # IRIs
    r"#[^\n]*",                        # comments
)), re.DOTALL)
_SERVICE = re.compile(r"(?<![\w?$:@\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def uses_service(query: str) -> bool:
    """Whether a SPARQL query holds a SERVICE clause (a federated query: it makes requests
    to other servers). Strings, IRIs, comments, variables and prefixed names are not read as
    the keyword; code-point escapes (\\u0053ERVICE) are."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return bool(_SERVICE.search(_NOT_KEYWORDS.sub(" ", text)))


def refuse_service(query: str, allow_service: bool = False) -> None:
    """Raise :class:`QueryError` for a query with SERVICE unless ``allow_service``: the
    in-memory graph and the store would otherwise fetch from the servers the query names."""
    if not allow_service and uses_service(query):
        raise QueryError("the query has a SERVICE clause, which sends requests to other servers: refused "
                         "(allow it with allow_service=True, or sygraph sparql --allow-service)")


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError as err:
        raise QueryError("a persistent store needs pyoxigraph: pip install pyoxigraph") from err
    return pyoxigraph


def open_store(folder: str | Path, source: str | Path):
    """The Oxigraph store in ``folder``, loaded from ``source`` if it is not already."""
    ox = _pyoxigraph()
    folder, source = Path(folder), Path(source)
    if not source.is_file():
        raise QueryError(f"{source}: no such export to load into the store")
    stamp = folder / _STAMP
    wanted = f"{source.resolve()}|{source.stat().st_mtime_ns}|{source.stat().st_size}"
    fresh = stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted
    try:
        store = ox.Store(str(folder))
    except OSError as err:  # Oxigraph locks its folder: one process at a time
        busy = "lock" in str(err).lower()
        raise QueryError(f"{folder}: " + ("another process has the store open; wait for it to end, or use "
                                          "another --store folder" if busy else f"cannot open the store ({err})")) from err
    if not fresh:
        store.clear()
        fmt = ox.RdfFormat.N_TRIPLES if source.suffix == ".nt" else ox.RdfFormat.TURTLE
        store.bulk_load(path=str(source), format=fmt)
        store.flush()
        stamp.write_text(wanted, encoding="utf-8")
    return store


def sparql_store(folder: str | Path, source: str | Path, query: str, *, allow_service: bool = False,
                 **bindings) -> list[dict[str, str]]:
    """Run a SPARQL query in the store; values are substituted as terms, never as text. A
    query with SERVICE is refused unless ``allow_service`` (see :func:`refuse_service`)."""
    refuse_service(query, allow_service)
    ox = _pyoxigraph()
    store = open_store(folder, source)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    prefixes["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    substitutions = {ox.Variable(k): _term(ox, v) for k, v in bindings.items()}
    try:
        result = store.query(query, prefixes=prefixes, substitutions=substitutions)
    except RuntimeError as err:  # Oxigraph substitutes only variables the query selects
        raise QueryError(f"in the store, a bound variable must be selected: {err}") from err
    except (SyntaxError, ValueError, OSError) as err:
        raise QueryError(f"bad SPARQL query: {str(err).splitlines()[0] if str(err) else err}") from err
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return [{"result": str(bool(result))}]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [{n: _text(row[n]) for n in names if row[n] is not None} for row in result]
    return [{"subject": _text(t.subject), "predicate": _text(t.predicate), "object": _text(t.object)}
            for t in result]


def _text(term) -> str:
    return term.value


def _term(ox, value):
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    if isinstance(value, Entity):
        raise QueryError("bind entities by IRI (rdflib.URIRef) when querying a store")
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, RdfLiteral):
        return ox.Literal(str(value), language=value.language) if value.language else ox.Literal(str(value))
    return ox.Literal(str(value))
