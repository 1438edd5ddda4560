"""The public-service pages: their default texts (true for this software, filled in with the
installation's branding and settings) and the small text format an administrator writes in.

The format: blocks separated by a blank line; a block whose first line starts with ``## `` is
a heading (the rest of the block a paragraph), a block whose lines all start with ``- `` a
list, anything else a paragraph with its line breaks kept. Everything is escaped, and web and
e-mail addresses become links (Django's ``urlize``), so no HTML an editor writes reaches a page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from samskab.core.models import PageKind, PublicPage, SiteBranding

# When the default texts were last revised (shown as "last updated" until a page is saved).
DEFAULTS_REVISED = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)

TITLES: dict[str, tuple[str, str]] = {
    PageKind.PRIVACY: ("Privatlivspolitik", "Privacy policy"),
    PageKind.ACCESSIBILITY: ("Tilgængelighedserklæring", "Accessibility statement"),
    PageKind.COOKIES: ("Cookies", "Cookies"),
    PageKind.CONTACT: ("Kontakt", "Contact"),
}

# The URL name of each page (``core:<name>``), for the footer and the forms' privacy link.
URL_NAMES: dict[str, str] = {
    PageKind.PRIVACY: "privacy",
    PageKind.ACCESSIBILITY: "accessibility",
    PageKind.COOKIES: "cookies",
    PageKind.CONTACT: "contact",
}

FOOTER_LABELS = {
    PageKind.PRIVACY: _("Privatlivspolitik"),
    PageKind.ACCESSIBILITY: _("Tilgængelighedserklæring"),
    PageKind.COOKIES: _("Cookies"),
    PageKind.CONTACT: _("Kontakt"),
}


def cookie_facts() -> dict[str, Any]:
    """The cookies this installation sets, read from the settings (see the cookies page)."""
    return {
        "session": settings.SESSION_COOKIE_NAME,
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "csrf": settings.CSRF_COOKIE_NAME,
        "language": settings.LANGUAGE_COOKIE_NAME,
        "messages": "messages",  # django.contrib.messages' cookie storage (FallbackStorage)
    }


def default_text(kind: str, language: str, branding: SiteBranding) -> str:
    context = {
        "branding": branding,
        "cookies": cookie_facts(),
        "retention_months": settings.MENTORING_RETENTION_MONTHS,
        "site_url": settings.SITE_URL,
    }
    return render_to_string(f"core/pages/{kind}_{language}.txt", context).strip() + "\n"


def default_page(kind: str, branding: SiteBranding) -> PublicPage:
    """An unsaved page with the default texts (what the page shows until someone saves it)."""
    title_da, title_en = TITLES[kind]
    return PublicPage(
        kind=kind,
        title_da=title_da,
        title_en=title_en,
        body_da=default_text(kind, "da", branding),
        body_en=default_text(kind, "en", branding),
        updated_at=DEFAULTS_REVISED,
    )


def page_for(kind: str, branding: SiteBranding) -> PublicPage:
    return PublicPage.objects.filter(kind=kind).first() or default_page(kind, branding)


def render_text(text: str) -> SafeString:
    """The page format (module docstring) as HTML; every character of ``text`` escaped."""
    parts: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in block.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            parts.append(format_html("<h2>{}</h2>", lines[0][3:].strip()))
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return mark_safe("\n".join(parts))  # built from escaped parts only


def _inline(line: str) -> str:
    return str(urlize(line, nofollow=True, autoescape=True)) if line else escape(line)
