from __future__ import annotations

from django.contrib import admin

from samskab.discussion.models import Comment, CommentReport


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ["__str__", "author", "content_type", "object_id", "created_at", "hidden_at"]
    list_filter = ["content_type"]
    readonly_fields = ["content_type", "object_id", "author", "created_at", "edited_at"]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin[CommentReport]):
    list_display = ["comment", "reporter", "reason", "created_at", "resolved_at"]
