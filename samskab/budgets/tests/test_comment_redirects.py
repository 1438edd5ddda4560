"""A comment posted without JavaScript comes back to the page it was written on (a proposal, a
funded project), not the front page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.budgets.tests.counted import counted_process
from samskab.budgets.tests.factories import make_process
from samskab.discussion.models import Comment

pytestmark = pytest.mark.django_db


def test_commenting_on_a_proposal_without_javascript_returns_to_the_proposal(personas, client_for):
    process = make_process(personas, timezone.now(), current="ideas", slug="ideer")
    proposal = process.proposals.earliest("pk")
    assert proposal.get_absolute_url() == reverse(
        "budgets:proposal_detail", kwargs={"slug": "ideer", "pk": proposal.pk}
    )
    url = reverse("discussion:post", kwargs={"label": "budgets.proposal", "object_id": proposal.pk})
    response = client_for("citizen").post(url, {"body": "Godt forslag"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/borgerbudget/ideer/forslag/{proposal.pk}/#kommentar-{comment.pk}"
    assert "Godt forslag" in client_for(None).get(response.url).content.decode()


def test_commenting_on_a_funded_project_returns_to_the_project(personas, client_for):
    process = counted_process(personas)
    project = process.results.get().funded_projects.earliest("pk")
    url = reverse(
        "discussion:post", kwargs={"label": "budgets.fundedproject", "object_id": project.pk}
    )
    response = client_for("citizen").post(url, {"body": "Hvornår starter det?"})
    comment = Comment.objects.get()
    assert response.url == (
        f"/borgerbudget/{process.slug}/projekter/{project.pk}/#kommentar-{comment.pk}"
    )
