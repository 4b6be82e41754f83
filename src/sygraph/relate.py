"""Relations between the entities of one article, each with the sentence that states it.

Three sources, all read from one sentence at a time:

- the structure of names: a compound place name is a chain of containment
  (古蔺县太平镇九龙村), a unit named after a place is located in it (泸县嘉明镇中心小学 →
  嘉明镇), a unit named after another unit is part of it;
- titles and roles: a person written after a unit and a title works for that unit
  (西峰区人武部驻村队员殷生根), a person with a status (村民, 贫困户) lives in the place written
  just before; an honour written just before a name is that person's (“全国模范退役军人”李申学);
- trigger words (``data/relation_triggers.tsv``): the nearest entity of an allowed type before
  the trigger and the first after it, within the clause (泸州军分区…帮助古蔺县太平镇九龙村).
  Where the sentence does not decide the direction or the types do not fit, no edge.

Besides typed relations, entities named in one sentence co-occur (``co_occurs``), a weight that
the graph keeps apart from the typed relations. ``relate`` is a pure function.
"""
from __future__ import annotations

import contextvars
import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import pairs
from .divisions import level_words
from .ids import entity_id
from .lexicon import load_table, mapping, word_class
from .model import Article, EntityType, Mention, MentionKey, Part, Relation, Statement
from .resolve import Resolution
from .terms import Level, MentionCue, RelationType

__all__ = ["relate", "co_occurrences", "LOCATED_IN", "CO_OCCURS_WITH", "RELATIONS"]

LOCATED_IN = "located_in"
CO_OCCURS_WITH = "co_occurs_with"
RELATIONS = tuple(r.value for r in RelationType)
_CLAUSE_END = re.compile(r"[,，;；。!！?？:：]")
_PAIR_WORDS = word_class("pair_words")
# when set (by sygraph.explain), each edge made is appended as (source, head, relation, tail,
# sentence, confidence)
TRACE: contextvars.ContextVar[list | None] = contextvars.ContextVar("sygraph_relate_trace", default=None)
_UNLINKED_CREDITS = frozenset(word_class("unlinked_credits"))
_VILLAGERS = frozenset(word_class("villagers"))


@dataclass(frozen=True, slots=True)
class _Slot:
    """A top-level entity mention in a sentence (or an anaphor such as 该校)."""

    entity: str
    type: str
    start: int
    end: int
    index: int  # mention index, -1 for an anaphor


@functools.cache
def _triggers() -> tuple[tuple[str, str, str, str], ...]:
    """(trigger, relation, mode, required relation or ""), longest first."""
    rows = load_table("relation_triggers.tsv")  # its requires column is checked as it loads
    return tuple(sorted(((r["trigger"], r["relation"], r["mode"], r.get("requires", "")) for r in rows),
                        key=lambda t: -len(t[0])))


@functools.cache
def _trigger_pattern() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """One alternation of every trigger, longest first, and what each means."""
    meaning = {t: (relation, mode) for t, relation, mode, _ in _triggers()}
    return re.compile("|".join(re.escape(t) for t, _, _, _ in _triggers())), meaning


@functools.cache
def _requires() -> dict[str, str]:
    """Trigger → the relation whose trigger must follow it in the sentence (a visit word)."""
    return {t: required for t, _, _, required in _triggers() if required}


def _followed_by(text: str, start: int, relation: str) -> bool:
    """Whether a trigger of ``relation`` that acts on its own stands in ``text`` from ``start``."""
    pattern, meaning = _trigger_pattern()
    return any(meaning[m.group()][0] == relation and m.group() not in _requires()
               for m in pattern.finditer(text, start))


@functools.cache
def _types() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return {r["relation"]: (frozenset(r["head"].split("|")), frozenset(r["tail"].split("|")))
            for r in load_table("relation_types.tsv")}


@functools.cache
def _nearer() -> dict[str, frozenset[str]]:
    """Per relation, the types that, written between the two ends, take the relation instead."""
    return {r["relation"]: frozenset(r["nearer"].split("|")) - {"-"} for r in load_table("relation_types.tsv")}


@functools.cache
def _role_kinds() -> dict[str, str]:
    return mapping("roles.tsv", "role", "kind")


def relate(article: Article, mentions: list[Mention], resolution: Resolution) -> list[Relation]:
    """Typed relations stated by the article, deduplicated, in a stable order."""
    links = resolution.ids_of(mentions)
    types = {e.id: e.type.value for e in resolution.entities}
    found: dict[tuple[str, str, str, str], Relation] = {}

    def add(head: str, relation: str, tail: str, sentence: int, confidence: float, role: str = "") -> bool:
        if not head or not tail or head == tail or sentence < 0:
            return False
        allowed_heads, allowed_tails = _types()[relation]
        if types.get(head) not in allowed_heads or types.get(tail) not in allowed_tails:
            return False
        s = article.sentences[sentence]
        if s.part is not Part.BODY:
            return False  # evidence is quoted from the body; the body restates what a title says
        evidence = article.written(s)
        # a sentence repeated in one article states its relation once, at its first place
        key = (head, relation, tail, evidence)
        if key in found and found[key].start <= s.start:
            return False
        found[key] = Relation(head, relation, tail, Statement(article.source, evidence, s.start, s.end, confidence,
                                                              role=role))
        return True

    trace = TRACE.get()
    unit_of: dict[str, str] = {}  # person → the unit the article first gives them a post in

    def by(source: str):
        """``add``, noting in the trace (sygraph.explain) which source made each edge."""
        def noted(head, relation, tail, sentence, confidence, role=""):
            if add(head, relation, tail, sentence, confidence, role):
                if relation == "affiliated_with":
                    unit_of.setdefault(head, tail)
                if trace is not None:
                    trace.append((source, head, relation, tail, sentence, confidence))
        return noted

    _from_names(mentions, links, resolution, by("the structure of names"))
    by_sentence: dict[int, list[int]] = {}
    for k, m in enumerate(mentions):
        if m.sentence >= 0 and links[k]:
            by_sentence.setdefault(m.sentence, []).append(k)
    last_of: dict[str, str] = {}  # ending → the last entity whose name ends with it
    names = {e.id: e.name for e in resolution.entities}
    home = entity_id(EntityType.PLACE, f"code:{resolution.home}") if resolution.home else ""
    home = home if home in types else ""
    subject: _Slot | None = None  # the subject a paragraph's sentences share
    levels = {e.id: e.attr("level") for e in resolution.entities}
    village = ""
    previous_end = -1
    governments = _governments(resolution.entities)
    for index, sentence in enumerate(article.sentences):
        ks = by_sentence.get(index, [])
        slots = _slots(sentence.text, sentence.start, mentions, links, types, ks, last_of)
        if sentence.part is not Part.BODY or "\n" in article.text[max(previous_end, 0): sentence.start] \
                or previous_end < 0:
            subject = None  # a new paragraph
            village = ""
        previous_end = sentence.end if sentence.part is Part.BODY else previous_end
        own = _subject(sentence.text, slots)
        _from_roles(sentence.text, sentence.start, index, mentions, links, ks, slots, by("titles and roles"), home,
                    village, governments)
        # the village (or community) the paragraph is in: 村民王某说… names no place of its own
        village = next((s.entity for s in reversed(slots) if s.type == "place" and levels.get(s.entity) == "village"),
                       village)
        _from_triggers(sentence.text, sentence.start, index, slots, by("trigger words"), None if own else subject,
                       unit_of, levels)
        _from_honour_lists(sentence.text, index, slots, by("an honour's list"))
        subject = own or subject
        for k in ks:
            for ending, _ in _anaphors_by_ending():
                if names.get(links[k], "").endswith(ending):
                    last_of[ending] = links[k]
    _from_model(article, mentions, resolution.links, types, levels, by("the relation classifier"))  # after the rules: where both say it, the rule's
    return sorted(found.values(), key=lambda r: (r.head, r.relation, r.tail, r.start))


def _from_model(article: Article, mentions: list[Mention], links: dict[MentionKey, str], types: dict[str, str],
                levels: dict[str, str], add) -> None:
    """Relations the classifier learned from the annotated corpus finds between two entities
    of one sentence (:mod:`sygraph.pairs`), at its probability or more."""
    found = pairs.instances(article, mentions, links, types, levels)
    for inst, (label, p) in zip(found, pairs.predict([i.features for i in found])):
        if label == "O" or p < pairs.MIN_CONFIDENCE:
            continue
        relation, direction = label[:-1], label[-1]
        if inst.between & _nearer()[relation]:
            continue
        first, second = links[mentions[inst.first].key], links[mentions[inst.second].key]
        head, tail = (first, second) if direction == ">" else (second, first)
        add(head, relation, tail, inst.sentence, round(p, 3))


def co_occurrences(mentions: list[Mention], links: dict[MentionKey, str]) -> Counter[tuple[str, str]]:
    """Pairs of entities (ordered ids) named in the same sentence, counted by sentence;
    ``links``: the entity id of each mention by its key."""
    per_sentence: dict[int, set[str]] = {}
    for m in mentions:
        if m.sentence >= 0 and m.key in links:
            per_sentence.setdefault(m.sentence, set()).add(links[m.key])
    pairs: Counter[tuple[str, str]] = Counter()
    for ids in per_sentence.values():
        ordered = sorted(ids)
        for a in range(len(ordered)):
            for b in range(a + 1, len(ordered)):
                pairs[(ordered[a], ordered[b])] += 1
    return pairs


# --- names ----------------------------------------------------------------------------

def _from_names(mentions, links, resolution, add) -> None:
    by_span = {(m.sentence, m.end, m.text): k for k, m in enumerate(mentions) if m.type is EntityType.PLACE}
    places_in: dict[int, list[int]] = {}  # place mentions by sentence (a name holds its own sentence's)
    for j, o in enumerate(mentions):
        if o.type is EntityType.PLACE and links[j] and o.cue is not MentionCue.FEATURE:
            places_in.setdefault(o.sentence, []).append(j)
    for k, m in enumerate(mentions):
        if m.type is EntityType.PLACE and m.parent:
            # the containing place is the place mention that ends where this one starts
            parent = by_span.get((m.sentence, m.start, m.parent))
            if parent is not None:
                add(links[k], LOCATED_IN, links[parent], m.sentence, 0.95)
        elif m.type is EntityType.UNIT or (m.type is EntityType.PLACE and not m.parent):
            # the last place written inside a unit's or a site's name is where it is
            inner = [j for j in places_in.get(m.sentence, ()) if m.start <= mentions[j].start
                     and mentions[j].end <= m.end and mentions[j].text != m.text]
            if inner:
                add(links[k], LOCATED_IN, links[max(inner, key=lambda j: mentions[j].end)], m.sentence, 0.9)
    # a unit written with a bare level character (区人武部) is in the place the resolver read
    for unit, place, key in resolution.qualified_by:
        add(unit, LOCATED_IN, place, key.sentence, 0.8)
    # a unit named after another unit of the article is part of it (…总队二支队 → …总队)
    units = {e.id: e.name for e in resolution.entities if e.type is EntityType.UNIT}
    first_mention = {}
    for k, m in enumerate(mentions):
        first_mention.setdefault(links[k], k)
    for a, name_a in units.items():
        parents = [b for b, name_b in units.items() if b != a and name_a.startswith(name_b) and len(name_b) >= 4]
        if parents and a in first_mention:
            parent = max(parents, key=lambda b: len(units[b]))
            add(a, "part_of", parent, mentions[first_mention[a]].sentence, 0.85)


# --- sentences ------------------------------------------------------------------------

@functools.cache
def _anaphors_by_ending() -> tuple[tuple[str, str], ...]:
    pairs = []
    for r in load_table("anaphors.tsv"):
        for ending in r["endings"].split("|"):
            pairs.append((ending, r["word"]))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@functools.cache
def _anaphor_endings() -> dict[str, tuple[str, ...]]:
    return {r["word"]: tuple(r["endings"].split("|")) for r in load_table("anaphors.tsv")}


def _slots(text, offset, mentions, links, types, ks, last_of) -> list[_Slot]:
    """The sentence's top-level entity mentions (not the places inside a unit's name), plus
    anaphors (该校) resolved to the last entity of the article with a matching name."""
    spans = [(mentions[k].start, mentions[k].end) for k in ks]
    slots = []
    for k in ks:
        m = mentions[k]
        inside = any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans)
        if not inside:
            slots.append(_Slot(links[k], types.get(links[k], ""), m.start - offset, m.end - offset, k))
    for word, endings in _anaphor_endings().items():
        for hit in re.finditer(word, text):
            target = next((last_of[e] for e in endings if e in last_of), "")
            if target and not any(s.start <= hit.start() < s.end for s in slots):
                slots.append(_Slot(target, types.get(target, ""), hit.start(), hit.end(), -1))
    return sorted(slots, key=lambda s: (s.start, s.end))


_HOMETOWN = re.compile("|".join(map(re.escape, word_class("hometown_words"))))


# 政府 bodies (word_classes.tsv), the longer name first: a unit named so is the government of a division
_GOVERNMENT_ENDINGS = tuple(sorted(word_class("governments"), key=len, reverse=True))
_LEVEL_WORDS = tuple(w.word for w in level_words())


@functools.cache
def _head_of_government() -> re.Pattern:
    """A title that heads (or deputises in) a division's government: 县长, 副市长, 常务副区长, 代县长."""
    words = sorted(_LEVEL_WORDS, key=len, reverse=True)
    return re.compile(r"(?:常务)?(?:副|代)?(" + "|".join(map(re.escape, words)) + ")长")


def _governments(entities) -> dict[str, str]:
    """Level word → the article's one government of that level (远山县政府 for 县), where one."""
    found: dict[str, set[str]] = {}
    for e in entities:
        if e.type is not EntityType.UNIT:
            continue
        ending = next((g for g in _GOVERNMENT_ENDINGS if e.name.endswith(g)), None)
        if ending is None:
            continue
        stem = e.name[: -len(ending)]
        word = next((w for w in _LEVEL_WORDS if stem.endswith(w)), None)
        if word:
            found.setdefault(word, set()).add(e.id)
    return {w: next(iter(ids)) for w, ids in found.items() if len(ids) == 1}


def _from_roles(text, offset, index, mentions, links, ks, slots, add, home="", village="",
                governments: dict[str, str] | None = None) -> None:
    kinds = _role_kinds()
    by_end = {s.end: s for s in slots}
    post_of: dict[int, tuple[str, str]] = {}  # a person's start → the unit and role this sentence gives them
    for k in ks:
        m = mentions[k]
        if m.type is not EntityType.PERSON:
            continue
        start = m.start - offset
        # 部长郭建光、政委李国栋 / 记者王伟 李娜 / 副书记张华、刘明: the unit of the name listed before
        # carries to the next, with its title where the next has none; a head of government does
        # not take the party committee's post (县委书记甲、县长乙)
        carried = _listed_post(text, slots, post_of, start, m.role)
        if carried and kinds.get(m.role or carried[1]) in ("office", "press") \
                and (m.role or carried[1]) not in _UNLINKED_CREDITS \
                and not (m.role and _head_of_government().fullmatch(m.role)):
            add(links[k], "affiliated_with", carried[0], index, 0.75, role=m.role or carried[1])
            post_of[start] = (carried[0], m.role or carried[1])
        slot = next((s for s in slots if s.index == k), None)
        if slot is not None:
            position = slots.index(slot)
            # 沈北村的李清明: a person written after a place and 的 lives there
            if position and slots[position - 1].type == "place" and text[slots[position - 1].end: start] == "的":
                add(links[k], "resident_of", slots[position - 1].entity, index, 0.7)
        if m.role and kinds.get(m.role) == "press" and m.role not in _UNLINKED_CREDITS:
            # a reporter belongs to the outlet named before in the sentence (中国国防报讯 …记者);
            # 本报记者 names no outlet, and a correspondent (通讯员) is tied to none
            media = next((s for s in reversed(slots) if s.end <= start and s.type == "unit"
                          and _is_media(s.entity, mentions, links)), None)
            named_before = by_end.get(text.rfind(m.role, 0, start))
            if media and not (named_before and named_before.type == "unit"):
                add(links[k], "affiliated_with", media.entity, index, 0.75, role=m.role)
                post_of.setdefault(start, (media.entity, m.role))
        head_of = _head_of_government().fullmatch(m.role) if m.role and governments else None
        if head_of and head_of.group(1) in governments:
            # 县委副书记、县长陈立: a 县长 works for the article's 县政府, whatever unit is written before
            add(links[k], "affiliated_with", governments[head_of.group(1)], index, 0.75, role=m.role)
        if m.role:
            # the role written just before the name, and the unit or place just before the role
            role_at = text.rfind(m.role, 0, start)
            gap = text[role_at + len(m.role): start] if role_at >= 0 else ""
            if role_at >= 0 and not gap.strip(" \u3000\u00a0:："):
                before = by_end.get(role_at) or by_end.get(role_at - 1 if role_at and text[role_at - 1] == " " else -9) \
                    or next((s for s in slots if s.type == "unit" and s.start < role_at < s.end), None) \
                    or _unit_before_titles(text, slots, role_at)  # 乡党委|书记; X办常务|副主任
                if before and kinds.get(m.role) in ("office", "press") and before.type == "unit":
                    add(links[k], "affiliated_with", before.entity, index, 0.85, role=m.role)
                    post_of[start] = (before.entity, m.role)
                    # 市委常委、市人武部政委高卫国: the posts listed before are his too
                    for post in _earlier_posts(text, slots, before):
                        add(links[k], "affiliated_with", post.entity, index, 0.75)
                elif before and kinds.get(m.role) == "office" and before.type == "place" \
                        and m.role.startswith(("村", "社区")):
                    add(links[k], "resident_of", before.entity, index, 0.75)  # 石下村村支书李泽恒
                elif kinds.get(m.role) == "status":
                    # 河南营村,81岁的贫困户张令贤: the nearest place written before lives on
                    place = before if before and before.type == "place" else next(
                        (s for s in reversed(slots) if s.end <= role_at and s.type == "place"), None)
                    if place:
                        add(links[k], "resident_of", place.entity, index, 0.8 if place is before else 0.6)
                    elif home and _HOMETOWN.search(text):  # 刚回到家乡的退役军人曾凡伟
                        add(links[k], "resident_of", home, index, 0.55)
                    elif village and m.role in _VILLAGERS:  # …白沙村。村民李明说: of the paragraph's village
                        add(links[k], "resident_of", village, index, 0.5)
    # an honour written just before a name, or a list of names, is theirs: “全国模范退役军人”李申学
    for j, program in enumerate(slots):
        if program.type != "program":
            continue
        q = j + 1
        gap = text[program.end: slots[q].start] if q < len(slots) else "x"
        while q < len(slots) and slots[q].type == "person" and not gap.strip("”\"、,， \u3000"):
            if slots[q].index >= 0:
                add(links[slots[q].index], "awarded", program.entity, index, 0.8)
            q += 1
            gap = text[slots[q - 1].end: slots[q].start] if q < len(slots) else "x"


# what separates the names of a list of people that share a unit (甲、乙; 记者 甲 乙)
_PERSON_LIST_GAP = re.compile(r"[、\s\u3000]+")


def _listed_post(text: str, slots: list[_Slot], post_of: dict[int, tuple[str, str]], start: int,
                 role: str) -> tuple[str, str] | None:
    """The unit and role of the person listed just before the one at ``start`` (only a list
    separator and the person's own title between), or None."""
    role_at = text.rfind(role, 0, start) if role else start
    if role_at < 0 or text[role_at + len(role): start].strip(" \u3000\u00a0:："):
        role_at = start  # the title the recognizer carried from the name before (记者 甲 乙)
    previous = next((s for s in reversed(slots) if s.end <= role_at), None)
    if previous is None or previous.type != "person" or previous.start not in post_of:
        return None
    gap = text[previous.end: role_at]
    for word in ("副", *_title_words()):  # 会长甲、副会长乙; 、常务副主任乙
        gap = gap.replace(word, "、")
    return post_of[previous.start] if _PERSON_LIST_GAP.fullmatch(gap) else None


# the most characters of other titles and their qualifiers between a unit and a person's title
TITLES_GAP_MAX = 12


def _unit_before_titles(text: str, slots: list[_Slot], role_at: int) -> _Slot | None:
    """The unit written just before a title when only other titles or their qualifiers stand
    between (X局党组成员、副局长, X办常务副主任), or None."""
    unit = next((s for s in reversed(slots) if s.end <= role_at), None)
    if unit is None or unit.type != "unit" or not 0 < role_at - unit.end <= TITLES_GAP_MAX:
        return None
    gap = text[unit.end:role_at]
    for word in _title_words():
        gap = gap.replace(word, "")
    return unit if not gap else None


@functools.cache
def _title_words() -> tuple[str, ...]:
    """Titles and their qualifiers, longest first."""
    return tuple(sorted({*_role_kinds(), *word_class("title_modifiers")}, key=lambda w: (-len(w), w)))


def _earlier_posts(text: str, slots: list[_Slot], unit: _Slot) -> list[_Slot]:
    """Units of the posts listed (with 、) before the unit of a person's title."""
    out, current = [], unit
    while current.start > 0 and text[current.start - 1] == "、":
        segment_start = max(text.rfind(c, 0, current.start - 1) for c in "、，,;；:：(（") + 1
        earlier = [s for s in slots if s.type == "unit" and segment_start <= s.start and s.end <= current.start]
        if not earlier or any(s.type == "person" and earlier[-1].end <= s.start < current.start for s in slots):
            break  # 甲局局长王立、乙办主任李明: the posts of the person before are not his
        out.append(earlier[-1])
        current = earlier[0]
    return out


def _is_media(entity: str, mentions, links) -> bool:
    return any(links[k] == entity and mentions[k].text.endswith(_MEDIA_ENDINGS) for k in range(len(mentions)))


_MEDIA_ENDINGS = word_class("media_endings")


def _only_separators(gap: str) -> bool:
    return bool(gap) and not gap.strip("、,， ")


_LEAD = re.compile(r"^(?:[\d０-９年月日时许上下午晚初中旬底,，、\s()（）]|"
                   + "|".join(map(re.escape, word_class("sentence_openers"))) + ")*")


def _subject(text: str, slots: list[_Slot]) -> _Slot | None:
    """The entity a sentence opens with (after a date or a connective), which the following
    subjectless sentences of the paragraph share."""
    if not slots:
        return None
    lead = _LEAD.match(text)
    return slots[0] if slots[0].start <= (lead.end() if lead else 0) and slots[0].type in ("unit", "place") \
        else None


def _from_triggers(text, offset, index, slots, add, carried: _Slot | None = None,
                   unit_of: dict[str, str] | None = None, levels: dict[str, str] | None = None) -> None:
    types = _types()
    pattern, meaning = _trigger_pattern()
    for hit in pattern.finditer(text):  # longest triggers first, never overlapping
        trigger = hit.group()
        relation, mode = meaning[trigger]
        t0, t1 = hit.start(), hit.end()
        if any(s.start <= t0 < s.end for s in slots):
            continue  # inside a name (帮扶单位 in a unit's name)
        heads, tails = types[relation]
        clause_end = _CLAUSE_END.search(text, t1)
        limit = clause_end.start() if clause_end else len(text)
        after = [s for s in slots if t1 <= s.start < limit]
        if trigger in _requires():
            _from_visit(text, index, slots, add, t0, t1, trigger, carried, unit_of or {}, levels or {})
            continue
        before = [s for s in slots if s.end <= t0]
        if mode == "residents":
            place = next((s for s in reversed(before) if s.type == "place"), None)
            for s in (s for s in slots if s.start >= t1 and s.type == "person"):
                if place:
                    add(s.entity, relation, place.entity, index, 0.6)
            continue
        if mode == "home":
            # 李明家住白沙村 / 李明的家在白沙村: the person before lives in the place after (the
            # most specific of a chain); 家住白沙村的李明: the person right after the place and 的
            place = next((s for s in after if s.type == "place"), None)
            if place is None:
                continue
            place = _most_specific(place, slots)
            person = next((s for s in reversed(before) if s.type == "person"), None)
            if person is None or not _no_clause_break(text, person.end, t0):
                person = next((s for s in slots if s.type == "person" and s.start == place.end + 1), None) \
                    if text[place.end:place.end + 1] == "的" else None
            if person is not None:
                add(person.entity, relation, place.entity, index, 0.75)
            continue
        if mode == "founded":
            # X成立Y领导小组: the group belongs to its founder
            founder = next((s for s in reversed(before) if s.type == "unit" and not _governed(text, s)), None)
            group = next((s for s in after if s.type == "unit"), None)
            if founder and group:
                add(group.entity, relation, founder.entity, index, 0.7)
            continue
        if mode == "with":
            # A与B建立了帮扶关系: A helps B
            joint = max(text.rfind(w, 0, t0) for w in _PAIR_WORDS[:3])
            partner = next((s for s in slots if s.start == joint + 1 and s.type in tails), None) if joint >= 0 else None
            subject = next((s for s in reversed(before) if s.end <= joint and s.type in heads
                            and not _governed(text, s)), None) if partner else None
            subject = subject or (carried if partner and carried is not None and carried.type in heads else None)
            if partner and subject and _no_clause_break(text, joint, t0):
                partner = _most_specific(partner, slots) if partner.type == "place" else partner
                add(subject.entity, relation, partner.entity, index, 0.7)
            continue
        if mode == "mutual":
            pair = _pair_before(text, before)
            if pair:
                add(pair[0].entity, relation, pair[1].entity, index, 0.75)
                continue
            first = next((s for s in after if s.type in tails), None)
            subject = next((s for s in reversed(before) if s.type in heads), None)
            if trigger in ("联合", "携手") and first and subject and first.start == t1:
                add(subject.entity, relation, first.entity, index, 0.7)  # A联合B
            continue
        passive = text.rfind("被", 0, t0)
        if passive >= 0 and _no_clause_break(text, passive, t0):
            # X被评为Y: X is the subject, and it stands in the same clause
            clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, passive)), default=0)
            scope = [s for s in before if clause_start <= s.start and s.end <= passive]
        else:
            scope = before
        head = next((s for s in reversed(scope) if s.type in heads and not _governed(text, s)), None)
        tail = next((s for s in after if s.type in tails), None)
        if head is None and carried is not None and carried.type in heads and passive < 0 and not before:
            head = carried  # 建立…,深化…“七进”活动: the paragraph's subject acts
        # an official acts for their unit: 随后，陈立来到白沙村慰问 (陈立 the 人武部's 政委)
        agent = next((s for s in reversed(scope) if s.type == "person" and not _governed(text, s)), None)
        if agent is not None and "person" not in heads and unit_of and agent.entity in unit_of \
                and (head is None or head.end <= agent.start) and _no_clause_break(text, agent.end, t0):
            head = _Slot(unit_of[agent.entity], "unit", agent.start, agent.end, -1)
        if head and tail is None and relation in _OBJECT_BEFORE:
            tail = _object_before(text, slots, head, t0, tails, levels or {})
        if not head or not tail:
            continue
        if tail.type == "place":
            tail = _most_specific(tail, slots)
            # 慰问了白沙村老党员王大海: the person the place describes is the one helped
            person = next((s for s in after if s.start >= tail.end), None)
            if person is not None and person.type == "person" and "person" in tails \
                    and _ROLE_GAP.fullmatch(text[tail.end: person.start]):
                tail = person
        # lists on either side: 银川市、吴忠市…被评为 X; 走访慰问了A、B、C
        subjects = _listed(text, slots, head, backwards=True)
        for h in subjects:
            for t in _listed(text, slots, tail, backwards=False):
                add(h.entity, relation, t.entity, index, 0.7)
        if relation in _CO_ORGANISED and 2 <= len(subjects) <= _MAX_PARTNERS and passive < 0:
            # A、B、C共同主办X: two or three co-organisers are each other's partners (the
            # addendum); a longer list is a roll of participants
            ordered = sorted(subjects, key=lambda x: x.start)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    add(a.entity, "partners_with", b.entity, index, 0.65)
        # A为B提供…: B is helped too
    for hit in re.finditer("为", text):
        provide = text.find("提供", hit.end())
        if provide < 0 or not _no_clause_break(text, hit.end(), provide):
            continue
        beneficiary = next((s for s in slots if s.start == hit.end() and s.type in ("unit", "place", "person")), None)
        subject = next((s for s in reversed(slots) if s.end <= hit.start() and s.type == "unit"), None)
        if beneficiary and subject:
            add(subject.entity, "assists", beneficiary.entity, index, 0.65)


# what follows the outlet of a dateline (远山融媒讯, 远山日报客户端讯)
_DATELINE = re.compile(r"[^\s，,。：:]{0,6}?讯")
# what stands between the official who leads a visit and the visit word (王政委一行来到, 带队前往)
_LEADS = re.compile(r"(?:等人|等)?(?:一行|带队|率队|带领慰问组)?(?:先后|分别|专程|还|又|一同|再次)?$")
# the places a visit goes to that it helps: a township or a village, not the region travelled to
# (远赴西藏慰问边防官兵 helps the troops, not 西藏)
_VISITED_LEVELS = frozenset((Level.TOWNSHIP.value, Level.VILLAGE.value))


def _from_visit(text, index, slots, add, t0, t1, trigger, carried, unit_of, levels) -> None:
    """县人武部来到白沙村、石门村看望老党员: the sentence's subject (a unit, or the unit of the
    official who leads: 王政委一行来到…) goes to the names right after the visit word and, as a
    trigger of the relation the word requires follows in the sentence, stands in it to them."""
    relation = _requires()[trigger]
    heads, tails = _types()[relation]
    goal = next((s for s in slots if s.start >= t1), None)
    if goal is None or goal.type not in tails or text[t1:goal.start] not in ("", "了") \
            or not _followed_by(text, goal.end, relation):
        return
    before = [s for s in slots if s.end <= t0]
    opening = 0
    dateline = _DATELINE.match(text, before[0].end) if before else None
    if dateline:  # 远山融媒讯 …: the outlet that reports is not the subject
        before, opening = before[1:], dateline.end()
    lead = _LEAD.match(text[opening:])
    first = before[0] if before and before[0].start <= opening + (lead.end() if lead else 0) else None
    # 王政委一行来到…, 王政委带队来到…: the official who leads the visit acts for their unit
    leader = next((s for s in reversed(before) if s.type == "person" and s.entity in unit_of
                   and _LEADS.match(text, s.end, t0)), None)
    head = None
    if leader is not None:
        head = _Slot(unit_of[leader.entity], "unit", leader.start, leader.end, -1)
    elif first is not None and first.type in heads:
        head = first
    elif first is not None and first.type == "person" and first.entity in unit_of:
        head = _Slot(unit_of[first.entity], "unit", first.start, first.end, -1)
    elif not before and carried is not None and carried.type in heads:
        head = carried
    if head is None:
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, t0)), default=0)
        head = next((s for s in reversed(before) if s.start >= clause_start and s.type in heads
                     and not _governed(text, s)), None)
    if head is None:
        return
    subjects = [h for h in _listed(text, slots, head, backwards=False) if h.end <= t0] if head in slots else [head]
    for tail in _listed(text, slots, goal, backwards=False):
        if tail.type == "place":
            tail = _most_specific(tail, slots)
            if levels.get(tail.entity) not in _VISITED_LEVELS:
                continue
        for h in subjects:
            add(h.entity, relation, tail.entity, index, 0.7)


# relations whose joint subjects are partners, and the most such partners (the addendum:
# partners_with only between two or three named co-organisers)
_CO_ORGANISED = frozenset(("organizes",))
_MAX_PARTNERS = 3
# relations whose object may stand before the trigger behind a preposition (A对B进行慰问), and
# those prepositions
_OBJECT_BEFORE = frozenset(("assists",))
_OBJECT_PREPOSITIONS = word_class("object_prepositions")


def _object_before(text, slots, head, t0, tails, levels) -> _Slot | None:
    """青禾县人武部对烈属王大海进行慰问: the first name after a preposition that stands after the
    subject, in the trigger's clause, is the one helped (a place only a township or a village:
    向全县退役军人致以慰问 helps the veterans, not the county)."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, t0)), default=0)
    start = max(head.end, clause_start) if head.index >= 0 else clause_start
    at = max(text.rfind(p, start, t0) for p in _OBJECT_PREPOSITIONS)
    if at < 0 or any(s.start <= at < s.end for s in slots):
        return None
    found = next((s for s in slots if at < s.start and s.end <= t0 and s.type in tails), None)
    if found is not None and found.type == "place":
        found = _most_specific(found, slots)
        if levels.get(found.entity) not in _VISITED_LEVELS:
            return None
    return found


# what may stand between a place and the person it describes: 白沙村(的)老党员王大海
_ROLE_GAP = re.compile(r"的?[\u4e00-\u9fff]{0,6}")
# a list that follows an honour: 省双拥模范城(3个)：青禾市、远山市、石门市
# (…分别是：青禾市、远山市; …包括：…)
_LIST_OPENING = re.compile(r"[”」』\"]?\s*(?:[(（][^()（）]{0,12}[)）])?\s*(?:分别是|分别为|包括|有)?\s*[:：]\s*$")
_HONOUR_ENDINGS = tuple(word_class("honour_endings"))
_HONOUR_WORDS = tuple(word_class("honour_words"))


def _from_honour_lists(text, index, slots, add) -> None:
    """Each name of a list opened by an honour and a colon holds the honour."""
    for k, honour in enumerate(slots):
        name = text[honour.start: honour.end]
        if honour.type != "program" or not (name.rstrip("”」』\"").endswith(_HONOUR_ENDINGS)
                                            or any(w in name for w in _HONOUR_WORDS)):
            continue
        if k > 0 and slots[k - 1].type == "place" and slots[k - 1].end == honour.start:
            continue  # 河北省|双拥模范城 read as two names: the honour is not the one named
        first = next((s for s in slots[k + 1:] if s.type in ("place", "unit", "person")), None)
        if first is None or not _LIST_OPENING.match(text[honour.end: first.start]):
            continue
        for member in _listed(text, slots, first, backwards=False):
            add(member.entity, "awarded", honour.entity, index, 0.7)


# a name right after a preposition is its object, not the subject of a verb after it
_PREPOSITIONS = word_class("prepositions")


def _governed(text: str, slot: _Slot) -> bool:
    return text[slot.start - 1: slot.start] in _PREPOSITIONS


def _no_clause_break(text: str, start: int, end: int) -> bool:
    return not _CLAUSE_END.search(text, start, end)


def _pair_before(text: str, before: list[_Slot]) -> tuple[_Slot, _Slot] | None:
    """Two units joined by 与/和/同 (A与B): the pair a mutual trigger speaks of."""
    units = [s for s in before if s.type == "unit"]
    for a, b in zip(units, units[1:]):
        if text[a.end: b.start] in _PAIR_WORDS:
            return a, b
    return None


_LIST_JOINERS = word_class("list_joiners")


def _listed(text: str, slots: list[_Slot], slot: _Slot, backwards: bool) -> list[_Slot]:
    """``slot`` and the slots of the same type listed with it (A、B和C)."""
    out = [slot]
    if slot not in slots:
        return out  # a subject carried over from an earlier sentence
    position = slots.index(slot)
    step = -1 if backwards else 1
    k = position + step
    while 0 <= k < len(slots):
        near, far = (slots[k], slots[k - step]) if backwards else (slots[k - step], slots[k])
        if not backwards and slot.type == "place" and slots[k].type == "place" and near.end == far.start:
            out[-1] = slots[k]  # 青禾市远山区 in a list: the district is the member
            k += step
            continue
        if slots[k].type != slot.type or text[near.end: far.start] not in _LIST_JOINERS:
            break
        out.append(slots[k])
        k += step
    if slot.type == "place" and not backwards:
        out = [out[0]] + [_most_specific(s, slots) for s in out[1:]]
    return out


def _most_specific(slot: _Slot, slots: list[_Slot]) -> _Slot:
    """The last place of a compound written as one (古蔺县|太平镇|九龙村 → 九龙村)."""
    position = slots.index(slot)
    while position + 1 < len(slots) and slots[position + 1].type == "place" \
            and slots[position + 1].start == slots[position].end:
        position += 1
    return slots[position]
