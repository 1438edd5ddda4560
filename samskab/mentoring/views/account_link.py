"""The account holder confirms (or declines) that a case is theirs, by the link in their mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samskab.core.requests import signed_in_user
from samskab.mentoring import actions, permissions

ANSWERS = {"yes": True, "no": False}


@login_required
def confirm_account_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the question (mail scanners follow links: a GET changes nothing); POST answers.

    A wrong, expired, answered or replaced link, or one sent to another account, shows the same
    "link does not work" page and changes nothing.
    """
    user = signed_in_user(request)
    link = actions.account_link_for_token(token, user)
    if link is None or not permissions.can_answer_account_link(user, link):
        return render(request, "mentoring/account_link_gone.html", status=410)
    status = 200
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer in ANSWERS:
            try:
                referral = actions.answer_account_link(
                    user, token, confirm=ANSWERS[answer], request=request
                )
            except actions.MentoringError:
                return render(request, "mentoring/account_link_gone.html", status=410)
            if ANSWERS[answer]:
                messages.success(request, _("Forløbet er forbundet med din konto."))
                return redirect("mentoring:referral", pk=referral.pk)
            messages.success(request, _("Tak. Intet er forbundet med din konto."))
            return redirect("mentoring:index")
        status = 400
    return render(
        request,
        "mentoring/account_link.html",
        {"programme": link.referral.programme, "expires_at": link.expires_at},
        status=status,
    )
