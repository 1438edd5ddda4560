from django.urls import path

from samskab.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Django's set_language, wrapped to also remember a signed-in person's choice.
    path("sprog/", views.set_language, name="set_language"),
]
