from __future__ import annotations

from django.urls import path

from samskab.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("program/<slug:slug>/", views.programme_detail, name="programme"),
    path("program/<slug:slug>/henvis/", views.referral_create, name="refer"),
    path("program/<slug:slug>/tilmeld/", views.signup, name="signup"),
    path("program/<slug:slug>/bliv-mentor/", views.mentor_apply, name="mentor_apply"),
    path("program/<slug:slug>/matching/", views.matching, name="matching"),
    path("program/<slug:slug>/rapport/", views.report, name="report"),
    path("henvisning/<int:pk>/", views.referral_detail, name="referral"),
    path("henvisning/<int:pk>/samtykke/", views.consent_in_person, name="consent_in_person"),
    path("henvisning/<int:pk>/samtykkelink/", views.consent_link, name="consent_link"),
    path("henvisning/<int:pk>/traek-tilbage/", views.withdraw, name="withdraw"),
    path("henvisning/<int:pk>/konto/", views.link_account, name="link_account"),
    path("samtykke/<str:token>/", views.consent_token, name="consent_token"),
    path("konto/<str:token>/", views.confirm_account_link, name="confirm_account_link"),
    path("mentor/<int:pk>/", views.mentor_review, name="mentor_review"),
    path("match/<int:pk>/", views.match_detail, name="match_detail"),
    path("match/<int:pk>/<slug:action>/", views.match_action, name="match_action"),
    path("maal/<int:pk>/", views.goal_progress, name="goal_progress"),
    path("udfald/<int:pk>/", views.outcome_record, name="outcome"),
    path("hjaelp/<int:pk>/loest/", views.resolve_help, name="resolve_help"),
]
