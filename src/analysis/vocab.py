"""The enumerations of the data contract, defined once.

Every closed vocabulary a processed table may hold lives here: the table checks
(`tables.allowed_values`), the codebook validation, the network and the figures all read these
classes, so a value is added in one place. The values are the contract's strings
(`../shared/DESIGN.md`, "Contract: enumerations"); `StrEnum` members compare equal to them,
so rows keep plain strings.
"""
from __future__ import annotations

from enum import StrEnum


class Attribution(StrEnum):
    """Who a claim is attributed to (see DESIGN.md)."""

    AUTHOR = "author"        # the article's own voice; claimant = the outlet's actor
    NAMED = "named"          # an identified person, body or state
    GROUP = "group"          # unnamed sources characterised by affiliation
    ANONYMOUS = "anonymous"  # no source at all ("reportedly", "there are reports")


class Polarity(StrEnum):
    """Whether the claimant affirms or denies the content."""

    AFFIRM = "affirm"
    DENY = "deny"


class Modality(StrEnum):
    """How firmly the content is asserted; members in order from firmest to weakest."""

    ASSERTED = "asserted"
    HEDGED = "hedged"            # reportedly, allegedly, scare quotes, "at least"
    FORECAST = "forecast"        # will, likely
    CONDITIONAL = "conditional"  # "if ... are confirmed"


class Origin(StrEnum):
    """Where a claim row comes from."""

    EXTRACTED = "extracted"  # the rules
    MANUAL = "manual"        # an analyst's correction (codebook/corrections/)


class ActorType(StrEnum):
    """The type of an actor."""

    STATE = "state"
    GOVERNMENT = "government"
    MILITARY = "military"
    PERSON = "person"
    MEDIA = "media"
    SOURCE_GROUP = "source_group"
    ARMED_GROUP = "armed_group"
    INTERNATIONAL_ORG = "international_org"
    BLOC = "bloc"


#: Signs of a relation as they stand in relations.csv: cooperative, neutral, hostile.
SIGNS: tuple[str, ...] = ("-1", "0", "1")

#: Modalities from firmest to weakest (an aggregated edge shows the firmest behind it).
MODALITY_ORDER: tuple[str, ...] = tuple(m.value for m in Modality)


def values(enum: type[StrEnum]) -> frozenset[str]:
    """The plain string values of an enumeration (for set checks on table columns)."""
    return frozenset(m.value for m in enum)
