"""The greedy rules on hand-made elections (each behaviour) and on real files (conformance)."""

from __future__ import annotations

import pytest

from samskab.engine.pabulib import read_election
from samskab.engine.pb.election import Election
from samskab.engine.pb.greedy import greedy, greedy_no_skip, greedy_threshold, support
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.rules import RULES, RuleUnavailable, rule_for
from samskab.engine.pb.verify import MATCH, MISMATCH, NOT_VERIFIABLE, verify_election
from samskab.engine.tests.conftest import pb_text

# Projects A..D: votes 3, 2, 2, 1. Budget 500: A (300) fits, B (300) does not, C (150) fits,
# D (50) fits.
PROJECTS = "project_id;cost\nA;300\nB;300\nC;150\nD;50\n"
VOTES = "voter_id;vote\n1;A,B,C\n2;A,B\n3;A,C,D\n"


def election(meta: str = "", vote_type: str = "approval") -> Election:
    text = pb_text(meta=meta, projects=PROJECTS, votes=VOTES, budget="500", vote_type=vote_type)
    return read_election(text).election


def ids(e: Election, outcome: Outcome) -> list[str]:
    return [e.projects[p].id for p in outcome.selected]


def test_greedy_skips_what_does_not_fit_and_explains_why():
    e = election()
    outcome = greedy(e)
    assert ids(e, outcome) == ["A", "C", "D"]
    assert outcome.cost == 50000
    steps = outcome.explanation["order"]
    assert [(s["project"], s["support"], s["status"]) for s in steps] == [
        ("A", 3, "funded"),
        ("B", 2, "skipped"),
        ("C", 2, "funded"),
        ("D", 1, "funded"),
    ]
    assert steps[1]["remaining_before_cents"] == 20000
    assert outcome.explanation["leftover_cents"] == 0


def test_greedy_no_skip_stops_at_first_project_that_does_not_fit():
    e = election()
    outcome = greedy_no_skip(e)
    assert ids(e, outcome) == ["A"]
    assert [s["status"] for s in outcome.explanation["order"]] == [
        "funded",
        "stopped",
        "stopped",
        "stopped",
    ]


def test_greedy_threshold_needs_support_at_least_threshold():
    e = election(meta="min_project_score_threshold;2\n")
    outcome = greedy_threshold(e)
    assert ids(e, outcome) == ["A", "C"]
    assert outcome.explanation["order"][3]["status"] == "below-threshold"
    assert outcome.explanation["threshold"] == 2
    with pytest.raises(ValueError, match="min_project_score_threshold"):
        greedy_threshold(election())


def test_ties_follow_file_order_unless_a_tie_break_is_given():
    # B and C tie on 2 votes; with budget 450, only one of them fits after A.
    e = read_election(pb_text(projects=PROJECTS, votes=VOTES, budget="450")).election
    assert ids(e, greedy(e)) == ["A", "C"]  # B (file order first) does not fit: skipped
    assert ids(e, greedy_no_skip(e)) == ["A"]
    assert ids(e, greedy(e, tie_break=[0, 2, 1, 3])) == ["A", "C"]
    cheap = read_election(
        pb_text(projects="project_id;cost\nA;300\nB;150\nC;150\nD;50\n", votes=VOTES, budget="450")
    ).election
    assert ids(cheap, greedy(cheap)) == ["A", "B"]
    assert ids(cheap, greedy(cheap, tie_break=[0, 2, 1, 3])) == ["A", "C"]
    with pytest.raises(ValueError, match="tie_break"):
        greedy(cheap, tie_break=[0, 1])


def test_utility_must_be_known():
    with pytest.raises(ValueError, match="unknown utility"):
        greedy(election(), utility="happiness")
    assert ids(election(), greedy(election(), utility="cardinality")) == ["A", "C", "D"]


def test_support_per_vote_type():
    cumulative = read_election(
        pb_text(
            vote_type="cumulative",
            projects="project_id;cost\nA;1\nB;1\n",
            votes="voter_id;vote;points\n1;A,B;3,7\n2;B;1\n",
        )
    ).election
    assert support(cumulative).tolist() == [3, 8]
    ordinal = "project_id;cost\nA;1\nB;1\nC;1\n"
    ranked = "voter_id;vote\n1;A,B,C\n2;C\n"
    with_max = read_election(
        pb_text(vote_type="ordinal", meta="max_length;3\n", projects=ordinal, votes=ranked)
    ).election
    assert support(with_max).tolist() == [3, 2, 1 + 3]  # Borda: 3 for a first choice
    without_max = read_election(pb_text(vote_type="ordinal", projects=ordinal, votes=ranked))
    assert support(without_max.election).tolist() == [3, 2, 1 + 1]  # k = the ballot's length
    repeated = read_election(pb_text(projects=ordinal, votes="voter_id;vote\n1;A,A\n2;A\n"))
    assert support(repeated.election).tolist() == [3, 0, 0]  # as the cities' votes columns


def test_explanation_lists_columns_that_disagree_with_ballots():
    e = read_election(pb_text()).election  # votes column says 2 and 1; ballots say 2 and 1
    assert greedy(e).explanation["column_disagreements"] == []
    wrong = pb_text().replace("2;200;1;Two", "2;200;9;Two")
    outcome = greedy(read_election(wrong).election)
    assert outcome.explanation["column_disagreements"] == [
        {"project": "2", "column": "9", "ballots": 1}
    ]


def test_auto_rule_maps_meta_rules():
    e = election()
    assert rule_for("auto", e)[0] == "greedy"
    for meta_rule, name in (
        ("greedy-no-skip", "greedy-no-skip"),
        ("greedy-threshold", "greedy-threshold"),
    ):
        changed = read_election(pb_text().replace("rule;greedy", f"rule;{meta_rule}")).election
        assert rule_for("auto", changed) == (name, RULES[name])
    for meta_rule, words in (
        ("greedy-exclusive", "city-specific"),
        ("greedy-custom", "city-specific"),
        ("unknown", "records no counting rule"),
        ("lottery", "not a rule this engine knows"),
    ):
        changed = read_election(pb_text().replace("rule;greedy", f"rule;{meta_rule}")).election
        with pytest.raises(RuleUnavailable, match=words):
            rule_for("auto", changed)
    with pytest.raises(RuleUnavailable, match="unknown rule 'dice'"):
        rule_for("dice", e)


def test_a_registered_name_missing_from_the_registry_is_a_clear_error(monkeypatch):
    monkeypatch.delitem(RULES, "greedy")
    with pytest.raises(RuleUnavailable, match="rule 'greedy' is not available"):
        rule_for("auto", election())


# --- real files: a fixed, fast subset per rule and vote type --------------------------------

MATCHING_FILES = [
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",  # greedy, approval
    "Poland_Warszawa_2019_Sadul.pb",  # greedy, approval
    "Poland_Czestochowa_2024_Mirow.pb",  # greedy, cumulative
    "Poland_Krakow_2019_Bienczyce.pb",  # greedy, ordinal, Borda from max_length
    "Poland_Krakow_2021_Bienczyce.pb",  # greedy, ordinal with a points column
    "Poland_Gdynia_2022_Kamienna_Gora__small.pb",  # greedy-no-skip, approval
    "Poland_Gdynia_2020_Babie_Doly__small.pb",  # greedy-no-skip, selected 2 = reserve list
    "Poland_Gdynia_2023_Kamienna_Gora__small.pb",  # greedy-no-skip with a score threshold
    "Poland_Wroclaw_2017_Rejon_nr_11_250.pb",  # greedy-no-skip, choose-1
    "Poland_Warszawa_2018_Pole_Mokotowskie.pb",  # greedy-threshold, approval
    "Poland_Czestochowa_2025_Ostatni_Grosz.pb",  # greedy-threshold, cumulative
    "Poland_Katowice_2022_Zarzecze.pb",  # greedy-threshold: a project exactly at it is funded
]


@pytest.mark.parametrize("name", MATCHING_FILES)
def test_real_file_reproduces_official_outcome(real, name):
    verification = verify_election(read_election(real / name).election)
    assert verification.status == MATCH, verification.reason
    assert set(verification.selected) == set(verification.official)
    assert verification.official
    assert verification.outcome is not None
    # Support counted from the ballots agrees with the file's own votes/score column.
    assert verification.outcome.explanation["column_disagreements"] == []


def test_project_exactly_at_threshold_is_eligible(real):
    e = read_election(real / "Poland_Katowice_2022_Zarzecze.pb").election
    steps = {s["project"]: s for s in greedy_threshold(e).explanation["order"]}
    assert steps["L20/09/IX"]["support"] == 50 == int(e.meta["min_project_score_threshold"])
    assert steps["L20/09/IX"]["status"] == "funded"


def test_file_contradicting_its_rule_is_reported_not_bent(real):
    # docs/pabulib-conformance.md: project 1649 (93 votes, threshold 39, cost 5,000 with 6,864
    # left) is eligible and fits, but the official outcome does not fund it.
    verification = verify_election(read_election(real / "Poland_Warszawa_2018_Las.pb").election)
    assert verification.status == MISMATCH
    assert verification.only_recomputed == ("1649",)
    assert verification.only_official == ()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Poland_Warszawa_2024_Wesola.pb", "greedy-exclusive"),
        ("US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb", "unknown"),
        ("Netherlands_Amsterdam_643.pb", "no 'selected' column"),
    ],
)
def test_unreproducible_rules_are_not_verifiable(real, name, words):
    verification = verify_election(read_election(real / name).election)
    assert verification.status == NOT_VERIFIABLE
    assert words in verification.reason
