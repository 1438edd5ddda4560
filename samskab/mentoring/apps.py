from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "samskab.mentoring"
    label = "mentoring"
