from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "samskab.discussion"
    label = "discussion"
