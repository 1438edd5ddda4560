"""Demo borgerbudgetter, one in each phase, and a finished one with 300 synthetic ballots.

Idempotent: a process whose slug exists is left alone.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from samskab.accounts.personas import Personas
from samskab.budgets import actions
from samskab.budgets.identity import identity_for_code, voter_for
from samskab.budgets.models import (
    PHASE_ORDER_VALUES,
    Assistance,
    BallotForm,
    BudgetProcess,
    Channel,
    CountingRule,
    DeliveryStatus,
    FundedProject,
    Proposal,
    Voter,
)
from samskab.budgets.phases import voting_is_open

PHASE_DAYS = 14
CODE_INFO = (
    "Koden kommer med posten i et brev fra Fjordby Kommune. Har du ikke fået et, kan du få en "
    "kode i Borgerservice på rådhuset eller ved stormødet i Kulturhuset."
)
DEMO_CODES = 3  # printed by every run of `samskab demo`, for trying the voting page

PROPOSALS = [
    (
        "Fællesspisning i forsamlingshuset",
        "Ugentlig aftensmad for ældre, der bor alene.",
        180_000,
        "Fællesskab",
    ),
    (
        "Gåklub med kaffe",
        "Faste gåture to gange om ugen med frivillige turledere.",
        40_000,
        "Motion",
    ),
    (
        "Besøgsvenner på plejecentret",
        "Uddannelse og koordinering af besøgsvenner.",
        120_000,
        "Frivillighed",
    ),
    (
        "Kørselsordning til aktiviteter",
        "Frivillige chauffører henter og bringer.",
        250_000,
        "Transport",
    ),
    ("IT-café på biblioteket", "Hjælp til MitID, videoopkald og nettet.", 60_000, "Digital"),
    ("Havefællesskab", "Højbede og redskaber ved ældreboligerne.", 90_000, "Natur"),
    ("Sang og musik om eftermiddagen", "Fællessang med pianist hver anden uge.", 35_000, "Kultur"),
    (
        "Generationsmøder med skolen",
        "Elever og ældre laver projekter sammen.",
        70_000,
        "Fællesskab",
    ),
    ("Bænke og læskure langs stien", "Flere steder at hvile på gåturen.", 210_000, "Byrum"),
]

PROCESSES = [
    ("ensomhed-2027", "Aktiviteter mod ensomhed 2027", "ideas"),
    ("fjordby-nord", "Fjordby Nord: mødesteder", "meetings"),
    ("groenne-omraader", "Grønne områder for alle", "feasibility"),
    ("ungeliv", "Ungeliv i Fjordby", "voting"),
    ("ensomhed-2026", "Aktiviteter mod ensomhed 2026", "result"),
]


def _window(index: int, current: int, now: datetime) -> tuple[datetime, datetime]:
    start = now + timedelta(days=(index - current) * PHASE_DAYS - PHASE_DAYS // 2)
    return start, start + timedelta(days=PHASE_DAYS)


def _build(personas: Personas, slug: str, title: str, current: str, now: datetime) -> BudgetProcess:
    rng = random.Random(slug)  # noqa: S311 - demo content, not secrets
    staff = personas.coordinator
    ballot_form = {"ungeliv": BallotForm.CUMULATIVE, "ensomhed-2026": BallotForm.APPROVAL}.get(
        slug, BallotForm.KNAPSACK
    )
    process = actions.create_process(
        staff,
        slug=slug,
        title=title,
        theme="Ensomhed blandt ældre" if "ensomhed" in slug else title,
        description="Kommunen har sat 800.000 kr af. Borgerne foreslår, og borgerne bestemmer.",
        pot=800_000,
        area="Hele kommunen",
        organisation=personas.municipality,
        ballot_form=ballot_form,
        min_choices=1,
        max_choices=4 if ballot_form == BallotForm.APPROVAL else None,
        points_total=5,
        counting_rule=CountingRule.MES_ADD1 if slug == "ensomhed-2026" else CountingRule.GREEDY,
        min_age=15,
        postal_codes="7000,7080",
        # One proof per process (codes: from a letter or at a stormøde, online or on paper).
        allow_codes=True,
        allow_accounts=False,
        allow_paper=True,
        code_info=CODE_INFO,
        delivery_deadline=(now + timedelta(days=365)).date(),
        proposal_categories="\n".join(sorted({category for *_rest, category in PROPOSALS})),
        proposal_areas="Fjordby\nFjordby Nord\nSkovby\nHele kommunen",
    )
    current_index = PHASE_ORDER_VALUES.index(current)
    planned_at = _window(0, current_index, now)[0] - timedelta(hours=1)
    for index, kind in enumerate(PHASE_ORDER_VALUES):
        start, end = _window(index, current_index, now)
        actions.set_phase(staff, process, kind, start, end, now=planned_at)
    authors = [personas.citizen, personas.volunteer, personas.outsider]
    proposals: list[Proposal] = []
    for number, (name, text, cost, category) in enumerate(PROPOSALS):
        proposals.append(
            actions.create_proposal(
                authors[number % len(authors)],
                process,
                title=name,
                description=text,
                estimated_cost=cost,
                category=category,
                area="Fjordby",
                group_name="Seniorrådet" if number == 2 else "",
            )
        )
        for supporter in rng.sample([*authors, personas.caseworker], rng.randint(0, 4)):
            actions.support_proposal(supporter, proposals[-1])
    meeting_start, _end = _window(PHASE_ORDER_VALUES.index("meetings"), current_index, now)
    meeting = actions.create_meeting(
        staff,
        process,
        title="Stormøde i Kulturhuset",
        starts_at=meeting_start + timedelta(days=3, hours=19),
        place="Kulturhuset, Havnegade 1, Fjordby",
        agenda="1. Velkomst\n2. Forslagsstillerne præsenterer\n3. Spørgsmål og snak",
        capacity=80,
    )
    actions.update_meeting(staff, meeting, proposals=proposals[:5], officials=[personas.volunteer])
    actions.register_for_meeting(personas.citizen, meeting)
    if current_index > PHASE_ORDER_VALUES.index("meetings"):
        actions.update_meeting(
            staff, meeting, minutes="45 fremmødte. Alle forslag blev præsenteret og drøftet."
        )
    if current_index >= PHASE_ORDER_VALUES.index("feasibility"):
        for number, proposal in enumerate(proposals):
            feasible = number != 8
            actions.review_feasibility(
                staff,
                proposal,
                feasible=feasible,
                public_reason="Kan gennemføres inden for rammerne."
                if feasible
                else "Stien ejes af staten; kommunen kan ikke sætte bænke op.",
                final_cost=proposal.estimated_cost + 10_000 * (number % 3) if feasible else None,
            )
    if current_index >= PHASE_ORDER_VALUES.index("voting"):
        voting_start, _voting_end = _window(PHASE_ORDER_VALUES.index("voting"), current_index, now)
        actions.lock_process(staff, process, now=voting_start - timedelta(hours=1))
        process.refresh_from_db()
        _cast_synthetic(process, personas, rng, 300 if current == "result" else 40, voting_start)
        _voting_point(process, personas, voting_start)
    return process


def _voting_point(process: BudgetProcess, personas: Personas, start: datetime) -> None:
    """An activity centre open on two days of the vote, with a few paper ballots, one of them
    entered again as a correction."""
    day = timezone.localtime(start).replace(hour=10, minute=0, second=0, microsecond=0)
    point = actions.save_voting_point(
        personas.coordinator,
        process,
        name="Aktivitetscentret Solgården",
        place="Solgårdsvej 4, Fjordby",
        officials=[personas.volunteer],
        opening_starts_at=day + timedelta(days=1),
        opening_ends_at=day + timedelta(days=1, hours=4),
    )
    actions.save_voting_point(
        personas.coordinator,
        process,
        point=point,
        name=point.name,
        place=point.place,
        officials=[personas.volunteer],
        opening_starts_at=day + timedelta(days=2),
        opening_ends_at=day + timedelta(days=2, hours=4),
    )
    if not process.allow_paper:
        return
    ids = list(
        Proposal.objects.filter(process=process, review__feasible=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    when = day + timedelta(days=1, hours=1)
    codes = actions.generate_voting_codes(personas.coordinator, process, count=3, batch="Solgården")
    for number, code in enumerate(codes):
        voter = voter_for(process, identity_for_code(process, code))
        # The last voter brought her son to read the ballot aloud (assisted voting).
        helped = number == len(codes) - 1
        actions.cast_ballot(
            voter,
            {ids[number]: 1},
            Channel.PAPER,
            personas.volunteer,
            voting_point=point,
            assisted=actions.AssistedBy(
                kind=Assistance.HELPER, name="Sønnen, Jens", reason="Svagt syn"
            )
            if helped
            else None,
            now=when,
        )
        if number == 0:
            actions.cast_ballot(
                voter,
                {ids[1]: 1},
                Channel.PAPER,
                personas.volunteer,
                voting_point=point,
                correction_reason="Forkert forslag krydset af ved indtastningen",
                now=when,
            )


def _cast_synthetic(
    process: BudgetProcess, personas: Personas, rng: random.Random, count: int, start: datetime
) -> None:
    """Voters with voting codes; popularity differs so the count has something to decide."""
    ids = list(
        Proposal.objects.filter(process=process, review__feasible=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    weights = [len(ids) - index for index in range(len(ids))]
    codes = actions.generate_voting_codes(personas.coordinator, process, count=count, batch="Demo")
    when = start + timedelta(hours=2)
    for number, code in enumerate(codes):
        voter = voter_for(process, identity_for_code(process, code))
        if process.ballot_form == BallotForm.CUMULATIVE:
            points: dict[int, int] = {}
            for pk in rng.choices(ids, weights=weights, k=process.points_total):
                points[pk] = points.get(pk, 0) + 1
            choices = points
        else:
            size = rng.randint(1, min(4, len(ids)))
            chosen: set[int] = set()
            while len(chosen) < size:
                chosen.add(rng.choices(ids, weights=weights)[0])
            choices = dict.fromkeys(chosen, 1)
        channel = Channel.ONLINE
        if number % 10 == 0:
            meeting = process.meetings.first()
            actions.cast_ballot(
                voter, choices, Channel.PAPER, personas.volunteer, meeting=meeting, now=when
            )
            continue
        actions.cast_ballot(voter, choices, channel, now=when)
        if number % 7 == 0:  # some change their mind; the last ballot counts
            actions.cast_ballot(
                voter,
                {ids[0]: 1} if process.ballot_form != BallotForm.CUMULATIVE else {ids[0]: 2},
                channel,
                now=when,
            )


def load(personas: Personas, say: Callable[[str], None]) -> None:
    now = timezone.now()
    for slug, title, current in PROCESSES:
        if BudgetProcess.objects.filter(slug=slug).exists():
            continue
        _build(personas, slug, title, current, now)
        say(f"  borgerbudget: {title} ({current})")
    finished = BudgetProcess.objects.get(slug="ensomhed-2026")
    if not finished.results.exists():
        _publish_and_deliver(finished, personas)
        say("  borgerbudget: ensomhed-2026 talt op og offentliggjort, med statusopdateringer")
    _print_codes(personas, say)


def _print_codes(personas: Personas, say: Callable[[str], None]) -> None:
    """A few fresh codes for the process that is voting (only their hashes are stored, so
    earlier ones cannot be shown again: each run makes new ones)."""
    now = timezone.now()
    voting = next(
        (
            process
            for process in BudgetProcess.objects.order_by("pk")
            if voting_is_open(process, now)
        ),
        None,
    )
    if voting is None or not voting.allow_codes:
        return
    codes = actions.generate_voting_codes(
        personas.coordinator, voting, count=DEMO_CODES, batch="samskab demo"
    )
    path = reverse("budgets:vote", args=[voting.slug])
    say(
        f"  afstemningskoder til at prøve at stemme om «{voting.title}» på {path}"
        f" (hver kode giver én vælger): {', '.join(codes)}"
    )


def _publish_and_deliver(process: BudgetProcess, personas: Personas) -> None:
    """Count the finished process (as the close task would) and start delivering a project."""
    rng = random.Random("turnout")  # noqa: S311 - demo content, not secrets
    # Demo voters used codes, which vouch for no age or address; give them the turnout groups
    # a declaration at the meeting would have given, so the results page has something to show.
    bands = ["15-17", "18-29", "30-49", "50-64", "65+", "65+"]
    for voter_id in Voter.objects.filter(process=process).values_list("pk", flat=True):
        Voter.objects.filter(pk=voter_id).update(
            age_band=rng.choice(bands), area=rng.choice(["7000", "7000", "7080"])
        )
    result = actions.count_votes(personas.coordinator, process)
    actions.publish_result(personas.coordinator, process)
    funded = FundedProject.objects.filter(result=result).order_by("proposal_id").first()
    if funded is None:
        return
    actions.assign_responsible(personas.coordinator, funded, personas.caseworker)
    actions.update_delivery(
        personas.caseworker, funded, status=DeliveryStatus.IN_PROGRESS, progress=40
    )
    today = timezone.localdate()
    actions.add_delivery_update(
        personas.caseworker,
        funded,
        text="Aftale med forsamlingshuset er på plads. Første fællesspisning er planlagt.",
        date=today - timedelta(days=20),
    )
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (210, 180, 140)).save(buffer, format="PNG")
    actions.add_delivery_update(
        personas.caseworker,
        funded,
        text="32 deltog i den første fællesspisning.",
        date=today - timedelta(days=3),
        photo=SimpleUploadedFile("faellesspisning.png", buffer.getvalue(), "image/png"),
        photo_description="Et langt bord dækket til fællesspisning i forsamlingshuset.",
    )
