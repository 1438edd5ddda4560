from __future__ import annotations

from django.urls import URLPattern, path

from samskab.budgets import delivery, meeting_views, results, setup_views, views, voting_views

app_name = "budgets"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("nyt/", setup_views.process_create, name="process_create"),
    path("<slug:slug>/", views.process_detail, name="process_detail"),
    path("<slug:slug>/rediger/", setup_views.process_edit, name="process_edit"),
    path("<slug:slug>/tidsplan/", setup_views.phases_edit, name="phases_edit"),
    path("<slug:slug>/laas/", setup_views.process_lock, name="process_lock"),
    path("<slug:slug>/valgbarhed/", setup_views.eligibility, name="eligibility"),
    path("<slug:slug>/forslag/", views.proposal_list, name="proposal_list"),
    path("<slug:slug>/forslag/nyt/", views.proposal_create, name="proposal_create"),
    path("<slug:slug>/forslag/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<slug:slug>/forslag/<int:pk>/rediger/", views.proposal_edit, name="proposal_edit"),
    path("<slug:slug>/forslag/<int:pk>/stoet/", views.proposal_support, name="proposal_support"),
    path(
        "<slug:slug>/forslag/<int:pk>/vurdering/",
        setup_views.feasibility_review,
        name="feasibility_review",
    ),
    path("<slug:slug>/moeder/nyt/", meeting_views.meeting_create, name="meeting_create"),
    path("<slug:slug>/moeder/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("<slug:slug>/moeder/<int:pk>/rediger/", meeting_views.meeting_edit, name="meeting_edit"),
    path(
        "<slug:slug>/moeder/<int:pk>/tilmeld/",
        meeting_views.meeting_register,
        name="meeting_register",
    ),
    path(
        "<slug:slug>/moeder/<int:pk>/fremmoede/",
        meeting_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "<slug:slug>/moeder/<int:pk>/papirstemme/",
        voting_views.paper_ballot,
        name="paper_ballot",
    ),
    path("<slug:slug>/stem/", voting_views.vote, name="vote"),
    path("<slug:slug>/stem/kode/", voting_views.vote_with_code, name="vote_with_code"),
    # Results and delivery (part 2).
    path("<slug:slug>/resultat/", results.results, name="results"),
    path("<slug:slug>/resultat/luk/", results.close_voting, name="close_voting"),
    path("<slug:slug>/resultat/stemmesedler.pb", results.results_file, name="results_file"),
    path("<slug:slug>/resultat/kontrol/", results.results_verify, name="results_verify"),
    path("<slug:slug>/projekter/<int:pk>/", delivery.funded_project, name="funded_project"),
    path(
        "<slug:slug>/projekter/<int:pk>/status/",
        delivery.funded_project_status,
        name="funded_project_status",
    ),
    path(
        "<slug:slug>/projekter/<int:pk>/opdatering/",
        delivery.funded_project_update,
        name="funded_project_update",
    ),
    path(
        "<slug:slug>/projekter/<int:pk>/ansvarlig/",
        delivery.funded_project_responsible,
        name="funded_project_responsible",
    ),
]
