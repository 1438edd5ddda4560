"""Programme outcome report: counts, rates with Wilson 95% intervals, a national benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from samskab.core.charts import interval_chart
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
class ProgrammeReport:
    status_counts: list[tuple[str, str]]
    matches_started: int
    matches_ongoing: int
    meetings: int
    rows: list[CheckpointRow]
    benchmark: float

    @property
    def benchmark_percent(self) -> int:
        return round(self.benchmark * 100)

    def chart(self) -> dict[str, Any]:
        """The rates with their intervals against the benchmark; nothing drawn where the table
        shows no rate (no data, or a small cell)."""
        shown = [row for row in self.rows if not row.suppressed and row.percent is not None]
        return interval_chart(
            [row.label for row in self.rows],
            [row.percent if row in shown else None for row in self.rows],
            [(row.low_percent, row.high_percent) if row in shown else None for row in self.rows],
            value_label=_("I uddannelse eller job"),
            reference=self.benchmark_percent,
            reference_label=_("Landsgennemsnit %(percent)d %%")
            % {"percent": self.benchmark_percent},
        )


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
    return ProgrammeReport(
        status_counts=status_counts,
        matches_started=started,
        matches_ongoing=ongoing,
        meetings=meetings,
        rows=rows,
        benchmark=NATIONAL_BENCHMARK,
    )
