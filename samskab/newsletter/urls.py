from __future__ import annotations

from django.urls import URLPattern, path

from samskab.newsletter import views

app_name = "newsletter"
urlpatterns: list[URLPattern] = [
    path("", views.subscribe, name="subscribe"),
    path("tjek-din-post/", views.check_inbox, name="check_inbox"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("send/", views.compose, name="compose"),
    path("udsendelser/", views.issues, name="issues"),
    path("nyheder/", views.news_list, name="news_list"),
    path("nyheder/ny/", views.news_create, name="news_create"),
    path("nyheder/<slug:slug>/", views.news_detail, name="news_detail"),
    path("nyheder/<slug:slug>/send/", views.news_send, name="news_send"),
]
