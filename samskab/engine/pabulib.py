"""Read and write the Pabulib `.pb` format (https://pabulib.org/format).

A file has three sections, each introduced by a line `META`, `PROJECTS`, `VOTES`; fields are
`;`-separated, may be `"`-quoted, and the first line of `PROJECTS` and `VOTES` names the columns.
Real files come with CRLF line endings, a UTF-8 BOM, decimal points or commas in money, empty
fields and free extra columns; all of that is accepted, and every column is kept so that
writing the election back and reading it again gives the same election.

Problems are reported with the file, the line and what is wrong: `PabulibError` for input the
counting cannot trust (missing section, unknown project on a ballot, non-numeric cost, duplicate
ids, ballots breaking the length limits), `PabulibWarning` for what is only suspicious (META
counts that disagree with the sections, a project named twice on one ballot).

Parsing is built for 100,000+ ballots: the VOTES section is split in a few big string
operations and turned straight into the CSR arrays of `Election`; no object per voter.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from samskab.engine.pabulib_votes import VotesReader
from samskab.engine.pb.election import VOTE_TYPES, Election, Project

SECTIONS = ("META", "PROJECTS", "VOTES")
_SECTION_LINE = re.compile(rb"(META|PROJECTS|VOTES)[ \t]*")
# Amounts have at most 12 digits of whole units (a trillion): sums of thousands of costs in
# cents then stay within int64, and no number is long enough to slow down int().
MAX_AMOUNT_DIGITS = 12
_MONEY = re.compile(rf"\+?0*(\d{{1,{MAX_AMOUNT_DIGITS}}})(?:[.,](\d*))?")


class PabulibError(ValueError):
    """The file cannot be read as an election. ``line`` is 1-based (0: the file as a whole)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class PabulibWarning:
    """Something suspicious that does not stop the count."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: warning: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedElection:
    election: Election
    warnings: tuple[PabulibWarning, ...]


def read_election(source: str | os.PathLike[str], *, name: str | None = None) -> ParsedElection:
    """Read an election from a path, or from the text of a file (a string with a line break).

    ``name`` is how the file is called in messages (default: the path, or ``<text>``).
    """
    if isinstance(source, os.PathLike) or ("\n" not in source and "\r" not in source):
        file = name or os.fspath(source)
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise PabulibError(
                file, 0, f"cannot read the file: {error.strerror or error}"
            ) from None
    else:
        file = name or "<text>"
        try:
            data = source.encode("utf-8")
        except UnicodeEncodeError as error:
            line = source.count("\n", 0, error.start) + 1
            raise PabulibError(
                file, line, "the text holds characters UTF-8 cannot encode"
            ) from None
    # The reader works on the UTF-8 bytes and decodes only the fields it keeps: half the
    # memory of a decoded text for files with non-ASCII names.
    reader = _Reader(file, data)
    del data
    return reader.read()


def parse_money(value: str) -> int | None:
    """``"1234"``, ``"1234.5"``, ``"1 234,50"`` -> cents; None if not an amount in cents of at
    most ``MAX_AMOUNT_DIGITS`` whole units."""
    if len(value) > 100:  # no amount is this long; do not run the regex over megabytes
        return None
    match = _MONEY.fullmatch(value.strip().replace(" ", "").replace("\u00a0", ""))
    if match is None:
        return None
    units, fraction = match.group(1), (match.group(2) or "").rstrip("0")
    if len(fraction) > 2:
        return None
    return int(units) * 100 + int(fraction.ljust(2, "0"))


def _shown(value: str, limit: int = 40) -> str:
    """A field as quoted in a message: cut short, so a 10 MB field gives a one-line error."""
    value = value.strip()
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value)} characters)"


def format_money(cents: int) -> str:
    """Cents -> ``"1234"`` or ``"1234.50"`` (a decimal point, as most Pabulib files write it)."""
    units, rest = divmod(cents, 100)
    return str(units) if rest == 0 else f"{units}.{rest:02d}"


class _Reader:
    def __init__(self, file: str, data: bytes) -> None:
        data = data.removeprefix(b"\xef\xbb\xbf")
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        self.file = file
        self.data = data
        nul = data.find(b"\x00")
        if nul >= 0:
            raise self.error(
                self.line_at(nul), "the line holds a NUL byte: this is not a text file"
            )
        self.warnings: list[PabulibWarning] = []
        self.meta_lines: dict[str, int] = {}

    def error(self, line: int, message: str) -> PabulibError:
        return PabulibError(self.file, line, message)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(PabulibWarning(self.file, line, message))

    def line_at(self, position: int) -> int:
        return self.data.count(b"\n", 0, position) + 1

    def decode(self, start: int, end: int) -> str:
        try:
            return self.data[start:end].decode("utf-8")
        except UnicodeDecodeError as error:
            raise self.error(
                self.line_at(start + error.start), "the file is not UTF-8 text"
            ) from None

    # --- sections -----------------------------------------------------------------------------

    def sections(self) -> dict[str, tuple[int, int, int]]:
        """Section name -> (start, end of its body in the text, line number of its first line)."""
        found: list[tuple[str, int, int]] = []  # name, start of marker line, start of body
        markers = self.section_markers()
        names = [name for _start, _end, name in markers]
        for start, end, name in markers:
            line = self.line_at(start)
            if any(name == seen for seen, _, _ in found):
                raise self.error(line, f"section {name} appears a second time")
            expected = SECTIONS[len(found)]
            if name != expected:
                problem = (
                    f"section {name} comes before {expected}"
                    if expected in names
                    else f"missing section {expected} before {name}"
                )
                raise self.error(
                    line, f"{problem}: the sections are META, PROJECTS and VOTES, in that order"
                )
            found.append((name, start, end + 1))
        if len(found) < len(SECTIONS):
            missing = SECTIONS[len(found)]
            raise self.error(
                self.data.count(b"\n") + 1,
                f"missing section {missing}: a .pb file needs the lines META, PROJECTS and "
                "VOTES, in that order, each on a line of its own",
            )
        if self.data[: found[0][1]].strip():
            raise self.error(1, "text before the META section")
        bodies: dict[str, tuple[int, int, int]] = {}
        for position, (name, marker, body_start) in enumerate(found):
            end = found[position + 1][1] if position + 1 < len(found) else len(self.data)
            bodies[name] = (min(body_start, end), end, self.line_at(marker) + 1)
        return bodies

    def section_markers(self) -> list[tuple[int, int, str]]:
        """(start, end, name) of every line that is a section marker, in file order.

        The same lines as ``_SECTION_LINE`` finds, found with ``bytes.find`` (a regular
        expression over a 4 MB file costs more than the rest of the META and PROJECTS)."""
        data = self.data
        markers: list[tuple[int, int, str]] = []
        for name in SECTIONS:
            word = name.encode()
            at = 0 if data.startswith(word) else data.find(b"\n" + word)
            while at >= 0:
                start = at if at == 0 and data.startswith(word) else at + 1
                line_end = data.find(b"\n", start)
                line_end = len(data) if line_end < 0 else line_end
                if _SECTION_LINE.fullmatch(data, start, line_end):
                    markers.append((start, line_end, name))
                at = data.find(b"\n" + word, start)
        return sorted(markers)

    def body(self, bounds: tuple[int, int, int]) -> tuple[str, int]:
        start, end, first_line = bounds
        return self.decode(start, end), first_line

    def rows(self, body: str, first_line: int) -> list[tuple[int, list[str]]]:
        """The non-blank rows of a small section, each with its line number."""
        reader = csv.reader(io.StringIO(body), delimiter=";")
        rows: list[tuple[int, list[str]]] = []
        previous = 0
        try:
            for row in reader:
                start = first_line + previous
                previous = reader.line_num
                if any(field.strip() for field in row):
                    rows.append((start, row))
        except csv.Error as error:
            raise self.error(first_line + reader.line_num - 1, f"unreadable row: {error}") from None
        return rows

    def header(self, section: str, row: list[str], line: int, required: Sequence[str]) -> list[str]:
        columns = [name.strip() for name in row]
        for name in required:
            if name not in columns:
                raise self.error(line, f"the {section} header has no '{name}' column")
        seen: set[str] = set()
        for name in columns:
            if name in seen:
                raise self.error(line, f"the {section} header names the column '{name}' twice")
            seen.add(name)
        return columns

    def fit_row(self, section: str, row: list[str], width: int, line: int) -> list[str]:
        if len(row) > width:
            if any(field.strip() for field in row[width:]):
                raise self.error(
                    line, f"{section} row has {len(row)} fields, but the header names {width}"
                )
            return row[:width]
        if len(row) < width:
            self.warn(line, f"{section} row has {len(row)} fields of {width}; the rest are empty")
            return row + [""] * (width - len(row))
        return row

    # --- META and PROJECTS --------------------------------------------------------------------

    def read_meta(self, body: str, first_line: int) -> tuple[dict[str, str], dict[str, int]]:
        meta: dict[str, str] = {}
        lines: dict[str, int] = {}
        rows = self.rows(body, first_line)
        if rows and [field.strip().lower() for field in rows[0][1][:2]] == ["key", "value"]:
            rows = rows[1:]
        for line, row in rows:
            key = row[0].strip()
            if not key:
                raise self.error(line, "META row without a key")
            if key in meta:
                self.warn(line, f"META key '{key}' appears again; the last value is used")
            meta[key] = ";".join(row[1:])
            lines[key] = line
        return meta, lines

    def read_projects(self, body: str, first_line: int) -> tuple[list[Project], list[str]]:
        rows = self.rows(body, first_line)
        if not rows:
            raise self.error(first_line, "the PROJECTS section has no header line")
        header_line, header_row = rows[0]
        columns = self.header("PROJECTS", header_row, header_line, ("project_id", "cost"))
        id_column, cost_column = columns.index("project_id"), columns.index("cost")
        name_column = columns.index("name") if "name" in columns else None
        extra_columns = [
            (position, name)
            for position, name in enumerate(columns)
            if name not in ("project_id", "cost", "name")
        ]
        projects: list[Project] = []
        first_seen: dict[str, int] = {}
        for line, raw in rows[1:]:
            row = self.fit_row("PROJECTS", raw, len(columns), line)
            project_id = row[id_column].strip()
            if not project_id:
                raise self.error(line, "project without a project_id")
            if project_id in first_seen:
                raise self.error(
                    line,
                    f"duplicate project id '{project_id}' (first on line {first_seen[project_id]})",
                )
            first_seen[project_id] = line
            cost = parse_money(row[cost_column])
            if cost is None:
                raise self.error(
                    line,
                    f"cost '{_shown(row[cost_column])}' of project '{project_id}' is not an "
                    f"amount (at most {MAX_AMOUNT_DIGITS} digits, with at most two decimals "
                    "after '.' or ',')",
                )
            extra = {name: row[position] for position, name in extra_columns}
            projects.append(
                Project(
                    id=project_id,
                    cost=cost,
                    name=row[name_column] if name_column is not None else "",
                    extra=MappingProxyType(extra),
                )
            )
        return projects, columns

    def meta_int(self, meta: dict[str, str], key: str) -> int | None:
        value = meta.get(key, "").strip()
        if not value:
            return None
        cents = parse_money(value)
        if cents is None or cents % 100:
            self.warn(
                self.meta_lines.get(key, 0),
                f"META {key} '{_shown(value)}' is not a whole number of at most "
                f"{MAX_AMOUNT_DIGITS} digits; it is ignored",
            )
            return None
        return cents // 100

    # --- the whole file -----------------------------------------------------------------------

    def read(self) -> ParsedElection:
        bodies = self.sections()
        meta, meta_lines = self.read_meta(*self.body(bodies["META"]))
        self.meta_lines = meta_lines
        meta_line = bodies["META"][2] - 1
        for key in ("budget", "vote_type"):
            if key not in meta:
                raise self.error(meta_line, f"META has no '{key}'")
        budget = parse_money(meta["budget"])
        if budget is None:
            raise self.error(
                meta_lines["budget"],
                f"budget '{_shown(meta['budget'])}' is not an amount (at most "
                f"{MAX_AMOUNT_DIGITS} digits, with at most two decimals after '.' or ',')",
            )
        vote_type = meta["vote_type"].strip()
        if vote_type not in VOTE_TYPES:
            raise self.error(
                meta_lines["vote_type"],
                f"vote_type '{vote_type}' is not one of {', '.join(VOTE_TYPES)}",
            )
        projects, project_columns = self.read_projects(*self.body(bodies["PROJECTS"]))
        votes = VotesReader(self, projects, meta).read(*bodies["VOTES"])
        for key, actual, what in (
            ("num_projects", len(projects), "projects"),
            ("num_votes", len(votes.voter_ids), "ballots"),
        ):
            stated = meta.get(key, "").strip()
            if stated and stated != str(actual):
                self.warn(
                    meta_lines[key], f"META {key} is {stated}, but the file has {actual} {what}"
                )
        election = Election(
            meta=MappingProxyType(meta),
            projects=tuple(projects),
            budget=budget,
            vote_type=vote_type,
            voter_ids=votes.voter_ids,
            ballot_offsets=votes.offsets,
            ballot_projects=votes.projects,
            ballot_points=votes.points,
            voter_extra=MappingProxyType(votes.extra),
            project_columns=tuple(project_columns),
            voter_columns=votes.columns,
        )
        return ParsedElection(election, tuple(self.warnings))


# --- writing --------------------------------------------------------------------------------------


def write_election(election: Election) -> str:
    """The election as `.pb` text (LF line endings, no BOM, `"`-quoting where needed).

    Refuses (ValueError) what ``read_election`` would refuse, so every written file reads back:
    negative points and NUL characters."""
    points_array = election.ballot_points
    if points_array is not None and len(points_array) and int(points_array.min()) < 0:
        raise ValueError("negative points cannot be written: a .pb reader refuses them")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    if parse_money(meta.get("budget", "")) != election.budget:
        meta["budget"] = format_money(election.budget)
    meta["vote_type"] = election.vote_type
    out.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())

    out.write("PROJECTS\n")
    columns = list(election.project_columns) or ["project_id", "cost"]
    wanted = ["project_id", "cost"]
    if any(project.name for project in election.projects):
        wanted.append("name")
    for project in election.projects:
        wanted.extend(project.extra)
    columns += [name for name in dict.fromkeys(wanted) if name not in columns]
    writer.writerow(columns)
    for project in election.projects:
        fields = {
            **project.extra,
            "project_id": project.id,
            "cost": format_money(project.cost),
            "name": project.name,
        }
        writer.writerow([fields.get(name, "") for name in columns])

    out.write("VOTES\n")
    columns = list(election.voter_columns) or ["voter_id", "vote"]
    wanted = ["voter_id", "vote"]
    if election.ballot_points is not None:
        wanted.append("points")
    wanted.extend(election.voter_extra)
    columns += [name for name in wanted if name not in columns]
    writer.writerow(columns)
    ids = [project.id for project in election.projects]
    offsets = election.ballot_offsets.tolist()
    chosen = [ids[p] for p in election.ballot_projects.tolist()]
    points = election.ballot_points.tolist() if election.ballot_points is not None else None
    column_values: list[Sequence[str]] = []
    for name in columns:
        if name == "voter_id":
            column_values.append(election.voter_ids)
        elif name == "vote":
            column_values.append([",".join(chosen[a:b]) for a, b in itertools.pairwise(offsets)])
        elif name == "points" and points is not None:
            column_values.append(
                [",".join(map(str, points[a:b])) for a, b in itertools.pairwise(offsets)]
            )
        else:
            column_values.append(election.voter_extra.get(name, ("",) * election.num_voters))
    writer.writerows(zip(*column_values, strict=True))
    text = out.getvalue()
    if "\x00" in text:
        raise ValueError("a field holds a NUL character, which a .pb file cannot hold")
    return text
