from django.urls import path

from samskab.accounts import views

app_name = "accounts"
urlpatterns = [
    path("log-ind/", views.login_view, name="login"),
    path("log-ud/", views.logout_view, name="logout"),
    path("profil/", views.profile, name="profile"),
]
