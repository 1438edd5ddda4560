from django.urls import path

from samskab.accounts import views

app_name = "accounts"
urlpatterns = [
    path("opret/", views.signup, name="signup"),
    path("opret/tjek-din-email/", views.signup_done, name="signup_done"),
    path("bekraeft/send-igen/", views.resend_verification, name="resend_verification"),
    path("bekraeft/<str:token>/", views.verify_email, name="verify_email"),
    path("log-ind/", views.login_view, name="login"),
    path("log-ud/", views.logout_view, name="logout"),
    path("profil/", views.profile, name="profile"),
    path("adgangskode/skift/", views.password_change, name="password_change"),
    path("adgangskode/glemt/", views.password_reset, name="password_reset"),
    path("adgangskode/glemt/sendt/", views.password_reset_done, name="password_reset_done"),
    path(
        "adgangskode/ny/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("adgangskode/ny/gemt/", views.password_reset_complete, name="password_reset_complete"),
    path("mine-data/", views.data_export, name="data_export"),
    path("slet/", views.delete_account, name="delete_account"),
    path("samtykker/", views.consents, name="consents"),
    path("samtykker/<int:pk>/tilbagekald/", views.consent_withdraw, name="consent_withdraw"),
]
