from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "samskab.newsletter"
    label = "newsletter"
    verbose_name = _("Nyheder og nyhedsbreve")

    def ready(self) -> None:
        from samskab.discussion.registry import register_commentable
        from samskab.newsletter.models import NewsPost
        from samskab.newsletter.permissions import (
            can_moderate_news_comments,
            can_read_news_post,
            can_write_news,
        )

        register_commentable(
            NewsPost,
            can_read=can_read_news_post,
            moderators=can_moderate_news_comments,
            moderates_any=can_write_news,
        )
