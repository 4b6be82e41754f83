"""Identity: the form names are compared in, and ids and IRIs that stay the same in every
process, build and format (they are the IRIs users link to)."""
import hashlib

import pytest

from sygraph.errors import ExportError
from sygraph.ids import (DEFAULT_BASE_IRI, article_id, entity_id, normalize, relation_id, relation_key, statement_id,
                         statement_order, validate_base_iri)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_names_are_compared_without_title_marks_quotes_spaces_or_full_width_forms():
    assert [normalize(s) for s in (" 《双拥 模范城》 ", "“八一”慰问", "ＡＢＣ１２３", "「拥军」")] == \
        ["双拥模范城", "八一慰问", "ABC123", "拥军"]


def test_ids_are_the_digest_of_their_type_and_key():
    assert entity_id("unit", "name:青禾县人武部") == "unit-" + _sha("unit|name:青禾县人武部")
    assert entity_id("place", "code:510500") == "place-9561620ead9a7202"  # a published IRI: never changes
    assert article_id("a.txt") == "article-" + _sha("a.txt")
    assert relation_id("unit-1", "assists", "place-2") == "relation-" + _sha("unit-1|assists|place-2")
    assert statement_id("unit-1", "assists", "place-2", {"article": "a.txt", "start": 3}) == \
        "statement-" + _sha("unit-1|place-2|assists|a.txt|3")


def test_an_unknown_entity_type_has_no_id():
    with pytest.raises(ValueError):
        entity_id("organisation", "x")


def test_a_statement_is_keyed_by_where_it_was_said():
    assert relation_key("assists", {"article": "a.txt", "start": 3}) == "assists|a.txt|3"
    assert relation_key("located_in", {"source": "divisions.tsv"}) == "located_in|divisions.tsv"
    statements = [{"source": "divisions.tsv"}, {"article": "b.txt", "start": 9}, {"article": "a.txt", "start": 40},
                  {"article": "a.txt", "start": 2}]
    assert sorted(statements, key=statement_order) == [statements[3], statements[2], statements[1], statements[0]]


@pytest.mark.parametrize("base, message", [
    ("", "expected an absolute http(s) or urn IRI, such as " + DEFAULT_BASE_IRI),
    (42, "expected an absolute http(s) or urn IRI, such as " + DEFAULT_BASE_IRI),
    ("ftp://example.org/", "expected an absolute http(s) or urn IRI, such as " + DEFAULT_BASE_IRI),
    ("http://exa mple.org/", "a space is not allowed in an IRI"),
    ("http:///kg/", "an http IRI needs a host (http://host/path/)"),
    ("urn:kg", "a URN reads urn:<namespace>:<name>"),
    ("http://example.org/#a#b", "an IRI holds at most one #"),
    ("http://example.org/%zz", "% must start a percent-escape (%20)"),
])
def test_a_bad_base_iri_is_one_line_naming_the_problem(base, message):
    with pytest.raises(ExportError) as err:
        validate_base_iri(base)
    assert str(err.value) == f"base IRI {base!r}: {message}"


def test_a_base_iri_ends_where_ids_can_follow():
    assert [validate_base_iri(b) for b in ("http://example.org/kg", "http://example.org/kg#", "urn:kg:", "urn:kg:x")] \
        == ["http://example.org/kg/", "http://example.org/kg#", "urn:kg:", "urn:kg:x/"]
