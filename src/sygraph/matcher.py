"""A small matcher of token patterns, in the spirit of spaCy's ``Matcher``: the recognizer's
sequence rules written as data (``data/patterns.tsv``; the format is in docs/patterns.md).

A pattern is a sequence of *specs*, each matching one unit of the text, a segmenter token
(``unit`` token) or a character (``unit`` char)::

    {"WORD": "驻"}                      the unit is this word (TEXT is the same)
    {"IN": ["某", "部队"]}               the unit is one of these words ("@class" names a word
                                        class of word_classes.tsv, "@file.tsv:column" a column)
    {"NOT_IN": ["区", "县"]}             the unit is none of these
    {"TAG": "place"} {"TAG_IN": [...]}   the token's lexicon category or jieba POS (tokens only)
    {"TAG_NOT_IN": [...]}
    {"CJK": true}                       every character Chinese
    {"SPACE": true}                     a space character
    {"LENGTH": 2} {"MIN_LENGTH": 2} {"MAX_LENGTH": 4}
    {"ANY_OF": [spec, ...]}             one of the specs
    {"SEQ": [spec, ...]}                a group of specs (repeated as a whole by its OP)
    {"END": true}                       the end of the text (zero-width; in ANY_OF or AHEAD)

A spec's keys must all hold. ``"OP"`` repeats a spec: ``?``, ``*``, ``+``, ``{m,n}`` or
``{m}``. Three keys place a spec outside the output span: ``"SPAN": false`` (matched and
consumed, but not output: 驻 of 驻X部队), ``"AHEAD": true`` (zero-width, at the end: what must
follow) and ``"BEHIND": true`` (zero-width, at the start: what must precede); a zero-width spec
with ``"NOT": true`` says what must *not* follow or precede (the text's edge qualifies).

Patterns sharing a name are the alternatives of one rule, tried in file order: at each
position from the left, the first alternative that matches wins; repetition is greedy with
backtracking and matches do not overlap (as a regular expression's ``finditer``). Character
patterns are compiled to one regular expression per rule; token patterns are indexed by what
their first spec can match (word or tag), so a rule only looks at the tokens it can start on.

    >>> rule = Rule.of([{"TAG": "place"}, {"WORD": "村"}])
    >>> from types import SimpleNamespace as T
    >>> tokens = [T(word="九龙", tag="place", start=0, end=2), T(word="村", tag="n", start=2, end=3)]
    >>> rule.find("九龙村", tokens)
    [(0, 3)]
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field

from .errors import DataError
from .lexicon import load_table, word_class

__all__ = ["Pattern", "Rule", "patterns", "rules"]

_CJK_CLASS = "[\u4e00-\u9fff]"
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_OP = re.compile(r"^(?:\?|\*|\+|\{(\d+)(?:,(\d*))?\})$")
_UNIT_KEYS = {"WORD", "TEXT", "IN", "NOT_IN", "TAG", "TAG_IN", "TAG_NOT_IN", "CJK", "SPACE", "LENGTH",
              "MIN_LENGTH", "MAX_LENGTH", "ANY_OF", "SEQ", "END"}
_PLACE_KEYS = {"OP", "SPAN", "AHEAD", "BEHIND", "NOT"}
_MANY = 10 ** 6


@dataclass(frozen=True)
class Pattern:
    """One row of ``data/patterns.tsv``: a rule's alternative, what it outputs, its examples."""

    name: str
    stage: str  # where the recognizer asks for it (see recognize._matched)
    type: str  # the entity type of its spans
    tier: str  # the name of a recognize.Tier
    mark: str  # "" or abbreviation: the span is an abbreviation to resolve
    unit: str  # token or char
    specs: tuple = field(repr=False)
    examples: tuple[tuple[str, tuple[str, ...]], ...] = field(repr=False)  # (sentence, the exact spans)
    counter: tuple[str, ...] = field(repr=False)  # sentences on which it finds nothing


def _words(value) -> tuple[str, ...]:
    """A list of words, or a reference to one: "@class" or "@file.tsv:column"."""
    if isinstance(value, str):
        if not value.startswith("@"):
            raise DataError(f"patterns.tsv: a list or an @reference expected, not {value!r}")
        ref = value[1:]
        if ":" in ref:
            table, column = ref.split(":", 1)
            return tuple(dict.fromkeys(r[column] for r in load_table(table) if r[column]))
        return word_class(ref)
    return tuple(value)


def _repeat(spec: dict) -> tuple[int, int, str]:
    op = spec.get("OP", "")
    if not op:
        return 1, 1, ""
    m = _OP.match(op)
    if not m:
        raise DataError(f"patterns.tsv: no such OP {op!r}")
    if op in ("?", "*", "+"):
        return {"?": (0, 1), "*": (0, _MANY), "+": (1, _MANY)}[op] + (op,)
    low = int(m.group(1))
    high = low if m.group(2) is None else (int(m.group(2)) if m.group(2) else _MANY)
    return low, high, op


def _check(spec: dict) -> None:
    unknown = set(spec) - _UNIT_KEYS - _PLACE_KEYS
    if unknown:
        raise DataError(f"patterns.tsv: unknown spec keys {sorted(unknown)}")


# --- characters: a pattern compiles to a regular expression ---------------------------------

def _char_class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _alternation(strings) -> str:
    if all(len(s) == 1 for s in strings):
        return _char_class(strings)
    return "(?:" + "|".join(map(re.escape, strings)) + ")"


def _char_regex(spec: dict) -> str:
    """The regular expression of one spec over characters (without its place keys)."""
    _check(spec)
    if "SEQ" in spec:
        body = "(?:" + "".join(_char_unit(s) for s in spec["SEQ"]) + ")"
    elif "ANY_OF" in spec:
        body = "(?:" + "|".join(_char_regex(s) for s in spec["ANY_OF"]) + ")"
    elif spec.get("END"):
        body = "$"
    else:
        if {"TAG", "TAG_IN", "TAG_NOT_IN", "LENGTH", "MIN_LENGTH", "MAX_LENGTH"} & set(spec):
            raise DataError("patterns.tsv: tags and lengths are for token patterns")
        word = spec.get("WORD", spec.get("TEXT"))
        if word is not None:
            body = re.escape(word)
        elif "IN" in spec:
            body = _alternation(_words(spec["IN"]))
        elif spec.get("CJK"):
            body = _CJK_CLASS
        elif spec.get("SPACE"):
            body = r"\s"
        else:
            body = "."
        if word is not None or "IN" in spec:
            if spec.get("CJK"):
                body = f"(?={_CJK_CLASS}){body}"
            if spec.get("SPACE"):
                body = rf"(?=\s){body}"
        if "NOT_IN" in spec:
            body = f"(?!{_alternation(_words(spec['NOT_IN']))}){body}"
    return body


def _char_unit(spec: dict) -> str:
    body = _char_regex(spec)
    low, high, op = _repeat(spec)
    if op in ("?", "*", "+"):
        return body + op
    if op:
        return body + ("{%d}" % low if low == high else "{%d,%s}" % (low, "" if high == _MANY else high))
    return body


def _char_pattern(specs: tuple) -> str:
    """The pattern as ``behind (?:before)(span)after ahead``: the span is its one group."""
    parts = {"behind": [], "before": [], "span": [], "after": [], "ahead": []}
    for spec in specs:
        if spec.get("BEHIND"):
            parts["behind"].append(("(?<!" if spec.get("NOT") else "(?<=") + _char_unit(spec) + ")")
        elif spec.get("AHEAD"):
            parts["ahead"].append(("(?!" if spec.get("NOT") else "(?=") + _char_unit(spec) + ")")
        elif spec.get("SPAN", True) is False:
            parts["after" if parts["span"] else "before"].append(_char_unit(spec))
        else:
            if parts["after"]:
                raise DataError("patterns.tsv: a span must be one run of specs")
            parts["span"].append(_char_unit(spec))
    if not parts["span"]:
        raise DataError("patterns.tsv: a pattern outputs at least one spec")
    return "".join(parts["behind"] + parts["before"] + ["(" + "".join(parts["span"]) + ")"]
                   + parts["after"] + parts["ahead"])


# --- tokens: a pattern compiles to a tree of predicates, matched with backtracking -----------

@dataclass(frozen=True)
class _Node:
    test: object  # a predicate of one token, or a tuple of _Node (a SEQ), or "END"
    low: int
    high: int


def _token_test(spec: dict):
    _check(spec)
    if "SEQ" in spec:
        return tuple(_token_node(s) for s in spec["SEQ"])
    if spec.get("END"):
        return "END"
    tests = []
    if "ANY_OF" in spec:
        alternatives = [_token_test(s) for s in spec["ANY_OF"]]
        if any(not callable(a) for a in alternatives):
            raise DataError("patterns.tsv: ANY_OF of tokens holds single-token specs")
        tests.append(lambda t: any(a(t) for a in alternatives))
    word = spec.get("WORD", spec.get("TEXT"))
    if word is not None:
        tests.append(lambda t: t.word == word)
    if "IN" in spec:
        inside = frozenset(_words(spec["IN"]))
        tests.append(lambda t: t.word in inside)
    if "NOT_IN" in spec:
        outside = frozenset(_words(spec["NOT_IN"]))
        tests.append(lambda t: t.word not in outside)
    if "TAG" in spec:
        tag = spec["TAG"]
        tests.append(lambda t: t.tag == tag)
    if "TAG_IN" in spec:
        tags = frozenset(spec["TAG_IN"])
        tests.append(lambda t: t.tag in tags)
    if "TAG_NOT_IN" in spec:
        not_tags = frozenset(spec["TAG_NOT_IN"])
        tests.append(lambda t: t.tag not in not_tags)
    if "CJK" in spec:
        cjk = bool(spec["CJK"])
        tests.append(lambda t: bool(_CJK.match(t.word)) is cjk)
    if spec.get("SPACE"):
        tests.append(lambda t: t.word.isspace())
    if "LENGTH" in spec:
        n = spec["LENGTH"]
        tests.append(lambda t: len(t.word) == n)
    if "MIN_LENGTH" in spec:
        low = spec["MIN_LENGTH"]
        tests.append(lambda t: len(t.word) >= low)
    if "MAX_LENGTH" in spec:
        high = spec["MAX_LENGTH"]
        tests.append(lambda t: len(t.word) <= high)
    if len(tests) == 1:
        return tests[0]
    return lambda t: all(test(t) for test in tests)


def _token_node(spec: dict) -> _Node:
    low, high, _ = _repeat(spec)
    return _Node(_token_test(spec), low, high)


def _ends(nodes: tuple, k: int, tokens, pos: int, first: int):
    """The positions after ``nodes[k:]`` matched from token ``pos``, greedy first (a generator,
    for backtracking). A match starts at token ``first``; each token of it touches the one
    before (no space between them)."""
    if k == len(nodes):
        yield pos
        return
    node = nodes[k]
    if node.test == "END":
        if pos == len(tokens):
            yield from _ends(nodes, k + 1, tokens, pos, first)
        return
    if isinstance(node.test, tuple):  # a group: each repetition a whole match of its specs
        def groups(p: int, count: int):
            if count < node.high:
                for e in _ends(node.test, 0, tokens, p, first):
                    if e > p:
                        yield from groups(e, count + 1)
            if count >= node.low:
                yield from _ends(nodes, k + 1, tokens, p, first)
        yield from groups(pos, 0)
        return
    run = pos
    while run < len(tokens) and run - pos < node.high and node.test(tokens[run]) \
            and (run == first or tokens[run - 1].end == tokens[run].start):
        run += 1
    for end in range(run, pos + node.low - 1, -1):
        yield from _ends(nodes, k + 1, tokens, end, first)


@dataclass(frozen=True)
class _TokenPattern:
    behind: tuple  # zero-width specs before the match, each (_Node, negated)
    before: tuple  # consumed, outside the span
    span: tuple
    after: tuple  # consumed, outside the span
    ahead: tuple  # zero-width specs after the match, each (_Node, negated)

    def match(self, tokens, i: int) -> tuple[int, int, int] | None:
        """(span start, span end, consumed end), in tokens, of the first match at ``i``."""
        for node, negated in self.behind:
            if (i > 0 and node.test(tokens[i - 1])) is negated:
                return None
        for b in _ends(self.before, 0, tokens, i, i):
            for s in _ends(self.span, 0, tokens, b, i):
                if s == b:
                    continue
                for a in _ends(self.after, 0, tokens, s, i):
                    if all(any(True for _ in _ends((node,), 0, tokens, a, a)) is not negated
                           for node, negated in self.ahead):
                        return b, s, a
        return None


def _token_pattern(specs: tuple) -> _TokenPattern:
    parts = {"behind": [], "before": [], "span": [], "after": [], "ahead": []}
    for spec in specs:
        if spec.get("BEHIND"):
            node = _token_node(spec)
            if not callable(node.test) or (node.low, node.high) != (1, 1):
                raise DataError("patterns.tsv: a token pattern looks behind at one token")
            parts["behind"].append((node, bool(spec.get("NOT"))))
        elif spec.get("AHEAD"):
            node = _token_node(spec)
            parts["ahead"].append((_Node(node.test, 1, 1), bool(spec.get("NOT"))))
        elif spec.get("SPAN", True) is False:
            parts["after" if parts["span"] else "before"].append(_token_node(spec))
        else:
            if parts["after"]:
                raise DataError("patterns.tsv: a span must be one run of specs")
            parts["span"].append(_token_node(spec))
    if not parts["span"]:
        raise DataError("patterns.tsv: a pattern outputs at least one spec")
    return _TokenPattern(*(tuple(parts[k]) for k in ("behind", "before", "span", "after", "ahead")))


def _first_keys(specs: tuple) -> tuple[str, frozenset[str]] | None:
    """What the first consuming spec needs: ("word", words) or ("tag", tags), or None (any)."""
    for spec in specs:
        if spec.get("BEHIND"):
            continue
        low, _, _ = _repeat(spec)
        if low == 0 or "SEQ" in spec or "ANY_OF" in spec:
            return None
        word = spec.get("WORD", spec.get("TEXT"))
        if word is not None:
            return "word", frozenset({word})
        if "IN" in spec:
            return "word", frozenset(_words(spec["IN"]))
        if "TAG" in spec:
            return "tag", frozenset({spec["TAG"]})
        if "TAG_IN" in spec:
            return "tag", frozenset(spec["TAG_IN"])
        return None
    return None


class Rule:
    """The alternatives of one pattern name, compiled: :meth:`find` gives the output spans."""

    def __init__(self, alternatives: list[tuple], unit: str = "token"):
        self.unit = unit
        if unit == "char":
            self.regex = re.compile("|".join(_char_pattern(specs) for specs in alternatives))
        elif unit == "token":
            self.alternatives = tuple(_token_pattern(specs) for specs in alternatives)
            firsts = [_first_keys(specs) for specs in alternatives]
            # the words and tags a match can start on; None: any token
            self.words = frozenset().union(*(f[1] for f in firsts if f and f[0] == "word")) \
                if all(firsts) else None
            self.tags = frozenset().union(*(f[1] for f in firsts if f and f[0] == "tag")) if all(firsts) else None
        else:
            raise DataError(f"patterns.tsv: unit {unit!r} is neither token nor char")

    @classmethod
    def of(cls, specs: list[dict], unit: str = "token") -> "Rule":
        return cls([tuple(specs)], unit)

    def find(self, text: str, tokens=()) -> list[tuple[int, int]]:
        """The (start, end) character offsets of the spans the rule outputs, left to right."""
        if self.unit == "char":
            out = []
            for m in self.regex.finditer(text):
                g = next(g for g in range(1, (m.lastindex or 0) + 1) if m.start(g) >= 0)
                out.append((m.start(g), m.end(g)))
            return out
        out = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if self.words is not None and t.word not in self.words and t.tag not in self.tags:
                i += 1
                continue
            for alternative in self.alternatives:
                found = alternative.match(tokens, i)
                if found is not None:
                    b, s, a = found
                    out.append((tokens[b].start, tokens[s - 1].end))
                    i = max(a, i + 1)
                    break
            else:
                i += 1
        return out


def _parse(row: dict, lineno: int) -> Pattern:
    try:
        specs = json.loads(row["tokens"])
        examples = json.loads(row["examples"])
        counter = json.loads(row["counter_examples"])
    except json.JSONDecodeError as e:
        raise DataError(f"patterns.tsv:{row['name']}: {e}") from None
    if not examples or not counter:
        raise DataError(f"patterns.tsv:{row['name']}: a pattern needs examples and counter-examples")
    return Pattern(row["name"], row["stage"], row["type"], row["tier"], row["mark"], row["unit"],
                   tuple(specs), tuple((s, tuple(spans)) for s, spans in examples.items()), tuple(counter))


@functools.cache
def patterns() -> tuple[Pattern, ...]:
    """The rows of ``data/patterns.tsv``, in file order."""
    return tuple(_parse(row, k) for k, row in enumerate(load_table("patterns.tsv"), 1))


@functools.cache
def rules() -> dict[str, tuple[Pattern, Rule]]:
    """Each pattern name's first row (its type, tier and stage) and its compiled rule."""
    grouped: dict[str, list[Pattern]] = {}
    for p in patterns():
        grouped.setdefault(p.name, []).append(p)
    out = {}
    for name, rows in grouped.items():
        head = rows[0]
        if any((r.stage, r.type, r.tier, r.mark, r.unit) != (head.stage, head.type, head.tier, head.mark, head.unit)
               for r in rows):
            raise DataError(f"patterns.tsv: the alternatives of {name} differ in stage, type, tier, mark or unit")
        out[name] = (head, Rule([r.specs for r in rows], head.unit))
    return out
