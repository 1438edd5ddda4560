"""Mail about a process: authors when their proposal is assessed; authors, supporters and
followers when voting opens and closes; account voters too when the result is published;
registered participants the day before a stormøde. Each address once per notice, following by
e-mail alone only after confirmation, and one link that stops it all."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.actions import announce_due
from samskab.budgets.models import (
    BudgetProcess,
    Notice,
    NoticeDelivery,
    NoticeKind,
    ProcessFollower,
)
from samskab.budgets.notices import deliver_notice, make_follow_token, stop_url
from samskab.budgets.privacy import erase_user_data, export_user_data
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _to(kind_subject: str) -> list[str]:
    return sorted(m.to[0] for m in mail.outbox if kind_subject in m.subject)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _link(message: Any, part: str) -> str:
    """The path of the link in the mail's body that has ``/part/`` in it."""
    match = re.search(rf"https?://\S+/{part}/\S+/", message.body)
    assert match, message.body
    return _path(match.group(0))


def _voting_process(personas: Any, **fields: Any) -> BudgetProcess:
    """Locked, vote planned after now; Bo wrote the proposals; Maja supports one."""
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", lock=True, **fields)
    actions.support_proposal(personas.volunteer, process.proposals.order_by("pk")[0])
    return process


def _open(personas: Any, process: BudgetProcess) -> None:
    now = timezone.now()
    actions.open_voting(personas.coordinator, process, ends_at=now + timedelta(days=7), now=now)


# --- Who is told what ------------------------------------------------------------------------


def test_the_author_is_told_when_their_proposal_is_assessed_once_per_verdict(personas):
    process = make_process(personas, timezone.now(), current="feasibility", lock=False)
    proposal = actions.create_proposal(
        personas.volunteer, process, title="Bænke", description="Flere bænke", estimated_cost=9000
    )
    mail.outbox.clear()
    actions.review_feasibility(
        personas.coordinator,
        proposal,
        feasible=True,
        public_reason="Kan lade sig gøre",
        final_cost=12_000,
    )
    assert [m.to for m in mail.outbox] == [[personas.volunteer.email]]
    message = mail.outbox[0]
    assert message.subject == 'Dit forslag "Bænke" er vurderet'
    assert "den endelige pris er 12.000 kr" in message.body
    assert "Kan lade sig gøre" in message.body
    assert f"/forslag/{proposal.pk}/" in message.body
    # A corrected reason alone is not mailed again; a new verdict is.
    actions.review_feasibility(
        personas.coordinator, proposal, feasible=True, public_reason="Rettet", final_cost=12_000
    )
    assert len(mail.outbox) == 1
    actions.review_feasibility(
        personas.coordinator, proposal, feasible=False, public_reason="For dyrt", final_cost=None
    )
    assert len(mail.outbox) == 2
    assert "kan ikke gennemføres" in mail.outbox[1].body


def test_voting_opened_and_closed_tell_authors_supporters_and_followers_each_once(personas):
    process = _voting_process(personas)
    actions.follow(personas.outsider, process)
    actions.follow_by_email(process, "venter@example.org")  # never confirmed: gets nothing
    actions.confirm_follow(process, "nabo@example.org")
    mail.outbox.clear()
    _open(personas, process)
    everyone = sorted(
        [
            personas.citizen.email,
            personas.volunteer.email,
            personas.outsider.email,
            "nabo@example.org",
        ]
    )
    assert _to("Nu kan du stemme") == everyone
    opened = mail.outbox[0]
    assert "/stem/" in opened.body and "Du kan stemme indtil" in opened.body
    # Opening is told once, also when the periodic run looks again.
    assert announce_due() == []
    assert len(mail.outbox) == len(everyone)
    actions.close_voting_now(personas.coordinator, process)
    assert _to("Afstemningen er lukket") == everyone
    assert Notice.objects.filter(process=process, kind=NoticeKind.VOTING_CLOSED).count() == 1


def test_an_account_with_an_unconfirmed_address_or_deactivated_gets_nothing(personas):
    process = _voting_process(personas)
    personas.volunteer.email_verified_at = None
    personas.volunteer.save()
    personas.citizen.is_active = False
    personas.citizen.save()
    mail.outbox.clear()
    _open(personas, process)
    assert mail.outbox == []


def test_the_published_result_also_tells_everyone_who_voted_with_an_account(personas, client_for):
    now = timezone.now()
    process = make_process(personas, now, current="voting", **ACCOUNTS_ONLY)
    first = proposal_ids(process)[0]
    response = client_for("outsider").post(
        reverse("budgets:vote", args=[process.slug]),
        {"chosen": [first], "declare": "on", "confirmed": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    actions.close_voting_now(personas.coordinator, process)
    # Olga voted but wrote and supported nothing: not told of the close, told of the result.
    assert personas.outsider.email not in _to("Afstemningen er lukket")
    mail.outbox.clear()
    actions.publish_result(personas.coordinator, process)
    assert _to("Resultatet er offentliggjort") == sorted(
        [personas.citizen.email, personas.outsider.email]
    )
    assert "/resultat/" in mail.outbox[0].body
    event = AuditEvent.objects.filter(action="budgets.notice_sent").latest("pk")
    assert event.details == {"sent": 2, "failed": 0, "skipped": 0}


def test_registered_participants_are_reminded_from_nine_the_day_before(personas, settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    now = timezone.now()
    process = make_process(personas, now, current="ideas", lock=False)
    tomorrow_evening = datetime.combine(
        timezone.localtime(now, COPENHAGEN).date() + timedelta(days=1),
        datetime.min.time().replace(hour=19),
        tzinfo=COPENHAGEN,
    )
    meeting = actions.create_meeting(
        personas.coordinator,
        process,
        title="Stormøde i Medborgerhuset",
        starts_at=tomorrow_evening,
        place="Medborgerhuset, Storegade 1",
    )
    actions.register_for_meeting(personas.volunteer, meeting)
    mail.outbox.clear()
    day_before = tomorrow_evening - timedelta(days=1)
    assert announce_due(day_before.replace(hour=8)) == []
    assert mail.outbox == []
    made = announce_due(day_before.replace(hour=9, minute=5))
    assert len(made) == 1
    assert [m.to for m in mail.outbox] == [[personas.volunteer.email]]
    assert mail.outbox[0].subject == "I morgen: Stormøde i Medborgerhuset"
    assert "Medborgerhuset, Storegade 1" in mail.outbox[0].body
    assert announce_due(day_before.replace(hour=10)) == []
    assert len(mail.outbox) == 1


def test_a_vote_that_opens_on_its_schedule_is_told_by_the_periodic_run(personas):
    now = timezone.now()
    process = make_process(personas, now, current="voting")  # opened by its dates, no button
    mail.outbox.clear()
    assert announce_due(now) == [f"{process.slug}:voting_opened"]
    assert _to("Nu kan du stemme") == [personas.citizen.email]
    unlocked = make_process(personas, now, current="voting", slug="ulaast", lock=False)
    assert all(unlocked.slug not in key for key in announce_due(now))


# --- Each address once, also after a crash ---------------------------------------------------


def test_a_crashed_send_is_finished_by_a_rerun_without_mailing_anyone_twice(personas):
    process = _voting_process(personas)
    actions.confirm_follow(process, "a@example.org")
    actions.confirm_follow(process, "b@example.org")
    # Made, but its task never finished (the worker was killed).
    notice = Notice.objects.create(
        process=process, kind=NoticeKind.VOTING_OPENED, key="voting_opened"
    )
    # The worker claimed a@ and died before its mail went (at most once: a@ is not retried),
    # and b@ failed at the mail server (retried).
    NoticeDelivery.objects.create(notice=notice, email="a@example.org", status="sending")
    NoticeDelivery.objects.create(notice=notice, email="b@example.org", status="failed")
    mail.outbox.clear()
    old = notice.created_at + timedelta(minutes=11)
    assert announce_due(old) == [f"{process.pk}:voting_opened (again)"]
    assert "a@example.org" not in _to("Nu kan du stemme")
    assert "b@example.org" in _to("Nu kan du stemme")
    assert deliver_notice(notice.pk) == {"sent": 0, "failed": 0, "skipped": 4}
    notice.refresh_from_db()
    assert notice.finished_at is not None


def test_one_failing_address_is_recorded_and_the_rest_still_get_theirs(personas, monkeypatch):
    process = _voting_process(personas)
    real_send = mail.EmailMessage.send

    def send(message: mail.EmailMessage, fail_silently: bool = False) -> int:
        if message.to == [personas.volunteer.email]:
            raise OSError("mailbox unavailable")
        return real_send(message, fail_silently)

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    mail.outbox.clear()
    _open(personas, process)
    assert _to("Nu kan du stemme") == [personas.citizen.email]
    failed = NoticeDelivery.objects.get(email=personas.volunteer.email)
    assert (failed.status, failed.error) == ("failed", "mailbox unavailable")
    monkeypatch.undo()
    notice = Notice.objects.get(process=process, kind=NoticeKind.VOTING_OPENED)
    assert deliver_notice(notice.pk) == {"sent": 1, "failed": 0, "skipped": 1}
    assert personas.volunteer.email in _to("Nu kan du stemme")


# --- Following by e-mail: double opt-in ------------------------------------------------------


def test_following_by_email_sends_only_a_confirmation_until_it_is_used(personas):
    process = _voting_process(personas)
    client = Client()
    follow = reverse("budgets:follow", args=[process.slug])
    mail.outbox.clear()
    page = client.post(follow, {"email": " Nabo@Example.org "})
    assert page.status_code == 200
    assert "Tjek din indbakke" in page.content.decode()
    assert [m.to for m in mail.outbox] == [["nabo@example.org"]]
    assert mail.outbox[0].subject == 'Bekræft at du vil følge "Aktiviteter mod ensomhed"'
    confirm = _link(mail.outbox[0], "foelg")
    # A second request within minutes sends nothing more, and says the same.
    again = client.post(follow, {"email": "nabo@example.org"})
    assert "Tjek din indbakke" in again.content.decode() and len(mail.outbox) == 1
    _open(personas, process)
    assert "nabo@example.org" not in _to("Nu kan du stemme")
    shown = client.get(confirm)
    assert shown.status_code == 200 and "Ja, følg borgerbudgettet" in shown.content.decode()
    assert not ProcessFollower.objects.get(email="nabo@example.org").is_following
    done = client.post(confirm)
    assert "Du følger borgerbudgettet" in done.content.decode()
    actions.close_voting_now(personas.coordinator, process)
    assert "nabo@example.org" in _to("Afstemningen er lukket")


def test_an_address_already_following_gets_the_same_page_and_no_mail(personas):
    process = _voting_process(personas)
    actions.confirm_follow(process, "nabo@example.org")
    mail.outbox.clear()
    page = Client().post(
        reverse("budgets:follow", args=[process.slug]), {"email": "nabo@example.org"}
    )
    assert "Tjek din indbakke" in page.content.decode()
    assert mail.outbox == []


def test_a_bad_address_is_refused_with_its_error_and_nothing_is_stored(personas):
    process = _voting_process(personas)
    page = Client().post(
        reverse("budgets:follow", args=[process.slug]), {"email": "ikke en adresse"}
    )
    assert page.status_code == 400
    assert "Indtast en gyldig e-mail-adresse" in page.content.decode()
    assert not ProcessFollower.objects.exists()


@pytest.mark.parametrize("where", ["altered", "other process"])
def test_a_confirmation_link_that_is_altered_or_for_another_process_is_refused(personas, where):
    process = _voting_process(personas)
    other = make_process(personas, timezone.now(), slug="andet")
    token = make_follow_token(process, "nabo@example.org")
    slug, token = (process.slug, token[:-2] + "xx") if where == "altered" else (other.slug, token)
    response = Client().post(reverse("budgets:follow_confirm", args=[slug, token]))
    assert response.status_code == 400
    assert "Linket virker ikke" in response.content.decode()
    assert not ProcessFollower.objects.filter(confirmed_at__isnull=False).exists()


def test_a_signed_in_person_follows_and_stops_from_the_process_page(personas, client_for):
    process = _voting_process(personas)
    client = client_for("outsider")
    detail = reverse("budgets:process_detail", args=[process.slug])
    assert "Følg borgerbudgettet" in client.get(detail).content.decode()
    client.post(reverse("budgets:follow", args=[process.slug]))
    page = client.get(detail).content.decode()
    assert "Stop mails om borgerbudgettet" in page
    assert actions.is_following(personas.outsider, process)
    client.post(reverse("budgets:follow", args=[process.slug]), {"stop": "1"})
    assert not actions.is_following(personas.outsider, process)
    mail.outbox.clear()
    _open(personas, process)
    assert personas.outsider.email not in _to("Nu kan du stemme")


def test_an_anonymous_visitor_sees_the_email_form_on_the_process_page(personas):
    process = _voting_process(personas)
    page = Client().get(reverse("budgets:process_detail", args=[process.slug])).content.decode()
    assert 'name="email"' in page and 'autocomplete="email"' in page
    assert "Følg med på e-mail" in page


# --- One stop for all mail about the process -------------------------------------------------


def test_the_stop_link_stops_every_mail_about_the_process_with_one_click(personas):
    process = _voting_process(personas)
    mail.outbox.clear()
    _open(personas, process)
    message = next(m for m in mail.outbox if m.to == [personas.citizen.email])
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert personas.citizen.email not in url  # no address in server logs
    path = _path(url)
    client = Client(enforce_csrf_checks=True)
    shown = client.get(path)
    assert "Ja, stop mails" in shown.content.decode()
    assert not ProcessFollower.objects.filter(stopped_at__isnull=False).exists()
    # The mail client's one-click POST: no session, no CSRF token.
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Du får ikke flere mails" in done.content.decode()
    mail.outbox.clear()
    actions.close_voting_now(personas.coordinator, process)
    assert personas.citizen.email not in _to("Afstemningen er lukket")
    assert personas.volunteer.email in _to("Afstemningen er lukket")
    assert client.post(path).status_code == 200  # idempotent
    # Erased with the account, the link still answers and mails nothing.
    NoticeDelivery.objects.filter(email=personas.citizen.email).delete()
    assert "Du får ikke flere mails" in client.get(path).content.decode()


def test_a_stop_link_that_is_altered_or_for_another_process_stops_nothing(personas):
    process = _voting_process(personas)
    other = make_process(personas, timezone.now(), slug="andet")
    _open(personas, process)
    path = _path(stop_url(NoticeDelivery.objects.filter(email=personas.citizen.email).latest("pk")))
    assert Client().post(path[:-3] + "xx/").status_code == 400
    assert Client().post(path.replace(process.slug, other.slug)).status_code == 400
    assert not ProcessFollower.objects.filter(stopped_at__isnull=False).exists()


def test_a_stopped_author_is_not_told_of_the_assessment_either(personas):
    process = make_process(personas, timezone.now(), current="feasibility", lock=False)
    proposal = actions.create_proposal(
        personas.volunteer, process, title="Bænke", description="Flere bænke", estimated_cost=9000
    )
    actions.stop_mail(process, personas.volunteer.email.upper())
    mail.outbox.clear()
    actions.review_feasibility(
        personas.coordinator, proposal, feasible=True, public_reason="Fint", final_cost=9000
    )
    assert mail.outbox == []


# --- Personal data ---------------------------------------------------------------------------


def test_follows_and_mails_are_in_the_export_and_go_with_the_account(personas):
    process = _voting_process(personas)
    actions.follow(personas.outsider, process)
    _open(personas, process)
    data = export_user_data(personas.outsider)
    assert data["mail_about_processes"][0]["process"] == process.slug
    assert data["mail_about_processes"][0]["following_since"] is not None
    assert data["mails_sent"][0]["notice"] == NoticeKind.VOTING_OPENED
    erase_user_data(personas.outsider)
    email = personas.outsider.email.lower()
    assert not ProcessFollower.objects.filter(email=email).exists()
    assert not NoticeDelivery.objects.filter(email=email).exists()
    assert NoticeDelivery.objects.filter(email=personas.citizen.email.lower()).exists()
