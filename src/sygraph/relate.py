"""Relations between the entities of one article, each with the sentence that states it.

This stage reads structure that the names themselves carry: a compound place name is a
chain of containment (古蔺县太平镇九龙村), and a unit named after a place is located in it
(泸县嘉明镇中心小学 → 嘉明镇). ``relate`` is a pure function of the article, its mentions
and their resolution.
"""
from __future__ import annotations

from .model import Article, EntityType, Mention, Part, Relation
from .resolve import Resolution

__all__ = ["relate", "LOCATED_IN"]

LOCATED_IN = "located_in"


def relate(article: Article, mentions: list[Mention], resolution: Resolution) -> list[Relation]:
    """Typed relations stated by the article, deduplicated, in a stable order."""
    links = resolution.links
    found: dict[tuple[str, str, str, int], Relation] = {}

    def add(head: str, relation: str, tail: str, sentence: int, confidence: float) -> None:
        if not head or not tail or head == tail or sentence < 0:
            return
        s = article.sentences[sentence]
        if s.part is not Part.BODY:
            return  # evidence is quoted from the body; the body restates what a title says
        key = (head, relation, tail, sentence)
        found.setdefault(key, Relation(head, relation, tail, article=article.source, evidence=article.written(s),
                                       start=s.start, end=s.end, confidence=confidence))

    by_span = {(m.sentence, m.start, m.end, m.type): k for k, m in enumerate(mentions)}
    for k, m in enumerate(mentions):
        if m.type is not EntityType.PLACE or not m.parent:
            continue
        # the containing place is the place mention that ends where this one starts
        parent = next((j for (sent, _, end, t), j in by_span.items()
                       if sent == m.sentence and end == m.start and t is EntityType.PLACE
                       and mentions[j].text == m.parent), None)
        if parent is not None:
            add(links[k], LOCATED_IN, links[parent], m.sentence, 0.95)
    for k, m in enumerate(mentions):
        if m.type is not EntityType.UNIT:
            continue
        # the last place written inside the unit's name is where the unit is
        inner = [j for j, o in enumerate(mentions) if o.type is EntityType.PLACE and o.sentence == m.sentence
                 and m.start <= o.start and o.end <= m.end and links[j]]
        if inner:
            add(links[k], LOCATED_IN, links[max(inner, key=lambda j: mentions[j].end)], m.sentence, 0.9)
    # a unit written with a bare level character (区人武部) is in the place the resolver
    # read it as (西峰区)
    for unit, place, k in resolution.qualified_by:
        add(unit, LOCATED_IN, place, mentions[k].sentence, 0.8)
    return sorted(found.values(), key=lambda r: (r.head, r.relation, r.tail, r.start))
