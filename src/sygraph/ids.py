"""Identity: the names things are compared in, and the stable ids and IRIs minted from them.

Everything here is a pure function of its arguments, so the same input gives the same ids in
every process, every build and every format.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from .errors import ExportError
from .model import EntityType

__all__ = ["normalize", "entity_id", "article_id", "relation_key", "relation_id", "statement_id",
           "statement_order", "DEFAULT_BASE_IRI", "validate_base_iri"]

DEFAULT_BASE_IRI = "https://w3id.org/sygraph/id/"
_QUOTE_CHARS = "“”\"'‘’《》〈〉「」『』"


def normalize(name: str) -> str:
    """The form names are compared in: NFKC, no quotes or brackets of titles, no spaces.

    Examples
    --------
    >>> normalize("《优待证》"), normalize("“双十工程”")
    ('优待证', '双十工程')
    """
    s = unicodedata.normalize("NFKC", name).strip()
    for q in _QUOTE_CHARS:
        s = s.replace(q, "")
    return s.replace(" ", "")


def entity_id(type_: EntityType | str, key: str) -> str:
    """A stable id from type and key: ``place-`` followed by 16 hex digits.

    Examples
    --------
    >>> entity_id("place", "code:510500")
    'place-9561620ead9a7202'
    """
    t = EntityType(type_).value
    return f"{t}-{hashlib.sha256(f'{t}|{key}'.encode()).hexdigest()[:16]}"


def article_id(source: str) -> str:
    """The node id of an article, derived from its source name."""
    return "article-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def relation_key(relation: str, attrs: dict) -> str:
    """The multigraph key of one statement: its relation and where it was said."""
    if attrs.get("article"):
        return f"{relation}|{attrs['article']}|{attrs.get('start', -1)}"
    return f"{relation}|{attrs.get('source', '')}"


def statement_order(s: dict) -> tuple:
    """Statements of one relation in article order, the division table's last."""
    return (s.get("article", "") == "", s.get("article", ""), int(s.get("start", -1)), s.get("source", ""))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def relation_id(head: str, relation: str, tail: str) -> str:
    """The stable id of one typed relation (the same in every table format)."""
    return "relation-" + _digest(f"{head}|{relation}|{tail}")


def statement_id(head: str, relation: str, tail: str, statement: dict) -> str:
    """The stable id of one statement of a relation: the relation and where it was said."""
    return "statement-" + _digest(f"{head}|{tail}|{relation_key(relation, statement)}")


# characters an IRI may not hold (RFC 3987): controls, space and <>"{}|\^`
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\s]')
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:.*", re.IGNORECASE)
_HOST = re.compile(r"//([^/?#@]*@)?(\[[0-9A-Fa-f:.]+\]|[^/?#:\[\]]+)(:[0-9]*)?(?=[/?#]|$)")


def validate_base_iri(iri) -> str:
    """The base IRI that node IRIs are minted under (``<base><type>/<16 hex digits>``),
    checked: an absolute ``http://``, ``https://`` or ``urn:`` IRI without spaces or
    characters IRIs forbid. A base that ends in neither ``/`` nor ``#`` (nor, for a URN,
    ``:``) gets a ``/``, so that ``http://example.org/kg`` mints ``http://example.org/kg/place/…``.
    An invalid base raises :class:`~sygraph.errors.ExportError` with a one-line message.

    Examples
    --------
    >>> validate_base_iri("http://example.org/kg")
    'http://example.org/kg/'
    >>> validate_base_iri("urn:sygraph:")
    'urn:sygraph:'
    """
    def bad(why: str) -> ExportError:
        return ExportError(f"base IRI {iri!r}: {why}")

    if not isinstance(iri, str) or not iri:
        raise ExportError(f"base IRI {iri!r}: expected an absolute http(s) or urn IRI, such as {DEFAULT_BASE_IRI}")
    forbidden = _NOT_IN_IRI.search(iri)
    if forbidden:
        char = forbidden.group()
        raise bad(f"{'a space' if char == ' ' else repr(char)} is not allowed in an IRI")
    scheme = _SCHEME.match(iri)
    kind = scheme.group(1).lower() if scheme else ""
    if kind in ("http", "https"):
        if not _HOST.match(iri, scheme.end()):
            raise bad(f"an {kind} IRI needs a host ({kind}://host/path/)")
    elif kind == "urn":
        if not _URN.fullmatch(iri):
            raise bad("a URN reads urn:<namespace>:<name>")
    else:
        raise bad(f"expected an absolute http(s) or urn IRI, such as {DEFAULT_BASE_IRI}")
    if iri.count("#") > 1:
        raise bad("an IRI holds at most one #")
    if re.search(r"%(?![0-9A-Fa-f]{2})", iri):
        raise bad("% must start a percent-escape (%20)")
    if not iri.endswith(("/", "#")) and not (kind == "urn" and iri.endswith(":")):
        iri += "/"
    return iri
