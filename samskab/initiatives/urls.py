from __future__ import annotations

from django.urls import URLPattern, path

from samskab.initiatives import views

app_name = "initiatives"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("ny/", views.create, name="create"),
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/rediger/", views.edit, name="edit"),
    path("<slug:slug>/partnere/inviter/", views.invite, name="invite"),
    path("<slug:slug>/partnere/<int:pk>/udtraed/", views.leave, name="leave"),
    path("<slug:slug>/problem/", views.write_statement, name="write_statement"),
    path("<slug:slug>/workshops/ny/", views.record_workshop, name="record_workshop"),
    path("<slug:slug>/problem/underskriv/", views.sign, name="sign"),
]
