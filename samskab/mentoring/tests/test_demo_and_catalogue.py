"""The demo loads twice, Mia's path is complete, every page renders; the catalogue is full."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from samskab.mentoring import demo
from samskab.mentoring.models import (
    Match,
    MentorProfile,
    Outcome,
    Programme,
    Referral,
    ReferralStatus,
)


def test_demo_is_idempotent_and_tells_mias_story(personas, client_for):
    said: list[str] = []
    demo.load(personas, said.append)
    demo.load(personas, said.append)
    assert said[-1] == "mentoring: demo programme already there"
    assert Programme.objects.count() == 1
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ReferralStatus}
    mia = Referral.objects.get(name="Mia Mortensen")
    match = Match.objects.get(referral=mia)
    assert match.status == "active" and match.mentor.user == personas.volunteer
    assert match.meetings.count() == 4 and match.goal_items.count() == 3
    recorded = dict(
        Outcome.objects.filter(referral=mia, recorded_on__isnull=False).values_list(
            "checkpoint", "status"
        )
    )
    assert recorded == {0: "other", 3: "other", 6: "started_education"}
    assert MentorProfile.objects.filter(status="pending").count() == 1

    slug = demo.SLUG
    pages = {
        "coordinator": [
            reverse("mentoring:index"),
            reverse("mentoring:programme", args=[slug]),
            reverse("mentoring:matching", args=[slug]),
            reverse("mentoring:report", args=[slug]),
            reverse("mentoring:referral", args=[mia.pk]),
            reverse("mentoring:match_detail", args=[match.pk]),
            reverse("mentoring:mentor_review", args=[match.mentor.pk]),
        ],
        "caseworker": [reverse("mentoring:index"), reverse("mentoring:refer", args=[slug])],
        "volunteer": [
            reverse("mentoring:index"),
            reverse("mentoring:match_detail", args=[match.pk]),
        ],
        "auditor": [reverse("mentoring:index"), reverse("mentoring:report", args=[slug])],
        None: [reverse("mentoring:index"), reverse("core:home")],
    }
    for person, urls in pages.items():
        client = client_for(person)
        for url in urls:
            for language in ("da", "en"):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200, (person, url, language)
    home = client_for(None).get(reverse("core:home")).content.decode()
    assert reverse("mentoring:mentor_apply", args=[slug]) in home


def test_english_catalogue_is_complete():
    po = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    assert len(entries) > 300
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', entry, flags=re.M)
        continuation = re.search(r'^msgstr(?:\[\d\])? ""\n"', entry, flags=re.M)
        assert strings and (all(strings) or continuation), entry
