from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "samskab.newsletter"
    label = "newsletter"
