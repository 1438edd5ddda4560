"""The registry of counting rules by their command-line name (`samskab pb tally --rule NAME`).

Each rule module registers its functions here; ``auto`` maps a file's META ``rule`` onto them.
"""

from __future__ import annotations

from samskab.engine.pb import greedy
from samskab.engine.pb.completion import add1, add1_comparison
from samskab.engine.pb.election import Election
from samskab.engine.pb.mes import equal_shares
from samskab.engine.pb.outcome import Rule
from samskab.engine.pb.phragmen import sequential_phragmen

RULES: dict[str, Rule] = {
    "greedy": greedy.greedy,
    "greedy-no-skip": greedy.greedy_no_skip,
    "greedy-threshold": greedy.greedy_threshold,
    "mes": equal_shares,
    "mes-add1": add1,
    "mes-add1-comparison": add1_comparison,
    "phragmen": sequential_phragmen,
}

# Every name the command line accepts, including those another module registers (equal shares).
RULE_NAMES = (
    "auto",
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "mes",
    "mes-add1",
    "mes-add1-comparison",
    "phragmen",
)

# META `rule` -> registry name. Rules that are not here cannot be recomputed from the ballots.
META_RULES = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-no-skip",
    "greedy-threshold": "greedy-threshold",
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    "equalshares/add1-comparison": "mes-add1-comparison",
}

NOT_REPRODUCIBLE = {
    "greedy-custom": "a city-specific rule described in the file's comment, not in the ballots",
    "greedy-exclusive": "a city-specific rule (projects that exclude each other), described in "
    "the file's comment, not in the ballots",
    "unknown": "the file records no counting rule",
}


class RuleUnavailable(LookupError):
    """The rule cannot be applied: unknown, not reproducible, or not installed in this build."""


def rule_for(name: str, election: Election | None = None) -> tuple[str, Rule]:
    """The registry name and function for ``name``; ``auto`` reads the election's META rule."""
    if name == "auto":
        if election is None:
            raise RuleUnavailable("rule 'auto' needs an election to read its META rule from")
        meta_rule = election.meta.get("rule", "").strip() or "unknown"
        if meta_rule in NOT_REPRODUCIBLE:
            raise RuleUnavailable(f"META rule '{meta_rule}': {NOT_REPRODUCIBLE[meta_rule]}")
        if meta_rule not in META_RULES:
            raise RuleUnavailable(f"META rule '{meta_rule}' is not a rule this engine knows")
        name = META_RULES[meta_rule]
    if name not in RULES:
        if name in RULE_NAMES:
            raise RuleUnavailable(f"rule '{name}' is not available in this build of samskab")
        raise RuleUnavailable(f"unknown rule '{name}': choose one of {', '.join(RULE_NAMES)}")
    return name, RULES[name]
