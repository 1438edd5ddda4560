"""axe scans of the borgerbudget pages in Debian's chromium, and voting without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.models import Ballot, VoterListImport
from samskab.budgets.tests.factories import VOTER_LIST_ONLY, make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(personas):
    now = timezone.now()
    ideas = make_process(personas, now, current="ideas", slug="ideer")
    feasibility = make_process(personas, now, current="feasibility", slug="vurdering")
    voting = make_process(personas, now, current="voting", slug="stem", ballot_form="cumulative")
    make_process(personas, now, current="voting", slug="raekke", ballot_form="ranking")
    meeting = actions.create_meeting(
        personas.coordinator,
        voting,
        title="Afstemningsdag",
        starts_at=now + timedelta(days=1),
        place="Hallen",
    )
    actions.update_meeting(personas.coordinator, meeting, officials=[personas.volunteer])
    actions.register_for_meeting(personas.citizen, meeting)
    listing = make_process(personas, now, current="ideas", slug="liste", **VOTER_LIST_ONLY)
    # A large voter list half checked by the worker: the page shows its progress bar.
    VoterListImport.objects.create(
        process=listing,
        uploaded_by=personas.coordinator,
        status=VoterListImport.Status.RUNNING,
        rows_total=9_000,
        rows_checked=4_500,
    )
    proposal = ideas.proposals.earliest("pk")
    return {
        "anonymous": [
            reverse("budgets:index"),
            reverse("budgets:process_detail", args=["ideer"]),
            reverse("budgets:proposal_list", args=["ideer"]),
            reverse("budgets:proposal_detail", args=["ideer", proposal.pk]),
            reverse("budgets:meeting_detail", args=["stem", meeting.pk]),
            reverse("budgets:vote", args=["stem"]),
        ],
        "citizen": [
            reverse("budgets:proposal_create", args=["ideer"]),
            reverse("budgets:proposal_edit", args=["ideer", proposal.pk]),
            reverse("budgets:vote", args=["stem"]),
            reverse("budgets:vote", args=["raekke"]),
        ],
        "coordinator": [
            reverse("budgets:process_create"),
            reverse("budgets:process_edit", args=["ideer"]),
            reverse("budgets:phases_edit", args=["ideer"]),
            reverse("budgets:eligibility", args=["ideer"]),
            reverse("budgets:eligibility", args=["liste"]),
            reverse("budgets:process_lock", args=["vurdering"]),
            reverse(
                "budgets:feasibility_review",
                args=["vurdering", feasibility.proposals.earliest("pk").pk],
            ),
            reverse("budgets:meeting_edit", args=["stem", meeting.pk]),
            reverse("budgets:meeting_attendance", args=["stem", meeting.pk]),
        ],
        "volunteer": [reverse("budgets:paper_ballot", args=["stem", meeting.pk])],
    }


def test_pages_have_no_axe_violations(axe_scan, pages):
    failures = axe_scan(pages)
    assert not failures, "\n".join(failures)


def test_voting_on_a_phone_without_javascript(browser, live_server, personas):
    process = make_process(personas, timezone.now(), current="voting", slug="mobil")
    code = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")[0]
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="da-DK"
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("budgets:vote", args=["mobil"]))
    page.get_by_label("Din afstemningskode").fill(code)
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_label("Gåklub").check()
    page.get_by_role("button", name="Se din stemme").click()
    assert page.get_by_role("heading", name="Kontrollér din stemme").is_visible()
    assert Ballot.objects.filter(process=process).count() == 0
    page.get_by_role("button", name="Afgiv stemme").click()
    assert page.get_by_role("heading", name="Din stemme er modtaget").is_visible()
    assert "Gåklub" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
    assert Ballot.objects.filter(process=process, is_current=True).count() == 1
