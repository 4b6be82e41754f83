"""Find typed mentions of places, units, people and programs in an article.

Recognition works on the tokens of each sentence (see :mod:`sygraph.segment`): a set of
rules proposes candidate spans, each in a named :class:`Tier`, and the best non-overlapping
spans win. Places found inside a winning unit's name (泸州 in 泸州军分区) are kept as mentions of
their own. All knowledge comes from the tables in ``sygraph/data``.

``recognize(article)`` is a pure function of the article.
"""
from __future__ import annotations

import contextvars
import enum
import functools
import re
from dataclasses import dataclass, field, fields

from .divisions import SHORT_NAME_LEVELS, divisions, level_words
from .errors import DataError
from .lexicon import (
    load_table,
    mapping,
    place_suffixes,
    program_patterns,
    transliteration_chars,
    unit_patterns,
    word_class,
    words,
)
from .matcher import rules as _pattern_rules
from .model import ABBREVIATION, REFERENCE, REGISTERED, Article, EntityType, Mention, marker_fields
from .segment import Token, dictionary_tag, tokenize, word_frequency
from .tagger import LABELS, Span, domain_spans, sequence, tag_spans
from .terms import Level

__all__ = ["recognize", "recognize_sentence", "Candidate", "Tier"]

PLACE, UNIT, PERSON, PROGRAM = EntityType.PLACE, EntityType.UNIT, EntityType.PERSON, EntityType.PROGRAM

# jieba POS tags that may stand inside a proper name (nouns, name-like words, abbreviations,
# attributive words, verbal nouns).
NAMEISH = frozenset({"n", "nz", "ns", "nt", "nr", "nrt", "nrfg", "j", "vn", "b", "an", "ng", "nl",
                     "place", "place_short", "unit_head", "unit_name", "site_head", "feature", "famous", "role",
                     "program", ""})
# Tags that make a token a proper-name anchor: the modifier of a unit or program needs one,
# or it is a generic reference (党委, 中医医院, 双拥活动).
ANCHOR = frozenset({"nz", "ns", "nt", "nr", "nrt", "nrfg", "j", "place", "place_short", "feature", "unit_name", "famous",
                    ""})
FEATURE = "feature"  # qualifier of a natural feature, country or city outside the division table
# words that, standing alone, name a level of division (市 in 市中医医院): data/levels.tsv
LEVEL_CHARS = frozenset(w.word for w in level_words() if w.bare)
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_OPENING_QUOTES = ("“", "\"", "《", "「")  # a tuple: an empty slice is in no tuple
_CN_NUMERAL = re.compile(r"^第?[一二三四五六七八九十百零]+$")
_DIGITS = re.compile(r"^\d+$")
_YEAR = re.compile(r"^(\d{4})$")
_QUOTES = {"“": "”", "\"": "\"", "「": "」", "『": "』", "‘": "’"}
_SLOGAN_PUNCT = re.compile(r"[、，,！!？?。；;：:…]")


# when set (by sygraph.explain), every proposal and decision is appended to this list as
# (event, candidate, why), after a ("sentence", index, text) of the sentence read; off, it
# costs one context-variable read per sentence
TRACE: contextvars.ContextVar[list | None] = contextvars.ContextVar("sygraph_recognize_trace", default=None)


@dataclass(frozen=True)
class Policy:
    """Every threshold the recognizer uses, read from ``data/policy.tsv`` (where each says
    why). Try another value with ``recognize.POLICY = dataclasses.replace(recognize.POLICY, ...)``."""

    person_veto: float
    short_place_veto: float
    ambiguous_word_freq: int
    tagger_min_confidence: dict[str, float]
    tagger_confident: float
    tagger_certain: float
    org_confident: float
    org_certain: float
    domain_min_confidence: float
    domain_min_length: int
    common_word_freq: int
    word_reading_freq: int
    rare_word_freq: int
    common_name_word_freq: int
    generic_event_max: int
    counted_rest: int
    parent_unit_min: int
    sub_unit_min: int
    unit_name_tokens: int
    site_name_tokens: int
    program_name_tokens: int
    event_name_tokens: int
    cued_honour_tokens: int
    joined_part_tokens: int
    quote_name_tokens: int
    slogan_max: int

    @classmethod
    def load(cls, name: str = "policy.tsv") -> "Policy":
        """The policy of a table in ``data`` (name, value, why; a dotted name is one entry of
        a table of values); a name missing or unknown is an error."""
        values: dict = {}
        for row in load_table(name):
            key, _, entry = row["name"].partition(".")
            value = float(row["value"]) if "." in row["value"] else int(row["value"])
            if entry:
                values.setdefault(key, {})[entry] = value
            else:
                values[key] = value
        names = {f.name for f in fields(cls)}
        if set(values) != names:
            raise DataError(f"{name}: missing {sorted(names - set(values))}, unknown {sorted(set(values) - names)}")
        return cls(**values)


POLICY = Policy.load()


def _note(trace: list | None, event: str, cands, why: str) -> None:
    if trace is not None:
        trace.extend((event, c, why) for c in cands)


class Tier(enum.IntEnum):
    """What kind of evidence proposed a candidate, strongest first: a candidate in a higher
    tier wins an overlap (then the longer span, then the earlier). The values only order the
    tiers; what else a tier decides is said by its properties (:attr:`checked`,
    :attr:`fixed_bounds`, :attr:`stands_inside`, :attr:`full_name`), never by its value."""

    DOCUMENT = 100  # a 《title》: a document, or a newspaper
    REGISTRY = 99  # the registry's names, aliases and words outrank every rule
    JOINED_EVENT = 96  # a meeting whose name joins several parts (…命名暨…表彰大会)
    CUED_HONOUR = 91  # an honour written after a cue (荣获, 被评为), above the unit head it may end with
    NAMED = 90  # a unit whose modifier holds a name or a level (青禾县人武部); a ship; an outlet's credit; a congress
    LISTED_UNIT = 89  # a unit the lexicon names, a national body, a named area: below longer names built on it
    SET_NAME = 88  # a listed program, 县委, a unit read out of a title, a quoted theme with its head
    MODEL_OVER_RULES = 86  # a model's name that only covers the rules' shorter names (its place inside)
    QUOTED = 85  # a quoted name
    SITE = 84  # a site or feature named with its head (…纪念馆)
    FAMOUS = 82  # a public figure of the lexicon
    DOTTED_NAME = 81  # a transliterated name around a middle dot
    TITLED_PERSON = 80  # a name after its title (校长叶小辉), or a person the tagger is certain of
    HONOURED_PERSON = 79  # a name right after a quoted honour
    NAME_BEFORE_TITLE = 78  # a name right before its office (晁明辉政委)
    HEADED_PROGRAM = 77  # a program named before its head (…工程)
    SPEAKER = 76  # a name before a speech verb (王明说)
    DIVISION = 75  # a division's or a feature's name from the tables
    ABBREVIATION = 74  # a one-character place in a fixed pattern (中美, 访华)
    NAME_LIST = 55  # a name listed beside another (、)
    GLUED_SUFFIX = 52  # a name and a place ending the segmenter glued to one piece (河南|营村)
    STREET_COMMUNITY = 51  # a community named after its street (建国路二社区)
    SUFFIXED_PLACE = 50  # a name and a place ending (九龙|村)
    FRAGMENTED_VILLAGE = 48  # a village name the segmenter broke into pieces (柳条|杓|村)
    SHORT_PLACE = 45  # a division's short name (青禾 for 青禾县)
    TAGGER_CONFIDENT = 43  # a person or place the name tagger is confident of
    TRANSLITERATION = 42  # an uncued transliterated name (克林顿)
    UNCUED_NAME = 40  # an uncued name: a surname and a given name, no title or cue
    BARE_HEAD = 35  # a head alone (人武部): the article's own unit
    GAP_FILL = 30  # a model's other names: they only fill gaps the rules leave
    REFERENCE = 20  # a generic-looking name, kept only if it shortens a full name written elsewhere
    INSIDE_ONLY = 0  # never competes: a place kept only inside a name (驻泸部队), a dropped proposal

    @property
    def checked(self) -> bool:
        """Whether the name tagger may veto a candidate of this tier (a guess without a cue;
        see _with_tagger): a cued name is never overruled."""
        return self in _CHECKED

    @property
    def fixed_bounds(self) -> bool:
        """Whether a candidate's bounds are fixed: no person the tagger is sure of recuts it."""
        return self in (Tier.DOCUMENT, Tier.REGISTRY)

    @property
    def stands_inside(self) -> bool:
        """Whether a place of this tier written inside a unit's or site's name is a mention of
        its own whatever the name (a guessed place only when the name keeps them all)."""
        return self is Tier.DIVISION

    @property
    def full_name(self) -> bool:
        """Whether a unit of this tier is a full name that sub-units and sections extend."""
        return self in _FULL_NAMES


# the guesses the tagger checks: uncued people, and short place names that are also words
_CHECKED = frozenset({Tier.UNCUED_NAME, Tier.TRANSLITERATION, Tier.SHORT_PLACE})
_FULL_NAMES = frozenset({Tier.DOCUMENT, Tier.REGISTRY, Tier.NAMED, Tier.LISTED_UNIT, Tier.SET_NAME})


@dataclass(order=True)
class Candidate:
    """A proposed mention: a higher :class:`Tier` wins overlaps, then the longer span."""

    tier: Tier
    start: int
    end: int
    type: EntityType = field(compare=False)
    text: str = field(compare=False)
    role: str = field(default="", compare=False)
    parent: str = field(default="", compare=False)  # containing place, for compound names
    qualifier: str = field(default="", compare=False)  # a bare level char (市, 区) to resolve
    nests: str = field(default="", compare=False)  # "all" or "full": which places inside it to keep


@functools.cache
def _unit_heads() -> dict[str, str]:
    """The heads of unit_heads.tsv and the recognizer-only heads of unit_patterns.tsv."""
    heads = {h: "pattern" for h in unit_patterns().get("head", ())}
    heads.update({h: "ship" for h in unit_patterns().get("ship", ())})
    heads.update(mapping("unit_heads.tsv", "head", "kind"))
    return heads


@functools.cache
def _site_heads() -> dict[str, str]:
    return mapping("site_heads.tsv", "head", "kind")


@functools.cache
def _program_heads() -> dict[str, str]:
    return mapping("program_heads.tsv", "head", "kind")


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    rows = load_table("surnames.tsv")
    return (frozenset(r["surname"] for r in rows),
            frozenset(r["surname"] for r in rows if r["common"] == "yes"))


@functools.cache
def _roles() -> dict[str, str]:
    return mapping("roles.tsv", "role", "kind")


@functools.cache
def _blockers() -> frozenset[str]:
    return words("name_blockers.tsv")


_HEADS_SEEN: dict[int, dict[str, str]] = {}


def _head(word: str, heads: dict[str, str]) -> str:
    """The longest head that ``word`` is or ends with (single-char heads only whole).

    Asked for every token by several rules, so answers are remembered; the head tables are
    loaded once per process, so a table's identity keys its answers (one dict a table: no
    key to build for each question)."""
    seen = _HEADS_SEEN.get(id(heads))
    if seen is None:
        seen = _HEADS_SEEN[id(heads)] = {}
    found = seen.get(word)
    if found is None:
        if len(seen) > 250_000:  # a bound on memory over a long build
            seen.clear()
        found = seen[word] = _find_head(word, heads)
    return found


def _find_head(word: str, heads: dict[str, str]) -> str:
    if word in heads:
        return word
    if heads is _unit_heads() and len(word) >= 2 and word[0] in "一二三四五六七八九十" and word[1:] in heads:
        return word[1:]  # 四大队
    for i in range(1, len(word) - 1):
        h = word[i:]
        if h in heads and len(h) >= 2:
            return h
    return ""


@functools.cache
def _tag_corrections() -> frozenset[str]:
    return words("word_tags.tsv")


@functools.cache
def _nominal_phrase(word: str) -> bool:
    """Whether a set phrase is a noun phrase (国防建设) rather than a verb phrase (充分发挥):
    both of its halves are nominal words in the dictionary."""
    if len(word) != 4:
        return False
    nominal = {"n", "vn", "nz", "ns", "nt", "j", "an", "b"}
    return dictionary_tag(word[:2]) in nominal and dictionary_tag(word[2:]) in nominal


def _plausible_name(word: str) -> bool:
    surnames = _surnames()[0]
    return 2 <= len(word) <= 4 and (word[:1] in surnames or word[:2] in surnames)


def _is_place_token(t: Token) -> bool:
    return t.tag in ("place", "place_short")


@functools.cache
def _adverb_chars() -> frozenset[str]:
    return frozenset(word_class("adverb_chars"))


@functools.cache
def _function_chars() -> frozenset[str]:
    return words("function_chars.tsv")


def _nameish(t: Token) -> bool:
    if t.word in _blockers() or (t.tag == "role" and _roles().get(t.word) != "status"):
        return False
    if t.tag.startswith("nr") and not _plausible_name(t.word):
        return False  # jieba's dictionary tags some idioms as names (广泛开展 nr)
    if t.tag == "m" and _CN_NUMERAL.match(t.word):
        return True  # 第三中学, 二支队, 四渡赤水
    if t.tag == "l" or (t.tag == "n" and len(t.word) == 4 and t.word not in _tag_corrections()
                        and all(dictionary_tag(h) for h in (t.word[:2], t.word[2:]))):
        return _nominal_phrase(t.word)  # 国防建设 is a name part; 充分发挥 (tagged n) is not
    if t.tag == "" and (t.word[:1] in _function_chars() or t.word[-1:] in _function_chars()
                        or t.word[:1] in _adverb_chars()):
        return False  # an unknown word glued to a preposition or adverb by the HMM: 为区, 刚出
    if t.tag in NAMEISH:
        # a count (69处, 3家) is no part of a name
        return bool(_CJK.match(t.word)) or (t.word.isascii() and t.word.isalnum() and not t.word.isdigit())
    return False


def recognize(article: Article, registry=None) -> list[Mention]:
    """All mentions in the article's title and body, plus its bylines and publisher.

    Header people and the publisher get ``sentence = -1``: they are not in the body. With a
    :class:`~sygraph.registry.Registry`, its names, aliases and words are found first and its
    stop-listed words are never mentions.
    """
    tokens = [tokenize(s.text) for s in article.sentences]
    read = [_recognize_tokens(sentence.text, tokens[i], i, sentence.start, registry)
            for i, sentence in enumerate(article.sentences)]
    mentions: list[Mention] = [m for found in read for m in found]
    # a place introduced with its context (庙岔镇老店社区) is the same place when the article
    # names it bare later (老店社区党支部): read the sentences again knowing the names
    known = {m.text for m in mentions if m.type is PLACE and len(m.text) >= 3 and m.parent}
    if known:
        # only the sentences that write a known name are read again
        again = {i for i, sentence in enumerate(article.sentences) if any(k in sentence.text for k in known)}
        kept = [m for m in mentions if m.sentence not in again]
        for i in sorted(again):
            sentence = article.sentences[i]
            joined = _join_known(tokens[i], known)
            if joined == tokens[i] and TRACE.get() is None:
                # the known names were single tokens already: the same tokens read the same
                # (a trace records the second reading, so it reads them again)
                kept.extend(read[i])
            else:
                kept.extend(_recognize_tokens(sentence.text, joined, i, sentence.start, registry))
        mentions = sorted(kept, key=lambda m: (m.sentence, m.start, m.end, m.type.value))
    for b in article.bylines:
        mentions.append(Mention(b.name, PERSON, -1, 0, 0, role=b.role))
    for publisher in _publishers(article.publisher):
        # 来源:市退役军人事务局 names the article's own city's bureau
        level = publisher[0] if publisher[0] in ("市", "区", "县") else ""
        mentions.append(Mention(publisher, UNIT, -1, 0, 0, qualifier=level))
    if registry is not None and registry.stop:
        mentions = [m for m in mentions if m.text not in registry.stop]
    # the country the news is written in is its backdrop, not one of the places the guidelines
    # annotate (divisions, sites, features): 中国 of 新中国成立 or 中国第一高度 is no place mention
    backdrop = word_class("backdrop_countries")
    return [m for m in mentions if not (m.type is PLACE and m.text in backdrop)]


_PUBLISHER_PARTS = re.compile(r"[·•・\-—－/]+")


def _publishers(field: str) -> list[str]:
    """The outlets a 来源 field names (the guidelines: each is a required unit). Two outlets
    joined by a dot or a dash are two units (青禾网-青禾日报); a channel after a dash is part of
    the outlet before it (青禾网-军事频道), and a word saying how the piece was put together
    (青禾网综合) no part of the name. A part with no unit head counts when it is a name: three or
    more Chinese characters, not only places, not a filler word (不详, 发布时间)."""
    out = []
    for k, part in enumerate(p for p in _PUBLISHER_PARTS.split(field.strip()) if p):
        if k and part.endswith(_PUBLISHER_CHANNELS):
            continue
        part = next((part[: -len(t)] for t in _PUBLISHER_TAILS if part.endswith(t) and len(part) > len(t) + 1), part)
        if part.endswith(_PUBLISHER_STOPS):
            continue
        if _head(part, _unit_heads()) or part.endswith(("报",) + _MEDIA_ENDS):
            out.append(part)
        elif len(part) >= 3 and _CJK.match(part) and not _only_places(part):
            out.append(part)
    return out


def _only_places(text: str) -> bool:
    """Whether ``text`` is written with place names alone (四川巴中, 城关镇)."""
    places = sorted((m.start, m.end) for m in recognize_sentence(text) if m.type is PLACE)
    pos = 0
    for start, end in places:
        if start > pos:
            return False
        pos = max(pos, end)
    return pos >= len(text)


def _registered(text: str, registry) -> list[Candidate]:
    """The registry's names, aliases and words, as whole spans that outrank every rule."""
    lengths, index = registry.surface_index
    found = []
    for n in lengths:
        for start in range(len(text) - n + 1):
            for rank, type_, rid in index.get(text[start:start + n], ()):
                found.append((rank, start, n, type_, rid))
    found.sort(key=lambda f: (f[0], f[1]))  # the registry's order, then the text's
    return [Candidate(Tier.REGISTRY, start, start + n, type_, text[start:start + n], qualifier=REGISTERED + rid)
            for _, start, n, type_, rid in found]


def _join_known(tokens: list[Token], known: set[str]) -> list[Token]:
    """Tokens with every run that spells a known place name joined into one place token."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for n in (3, 2):
            run = tokens[i:i + n]
            word = "".join(t.word for t in run)
            if len(run) == n and word in known:
                out.append(Token(word, run[0].start, run[-1].end, "place"))
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def recognize_sentence(text: str, index: int = 0, offset: int = 0) -> list[Mention]:
    """Mentions in one sentence; offsets are ``offset`` plus the position in ``text``.

    Examples
    --------
    >>> [(m.text, m.type.value) for m in recognize_sentence("该校校长叶小辉来到古蔺县太平镇。")]
    [('叶小辉', 'person'), ('古蔺县', 'place'), ('太平镇', 'place')]
    """
    return _recognize_tokens(text, tokenize(text), index, offset)


def _recognize_tokens(text: str, tokens: list[Token], index: int, offset: int, registry=None) -> list[Mention]:
    trace = TRACE.get()
    if trace is not None:
        trace.append(("sentence", index, text))
    places: list[Candidate] = []
    for place_rule in (_places, _fragmented_villages, _street_communities):
        found = place_rule(text, tokens)
        _note(trace, "proposed", found, "rule " + place_rule.__name__.strip("_"))
        places += found
    cands: list[Candidate] = list(places)
    if registry is not None:
        found = _registered(text, registry)
        _note(trace, "proposed", found, "the registry")
        cands += found
    found = _abbreviated_places(text)
    _note(trace, "proposed", found, "rule abbreviated_places")
    cands += found
    cands += _matched("abbreviations", text, tokens, trace)
    places += _matched("stationed", text, tokens, trace)  # (only places inside a name)
    for rule in (_sites, _units, _programs, _quoted, _people):
        found = rule(text, tokens)
        _note(trace, "proposed", found, "rule " + rule.__name__.strip("_"))
        cands.extend(found)
        if rule is _programs:
            cands += _matched("programs", text, tokens, trace)
    found = _pattern_units(text, tokens, cands)
    _note(trace, "proposed", found, "rule pattern_units")
    cands.extend(found)
    # a country qualifying a quoted name or a set phrase is no place, nor the tagger's
    qualifiers = {(t.start, t.end) for t, nxt in zip(tokens, tokens[1:]) if _opens_a_quoted_name(text, t, nxt)}
    checked = [_closing_quotes(text, c) for c in _with_tagger(text, tokens, cands, trace)]
    kept = [c for c in checked if (c.type is not PLACE or (c.start, c.end) not in qualifiers)
            and not (c.type is PROGRAM and (_cuts_a_quote(c.text) or _generic_program(c.text)))]
    if trace is not None:
        kept_ids = {id(c) for c in kept}
        _note(trace, "dropped", [c for c in checked if id(c) not in kept_ids],
              "a country qualifying a quoted name or a set phrase, or a program cutting a quote or counting things")
    chosen = _select(kept, trace)
    out = []
    ends = {t.end for t in tokens}
    for c in sorted(chosen, key=lambda c: (c.start, c.end)):
        out.append(Mention(c.text, c.type, index, offset + c.start, offset + c.end, role=c.role,
                           parent=c.parent, **marker_fields(c.qualifier)))
        end = c.end
        while c.type is UNIT and (end := _parent_unit(c.start, end, text, ends)):
            # a sub-unit's name begins with its parent's, and that with its own (…支队执勤一大队
            # 四中队): each parent is named too, and relate makes each sub-unit part of it
            level = text[c.start] if end - c.start == 2 else ""  # 市委 of 市委宣传部, qualified as 县委 is
            out.append(Mention(text[c.start:end], UNIT, index, offset + c.start, offset + end,
                               **marker_fields(c.qualifier or level)))
            _note(trace, "added", [Candidate(c.tier, c.start, end, UNIT, text[c.start:end])],
                  f"the parent unit at the start of {c.text}")
        if c.nests:
            # places written inside a unit's or site's name are mentions of their own (also a
            # short name the tagger vetoed standing alone: it reads 武警泸州支队 as one name)
            inside = [n for n in places if c.start <= n.start and n.end <= c.end
                      and (c.nests == "all" or n.tier.stands_inside)]
            for n in inside:
                if not _part_of_the_name(text, c, n, inside):
                    out.append(Mention(n.text, n.type, index, offset + n.start, offset + n.end, parent=n.parent,
                                       **marker_fields(n.qualifier)))
                    _note(trace, "added", [n], f"a place written inside {c.text}")
    return sorted(out, key=lambda m: (m.start, m.end, m.type.value))


def _generic_program(name: str) -> bool:
    """Whether an unquoted program's name is a count of things of a kind (十大工程, 三个体系)
    or begins with a word no name begins with (印发通知): the tagger's, the rules' alike."""
    if name[:1] in _OPENING_QUOTES:
        return False
    if name.startswith(_PATTERNS.get("leading", ())):
        return True
    m = _COUNTED.match(name)
    if m and 0 < len(name) - m.end() <= POLICY.counted_rest:  # (十八大 is a congress)
        return True
    # an event named only by its kind (公祭活动, 联谊活动, 发布仪式): no place, time or scope
    # names it (GUIDELINES: optional)
    head = _head(name, _program_heads())
    return bool(head) and _program_heads()[head] == "event" and len(name) <= POLICY.generic_event_max \
        and not re.search(r"\d", name) and not name.startswith(_SCOPES) and not _starts_with_place(name)



def _closing_quotes(text: str, c: Candidate) -> Candidate:
    """A program that stops one character short of a quote it opens or closes, taken up to
    that quote (“…”新年团拜活动 read from after the opening quote); any other as it is."""
    if c.type is not PROGRAM or not _cuts_a_quote(c.text):
        return c
    for start, end in ((c.start - 1, c.end), (c.start, c.end + 1), (c.start - 1, c.end + 1)):
        if 0 <= start and end <= len(text) and not _cuts_a_quote(text[start:end]) \
                and text[start:c.start] in ("", *_OPENING_QUOTES) and text[c.end:end] in ("", "”", "」", "』", "》"):
            return Candidate(c.tier, start, end, c.type, text[start:end], role=c.role, parent=c.parent,
                             qualifier=c.qualifier, nests=c.nests)
    return c


def _cuts_a_quote(name: str) -> bool:
    """Whether a name opens a quote it does not close, or closes one it did not open
    (…陪伴亲情”春节慰问茶话会, “四叶草): it cuts a quoted name."""
    depth = 0
    for ch in name:
        if ch in "“「『《":
            depth += 1
        elif ch in "”」』》":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def _part_of_the_name(text: str, c: Candidate, n: Candidate, inside: list[Candidate]) -> bool:
    """Whether a place written inside a name is part of that name rather than a mention: a
    country heading a quoted name (“中国精神”) or a unit named after nowhere else (中国人民解放军,
    秘鲁代表团; but its government, 印度政府, names the country, as 泸州市政府 its city); and
    a county whose short name is a word, inside a program's name (“振兴工程”)."""
    if c.type is PROGRAM and n.tier is Tier.SHORT_PLACE and _county_only_word(n.text):
        return True
    if _feature_kinds().get(n.text) != "country" or not _opens(text, c.start, n.start):
        return False
    if text[c.start] in _OPENING_QUOTES:
        return True
    rest = text[n.end: c.end]
    return c.type is UNIT and rest not in _governments() and not _CN_NUMERAL.match(rest[:1]) and rest[:1] not in word_class("quantifier_chars") \
        and not any(o is not n and o.start >= n.end for o in inside)


@functools.cache
def _abbreviation_patterns() -> re.Pattern:
    chars = "".join(sorted(mapping("place_abbreviations.tsv", "abbr", "name")))
    relations = ("关系|两国|三国|双方|合作|会谈|会晤|友好|边境|战略|建交|首脑|峰会|贸易|经贸|外长|联合|之间|对话|"
                 "三个|加强|和约|高层|双边|领导人")
    return re.compile(f"(?<![\\u4e00-\\u9fff])([{chars}])([{chars}])([{chars}])?(?={relations})")


def _abbreviated_places(text: str) -> list[Candidate]:
    """Two or three one-character places before a word of their relations (中美关系, 中俄两国),
    unless both abbreviate one place (中华). (One after a verb of going, 访华, and one before
    its head of state, 俄总统, are the patterns visit and state: data/patterns.tsv.)"""
    pair = _abbreviation_patterns()
    names = mapping("place_abbreviations.tsv", "abbr", "name")
    out = []
    for m in pair.finditer(text):
        if names[m.group(1)] == names[m.group(2)]:
            continue  # 中华: one place, not two
        for g in (1, 2, 3):
            if m.group(g):
                out.append(Candidate(Tier.ABBREVIATION, m.start(g), m.end(g), PLACE, m.group(g), qualifier=ABBREVIATION))
    return out


# what a pattern's mark column says of its spans (data/patterns.tsv)
_PATTERN_MARKS = {"": "", "abbreviation": ABBREVIATION}


@functools.cache
def _stage_patterns(stage: str) -> tuple:
    """The compiled patterns the recognizer asks for at ``stage``, in file order, each with
    its tier, type and qualifier (checked here: the matcher knows no tiers)."""
    out = []
    for p, rule in _pattern_rules().values():
        if p.stage != stage:
            continue
        if p.tier not in Tier.__members__ or p.mark not in _PATTERN_MARKS:
            raise DataError(f"patterns.tsv: {p.name}: no tier {p.tier!r} or no mark {p.mark!r}")
        out.append((p.name, rule, Tier[p.tier], EntityType(p.type), _PATTERN_MARKS[p.mark]))
    return tuple(out)


def _matched(stage: str, text: str, tokens: list[Token], trace: list | None = None) -> list[Candidate]:
    """The candidates of the patterns of ``stage`` (data/patterns.tsv), traced by their names."""
    out = []
    for name, rule, tier, kind, qualifier in _stage_patterns(stage):
        found = [Candidate(tier, s, e, kind, text[s:e], qualifier=qualifier) for s, e in rule.find(text, tokens)]
        _note(trace, "proposed", found, "pattern " + name)
        out += found
    return out


# the tagger's label of each type whose guesses it is asked to confirm (tagger.LABELS, read backwards)
_TAGGED_LABELS = {EntityType(kind): label for label, kind in LABELS.items() if kind in ("person", "place")}
# the tagger checks the rules' uncued people, and the short names of counties that are also
# common words (see _with_tagger); not their other places, whose village and community names
# (老店社区) a tagger trained on national news does not know
_VETOED = frozenset({PERSON})
# (the rules' guesses without a cue that the tagger may overrule: Tier.checked)
# (the tagger's thresholds are the policy's: data/policy.tsv)


def _with_tagger(text: str, tokens: list[Token], cands: list[Candidate], trace: list | None = None) -> list[Candidate]:
    """The rules' candidates checked by the statistical tagger, and the tagger's own names.

    An uncued person the tagger finds very unlikely (时向) is dropped; the names the tagger
    finds fill the gaps the rules leave, and a person it is sure of outranks the rules' names
    that it reaches beyond (which cut 江建国 into 江建)."""
    guesses = [c for c in cands if c.tier.checked and c.type in _VETOED and not c.qualifier]
    # a county's short name that is also a common word (振兴, 前锋, 富裕) is checked too
    # (not after the place it belongs to: 广西来宾)
    guesses += [c for c in cands if c.type is PLACE and c.tier is Tier.SHORT_PLACE and not c.qualifier
                and not c.parent and _county_name_or_word(c.text)]
    feats = sequence(text, tokens) if text else []
    spans, probabilities = tag_spans(text, tokens, [(c.start, c.end, _TAGGED_LABELS[c.type]) for c in guesses],
                                     feats)
    vetoed = {id(c) for c, p in zip(guesses, probabilities) if p < (POLICY.short_place_veto if c.type is PLACE else POLICY.person_veto)}
    if trace is not None:
        for c, p in zip(guesses, probabilities):
            if id(c) in vetoed:
                trace.append(("dropped", c, f"vetoed by the name tagger: p={p:.2f} < "
                                             f"{POLICY.short_place_veto if c.type is PLACE else POLICY.person_veto}"))
    for span in spans:
        if span.label == "PER" and span.confidence >= POLICY.tagger_confident:
            # an uncued guess inside a person the tagger is confident of gives way to it (the
            # segmenter's 伊万诺 of 伊万诺维奇); and a person's name with a unit head after it
            # is no organisation (赵文涛|办公室)
            vetoed |= {id(c) for c in guesses if c.type is PERSON and span.start <= c.start
                       and c.end <= span.end and c.end - c.start < span.end - span.start}
            vetoed |= {id(c) for c in cands if c.type is UNIT and not c.tier.fixed_bounds
                       and c.start == span.start and c.end > span.end and text[span.end:c.end] in _unit_heads()}
        if span.label == "PER" and span.confidence >= POLICY.tagger_certain:
            # a person the tagger is sure of, reaching beyond the rules' name, sets its bounds:
            # 记者江建国报道 is 江建国, not the rules' 江建 (a shorter one is not trusted: the
            # tagger cuts long names the rules read whole)
            vetoed |= {id(c) for c in cands if c.type is PERSON and not c.tier.fixed_bounds
                       and c.start < span.end and span.start < c.end
                       and (span.start < c.start or c.end < span.end)}
    out = [c for c in cands if id(c) not in vetoed]
    if trace is not None:
        listed = {id(c) for _, c, _ in trace}
        _note(trace, "dropped", [c for c in cands if id(c) in vetoed and id(c) not in listed],
              "gives way to a person the name tagger is sure of")
    places = [c for c in cands if c.type is PLACE]
    for span in spans:
        kind = EntityType(LABELS[span.label])
        name = text[span.start:span.end]
        certain = span.confidence >= POLICY.tagger_certain
        if span.confidence < POLICY.tagger_min_confidence[span.label] or not _plausible_tagged(name, kind, span) \
                or _cuts_a_word(tokens, span.start, span.end, kind if certain else None) \
                or (kind is UNIT and _goes_somewhere(tokens, span.start, span.end)):
            if trace is not None:
                why = "below its confidence bar" if span.confidence < POLICY.tagger_min_confidence[span.label] else \
                    "not a plausible name, or it cuts a word"
                trace.append(("dropped", Candidate(Tier.INSIDE_ONLY, span.start, span.end, kind, name),
                              f"name tagger {span.label} p={span.confidence:.2f}: {why}"))
            continue
        nests = ""
        if kind is PERSON and certain and not any(
                c.type is PERSON and c.start <= span.start and span.end <= c.end and c.end - c.start > len(name)
                for c in out):
            tier = Tier.TITLED_PERSON  # (a longer name the rules read around it stays: 郑国和、冯道远)
        elif kind is UNIT and span.confidence >= POLICY.org_certain and any(
                span.start <= c.start and c.end <= span.end and c.end - c.start < len(name) for c in places):
            # an organisation named after its place (大连海星队): above the place
            # rules, below the unit rules, keeping the place inside as a mention of its own
            tier, nests = Tier.MODEL_OVER_RULES, "all"
        elif kind in (PERSON, PLACE) and span.confidence >= POLICY.tagger_confident:
            tier = Tier.TAGGER_CONFIDENT
        else:
            tier = Tier.GAP_FILL
        # a one-character place is a country's or province's abbreviation (中, 美): resolved as one
        qualifier = ABBREVIATION if kind is PLACE and len(name) == 1 else ""
        out.append(Candidate(tier, span.start, span.end, kind, name, qualifier=qualifier, nests=nests))
        _note(trace, "proposed", out[-1:], f"name tagger {span.label} p={span.confidence:.2f}")
    return out + _domain_candidates(text, tokens, feats, cands, trace)


_TWO_QUOTES = re.compile(r"[”」』][、，,和及与]?[“「『]")

_DOMAIN_TYPES = {"UNIT": UNIT, "PROG": PROGRAM}


def _domain_candidates(text: str, tokens: list[Token], feats, cands: list[Candidate],
                       trace: list | None = None) -> list[Candidate]:
    """Unit and program names the domain model finds (a 工作站 or a 比武竞赛 with no head in
    the lists). One that only covers names inside it (its place, the shorter name the rules
    read: 消防救援大队 of X县消防救援大队) outranks them, keeping the places as mentions; one
    that cuts across another name, or holds a person, only fills a gap the rules leave."""
    out = []
    for span in domain_spans(feats):
        name = text[span.start:span.end]
        if span.confidence < POLICY.domain_min_confidence or len(name) < POLICY.domain_min_length or _cuts_a_word(tokens, span.start, span.end):
            continue
        overlapping = [c for c in cands if c.start < span.end and span.start < c.end]
        if any(c.start == span.start and c.end == span.end for c in overlapping):
            continue  # the rules propose it already
        if any(c.type is PLACE and c.end == span.end for c in overlapping):
            continue  # a chain of places (某区某路社区), which the rules read as places
        if span.label == "UNIT" and any(span.start < t.start and t.end < span.end and t.word in _UNIT_STOPS
                                        for t in tokens):
            continue  # 王明|代表|县委: a verb no unit's name holds
        if span.label == "UNIT" and _kind_of_department(text, span.end):
            continue
        if span.label == "PROG" and _TWO_QUOTES.search(name) and name[:1] in _OPENING_QUOTES:
            continue  # “甲”“乙”: two quoted names, which the rules read one by one
        if span.label == "PROG":
            # an honour run into the surname of its holder ends before it (…爱国拥军模范|王)
            cut = next((t for t in tokens if t.end == span.end and t.start > span.start
                        and t.tag.startswith("nr") and len(t.word) == 1), None)
            if cut is not None:
                span = Span(span.start, cut.start, span.label, span.confidence)
                name = text[span.start:span.end]
                if len(name) < POLICY.domain_min_length:
                    continue
                overlapping = [c for c in cands if c.start < span.end and span.start < c.end]
                if any(c.start == span.start and c.end == span.end for c in overlapping):
                    continue
        inside_only = all(c.type is not PERSON and span.start <= c.start and c.end <= span.end for c in overlapping)
        # 县委宣传部: a department of the county's committee, qualified as 县委 is
        level = name[0] if span.label == "UNIT" and name[0] in LEVEL_CHARS and name[1] == "委" else ""
        out.append(Candidate(Tier.MODEL_OVER_RULES if inside_only else Tier.GAP_FILL, span.start, span.end, _DOMAIN_TYPES[span.label], name,
                             nests="full" if inside_only else "", qualifier=level))
        _note(trace, "proposed", out[-1:], f"domain tagger {span.label} p={span.confidence:.2f}")
    return out


def _county_name_or_word(name: str) -> bool:
    """Whether a short place name names only counties and is also a common word that the
    dictionary does not read as a place (振兴, 富裕): the tagger decides. Rarer words (常熟,
    仁寿) and city names (大连, 孝感) are taken: the tagger knows too few of them."""
    return word_frequency(name) >= POLICY.ambiguous_word_freq and _county_only_word(name)


def _county_only_word(name: str) -> bool:
    """Whether a short place name names only counties and is a dictionary word that is not
    first a place (富民, 振兴)."""
    return word_frequency(name) > 0 and not dictionary_tag(name).startswith("ns") and all(
        level > Level.CITY for level in divisions().short_levels(name))


def _cuts_a_word(tokens: list[Token], start: int, end: int, certain_kind: EntityType | None = None) -> bool:
    """Whether a span cuts through a common dictionary word (美 and 朝 of 抗美援朝, 扎根乡
    of 扎根乡村); names the dictionary holds (中美) may be cut. A name the tagger is sure of may
    also end inside a word that only adds a suffix or a title to it: a people or a language
    after a place (葡萄牙|人, 塞尔维亚|族), a title after a place or a department (法国|总理,
    司法部|长)."""
    for t in tokens:
        if t.start < start < t.end or t.start < end < t.end:
            tag_ = dictionary_tag(t.word)
            if not tag_ or tag_.startswith(("nr", "ns", "nt")) or (tag_ == "j" and len(t.word) <= 3):
                continue  # a name, or a short abbreviation of names (中美; not 抗美援朝)
            # the word begins inside the span and runs past its end: what it adds after the name
            rest = t.word[end - t.start:] if start <= t.start < end < t.end else None
            if rest is not None and certain_kind in _name_suffixes() and (
                    rest in _name_suffixes()[certain_kind] or rest in _roles()):
                continue  # 葡萄牙|人, 法国|总理, 美国司法部|长
            return True
    return False


@functools.cache
def _name_suffixes() -> dict[EntityType, frozenset[str]]:
    """What a word may add after a name the tagger is sure of (see _cuts_a_word)."""
    return {PLACE: frozenset(word_class("after_place_name")), UNIT: frozenset(word_class("after_unit_name"))}


# characters no name the tagger proposes may hold: punctuation and spaces, not the name dots
_NOT_IN_NAMES = re.compile(r"[^\w·•・—-]")
# the segmenter's tags for proper nouns other than names, and abbreviations
_PROPER_TAGS = frozenset({"nz", "j", "l"})


def _plausible_tagged(name: str, kind: EntityType, span) -> bool:
    """Whether a name the tagger proposes has the shape of one: a person starts with a
    common surname or is a transliteration (any short name will do when the tagger is sure of
    it), and is no common word; a unit ends in a unit head or is a name the dictionary lists;
    no proposal is a common dictionary word nor runs across punctuation."""
    if len(name) == 1:  # 中 of 中美, 俄 of 俄总统: a place's one-character abbreviation
        return kind is PLACE and name in mapping("place_abbreviations.tsv", "abbr", "name") \
            and span.confidence >= POLICY.tagger_confident  # not a doubtful 美 in the middle of a phrase
    if not re.search(r"[\u4e00-\u9fff]", name) or _NOT_IN_NAMES.search(name):
        return False  # no name runs across punctuation (帮扶户”,军区)
    certain = span.confidence >= POLICY.tagger_certain
    tag_ = dictionary_tag(name)
    if tag_ and not tag_.startswith(("nr", "ns", "nt")) and word_frequency(name) >= POLICY.common_word_freq \
            and not (certain and (tag_ in _PROPER_TAGS or (kind is PERSON and word_frequency(name) < POLICY.rare_word_freq))):
        # a common word; but a proper noun the tagger is sure of is kept (a railway line, nz),
        # and so is a person it is sure of whom the dictionary lists as a rare word
        return False
    if kind is PERSON and not certain and word_frequency(name) >= POLICY.rare_word_freq:
        return False  # a frequent word (关怀, tagged nr) is a name only when the tagger is sure
    if kind is PERSON:
        # a name the tagger is sure of needs no known surname (Japanese names: 田中一郎)
        shaped = (2 <= len(name) <= 4 and name[:1] in _surnames()[1]) or _transliterated(name.replace("·", "")) \
            or any(d in name for d in _NAME_DOTS) or (certain and 2 <= len(name) <= 5)
        # a name the tagger is sure of may also be a rare dictionary word (江建国 ns)
        return shaped and ((certain and name not in words("person_stops.tsv"))
                           or (not _bad_name(name, name[:1])
                               and not (len(name) <= 3 and _reads_as_words(name, name[:1]))))
    if kind is UNIT:
        # an organisation the dictionary lists by name (解放军, 巴西队 nt) needs no more
        return span.confidence >= POLICY.org_certain or (tag_.startswith("nt") and len(name) >= 3) \
            or (bool(_head(name, _unit_heads())) and (span.confidence >= POLICY.org_confident or _starts_with_place(name)))
    return True



def _parent_unit(start: int, end: int, text: str, ends: set[int]) -> int:
    """Where the longest parent unit's name written at the start of the unit ``text[start:end]``
    ends (a word boundary after a unit head), or 0."""
    for k in range(end - POLICY.sub_unit_min, start + POLICY.parent_unit_min - 1, -1):
        if k in ends and (_head(text[start:k], _unit_heads()) or text.endswith(_UNIT_ENDS, start, k)):
            return k
    if text[start: start + 1] in LEVEL_CHARS and text[start + 1: start + 2] == "委" and start + 2 in ends \
            and end - start >= 2 + POLICY.sub_unit_min:
        return start + 2  # 市委|宣传部: the party committee whose department it is
    return 0


def _select(cands: list[Candidate], trace: list | None = None) -> list[Candidate]:
    """The candidates that win their overlaps: higher tier, then longer, then earlier."""
    taken: list[Candidate] = []
    occupied = bytearray(max((c.end for c in cands), default=0))
    for c in sorted(cands, key=lambda c: (-c.tier, -(c.end - c.start), c.start)):
        if any(occupied[c.start:c.end]):
            if trace is not None:
                winner = next(t for t in taken if t.start < c.end and c.start < t.end)
                trace.append(("dropped", c, f"overlaps {winner.text} ({winner.type.value}, tier {winner.tier.name})"))
            continue
        _note(trace, "kept", [c], f"tier {c.tier.name}")
        taken.append(c)
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
    return taken


# --- places ---------------------------------------------------------------------------

@functools.cache
def _suffix_levels() -> dict[str, str]:
    return {suffix: level for suffix, level, _ in place_suffixes()}


def _place_suffix(word: str) -> tuple[str, str]:
    level = _suffix_levels().get(word)
    return (word, level) if level else ("", "")


def _places(text: str, tokens: list[Token]) -> list[Candidate]:
    """Division names, short names, and name + suffix (九龙 + 村), chained as compounds."""
    table = divisions()
    out: list[Candidate] = []
    i = 0
    chain_parent = ""
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        cand = None
        # name + separate suffix token: 九龙|村, 大坝|村, 巨塬|村
        if nxt and nxt.tag == "" and len(nxt.word) == 2 and nxt.word.endswith(_GLUED_SUFFIXES) \
                and t.tag != "place" and not _goes_to_place(nxt.word) \
                and (_nameish(t) or t.tag == "place_short") and 1 <= len(t.word) <= 3 and _CJK.match(t.word):
            cand = Candidate(Tier.GLUED_SUFFIX, t.start, nxt.end, PLACE, t.word + nxt.word)  # 河南|营村
            i += 1
        elif nxt and _place_suffix(nxt.word)[0] and (_nameish(t) or t.tag == "place_short" or (
                chain_parent and out and out[-1].end == t.start and t.tag in ("nr", "nrt", "n", "nz", "a", "ns"))) \
                and 1 <= len(t.word) <= 4 and t.word not in _blockers() and _CJK.match(t.word) \
                and _place_name_ok(t, nxt.word, bool(chain_parent)):
            cand = Candidate(Tier.SUFFIXED_PLACE, t.start, nxt.end, PLACE, t.word + nxt.word)
            i += 1
        elif t.tag == "" and len(t.word) == 2 and t.word.endswith("村") and chain_parent \
                and out and out[-1].end == t.start:
            cand = Candidate(Tier.SUFFIXED_PLACE, t.start, t.end, PLACE, t.word)  # 高塘镇|柿村
        elif t.tag == "" and 3 <= len(t.word) <= 6 and t.word.endswith(_GLUED_SUFFIXES) \
                and _CJK.match(t.word) and t.word[0] not in _function_chars() and not _goes_to_place(t.word):
            cut = next((k + 1 for k in range(2, len(t.word) - 2) if t.word[k] in "镇乡"), 0)
            if cut:  # 高塘镇柿村: a township and its village glued into one word
                out.append(Candidate(Tier.SUFFIXED_PLACE, t.start, t.start + cut, PLACE, t.word[:cut],
                                     parent=chain_parent if out and out[-1].end == t.start else ""))
                chain_parent = t.word[:cut]
                cand = Candidate(Tier.SUFFIXED_PLACE, t.start + cut, t.end, PLACE, t.word[cut:])
            else:
                cand = Candidate(Tier.SUFFIXED_PLACE, t.start, t.end, PLACE, t.word)  # an unknown word such as 双堰村
        elif t.tag == "place" and not _place_suffix(t.word)[0] and not t.word.endswith(_body_run_divisions()) \
                and (t.word not in _generic_areas() or (chain_parent and out and out[-1].end == t.start)):
            # (a division named after the bureau that runs it, 珲春林业局, is read as that unit;
            # one whose official name is a kind of area, 开发区 or 城区, only after its city)
            cand = Candidate(Tier.DIVISION, t.start, t.end, PLACE, t.word)
        elif t.tag == "feature" and not _opens_a_quoted_name(text, t, nxt):
            cand = Candidate(Tier.DIVISION, t.start, t.end, PLACE, t.word, qualifier=FEATURE)
        elif t.tag == "place_short":
            if table.short_levels(t.word) & SHORT_NAME_LEVELS:
                cand = Candidate(Tier.SHORT_PLACE, t.start, t.end, PLACE, t.word)
        if cand is None and len(t.word) > 2:
            cand = _place_in_unit_word(t)  # 印度政府, 美国国务院 written as one word
        if cand and cand.qualifier == FEATURE:
            out.append(cand)  # a river or a country is in no compound of divisions
            chain_parent = ""
        elif cand:
            if chain_parent and out and out[-1].end == cand.start:
                cand.parent = chain_parent
            out.append(cand)
            chain_parent = cand.text
        else:
            chain_parent = ""
        i += 1
    return out


def _opens(text: str, start: int, at: int) -> bool:
    """Whether a name starting at ``start`` opens with what is written at ``at``, after its quotes."""
    return not text[start:at].strip("".join(_OPENING_QUOTES))


def _opens_a_quoted_name(text: str, t: Token, nxt: Token | None) -> bool:
    """Whether ``t`` is a country opening a quoted name or a set phrase, which it only
    qualifies (“中国酒城”, “中国精神”, 中国特色社会主义): no place mention."""
    if _feature_kinds().get(t.word) != "country" or nxt is None or nxt.start != t.end:
        return False
    return t.word + nxt.word in _country_set_phrases() or (
        text[t.start - 1: t.start] in _OPENING_QUOTES and nxt.tag in ("n", "nz", "ns", "vn", "ng", ""))


@functools.cache
def _country_set_phrases() -> frozenset[str]:
    return frozenset(word_class("country_set_phrases"))


# the tags of the pieces a segmenter breaks an unknown village name into (柳条|杓|村)
_FRAGMENT_TAGS = frozenset({"n", "ng", "zg", "j", "nr", "nz", "ns", ""})


def _fragmented_villages(text: str, tokens: list[Token]) -> list[Candidate]:
    """Villages whose names the segmenter broke into pieces before a lone 村 (柳条|杓|村):
    two to four characters of noun-like pieces, at least one of them a single character."""
    out = []
    for i, t in enumerate(tokens):
        if t.word != "村":
            continue
        j, length = i, 0
        while j > 0 and tokens[j - 1].tag in _FRAGMENT_TAGS and tokens[j - 1].end == tokens[j].start \
                and _CJK.match(tokens[j - 1].word) and length + len(tokens[j - 1].word) <= 4 \
                and tokens[j - 1].word not in _blockers():
            j -= 1
            length += len(tokens[j].word)
        pieces = tokens[j:i]
        if len(pieces) >= 2 and any(len(p.word) == 1 for p in pieces) and pieces[0].word[0] not in _function_chars():
            out.append(Candidate(Tier.FRAGMENTED_VILLAGE, pieces[0].start, t.end, PLACE, text[pieces[0].start: t.end]))
    return out


def _street_communities(text: str, tokens: list[Token]) -> list[Candidate]:
    """Communities named after their street, often numbered: 建国路|二|社区, 光华|东路|一|社区;
    not after a common noun in 路 (环湖|公路|社区, 发展|思路|社区)."""
    out = []
    for i, t in enumerate(tokens):
        if t.word != "社区" or i < 2:
            continue
        k = i - 1 if len(tokens[i - 1].word) == 1 and _CN_NUMERAL.match(tokens[i - 1].word) else i  # its number
        for j in (k - 1, k - 2):  # the street's name: one or two pieces, ending in 路 or 街
            if j < 0:
                break
            street = text[tokens[j].start: tokens[k].start]
            last = tokens[k - 1]
            if street.endswith(("路", "街")) and 3 <= len(street) <= 6 and _CJK.match(street) \
                    and (last.word in ("路", "街", "大街") or last.tag in ("ns", "nz", "", "place", "place_short")) \
                    and all(p.tag in NAMEISH or _is_place_token(p) or p.word in ("路", "街") for p in tokens[j:k]) \
                    and len(tokens[j].word) >= 2 and street[0] not in _function_chars():
                out.append(Candidate(Tier.STREET_COMMUNITY, tokens[j].start, t.end, PLACE, text[tokens[j].start: t.end]))
                break
    return out



def _place_in_unit_word(t: Token) -> Candidate | None:
    """The place at the start of a one-word unit name (印度|政府), as a place mention."""
    head = _head(t.word, _unit_heads())
    rest = t.word[: -len(head)] if head else ""
    if len(rest) < 2:
        return None
    if rest in _feature_kinds():
        return Candidate(Tier.DIVISION, t.start, t.start + len(rest), PLACE, rest, qualifier=FEATURE)
    table = divisions()
    if table.has_name(rest) or table.short_levels(rest) & SHORT_NAME_LEVELS:
        return Candidate(Tier.DIVISION, t.start, t.start + len(rest), PLACE, rest)
    return None


@functools.cache
def _governments() -> frozenset[str]:
    return frozenset(word_class("governments"))


@functools.cache
def _generic_areas() -> frozenset[str]:
    return frozenset(word_class("generic_areas"))


@functools.cache
def _feature_kinds() -> dict[str, str]:
    return mapping("features.tsv", "name", "kind")


# place endings that jieba's HMM glues to an unknown name (双堰村, 巨塬村)
_GLUED_SUFFIXES = ("村", "镇", "乡", "社区", "街道", "嘎查")


def _goes_to_place(word: str) -> bool:
    """Whether a word ending in a one-character place ending is a verb of going there
    (走村, 带队进镇) rather than a name (双堰村)."""
    return word[-1:] in "村镇乡" and word[-2:-1] in _motion_verbs()


def _goes_somewhere(tokens: list[Token], start: int, end: int) -> bool:
    """Whether a verb of going stands inside a span: 国防教育|进|学校 is an activity, no school."""
    return any(start < t.start and t.end < end and t.word in _motion_verbs() and t.tag.startswith("v")
               for t in tokens)


@functools.cache
def _motion_verbs() -> frozenset[str]:
    return frozenset(word_class("motion_verbs"))


def _place_name_ok(t: Token, suffix: str, in_chain: bool) -> bool:
    """Whether ``t`` + ``suffix`` reads as a place name rather than 贫困 + 村."""
    name = t.word + suffix
    table = divisions()
    if table.has_name(name):
        return True
    if in_chain:
        return True
    if t.tag in ("place", "place_short", "ns", "nz", "") or suffix in ("族乡",):
        return len(t.word) >= 2
    # (the tag first: looking for a village name scans the whole village table)
    return t.tag in ANCHOR and bool(table.village_codes(name))


# --- sites, units, programs: a head word and the name written before it -----------------

def _extend_left(tokens: list[Token], i: int, limit: int | None = None) -> int:
    """Index of the first token of the name that ends with token ``i`` (its head), at most
    ``limit`` tokens left of it (the policy's unit_name_tokens)."""
    limit = POLICY.unit_name_tokens if limit is None else limit
    j = i
    while j > 0 and i - j < limit:
        t = tokens[j - 1]
        if t.word == tokens[i].word and t.tag == "unit_head":
            break  # a name never holds its own head twice (南明区人武部充分发挥人武部)
        if t.word in _UNIT_STOPS or t.tag == "" and (t.word[-1:] in _GLUED_CHARS or _glued_level_char(t.word)):
            break  # 王明|代表|县委, 李明率|慰问团, 据区|双拥办: the name starts after them
        if _nameish(t) or _is_place_token(t):
            j -= 1
        elif t.word == "驻" and j < len(tokens):
            j -= 1  # 中国人民解放军驻泸某部队
        elif t.tag == "v" and len(tokens[j].word) == 1 and tokens[j].word in "人者员工师":
            j -= 1  # an agent noun split by the segmenter: 驾驶|人
        elif _DIGITS.match(t.word) and len(t.word) >= 4 and tokens[i].word.endswith("部队") and j == i:
            j -= 1  # a unit number: 69048部队
        elif _DIGITS.match(t.word) and j >= 2 and tokens[j - 2].word == "第":
            j -= 2  # an ordinal in figures: 第88集团军, 联勤保障部队第960医院
        elif t.word in LEVEL_CHARS and len(t.word) == 1:
            j -= 1  # 市中医医院, 武警区中队: a bare level char, qualified later
            if j > 0 and (_nameish(tokens[j - 1]) or _is_place_token(tokens[j - 1])):
                continue
            if j > 0 and tokens[j - 1].word == "驻":
                j -= 1  # 驻县部队: the forces stationed in the county
            break
        elif t.word[:1] == "驻" and t.word[1:] in LEVEL_CHARS:
            j -= 1  # 驻区 as one word
            break
        else:
            break
    # a name does not start with a verbal noun or a head word of its own
    while j < i and (tokens[j].tag in ("vn", "unit_head", "program_head") and tokens[j].word != "中国人民解放军"):
        j += 1
    # nor with common nouns before its place (重点|指导|龙州县人武部)
    first_place = next((k for k in range(j, i) if _is_place_token(tokens[k])), None)
    if first_place is not None and all(tokens[k].tag in ("n", "vn", "an", "ng", "b") for k in range(j, first_place)):
        j = first_place
    return j


def _anchored(tokens: list[Token], j: int, i: int, head_rest: str) -> bool:
    """Whether the modifier tokens[j:i] (plus what the head token holds before its head)
    contain a proper-name element."""
    if head_rest and (divisions().has_short(head_rest) or dictionary_tag(head_rest) in ANCHOR - {""}
                      or not dictionary_tag(head_rest) and len(head_rest) >= 2
                      and not any(c in _function_chars() for c in head_rest)):
        return True
    if j < i < len(tokens) and tokens[i].word[:1] == "某" and tokens[i].tag == "unit_head":
        return True  # 空军|某团: a specific unit whose name is withheld, after its service
    for t in tokens[j:i]:
        if t.tag.startswith("nr") and not _plausible_name(t.word):
            continue
        if t.tag in ANCHOR and t.word not in LEVEL_CHARS or t.word in ("驻", "某") or _DIGITS.match(t.word):
            return True
        if t.word in LEVEL_CHARS:
            return True
    return False


def _qualifier(tokens: list[Token], j: int, i: int) -> str:
    """A bare level character standing for a place (市 in 市中医医院, 区 in 武警区中队), as
    opposed to the ending of a place name (镇 in 文林|镇)."""
    for k in range(j, i):
        t = tokens[k]
        if t.word in LEVEL_CHARS and (len(t.word) == 1 or t.word == "自治区") \
                and (k == j or tokens[k - 1].word in _unit_prefixes()):
            return t.word
        if t.word[:1] == "驻" and t.word[1:] in LEVEL_CHARS:
            return t.word[1:]
    return ""


@functools.cache
def _unit_prefixes() -> frozenset[str]:
    return words("unit_prefixes.tsv")


def _kind_of_department(text: str, end: int) -> bool:
    """Whether a unit's name ending at ``end`` runs into 门: 退役军人事务部|门 and 武装部|门 are
    the departments of that kind, no named unit."""
    return text[end - 1: end] == "部" and text.startswith("门", end)


def _units(text: str, tokens: list[Token]) -> list[Candidate]:
    heads = _unit_heads()
    out = []
    for i, t in enumerate(tokens):
        if _kind_of_department(text, t.end):
            continue
        if t.tag == "unit_name":
            # below a longer name built on it (中国人民解放军驻泸某部队)
            out.append(Candidate(Tier.LISTED_UNIT, t.start, t.end, UNIT, t.word))
            continue
        if t.tag == "role":
            # a title that begins with its unit: 北头营乡|党委书记, 石下村|党支部书记, 市委常委
            skip = 1 if t.word[0] in LEVEL_CHARS and t.word[1:3] in ("党委", "党支", "党总") else 0
            inner = next((t.word[:n] for n in range(len(t.word) - 1, 1 + skip, -1) if t.word[skip:n] in heads), "")
            if inner and i > 0:
                j = _extend_left(tokens, i)
                if j < i and _anchored(tokens, j, i, ""):
                    out.append(Candidate(Tier.SET_NAME, tokens[j].start, t.start + len(inner), UNIT,
                                         text[tokens[j].start: t.start + len(inner)],
                                         qualifier=_qualifier(tokens, j, i), nests="all"))
            elif len(t.word) >= 3 and t.word[0] in ("市", "县", "区") and t.word[:2] in heads:
                out.append(Candidate(Tier.SET_NAME, t.start, t.start + 2, UNIT, t.word[:2], qualifier=t.word[0]))
            continue
        if len(t.word) >= 4 and t.word[:2] in ("市委", "县委", "区委") and t.word[2:] in _roles():
            out.append(Candidate(Tier.SET_NAME, t.start, t.start + 2, UNIT, t.word[:2], qualifier=t.word[0]))  # 市委常委
            continue
        if len(t.word) >= 4 and t.word[-1:] in _name_suffixes()[UNIT] and _head(t.word, _roles()) \
                and _ministry(t.word[:-1], heads):
            t = Token(t.word[:-1], t.start, t.end - 1, "unit_head")  # 财政部长: 财政部 and its head
        head = _head(t.word, heads) or _ministry(t.word, heads)
        if not head or t.word in _blockers():
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and _head(nxt.word, heads) and nxt.start == t.end and len(head) <= 2:
            continue  # a longer head follows: 人民 + 医院 is not the end
        j = _extend_left(tokens, i)
        if j > 0 and tokens[j - 1].word == "某" and heads.get(head) in ("military", "pattern"):
            j = _extend_left(tokens, j - 1)  # 空军某场站: a specific unit whose name is withheld
        start = tokens[j].start
        qualifier = _qualifier(tokens, j, i)
        if j > 0 and _glued_level_char(tokens[j - 1].word):
            start, qualifier = tokens[j - 1].end - 1, tokens[j - 1].word[-1]  # 为区|人武部
        head_rest = t.word[: -len(head)]
        if head_rest in _blockers():
            continue  # 地方党委: a generic reference written as one word
        if head_rest in LEVEL_CHARS and len(head_rest) == 1 and j == i:
            qualifier = head_rest  # 区政府, 县政府 written as one word
        name = text[start: t.end]
        if heads.get(head) == "ship":
            # a warship named after a city (青禾舰): the city in it is no place mention
            if j < i and not head_rest and _is_place_token(tokens[i - 1]) and text[t.end: t.end + 1] not in "”」』\"":
                # (a ship closing a quoted theme, “情系青禾舰”, is part of that name)
                out.append(Candidate(Tier.NAMED, tokens[i - 1].start, t.end, UNIT, text[tokens[i - 1].start: t.end]))
            continue
        if qualifier:
            out.append(Candidate(Tier.NAMED, start, t.end, UNIT, name, qualifier=qualifier, nests="all"))
        elif _anchored(tokens, j, i, head_rest):
            out.append(Candidate(Tier.NAMED, start, t.end, UNIT, name, nests="all"))
        elif j == i and not head_rest and len(t.word) == 2 and t.word[0] in ("市", "县", "区", "省") \
                and t.word[1] == "委":
            out.append(Candidate(Tier.SET_NAME, t.start, t.end, UNIT, name, qualifier=t.word[0]))  # 县委|常委
        elif j == i and not head_rest and head in _standalone_heads():
            out.append(Candidate(Tier.BARE_HEAD, t.start, t.end, UNIT, name, qualifier="*"))  # 人武部: the article's own
        elif head in _area_heads() and (j < i or head_rest):
            out.append(Candidate(Tier.LISTED_UNIT, start, t.end, UNIT, name, qualifier="*"))
        elif j < i or head_rest:
            # a generic-looking name (国防教育服务中心) is kept only if it shortens a full
            # unit name written elsewhere in the article
            out.append(Candidate(Tier.REFERENCE, start, t.end, UNIT, name, qualifier=REFERENCE))
    return out


_UNIT_PATTERNS = unit_patterns()
_SUBUNITS = _UNIT_PATTERNS.get("subunit", ())
_BRANCHES = _UNIT_PATTERNS.get("branch", ())
# what a parent unit's name may end with beyond the unit heads (see _parent_unit)
_UNIT_ENDS = _SUBUNITS + _UNIT_PATTERNS.get("national", ()) + tuple(
    n + b for n in _UNIT_PATTERNS.get("national", ()) for b in _BRANCHES)
_MEDIA_ENDS = _UNIT_PATTERNS.get("media_end", ())
_MEDIA_CREDIT = re.compile("(?:^|(?<=[^\u4e00-\u9fff]))([\u4e00-\u9fff]{1,8}?(?:%s))(?=%s)" % (
    "|".join(map(re.escape, _MEDIA_ENDS)) or "(?!)", "(?:%s)(?:[^\u4e00-\u9fff]|$)" % (
        "|".join(map(re.escape, _UNIT_PATTERNS.get("media_cue", ()))) or "(?!)")))
_UNIT_STOPS = frozenset(_UNIT_PATTERNS.get("stop", ()))
_SECTION_PARENTS = _UNIT_PATTERNS.get("section_of", ())
# a section named right after its office: two to six characters ending in 处 or 科, then its
# head's title, a pause or the end (民政局|优抚处|处长, 事务局|双拥优抚科|、)
_SECTION = re.compile(r"([\u4e00-\u9fff]{1,5}?(?:%s))(?=副?(?:%s)长|[^\u4e00-\u9fff]|$|[和与及等的])" % (
    ("|".join(map(re.escape, _UNIT_PATTERNS.get("section", ()))) or "(?!)",) * 2))
_PUBLISHER_STOPS = _UNIT_PATTERNS.get("publisher_stop", ())
_PUBLISHER_TAILS = _UNIT_PATTERNS.get("publisher_tail", ())
_PUBLISHER_CHANNELS = _UNIT_PATTERNS.get("channel", ())
_GLUED_CHARS = frozenset(_UNIT_PATTERNS.get("glued", ()))
# a numbered or tasked part of a military unit written right after it (部队|二营|三连, 支队|巡逻中队)
_NUMBERED_PART = re.compile(r"(?:[\u4e00-\u9fff]{0,2}?(?:[一二三四五六七八九十]{1,3}|[0-9]{1,3})|[\u4e00-\u9fff]{2})(?:%s)" % (
    "|".join(map(re.escape, _UNIT_PATTERNS.get("numbered", ()))) or "(?!)"))
_MILITARY_ENDS = tuple(r["head"] for r in load_table("unit_heads.tsv") if r["kind"] == "military") + tuple(
    _UNIT_PATTERNS.get("numbered", ()))
_NATIONAL_UNITS = re.compile("|".join(map(re.escape, _UNIT_PATTERNS.get("national", ()))) or "(?!)")


def _pattern_units(text: str, tokens: list[Token], cands: list[Candidate]) -> list[Candidate]:
    """Units of ``data/unit_patterns.tsv``: national bodies named without a place (a theatre
    command) and their services (青禾战区|陆军), and a unit's name followed by a word naming one
    of its departments (白岭军分区|政治工作处): the whole is a unit, and the unit before it its
    parent (see _parent_unit)."""
    out: list[Candidate] = []
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    for m in _MEDIA_CREDIT.finditer(text):
        # an outlet opening a credit or a dateline (青禾新闻记者 李明, 青禾网讯): a unit
        if len(m.group(1)) >= 3 and m.group(1)[0] not in _function_chars() and m.start(1) in starts:
            out.append(Candidate(Tier.NAMED, m.start(1), m.end(1), UNIT, m.group(1)))
    for m in _NATIONAL_UNITS.finditer(text):
        if m.start() in starts and m.end() in ends:
            end = m.end()
            out.append(Candidate(Tier.LISTED_UNIT, m.start(), end, UNIT, m.group(), nests="all"))
            if b := next((b for b in _BRANCHES if text.startswith(b, end) and end + len(b) in ends), ""):
                end += len(b)
                out.append(Candidate(Tier.LISTED_UNIT, m.start(), end, UNIT, text[m.start():end], nests="all"))
    named = [c for c in cands if c.type is UNIT and c.tier.full_name and c.qualifier != REFERENCE]
    for n in list(out):
        # a unit read from inside the national body's name and past it (战区陆军某旅 of
        # 东部战区陆军某旅), or right after it (…战区陆军|某边防连), is the sub-unit of the whole
        out += [Candidate(c.tier, n.start, c.end, UNIT, text[n.start:c.end], nests="all")
                for c in named if n.start < c.start <= n.end < c.end]
    for c in named + out:
        end = c.end
        while w := next((w for w in _SUBUNITS if text.startswith(w, end) and end + len(w) in ends), ""):
            end += len(w)
        while text.endswith(_MILITARY_ENDS, c.start, end) and (m := _NUMBERED_PART.match(text, end)) \
                and m.end() in ends and m.group()[0] not in _function_chars() \
                and not any(m.group().startswith(s) for s in _UNIT_STOPS):
            if end > c.end:  # 96123部队|二营|三连: each numbered part a unit, the one before it its parent
                out.append(Candidate(c.tier, c.start, end, UNIT, text[c.start:end], qualifier=c.qualifier,
                                     nests=c.nests or "all"))
            end = m.end()
        if end == c.end and c.text.endswith(_SECTION_PARENTS) and (m := _SECTION.match(text, end)) \
                and m.group(1)[0] not in _function_chars():
            end = m.end(1)  # 青禾市民政局|优抚处|处长: a section of the office is a unit of its own
        if end > c.end:
            out.append(Candidate(c.tier, c.start, end, UNIT, text[c.start:end], qualifier=c.qualifier,
                                 nests=c.nests or "all"))
    return out


def _ministry(word: str, heads: dict[str, str]) -> str:
    """A department the dictionary knows as an organisation (内政部 nt), read as a head."""
    return word if word[-1:] in _department_endings() and len(word) >= 3 and (
        word in heads or dictionary_tag(word).startswith("nt")) else ""


@functools.cache
def _department_endings() -> frozenset[str]:
    return frozenset(word_class("department_endings"))


@functools.cache
def _body_run_divisions() -> tuple[str, ...]:
    return word_class("body_run_divisions")


def _glued_level_char(word: str) -> bool:
    """A token such as 为区: function characters glued to a bare level character."""
    return len(word) >= 2 and word[-1] in LEVEL_CHARS and (all(c in _function_chars() for c in word[:-1])
                                                           or word[-2] in _GLUED_CHARS)  # 处和|市


@functools.cache
def _area_heads() -> frozenset[str]:
    return frozenset(r["head"] for r in load_table("unit_heads.tsv") if r["scope"] == "area")


@functools.cache
def _standalone_heads() -> frozenset[str]:
    return frozenset(r["head"] for r in load_table("unit_heads.tsv")
                     if r["scope"] == "area" and r["kind"] == "military")


def _sites(text: str, tokens: list[Token]) -> list[Candidate]:
    heads = _site_heads()
    out = []
    for i, t in enumerate(tokens):
        head = t.word if t.word in heads else next(
            (t.word[k:] for k in range(1, len(t.word)) if t.word[k:] in heads), "")
        if not head or len(_head(t.word, _program_heads())) > len(head):
            continue  # (a designation such as 国防教育基地 is an honour: see _programs)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and _place_suffix(nxt.word)[0]:
            continue  # 巨塬|村: the village, not the feature
        head_rest = t.word[: -len(head)]
        # a natural feature is one word (董志塬); a site's name may run over several
        j = i if heads[head] == "feature" else _extend_left(tokens, i, limit=POLICY.site_name_tokens)
        if j == i and not head_rest:
            continue
        if head_rest and dictionary_tag(t.word) not in ("", "nr", "ns", "nz"):
            continue  # a common word that happens to end like a site (平原 in 华北平原 is fine)
        name = text[tokens[j].start: t.end]
        qualifier = _qualifier(tokens, j, i)
        if not qualifier and not _anchored(tokens, j, i, head_rest):
            continue  # 国防教育基地: a kind of site, not a named one
        out.append(Candidate(Tier.SITE, tokens[j].start, t.end, PLACE, name, qualifier=qualifier,
                             nests="all"))
    return out


_SCOPES = word_class("scopes")
_COORDINATORS = word_class("coordinators")
_EVENT_JOINERS = word_class("event_joiners")


def _programs(text: str, tokens: list[Token]) -> list[Candidate]:
    heads = _program_heads()
    out = []
    for i, t in enumerate(tokens):
        if t.tag == "program":
            # a scope written before a fixed name is part of it: 全省|双拥模范县
            if t.word.endswith("日") and _NUMBERED_DAY.search(text[max(0, t.start - 8):t.start]):
                continue
            # and so is a province that confers it (某省|双拥模范县)
            j = i - 1 if i > 0 and (tokens[i - 1].word in _SCOPES or _province(tokens[i - 1])) else i
            end = _honour_end(text, tokens, i)
            # below the units whose names hold it (疫情防控工作领导小组)
            out.append(Candidate(Tier.SET_NAME, tokens[j].start, end, PROGRAM, text[tokens[j].start:end]))
            continue
        if t.word.endswith(_honour_cues()[0]):
            out.extend(_cued_honours(text, tokens, i + 1))
        head = _head(t.word, heads)
        if not head:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and _head(nxt.word, heads) and nxt.start == t.end:
            continue  # 签约 + 仪式: let the longer name end at the last head
        event = _event_name(text, tokens, i) if heads[head] == "event" else None
        if event:
            out.append(event)
            continue
        j = _extend_left(tokens, i, limit=POLICY.program_name_tokens)
        # a year written just before the name belongs to it: 2019年...招聘会
        if j >= 2 and tokens[j - 1].word == "年" and _YEAR.match(tokens[j - 2].word):
            j -= 2
        if j > 0 and tokens[j - 1].word in _SCOPES and heads[head] == "honour":
            j -= 1
        head_rest = t.word[: -len(head)]
        # a leading verb or a count (印发|实施方案, 十大|工程) is no part of a name
        while j < i and (tokens[j].word in _PATTERNS.get("leading", ()) or _COUNT.match(tokens[j].word)):
            j += 1
        if j == i and (not head_rest or _COUNT.match(head_rest)):
            continue
        mods = tokens[j:i]
        anchored = any(m.tag in ANCHOR and m.tag != "" and m.word not in LEVEL_CHARS for m in mods) \
            or any(_YEAR.match(m.word) for m in mods) or (mods and mods[0].word in _SCOPES)
        end = _honour_end(text, tokens, i) if heads[head] == "honour" else t.end
        name = text[tokens[j].start: end]
        if not anchored:
            # 全国爱国拥军模范单位和|拥政爱民模范单位: the second honour shares the first one's scope
            scope = _shared_scope(tokens, j) if heads[head] == "honour" else ""
            if scope:
                out.append(Candidate(Tier.HEADED_PROGRAM, tokens[j].start, end, PROGRAM, name, qualifier="^" + scope))
            continue
        out.append(Candidate(Tier.HEADED_PROGRAM, tokens[j].start, end, PROGRAM, name, nests="full"))
    # (the Party's congresses and plenums, 党的二十大 and 十九届五中全会, are the pattern congress)
    return out



def _cued_honours(text: str, tokens: list[Token], k: int) -> list[Candidate]:
    """Honours written after a cue and ending in an honour's head, whatever their words (荣获
    全县人民支持国防模范村和文明建设先进集体): the cue names them; a coordinator joins the next."""
    heads = _program_heads()
    out = []
    start = k
    while start < len(tokens):
        for e in range(start, min(len(tokens), start + POLICY.cued_honour_tokens)):
            t = tokens[e]
            if not _CJK.match(t.word) or t.tag in ("uj", "p", "r") or t.word in _SLOGAN_STOPS:
                return out
            head = _head(t.word, heads)
            if head and heads[head] == "honour" and (e > start or len(t.word) > len(head)) \
                    and not (e + 1 < len(tokens) and _head(tokens[e + 1].word, heads)):
                end = _honour_end(text, tokens, e)
                # (above the unit head it may end with, as a quoted honour: 被评为…示范学校)
                out.append(Candidate(Tier.CUED_HONOUR, tokens[start].start, end, PROGRAM, text[tokens[start].start:end]))
                break
        else:
            return out
        nxt = next((n for n, t in enumerate(tokens) if t.start >= end), len(tokens))
        if nxt < len(tokens) and tokens[nxt].word in _COORDINATORS:
            start = nxt + 1
        else:
            break
    return out


_SLOGAN_STOPS = frozenset({"的", "了", "着"})


def _province(t: Token) -> bool:
    """Whether a token is a province's full name (河北省, 广西壮族自治区)."""
    return t.tag == "place" and Level.PROVINCE in divisions().levels_of(t.word)


def _honour_end(text: str, tokens: list[Token], i: int) -> int:
    """Where an honour whose head is token ``i`` ends: with what its head takes after it
    (模范|镇, 先进|集体) and a parenthesised list of levels (双拥模范城(县、区))."""
    end = tokens[i].end
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.start == end and nxt.word in _PATTERNS.get("honour_tail", ()) \
            and not (i + 2 < len(tokens) and tokens[i + 2].start == nxt.end and _CJK.match(tokens[i + 2].word)
                     and len(nxt.word) == 1 and _place_suffix(nxt.word + tokens[i + 2].word[:1])[0]):
        end = nxt.end
    m = _LEVEL_LIST.match(text, end)
    return m.end() if m else end


_PATTERNS = program_patterns()
# a count of things of a kind (十大, 三个, 五项): program_patterns.tsv, kind count
_COUNT = re.compile("^[一二三四五六七八九十两百\\d]+[{}]$".format("".join(_PATTERNS.get("count", ()))))
_COUNTED = re.compile(_COUNT.pattern[:-1])
_LEVEL_LIST = re.compile("[(（][{0}](?:[、,，]?[{0}])*[)）]".format("".join(_PATTERNS.get("level_list", ()))))


def _shared_scope(tokens: list[Token], j: int) -> str:
    if j >= 2 and tokens[j - 1].word in _COORDINATORS and tokens[j - 2].tag == "program":
        return next((s for s in _SCOPES if tokens[j - 2].word.startswith(s)), "")
    return ""


def _event_name(text: str, tokens: list[Token], i: int) -> Candidate | None:
    """A named meeting whose name joins several parts (全国双拥模范城(县)命名暨双拥模范单位和
    个人表彰大会): read left over joiners as far as a scope word or a place."""
    j = i
    while j > 0 and i - j < POLICY.event_name_tokens:
        t = tokens[j - 1]
        if _nameish(t) or t.tag in ("program", "place", "program_head") or t.word in _EVENT_JOINERS \
                or t.word in LEVEL_CHARS:
            j -= 1
        else:
            break
    while j < i and (tokens[j].word in _EVENT_JOINERS or tokens[j].tag == "vn"):
        j += 1
    if j > 0 and tokens[j - 1].word in _SCOPES:
        j -= 1
    joined = any(t.word in _EVENT_JOINERS for t in tokens[j:i])
    starts_named = tokens[j].word.startswith(_SCOPES) or tokens[j].tag in ("place", "program")
    if not (joined and starts_named) or text[tokens[j].start:tokens[i].end].count("(") != \
            text[tokens[j].start:tokens[i].end].count(")"):
        return None
    return Candidate(Tier.JOINED_EVENT, tokens[j].start, tokens[i].end, PROGRAM, text[tokens[j].start:tokens[i].end], nests="full")


@functools.cache
def _honour_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = load_table("honour_cues.tsv")
    before = tuple(sorted((r["cue"] for r in rows if r["where"] == "before"), key=len, reverse=True))
    after = tuple(sorted((r["cue"] for r in rows if r["where"] == "after"), key=len, reverse=True))
    return before, after


_HONOUR_WORDS = word_class("honour_words")
_SCOPE_PREFIX = word_class("scope_prefixes")


def _quoted(text: str, tokens: list[Token]) -> list[Candidate]:
    """《documents》 and quoted names: with a program head after them, honours (by their
    wording or a cue such as 被评为“…” or “…”荣誉称号), and organisations (“拥军联盟”)."""
    out = []
    for m in re.finditer(r"《([^《》]{2,60})》", text):
        inner = m.group(1)
        kind = UNIT if inner.endswith(("报", "日报", "杂志", "周刊")) else PROGRAM
        out.append(Candidate(Tier.DOCUMENT, m.start(), m.end(), kind, m.group(0), nests="all"))
    starts = {t.start: k for k, t in enumerate(tokens)}
    cue_before, cue_after = _honour_cues()
    quotes = list(re.finditer(r"[“\"「『]([^“”\"「」『』]{2,40})[”\"」』]", text))
    head_after: dict[int, int] = {}
    for n, m in enumerate(quotes):
        k = starts.get(m.end())
        heads: list[Token] = []
        # a date in quotes (“八一”) is no theme: only a program's own head makes it a name
        head_of = (lambda w: _head(w, _program_heads())) if _QUOTED_DATE.match(m.group(1)) else _quote_head
        while k is not None and k < len(tokens) and len(heads) < POLICY.quote_name_tokens and (
                head_of(tokens[k].word) or len(heads) < POLICY.quote_name_tokens - 1 and _between_quote_and_head(tokens[k])):
            heads.append(tokens[k])
            k += 1
        while heads and not head_of(heads[-1].word):
            heads.pop()
        if heads:
            head_after[n] = heads[-1].end
    # quotes listed together (“甲”“乙”、“丙”): the list's last quote tells what they are
    last_of = list(range(len(quotes)))
    for n in range(len(quotes) - 2, -1, -1):
        if text[quotes[n].end():quotes[n + 1].start()] in _QUOTE_LIST_GAPS \
                and not _QUOTED_DATE.match(quotes[n].group(1)) and not _QUOTED_DATE.match(quotes[n + 1].group(1)):
            last_of[n] = last_of[n + 1]
    list_end = _PATTERNS.get("list_end", ())
    for n, m in enumerate(quotes):
        inner = m.group(1)
        after = text[m.end():]
        last = last_of[n]
        # “科技服务三农”、“人才返乡创业”计划: the head after the last quote serves both
        end = head_after.get(n)
        if end is None and last != n and last in head_after:
            end = m.end()
        if end is None:
            # “甲”“乙”等活动: examples of a kind of program, each a program
            rest = text[head_after.get(last, quotes[last].end()):]
            if rest.startswith("等") and any(w in rest[1:10] for w in list_end):
                end = m.end()
        if last != n or (n > 0 and last_of[n - 1] == n):
            # “甲”、“乙”、“丙”三大主题活动: a count of the names listed, then their kind
            counted = _COUNTED_LIST.match(text, quotes[last].end())
            if counted and any(w in text[counted.end():counted.end() + 6] for w in list_end):
                end = m.end()
        cued = text[:m.start()].endswith(cue_before) or after.startswith(cue_after)
        slogan = bool(_SLOGAN_PUNCT.search(inner)) or len(inner) > POLICY.slogan_max or bool(re.search(r"\d", inner))
        if end is not None and end > m.end() and _QUOTED_DATE.match(inner.strip()):
            continue  # “八一”文艺演出: an event named by its date and its kind (GUIDELINES: optional)
        if end is not None and not (cued and end == head_after.get(n) and after.startswith(cue_after)):
            # an event's edition, year and place written before its theme are part of its name
            # (第二届|某市|“…”文艺汇演); not before a bare quoted name of a list
            start = _edition_start(text, tokens, m.start()) if end > m.end() else m.start()
            # a theme and its head outrank the fixed name quoted as the theme (“全民国防教育日”系列活动)
            out.append(Candidate(Tier.SET_NAME if end > m.end() else Tier.QUOTED, start, end, PROGRAM, text[start:end], nests="all"))
        elif slogan:
            continue
        elif cued or inner.endswith(tuple(_program_heads())) or _quote_head(inner) \
                or (inner.startswith(_SCOPE_PREFIX) or _starts_with_place(inner)) and any(
                    w in inner for w in _HONOUR_WORDS) and len(inner) >= 4:
            # an honour outranks the unit head it may end with (“…示范学校”)
            out.append(Candidate(Tier.CUED_HONOUR if cued else Tier.QUOTED, m.start(), m.end(), PROGRAM, m.group(0), nests="all"))
        elif _head(inner, _unit_heads()) and len(_head(inner, _unit_heads())) >= 2 and len(inner) <= 12:
            out.append(Candidate(Tier.QUOTED, m.start(), m.end(), UNIT, m.group(0)))  # 加入“拥军联盟”
    return out


_EDITION = re.compile(r"^(?:第[一二三四五六七八九十\d]+[届次期]|首届|\d{4}年度?|\d{4})$")


def _edition_start(text: str, tokens: list[Token], at: int) -> int:
    """Where an event's name begins that has its theme quoted at ``at``: before the place,
    the year and the edition written right before the quote (2024年|某省|“…”茶话会)."""
    ends = {t.end: k for k, t in enumerate(tokens)}
    k = ends.get(at)
    start = at
    pieces = 0
    while k is not None and pieces < 3:
        t = tokens[k]
        word = t.word
        if t.tag == "place" and len(word) >= 2:
            pass
        elif word in ("年", "年度", "届", "次", "期") and k > 0 and _EDITION.match(tokens[k - 1].word + word):
            k -= 1
        elif not _EDITION.match(word):
            break
        start = tokens[k].start
        pieces += 1
        k = ends.get(start)
    return _joined_start(tokens, ends.get(start), start)



def _joined_start(tokens: list[Token], k: int | None, start: int) -> int:
    """Where an event's name begins whose first part is joined to it by 暨 (某省军区国防教育
    进校园暨“…”宣传活动, 甲市暨乙区“…”主题活动): the part runs left over name words to a place,
    a scope or a fixed name; without one, the name begins at ``start``."""
    if k is None or tokens[k].word not in _EVENT_JOINERS:
        return start
    j = k
    while j > 0 and k - j < POLICY.joined_part_tokens:
        t = tokens[j - 1]
        if _nameish(t) or t.tag in ("program", "place", "program_head") or t.word in LEVEL_CHARS:
            j -= 1
        else:
            break
    while j < k and not (tokens[j].word.startswith(_SCOPES) or tokens[j].tag in ("place", "program")):
        j += 1
    return tokens[j].start if j < k else start


# the tags of the words that may stand between a quoted theme and its head (“…”新年|团拜|活动;
# the dictionary's ns and nz tags of common words are mistakes there)
_BETWEEN_QUOTE_AND_HEAD = frozenset({"n", "vn", "v", "t", "ns", "nz", "role", "q", "nr"})


def _between_quote_and_head(t: Token) -> bool:
    """Whether a word may stand between a quoted theme and its head: a noun or verb (茶文化,
    参战), a role (老兵), a measure (系列), or a word the dictionary lacks (崇军)."""
    return t.tag in _BETWEEN_QUOTE_AND_HEAD or (t.tag == "" and bool(_CJK.match(t.word)))

# a date written in quotes, as the news writes holidays (“八一”, “七一”, “五四”): in no list of names
_QUOTED_DATE = re.compile(r"^[一二三四五六七八九十]{2,3}$")
# a numbered day (第22个全民国防教育日) is a date, no program
_NUMBERED_DAY = re.compile(r"第[\d一二三四五六七八九十百]+个$")

# a count after a list of quoted names (“甲”“乙”两项|服务, 三大|活动)
_COUNTED_LIST = re.compile(r"[两一二三四五六七八九十]{1,2}[大个项件类种场]")

# what may stand between two quoted names of one list
_QUOTE_LIST_GAPS = frozenset({"", "、", "，", ",", "和", "及", "与"})


@functools.cache
def _quote_head(word: str) -> str:
    """The program head ``word`` ends with, or a word that ends an event's or a project's
    name after its quoted theme (program_patterns.tsv: “…”文艺互动); a one-character one
    (展) only in a word of three or more (摄影展, not 发展)."""
    head = _head(word, _program_heads())
    if head:
        return head
    return next((h for h in _PATTERNS.get("quote_head", ())
                 if word == h or (word.endswith(h) and (len(h) >= 2 or len(word) >= 3))), "")


def _starts_with_place(name: str) -> bool:
    table = divisions()
    return any(table.has_name(name[:n]) or table.has_short(name[:n]) for n in (2, 3, 4) if len(name) > n)


# --- people ---------------------------------------------------------------------------

def _name_at(tokens: list[Token], k: int, cued: bool) -> tuple[int, int, str] | None:
    """A personal name starting at token ``k``: (start, end, name) or None.

    The name is a surname and one or two more characters, ending at a token boundary where
    possible (殷|生根 → 殷生根; 王一|“ → 王一).
    """
    if k >= len(tokens):
        return None
    surnames, common = _surnames()
    first = tokens[k]
    w = first.word
    sur = w[:2] if w[:2] in surnames and len(w) != 2 else (w[:1] if w[:1] in surnames else "")
    if not sur or not _CJK.match(w) or w[0] in _function_chars():
        return None
    if not cued and sur not in common:
        return None
    max_len = len(sur) + 2
    if len(w) > max_len:
        if not cued:
            return None
        name = w[:max_len]
        end = first.start + max_len
    else:
        name, end = w, first.end
        kk = k + 1
        # a surname cut off alone (殷|生根): take the given name from the next token(s)
        while len(name) <= len(sur) and kk < len(tokens):
            nxt = tokens[kk].word
            if not _CJK.match(nxt) or len(name) + len(nxt) > max_len or nxt in _blockers():
                break
            name += nxt
            end = tokens[kk].end
            kk += 1
    if len(name) <= len(sur) or _bad_name(name, sur):
        return None
    return first.start, end, name


_COMMON_WORD_TAGS = frozenset({"n", "v", "vn", "a", "ad", "an", "d", "l", "i", "b", "m", "q"})


def _reads_as_words(name: str, sur: str) -> bool:
    """Whether an uncued candidate is better read as words: its given name, or its surname
    with the next character, is a common dictionary word (雷|阵雨, 田径|赛, 高|素质)."""

    given = name[len(sur):]
    for part in (given, name[: len(sur) + 1]):
        if len(part) >= 2 and dictionary_tag(part) in _COMMON_WORD_TAGS and word_frequency(part) >= POLICY.word_reading_freq:
            return True
    return False


@functools.cache
def _person_stops() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words that are no names, and those of them that no name begins or ends with."""
    stops = words("person_stops.tsv")
    return stops, tuple(sorted(s for s in stops if len(s) >= 2))


def _bad_name(name: str, sur: str) -> bool:
    if len(name) == 3 and name[0] == name[1]:
        return True  # a reduplicated word (静静地, 明明白), not a surname and a given name
    stops, affixes = _person_stops()
    if name in stops or name.startswith(affixes) or name.endswith(affixes):
        return True
    given = name[len(sur):]
    if given in _roles() or given in _unit_heads() or given in ("某", "某某"):
        return True
    # a dictionary word that is not a name (全部, 关怀), or too common a word to be one (荣誉,
    # which jieba's dictionary tags nr), is not a person
    tag = dictionary_tag(name)
    return bool(tag) and (not tag.startswith("nr") or word_frequency(name) >= POLICY.common_name_word_freq)


_SPACE_CHARS = " \u3000\u00a0\u2002\u2003\t"
_NAME_SEPARATORS = frozenset("、，,；;。：:（）()“”\"《》〈〉\n!！?？·" + _SPACE_CHARS)


def _role_at(text: str, q: int) -> str:
    """The title or role word that starts at ``q`` ("" if none), longest first."""
    roles = _roles()
    for n in range(min(6, len(text) - q), 1, -1):
        if text[q:q + n] in roles:
            return text[q:q + n]
    return ""


def _person_span(text: str, p: int, starts: frozenset[int], run: bool = False) -> int:
    """Length of the personal name at ``p`` (0 if none), read from the characters: a surname
    and a given name of one or two characters, ending where a word, a separator, a function
    character or a title begins (王本其来到, 王一“, 刘伟通讯员 → 刘伟, 曾国和、)."""
    surnames = _surnames()[0]
    sur = 2 if text[p:p + 2] in surnames and text[p:p + 1] not in surnames else \
        (1 if text[p:p + 1] in surnames else (2 if text[p:p + 2] in surnames else 0))
    if not sur or text[p] in _function_chars():
        return 0
    for length in (sur + 2, sur + 1):
        span = text[p:p + length]
        if len(span) < length or not _CJK.match(span) or _role_at(text, p + sur):
            continue
        if length == sur + 2 and (_role_at(text, p + sur + 1) or span[-1] in word_class("name_never_ends") or (
                span[-1] in _function_chars() and text[p + length: p + length + 1] not in _NAME_SEPARATORS)
                or (p + length - 1 in starts and p + length not in starts)):
            continue  # 刘伟|通讯员, 张伟|在, 董军|说, 李明|来到 (the last character begins a word)
        q = p + length
        after = text[q: q + 1]
        if (not after or after in _NAME_SEPARATORS or not _CJK.match(after) or _role_at(text, q)
                or after in _function_chars() or q in starts or (run and after in _surnames()[0])):
            if not _bad_name(span, span[:sur]):
                return length
    return 0


def _names_after_role(text: str, tokens: list[Token], q: int, role: str, starts: frozenset[int]) -> list[Candidate]:
    """The name(s) written after a title: one name, or for a press role a run of names with
    or without separators (记者谢大强邝晓霞 通讯员王聘钊)."""
    out: list[Candidate] = []
    press = _roles().get(role) == "press"
    while q < len(text) and text[q] in _SPACE_CHARS + ":：】]":
        q += 1
    at = {t.start: k for k, t in enumerate(tokens)}
    while q < len(text):
        length = _person_span(text, q, starts, run=press)
        k = at.get(q)
        if k is not None and tokens[k].tag in ("", "nr", "nrt") and _transliterated(tokens[k].word):
            # a foreign name is read whole, not as a surname and a given name (主席维克托|罗夫)
            end = _transliterated_run(tokens, k)
            if length < end - q <= 7 and end - q >= 3 and _transliterated(text[q:end]):
                length = end - q
        if not length:
            break
        out.append(Candidate(Tier.TITLED_PERSON, q, q + length, PERSON, text[q:q + length], role=role))
        q += length
        if not press:
            break
        while q < len(text) and text[q] in _SPACE_CHARS + "、,，":
            q += 1
        if _role_at(text, q) or text[q:q + 1] not in _surnames()[0]:
            break
    return out


# minority and foreign names written with a middle dot: 阿迪力江·力提普
_NAME_DOTS = "·•・"
# a middle dot lost to a wrong encoding on the way to the page (买买提?吐尔逊): read as a
# dot only between two words spelt in transliteration characters
_MANGLED_DOTS = frozenset("?")


def _transliterated(word: str) -> bool:
    return all(c in transliteration_chars() for c in word) and not divisions().has_name(word) \
        and word not in _feature_kinds()


@functools.cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(word_class("speech_verbs"))


def _dotted_names(text: str, tokens: list[Token]) -> list[Candidate]:
    """Transliterated names around a middle dot, bounded by the words beside them: the
    parts are words the dictionary does not know (居民|买买提·艾力|参加), and beyond the words
    touching the dot, words spelt in transliteration characters (安德烈·米哈伊洛 stops before 在,
    约翰·卡尔松 after 瑞典人). A dotted name with a place suffix is a place (圣·安德里亚镇)."""
    out = []
    letters = lambda w: all(c in transliteration_chars() for c in w) and w[0] not in _function_chars()  # noqa: E731
    # a word spelt in transliteration characters that is no common word and no place (比赛, 江西)
    spelt = lambda w: letters(w) and (len(w) == 1 or (word_frequency(w) < POLICY.common_name_word_freq  # noqa: E731
                                                      and not dictionary_tag(w).startswith("ns")))
    placed = lambda t: len(t.word) <= 2 and bool(_place_suffix(t.word[-1:])[1])  # noqa: E731
    # (jieba also tags 瑞典人 nr and 荷兰人 nrt: a known word must be spelt as a name to join)
    part = lambda t: bool(_CJK.match(t.word)) and t.word[0] not in _function_chars() and not placed(t) \
        and not _head(t.word, _roles()) and t.tag not in ("place", "place_short") and (  # noqa: E731
            spelt(t.word) or (t.tag == "" and t.word[-1] not in _function_chars()))
    for k, t in enumerate(tokens):
        if k == 0 or not (t.word in _NAME_DOTS or (t.word in _MANGLED_DOTS and k + 1 < len(tokens)
                                                   and letters(tokens[k - 1].word) and letters(tokens[k + 1].word))):
            continue
        # the words touching the dot are always part of the name (买买提 is in the dictionary)
        j = k - 1 if _CJK.match(tokens[k - 1].word) else k
        while j > 0 and part(tokens[j - 1]) and k - j < 3:
            j -= 1
        e = k + 2 if k + 1 < len(tokens) and _CJK.match(tokens[k + 1].word) else k + 1
        while e < len(tokens) and part(tokens[e]) and e - k <= 3:
            e += 1
        if not (j < k and e > k + 1) or text[tokens[j].start - 1: tokens[j].start] in _OPENING_QUOTES:
            continue
        start, end = tokens[j].start, tokens[e - 1].end
        # a touching word the segmenter glued to a function character: 卡尔松|及 瑞典
        while end - start > 2 and text[end - 1] in _function_chars() and text[end - 1] not in transliteration_chars():
            end -= 1
        kind = PERSON
        if end == tokens[e - 1].end and e < len(tokens) and placed(tokens[e]) \
                and (len(tokens[e].word) == 1 or letters(tokens[e].word[:-1])):
            end, kind = tokens[e].end, PLACE
        out.append(Candidate(Tier.DOTTED_NAME, start, end, kind, text[start:end].replace(t.word, "·")))
    return out


def _transliterated_run(tokens: list[Token], i: int) -> int:
    """End of the run of words spelt in transliteration characters from token ``i``: the
    segmenter cuts unknown foreign names into pieces (维克托|罗夫)."""
    end = tokens[i].end
    for t in tokens[i + 1:]:
        if t.start != end or not _CJK.match(t.word) or t.tag in ("role", "place", "place_short") \
                or not _transliterated(t.word) or word_frequency(t.word) >= POLICY.common_name_word_freq:
            break
        end = t.end
    return end


def _people(text: str, tokens: list[Token]) -> list[Candidate]:
    out: list[Candidate] = _dotted_names(text, tokens)
    roles = _roles()
    _, common = _surnames()
    starts = frozenset(t.start for t in tokens if len(t.word) >= 2)
    famous, speech_verbs = words("people.tsv"), _speech_verbs()  # (asked for every token)
    # a name right after a quoted honour: “全国模范退役军人”吴国强, and the names listed with it
    for m in re.finditer(r"“([^“”]{2,20})”", text):
        if any(w in m.group(1) for w in _HONOUR_WORDS):
            length = _person_span(text, m.end(), starts)
            span = text[m.end():m.end() + length]
            if length and not (dictionary_tag(span) and word_frequency(span) >= POLICY.word_reading_freq):  # not “…”荣誉
                out.append(Candidate(Tier.HONOURED_PERSON, m.end(), m.end() + length, PERSON, text[m.end():m.end() + length]))
                out.extend(_name_list(text, tokens, m.end() + length, ""))
    for i, t in enumerate(tokens):
        # title first: 校长叶小辉, 记者 牟科, 责编:袁菡苓
        if t.tag == "role" or _head(t.word, roles):
            role = t.word if t.word in roles else _head(t.word, roles)
            found = _names_after_role(text, tokens, t.end, role, starts)
            out.extend(found)
            if found:
                out.extend(_name_list(text, tokens, found[-1].end, role))
        # name first: 晁明辉政委, 李泽恒支书
        if i + 1 < len(tokens) and tokens[i + 1].tag == "role" and (roles.get(tokens[i + 1].word) == "office"
                                                                    or tokens[i + 1].word == "同志") \
                and t.tag in ("nr", "") and t.word[:1] in common:
            length = _person_span(text, t.start, starts)
            if length and t.start + length == tokens[i + 1].start and not t.word.endswith(_GLUED_SUFFIXES):
                out.append(Candidate(Tier.NAME_BEFORE_TITLE, t.start, t.start + length, PERSON, text[t.start:t.start + length],
                                     role=tokens[i + 1].word))
        # a name right before a speech verb: 王中臣说, 李明表示 (sentence-initial or after punctuation)
        if t.word in speech_verbs and i > 0:
            for length in (3, 2):
                p = t.start - length
                if p >= 0 and (p == 0 or not _CJK.match(text[p - 1])) \
                        and _person_span(text, p, starts | {t.start}) == length:
                    out.append(Candidate(Tier.SPEAKER, p, t.start, PERSON, text[p:t.start]))
                    break
        # a name alone: a public figure, or a word jieba's HMM found that starts with a surname
        famous_prefix = next((t.word[:n] for n in (3, 2) if len(t.word) > n and t.word[:n] in famous), "") \
            if len(t.word) > 2 else ""
        if famous_prefix:  # 邓小平理论
            out.append(Candidate(Tier.FAMOUS, t.start, t.start + len(famous_prefix), PERSON, famous_prefix))
        elif t.tag in ("", "nr", "nrt", "nrfg") and _transliterated(t.word) \
                and word_frequency(t.word) < POLICY.common_name_word_freq:
            end = _transliterated_run(tokens, i)
            if 3 <= end - t.start <= 7 and _transliterated(text[t.start:end]):
                out.append(Candidate(Tier.TRANSLITERATION, t.start, end, PERSON, text[t.start:end]))  # 克林顿, 维克托|罗夫
        if t.tag == "famous":
            out.append(Candidate(Tier.FAMOUS, t.start, t.end, PERSON, t.word))
            out.extend(_name_list(text, tokens, t.end, ""))
        elif t.tag == "nr" and len(t.word) == 3 and t.word[:1] in common and not _bad_name(t.word, t.word[:1]) \
                and not _reads_as_words(t.word, t.word[:1]):
            out.append(Candidate(Tier.UNCUED_NAME, t.start, t.end, PERSON, t.word))  # a name in jieba's dictionary
            out.extend(_name_list(text, tokens, t.end, "", start=t.start))
        elif t.tag == "" and 2 <= len(t.word) <= 3 and not (t.start and text[t.start - 1].isdigit()) \
                and not (i + 1 < len(tokens) and (_place_suffix(tokens[i + 1].word)[0]
                                                  or tokens[i + 1].word[:1] in "村镇乡"
                                                  or tokens[i + 1].tag in ("unit_head", "site_head"))) \
                and not t.word.endswith(_GLUED_SUFFIXES):
            found = _name_at(tokens, i, cued=False)
            if found and found[1] == t.end and not (len(t.word) == 3 and _reads_as_words(t.word, t.word[:1])):
                end = t.end
                # a given name's last character cut off as a token of its own: 陈昊|旻
                if len(t.word) == 2 and i + 1 < len(tokens) and len(tokens[i + 1].word) == 1 \
                        and _person_span(text, t.start, starts) == 3:
                    end = t.end + 1
                out.append(Candidate(Tier.UNCUED_NAME, t.start, end, PERSON, text[t.start:end]))
                out.extend(_name_list(text, tokens, end, "", start=t.start))
    return out


def _name_list(text: str, tokens: list[Token], end: int, role: str, start: int = -1) -> list[Candidate]:
    """Names listed beside a name: 权家成、毛健 (after it, and the one just before it)."""
    out = []
    if start > 0 and text[start - 1] == "、":
        boundaries = frozenset(t.start for t in tokens if len(t.word) >= 2) | {start - 1}
        for length in (3, 2, 4):
            s = start - 1 - length
            if s >= 0 and _person_span(text, s, boundaries) == length \
                    and (s == 0 or not _CJK.match(text[s - 1]) or text[s - 1] in _function_chars()
                         or _role_at(text, s - 2) or _role_at(text, s - 3)):
                out.append(Candidate(Tier.NAME_LIST, s, start - 1, PERSON, text[s:start - 1], role=role))
                break
    boundaries = frozenset(t.start for t in tokens if len(t.word) >= 2)
    while end < len(text) and text[end] in "、,，":
        length = _person_span(text, end + 1, boundaries)
        if not length:
            break
        s, e = end + 1, end + 1 + length
        nxt = text[e: e + 1]
        if nxt and nxt not in "、,，等)）”\n 和及被" and not text[e:].startswith(("等", "同志")):
            break
        out.append(Candidate(Tier.NAME_LIST, s, e, PERSON, text[s:e], role=role))
        end = e
    return out

