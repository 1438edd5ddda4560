"""`samskab pb ...`: the vote-counting engine's command line (no Django, no database).

samskab pb tally FILE [--rule RULE] [--utility cost|cardinality] [--format text|json]
                  [--add1-stop-when-exhaustive] [--comparison satisfaction|exclusion-ratio]
samskab pb verify FILE... [--format text|json]

No input makes either command print a traceback: a file that cannot be read or counted is a
``file:line: problem`` message and exit status 2. A reader that stops early (``| head``) ends the
command quietly, with status 2 (the run is incomplete).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from samskab.engine.pabulib import PabulibError, format_money, read_election
from samskab.engine.pb.completion import COMPARISONS
from samskab.engine.pb.election import Election
from samskab.engine.pb.explanations import greedy_explanation
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.rules import RULE_NAMES, RuleUnavailable, rule_for

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_INPUT = 2

VERIFY_EPILOG = """\
exit status: 0 when no file mismatched (files that cannot be verified do not count),
1 when a file's recomputed outcome differs from its `selected` column, 2 when a file could
not be read or counted (status "error"). When both happen, 2 wins: an unreadable file means
the run is incomplete, whatever the other files showed. Errors count as failed in the last
line; files that cannot be verified are counted on the line before it.

--format json prints JSON only on standard output: one object per file and line, then one
summary object {"summary": {"passed", "failed", "mismatches", "errors", "not_verifiable"}};
the two human summary lines go to standard error.
"""

TALLY_EPILOG = """\
exit status: 0 on success, 2 when the file cannot be read or the rule cannot be applied to it
(for example --rule auto on a file whose META rule is greedy-exclusive or unknown).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samskab pb",
        description="Count participatory budgets from Pabulib .pb files.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tally = commands.add_parser(
        "tally",
        help="count one election with a rule",
        description="Count one election with a rule and explain the outcome.",
        epilog=TALLY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tally.add_argument("file", metavar="FILE", help="a Pabulib .pb file")
    tally.add_argument(
        "--rule",
        choices=RULE_NAMES,
        default="auto",
        help="the counting rule; auto (the default) uses the file's own META rule",
    )
    tally.add_argument(
        "--utility",
        choices=("cost", "cardinality"),
        default="cost",
        help="how a voter values a funded project, for equal shares and Phragmén "
        "(default: cost); the greedy rules count support and ignore it",
    )
    tally.add_argument("--format", choices=("text", "json"), default="text")
    tally.add_argument(
        "--add1-stop-when-exhaustive",
        action="store_true",
        help="mes-add1 and mes-add1-comparison: stop raising the share at the first outcome "
        "that leaves no room for another project (equalshares.net's option); by default the "
        "share is raised while the outcome fits the budget, as the cities count",
    )
    tally.add_argument(
        "--comparison",
        choices=COMPARISONS,
        default=None,
        help="mes-add1-comparison: compare with greedy by satisfaction (the default: voters "
        "with more funded projects they approve) or exclusion-ratio (voters with at least one)",
    )

    verify = commands.add_parser(
        "verify",
        help="recompute elections with their own rule and compare with the official outcome",
        description="Recompute each file with its META rule and compare with its `selected` "
        "column. Ends with the line 'N passed, N failed'.",
        epilog=VERIFY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("files", metavar="FILE", nargs="+", help="Pabulib .pb files")
    verify.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: one JSON object per line per file",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        if args.command == "tally":
            options = RuleOptions(args.add1_stop_when_exhaustive, args.comparison)
            return tally(
                args.file, args.rule, args.utility, args.format, sys.stdout, sys.stderr, options
            )
        return verify(args.files, args.format, sys.stdout, sys.stderr)
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more. Python would report the failed
        # flush at exit, so standard output is pointed at /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INPUT


# --- tally ----------------------------------------------------------------------------------------


class RuleOptions:
    """The add1 options of `tally`, checked against the rule they are given with."""

    ADD1_RULES = ("mes-add1", "mes-add1-comparison")

    def __init__(self, stop_when_exhaustive: bool = False, comparison: str | None = None) -> None:
        self.stop_when_exhaustive = stop_when_exhaustive
        self.comparison = comparison

    def for_rule(self, name: str) -> dict[str, Any]:
        """Keyword arguments for rule ``name``; ValueError for an option it does not take."""
        options: dict[str, Any] = {}
        if self.stop_when_exhaustive:
            if name not in self.ADD1_RULES:
                raise ValueError(
                    f"--add1-stop-when-exhaustive applies to mes-add1 and mes-add1-comparison, "
                    f"not to {name}"
                )
            options["stop_when_exhaustive"] = True
        if self.comparison is not None:
            if name != "mes-add1-comparison":
                raise ValueError(f"--comparison applies to mes-add1-comparison, not to {name}")
            options["comparison"] = self.comparison
        return options


def tally(
    path: str,
    rule_name: str,
    utility: str,
    output: str,
    out: TextIO,
    err: TextIO,
    options: RuleOptions | None = None,
) -> int:
    try:
        parsed = read_election(path)
    except PabulibError as error:
        print(f"samskab pb tally: error: {error}", file=err)
        return EXIT_INPUT
    election = parsed.election
    for warning in parsed.warnings:
        print(warning, file=err)
    try:
        name, rule = rule_for(rule_name, election)
        outcome = rule(election, utility=utility, **(options or RuleOptions()).for_rule(name))
    except (RuleUnavailable, ValueError) as error:
        print(f"samskab pb tally: error: {path}: {_reason(error)}", file=err)
        return EXIT_INPUT
    if output == "json":
        print(json_line(tally_json(path, name, election, outcome)), file=out)
    else:
        out.write(tally_text(path, name, election, outcome))
    return EXIT_OK


# Characters a JSON string may hold as they are but that some readers take for a line break
# (Python's str.splitlines, JavaScript before ES2019): escaped, so one object stays one line.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: object) -> str:
    """``value`` as JSON on one line, non-ASCII text kept readable."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKS)


def tally_json(path: str, rule: str, election: Election, outcome: Outcome) -> dict[str, Any]:
    from samskab.engine.version import engine_version  # hashlib: only JSON output needs it

    return {
        "file": path,
        "rule": rule,
        "meta_rule": election.meta.get("rule", ""),
        "vote_type": election.vote_type,
        "currency": election.meta.get("currency", ""),
        "selected": [election.projects[p].id for p in outcome.selected],
        "cost": _amount(outcome.cost),
        "budget": _amount(election.budget),
        "cost_cents": outcome.cost,
        "budget_cents": election.budget,
        "explanation": outcome.explanation,
        "engine_version": engine_version(),
    }


def tally_text(path: str, rule: str, election: Election, outcome: Outcome) -> str:
    currency = election.meta.get("currency", "")
    lines = [
        f"{path}",
        f"rule: {rule} (META rule: {election.meta.get('rule', '-')}), "
        f"{election.vote_type} ballots: {election.num_voters}, "
        f"projects: {len(election.projects)}",
        f"budget: {format_money(election.budget)} {currency}".rstrip(),
        f"funded: {len(outcome.selected)} projects costing {format_money(outcome.cost)} "
        f"{currency}, leftover {format_money(election.budget - outcome.cost)} {currency}".rstrip(),
        "",
    ]
    if "order" in outcome.explanation:  # a greedy rule
        explained = greedy_explanation(outcome.explanation)
        support = explained["support"]
        if "threshold" in explained:
            lines.append(f"threshold: {support} >= {explained['threshold']}")
        rows: list[tuple[str, ...]] = [("#", "project", support, "cost", "left before", "status")]
        for place, step in enumerate(explained["order"], 1):
            rows.append(
                (
                    str(place),
                    step["project"],
                    str(step["support"]),
                    format_money(step["cost_cents"]),
                    format_money(step["remaining_before_cents"]),
                    _status_text(step["status"]),
                )
            )
        lines.extend(_table(rows))
        for row in explained["column_disagreements"]:
            lines.append(
                f"note: project {row['project']} has {support} {row['column']} in the file "
                f"but {row['ballots']} counted from the ballots"
            )
    else:
        rows = [("#", "project", "cost", "name")]
        for place, index in enumerate(outcome.selected, 1):
            project = election.projects[index]
            rows.append((str(place), project.id, format_money(project.cost), project.name))
        lines.extend(_table(rows))
    return "\n".join(lines) + "\n"


_STATUS_TEXT = {
    "funded": "funded",
    "skipped": "skipped: does not fit in what is left",
    "below-threshold": "not eligible: below the threshold",
    "stopped": "not funded: the count stopped at the first project that did not fit",
}


def _status_text(status: str) -> str:
    return _STATUS_TEXT.get(status, status)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _amount(cents: int) -> int | float:
    return cents // 100 if cents % 100 == 0 else cents / 100


def _reason(error: BaseException) -> str:
    return str(error.args[0]) if error.args else type(error).__name__


# --- verify ---------------------------------------------------------------------------------------


def verify(paths: Sequence[str], output: str, out: TextIO, err: TextIO) -> int:
    from samskab.engine.pb.verify import ERROR, MATCH, MISMATCH, NOT_VERIFIABLE

    counts: Counter[str] = Counter()
    bar = _progress_bar(len(paths), err)
    for path in paths:
        record = verify_record(path)
        counts[record["status"]] += 1
        line = json_line(record) if output == "json" else _verify_text(record)
        if bar is None:
            print(line, file=out)
        else:
            bar.write(line, file=out)
            bar.update()
    if bar is not None:
        bar.close()
    passed, failed = counts[MATCH], counts[MISMATCH] + counts[ERROR]
    summary = out
    if output == "json":
        record = {
            "passed": passed,
            "failed": failed,
            "mismatches": counts[MISMATCH],
            "errors": counts[ERROR],
            "not_verifiable": counts[NOT_VERIFIABLE],
        }
        print(json.dumps({"summary": record}), file=out)
        summary = err
    print(f"{counts[NOT_VERIFIABLE]} not verifiable, {counts[ERROR]} errors", file=summary)
    print(f"{passed} passed, {failed} failed", file=summary)
    if counts[ERROR]:
        return EXIT_INPUT
    return EXIT_MISMATCH if counts[MISMATCH] else EXIT_OK


def _progress_bar(total: int, err: TextIO) -> Any:
    """A tqdm bar on stderr when it is a terminal and there is more than one file; else None."""
    if total < 2 or not err.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=err, unit="file", leave=False)


def verify_record(path: str) -> dict[str, Any]:
    from samskab.engine.pb.verify import verify_election

    try:
        parsed = read_election(path)
    except PabulibError as error:
        return {
            "file": path,
            "rule": "",
            "status": "error",
            "selected": [],
            "official": [],
            "reason": f"line {error.line}: {error.message}" if error.line else error.message,
            "line": error.line,
        }
    try:
        verification = verify_election(parsed.election)
    except Exception as error:  # one file's failure must not end a sweep
        return {
            "file": path,
            "rule": parsed.election.meta.get("rule", ""),
            "status": "error",
            "selected": [],
            "official": [],
            "reason": f"the count failed: {type(error).__name__}: {error}",
        }
    record: dict[str, Any] = {
        "file": path,
        "rule": verification.rule,
        "status": verification.status,
        "selected": list(verification.selected),
        "official": list(verification.official),
    }
    if verification.status != "match":
        record["reason"] = verification.reason
    if verification.status == "mismatch":
        record["only_selected"] = list(verification.only_recomputed)
        record["only_official"] = list(verification.only_official)
    if parsed.warnings:
        record["warnings"] = [str(warning) for warning in parsed.warnings]
    return record


def _verify_text(record: dict[str, Any]) -> str:
    status = str(record["status"])
    label = "not verifiable" if status == "not-verifiable" else status
    rule = f" ({record['rule']})" if record["rule"] else ""
    line = f"{label}: {record['file']}{rule}"
    if status != "match":
        line += f": {record['reason']}"
    return line
