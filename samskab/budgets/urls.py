from __future__ import annotations

from django.urls import URLPattern, path

from samskab.budgets import views

app_name = "budgets"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("nyt/", views.process_create, name="process_create"),
    path("<slug:slug>/", views.process_detail, name="process_detail"),
    path("<slug:slug>/rediger/", views.process_edit, name="process_edit"),
    path("<slug:slug>/tidsplan/", views.phases_edit, name="phases_edit"),
    path("<slug:slug>/laas/", views.process_lock, name="process_lock"),
    path("<slug:slug>/afstemning/aabn/", views.open_voting, name="open_voting"),
    path("<slug:slug>/foelg/", views.follow, name="follow"),
    path("<slug:slug>/foelg/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("<slug:slug>/stop-mails/<str:token>/", views.stop_mail, name="stop_mail"),
    path("<slug:slug>/valgbarhed/", views.eligibility, name="eligibility"),
    path("<slug:slug>/forslag/", views.proposal_list, name="proposal_list"),
    path("<slug:slug>/forslag/nyt/", views.proposal_create, name="proposal_create"),
    path("<slug:slug>/forslag/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<slug:slug>/forslag/<int:pk>/rediger/", views.proposal_edit, name="proposal_edit"),
    path("<slug:slug>/forslag/<int:pk>/stoet/", views.proposal_support, name="proposal_support"),
    path(
        "<slug:slug>/forslag/<int:pk>/vurdering/",
        views.feasibility_review,
        name="feasibility_review",
    ),
    path("<slug:slug>/moeder/nyt/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/moeder/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<slug:slug>/moeder/<int:pk>/rediger/", views.meeting_edit, name="meeting_edit"),
    path(
        "<slug:slug>/moeder/<int:pk>/tilmeld/",
        views.meeting_register,
        name="meeting_register",
    ),
    path(
        "<slug:slug>/moeder/<int:pk>/fremmoede/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "<slug:slug>/moeder/<int:pk>/papirstemme/",
        views.paper_ballot,
        name="paper_ballot",
    ),
    path(
        "<slug:slug>/moeder/<int:pk>/papirstemmer/",
        views.meeting_paper_ballots,
        name="meeting_paper_ballots",
    ),
    path(
        "<slug:slug>/stemmesteder/opret/",
        views.voting_point_create,
        name="voting_point_create",
    ),
    path(
        "<slug:slug>/stemmesteder/<int:pk>/",
        views.voting_point_detail,
        name="voting_point_detail",
    ),
    path(
        "<slug:slug>/stemmesteder/<int:pk>/rediger/",
        views.voting_point_edit,
        name="voting_point_edit",
    ),
    path(
        "<slug:slug>/stemmesteder/<int:pk>/aabningstider/<int:opening_pk>/slet/",
        views.voting_point_opening_remove,
        name="voting_point_opening_remove",
    ),
    path(
        "<slug:slug>/stemmesteder/<int:pk>/papirstemme/",
        views.voting_point_paper_ballot,
        name="voting_point_paper_ballot",
    ),
    path(
        "<slug:slug>/stemmesteder/<int:pk>/papirstemmer/",
        views.voting_point_paper_ballots,
        name="voting_point_paper_ballots",
    ),
    path("<slug:slug>/stem/", views.vote, name="vote"),
    path("<slug:slug>/stem/kode/", views.vote_with_code, name="vote_with_code"),
    path("<slug:slug>/stem/kvittering/", views.vote_receipt, name="vote_receipt"),
    # Results and delivery (part 2).
    path("<slug:slug>/resultat/", views.results, name="results"),
    path("<slug:slug>/resultat/luk/", views.close_voting, name="close_voting"),
    path("<slug:slug>/resultat/offentliggoer/", views.publish_result, name="publish_result"),
    path("<slug:slug>/resultat/stemmesedler.pb", views.results_file, name="results_file"),
    path("<slug:slug>/resultat/kontrol/", views.results_verify, name="results_verify"),
    path("<slug:slug>/projekter/<int:pk>/", views.funded_project, name="funded_project"),
    path(
        "<slug:slug>/projekter/<int:pk>/status/",
        views.funded_project_status,
        name="funded_project_status",
    ),
    path(
        "<slug:slug>/projekter/<int:pk>/opdatering/",
        views.funded_project_update,
        name="funded_project_update",
    ),
    path(
        "<slug:slug>/projekter/<int:pk>/ansvarlig/",
        views.funded_project_responsible,
        name="funded_project_responsible",
    ),
]
