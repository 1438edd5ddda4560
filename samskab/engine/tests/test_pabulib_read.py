"""Reading real and hand-written `.pb` files: what is kept, and how problems are reported."""

from __future__ import annotations

import numpy as np
import pytest

from samskab.engine.pabulib import PabulibError, format_money, parse_money, read_election
from samskab.engine.tests.conftest import pb_text

# One small real file per vote type and per oddity of the format.
REAL_FILES = {
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb": "approval",  # CRLF line endings
    "Poland_Warszawa_2018_Pole_Mokotowskie.pb": "approval",
    "Netherlands_Amsterdam_643.pb": "choose-1",
    "Poland_Gdansk_2020_Rudniki.pb": "cumulative",
    "Poland_Czestochowa_2020_Grabowka.pb": "cumulative",  # quoted fields
    "Poland_Krakow_2018_Swoszowice.pb": "ordinal",
    "Poland_Krakow_2021_Bienczyce.pb": "ordinal",  # ordinal ballots with a points column
    "Poland_Krakow_2023_Lagiewniki-Borek_Falecki.pb": "ordinal",  # budget with decimals
    "Poland_Gdynia_2020_Babie_Doly__small.pb": "approval",  # selected = 2 (reserve list)
}


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_files_read_with_counts_matching_meta(real, name):
    parsed = read_election(real / name)
    election = parsed.election
    assert parsed.warnings == ()
    assert election.vote_type == REAL_FILES[name]
    assert len(election.projects) == int(election.meta["num_projects"])
    assert election.num_voters == int(election.meta["num_votes"])
    assert election.ballot_offsets[-1] == len(election.ballot_projects)
    assert election.budget == parse_money(election.meta["budget"])
    if election.vote_type in ("cumulative", "scoring"):
        assert election.ballot_points is not None
        assert len(election.ballot_points) == len(election.ballot_projects)


def test_approval_votes_column_equals_count_of_ballots(real):
    election = read_election(real / "Poland_Warszawa_2018_Pole_Mokotowskie.pb").election
    counted = np.bincount(election.ballot_projects, minlength=len(election.projects))
    assert [int(p.extra["votes"]) for p in election.projects] == counted.tolist()


def test_crlf_file_keeps_no_carriage_returns(real):
    raw = (real / "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb").read_bytes()
    assert b"\r\n" in raw
    election = read_election(real / "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb").election
    assert all("\r" not in value for p in election.projects for value in p.extra.values())
    assert all("\r" not in value for value in election.meta.values())


def test_quoted_fields_keep_semicolons_and_quotes():
    projects = 'project_id;cost;name\n1;100;"Park; bench"\n2;200;"The ""big"" one"\n'
    election = read_election(pb_text(projects=projects)).election
    assert [p.name for p in election.projects] == ["Park; bench", 'The "big" one']


def test_bom_crlf_decimal_comma_and_empty_fields():
    text = pb_text(
        budget="300,50",
        projects="project_id;cost;name;category\n1;100,25;;parks\n2;200;Two;\n",
        votes="voter_id;vote;age\n10;1;\n11;1,2;34\n",
    )
    election = read_election("\ufeff" + text.replace("\n", "\r\n")).election
    assert election.budget == 30050
    assert [p.cost for p in election.projects] == [10025, 20000]
    assert election.projects[0].name == ""
    assert dict(election.projects[1].extra) == {"category": ""}
    assert election.voter_extra["age"] == ("", "34")
    assert election.meta["description"] == "test"


def test_extra_columns_and_voter_columns_are_kept_in_order():
    projects = "project_id;cost;latitude;name;target\n1;100;55.1;One;kids\n2;200;55.2;Two;all\n"
    votes = "voter_id;sex;vote;voting_method\n10;F;1;paper\n11;M;1,2;internet\n"
    election = read_election(pb_text(projects=projects, votes=votes)).election
    assert election.project_columns == ("project_id", "cost", "latitude", "name", "target")
    assert list(election.projects[0].extra) == ["latitude", "target"]
    assert election.voter_columns == ("voter_id", "sex", "vote", "voting_method")
    assert election.voter_extra["voting_method"] == ("paper", "internet")
    assert election.ballot(1).tolist() == [0, 1]


def test_ordinal_ballots_keep_preference_order():
    votes = "voter_id;vote\n10;2,1\n11;1\n"
    election = read_election(pb_text(vote_type="ordinal", votes=votes)).election
    assert election.ballot(0).tolist() == [1, 0]


def test_large_file_is_read_in_blocks_with_right_line_numbers():
    rows = "".join(f"{voter};{1 + voter % 2}\n" for voter in range(40_000))
    text = pb_text(votes="voter_id;vote\n" + rows + "x;9\n")
    with pytest.raises(PabulibError) as caught:
        read_election(text, name="big.pb")
    header_line = text.split("\n").index("voter_id;vote") + 1
    assert caught.value.line == header_line + 40_001
    assert "'9'" in caught.value.message


def test_money_parsing_and_formatting():
    assert parse_money("1234") == 123400
    assert parse_money("1 234,5") == 123450
    assert parse_money("0.07") == 7
    assert parse_money("12.345") is None
    assert parse_money("abc") is None
    assert parse_money("-5") is None
    assert format_money(123450) == "1234.50"
    assert format_money(123400) == "1234"


# --- errors: each names the file, the line and the problem ---------------------------------


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(fragment))


ERRORS = [
    # (how the good file is broken, the line it is on, words the message must contain)
    (lambda t: t.replace("VOTES\n", ""), None, "missing section VOTES"),
    (lambda t: t.replace("PROJECTS\n", ""), "VOTES", "missing section PROJECTS before VOTES"),
    (lambda t: t.replace("11;1,2", "11;1,7"), "11;", "project '7', which is not in PROJECTS"),
    (lambda t: t.replace("2;200;1;Two", "2;lots;1;Two"), "2;lots", "cost 'lots'"),
    (lambda t: t.replace("2;200;1;Two", "1;200;1;Two"), "1;200", "duplicate project id '1'"),
    (lambda t: t.replace("11;1,2", "10;1,2"), "10;1,2", "duplicate voter id '10'"),
    (lambda t: t.replace("budget;300", "budget;much"), "budget;", "budget 'much'"),
    (lambda t: t.replace("vote_type;approval", "vote_type;lottery"), "vote_type;", "lottery"),
    (lambda t: t.replace("rule;greedy\n", "rule;greedy\nmax_length;1\n"), "11;", "max_length"),
    (lambda t: t.replace("rule;greedy\n", "rule;greedy\nmin_length;2\n"), "10;", "min_length"),
    (lambda t: t.replace("voter_id;vote", "voter;vote"), "voter;vote", "'voter_id'"),
    (lambda t: t.replace(";cost;", ";price;"), "project_id;price", "'cost'"),
    (lambda t: t.replace("1;100;2;One;1", "1;100;2;One;1;x;y"), "1;100", "7 fields"),
    (lambda t: t + "11;2\nVOTES", None, "section VOTES appears a second time"),
    (lambda t: "PROJECTS\n" + t.replace("PROJECTS\n", ""), "PROJECTS", "comes before META"),
]


@pytest.mark.parametrize(("breakage", "fragment", "words"), ERRORS)
def test_malformed_file_gives_error_with_file_line_and_problem(breakage, fragment, words):
    text = breakage(pb_text())
    with pytest.raises(PabulibError) as caught:
        read_election(text, name="broken.pb")
    error = caught.value
    assert error.file == "broken.pb"
    assert words in error.message
    expected = line_of(text, fragment) if fragment else len(text.split("\n"))
    assert error.line == expected
    assert str(error).startswith(f"broken.pb:{expected}: ")


def test_points_errors_name_the_voter_and_line():
    base = pb_text(vote_type="cumulative", votes="voter_id;vote;points\n10;1;3\n11;1,2;1,2\n")
    points = read_election(base).election.ballot_points
    assert points is not None
    assert points.tolist() == [3, 1, 2]
    for broken, words in (
        (base.replace("11;1,2;1,2", "11;1,2;1"), "lists 2 project(s) but 1 point value(s)"),
        (base.replace("11;1,2;1,2", "11;1,2;1,x"), "points 'x'"),
    ):
        with pytest.raises(PabulibError) as caught:
            read_election(broken, name="p.pb")
        assert words in caught.value.message
        assert "voter '11'" in caught.value.message
        assert caught.value.line == line_of(broken, "11;")
    with pytest.raises(PabulibError, match="need a 'points' column"):
        read_election(pb_text(vote_type="cumulative"))


def test_unreadable_files_give_errors_not_tracebacks(tmp_path):
    with pytest.raises(PabulibError, match="cannot read the file"):
        read_election(tmp_path / "absent.pb")
    good = pb_text(votes="voter_id;vote;sex\n10;1;F\n11;1,2;M\n").encode()
    for broken, fragment in (
        (good.replace(b"description;test", b"description;\xff\xfe"), "description"),
        (good.replace(b"11;1,2;M", b"11;1,2;\xff"), "11;"),
        (good.replace(b"11;1,2;M", b"1\xff;1,2;M"), "1;1,2"),
    ):
        binary = tmp_path / "binary.pb"
        binary.write_bytes(broken)
        with pytest.raises(PabulibError, match="not UTF-8") as caught:
            read_election(binary)
        text = broken.decode("utf-8", errors="replace")
        assert caught.value.line == line_of(text.replace("\ufffd", ""), fragment)
    empty = tmp_path / "empty.pb"
    empty.write_text("")
    with pytest.raises(PabulibError, match="missing section META"):
        read_election(empty)


# --- warnings: the count goes on, the reader says what is odd -------------------------------


def test_meta_counts_that_disagree_are_warnings():
    text = (
        pb_text().replace("num_votes;2", "num_votes;5").replace("num_projects;2", "num_projects;3")
    )
    parsed = read_election(text, name="w.pb")
    messages = [(w.line, w.message) for w in parsed.warnings]
    assert (
        line_of(text, "num_votes"),
        "META num_votes is 5, but the file has 2 ballots",
    ) in messages
    assert (
        line_of(text, "num_projects"),
        "META num_projects is 3, but the file has 2 projects",
    ) in messages
    assert str(parsed.warnings[0]).startswith("w.pb:")
    assert parsed.election.num_voters == 2


def test_project_twice_on_a_ballot_and_short_rows_are_warnings():
    text = pb_text(votes="voter_id;vote;age\n10;1,1;30\n11;2\n")
    parsed = read_election(text)
    assert [w.message for w in parsed.warnings] == [
        "VOTES row has 2 fields of 3; the rest are empty",
        "the ballot of voter '10' names project(s) 1 more than once",
    ]
    assert [w.line for w in parsed.warnings] == [line_of(text, "11;"), line_of(text, "10;")]
    assert parsed.election.ballot(0).tolist() == [0, 0]
    assert parsed.election.voter_extra["age"] == ("30", "")


def test_points_outside_meta_sums_and_repeated_meta_keys_are_warnings():
    text = pb_text(
        vote_type="cumulative",
        meta="max_sum_points;5\nmax_length;x\ncountry;Danmark\n",
        votes="voter_id;vote;points\n10;1;3\n11;1,2;4,2\n",
    )
    parsed = read_election(text, name="c.pb")
    found = {(w.line, w.message) for w in parsed.warnings}
    assert (
        line_of(text, "11;"),
        "the ballot of voter '11' gives 6 points in all, but META max_sum_points is 5 "
        "(1 ballot(s) break it)",
    ) in found
    assert (
        line_of(text, "max_length"),
        "META max_length 'x' is not a whole number of at most 12 digits; it is ignored",
    ) in found
    assert (
        line_of(text, "country;Danmark"),
        "META key 'country' appears again; the last value is used",
    ) in found
    assert parsed.election.meta["country"] == "Danmark"


def test_quoted_votes_section_keeps_line_numbers():
    votes = 'voter_id;vote;district\n10;1;"North; by the fjord"\n\n11;1,2;"South"\n12;9;x\n'
    text = pb_text(votes=votes)
    with pytest.raises(PabulibError) as caught:
        read_election(text, name="q.pb")
    assert caught.value.line == line_of(text, "12;9")
    assert "voter '12' names project '9'" in caught.value.message
    good = read_election(text.replace("12;9;x\n", ""), name="q.pb").election
    assert good.voter_extra["district"] == ("North; by the fjord", "South")
