"""Pages and forms: the happy paths, bad input that changes nothing, and query counts."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samskab.mentoring import actions
from samskab.mentoring.models import (
    ConsentToken,
    JobcentreCategory,
    Match,
    MentorProfile,
    Referral,
    ReferralStatus,
)
from samskab.mentoring.tests.conftest import ALL_YES, referral_data


def _referral_post(**changes: str) -> dict[str, str]:
    category = JobcentreCategory.valid_on(timezone.localdate()).first()
    assert category is not None
    data = {
        "name": "Mia Mortensen",
        "age": "18",
        "area": "centrum",
        "contact": "mia@example.org",
        "education_status": "dropped_out",
        "jobcentre_category": str(category.pk),
        "interests": "musik",
        "languages": "da",
    }
    data.update(changes)
    return data


def test_caseworker_refers_then_issues_a_one_time_link(personas, programme, client_for):
    client = client_for("caseworker")
    response = client.post(reverse("mentoring:refer", args=[programme.slug]), _referral_post())
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{referral.pk}/")
    response = client.post(reverse("mentoring:consent_link", args=[referral.pk]))
    page = client.get(response["Location"]).content.decode()
    found = re.search(r"<code>(http[^<]+)</code>", page)
    assert found is not None
    url = found.group(1)
    assert ConsentToken.objects.filter(referral=referral).count() == 1
    # The link is shown once only.
    assert "<code>" not in client.get(response["Location"]).content.decode()
    # The young person opens it without logging in and answers.
    young = client_for(None)
    path = url.split("testserver")[1]
    assert young.get(path).status_code == 200
    answer = {"mentoring": "yes", "contact": "no", "outcomes": "yes"}
    response = young.post(path, answer)
    assert response.status_code == 200 and "Tak for dit svar" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY
    assert not referral.has_active_consent("contact")
    assert young.get(path).status_code == 410


def test_bad_referral_input_creates_nothing(personas, programme, client_for):
    client = client_for("caseworker")
    url = reverse("mentoring:refer", args=[programme.slug])
    for bad in (
        _referral_post(age="abc"),
        _referral_post(age="9"),
        _referral_post(jobcentre_category="999999"),
        _referral_post(education_status="nonsense"),
        _referral_post(name=""),
    ):
        response = client.post(url, bad)
        assert response.status_code == 200
        assert 'class="form-error-message"' in response.content.decode()
    assert not Referral.objects.exists()


def test_errors_are_in_the_users_language(personas, programme, client_for):
    client = client_for("caseworker")
    url = reverse("mentoring:refer", args=[programme.slug])
    response = client.post(url, _referral_post(age="abc"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter a whole number" in response.content.decode()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Refer a young person" in response.content.decode()


def test_consent_form_refuses_contact_without_mentoring(personas, programme, client_for):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    raw = actions.issue_consent_link(personas.caseworker, referral)
    url = reverse("mentoring:consent_token", args=[raw])
    response = client_for(None).post(url, {"mentoring": "no", "contact": "yes", "outcomes": "no"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    response = client_for(None).post(url, {"mentoring": "yes"})  # unanswered purposes
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_CONSENT
    assert ConsentToken.objects.get().used_at is None


def test_in_person_consent_page(personas, programme, client_for):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    response = client_for("caseworker").post(
        reverse("mentoring:consent_in_person", args=[referral.pk]),
        {"mentoring": "no", "contact": "no", "outcomes": "no"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENT_REFUSED


def test_self_sign_up_page(personas, programme, client_for):
    post = _referral_post(consent_mentoring="on", consent_outcomes="on")
    response = client_for("citizen").post(reverse("mentoring:signup", args=[programme.slug]), post)
    assert response.status_code == 302
    referral = Referral.objects.get(account=personas.citizen)
    assert referral.status == ReferralStatus.READY
    assert not referral.has_active_consent("contact")
    # The young person sees their own case.
    assert client_for("citizen").get(response["Location"]).status_code == 200


def test_mentor_application_and_review(personas, programme, client_for):
    response = client_for("outsider").post(
        reverse("mentoring:mentor_apply", args=[programme.slug]),
        {
            "age": "23",
            "occupation": "Tømrerlærling",
            "area": "havnen",
            "languages": "da",
            "max_mentees": "2",
        },
    )
    assert response.status_code == 302
    mentor = MentorProfile.objects.get(user=personas.outsider)
    url = reverse("mentoring:mentor_review", args=[mentor.pk])
    coordinator = client_for("coordinator")
    today = timezone.localdate().isoformat()
    response = coordinator.post(
        url,
        {
            "form": "review",
            "review-status": "approved",
            "review-interviewed_on": "",
            "review-training_completed_on": "",
        },
    )
    mentor.refresh_from_db()
    assert mentor.status == "pending"  # approval needs an interview first
    coordinator.post(
        url,
        {
            "form": "review",
            "review-status": "approved",
            "review-interviewed_on": today,
            "review-training_completed_on": today,
        },
    )
    coordinator.post(url, {"form": "certificate_request", "request-requested_on": today})
    coordinator.post(
        url, {"form": "certificate_result", "result-status": "clear", "result-received_on": today}
    )
    mentor.refresh_from_db()
    assert mentor.status == "approved"
    certificate = mentor.latest_certificate()
    assert certificate is not None and certificate.status == "clear"
    assert mentor.can_be_matched_on(timezone.localdate())


def test_matching_page_runs_and_coordinator_approves(personas, programme, client_for):
    from samskab.mentoring.tests.conftest import approved_mentor

    approved_mentor(personas.coordinator, programme, personas.volunteer)
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    client = client_for("coordinator")
    url = reverse("mentoring:matching", args=[programme.slug])
    page = client.post(url).content.decode()
    assert "Mia Mortensen" in page and "Godkend" in page
    match = Match.objects.get()
    client.post(reverse("mentoring:match_action", args=[match.pk, "godkend"]))
    match.refresh_from_db()
    assert match.status == "approved"
    client_for("volunteer").post(reverse("mentoring:match_action", args=[match.pk, "accepter"]))
    client_for("caseworker").post(
        reverse("mentoring:match_action", args=[match.pk, "accepter-for-den-unge"])
    )
    match.refresh_from_db()
    assert match.status == "accepted"


def test_meeting_in_the_future_is_refused_with_a_message(personas, world, client_for):
    client = client_for("volunteer")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("mentoring:match_action", args=[world.match.pk, "moede"]),
        {
            "meeting-held_on": tomorrow,
            "meeting-duration_minutes": "60",
            "meeting-activity": "Kaffe",
        },
        follow=True,
    )
    assert "Datoen ligger i fremtiden" in response.content.decode()
    assert not world.match.meetings.exists()
    client.post(
        reverse("mentoring:match_action", args=[world.match.pk, "moede"]),
        {
            "meeting-held_on": timezone.localdate().isoformat(),
            "meeting-duration_minutes": "60",
            "meeting-activity": "Kaffe",
        },
    )
    assert world.match.meetings.count() == 1


def test_goal_progress_rejects_bad_numbers(personas, world, client_for):
    goal = actions.add_goal(personas.volunteer, world.match, "Søge")
    url = reverse("mentoring:goal_progress", args=[goal.pk])
    client = client_for("volunteer")
    client.post(url, {f"goal-{goal.pk}-progress": "150"})
    goal.refresh_from_db()
    assert goal.progress == 0
    client.post(url, {f"goal-{goal.pk}-progress": "40"})
    goal.refresh_from_db()
    assert goal.progress == 40
    assert client_for("outsider").post(url, {}).status_code == 403


def test_unknown_match_action_is_404(personas, world, client_for):
    url = reverse("mentoring:match_action", args=[world.match.pk, "slet-alt"])
    assert client_for("coordinator").post(url).status_code == 404


def test_list_pages_have_bounded_queries(
    personas, world, client_for, django_assert_max_num_queries
):
    for index in range(6):
        referral = actions.refer_young_person(
            personas.caseworker, world.programme, referral_data(f"Ung {index}")
        )
        actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    coordinator = client_for("coordinator")
    caseworker = client_for("caseworker")
    slug = world.programme.slug
    # Measured: the same counts with 0 or 10 more referrals (no query per row).
    for client, url, most in [
        (coordinator, reverse("mentoring:programme", args=[slug]), 13),
        (caseworker, reverse("mentoring:index"), 14),
        (coordinator, reverse("mentoring:report", args=[slug]), 10),
        (coordinator, reverse("mentoring:matching", args=[slug]), 11),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_caseworker_links_the_young_persons_own_account(personas, world, client_for):
    url = reverse("mentoring:link_account", args=[world.referral.pk])
    for person in ("coordinator", "volunteer", "outsider"):
        assert client_for(person).post(url, {"email": "bo@borger.demo"}).status_code == 403
    caseworker = client_for("caseworker")
    caseworker.post(url, {"email": "nobody@example.org"})
    world.referral.refresh_from_db()
    assert world.referral.account is None
    caseworker.post(url, {"email": "BO@borger.demo"})
    world.referral.refresh_from_db()
    assert world.referral.account is None  # not before Bo confirms the mailed link
    link = re.search(r"https?://[^/\s]+(/\S+)", str(mail.outbox[-1].body))
    assert link and mail.outbox[-1].to == ["bo@borger.demo"]
    assert client_for("citizen").post(link.group(1), {"answer": "yes"}).status_code == 302
    world.referral.refresh_from_db()
    assert world.referral.account == personas.citizen
    assert world.referral.consent_links.get(purpose="mentoring").consent.subject == personas.citizen
    # Now Bo sees his own case and match, and can ask for help himself.
    bo = client_for("citizen")
    assert bo.get(reverse("mentoring:referral", args=[world.referral.pk])).status_code == 200
    page = bo.get(reverse("mentoring:match_detail", args=[world.match.pk])).content.decode()
    assert "Bed koordinatoren om hjælp" in page


def test_coordinator_resolves_help_and_only_the_coordinator(personas, world, client_for):
    help_request = actions.ask_for_help(personas.volunteer, world.match, "Hun svarer ikke")
    url = reverse("mentoring:resolve_help", args=[help_request.pk])
    for person in ("volunteer", "caseworker", "auditor"):
        assert client_for(person).post(url).status_code == 403
    help_request.refresh_from_db()
    assert help_request.resolved_at is None
    assert client_for("coordinator").post(url).status_code == 302
    help_request.refresh_from_db()
    assert help_request.resolved_at is not None


def test_outcome_form_records_and_refuses_nonsense(personas, world, client_for):
    outcome = world.referral.outcomes.get(checkpoint=3)
    url = reverse("mentoring:outcome", args=[outcome.pk])
    client = client_for("caseworker")
    response = client.post(url, {"status": "rich"})
    assert response.status_code == 200 and 'class="form-error-message"' in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.recorded_on is None
    assert client.post(url, {"status": "in_job"}).status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == "in_job" and outcome.recorded_by == personas.caseworker


def test_end_match_through_the_page(personas, world, client_for):
    url = reverse("mentoring:match_action", args=[world.match.pk, "afslut"])
    client = client_for("volunteer")
    client.post(url, {"end-reason": "nonsense"})
    world.match.refresh_from_db()
    assert world.match.status == "accepted"
    # Ending cannot be undone: without the confirmation nothing happens.
    client.post(url, {"end-reason": "education"})
    world.match.refresh_from_db()
    assert world.match.status == "accepted"
    client.post(url, {"end-reason": "education", "end-confirm": "on"})
    world.match.refresh_from_db()
    assert world.match.status == "ended" and world.match.end_reason == "education"


def test_coordinator_pairs_two_people_by_hand(personas, world, client_for):
    referral = actions.refer_young_person(personas.caseworker, world.programme, referral_data("K"))
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    url = reverse("mentoring:matching", args=[world.programme.slug])
    client = client_for("coordinator")
    page = client.get(url).content.decode()
    assert "Par selv to personer" in page and "Jonas" in page
    # Maja is full, so she is not offered; choosing her anyway is refused.
    client.post(
        url, {"form": "manual", "manual-referral": referral.pk, "manual-mentor": world.mentor.pk}
    )
    assert not Match.objects.filter(referral=referral).exists()
    client.post(
        url,
        {"form": "manual", "manual-referral": referral.pk, "manual-mentor": world.other_mentor.pk},
    )
    match = Match.objects.get(referral=referral)
    assert match.status == "proposed" and match.mentor == world.other_mentor
    assert client_for("caseworker").post(url, {"form": "manual"}).status_code == 403
