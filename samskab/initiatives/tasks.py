"""Background work for initiatives: the partner invitation mail (django-tasks, enqueued in the
inviting action's transaction)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from samskab.core.branding import site_name, with_signature
from samskab.core.mailing import absolute_url
from samskab.initiatives.models import Partner
from samskab.initiatives.tokens import INVITATION_MAX_AGE, make_invitation_token


@task()
def send_partner_invitation(partner_id: int, language: str) -> None:
    partner = Partner.objects.select_related("initiative", "organisation", "invited_by").get(
        pk=partner_id
    )
    path = reverse("initiatives:accept", kwargs={"token": make_invitation_token(partner.pk)})
    context = {
        "partner": partner,
        "initiative": partner.initiative,
        "url": absolute_url(path),
        "days": INVITATION_MAX_AGE.days,
        "site_name": site_name(),
    }
    with translation.override(language):
        subject = render_to_string("initiatives/mail/invitation_subject.txt", context).strip()
        body = with_signature(render_to_string("initiatives/mail/invitation_body.txt", context))
    send_mail(subject, body, None, [partner.invited_email])
