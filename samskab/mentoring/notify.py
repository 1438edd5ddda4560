"""E-mails from the mentoring module. They name no young person: only a link to log in."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.core.branding import site_name, with_signature
from samskab.mentoring.models import AccountLinkRequest, HelpRequest, Outcome


def _send(user: User, subject: str, body: str) -> None:
    send_mail(subject, with_signature(body), settings.DEFAULT_FROM_EMAIL, [user.email])


def notify_coordinators_of_help(help_request: HelpRequest) -> None:
    programme = help_request.match.referral.programme
    path = reverse("mentoring:match_detail", args=[help_request.match_id])
    for coordinator in programme.coordinators.all():
        with translation.override(coordinator.preferred_language):
            _send(
                coordinator,
                _("Et mentorforløb beder om hjælp"),
                _("Et forløb i %(programme)s beder om hjælp. Log ind og se: %(path)s")
                % {"programme": programme.name, "path": path},
            )


def remind_about_outcomes(user: User, outcomes: list[Outcome]) -> None:
    path = reverse("mentoring:index")
    with translation.override(user.preferred_language):
        _send(
            user,
            _("Opfølgning: %(count)d forløb venter på status") % {"count": len(outcomes)},
            _(
                "Det er tid til at registrere, hvordan det går for %(count)d unge "
                "(start, 3, 6 eller 12 måneder). Log ind og se: %(path)s"
            )
            % {"count": len(outcomes), "path": path},
        )


def ask_to_confirm_account_link(link: AccountLinkRequest, url: str, days: int) -> None:
    """To the account holder only: the one-time link. It names the programme, not the person."""
    user = link.account
    with translation.override(user.preferred_language):
        _send(
            user,
            _("Bekræft, at mentorforløbet er dit"),
            _(
                "En sagsbehandler vil forbinde et forløb i %(programme)s med din konto på "
                "%(site)s, så du selv kan følge det.\n\n"
                "Er det dig, forløbet handler om, så log ind og bekræft her. Linket virker "
                "én gang og i %(days)d dage:\n%(url)s\n\n"
                'Kender du ikke til det, så vælg "Nej, det er ikke mig" på siden, eller gør '
                "ingenting: så forbindes intet med din konto, og du ser intet om forløbet."
            )
            % {
                "programme": link.referral.programme.name,
                "site": site_name(),
                "days": days,
                "url": url,
            },
        )
