from __future__ import annotations

from django.contrib import admin

from samskab.newsletter.models import Delivery, Issue, NewsPost, Subscription, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin[NewsPost]):
    list_display = ["title", "topic", "published_at", "author"]
    list_filter = ["topic"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    list_display = ["email", "topic", "confirmed_at", "unsubscribed_at"]
    list_filter = ["topic"]
    search_fields = ["email"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin[Issue]):
    list_display = ["subject", "topic", "enqueued_at", "finished_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["issue", "subscription", "status", "attempted_at"]
    list_filter = ["status"]
