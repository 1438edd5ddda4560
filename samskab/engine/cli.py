"""`samskab pb ...`: the vote-counting engine's command line (no Django, no database).

samskab pb tally FILE [--rule RULE] [--utility cost|cardinality] [--format text|json]
samskab pb verify FILE... [--format text|json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from samskab.engine.pabulib import PabulibError, format_money, read_election
from samskab.engine.pb.election import Election
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
    if args.command == "tally":
        return tally(args.file, args.rule, args.utility, args.format, sys.stdout, sys.stderr)
    return verify(args.files, args.format, sys.stdout, sys.stderr)


# --- tally ----------------------------------------------------------------------------------------


def tally(path: str, rule_name: str, utility: str, output: str, out: TextIO, err: TextIO) -> int:
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
        outcome = rule(election, utility=utility)
    except (RuleUnavailable, ValueError) as error:
        print(f"samskab pb tally: error: {path}: {_reason(error)}", file=err)
        return EXIT_INPUT
    if output == "json":
        print(json.dumps(tally_json(path, name, election, outcome), ensure_ascii=False), file=out)
    else:
        out.write(tally_text(path, name, election, outcome))
    return EXIT_OK


def tally_json(path: str, rule: str, election: Election, outcome: Outcome) -> dict[str, Any]:
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
    steps = outcome.explanation.get("order")
    if isinstance(steps, list) and steps and isinstance(steps[0], dict) and "status" in steps[0]:
        support = str(outcome.explanation.get("support", "support"))
        if "threshold" in outcome.explanation:
            lines.append(f"threshold: {support} >= {outcome.explanation['threshold']}")
        rows: list[tuple[str, ...]] = [("#", "project", support, "cost", "left before", "status")]
        for place, step in enumerate(steps, 1):
            rows.append(
                (
                    str(place),
                    str(step["project"]),
                    str(step["support"]),
                    format_money(int(step["cost_cents"])),
                    format_money(int(step["remaining_before_cents"])),
                    _status_text(str(step["status"])),
                )
            )
        lines.extend(_table(rows))
        for row in outcome.explanation.get("column_disagreements", []):
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
        line = json.dumps(record, ensure_ascii=False) if output == "json" else _verify_text(record)
        if bar is None:
            print(line, file=out)
        else:
            bar.write(line, file=out)
            bar.update()
    if bar is not None:
        bar.close()
    print(f"{counts[NOT_VERIFIABLE]} not verifiable, {counts[ERROR]} errors", file=out)
    print(f"{counts[MATCH]} passed, {counts[MISMATCH] + counts[ERROR]} failed", file=out)
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
