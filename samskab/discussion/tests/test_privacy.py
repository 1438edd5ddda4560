"""Export and erasure of a person's comments and reports."""

from __future__ import annotations

import json

from samskab.discussion import actions
from samskab.discussion.models import Comment, CommentReport
from samskab.discussion.privacy import erase_user_data, export_user_data


def test_export_lists_own_comments_and_reports_only(personas, post, citizen_comment):
    actions.post_comment(personas.volunteer, post, "Ikke Bos")
    actions.report_comment(personas.citizen, Comment.objects.get(body="Ikke Bos"), "Spam")
    data = export_user_data(personas.citizen)
    json.dumps(data)
    assert [item["body"] for item in data["comments"]] == ["Jeg foreslår en ny legeplads."]
    assert data["comments"][0]["about"] == f"newsletter.newspost:{post.pk}"
    assert [item["reason"] for item in data["reports"]] == ["Spam"]


def test_erase_anonymises_comments_and_deletes_reports(client, personas, post, citizen_comment):
    other = actions.post_comment(personas.volunteer, post, "Svar")
    actions.report_comment(personas.citizen, other, "Spam")
    erase_user_data(personas.citizen)
    citizen_comment.refresh_from_db()
    assert citizen_comment.author is None
    assert not CommentReport.objects.filter(reporter=personas.citizen).exists()
    other.refresh_from_db()
    assert other.author == personas.volunteer
    page = client.get(post.get_absolute_url()).text
    assert "Slettet bruger" in page
    assert "Bo Bech" not in page
