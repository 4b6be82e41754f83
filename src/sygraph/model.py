"""Value objects that flow between the pipeline stages.

Every stage takes and returns these frozen dataclasses, so a stage can be tested on
objects built by hand and per-article work stays a pure function of the article.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from .terms import MentionCue, RelationType

__all__ = ["REFERENCE", "ABBREVIATION", "REGISTERED", "SCOPED", "UNPLACED", "marker_fields", "EntityType", "Part",
           "Sentence", "Byline", "Article", "Mention", "MentionKey", "Entity", "Statement", "Relation", "ArticleResult"]


class EntityType(str, Enum):
    """The four entity types of the annotation guidelines.

    A ``str`` enum: each member equals its value, so either can be passed.

    Examples
    --------
    >>> [t.value for t in EntityType]
    ['place', 'unit', 'person', 'program']
    >>> EntityType("unit") is EntityType.UNIT, EntityType.UNIT == "unit"
    (True, True)
    """

    PLACE = "place"
    UNIT = "unit"
    PERSON = "person"
    PROGRAM = "program"


# The markers the recognizer's candidates carry in their one ``qualifier`` string; a mention
# holds each as a typed field instead (:func:`marker_fields`). A marker that is none of these
# is the level word a name is written with (市 of 市中医医院): ``Mention.qualifier``.
REFERENCE = "~"  # MentionCue.REFERENCE
ABBREVIATION = "驻"  # MentionCue.ABBREVIATION
UNPLACED = "*"  # MentionCue.UNPLACED
REGISTERED = "@"  # "@" + registry id: ``Mention.registry_id`` (a bare "@": a lexicon word, no id)
SCOPED = "^"  # "^" + the scope an honour shares with the one before it: ``Mention.scope``
_CUE_OF_MARKER = {REFERENCE: MentionCue.REFERENCE, ABBREVIATION: MentionCue.ABBREVIATION,
                  UNPLACED: MentionCue.UNPLACED, **{c.value: c for c in MentionCue}}  # "feature" is its own


def marker_fields(marker: str) -> dict[str, object]:
    """The typed fields of :class:`Mention` that a candidate's marker stands for, as keyword
    arguments (nothing for no marker).

    Examples
    --------
    >>> marker_fields("~"), marker_fields("feature"), marker_fields("区")
    ({'cue': <MentionCue.REFERENCE: 'reference'>}, {'cue': <MentionCue.FEATURE: 'feature'>}, {'qualifier': '区'})
    >>> marker_fields("@unit-7"), marker_fields("^全国"), marker_fields("@"), marker_fields("")
    ({'registry_id': 'unit-7'}, {'scope': '全国'}, {}, {})
    """
    if not marker:
        return {}
    if marker.startswith(REGISTERED):
        return {"registry_id": marker[1:]} if len(marker) > 1 else {}
    if marker.startswith(SCOPED):
        return {"scope": marker[1:]} if len(marker) > 1 else {}
    cue = _CUE_OF_MARKER.get(marker)
    return {"cue": cue} if cue is not None else {"qualifier": marker}


class Part(str, Enum):
    """Which part of an article a sentence comes from."""

    TITLE = "title"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its character offsets in its part's text (title or body)."""

    text: str
    start: int
    end: int
    part: Part = Part.BODY


@dataclass(frozen=True, slots=True)
class Byline:
    """A person named in the page header or footer with a role (编辑, 记者, ...)."""

    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article: its cleaned body, page metadata and sentences.

    ``source`` is the input file's name or the JSONL ``id``; ``text`` is the article body
    without page chrome, as written. Sentences hold the same text in Simplified characters
    (identical for Simplified input), so a body sentence ``s`` is written ``text[s.start:s.end]``.
    :func:`sygraph.ingest.parse_article` makes one from a page.

    Examples
    --------
    >>> text = "青禾县人武部帮助白沙村修路。"
    >>> a = Article("a.txt", text, published="2024-03-01", sentences=(Sentence(text, 0, 14),))
    >>> a.text[a.sentences[0].start:a.sentences[0].end] == a.sentences[0].text
    True
    >>> a.written(a.sentences[0], 6, 8)
    '帮助'
    """

    source: str
    text: str
    title: str = ""
    published: str = ""
    publisher: str = ""
    url: str = ""
    bylines: tuple[Byline, ...] = ()
    sentences: tuple[Sentence, ...] = ()

    def written(self, sentence: "Sentence", start: int | None = None, end: int | None = None) -> str:
        """The text as written (before conversion to Simplified) of a sentence or a span of it.

        Parameters
        ----------
        sentence : Sentence
        start, end : int, optional
            Offsets in the sentence's part; the whole sentence by default.

        Returns
        -------
        str
        """
        source = self.title if sentence.part is Part.TITLE else self.text
        return source[sentence.start if start is None else start: sentence.end if end is None else end]


class MentionKey(NamedTuple):
    """What tells one mention of an article from the others: its sentence, span and type, and
    its text, which tells apart the mentions of the page header (bylines, the 来源 line: all
    at sentence -1, offsets 0). Resolution links mentions to entities by this key."""

    sentence: int
    start: int
    end: int
    type: EntityType
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span: ``sentence`` indexes ``Article.sentences``; offsets are in that part.
    A mention of the page header (a byline, the 来源 line) has sentence -1 and offsets 0.

    Besides its text, a mention carries what the way it is written tells the resolver: a
    ``cue`` (:class:`~sygraph.terms.MentionCue`: an abbreviation, a reference, a feature, a
    unit with no place), the level word it is written with (``qualifier``: 区 of 区人武部, to
    be filled in with the district), the user's registry entity it names (``registry_id``),
    and for an honour the scope it shares with the honour before it (``scope``).

    Examples
    --------
    >>> from sygraph.ingest import parse_article
    >>> from sygraph.recognize import recognize
    >>> a = parse_article("a.txt", "叙永县人武部帮助叙永县水尾镇修路。")
    >>> [(m.text, m.type.value, m.start, m.end, m.parent) for m in recognize(a)]
    [('叙永县', 'place', 0, 3, ''), ('叙永县人武部', 'unit', 0, 6, ''), ('叙永县', 'place', 8, 11, ''), ('水尾镇', 'place', 11, 14, '叙永县')]
    >>> [(m.text, m.cue, m.qualifier) for m in recognize(parse_article("b.txt", "区人武部走访驻泸部队。"))]
    [('区人武部', None, '区'), ('驻泸部队', None, ''), ('泸', <MentionCue.ABBREVIATION: 'abbreviation'>, '')]
    >>> recognize(a)[3].key
    MentionKey(sentence=0, start=11, end=14, type=<EntityType.PLACE: 'place'>, text='水尾镇')
    """

    text: str
    type: EntityType
    sentence: int
    start: int
    end: int
    role: str = ""  # for people: the title or role written next to the name
    parent: str = ""  # for places in a compound name: the text of the containing place
    cue: MentionCue | None = None  # what the form says beyond the name (an abbreviation, …)
    qualifier: str = ""  # the level word written for a place in the name (区 of 区人武部)
    registry_id: str = ""  # the id of the user's registry entity the mention names
    scope: str = ""  # for an honour: the scope shared with the honour before it (全国 of …和拥政爱民模范单位)

    @property
    def key(self) -> MentionKey:
        """The mention's key within its article (see :class:`MentionKey`)."""
        return MentionKey(self.sentence, self.start, self.end, self.type, self.text)


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved real-world thing with a stable id.

    The id is the type and 16 hex digits (see :func:`sygraph.ids.entity_id`); ``attrs`` holds
    a place's ``adcode`` and ``level`` among others.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。"})
    >>> town = kg.find("水尾镇")[0]
    >>> town.id, town.type, town.aliases
    ('place-db42837d6eed2e1c', <EntityType.PLACE: 'place'>, ('叙永县水尾镇',))
    >>> town.attr("adcode"), town.attr("level"), town.attr("registry", "-")
    ('510524104', 'township', '-')
    """

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()  # sorted (key, value) pairs, e.g. adcode, level

    def attr(self, key: str, default: str = "") -> str:
        """The value of one attribute, or ``default`` where the entity has none."""
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True, slots=True)
class Statement:
    """One place a relation is stated: the article, the sentence as written and its offsets in
    the article's body (or, for containment from the division table, the table as its
    ``source``), how sure sygraph is, and the role written beside a person.

    Examples
    --------
    >>> Statement("a.txt", "青禾县人武部帮助白沙村修路。", 0, 14, 0.7)
    Statement(article='a.txt', evidence='青禾县人武部帮助白沙村修路。', start=0, end=14, confidence=0.7, inferred=False, role='', source='')
    >>> Statement(inferred=True, source="divisions.tsv").start
    -1
    """

    article: str = ""
    evidence: str = ""
    start: int = -1
    end: int = -1
    confidence: float = 1.0
    inferred: bool = False
    role: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed, typed edge between two entity ids, with the statement that says it. The
    relation must be one of :class:`~sygraph.terms.RelationType` (a ``ValueError`` otherwise).

    Examples
    --------
    >>> r = Relation("unit-1", "assists", "place-2", Statement("a.txt", "…帮助…", 0, 9, 0.8))
    >>> r.relation, r.article, r.start
    ('assists', 'a.txt', 0)
    >>> Relation("unit-1", "helps", "place-2")
    Traceback (most recent call last):
    ...
    ValueError: 'helps' is not a valid RelationType
    """

    head: str
    relation: str
    tail: str
    statement: Statement = Statement()

    def __post_init__(self):
        # stored as the plain string: graphs, tables and caches write it as text
        object.__setattr__(self, "relation", RelationType(self.relation).value)

    article = property(lambda self: self.statement.article)
    evidence = property(lambda self: self.statement.evidence)
    start = property(lambda self: self.statement.start)
    end = property(lambda self: self.statement.end)
    confidence = property(lambda self: self.statement.confidence)
    inferred = property(lambda self: self.statement.inferred)
    role = property(lambda self: self.statement.role)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article: the unit that workers return and merge.

    ``mentions`` holds (entity id, number of mentions); ``home`` is the division code of the
    article's home area; ``co_occurs`` holds (id, id, sentences naming both).

    Examples
    --------
    >>> import sygraph
    >>> from sygraph.ingest import parse_article
    >>> result = sygraph.extract(parse_article("a.txt", "叙永县人武部帮助叙永县水尾镇修路。"))
    >>> result.article.source, result.home, len(result.entities), len(result.relations)
    ('a.txt', '510524', 3, 3)
    >>> names = {e.id: e.name for e in result.entities}
    >>> [(names[i], n) for i, n in result.mentions]
    [('叙永县', 2), ('水尾镇', 1), ('叙永县人武部', 1)]
    """

    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    mentions: tuple[tuple[str, int], ...]  # (entity id, number of mentions)
    home: str = ""
    co_occurs: tuple[tuple[str, str, int], ...] = ()  # (id, id, sentences naming both)
