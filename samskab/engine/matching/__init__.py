"""Mentor-mentee matching "i øjenhøjde": scores with reasons, hard rules, optimal proposals."""

from __future__ import annotations

from samskab.engine.matching.assign import MatchingResult, ProposedMatch, assign
from samskab.engine.matching.explain import describe, describe_unmatched
from samskab.engine.matching.profiles import MenteeProfile, MentorProfile
from samskab.engine.matching.score import (
    DEFAULT_WEIGHTS,
    Blocked,
    Reason,
    Score,
    Weights,
    score_pair,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "Blocked",
    "MatchingResult",
    "MenteeProfile",
    "MentorProfile",
    "ProposedMatch",
    "Reason",
    "Score",
    "Weights",
    "assign",
    "describe",
    "describe_unmatched",
    "score_pair",
]
