"""An empty ballot (allowed when ``min_choices`` is 0) is a voter who funds nothing.

The voter counts everywhere the same: in the count (under equal shares every voter's share is
the budget divided by all voters, empty ballots included), the stored result, the published
Pabulib file (``num_votes`` and one ``VOTES`` row with an empty ``vote``), turnout and the API.
"""

from __future__ import annotations

import pytest

from samskab.budgets.export import published_text
from samskab.budgets.tally import load_ballots
from samskab.budgets.tests.counted import counted_process, result_of
from samskab.budgets.views.results import turnout
from samskab.engine.cli import main as pb_main
from samskab.engine.pabulib import read_election
from samskab.engine.pb.rules import RULES

pytestmark = pytest.mark.django_db

# 9 voters with choices, 6 who chose nothing.
BALLOTS = ["AC"] * 3 + ["B"] * 3 + ["D"] * 3 + [""] * 6


@pytest.mark.parametrize(
    ("ballot_form", "rule"),
    [
        ("approval", "greedy"),
        ("approval", "mes-add1"),
        ("ranking", "greedy"),
        ("cumulative", "greedy"),
        ("cumulative", "mes-add1"),
        ("knapsack", "mes-add1"),
    ],
)
def test_an_empty_ballot_is_a_voter_everywhere(
    personas, client_for, tmp_path, capsys, ballot_form, rule
):
    process = counted_process(
        personas,
        slug="tom",
        rule=rule,
        ballots=BALLOTS,
        ballot_form=ballot_form,
        min_choices=0,
    )
    result = result_of(process)
    assert result.num_ballots == len(BALLOTS)
    assert turnout(process)["total"] == len(BALLOTS)

    text = published_text(process, result)
    election = read_election(text).election
    assert election.meta["num_votes"] == str(len(BALLOTS))
    assert election.num_voters == len(BALLOTS)
    lengths = [len(election.ballot(v)) for v in range(election.num_voters)]
    assert lengths.count(0) == 6
    assert load_ballots(process).election.num_voters == len(BALLOTS)

    # The stored outcome is the rule's on every voter, empty ballots included...
    engine_name = {"greedy": "greedy", "mes-add1": "mes-add1"}[rule]
    recount = RULES[engine_name](election)
    funded = {election.projects[j].id for j in recount.selected}
    assert {str(pk) for pk in result.selected.values_list("pk", flat=True)} == funded
    # ...and anyone can recompute it from the published file.
    path = tmp_path / "tom.pb"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert pb_main(["verify", str(path)]) == 0, capsys.readouterr().out

    answer = client_for(None).get(f"/api/v1/processes/{process.slug}/result")
    assert answer.status_code == 200
    assert answer.json()["num_ballots"] == len(BALLOTS)
