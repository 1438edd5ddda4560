"""The registry of counting rules by their command-line name (`samskab pb tally --rule NAME`).

Each rule module registers its functions here; ``auto`` maps a file's META ``rule`` onto them.
"""

from __future__ import annotations

from samskab.engine.pb.outcome import Rule

RULES: dict[str, Rule] = {}
