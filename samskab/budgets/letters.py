"""Code letters as one PDF: a Django template (``budgets/code_letters.html``) laid out by
WeasyPrint, one A4 page per letter.

The letters carry codes in plain text, so the PDF is made in the request that generated them and
never stored. WeasyPrint fetches nothing over the network: the stylesheet
(``samskab/css/code-letters.css``) is read from the static files and handed over as text, and
the only file a letter may embed, the municipality's logo, is read from the media
storage by :func:`_local_file`; any other address is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from samskab.budgets.actions import CodeLetter
from samskab.budgets.models import BudgetProcess, PhaseKind
from samskab.core.models import DEFAULT_PRIMARY_COLOUR, SiteBranding

LOCAL_ORIGIN = "https://letters.invalid"  # base URL of the letter: nothing is fetched from it
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MEDIA = "/media/"  # LOCAL_ORIGIN/media/<name>: <name> read from the media storage


def _local_file(url: str) -> tuple[str, bytes]:
    """The media file ``url`` names (LOCAL_ORIGIN/media/<name>): its name and bytes. Any other
    address is refused."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != LOCAL_ORIGIN or not parts.path.startswith(MEDIA):
        raise ValueError(f"code letters fetch no outside resources: {url}")
    name = unquote(parts.path[len(MEDIA) :])
    with default_storage.open(name, "rb") as handle:
        return name, handle.read()


def _fetcher() -> Any:
    """WeasyPrint's URL fetcher, reading only :func:`_local_file` (no network, no files)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFiles(URLFetcher):  # type: ignore[misc] # weasyprint ships no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            name, body = _local_file(url)
            return URLFetcherResponse(url, body, {"Content-Disposition": f"filename={name}"})

    # A refused or missing file is left out with a warning: a lost logo must not stop the letters.
    return LocalFiles(fail_on_errors=False)


def vote_url(request: HttpRequest, process: BudgetProcess) -> str:
    return request.build_absolute_uri(reverse("budgets:vote", args=[process.slug]))


def letter_context(
    request: HttpRequest, process: BudgetProcess, letters: Sequence[CodeLetter]
) -> dict[str, Any]:
    now = timezone.now()
    branding = SiteBranding.current(request)
    return {
        "process": process,
        "letters": letters,
        "vote_url": vote_url(request, process),
        "voting": process.phase_of(PhaseKind.VOTING),
        # The next three: more would push the letter onto a second page.
        "meetings": list(process.meetings.filter(starts_at__gte=now).order_by("starts_at")[:3])
        if process.allow_paper
        else [],
        "logo_src": f"{LOCAL_ORIGIN}{MEDIA}{branding.logo.name}" if branding.logo else "",
    }


def render_letters_html(
    request: HttpRequest, process: BudgetProcess, letters: Sequence[CodeLetter]
) -> str:
    return render_to_string(
        "budgets/code_letters.html", letter_context(request, process, letters), request=request
    )


def render_letters_pdf(
    request: HttpRequest, process: BudgetProcess, letters: Sequence[CodeLetter]
) -> bytes:
    import weasyprint  # loads pango and fonts: only when a PDF is asked for

    html = render_letters_html(request, process, letters)
    stylesheet = Path(str(finders.find("samskab/css/code-letters.css"))).read_text("utf-8")
    # Validated on save (``core.models.validate_primary_colour``); checked again because it is
    # pasted into a stylesheet.
    colour = SiteBranding.current(request).primary_colour
    if not HEX_COLOUR.fullmatch(colour):
        colour = DEFAULT_PRIMARY_COLOUR
    fetcher = _fetcher()
    document = weasyprint.HTML(string=html, base_url=LOCAL_ORIGIN, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=[
            weasyprint.CSS(string=stylesheet, url_fetcher=fetcher),
            weasyprint.CSS(string=f":root {{ --accent: {colour}; }}"),
        ]
    )
    return pdf
