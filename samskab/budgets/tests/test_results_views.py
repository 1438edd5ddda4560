"""Results, file, verification and close pages: who may see and do what, what they show, and
how many queries the results page costs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskab.budgets.actions import ActionRefused
from samskab.budgets.models import BallotChoice, Result
from samskab.budgets.tally import equal_shares_part
from samskab.budgets.tests.counted import counted_process, end_voting_now, result_of
from samskab.budgets.views.results import project_rows
from samskab.engine.pabulib import read_election
from samskab.engine.version import engine_version

pytestmark = pytest.mark.django_db

ROLES = [None, "admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
EVERYONE: set[str | None] = set(ROLES)
MANAGERS: set[str | None] = {"admin", "coordinator"}
INSIDERS: set[str | None] = MANAGERS | {"auditor"}


@pytest.fixture
def world(personas):
    return {
        "done": counted_process(personas, slug="done", rule="mes-add1"),
        "open": counted_process(personas, slug="open", current="voting", count=False),
        "ended": counted_process(personas, slug="ended", count=False),
    }


def get_grid() -> list[tuple[str, set[str | None], int]]:  # role None: anonymous
    return [
        (reverse("budgets:results", args=["done"]), EVERYONE, 200),
        (reverse("budgets:results_file", args=["done"]), EVERYONE, 200),
        (reverse("budgets:results", args=["open"]), INSIDERS, 200),
        (reverse("budgets:results_verify", args=["done"]), INSIDERS, 200),
        (reverse("budgets:results_verify", args=["ended"]), INSIDERS, 404),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_result_pages_grid(world, client_for, role):
    client = client_for(role)
    for url, allowed, ok_status in get_grid():
        response = client.get(url)
        expected = ok_status if role in allowed else 403
        assert response.status_code == expected, (url, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_close_voting_grid(world, client_for, role):
    client = client_for(role)
    response = client.post(reverse("budgets:close_voting", args=["ended"]))
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert Result.objects.filter(process=world["ended"]).exists() == (role in MANAGERS)
    # An open vote: managers close it now (and it is counted), nobody else can.
    response = client.post(reverse("budgets:close_voting", args=["open"]))
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert Result.objects.filter(process=world["open"]).exists() == (role in MANAGERS)


def test_closing_voting_asks_first_and_a_get_counts_nothing(world, client_for):
    url = reverse("budgets:close_voting", args=["ended"])
    response = client_for("coordinator").get(url)
    assert response.status_code == 200
    assert "kan ikke gøres om" in response.text
    assert f'<form method="post" action="{url}">' in response.text
    assert not Result.objects.filter(process=world["ended"]).exists()
    assert client_for("citizen").get(url).status_code == 403
    results = client_for("coordinator").get(reverse("budgets:results", args=["ended"])).text
    assert f'href="{url}"' in results  # the result page links to the question, not the count


def test_results_page_shows_outcome_comparison_rounds_turnout_and_hash(world, client):
    process = world["done"]
    result = result_of(process)
    response = client.get(reverse("budgets:results", args=[process.slug]))
    html = response.content.decode()
    assert 'data-chart="support-chart-data"' in html and "<table" in html
    assert result.ballots_sha256 in html and result.inputs_sha256 in html
    assert result.engine_version == engine_version() and engine_version() in html
    # Equal shares chose B, C, D; plain greedy would have chosen A and C.
    assert "»A: Stort medborgerhus« er ikke valgt nu, men var blevet valgt." in html
    assert "»B: Gåklub« er valgt nu, men var ikke blevet valgt." in html
    assert "Runde for runde: hvem betalte" in html
    # Why the popular A lost, with a round number the round table has (or "after the last").
    equal_shares = equal_shares_part(result.explanation)
    assert equal_shares is not None
    rounds = len(equal_shares["rounds"])
    assert "Dets tilhængere havde i runde" in html or f"Efter sidste runde (runde {rounds})" in html
    assert f"i runde {rounds + 1} " not in html
    # Two ways to check without trusting us: the independent calculator, and pb verify.
    assert 'href="https://equalshares.net/tools/compute/"' in html
    assert f"<code>samskab pb verify samskab_{process.slug}.pb</code>" in html
    # Turnout: 9 aged 65+, 6 aged 30-49; the three 18-29 voters only as a hidden remainder.
    assert "65+" in html and "30-49" in html and "18-29" not in html
    assert "7080" not in html


def test_greedy_results_explain_a_skipped_project(personas, client):
    counted_process(personas, slug="grady", ballots=["AC"] * 9 + ["D"] * 8 + ["B"] * 2)
    html = client.get(reverse("budgets:results", args=["grady"])).content.decode()
    # A (9) and C (9) use the whole pot; D (8) did not fit.
    assert "Ikke råd: der var 0 kr tilbage i puljen" in html
    assert "En almindelig optælling efter flest stemmer giver det samme resultat." in html


def test_results_page_query_count_does_not_grow_with_ballots(
    personas, client, django_assert_max_num_queries
):
    counted_process(personas, slug="small", ballots=["AC", "B"] * 3)
    counted_process(personas, slug="large", ballots=["AC", "B", "D", "ABCD"] * 30)
    for slug in ("small", "large"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("budgets:results", args=[slug])).status_code == 200


def test_downloaded_file_is_the_published_file(world, client):
    process = world["done"]
    response = client.get(reverse("budgets:results_file", args=[process.slug]))
    assert response["Content-Disposition"] == 'attachment; filename="samskab_done.pb"'
    import hashlib

    assert hashlib.sha256(response.content).hexdigest() == result_of(process).ballots_sha256
    election = read_election(response.content.decode()).election
    assert election.meta["rule"] == "equalshares/add1"


def test_verify_page_shows_broken_after_a_direct_change(world, client_for):
    process = world["done"]
    client = client_for("auditor")
    url = reverse("budgets:results_verify", args=[process.slug])
    assert "Stemmesedlerne i databasen giver præcis" in client.get(url).content.decode()
    # A single-choice ballot switched to another project, behind Django's back.
    choice = BallotChoice.objects.filter(
        ballot__process=process, ballot__is_current=True, proposal__title__startswith="B"
    )[0]
    other = process.proposals.get(title__startswith="D")
    BallotChoice.objects.filter(pk=choice.pk).update(proposal=other)
    html = client.get(url).content.decode()
    assert "BRUDT" in html


def test_api_result_carries_supports_comparison_and_delivery(world, client):
    process = world["done"]
    body = client.get(f"/api/v1/processes/{process.slug}/result").json()
    pks = {p.title[0]: p.pk for p in process.proposals.all()}
    assert body["selected"] == sorted([pks["B"], pks["C"], pks["D"]])
    assert body["plain_vote_count_selected"] == sorted([pks["A"], pks["C"]])
    assert body["supports"][str(pks["A"])] == 9
    assert {item["status"] for item in body["funded"]} == {"not_started"}
    assert body["ballots_file"] == reverse("budgets:results_file", args=[process.slug])


def test_api_result_hidden_until_a_coordinator_publishes_it(personas, client):
    from samskab.budgets.actions import count_votes, publish_result

    process = counted_process(personas, slug="tidligt", current="voting", count=False)
    with pytest.raises(ActionRefused):
        count_votes(personas.coordinator, process)
    end_voting_now(process, personas)
    result = count_votes(personas.coordinator, process)
    assert result.published_at is None
    url = f"/api/v1/processes/{process.slug}/result"
    assert client.get(url).status_code == 404
    publish_result(personas.coordinator, process)
    assert client.get(url).status_code == 200


def test_results_page_in_english(world, client):
    response = client.get(reverse("budgets:results", args=["done"]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "How equal shares spread the money" in html
    assert "“B: Gåklub” is chosen now, but would not have been." in html


def test_a_project_dropped_after_the_last_round_is_not_given_a_round_the_table_lacks():
    from django.utils import translation

    from samskab.budgets.views.results import _mes_reason
    from samskab.engine.pb.explanations import NotBought

    dropped_at_end: NotBought = {
        "project": "7",
        "reason": "supporters_cannot_pay",
        "round": 7,
        "supporters_money": 1,
    }
    dropped_in_3: NotBought = {**dropped_at_end, "round": 3}
    with translation.override("da"):
        after = _mes_reason(dropped_at_end, 11_000_000, rounds=6)
        during = _mes_reason(dropped_in_3, 11_000_000, rounds=6)
    assert after.startswith("Efter sidste runde (runde 6)") and "runde 7" not in after
    assert "i runde 3 " in during


def test_the_result_leads_with_what_was_funded_and_why_in_plain_danish(world, client):
    process = world["done"]
    result = result_of(process)
    html = client.get(reverse("budgets:results", args=[process.slug])).content.decode()
    share = f"{process.pot // result.num_ballots:,}".replace(",", ".")
    lead = f"Lige andele: hver vælger fik lige mange penge at fordele, {share} kr hver"
    assert lead in html
    # The lead and the funded list come before the table and the rounds.
    funded = html.index('<ul class="result-funded">')
    assert html.index(lead) < funded < html.index("<table")
    funded_list = html[funded : html.index("</ul>", funded)]
    titles = {row.proposal.title for row in project_rows(process, result) if row.funded}
    assert titles and all(title in funded_list for title in titles)
    assert "Lige andele (samme andel af puljen til hver vælger)" in html
    assert "Method of Equal Shares) med" not in html
    # Every payment column has a plain name and a sentence saying what it means.
    for column in ("Betalte lige meget", "Beløb hver (kr)", "Gav det sidste"):
        assert f"<dt>{column}</dt>" in html and f'scope="col">{column}</th>' in html


def test_a_greedy_result_says_most_votes_first(personas, client):
    counted_process(personas, slug="grady", ballots=["AC"] * 9 + ["D"] * 8 + ["B"] * 2)
    html = client.get(reverse("budgets:results", args=["grady"])).content.decode()
    assert "Flest stemmer først: forslagene blev valgt i rækkefølge efter antal stemmer" in html
    assert "Lige andele:" not in html


def test_the_chart_shows_each_proposals_price(world, client):
    process = world["done"]
    response = client.get(reverse("budgets:results", args=[process.slug]))
    chart = response.context["chart"]
    rows = project_rows(process, result_of(process))
    assert chart["notes"] == ["Pris: " + f"{row.cost:,}".replace(",", ".") + " kr" for row in rows]
    assert len(chart["notes"]) == len(chart["labels"]) == len(rows)
