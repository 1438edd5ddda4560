"""Who may see and do what on each page (personas x views, anonymous too), and the flows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.models import (
    Attendance,
    Ballot,
    Channel,
    FeasibilityReview,
    Proposal,
    Support,
    VotingPoint,
)
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids

pytestmark = pytest.mark.django_db

ROLES = [None, "admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
EVERYONE = set(ROLES)
MANAGERS = {"admin", "coordinator"}
LOGGED_IN = EVERYONE - {None}


@pytest.fixture
def world(personas):
    now = timezone.now()
    ideas = make_process(personas, now, current="ideas", slug="ideer")
    feasibility = make_process(personas, now, current="feasibility", slug="vurdering")
    voting = make_process(personas, now, current="voting", slug="afstemning")
    meeting = actions.create_meeting(
        personas.coordinator,
        voting,
        title="Afstemningsdag",
        starts_at=now + timedelta(days=1),
        place="Hallen",
    )
    actions.update_meeting(personas.coordinator, meeting, officials=[personas.volunteer])
    return {"ideas": ideas, "feasibility": feasibility, "voting": voting, "meeting": meeting}


def page_grid(world: dict[str, Any]) -> list[tuple[str, Any]]:
    ideas, feas, voting, meeting = (
        world["ideas"],
        world["feasibility"],
        world["voting"],
        world["meeting"],
    )
    i_prop = ideas.proposals.earliest("pk").pk
    f_prop = feas.proposals.earliest("pk").pk
    return [
        (reverse("budgets:index"), EVERYONE),
        (reverse("budgets:process_create"), MANAGERS),
        (reverse("budgets:process_detail", args=[ideas.slug]), EVERYONE),
        (reverse("budgets:process_edit", args=[ideas.slug]), MANAGERS),
        (reverse("budgets:phases_edit", args=[ideas.slug]), MANAGERS),
        (reverse("budgets:process_lock", args=[feas.slug]), MANAGERS),
        (reverse("budgets:process_lock", args=[voting.slug]), set()),  # already locked
        (reverse("budgets:eligibility", args=[ideas.slug]), MANAGERS),
        (reverse("budgets:proposal_list", args=[ideas.slug]), EVERYONE),
        (reverse("budgets:proposal_create", args=[ideas.slug]), LOGGED_IN),
        (reverse("budgets:proposal_create", args=[feas.slug]), set()),  # idea phase is over
        (reverse("budgets:proposal_detail", args=[ideas.slug, i_prop]), EVERYONE),
        (reverse("budgets:proposal_edit", args=[ideas.slug, i_prop]), {"citizen"}),
        (reverse("budgets:proposal_edit", args=[feas.slug, f_prop]), set()),
        (reverse("budgets:feasibility_review", args=[feas.slug, f_prop]), MANAGERS),
        (reverse("budgets:feasibility_review", args=[ideas.slug, i_prop]), set()),
        (reverse("budgets:meeting_create", args=[voting.slug]), MANAGERS),
        (reverse("budgets:meeting_detail", args=[voting.slug, meeting.pk]), EVERYONE),
        (reverse("budgets:meeting_edit", args=[voting.slug, meeting.pk]), MANAGERS),
        (
            reverse("budgets:meeting_attendance", args=[voting.slug, meeting.pk]),
            MANAGERS | {"volunteer"},
        ),
        (reverse("budgets:paper_ballot", args=[voting.slug, meeting.pk]), {"volunteer"}),
        (
            reverse("budgets:meeting_paper_ballots", args=[voting.slug, meeting.pk]),
            MANAGERS | {"volunteer"},
        ),
        (reverse("budgets:vote", args=[voting.slug]), EVERYONE),
    ]


def test_page_permission_grid(world, client_for):
    clients = {role: client_for(role) for role in ROLES}
    for url, allowed in page_grid(world):
        for role in ROLES:
            status = clients[role].get(url).status_code
            if role in allowed:
                assert status == 200, (url, role, status)
            elif role is None:
                assert status in (302, 403), (url, role, status)
            else:
                assert status == 403, (url, role, status)


def test_unknown_objects_are_404(world, client_for):
    client = client_for("coordinator")
    assert client.get("/borgerbudget/findes-ikke/").status_code == 404
    assert client.get(reverse("budgets:proposal_detail", args=["ideer", 999999])).status_code == 404
    # A proposal from another process is not reachable through this one.
    other = world["feasibility"].proposals.earliest("pk").pk
    assert client.get(reverse("budgets:proposal_detail", args=["ideer", other])).status_code == 404


def test_list_pages_query_counts(world, client_for, django_assert_max_num_queries):
    client = client_for("citizen")
    for index in range(5):
        actions.create_proposal(
            None, world["ideas"], title=f"Ekstra {index}", description="x", estimated_cost=1000
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("budgets:index")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("budgets:proposal_list", args=["ideer"])).status_code == 200


def test_create_and_edit_proposal(world, client_for, personas):
    client = client_for("volunteer")
    url = reverse("budgets:proposal_create", args=["ideer"])
    response = client.post(url, {"title": "", "description": "x", "estimated_cost": "-5"})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not Proposal.objects.filter(author=personas.volunteer).exists()
    response = client.post(
        url, {"title": "Strikkeklub", "description": "Hver tirsdag", "estimated_cost": "25000"}
    )
    proposal = Proposal.objects.get(title="Strikkeklub")
    assert response.status_code == 302 and proposal.author == personas.volunteer
    edit = reverse("budgets:proposal_edit", args=["ideer", proposal.pk])
    client.post(
        edit,
        {"title": "Strikkeklub for alle", "description": "Hver tirsdag", "estimated_cost": "30000"},
    )
    proposal.refresh_from_db()
    assert (proposal.title, proposal.estimated_cost) == ("Strikkeklub for alle", 30000)
    # Someone else cannot edit it.
    assert client_for("citizen").post(edit, {"title": "Hacket"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Strikkeklub for alle"


def test_proposal_image_needs_description(world, client_for):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    image = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    client = client_for("citizen")
    url = reverse("budgets:proposal_create", args=["ideer"])
    response = client.post(
        url, {"title": "Med billede", "description": "x", "estimated_cost": "1", "image": image}
    )
    assert "Beskriv billedet" in response.content.decode()
    assert not Proposal.objects.filter(title="Med billede").exists()
    bad = SimpleUploadedFile("a.png", b"not an image", content_type="image/png")
    response = client.post(
        url,
        {
            "title": "Med billede",
            "description": "x",
            "estimated_cost": "1",
            "image": bad,
            "image_description": "x",
        },
    )
    assert response.status_code == 200
    assert not Proposal.objects.filter(title="Med billede").exists()


def test_support_and_withdraw(world, client_for, personas):
    proposal = world["ideas"].proposals.earliest("pk")
    url = reverse("budgets:proposal_support", args=["ideer", proposal.pk])
    client = client_for("outsider")
    client.post(url)
    client.post(url)  # twice: still one support
    assert Support.objects.filter(proposal=proposal).count() == 1
    client.post(url, {"withdraw": "1"})
    assert Support.objects.filter(proposal=proposal).count() == 0
    assert Client().post(url).status_code == 302  # anonymous goes to login
    assert client.get(url).status_code == 405
    assert Support.objects.count() == 0


def test_feasibility_review_form(world, client_for):
    proposal = world["feasibility"].proposals.earliest("pk")
    url = reverse("budgets:feasibility_review", args=["vurdering", proposal.pk])
    client = client_for("coordinator")
    response = client.post(url, {"feasible": "yes", "public_reason": "ok"})
    assert "endelig pris" in response.content.decode()
    client.post(url, {"feasible": "no", "public_reason": "Ligger uden for kommunen"})
    review = FeasibilityReview.objects.get(proposal=proposal)
    assert review.feasible is False and review.public_reason == "Ligger uden for kommunen"


def test_lock_page_locks(world, client_for):
    client = client_for("coordinator")
    response = client.post(reverse("budgets:process_lock", args=["vurdering"]))
    assert response.status_code == 302
    world["feasibility"].refresh_from_db()
    assert world["feasibility"].is_locked


def test_voter_list_upload_and_code_sheet(world, client_for):
    client = client_for("coordinator")
    url = reverse("budgets:eligibility", args=["ideer"])
    bad = SimpleUploadedFile("v.csv", b"reference,name\n1,Ib\n,Mangler\n")
    response = client.post(url, {"action": "voter_list", "file": bad})
    assert "Linje 3" in response.content.decode()
    assert world["ideas"].voter_list.count() == 0
    latin = SimpleUploadedFile("v.csv", "reference,name\n1,Åse\n".encode("latin-1"))
    response = client.post(url, {"action": "voter_list", "file": latin})
    assert "UTF-8" in response.content.decode()
    good = SimpleUploadedFile("v.csv", "reference,name\n1,Åse\n2,Ib\n".encode())
    assert client.post(url, {"action": "voter_list", "file": good}).status_code == 302
    assert world["ideas"].voter_list.count() == 2
    response = client.post(url, {"action": "codes", "count": "3", "batch": "Brev"})
    assert response.status_code == 200
    assert response.content.decode().count("<code>") == 3
    assert world["ideas"].voting_codes.count() == 3
    response = client.post(url, {"action": "codes", "count": "0", "batch": "Brev"})
    assert world["ideas"].voting_codes.count() == 3


def test_vote_with_code_then_change(world, personas):
    voting = world["voting"]
    code = actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="x")[0]
    first, second, _third = proposal_ids(voting)
    client = Client()
    page = reverse("budgets:vote", args=["afstemning"])
    assert "Stem med din kode" in client.get(page).content.decode()
    client.post(reverse("budgets:vote_with_code", args=["afstemning"]), {"code": "FORKERT"})
    assert Ballot.objects.count() == 0
    assert client.post(page, {"chosen": [first]}).status_code == 403
    client.post(reverse("budgets:vote_with_code", args=["afstemning"]), {"code": code})
    response = client.post(page, {"chosen": [first], "confirmed": "1"})
    assert response.status_code == 302
    response = client.get(page)
    assert "Din stemme nu" in response.content.decode()
    response = client.post(page, {"chosen": []})
    assert response.status_code == 422
    assert "Vælg mindst 1 forslag" in response.content.decode()
    client.post(page, {"chosen": [second], "confirmed": "1"})
    assert list(Ballot.objects.order_by("version").values_list("version", "is_current")) == [
        (1, False),
        (2, True),
    ]


def test_logged_in_citizen_votes_cumulative(personas, client_for):
    process = make_process(
        personas,
        timezone.now(),
        current="voting",
        slug="point",
        ballot_form="cumulative",
        points_total=3,
        **ACCOUNTS_ONLY,
    )
    first, second, third = proposal_ids(process)
    client = client_for("citizen")
    page = reverse("budgets:vote", args=["point"])
    response = client.post(page, {f"p{first}": "3", f"p{second}": "1"})
    assert response.status_code == 422
    assert "kun 3" in response.content.decode()
    response = client.post(page, {f"p{first}": "2", f"p{third}": "1", "confirmed": "1"})
    assert response.status_code == 302
    ballot = Ballot.objects.get(is_current=True)
    assert dict(ballot.choices.values_list("proposal_id", "points")) == {first: 2, third: 1}


def test_vote_page_closed_outside_voting(world, client_for):
    response = client_for("citizen").post(reverse("budgets:vote", args=["ideer"]), {"chosen": []})
    assert response.status_code == 409
    assert Ballot.objects.count() == 0


def test_paper_ballot_entry_and_no_online_afterwards(world, personas, client_for):
    voting, meeting = world["voting"], world["meeting"]
    code = actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="x")[0]
    first = proposal_ids(voting)[0]
    url = reverse("budgets:paper_ballot", args=["afstemning", meeting.pk])
    official = client_for("volunteer")
    response = official.post(url, {"code": "", "reference": "", "chosen": [first]})
    assert response.status_code == 422 and Ballot.objects.count() == 0
    response = official.post(url, {"code": code, "chosen": [first]})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.entered_by, ballot.meeting) == (
        Channel.PAPER,
        personas.volunteer,
        meeting,
    )
    online = Client()
    online.post(reverse("budgets:vote_with_code", args=["afstemning"]), {"code": code})
    response = online.post(
        reverse("budgets:vote", args=["afstemning"]), {"chosen": [first], "confirmed": "1"}
    )
    assert response.status_code == 409
    assert "papir" in response.content.decode()
    assert Ballot.objects.count() == 1


def test_a_repeated_paper_code_is_refused_then_entered_as_a_correction(world, personas, client_for):
    voting, meeting = world["voting"], world["meeting"]
    code = actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="x")[0]
    first, second = proposal_ids(voting)[:2]
    url = reverse("budgets:paper_ballot", args=["afstemning", meeting.pk])
    official = client_for("volunteer")
    assert official.post(url, {"code": code, "chosen": [first]}).status_code == 302
    response = official.post(url, {"code": code, "chosen": [second]})
    assert response.status_code == 422
    page = response.content.decode()
    assert "allerede en papirstemme" in page and "Afstemningsdag" in page
    assert personas.volunteer.email in page
    assert Ballot.objects.count() == 1
    response = official.post(url, {"code": code, "chosen": [second], "is_correction": "on"})
    assert response.status_code == 422
    assert "begrundelse" in response.content.decode()
    assert Ballot.objects.count() == 1
    response = official.post(
        url,
        {
            "code": code,
            "chosen": [second],
            "is_correction": "on",
            "correction_reason": "Tastefejl ved første indtastning",
        },
    )
    assert response.status_code == 302
    current = Ballot.objects.get(is_current=True)
    assert (current.version, current.correction_reason) == (2, "Tastefejl ved første indtastning")
    listing = official.get(
        reverse("budgets:meeting_paper_ballots", args=["afstemning", meeting.pk])
    )
    text = listing.content.decode()
    assert "Tastefejl ved første indtastning" in text and "erstattet" in text
    assert voting.proposals.get(pk=second).title not in text


def test_an_official_of_another_meeting_may_not_see_the_paper_ballot_list(
    world, personas, client_for
):
    voting, meeting = world["voting"], world["meeting"]
    other = actions.create_meeting(
        personas.coordinator, voting, title="Andet møde", starts_at=timezone.now(), place="Skolen"
    )
    actions.update_meeting(personas.coordinator, other, officials=[personas.caseworker])
    url = reverse("budgets:meeting_paper_ballots", args=["afstemning", meeting.pk])
    assert client_for("caseworker").get(url).status_code == 403
    assert client_for("citizen").get(url).status_code == 403
    own = reverse("budgets:meeting_paper_ballots", args=["afstemning", other.pk])
    assert client_for("caseworker").get(own).status_code == 200


def test_meeting_registration_and_attendance(world, personas, client_for):
    meeting = world["meeting"]
    register = reverse("budgets:meeting_register", args=["afstemning", meeting.pk])
    client_for("citizen").post(register)
    assert meeting.registrations.filter(user=personas.citizen).exists()
    attendance = reverse("budgets:meeting_attendance", args=["afstemning", meeting.pk])
    official = client_for("volunteer")
    registration = meeting.registrations.get()
    official.post(attendance, {"registration": registration.pk})
    official.post(attendance, {"name": "Gæst uden konto"})
    official.post(attendance, {"name": ""})
    official.post(attendance, {"registration": "abc"})
    assert (
        sorted(Attendance.objects.values_list("name", flat=True)) == ["Bo", "Gæst uden konto"]
        or Attendance.objects.count() == 2
    )
    assert Attendance.objects.count() == 2
    assert client_for("citizen").post(attendance, {"name": "x"}).status_code == 403
    assert Attendance.objects.count() == 2


def test_create_process_and_phases(personas, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("budgets:process_create"),
        {
            "title": "Grøn by",
            "slug": "groen",
            "theme": "Grønne områder",
            "area": "Fjordby",
            "organisation": personas.municipality.pk,
            "pot": "500000",
            "ballot_form": "approval",
            "min_choices": "1",
            "points_total": "5",
            "counting_rule": "greedy",
            "postal_codes": "7000, 12",
            "allow_codes": "on",
        },
    )
    assert "fire cifre" in response.content.decode()
    response = client.post(
        reverse("budgets:process_create"),
        {
            "title": "Grøn by",
            "slug": "groen",
            "theme": "Grønne områder",
            "area": "Fjordby",
            "organisation": personas.municipality.pk,
            "pot": "500000",
            "ballot_form": "approval",
            "min_choices": "1",
            "points_total": "5",
            "counting_rule": "greedy",
            "postal_codes": "7000",
            "allow_codes": "on",
        },
    )
    assert response.status_code == 302
    phases = reverse("budgets:phases_edit", args=["groen"])
    response = client.post(
        phases, {"ideas_starts_at": "2030-01-10T10:00", "ideas_ends_at": "2030-01-01T10:00"}
    )
    assert "slutte efter" in response.content.decode()
    client.post(
        phases, {"ideas_starts_at": "2030-01-01T10:00", "ideas_ends_at": "2030-02-01T10:00"}
    )
    from samskab.budgets.models import BudgetProcess

    assert [p.kind for p in BudgetProcess.objects.get(slug="groen").phases.all()] == ["ideas"]


def test_proposals_take_comments_until_voting_closes(world, personas, client_for):
    from samskab.discussion.actions import post_comment
    from samskab.discussion.registry import can_post_comment, is_moderator
    from samskab.discussion.sections import section_id

    proposal = world["ideas"].proposals.earliest("pk")
    post_comment(personas.volunteer, proposal, "Godt forslag!")
    page = client_for(None).get(reverse("budgets:proposal_detail", args=["ideer", proposal.pk]))
    assert section_id(proposal) in page.content.decode()
    assert "Godt forslag!" in page.content.decode()
    assert can_post_comment(personas.outsider, proposal)
    assert is_moderator(personas.coordinator, proposal)
    assert not is_moderator(personas.citizen, proposal)
    finished = make_process(personas, timezone.now(), current="result", slug="slut")
    assert not can_post_comment(personas.outsider, finished.proposals.earliest("pk"))


def test_a_coordinator_creates_a_voting_point_and_its_official_enters_paper_ballots(
    world, personas, client_for
):
    voting = world["voting"]
    now = timezone.localtime()
    create = reverse("budgets:voting_point_create", args=["afstemning"])
    post = {
        "name": "Aktivitetscentret Solgården",
        "place": "Solgårdsvej 4",
        "officials": [personas.volunteer.pk],
        "opening_starts_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "opening_ends_at": (now + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client_for("citizen").post(create, post).status_code == 403
    without_opening = {**post, "opening_ends_at": ""}
    assert client_for("coordinator").post(create, without_opening).status_code == 200
    assert not VotingPoint.objects.exists()
    response = client_for("coordinator").post(create, post)
    point = VotingPoint.objects.get()
    assert response.status_code == 302 and point.openings.count() == 1
    page = client_for(None).get(reverse("budgets:process_detail", args=["afstemning"]))
    assert "Solgården" in page.content.decode()
    code = actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="x")[0]
    first, second = proposal_ids(voting)[:2]
    entry = reverse("budgets:voting_point_paper_ballot", args=["afstemning", point.pk])
    assert (
        client_for("caseworker").post(entry, {"code": code, "chosen": [first]}).status_code == 403
    )
    official = client_for("volunteer")
    assert official.post(entry, {"code": code, "chosen": [first]}).status_code == 302
    refused = official.post(entry, {"code": code, "chosen": [second]})
    assert refused.status_code == 422 and "Solgården" in refused.content.decode()
    ballot = Ballot.objects.get()
    assert (ballot.voting_point, ballot.meeting) == (point, None)
    listing = reverse("budgets:voting_point_paper_ballots", args=["afstemning", point.pk])
    assert client_for("citizen").get(listing).status_code == 403
    assert client_for("caseworker").get(listing).status_code == 403
    assert personas.volunteer.email in official.get(listing).content.decode()
