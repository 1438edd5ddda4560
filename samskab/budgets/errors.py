"""What a borgerbudget write refuses with; the message is for the user.

Kept apart from ``actions/`` so that the modules the actions and the tasks both build on
(counting, voter lists) can raise them without importing the actions package.
"""

from __future__ import annotations


class ActionRefused(Exception):
    """A write that the rules do not allow now; the message is for the user."""


class VotingClosed(ActionRefused):
    pass


class ChannelConflict(ActionRefused):
    pass


class PaperBallotRepeated(ActionRefused):
    """The voter already has a paper ballot; a new one must be entered as a correction."""
