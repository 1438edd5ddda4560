from __future__ import annotations

from django.urls import URLPattern, path

from samskab.discussion import views

app_name = "discussion"
urlpatterns: list[URLPattern] = [
    path("skriv/<str:label>/<int:object_id>/", views.post, name="post"),
    path("kommentar/<int:pk>/ret/", views.edit, name="edit"),
    path("kommentar/<int:pk>/slet/", views.delete, name="delete"),
    path("kommentar/<int:pk>/anmeld/", views.report, name="report"),
    path("kommentar/<int:pk>/skjul/", views.hide, name="hide"),
    path("kommentar/<int:pk>/vis/", views.unhide, name="unhide"),
    path("kommentar/<int:pk>/afvis-anmeldelser/", views.dismiss, name="dismiss"),
    path("moderation/", views.moderation_queue, name="moderation"),
]
