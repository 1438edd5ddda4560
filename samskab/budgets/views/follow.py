"""Following a process by e-mail (double opt-in without an account), and the one-click stop
link every mail about the process carries."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samskab.accounts.models import User
from samskab.budgets import actions
from samskab.budgets.models import BudgetProcess, ProcessFollower
from samskab.budgets.notices import read_follow_token, read_stop_token
from samskab.budgets.views.lookups import get_process
from samskab.core.mailing import BadToken


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Din e-mailadresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def follow_box(request: HttpRequest, process: BudgetProcess) -> dict[str, object]:
    """What the follow box on a process page needs (``budgets/_follow_box.html``)."""
    user = request.user
    if isinstance(user, User):
        return {"follow_form": None, "following": actions.is_following(user, process)}
    return {"follow_form": FollowForm(), "following": False}


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """A signed-in person follows or stops at once; anyone else gets a confirmation mail."""
    process = get_process(slug)
    user = request.user
    if isinstance(user, User):
        if request.method == "POST":
            if request.POST.get("stop"):
                actions.stop_mail(process, user.email)
                messages.success(request, _("Du får ikke flere mails om dette borgerbudget."))
            else:
                actions.follow(user, process)
                messages.success(
                    request,
                    _("Du følger borgerbudgettet og får en mail, når der sker noget vigtigt."),
                )
        return redirect("budgets:process_detail", slug=process.slug)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.follow_by_email(
            process, form.cleaned_data["email"], language=get_language() or "da"
        )
        # The same answer whether or not the address was known: nothing leaks.
        return render(request, "budgets/follow_check_inbox.html", {"process": process})
    return render(
        request,
        "budgets/follow.html",
        {"process": process, "follow_form": form},
        status=400 if request.method == "POST" else 200,
    )


def _bad_link(request: HttpRequest, process: BudgetProcess) -> HttpResponse:
    return render(request, "budgets/follow_bad_link.html", {"process": process}, status=400)


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    process = get_process(slug)
    try:
        email = read_follow_token(process, token)
    except BadToken:
        return _bad_link(request, process)
    if request.method == "POST":
        actions.confirm_follow(process, email)
        return render(request, "budgets/follow_done.html", {"process": process, "email": email})
    return render(request, "budgets/follow_confirm.html", {"process": process, "email": email})


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link, without a CSRF token
# and without a session. The signed token is the authority, and stopping is idempotent.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def stop_mail(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    process = get_process(slug)
    try:
        email = read_stop_token(process, token)
    except BadToken:
        return _bad_link(request, process)
    if email is None:
        # Erased with its account: either way this address gets nothing more from us.
        return render(request, "budgets/stop_mail.html", {"process": process, "stopped": True})
    if request.method == "POST":
        actions.stop_mail(process, email)
        return render(request, "budgets/stop_mail.html", {"process": process, "stopped": True})
    already = ProcessFollower.objects.filter(
        process=process, email=email, stopped_at__isnull=False
    ).exists()
    return render(
        request,
        "budgets/stop_mail.html",
        {"process": process, "email": email, "stopped": already},
    )
