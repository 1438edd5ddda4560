"""Top-level URLs. Pages live under a language prefix-free path; language is a session choice."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from samskab.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("samskab.core.urls")),
    path("konto/", include("samskab.accounts.urls")),
    path("debat/", include("samskab.discussion.urls")),
    path("nyhedsbrev/", include("samskab.newsletter.urls")),
    path("borgerbudget/", include("samskab.budgets.urls")),
    path("api/v1/", api.urls),
    path("mentor/", include("samskab.mentoring.urls")),
    path("indsatser/", include("samskab.initiatives.urls")),
    path("revision/", include("samskab.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "samskab.core.views.bad_request"
handler403 = "samskab.core.views.permission_denied"
handler404 = "samskab.core.views.page_not_found"
handler500 = "samskab.core.views.server_error"
