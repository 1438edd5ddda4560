from django.urls import path

from samskab.core import site_views, views
from samskab.core.models import PageKind

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Django's set_language, wrapped to also remember a signed-in person's choice.
    path("sprog/", views.set_language, name="set_language"),
    path("branding.css", site_views.branding_css, name="branding_css"),
    path("privatlivspolitik/", site_views.public_page, {"kind": PageKind.PRIVACY}, name="privacy"),
    path(
        "tilgaengelighed/",
        site_views.public_page,
        {"kind": PageKind.ACCESSIBILITY},
        name="accessibility",
    ),
    path("cookies/", site_views.public_page, {"kind": PageKind.COOKIES}, name="cookies"),
    path("kontakt/", site_views.public_page, {"kind": PageKind.CONTACT}, name="contact"),
    path("administration/branding/", site_views.edit_branding, name="edit_branding"),
    path("administration/sider/<str:kind>/", site_views.edit_public_page, name="edit_page"),
]
