"""Why sygraph read a text the way it did: every candidate span, what proposed it, which
decision kept or dropped it, and which source made each relation.

    >>> e = explain("青禾县人武部帮扶白沙村。")
    >>> [(d.text, d.decision, d.proposed_by) for d in e.decisions if d.decision != "dropped"]
    [('青禾县人武部', 'kept', 'rule units'), ('白沙村', 'kept', 'rule places'), ('青禾县', 'added', 'rule places')]
    >>> [(r.head, r.relation, r.tail, r.by) for r in e.relations]
    [('青禾县人武部', 'assists', '白沙村', 'trigger words'), ('青禾县人武部', 'located_in', '青禾县', 'the structure of names')]

The text is read as an article body (no page header to separate); the trace is switched on
only for this call, so a build pays nothing for it.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import recognize as _recognize
from . import relate as _relate
from .ingest import parse_article
from .recognize import recognize
from .relate import relate
from .resolve import resolve

__all__ = ["Decision", "Made", "Explanation", "explain", "format_explanation"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of one candidate span: who proposed it (a rule, the registry, a tagger
    with its probability), and whether it was ``kept``, ``dropped`` (and why) or ``added`` (a
    parent unit or a place written inside a name). Offsets are within the sentence."""

    sentence: str
    text: str
    type: str
    start: int
    end: int
    tier: str  # the name of the candidate's tier (recognize.Tier)
    proposed_by: str
    decision: str
    why: str


@dataclass(frozen=True, slots=True)
class Made:
    """One relation and the source that made it."""

    head: str
    relation: str
    tail: str
    sentence: str
    confidence: float
    by: str


@dataclass(frozen=True, slots=True)
class Explanation:
    decisions: tuple[Decision, ...]
    mentions: tuple[tuple[str, str], ...]  # (text, type) of every mention, in text order
    relations: tuple[Made, ...]


def explain(text: str, registry=None) -> Explanation:
    """The recognizer's and the relation sources' decisions on ``text``."""
    article = parse_article("explain", text, title="")
    recognized: list = []
    made: list = []
    tokens = (_recognize.TRACE.set(recognized), _relate.TRACE.set(made))
    try:
        mentions = recognize(article, registry)
        resolution = resolve(article, mentions, registry)
        relate(article, mentions, resolution)
    finally:
        _recognize.TRACE.reset(tokens[0])
        _relate.TRACE.reset(tokens[1])
    decisions = []
    sentence = ""
    proposer: dict[int, str] = {}
    for event, c, why in recognized:
        if event == "sentence":
            sentence = why  # the text of the sentence read next
        elif event == "proposed":
            proposer[id(c)] = why
        else:
            by = proposer.get(id(c))
            if by is None:  # a name the tagger found and dropped itself: "who: why"
                by, _, why = why.partition(": ") if event == "dropped" else ("the recognizer", "", why)
            decisions.append(Decision(sentence, c.text, c.type.value, c.start, c.end, c.tier.name, by, event,
                                      why if event != "kept" else f"wins its span at tier {c.tier.name}"))
    names = {e.id: e.name for e in resolution.entities}
    relations = tuple(sorted(
        (Made(names.get(h, h), rel, names.get(t, t), article.sentences[k].text, confidence, source)
         for source, h, rel, t, k, confidence in made), key=lambda m: (m.head, m.relation, m.tail)))
    return Explanation(tuple(decisions), tuple((m.text, m.type.value) for m in mentions), relations)


def format_explanation(e: Explanation) -> str:
    """The explanation as text: per sentence, each span with its decision, then the relations."""
    lines = []
    sentence = None
    for d in e.decisions:
        if d.sentence != sentence:
            sentence = d.sentence
            lines.append(f"sentence: {sentence}")
        lines.append(f"  {d.decision:7} {d.text} [{d.type}] {d.start}-{d.end}, proposed by {d.proposed_by}: {d.why}")
    lines.append("mentions: " + ("、".join(f"{t}[{k}]" for t, k in e.mentions) or "none"))
    lines.append("relations:")
    for r in e.relations:
        lines.append(f"  {r.head} {r.relation} {r.tail} ({r.confidence}): {r.by}, in {r.sentence}")
    if not e.relations:
        lines.append("  none")
    return "\n".join(lines)
