"""Comment tests run against news posts, the commentable object the platform ships with."""

from __future__ import annotations

import pytest

from samskab.discussion import actions
from samskab.newsletter import actions as news


@pytest.fixture
def topic(db):
    return news.ensure_topic("Borgerbudget", "borgerbudget")


@pytest.fixture
def post(personas, topic):
    return news.publish_news_post(
        personas.coordinator, topic, "Borgerbudget 2027", "Kom med idéer."
    )


@pytest.fixture
def draft(personas, topic):
    return news.publish_news_post(
        personas.coordinator, topic, "Kladde om budget", "Ikke ude endnu.", publish=False
    )


@pytest.fixture
def citizen_comment(personas, post):
    return actions.post_comment(personas.citizen, post, "Jeg foreslår en ny legeplads.")
