"""Voter-list upload: every bad file gets a line-numbered error and imports nothing (the inputs
that gave HTTP 500 in the December 2026 probe, in small form); a large list imports in a
background task, all rows or none, with its progress on the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.models import VoterListEntry
from samskab.budgets.tests.factories import VOTER_LIST_ONLY, make_process

pytestmark = pytest.mark.django_db

HEADER = "reference,name,email,birth_date,postal_code"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Small equivalents of rel-cases/voterlist_nul.csv, voterlist_cr_in_field.csv and the
# 200,000-character field written by make_large_cases.py.
NUL = f"{HEADER}\nR4,Ib,,1990-01-01,7000\nR5,Ni\x00l,,1990-01-01,7000\n"
CR_IN_FIELD = f"{HEADER}\r\nR13,Ib,,1990-01-01,7000\r\nR14,A\rB,,1990-01-01,7000\r\n"
HUGE_FIELD = f"{HEADER}\nR3,Ib,,1990-01-01,7000\nR4,{'N' * 200_000},,1990-01-01,7000\n"
UNCLOSED_QUOTE = f'{HEADER}\nR1,Ib,,1990-01-01,7000\nR2,"Åse,,1990-01-01,7000\n'
LONG_NAME = f"{HEADER}\nR1,{'N' * 151},,1990-01-01,7000\n"
LONG_EMAIL = f"{HEADER}\nR1,Ib,{'e' * 250}@x.dk,1990-01-01,7000\n"


@pytest.fixture
def process(personas):
    return make_process(personas, timezone.now(), current="ideas", slug="liste", **VOTER_LIST_ONLY)


def voter_list(rows: int, bad_line: int | None = None) -> str:
    lines = [HEADER] + [f"C{i},Navn {i},c{i}@x.dk,1990-01-01,7000" for i in range(rows)]
    if bad_line is not None:
        lines[bad_line - 1] = "C-bad,Navn,,31-12-1990,7000"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (NUL, 3, "NUL"),
        (CR_IN_FIELD, 3, "anførselstegn"),
        (HUGE_FIELD, 3, "131.072"),
        (UNCLOSED_QUOTE, 3, "anførselstegn"),
        (LONG_NAME, 2, "150"),
        (LONG_EMAIL, 2, "254"),
    ],
    ids=["nul", "cr-in-field", "huge-field", "unclosed-quote", "long-name", "long-email"],
)
def test_a_bad_file_gets_a_line_numbered_error_and_imports_nothing(
    process, personas, text, line, words
):
    report = actions.import_voter_list(personas.coordinator, process, text)
    assert report.created == 0
    assert report.errors and report.errors[0][0] == line, report.errors
    assert words in report.errors[0][1]
    assert not VoterListEntry.objects.filter(process=process).exists()


@pytest.mark.parametrize("text", [NUL, CR_IN_FIELD, HUGE_FIELD], ids=["nul", "cr", "huge"])
def test_the_upload_page_answers_a_bad_file_with_its_line_not_500(process, client_for, text):
    client = client_for("coordinator")
    upload = SimpleUploadedFile("liste.csv", text.encode())
    response = client.post(
        reverse("budgets:eligibility", args=[process.slug]),
        {"action": "voter_list", "file": upload},
    )
    assert response.status_code == 200
    assert "Linje 3" in response.content.decode()
    assert not VoterListEntry.objects.filter(process=process).exists()


def test_the_errors_are_translated(process, client_for):
    client = client_for("coordinator")
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("liste.csv", NUL.encode())
    response = client.post(
        reverse("budgets:eligibility", args=[process.slug]),
        {"action": "voter_list", "file": upload},
    )
    assert "Line 3" in response.content.decode()
    assert "NUL character" in response.content.decode()


def test_a_large_list_imports_in_the_background_with_its_progress(process, client_for):
    client = client_for("coordinator")
    url = reverse("budgets:eligibility", args=[process.slug])
    upload = SimpleUploadedFile("liste.csv", voter_list(3_000).encode())
    response = client.post(url, {"action": "voter_list", "file": upload})
    assert response.status_code == 302  # tasks run at once here: the import is already done
    assert VoterListEntry.objects.filter(process=process).count() == 3_000
    job = process.voter_list_imports.get()
    assert (job.status, job.rows_total, job.rows_checked, job.created) == (
        "done",
        3_000,
        3_000,
        3_000,
    )
    assert job.text == ""  # the personal data in the upload is not kept
    assert "3.000 vælgere er indlæst" in client.get(url).content.decode()


def test_a_large_list_with_one_bad_line_imports_nothing_and_says_which(process, client_for):
    client = client_for("coordinator")
    url = reverse("budgets:eligibility", args=[process.slug])
    upload = SimpleUploadedFile("liste.csv", voter_list(3_000, bad_line=2_999).encode())
    client.post(url, {"action": "voter_list", "file": upload})
    assert not VoterListEntry.objects.filter(process=process).exists()
    job = process.voter_list_imports.get()
    assert job.status == "failed" and job.errors[0][0] == 2_999
    assert "Linje 2999" in client.get(url).content.decode()


def test_a_queued_import_shows_its_progress_until_a_worker_takes_it(process, client_for, settings):
    settings.TASKS = DATABASE_TASKS
    client = client_for("coordinator")
    url = reverse("budgets:eligibility", args=[process.slug])
    upload = SimpleUploadedFile("liste.csv", voter_list(2_500).encode())
    assert client.post(url, {"action": "voter_list", "file": upload}).status_code == 302
    assert not VoterListEntry.objects.filter(process=process).exists()
    page = client.get(url).content.decode()
    assert "<progress" in page and 'max="2500"' in page
    fragment = client.get(url, {"import": "progress"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<progress" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_at_most_a_hundred_errors_are_listed_and_it_says_so(process, personas):
    text = HEADER + "\n" + "".join(f"R{n},,,,\n" for n in range(500))  # no names
    report = actions.import_voter_list(personas.coordinator, process, text)
    assert len(report.errors) == 101 and report.created == 0
    assert [line for line, _message in report.errors[:3]] == [2, 3, 4]
    assert "100" in report.errors[-1][1]
