"""Programme outcome report: counts, rates with Wilson 95% intervals, a national benchmark."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from samskab.engine.stats import Comparison, compare_to_benchmark
from samskab.mentoring.models import (
    POSITIVE_OUTCOMES,
    Checkpoint,
    Match,
    MatchStatus,
    Meeting,
    Outcome,
    Programme,
    Referral,
    ReferralStatus,
)

# DOMAIN.md: about 43% of young benefit recipients were in education or job after one year.
NATIONAL_BENCHMARK = 0.43

CHART_WIDTH = 480
CHART_HEIGHT = 240
CHART_TOP = 10
CHART_BOTTOM = 200  # y of the 0% line
BAR_WIDTH = 70
# Statistical disclosure control: outside the programme's own coordinators, counts of 1 to
# SMALL_CELL - 1 people are shown as "fewer than SMALL_CELL", and their rates not at all.
SMALL_CELL = 5


@dataclass(frozen=True)
class CheckpointRow:
    checkpoint: int
    label: str
    comparison: Comparison
    suppressed: bool = False  # 1-4 people: not shown outside the programme (small cells)

    @property
    def percent(self) -> int | None:
        rate = self.comparison.observed.rate
        return None if rate is None else round(rate * 100)

    @property
    def low_percent(self) -> int:
        return round(self.comparison.observed.low * 100)

    @property
    def high_percent(self) -> int:
        return round(self.comparison.observed.high * 100)


@dataclass(frozen=True)
class Bar:
    label: str
    x: int
    y: int
    height: int
    whisker_top: int
    whisker_bottom: int
    text: str


@dataclass(frozen=True)
class ProgrammeReport:
    status_counts: list[tuple[str, str]]
    matches_started: int
    matches_ongoing: int
    meetings: int
    rows: list[CheckpointRow]
    benchmark: float
    bars: list[Bar]
    benchmark_y: int

    @property
    def benchmark_percent(self) -> int:
        return round(self.benchmark * 100)


def _y(rate: float) -> int:
    return round(CHART_BOTTOM - rate * (CHART_BOTTOM - CHART_TOP))


def _small(count: int, suppress: bool) -> bool:
    return suppress and 0 < count < SMALL_CELL


def build_report(programme: Programme, *, suppress_small_cells: bool = False) -> ProgrammeReport:
    by_status = dict(
        Referral.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    fewer = f"< {SMALL_CELL}"
    status_counts = [
        (
            str(label),
            fewer
            if _small(by_status.get(value, 0), suppress_small_cells)
            else str(by_status.get(value, 0)),
        )
        for value, label in ReferralStatus.choices
    ]
    matches = Match.objects.filter(referral__programme=programme)
    started = matches.filter(started_on__isnull=False).count()
    ongoing = matches.filter(
        status__in=[MatchStatus.ACCEPTED, MatchStatus.ACTIVE, MatchStatus.PAUSED]
    ).count()
    meetings = Meeting.objects.filter(match__referral__programme=programme).count()
    recorded = Outcome.objects.filter(
        referral__programme=programme, recorded_on__isnull=False
    ).values_list("checkpoint", "status")
    totals: dict[int, list[int]] = {c.value: [0, 0] for c in Checkpoint if c.value > 0}
    for checkpoint, status in recorded:
        if checkpoint in totals:
            totals[checkpoint][1] += 1
            totals[checkpoint][0] += status in POSITIVE_OUTCOMES
    rows = [
        CheckpointRow(
            checkpoint=checkpoint,
            label=str(Checkpoint(checkpoint).label),
            comparison=compare_to_benchmark(0, 0, NATIONAL_BENCHMARK),
            suppressed=True,
        )
        if _small(total, suppress_small_cells)
        else CheckpointRow(
            checkpoint=checkpoint,
            label=str(Checkpoint(checkpoint).label),
            comparison=compare_to_benchmark(positive, total, NATIONAL_BENCHMARK),
        )
        for checkpoint, (positive, total) in totals.items()
    ]
    bars = []
    for index, row in enumerate(rows):
        observed = row.comparison.observed
        rate = observed.rate or 0.0
        x = 60 + index * (BAR_WIDTH + 60)
        bars.append(
            Bar(
                label=row.label,
                x=x,
                y=_y(rate),
                height=CHART_BOTTOM - _y(rate),
                # No interval drawn where nothing is shown (no data, or a small cell).
                whisker_top=_y(observed.high) if observed.total else CHART_BOTTOM,
                whisker_bottom=_y(observed.low) if observed.total else CHART_BOTTOM,
                text=fewer if row.suppressed else "-" if row.percent is None else f"{row.percent}%",
            )
        )
    return ProgrammeReport(
        status_counts=status_counts,
        matches_started=started,
        matches_ongoing=ongoing,
        meetings=meetings,
        rows=rows,
        benchmark=NATIONAL_BENCHMARK,
        bars=bars,
        benchmark_y=_y(NATIONAL_BENCHMARK),
    )
