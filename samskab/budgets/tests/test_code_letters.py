"""Code letters (PDF, one per voter-list entry), the code page's "where do I get a code", the
printed code sheet and the codes `samskab demo` prints: read back and used to vote."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from samskab.accounts.actions import grant_role
from samskab.accounts.models import Role, User
from samskab.audit.models import AuditEvent
from samskab.budgets import actions, demo
from samskab.budgets.letters import _local_file
from samskab.budgets.models import PHASE_ORDER_VALUES, Ballot, BudgetProcess, Voter, VotingCode
from samskab.budgets.tests.factories import make_process, phase_window, proposal_ids
from samskab.budgets.tests.pdf import poppler
from samskab.budgets.turnout import age_band
from samskab.core.actions import save_branding
from samskab.core.models import SiteBranding

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\b")
VOTER_LIST = (
    "reference;name;birth_date;postal_code;address\n"
    "1;Åse Ørum;1950-03-01;7000;Havnegade 1, 2. th., 7000 Fredericia\n"
    "2;Ib Bæk;1990-07-12;7080;Skovvej 7, 7080 Børkop\n"
    "3;Karen Lund;1984-11-30;7000;\n"
)
CODE_INFO = "Koden kommer med posten. Ellers spørg i Borgerservice eller ved stormødet."


def pdf_text(pdf: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / "letters.pdf"
    path.write_bytes(pdf)
    return poppler("pdftotext", path, *options)


@pytest.fixture
def voting(personas):
    """A process in its voting phase with a three-person voter list (imported before the lock),
    a stormøde ahead and a text on where codes come from."""
    now = timezone.now()
    process = make_process(
        personas, now, current="voting", slug="afstemning", lock=False, code_info=CODE_INFO
    )
    report = actions.import_voter_list(personas.coordinator, process, VOTER_LIST)
    assert report.errors == [] and report.created == 3
    start, _end = phase_window(PHASE_ORDER_VALUES.index("voting"), 3, now)
    actions.lock_process(personas.coordinator, process, now=start - timedelta(hours=1))
    actions.create_meeting(
        personas.coordinator,
        process,
        title="Stormøde i Hallen",
        starts_at=now + timedelta(days=1),
        place="Hallen, Idrætsvej 2",
    )
    process.refresh_from_db()
    return process


def letters_url(process: BudgetProcess) -> str:
    return reverse("budgets:eligibility", args=[process.slug])


def post_letters(client: Client, process: BudgetProcess, **fields: str) -> Any:
    return client.post(
        letters_url(process), {"action": "codes", "output": "letters", "batch": "Brev", **fields}
    )


def vote_with(code: str, process: BudgetProcess) -> int:
    """Prove eligibility with ``code`` in a fresh browser session and vote; the status."""
    client = Client()
    client.post(reverse("budgets:vote_with_code", args=[process.slug]), {"code": code})
    first = proposal_ids(process)[0]
    return client.post(
        reverse("budgets:vote", args=[process.slug]), {"chosen": [first], "confirmed": "1"}
    ).status_code


def test_one_letter_per_voter_with_name_address_code_and_how_to_vote(voting, client_for, tmp_path):
    response = post_letters(client_for("coordinator"), voting)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]  # a signed-in page (SecurityHeadersMiddleware)
    text = pdf_text(response.content, tmp_path)
    pages = text.split("\f")[: voting.voter_list.count()]
    assert len(text.rstrip("\f").split("\f")) == voting.voter_list.count() == 3
    codes = CODE.findall(text)
    assert len(codes) == 3 == VotingCode.objects.filter(process=voting).count()
    flat = [" ".join(page.split()) for page in pages]
    by_name = {
        name: page for name in ("Åse Ørum", "Ib Bæk", "Karen Lund") for page in flat if name in page
    }
    assert len(by_name) == 3  # every voter has a page of their own
    assert "Havnegade 1, 2. th., 7000 Fredericia" in by_name["Åse Ørum"]
    assert "7000" in by_name["Karen Lund"]  # no address: the postal code
    for page in flat:
        assert "http://testserver/borgerbudget/afstemning/stem/" in page
        assert "stemme på papir ved et afstemningssted eller et stormøde" in page
        assert "Stormøde i Hallen" in page
        assert CODE_INFO in page
        assert "Fjordby" in page  # the municipality (branding defaults: SAMSKAB_SITE_NAME)
    # Every printed code works, once each.
    assert all(vote_with(code, voting) == 302 for code in codes)
    assert Ballot.objects.filter(process=voting, is_current=True).count() == 3


def test_the_letter_carries_the_municipality_logo_and_contact(
    voting, client_for, tmp_path, personas
):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
    branding = SiteBranding(
        pk=1,
        municipality_name="Fjordby Kommune",
        address="Rådhuset\nTorvet 1, 7000 Fjordby",
        phone="70 10 20 30",
        email="borgerbudget@fjordby.dk",
        logo=SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png"),
    )
    save_branding(personas.admin, branding, changed=["municipality_name", "logo"])
    pdf = post_letters(client_for("coordinator"), voting).content
    text = " ".join(pdf_text(pdf, tmp_path).split())
    for words in (
        "Fjordby Kommune",
        "Torvet 1, 7000 Fjordby",
        "70 10 20 30",
        "borgerbudget@fjordby.dk",
    ):
        assert words in text
    images = poppler("pdfimages", tmp_path / "letters.pdf", "-list")
    assert len(images.strip().splitlines()) - 2 == 3  # the logo on each of the three letters


def test_body_type_is_large(voting, client_for, tmp_path):
    """At least 14 pt: pdftotext's word boxes are the font's height (ascent + descent)."""
    html = pdf_text(post_letters(client_for("coordinator"), voting).content, tmp_path, "-bbox")
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">stemme<', html)
    assert boxes
    assert min(float(bottom) - float(top) for top, bottom in boxes) >= 14


def test_a_second_batch_prints_no_one_twice_and_a_reprint_replaces_the_code(
    voting, client_for, tmp_path, personas
):
    client = client_for("coordinator")
    first = CODE.findall(pdf_text(post_letters(client, voting).content, tmp_path))
    response = post_letters(client, voting)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Alle på vælgerlisten har fået et brev" in response.content.decode()
    assert VotingCode.objects.filter(process=voting).count() == 3
    # A new person on the list... cannot be added after the lock; a lost letter is reprinted.
    ib = voting.voter_list.get(reference="2")
    old_code = VotingCode.objects.get(letter_for=ib)
    reprint = post_letters(client, voting, reprint="2")
    text = pdf_text(reprint.content, tmp_path)
    assert "Ib Bæk" in text and "Åse Ørum" not in text
    [new] = CODE.findall(text)
    assert not VotingCode.objects.filter(pk=old_code.pk).exists()
    assert VotingCode.objects.filter(process=voting).count() == 3
    old = next(
        code for code in first if code not in CODE.findall(text) and vote_with(code, voting) != 302
    )
    assert old  # Ib's old code no longer works...
    assert vote_with(new, voting) == 302  # ...the new one does
    # Once used, a code is not replaced: a reprint would be a second vote.
    refused = post_letters(client, voting, reprint="2")
    assert "allerede brugt" in refused.content.decode()
    assert VotingCode.objects.filter(process=voting).count() == 3
    unknown = post_letters(client, voting, reprint="99")
    assert "står ikke på vælgerlisten: 99" in unknown.content.decode()


def test_a_long_list_is_printed_in_batches(voting, personas, monkeypatch):
    monkeypatch.setattr("samskab.budgets.actions.eligibility.LETTERS_PER_BATCH", 2)
    first = actions.generate_code_letters(personas.coordinator, voting, batch="1")
    second = actions.generate_code_letters(personas.coordinator, voting, batch="2")
    assert len(first) == 2 and len(second) == 1
    assert {letter.reference for letter in first + second} == {"1", "2", "3"}
    with pytest.raises(actions.ActionRefused, match="Alle på vælgerlisten"):
        actions.generate_code_letters(personas.coordinator, voting, batch="3")
    with pytest.raises(actions.ActionRefused, match="antallet følger listen"):
        actions.generate_code_letters(personas.coordinator, voting, batch="4", count=5)


def test_without_a_voter_list_the_coordinator_says_how_many(personas, client_for, tmp_path):
    process = make_process(personas, timezone.now(), current="voting", slug="uden-liste")
    client = client_for("coordinator")
    missing = post_letters(client, process)
    assert "Skriv hvor mange koder" in missing.content.decode()
    response = post_letters(client, process, count="4")
    text = pdf_text(response.content, tmp_path)
    codes = CODE.findall(text)
    assert len(codes) == 4 == VotingCode.objects.filter(process=process).count()
    assert VotingCode.objects.filter(process=process, letter_for__isnull=False).count() == 0
    assert vote_with(codes[0], process) == 302


def test_one_audit_event_per_batch_without_codes_or_names(voting, client_for, tmp_path):
    text = pdf_text(post_letters(client_for("coordinator"), voting).content, tmp_path)
    events = AuditEvent.objects.filter(action="budgets.code_letters_generated")
    assert events.count() == 1
    [event] = events
    assert event.details["count"] == 3 and event.details["addressed"] is True
    logged = str(event.details)
    assert not any(code in logged for code in CODE.findall(text))
    assert "Åse" not in logged


@pytest.fixture
def other_coordinator(personas):
    """A coordinator, but of another organisation's processes."""
    user = User.objects.create_user(email="anden@example.org", password="x", full_name="Anden")
    grant_role(None, user, personas.association, Role.COORDINATOR)
    return user


@pytest.mark.parametrize("who", ["anonymous", "citizen", "other coordinator"])
def test_only_the_process_coordinators_may_print_letters(
    voting, client_for, other_coordinator, who
):
    if who == "other coordinator":
        client = Client()
        client.force_login(other_coordinator)
    else:
        client = client_for(None if who == "anonymous" else who)
    response = post_letters(client, voting)
    if who == "anonymous":
        assert response.status_code == 302 and "log-ind" in response["Location"]
    else:
        assert response.status_code == 403
    sheet = client.post(letters_url(voting), {"action": "codes", "count": "2", "batch": "x"})
    assert sheet.status_code in {302, 403}
    assert VotingCode.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="budgets.code").exists()


def test_letters_need_codes_in_the_process(personas, client_for):
    process = make_process(
        personas,
        timezone.now(),
        slug="konti",
        allow_accounts=True,
        allow_codes=False,
        allow_paper=False,
    )
    response = post_letters(client_for("coordinator"), process, count="2")
    assert "bruger ikke afstemningskoder" in response.content.decode()
    assert VotingCode.objects.count() == 0


def test_the_letter_fetches_nothing_from_outside():
    with pytest.raises(ValueError, match="no outside resources"):
        _local_file("https://example.org/tracker.png")
    with pytest.raises(ValueError, match="no outside resources"):
        _local_file("file:///etc/passwd")


def test_the_code_page_says_where_codes_come_from_and_offers_paper(voting):
    page = Client().get(reverse("budgets:vote", args=[voting.slug])).content.decode()
    assert "Hvor får jeg en kode?" in page
    assert CODE_INFO in page
    assert "Stem på papir" in page and "Stormøde i Hallen" in page


def test_an_account_process_offers_login_and_no_code_form(personas):
    process = make_process(
        personas,
        timezone.now(),
        current="voting",
        slug="konto",
        allow_accounts=True,
        allow_codes=False,
        allow_paper=False,
    )
    page = Client().get(reverse("budgets:vote", args=[process.slug])).content.decode()
    assert "Stem med din kode" not in page
    assert "Du kan også stemme med en bekræftet konto." in page
    assert "Log ind for at stemme" in page


def test_where_to_get_a_code_stays_editable_after_the_lock(voting, personas, client_for):
    assert voting.is_locked
    actions.update_process(personas.coordinator, voting, code_info="Spørg på biblioteket.")
    voting.refresh_from_db()
    assert voting.code_info == "Spørg på biblioteket."
    form = client_for("coordinator").get(reverse("budgets:process_edit", args=[voting.slug]))
    assert 'name="code_info"' in form.content.decode()


def test_the_code_sheet_prints_as_cut_out_boxes_without_the_site_menu(voting, client_for):
    response = client_for("coordinator").post(
        letters_url(voting), {"action": "codes", "output": "sheet", "count": "4", "batch": "Møde"}
    )
    page = response.content.decode()
    assert 'class="cards no-max-width nobullet-list code-sheet"' in page
    assert page.count('class="card code-card"') == 4
    assert 'media="print"' in page and "samskab/css/print.css" in page
    css = Path(__file__).parents[2].joinpath("static/samskab/css/print.css").read_text()
    assert "break-inside: avoid" in css and "dashed" in css
    assert "header.header" in css and "footer" in css


def test_demo_prints_codes_that_vote(personas):
    lines: list[str] = []
    demo.load(personas, lines.append)
    [line] = [line for line in lines if "afstemningskoder" in line]
    assert "/borgerbudget/ungeliv/stem/" in line
    codes = CODE.findall(line)
    assert len(codes) == demo.DEMO_CODES
    process = BudgetProcess.objects.get(slug="ungeliv")
    before = Ballot.objects.filter(process=process).count()
    client = Client()
    client.post(reverse("budgets:vote_with_code", args=[process.slug]), {"code": codes[0]})
    proposal = process.proposals.filter(review__feasible=True).earliest("pk").pk
    assert (
        client.post(
            reverse("budgets:vote", args=[process.slug]), {f"p{proposal}": 5, "confirmed": "1"}
        ).status_code
        == 302
    )
    assert Ballot.objects.filter(process=process).count() == before + 1


def test_samskab_demo_command_prints_the_codes(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert len(CODE.findall(out)) == demo.DEMO_CODES


def test_the_voter_list_address_column_is_optional_and_checked(personas):
    process = make_process(personas, timezone.now(), slug="adresser")
    long_address = "x" * 201
    report = actions.import_voter_list(
        personas.coordinator,
        process,
        f'reference,name,address\n1,Åse,"Havnegade 1\nFjordby"\n2,Ib,{long_address}\n',
    )
    assert report.errors == [
        (3, "adressen skal stå på én linje"),
        (4, "adressen er længere end 200 tegn"),
    ]
    report = actions.import_voter_list(
        personas.coordinator, process, "reference,name,address\n1,Åse,Havnegade 1\n2,Ib,\n"
    )
    assert report.errors == [] and report.created == 2
    assert dict(process.voter_list.values_list("reference", "address")) == {
        "1": "Havnegade 1",
        "2": "",
    }


def letter_codes(process: BudgetProcess, coordinator: User) -> dict[str, str]:
    """The plain code of each voter-list entry's letter, by voter number."""
    letters = actions.generate_code_letters(coordinator, process, batch="Turnout")
    return {letter.reference: letter.code for letter in letters}


def expected_groups(process: BudgetProcess, reference: str) -> tuple[str, str]:
    entry = process.voter_list.get(reference=reference)
    return age_band(entry.birth_date, timezone.localdate()), entry.postal_code


def test_a_code_letter_vote_on_the_web_takes_its_turnout_groups_from_the_letters_entry(
    voting, personas
):
    codes = letter_codes(voting, personas.coordinator)
    assert vote_with(codes["1"], voting) == 302
    assert vote_with(codes["2"], voting) == 302
    groups = {
        reference: (band, area)
        for reference, band, area in Voter.objects.filter(process=voting).values_list(
            "voting_code__letter_for__reference", "age_band", "area"
        )
    }
    assert groups == {"1": expected_groups(voting, "1"), "2": expected_groups(voting, "2")}
    assert groups["1"] == ("65+", "7000")  # born 1950, so 65+ whatever the day


def test_a_code_letter_vote_through_the_api_takes_its_turnout_groups_from_the_letters_entry(
    voting, personas
):
    codes = letter_codes(voting, personas.coordinator)
    first = proposal_ids(voting)[0]
    response = Client().put(
        f"/api/v1/processes/{voting.slug}/ballot",
        json.dumps({"choices": [{"proposal": first}]}),
        content_type="application/json",
        headers={"X-Voting-Code": codes["2"]},
    )
    assert response.status_code == 200, response.content
    voter = Voter.objects.get(process=voting)
    assert (voter.age_band, voter.area) == expected_groups(voting, "2")
    assert voter.age_band and voter.area == "7080"


def test_a_code_letter_for_someone_too_young_or_from_elsewhere_is_refused(personas):
    """The letter's entry is the proof of age and residence, as the list itself would be."""
    now = timezone.now()
    process = make_process(
        personas,
        now,
        current="voting",
        slug="ung",
        lock=False,
        min_age=16,
        postal_codes="7000",
    )
    young = f"{now.year - 10}-01-01"
    voter_list = (
        "reference;name;birth_date;postal_code\n"
        "1;Bo;1950-03-01;7000\n"
        f"2;Olga;{young};7000\n"
        "3;Maja;1990-01-01;8000\n"
    )
    assert actions.import_voter_list(personas.coordinator, process, voter_list).created == 3
    start, _end = phase_window(PHASE_ORDER_VALUES.index("voting"), 3, now)
    actions.lock_process(personas.coordinator, process, now=start - timedelta(hours=1))
    codes = letter_codes(process, personas.coordinator)
    assert vote_with(codes["1"], process) == 302
    first = proposal_ids(process)[0]
    for reference, message in (
        ("2", "Du skal være mindst 16 år for at stemme."),
        ("3", "Du bor ikke i området for dette borgerbudget."),
    ):
        response = Client().put(
            f"/api/v1/processes/{process.slug}/ballot",
            json.dumps({"choices": [{"proposal": first}]}),
            content_type="application/json",
            headers={"X-Voting-Code": codes[reference]},
        )
        assert (response.status_code, response.json()["detail"]) == (403, message)
        web = Client()
        response = web.post(
            reverse("budgets:vote_with_code", args=[process.slug]),
            {"code": codes[reference]},
            follow=True,
        )
        assert message in response.content.decode()
        ballot = {"chosen": [first], "confirmed": "1"}
        vote = web.post(reverse("budgets:vote", args=[process.slug]), ballot)
        assert vote.status_code == 403  # no voter in the session
    assert Ballot.objects.filter(process=process).count() == 1
    assert Voter.objects.filter(process=process).count() == 1
