"""The closed vocabularies of sygraph: relation types, place levels, trigger modes and cues.

Each is a :class:`enum.StrEnum`, so a member is its own string (``"located_in"``) wherever a
string is written, and a value outside the vocabulary fails where it is read:
:func:`sygraph.lexicon.load_table` checks the data tables' columns against these when they
load, and names the file and line of a value that is not a member.

Examples
--------
>>> RelationType("assists"), Level.COUNTY.rank, Level("village") > Level("county")
(<RelationType.ASSISTS: 'assists'>, 2, True)
>>> RelationType("helps")
Traceback (most recent call last):
...
ValueError: 'helps' is not a valid RelationType
"""
from __future__ import annotations

from enum import StrEnum

__all__ = ["RelationType", "Level", "TriggerMode", "Cue", "MentionCue", "RoleKind"]


class RelationType(StrEnum):
    """The typed relations of the annotation guidelines (``data/relation_types.tsv`` says
    which entity types each joins)."""

    LOCATED_IN = "located_in"
    PART_OF = "part_of"
    AFFILIATED_WITH = "affiliated_with"
    RESIDENT_OF = "resident_of"
    ASSISTS = "assists"
    PARTNERS_WITH = "partners_with"
    ORGANIZES = "organizes"
    PURSUES = "pursues"
    AWARDED = "awarded"


class Level(StrEnum):
    """The levels of China's administrative divisions, from the top; a later level is lower
    (``Level.VILLAGE > Level.COUNTY``: further down the hierarchy)."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"

    @property
    def rank(self) -> int:
        """0 for a province, 4 for a village."""
        return _LEVEL_ORDER.index(self)

    def __lt__(self, other):
        if isinstance(other, Level):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, Level):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, Level):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, Level):
            return self.rank >= other.rank
        return NotImplemented


_LEVEL_ORDER = tuple(Level)


class TriggerMode(StrEnum):
    """How a trigger word of ``data/relation_triggers.tsv`` orders its two sides."""

    ACTIVE = "active"  # head before, tail after (a 被 between them turns them round)
    WITH = "with"  # A与B建立…关系: the head is the subject, the tail the one after 与
    MUTUAL = "mutual"  # A与B … trigger: both sides are units, each the other's partner
    RESIDENTS = "residents"  # a place before, the people after live there
    HOME = "home"  # a person lives in the place after (家住, 的家在)
    FOUNDED = "founded"  # X成立Y领导小组: the group after is part of its founder before


class Cue(StrEnum):
    """Where an honour cue of ``data/honour_cues.tsv`` stands: before the quoted honour
    (被评为“…”) or after it (“…”荣誉称号)."""

    BEFORE = "before"
    AFTER = "after"


class MentionCue(StrEnum):
    """What the way a mention is written tells the resolver (``Mention.cue``); a mention
    written as a plain name has none."""

    ABBREVIATION = "abbreviation"  # a one-character place abbreviation (驻泸部队 → 泸)
    REFERENCE = "reference"  # a generic-looking unit name (国防教育服务中心) that only shortens a
    # fuller name of the article: merged into that one, or dropped
    FEATURE = "feature"  # a natural feature, country or city outside the division table
    UNPLACED = "unplaced"  # a unit written with no place at all (人武部): the home area's


class RoleKind(StrEnum):
    """What a role word of ``data/roles.tsv`` says about the person beside it."""

    OFFICE = "office"  # a post in a unit (政委, 镇长)
    PRESS = "press"  # a byline role (记者, 编辑)
    STATUS = "status"  # who the person is (老兵, 军属)
