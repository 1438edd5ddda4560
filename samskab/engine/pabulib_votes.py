"""The VOTES section of a `.pb` file, read straight into CSR arrays.

This is where the time and memory of parsing go (a city file holds 100,000+ ballots), so the
section is read from the file's bytes (never decoded as a whole) in blocks of a few thousand
lines, each split with a handful of big operations; per block the ballots become integer
arrays at once, and repeated values of the optional voter columns (age, sex, voting
method...) are decoded once and share one string. There is no Python
object per voter except its id, which `Election.voter_ids` keeps.

A block with quotes, blank lines or rows of the wrong width takes the general, per-row path,
which knows each row's line number and reports short or long rows precisely.
"""

from __future__ import annotations

import bisect
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from samskab.engine.pb.election import IntArray, Project


class FileReader(Protocol):
    """What the VOTES reader needs from the file reader (``pabulib._Reader``): its bytes, line
    numbers in messages, and the small-section helpers. A protocol, so this module does not
    import ``pabulib`` (which imports this one)."""

    data: bytes

    def error(self, line: int, message: str) -> ValueError: ...

    def warn(self, line: int, message: str) -> None: ...

    def decode(self, start: int, end: int) -> str: ...

    def rows(self, body: str, first_line: int) -> list[tuple[int, list[str]]]: ...

    def header(
        self, section: str, row: list[str], line: int, required: Sequence[str]
    ) -> list[str]: ...

    def fit_row(self, section: str, row: list[str], width: int, line: int) -> list[str]: ...

    def meta_int(self, meta: dict[str, str], key: str) -> int | None: ...


_BLOCK_CHARS = 1 << 16  # ~1,500 ballot lines: fast, and small transients keep the peak low
_MAX_REPEATED_WARNINGS = 5
_OWN_COLUMNS = ("voter_id", "vote", "points")
_NEWLINE = ord("\n")
_SEMICOLON = ord(";")
_COMMA = ord(",")
# Points are whole numbers from 0: a negative point would count against a project, which no
# Pabulib rule means, and nine digits keep every sum of points within int64.
MAX_POINT_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Votes:
    columns: tuple[str, ...]
    voter_ids: tuple[str, ...]
    offsets: IntArray
    projects: IntArray
    points: IntArray | None
    extra: dict[str, tuple[str, ...]]


class VotesReader:
    """Reads the VOTES section from the file's UTF-8 bytes; only kept fields are decoded."""

    def __init__(
        self, reader: FileReader, projects: Sequence[Project], meta: dict[str, str]
    ) -> None:
        self.reader = reader
        self.data = reader.data
        self.projects = projects
        self.index = {project.id.encode(): position for position, project in enumerate(projects)}
        self.numeric_ids = _numeric_ids(projects)
        self.same_width_ids = _SameWidthIds.of(self.index)
        self.meta = meta
        # Where each block starts: (first row, its line, or the line of every row).
        self.block_rows: list[int] = []
        self.block_lines: list[int | list[int]] = []
        self.repeated: list[int] = []  # rows of ballots that name a project twice

    def line_of(self, row: int) -> int:
        block = bisect.bisect_right(self.block_rows, row) - 1
        lines = self.block_lines[block]
        offset = row - self.block_rows[block]
        return lines[offset] if isinstance(lines, list) else lines + offset

    def read(self, start: int, end: int, first_line: int) -> Votes:
        reader, data = self.reader, self.data
        # The header: the first non-blank line.
        header_line = first_line
        while start < end and data[start] == _NEWLINE:
            start += 1
            header_line += 1
        newline = data.find(b"\n", start, end)
        header_end = end if newline < 0 else newline
        header_text = reader.decode(start, header_end)
        if not header_text.strip():
            raise reader.error(header_line, "the VOTES section has no header line")
        header_row = reader.rows(header_text, header_line)[0][1]
        columns = reader.header("VOTES", header_row, header_line, ("voter_id", "vote"))
        has_points = "points" in columns
        if not has_points and self.meta.get("vote_type", "").strip() in ("cumulative", "scoring"):
            raise reader.error(header_line, "cumulative and scoring ballots need a 'points' column")
        position = {name: k for k, name in enumerate(columns)}
        extra_columns = [name for name in columns if name not in _OWN_COLUMNS]

        voter_ids: list[str] = []
        lengths: list[IntArray] = []
        chosen: list[IntArray] = []
        points: list[IntArray] = []
        extra: dict[str, list[str]] = {name: [] for name in extra_columns}
        caches: dict[str, dict[bytes, str]] = {name: {} for name in extra_columns}

        data_start = end if newline < 0 else newline + 1
        data_end = end
        while data_end > data_start and data[data_end - 1] == _NEWLINE:
            data_end -= 1
        simple = (
            data.find(b'"', data_start, data_end) < 0
            and data.find(b"\n\n", data_start, data_end) < 0
        )
        for table, lines in self.blocks(data_start, data_end, header_line + 1, columns, simple):
            first_row = len(voter_ids)
            self.block_rows.append(first_row)
            self.block_lines.append(lines)
            block_ids = self.decoded_ids(table[position["voter_id"]], first_row)
            block_lengths = _list_lengths(table[position["vote"]])
            chosen.append(self.project_indices(table[position["vote"]], block_ids, first_row))
            self.repeated_rows(chosen[-1], block_lengths, first_row)
            if has_points:
                points.append(
                    self.points(table[position["points"]], block_lengths, block_ids, first_row)
                )
            voter_ids.extend(block_ids)
            lengths.append(block_lengths)
            for name in extra_columns:
                extra[name].extend(self.decoded(table[position[name]], caches[name], first_row))
            del table

        count = len(voter_ids)
        offsets = np.zeros(count + 1, dtype=np.int64)
        if lengths:
            np.cumsum(np.concatenate(lengths), out=offsets[1:])
        del lengths
        kept_ids = tuple(voter_ids)
        del voter_ids
        kept_extra: dict[str, tuple[str, ...]] = {}
        for name in extra_columns:  # one column at a time: never two copies of them all
            kept_extra[name] = tuple(extra.pop(name))
        votes = Votes(
            columns=tuple(columns),
            voter_ids=kept_ids,
            offsets=offsets,
            projects=_joined(chosen),
            points=_joined(points) if has_points else None,
            extra=kept_extra,
        )
        self.check_ids(votes.voter_ids)
        self.check_ballots(votes)
        return votes

    def blocks(
        self, start: int, end: int, first_line: int, columns: list[str], simple: bool
    ) -> Iterator[tuple[list[list[bytes]], int | list[int]]]:
        """The data rows in blocks of whole lines, as (one list per column, line numbers)."""
        width = len(columns)
        if not simple:
            yield self.general_block(start, end, first_line, width)
            return
        data = self.data
        while start < end:
            cut = data.find(b"\n", min(start + _BLOCK_CHARS, end), end)
            cut = end if cut < 0 else cut
            block = data[start:cut]
            rows = block.count(b"\n") + 1
            fields = block.replace(b"\n", b";").split(b";")
            if len(fields) == rows * width and _every_line_has(block, width - 1):
                yield [fields[k::width] for k in range(width)], first_line
            else:
                del fields
                yield self.general_block(start, cut, first_line, width)
            start, first_line = cut + 1, first_line + rows

    def general_block(
        self, start: int, end: int, first_line: int, width: int
    ) -> tuple[list[list[bytes]], int | list[int]]:
        """Quoted fields, blank lines or rows of the wrong width: row by row, through csv."""
        table: list[list[bytes]] = [[] for _ in range(width)]
        lines: list[int] = []
        for line, raw in self.reader.rows(self.reader.decode(start, end), first_line):
            row = self.reader.fit_row("VOTES", raw, width, line)
            for column, value in zip(table, row, strict=True):
                column.append(value.encode())
            lines.append(line)
        return table, lines

    def decoded_ids(self, values: list[bytes], first_row: int) -> list[str]:
        joined = b"\n".join(values)
        if joined.count(b"\n") == len(values) - 1:  # no line break inside a (quoted) id
            try:
                return joined.decode("utf-8").split("\n") if values else []
            except UnicodeDecodeError:
                pass
        return self.decoded(values, {}, first_row)

    def decoded(self, values: list[bytes], cache: dict[bytes, str], first_row: int) -> list[str]:
        """The column as strings; equal values share one string (age, sex, method...)."""
        try:  # after the first blocks every value is known: one pass
            return list(map(cache.__getitem__, values))
        except KeyError:
            pass
        for value in set(values).difference(cache):
            try:
                cache[value] = value.decode("utf-8")
            except UnicodeDecodeError:
                row = first_row + values.index(value)
                raise self.reader.error(self.line_of(row), "the file is not UTF-8 text") from None
        return list(map(cache.__getitem__, values))

    def project_indices(self, votes: list[bytes], ids: list[str], first_row: int) -> IntArray:
        if self.numeric_ids is not None:
            joined = b",".join(votes)
            if b",," in joined or joined.startswith(b",") or joined.endswith(b","):
                joined = b",".join(value for value in votes if value)  # empty ballots
            numbers = _plain_numbers(joined, joined.count(b",") + 1 if joined else 0)
            if numbers is not None and int(numbers.max()) < len(self.numeric_ids):
                indices = self.numeric_ids[numbers]
                if int(indices.min()) >= 0:
                    return indices
        if self.same_width_ids is not None:
            found = self.same_width_ids.indices(b",".join(value for value in votes if value))
            if found is not None:
                return found
        tokens = _tokens(votes)
        try:
            return np.fromiter(map(self.index.__getitem__, tokens), np.int64, len(tokens))
        except KeyError as missing:
            unknown: bytes = missing.args[0]
            row = next(r for r, vote in enumerate(votes) if unknown in vote.split(b","))
            name = unknown.decode("utf-8", errors="replace")
            what = f"project '{name}'" if name else "an empty project id"
            raise self.reader.error(
                self.line_of(first_row + row),
                f"the ballot of voter '{ids[row]}' names {what}, which is not in PROJECTS",
            ) from None

    def points(
        self, values: list[bytes], lengths: IntArray, ids: list[str], first_row: int
    ) -> IntArray:
        point_lengths = _list_lengths(values)
        differ = np.flatnonzero(point_lengths != lengths)
        if differ.size:
            row = int(differ[0])
            raise self.reader.error(
                self.line_of(first_row + row),
                f"the ballot of voter '{ids[row]}' lists {lengths[row]} project(s) "
                f"but {point_lengths[row]} point value(s)",
            )
        tokens = _tokens(values)
        for token in tokens:
            digits = token.strip()
            if not digits.isdigit() or len(digits.lstrip(b"0")) > MAX_POINT_DIGITS:
                row = next(r for r, value in enumerate(values) if token in value.split(b","))
                shown = token.decode("utf-8", errors="replace")
                if len(shown) > 40:
                    shown = f"{shown[:40]}... ({len(shown)} characters)"
                raise self.reader.error(
                    self.line_of(first_row + row),
                    f"the ballot of voter '{ids[row]}' gives points '{shown}', which is not a "
                    f"whole number from 0 to {10**MAX_POINT_DIGITS - 1}",
                )
        return np.fromiter(map(int, tokens), np.int64, len(tokens))

    def check_ids(self, voter_ids: tuple[str, ...]) -> None:
        if len(set(voter_ids)) != len(voter_ids):
            seen: dict[str, int] = {}
            for row, voter in enumerate(voter_ids):
                if voter in seen:
                    raise self.reader.error(
                        self.line_of(row),
                        f"duplicate voter id '{voter}' (first on line {self.line_of(seen[voter])})",
                    )
                seen[voter] = row
        if "" in voter_ids:
            raise self.reader.error(self.line_of(voter_ids.index("")), "ballot without a voter_id")

    def check_ballots(self, votes: Votes) -> None:
        reader, ids = self.reader, votes.voter_ids
        lengths = np.diff(votes.offsets)
        for key, breaks in (("min_length", np.less), ("max_length", np.greater)):
            limit = reader.meta_int(self.meta, key)
            if limit is None:
                continue
            offending = np.flatnonzero(breaks(lengths, limit))
            if len(offending):
                row = int(offending[0])
                raise reader.error(
                    self.line_of(row),
                    f"the ballot of voter '{ids[row]}' names {lengths[row]} project(s), "
                    f"but META {key} is {limit} ({len(offending)} ballot(s) break it)",
                )
        self.warn_repeated_projects(votes)
        if votes.points is None or not len(ids):
            return
        running = np.zeros(len(votes.points) + 1, dtype=np.int64)
        np.cumsum(votes.points, out=running[1:])
        sums = running[votes.offsets[1:]] - running[votes.offsets[:-1]]
        for key, breaks in (("min_sum_points", np.less), ("max_sum_points", np.greater)):
            limit = reader.meta_int(self.meta, key)
            if limit is None:
                continue
            offending = np.flatnonzero(breaks(sums, limit))
            if len(offending):
                row = int(offending[0])
                reader.warn(
                    self.line_of(row),
                    f"the ballot of voter '{ids[row]}' gives {sums[row]} points in "
                    f"all, but META {key} is {limit} ({len(offending)} ballot(s) break it)",
                )

    def repeated_rows(self, chosen: IntArray, lengths: IntArray, first_row: int) -> None:
        """Remember the ballots of one block that name a project more than once."""
        if not chosen.size:
            return
        width = max(len(self.projects), 1)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        keys = np.sort(rows * width + chosen)
        repeated = np.unique(keys[1:][keys[1:] == keys[:-1]] // width)
        self.repeated.extend((repeated + first_row).tolist())

    def warn_repeated_projects(self, votes: Votes) -> None:
        repeated = self.repeated
        for row in repeated[:_MAX_REPEATED_WARNINGS]:
            ballot = votes.projects[votes.offsets[row] : votes.offsets[row + 1]].tolist()
            names = sorted({self.projects[p].id for p in ballot if ballot.count(p) > 1})
            self.reader.warn(
                self.line_of(row),
                f"the ballot of voter '{votes.voter_ids[row]}' names project(s) "
                f"{', '.join(names)} more than once",
            )
        if len(repeated) > _MAX_REPEATED_WARNINGS:
            self.reader.warn(
                self.line_of(repeated[_MAX_REPEATED_WARNINGS]),
                f"{len(repeated) - _MAX_REPEATED_WARNINGS} more ballot(s) name a project "
                "more than once",
            )


def _list_lengths(values: list[bytes]) -> IntArray:
    """How many comma-separated items each field holds (0 for an empty field)."""
    if not values:
        return np.zeros(0, dtype=np.int64)
    text = b";".join(values) + b";"
    if text.count(b";") != len(values):  # a quoted field holds a ';': one at a time
        return np.fromiter(
            (value.count(b",") + 1 if value else 0 for value in values), np.int64, len(values)
        )
    joined = np.frombuffer(text, dtype=np.uint8)
    ends = np.flatnonzero(joined == _SEMICOLON)  # one after each field
    commas = np.searchsorted(np.flatnonzero(joined == _COMMA), ends)
    sizes = np.diff(ends, prepend=-1) - 1
    counts = np.diff(commas, prepend=0) + 1
    return np.where(sizes > 0, counts, 0).astype(np.int64)


def _every_line_has(block: bytes, separators: int) -> bool:
    """True if every line of ``block`` holds exactly ``separators`` semicolons."""
    data = np.frombuffer(block, dtype=np.uint8)
    semicolons = np.flatnonzero(data == _SEMICOLON)
    ends = np.r_[np.flatnonzero(data == _NEWLINE), len(data)]
    return bool(np.all(np.diff(np.searchsorted(semicolons, ends), prepend=0) == separators))


def _numeric_ids(projects: Sequence[Project]) -> IntArray | None:
    """Project id -> index as a lookup array when every id is a plain number (no sign, no
    leading zero) below a million; None otherwise."""
    lookup: dict[int, int] = {}
    for position, project in enumerate(projects):
        text = project.id
        if not (len(text) <= 6 and text.isascii() and text.isdigit()) or str(int(text)) != text:
            return None
        lookup[int(text)] = position
    table = np.full(max(lookup, default=0) + 1, -1, dtype=np.int64)
    table[list(lookup)] = list(lookup.values())
    return table


class _SameWidthIds:
    """Project ids of one byte length up to 7 (``L005``, ``P12``): a ballot list joined with
    commas is then a row of fixed-width cells, each read as one integer and looked up in a
    sorted table, instead of one dictionary look-up per token."""

    def __init__(self, width: int, keys: npt.NDArray[np.uint64], positions: IntArray) -> None:
        self.width = width
        self.keys = keys  # sorted
        self.positions = positions

    @classmethod
    def of(cls, index: dict[bytes, int]) -> _SameWidthIds | None:
        widths = {len(key) for key in index}
        if len(widths) != 1 or not 0 < (width := widths.pop()) <= 7:
            return None
        if any(_COMMA in key for key in index):
            return None
        keys = cls._cell_keys(b",".join(index) + b",", width)
        order = np.argsort(keys, kind="stable")
        positions = np.fromiter(index.values(), np.int64, len(index))
        return cls(width, keys[order], positions[order])

    @staticmethod
    def _cell_keys(cells: bytes, width: int) -> npt.NDArray[np.uint64]:
        rows = np.frombuffer(cells, dtype=np.uint8).reshape(-1, width + 1)
        padded = np.zeros((len(rows), 8), dtype=np.uint8)
        padded[:, :width] = rows[:, :width]
        return padded.view(np.uint64).reshape(-1)

    def indices(self, joined: bytes) -> IntArray | None:
        """The project index of every comma-separated id in ``joined``; None if some cell is
        not exactly one known id (the caller's general path then finds and reports it)."""
        cell = self.width + 1
        if (
            not joined
            or (len(joined) + 1) % cell
            or joined.count(b",") + 1 != (len(joined) + 1) // cell
        ):
            return None
        cells = joined + b","
        ends = np.frombuffer(cells, dtype=np.uint8)[self.width :: cell]
        if not bool(np.all(ends == _COMMA)):
            return None
        keys = self._cell_keys(cells, self.width)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        if not bool(np.all(self.keys[at] == keys)):
            return None
        return self.positions[at]


def _plain_numbers(joined: bytes, count: int) -> IntArray | None:
    """The ``count`` comma-separated numbers of ``joined`` when each is written plainly (digits
    only, no leading zero); None otherwise. numpy's text parser, checked by the digits it read."""
    if count == 0 or not joined[:1].isdigit():
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            numbers = np.fromstring(joined, dtype=np.int64, sep=",")
        except (ValueError, DeprecationWarning):
            return None
    if len(numbers) != count or int(numbers.min()) < 0:
        return None
    digits = np.ones(count, dtype=np.int64)
    for power in range(1, 19):
        digits += numbers >= 10**power
    if int(digits.sum()) + count - 1 != len(joined):
        return None
    return numbers


def _tokens(values: list[bytes]) -> list[bytes]:
    joined = b",".join(value for value in values if value)
    return joined.split(b",") if joined else []


def _joined(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
