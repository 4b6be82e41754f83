"""Turn an article's mentions into entities with canonical names and stable ids.

Within one article: short place names become their full division name (泸州 → 泸州市),
places are linked to division codes where the text and the article's home area decide,
bare references are qualified (市中医医院 → 泸州市中医医院, 区人武部 → 西峰区人武部), and
every surface form is kept as an alias. Ids derive from the entity's type and key (its
division code, or its canonical name plus the context that keeps homonyms apart), so
the same input always gives the same ids and articles merge by id.

``resolve(article, mentions)`` is a pure function.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass

from .ids import entity_id, normalize
from .divisions import SHORT_NAME_LEVELS, Division, DivisionTable, divisions, level_words
from .lexicon import (
    load_table,
    mapping,
    place_suffixes,
    short_name,
    unit_key,
    word_class,
    words,
)
from .model import Article, Entity, EntityType, Mention, MentionKey, Relation
from .terms import Level, MentionCue

__all__ = ["resolve", "Resolution", "home_area", "settle_people", "mention_counts"]

PLACE, UNIT, PERSON, PROGRAM = EntityType.PLACE, EntityType.UNIT, EntityType.PERSON, EntityType.PROGRAM
# the level words a unit may be written with (区人武部), and the levels each may stand for
LEVEL_OF_CHAR = {w.word: w.levels for w in level_words() if w.qualify}
# a unit whose name starts with one of these (区人武部) names its division by that word
_COUNTED_LEVEL_CHARS = frozenset(w.word for w in level_words() if len(w.word) == 1)
_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』]+)[”\"」』]")


@dataclass(frozen=True, slots=True)
class Resolution:
    """The entities of one article and the id each mention resolved to, by the mention's key
    (:attr:`sygraph.model.Mention.key`); a mention resolved to no entity has no link.

    Examples
    --------
    >>> from sygraph.ingest import parse_article
    >>> from sygraph.recognize import recognize
    >>> a = parse_article("a.txt", "叙永县人武部帮助叙永县水尾镇修路。")
    >>> mentions = recognize(a)
    >>> r = resolve(a, mentions)
    >>> names = {e.id: e.name for e in r.entities}
    >>> [(m.text, names[r.link(m)]) for m in mentions]
    [('叙永县', '叙永县'), ('叙永县人武部', '叙永县人武部'), ('叙永县', '叙永县'), ('水尾镇', '水尾镇')]
    >>> r.link(mentions[3]) == r.links[mentions[3].key] == r.ids_of(mentions)[3]
    True
    """

    entities: tuple[Entity, ...]
    links: dict[MentionKey, str]  # mention key → entity id (read only)
    home: str = ""  # the division code of the article's home area
    # (unit id, place id, the unit mention's key): a unit whose place the resolver supplied
    qualified_by: tuple[tuple[str, str, MentionKey], ...] = ()

    def link(self, mention: Mention) -> str:
        """The id of the entity ``mention`` resolved to, "" for none."""
        return self.links.get(mention.key, "")

    def ids_of(self, mentions: list[Mention]) -> list[str]:
        """The entity id of each of ``mentions``, in their order ("" for none)."""
        links = self.links
        return [links.get(m.key, "") for m in mentions]


@dataclass
class _Draft:
    type: EntityType
    key: str
    name: str
    aliases: set[str]
    attrs: dict[str, str]


def settle_people(article: Article, resolution: Resolution,
                  relations: list[Relation]) -> tuple[Resolution, list[Relation]]:
    """The people of an article without a home area, made one entity across articles.

    Within an article, a name is one person. Across articles, a person is keyed by the home area
    where the article has one (李明 of 古蔺县); without one, by the unit the article gives them a
    post in (李明, 政委 of 叙永县人武部), and by the name alone where it gives none: homonyms the
    text sets apart stay apart, and one person is not multiplied by the number of articles."""
    if resolution.home:
        return resolution, relations
    unit_of: dict[str, str] = {}
    for r in sorted(relations, key=lambda r: r.start):
        if r.relation == "affiliated_with":
            unit_of.setdefault(r.head, r.tail)
    remap = {}
    for e in resolution.entities:
        if e.type is PERSON and e.id == entity_id(PERSON, f"name:{e.name}|{article.source}"):
            unit = unit_of.get(e.id)
            remap[e.id] = entity_id(PERSON, f"name:{e.name}|unit:{unit}" if unit else f"name:{e.name}|")
    if not remap:
        return resolution, relations
    entities = tuple(sorted((dataclasses.replace(e, id=remap.get(e.id, e.id)) for e in resolution.entities),
                            key=lambda e: e.id))
    links = {key: remap.get(x, x) for key, x in resolution.links.items()}
    qualified = tuple((remap.get(u, u), remap.get(p, p), key) for u, p, key in resolution.qualified_by)
    moved = sorted((dataclasses.replace(r, head=remap.get(r.head, r.head), tail=remap.get(r.tail, r.tail))
                    for r in relations), key=lambda r: (r.head, r.relation, r.tail, r.start))
    return Resolution(entities, links, resolution.home, qualified), moved


def mention_counts(mentions: list[Mention], resolution: Resolution) -> tuple[tuple[str, int], ...]:
    """How often the article mentions each entity, by id. A unit written with a level word
    (区人武部) names its district by that word, so the district counts as mentioned too."""
    counts = Counter(link for link in resolution.ids_of(mentions) if link)
    counts.update(place for _, place, key in resolution.qualified_by if key.text[:1] in _COUNTED_LEVEL_CHARS)
    return tuple(sorted(counts.items()))


def _strip_enclosing(name: str) -> str:
    pairs = {"《": "》", "“": "”", "\"": "\"", "「": "」", "『": "』"}
    if len(name) > 2 and name[0] in pairs and name.endswith(pairs[name[0]]) \
            and name.count(name[0]) == 1:
        return name[1:-1]
    return name


class _Places:
    """Division look-ups for one article, with its home area as context."""

    def __init__(self, mentions: list[Mention]):
        self.table = divisions()
        self.home_codes: list[str] = []
        self.home_codes = self._home(mentions)

    def candidates(self, m: Mention) -> list[Division]:
        t = self.table
        if t.has_name(m.text):
            return [t.get(c) for c in t.codes(m.text)]
        return [d for d in map(t.get, t.short_codes(m.text)) if d.level in SHORT_NAME_LEVELS]

    def _home(self, mentions: list[Mention]) -> list[str]:
        """Codes of the article's home city and county, from unambiguous mentions."""
        counts: Counter[str] = Counter()
        for m in mentions:
            if m.type is not PLACE:
                continue
            cands = self.candidates(m)
            if len(cands) == 1 and cands[0].level in (Level.CITY, Level.COUNTY):
                counts[cands[0].code] += 1
        if not counts:
            return []
        best = max(counts, key=lambda c: (counts[c], c))
        chain = [best] + [a.code for a in self.table.ancestors(best)]
        return chain

    def home_level(self, levels: tuple[Level, ...], ending: str = "") -> Division | None:
        """The nearest division of the home chain at one of ``levels`` (named ``…ending``)."""
        for code in self.home_codes:
            d = self.table.get(code)
            if d and d.level in levels and d.name.endswith(ending):
                return d
        return None

    def link(self, m: Mention, parent_code: str, nearby: list[str] = ()) -> Division | None:
        """The division a place mention names, or None when the text does not decide."""
        cands = self.candidates(m)
        if not cands and m.text.endswith(("村", "社区")):
            # a village: inside the place it is written in, else unique in the same sentence's
            # places or the home county (never the whole country: village names repeat)
            scopes = [parent_code] if parent_code else [c for c in [*nearby, *self.home_codes] if len(c) >= 6
                                                        and not c.endswith("00")]
            for scope in scopes:
                codes = self.table.village_codes(m.text, within=scope)
                if codes:
                    return self.table.get(codes[0]) if len(codes) == 1 else None
            return None
        if not cands:
            return None
        if parent_code:
            inside = [d for d in cands if DivisionTable.contains(parent_code, d.code)]
            # written inside a known place: that place's division or none at all
            return inside[0] if len(inside) == 1 else None
        if len(cands) == 1 and cands[0].level == Level.TOWNSHIP and self.home_codes \
                and not self._near_home(cands[0]):
            return None  # one township of that name, but in another province
        if len(cands) == 1:
            only = cands[0]
            if self.table.has_name(m.text) or only.level != Level.COUNTY or not self.home_codes:
                return only
            # a county's short name far from home is more likely a word (虎林 in 巨虎林)
            return only if self._near_home(only) else None
        # places named in the same sentence, then the article's home area, decide
        for code in [*nearby, *self.home_codes]:
            inside = [d for d in cands if DivisionTable.contains(code, d.code)]
            if len(inside) == 1:
                return inside[0]
        top = [d for d in cands if d.level == min(c.level for c in cands)]
        return top[0] if len(top) == 1 and top[0].level <= Level.CITY else None

    def abbreviation(self, char: str) -> Division | None:
        """The place a one-character abbreviation stands for: the home area first
        (驻泸 in an article about 泸州市, 驻峰 about 西峰区), then a province (驻陕)."""
        for code in self.home_codes:
            d = self.table.get(code)
            if d and char in (short_name(d.name, d.level) or d.name):
                return d
        province = _province_abbreviations().get(char)
        codes = self.table.codes(province) if province else ()
        return self.table.get(codes[0]) if codes else None

    def _near_home(self, d: Division) -> bool:
        province = self.home_codes[-1] if self.home_codes else ""
        return not province or d.code.startswith(province[:2])


_SHORT_NAMED_HEADS = frozenset(word_class("short_named_heads"))


def _place_abbreviations() -> dict[str, str]:
    return mapping("place_abbreviations.tsv", "abbr", "name")


def _province_abbreviations() -> dict[str, str]:
    return mapping("province_abbreviations.tsv", "abbr", "name")


def home_area(article: Article, mentions: list[Mention]) -> str:
    """The division code of the article's home area (most-mentioned city or county)."""
    codes = _Places(mentions).home_codes
    return codes[0] if codes else ""


def resolve(article: Article, mentions: list[Mention], registry=None) -> Resolution:
    """Entities for ``mentions`` of ``article``; see the module docstring. With a registry,
    its entities keep their registry ids, any name or alias of one resolves to it, and
    stop-listed names are no entities. The links are by mention key: the order of ``mentions``
    does not matter (they are read in the order of the article)."""
    mentions = sorted(mentions, key=_reading_order)
    places = _Places(mentions)
    home = places.home_codes[0] if places.home_codes else ""
    drafts: dict[str, _Draft] = {}
    links: list[str] = [""] * len(mentions)
    place_code_of: dict[tuple[int, str], str] = {}  # (sentence, surface) → code, for chains
    qualifications: list[tuple[str, str, int]] = []

    def add(i: int, type_: EntityType, key: str, name: str, surface: str, **attrs: str) -> None:
        did = entity_id(type_, key)
        d = drafts.get(did)
        if d is None:
            d = drafts[did] = _Draft(type_, key, name, set(), {})
        if len(surface) > 1:  # a one-character abbreviation is no alias
            d.aliases.add(surface)
            m = mentions[i]
            if m.sentence >= 0:  # the form as written, when the article is in Traditional characters
                d.aliases.add(article.written(article.sentences[m.sentence], m.start, m.end))
        d.attrs.update({k: v for k, v in attrs.items() if v})
        links[i] = did

    # the registry's own entities first
    for i, m in enumerate(mentions):
        if m.registry_id and registry is not None:
            entry = next((e for e in registry.entities if e.id == m.registry_id), None)
            if entry is not None:
                attrs = _registry_attrs(entry, places)
                add(i, entry.type, _registry_key(entry), entry.name, m.text, **attrs)
                drafts[links[i]].aliases.update(_registry_aliases(entry, places))
    # places first: units are qualified with them
    chain_surface: dict[int, str] = {}
    for i, m in enumerate(mentions):
        if m.type is not PLACE or links[i]:
            continue
        if m.cue is MentionCue.ABBREVIATION:
            d = places.abbreviation(m.text)
            if d is not None:
                add(i, PLACE, f"code:{d.code}", d.name, m.text, adcode=d.code, level=d.level.value)
                drafts[links[i]].aliases.add(m.text)  # 京, 泸: the abbreviation is a name of it
            elif m.text in _place_abbreviations():  # 中美关系: countries have no division code
                name = _place_abbreviations()[m.text]
                code = next(iter(places.table.codes(name)), "")
                key = f"code:{code}" if code else f"name:{name}"
                add(i, PLACE, key, name, m.text, adcode=code, level="other" if not code else
                    places.table.get(code).level.value)
                drafts[links[i]].aliases.add(m.text)
            continue
        parent_code = place_code_of.get((m.sentence, m.parent), "") if m.parent else ""
        if m.parent and i > 0 and i - 1 in chain_surface:
            chain_surface[i] = chain_surface[i - 1] + m.text
        else:
            chain_surface[i] = m.text
        sentence_codes = [c for (sent, _), c in place_code_of.items() if sent == m.sentence]
        d = places.link(m, parent_code, sentence_codes)
        if d is not None:
            place_code_of[(m.sentence, m.text)] = d.code
            add(i, PLACE, f"code:{d.code}", d.name, m.text, adcode=d.code, level=d.level.value)
        elif places.candidates(m) and not places.table.has_name(m.text):
            continue  # a short name the context does not place: not guessed
        elif m.qualifier and m.qualifier in LEVEL_OF_CHAR:
            qualified = _qualify(m, mentions, places, i)
            if qualified:
                add(i, PLACE, f"name:{qualified}", qualified, m.text, level="other")
        else:
            context = home or article.source
            level = _level_of(m.text)
            key = f"name:{m.text}" if level == "other" else f"name:{m.text}|{context}"
            add(i, PLACE, key, m.text, m.text, level=level)
        if chain_surface[i] != m.text and links[i]:
            drafts[links[i]].aliases.add(chain_surface[i])

    _merge_unlinked_places(drafts, links)
    famous = words("people.tsv")
    places_in: dict[int, list[Mention]] = {}  # place mentions by sentence, looked up per unit
    for o in mentions:
        if o.type is PLACE and o.sentence >= 0:
            places_in.setdefault(o.sentence, []).append(o)
    for i, m in enumerate(mentions):
        if m.type is PLACE or links[i]:
            continue
        if m.type is UNIT:
            place_name = ""
            if m.qualifier or m.cue is MentionCue.UNPLACED:
                name, place_name = _qualify(m, mentions, places, i, with_place=True)
            else:
                name = m.text
            if not name:
                continue
            add(i, UNIT, f"name:{unit_key(name)}", name, m.text)
            # shorter forms without the leading places: 海林市海林镇蔬菜村民兵连 → 蔬菜村民兵连
            for alias in _without_leading_places(name, m, places_in.get(m.sentence, ())):
                drafts[links[i]].aliases.add(alias)
            place_id = _place_entity(place_name, drafts, places)
            if not place_id and places.table.has_name(place_name):
                # the home area that qualified it, named by no mention: an entity all the same
                d = next((places.table.get(c) for c in places.table.codes(place_name)
                          if c in places.home_codes), None)
                if d is not None:
                    place_id = entity_id(PLACE, f"code:{d.code}")
                    drafts.setdefault(place_id, _Draft(PLACE, f"code:{d.code}", d.name, set(),
                                                       {"adcode": d.code, "level": d.level.value}))
            if place_id:
                qualifications.append((links[i], place_id, i))
        elif m.type is PERSON:
            context = "" if m.text in famous else (home or article.source)
            add(i, PERSON, f"name:{m.text}|{context}", m.text, m.text)
        else:
            name = _strip_enclosing(m.text)
            name = m.scope + name  # a scope shared with the honour before it
            # an honour written with its title word (…模范城称号) is the honour; one written with
            # the levels it is conferred on (…模范城(县)) is the same honour as its bare form
            name = _without_title_word(name)
            bare = _LEVEL_LIST_END.sub("", name)
            add(i, PROGRAM, f"name:{normalize(name)}", name, m.text)
            if bare != name and len(bare) >= HONOUR_MIN:
                drafts[links[i]].aliases.add(bare)
            quoted = _QUOTED.match(name)
            if quoted and quoted.end() < len(name) and _names_its_program(name[quoted.end():]):
                drafts[links[i]].aliases.add(quoted.group(1))  # “人才返乡创业”计划 is 人才返乡创业

    _merge_unit_references(drafts, links, mentions)
    _merge_name_parts(drafts, links)
    _merge_level_lists(drafts, links)
    _merge_program_aliases(drafts, links)
    _merge_same_theme(drafts, links)
    if registry is not None:
        _apply_registry(drafts, links, registry, places)
    entities = []
    for did, d in sorted(drafts.items()):
        aliases = tuple(sorted(a for a in d.aliases if a and a != d.name))
        entities.append(Entity(did, d.type, d.name, aliases, tuple(sorted(d.attrs.items()))))
    kept = {e.id for e in entities}
    qualified_by = [(links[i], p, mentions[i].key) for _, p, i in qualifications if links[i] in kept and p in kept]
    by_key: dict[MentionKey, str] = {}
    for m, link in zip(mentions, links):
        if link:  # a mention read twice (a place inside two names) is one mention
            by_key.setdefault(m.key, link)
    return Resolution(tuple(entities), by_key, home, tuple(qualified_by))


def _reading_order(m: Mention) -> tuple:
    """Mentions in the order of the article, the page header's last; all fields break ties."""
    return (m.sentence < 0, m.key, m.role, m.parent, m.cue or "", m.qualifier, m.registry_id, m.scope)


def _without_leading_places(name: str, m: Mention, places: list[Mention]) -> list[str]:
    """``places``: the place mentions of ``m``'s sentence."""
    inner = sorted((o for o in places if m.start <= o.start and o.end <= m.end), key=lambda o: o.start)
    out, pos = [], m.start
    for o in inner[:-1]:  # the last place stays: a unit is named after its own place
        if o.start != pos:
            break
        pos = o.end
        if name.endswith(m.text) and len(m.text) - (pos - m.start) >= 3:
            out.append(m.text[pos - m.start:])
    return out


@functools.cache
def _title_words() -> tuple[str, ...]:
    """The words after an honour that call it one (称号, 荣誉称号): honour_cues.tsv."""
    return tuple(sorted((r["cue"] for r in load_table("honour_cues.tsv") if r["where"] == "after"),
                        key=len, reverse=True))


# the shortest honour left once its title word or level list is taken off
HONOUR_MIN = 4
_LEVEL_LIST_END = re.compile("[(（][{0}](?:[、,，]?[{0}])*[)）]$".format(
    "".join(r["pattern"] for r in load_table("program_patterns.tsv") if r["kind"] == "level_list")))


def _without_title_word(name: str) -> str:
    """An honour's name without the title word written after it (全国双拥模范城称号)."""
    for w in _title_words():
        if name.endswith(w) and len(name) - len(w) >= HONOUR_MIN and not _QUOTED.search(name[-len(w) - 1:]):
            return name[:-len(w)]
    return name


def _merge_level_lists(drafts: dict[str, _Draft], links: list[str]) -> None:
    """An honour written with its level list (双拥模范城(县)) is the honour the article also
    names bare (双拥模范城): one entity, under the bare name."""
    for did, d in list(drafts.items()):
        if d.type is not PROGRAM or did not in drafts:
            continue
        bare = _LEVEL_LIST_END.sub("", d.name)
        tid = entity_id(PROGRAM, f"name:{normalize(bare)}")
        if bare == d.name or tid not in drafts or tid == did:
            continue
        drafts[tid].aliases |= d.aliases | {d.name}
        del drafts[did]
        links[:] = [tid if link == did else link for link in links]


def _names_its_program(head: str) -> bool:
    """Whether the quoted part before ``head`` is the program's own name: it is for projects
    and campaigns (“双十工程”, “七进”活动), not for meetings or shows named after a theme."""
    kinds = mapping("program_heads.tsv", "head", "kind")
    kind = next((kinds[head[k:]] for k in range(len(head)) if head[k:] in kinds), "")
    return kind == "project" or head.endswith("活动")


def _place_entity(name: str, drafts: dict[str, _Draft], places: _Places) -> str:
    """The id of the place entity called ``name`` in this article ("" if none)."""
    if not name:
        return ""
    for did, d in drafts.items():
        if d.type is PLACE and (d.name == name or name in d.aliases):
            return did
    return ""


def _level_of(name: str) -> str:
    """The level a place name's ending usually means (data/place_suffixes.tsv), else other."""
    for suffix, level, _ in place_suffixes():  # longest ending first: 社区 before 区
        if name.endswith(suffix) and len(name) > len(suffix):
            return level
    return "other"


def _qualify(m: Mention, mentions: list[Mention], places: _Places, i: int, with_place: bool = False):
    """The full name of a unit written with a bare level character (市中医医院, 区人武部),
    or with no place at all (双拥工作领导小组: ``MentionCue.UNPLACED``). "" when unresolvable."""
    name, place = _qualified_name(m, mentions, places, i)
    return (name, place) if with_place else name


def _qualified_name(m: Mention, mentions: list[Mention], places: _Places, i: int) -> tuple[str, str]:
    char = m.qualifier
    if m.cue is MentionCue.UNPLACED:
        home = places.home_level((Level.COUNTY,)) or places.home_level((Level.CITY,))
        if home is None:
            return "", ""
        # military districts take the short name: 邵阳军分区, not 邵阳市军分区
        prefix = short_name(home.name, home.level) if m.text in _SHORT_NAMED_HEADS and home.level == Level.CITY else ""
        return (prefix or home.name) + m.text, home.name
    levels = LEVEL_OF_CHAR.get(char, ())
    # the nearest place of that level written earlier in the same sentence
    place = None
    for other in reversed(mentions[:i]):
        if other.sentence != m.sentence:
            break
        if other.type is PLACE and other.text.endswith(char) and other.end <= m.start:
            cands = places.candidates(other)
            if any(d.level in levels for d in cands) or not cands and _level_of(other.text) in levels:
                place = other.text
                break
    if place is None:
        home = places.home_level(levels, ending=char)
        if home is None:
            # a page that never names its county (我县, 县委): the unit as written, never a guess
            return (m.text, "") if m.text.startswith(char) else ("", "")
        place = home.name
    pos = m.text.find(char)
    if pos == 0:
        return place + m.text[len(char):], place
    if m.text[pos - 1: pos] == "驻":  # 驻县部队: the forces stationed in the county, named after it
        return place + m.text, place
    # mid-name (武警区中队): the short form reads naturally (武警西峰中队)
    short = place[: -len(char)] if len(place) > len(char) + 1 else place
    return m.text[:pos] + short + m.text[pos + len(char):], place


def _merge_unit_references(drafts: dict[str, _Draft], links: list[str], mentions: list[Mention]) -> None:
    """A unit named without its place (人武部, 国防建设服务中心) is the one unit of the article
    whose full name ends with it, when there is exactly one."""
    units = {did: d for did, d in drafts.items() if d.type is UNIT}
    references = {links[k] for k, m in enumerate(mentions) if m.cue is MentionCue.REFERENCE} - \
        {links[k] for k, m in enumerate(mentions) if m.type is UNIT and m.cue is not MentionCue.REFERENCE}
    for did, d in sorted(units.items(), key=lambda kv: len(kv[1].name)):
        longer = [o for o in units if o != did and units[o].name.endswith(d.name)
                  and len(units[o].name) > len(d.name) and o in drafts and o not in references]
        if did not in drafts:
            continue
        if len(longer) != 1:
            if did in references:  # refers to nothing written in full: a generic reference
                del drafts[did]
                links[:] = ["" if link == did else link for link in links]
            continue
        target = drafts[longer[0]]
        target.aliases |= d.aliases | {d.name}
        del drafts[did]
        for k, link in enumerate(links):
            if link == did:
                links[k] = longer[0]


# the dots between the parts of a transliterated name, and the ? a page mangles them into
_NAME_PARTS = re.compile(r"[·•・?？]")


def _merge_name_parts(drafts: dict[str, _Draft], links: list[str]) -> None:
    """A person named by the first or last part of a dotted name (阿依努尔 for 阿依努尔·买买提,
    史密斯 for 约翰·史密斯) is that person, when one person of the article has that part."""
    people = {did: d for did, d in drafts.items() if d.type is PERSON}
    for did, d in sorted(people.items()):
        if _NAME_PARTS.search(d.name):
            continue
        fuller = [o for o, od in people.items() if o != did and (parts := _NAME_PARTS.split(od.name))
                  and len(parts) > 1 and d.name in (parts[0], parts[-1])]
        if len(fuller) != 1 or fuller[0] not in drafts:
            continue
        drafts[fuller[0]].aliases |= d.aliases | {d.name}
        del drafts[did]
        links[:] = [fuller[0] if link == did else link for link in links]


def _registry_key(entry) -> str:
    """The id key of a registry entity: a place with a division code is that division (one
    node with the division the table and the rules name), any other entity its registry id."""
    if entry.type is PLACE and entry.adcode:
        return f"code:{entry.adcode}"
    return f"registry:{entry.id}"


def _registry_attrs(entry, places: _Places) -> dict[str, str]:
    attrs = {"registry": entry.id}
    if entry.type is PLACE and entry.adcode:
        d = places.table.get(entry.adcode)
        attrs.update({"adcode": entry.adcode, "level": d.level.value if d else "other"})
    return attrs


def _registry_aliases(entry, places: _Places) -> set[str]:
    """The registry's aliases and, for a place with a division code, the division's name."""
    aliases = set(entry.aliases)
    d = places.table.get(entry.adcode) if entry.type is PLACE and entry.adcode else None
    if d is not None:
        aliases.add(d.name)
    return aliases - {entry.name}


def _apply_registry(drafts: dict[str, _Draft], links: list[str], registry, places: _Places) -> None:
    """Entities the rules found whose name or alias the registry knows become the registry's
    entity (its id, name and aliases); stop-listed names are dropped."""
    for did, d in list(drafts.items()):
        if d.attrs.get("registry"):  # the registry's own
            continue
        if d.name in registry.stop:
            del drafts[did]
            links[:] = ["" if link == did else link for link in links]
            continue
        entry = None
        for surface in (d.name, *sorted(d.aliases)):
            entry = registry.lookup(d.type, surface, d.attrs.get("adcode", ""))
            if entry is not None:
                break
        if entry is None:
            continue
        target = entity_id(entry.type, _registry_key(entry))
        if target == did:  # the division a registry place names: it becomes the registry's
            d.aliases |= _registry_aliases(entry, places) | {d.name}
            d.name = entry.name
            d.attrs.update(_registry_attrs(entry, places))
            continue
        if target not in drafts:
            # a division code the registry does not give is not its entity's (no ancestors either)
            attrs = {k: v for k, v in d.attrs.items() if k != "adcode"}
            attrs.update(_registry_attrs(entry, places))
            drafts[target] = _Draft(entry.type, _registry_key(entry), entry.name,
                                    _registry_aliases(entry, places), attrs)
        drafts[target].aliases |= d.aliases | {d.name}
        del drafts[did]
        links[:] = [target if link == did else link for link in links]


def _merge_unlinked_places(drafts: dict[str, _Draft], links: list[str]) -> None:
    """A place named bare (老店社区) is the place of that name the article linked elsewhere
    (庙岔镇老店社区), when it linked exactly one."""
    linked: dict[str, list[str]] = {}
    for did, d in drafts.items():
        if d.type is PLACE and d.attrs.get("adcode"):
            linked.setdefault(d.name, []).append(did)
    for did, d in list(drafts.items()):
        if d.type is PLACE and not d.attrs.get("adcode") and len(linked.get(d.name, [])) == 1:
            target = linked[d.name][0]
            drafts[target].aliases |= d.aliases
            del drafts[did]
            links[:] = [target if link == did else link for link in links]


def _merge_same_theme(drafts: dict[str, _Draft], links: list[str]) -> None:
    """Events named after the same long quoted theme in one article are one event
    (“军地携手双拥花、全民共建结硕果”文艺演出 and …军民联欢会)."""
    first: dict[str, str] = {}
    for did in dict.fromkeys(link for link in links if link):
        d = drafts.get(did)
        quoted = _QUOTED.match(d.name) if d and d.type is PROGRAM else None
        if not quoted or len(quoted.group(1)) < 6:
            continue
        theme = quoted.group(1)
        if theme not in first:
            first[theme] = did
            continue
        target = drafts[first[theme]]
        target.aliases |= d.aliases | {d.name}
        del drafts[did]
        links[:] = [first[theme] if link == did else link for link in links]


@functools.cache
def _program_alias_map() -> dict[str, str]:
    """Normalised alias → normalised name of the fixed national programs (built once)."""
    alias_of = {}
    for r in load_table("programs.tsv"):
        for a in filter(None, r["aliases"].split("|")):
            alias_of[normalize(a)] = normalize(r["name"])
    return alias_of


def _merge_program_aliases(drafts: dict[str, _Draft], links: list[str]) -> None:
    """Fixed aliases of national programs (脱贫攻坚战 → 脱贫攻坚)."""
    alias_of = _program_alias_map()
    for did, d in list(drafts.items()):
        if d.type is not PROGRAM or did not in drafts:
            continue
        target_key = alias_of.get(normalize(d.name))
        if not target_key:
            continue
        tid = entity_id(PROGRAM, f"name:{target_key}")
        if tid not in drafts:
            drafts[tid] = _Draft(PROGRAM, f"name:{target_key}", target_key, set(), {})
        drafts[tid].aliases |= d.aliases | {d.name}
        del drafts[did]
        links[:] = [tid if link == did else link for link in links]
