"""The registry of counting rules by their command-line name (`samskab pb tally --rule NAME`).

Each rule module registers its functions here; ``auto`` maps a file's META ``rule`` onto them.
"""

from __future__ import annotations

from samskab.engine.pb.outcome import Rule

RULES: dict[str, Rule] = {}

# Equal shares, its completions and Phragmén (modules mes, completion, phragmen).
from samskab.engine.pb.completion import add1, add1_comparison  # noqa: E402
from samskab.engine.pb.mes import equal_shares  # noqa: E402
from samskab.engine.pb.phragmen import sequential_phragmen  # noqa: E402

RULES.update(
    {
        "mes": equal_shares,
        "mes-add1": add1,
        "mes-add1-comparison": add1_comparison,
        "phragmen": sequential_phragmen,
    }
)
