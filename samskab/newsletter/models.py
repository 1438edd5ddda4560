"""News posts, newsletter topics, subscriptions with double opt-in, issues and their deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskab.core import mailing

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20000


class Topic(models.Model):
    """What a newsletter is about, e.g. "Borgerbudget". People subscribe per topic."""

    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("kort navn"), unique=True)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("emne")
        verbose_name_plural = _("emner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewsPostQuerySet(models.QuerySet["NewsPost"]):
    def published(self) -> NewsPostQuerySet:
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class NewsPost(models.Model):
    """A piece of news ("Nyheder"). Public once published; commentable."""

    title = models.CharField(_("overskrift"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("kort navn"), unique=True, max_length=220)
    body = models.TextField(_("tekst"), max_length=BODY_MAX_LENGTH)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="news_posts", verbose_name=_("emne")
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("nyhed")
        verbose_name_plural = _("nyheder")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("newsletter:news_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class Subscription(models.Model):
    """One address on one topic. Nothing is sent until ``confirmed_at`` is set (double opt-in)."""

    email = models.EmailField(_("e-mail"))
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    language = models.CharField(_("sprog"), max_length=8, default="da")
    created_at = models.DateTimeField(_("tilmeldt"), auto_now_add=True)
    # When we last mailed this address about this topic; throttles repeated sign-up mails.
    last_notice_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afmeldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")
        ordering = ["topic", "email"]
        constraints = [
            models.UniqueConstraint(fields=["email", "topic"], name="one_subscription_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.email} - {self.topic}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Issue(models.Model):
    """One newsletter sent to the confirmed subscribers of a topic."""

    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="issues", verbose_name=_("emne")
    )
    subject = models.CharField(_("emnelinje"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("tekst"), max_length=BODY_MAX_LENGTH)
    news_post = models.ForeignKey(
        NewsPost, on_delete=models.SET_NULL, null=True, blank=True, related_name="issues"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("sat i kø"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One mail of an issue to one subscriber. Its existence is what stops a second send."""

    SENDING = mailing.SENDING
    SENT = mailing.SENT
    FAILED = mailing.FAILED
    STATUS_CHOICES = [(SENDING, _("sendes")), (SENT, _("sendt")), (FAILED, _("fejlet"))]

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    error = models.CharField(_("fejl"), max_length=300, blank=True)
    attempted_at = models.DateTimeField(_("forsøgt"), auto_now=True)

    class Meta:
        verbose_name = _("levering")
        verbose_name_plural = _("leveringer")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="one_delivery_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} -> {self.subscription_id}: {self.status}"
