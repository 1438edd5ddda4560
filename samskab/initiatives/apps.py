from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "samskab.initiatives"
    label = "initiatives"
