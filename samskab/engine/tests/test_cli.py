"""`samskab pb tally` and `samskab pb verify`: outputs, JSON keys, exit codes, no Django."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from samskab.engine import cli
from samskab.engine.pb.rules import RULES
from samskab.engine.tests.conftest import REPO, pb_text

GOOD = "Poland_Warszawa_2018_Pole_Mokotowskie.pb"
CONTRADICTS = "Poland_Warszawa_2018_Las.pb"
UNKNOWN_RULE = "US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tally_text_explains_the_order(real, capsys):
    code, out, err = run(capsys, "tally", str(real / CONTRADICTS), "--rule", "greedy-threshold")
    assert code == 0
    assert "rule: greedy-threshold" in out
    assert "threshold: votes >= 39" in out
    assert "1649" in out
    assert err == ""


def test_tally_json_has_the_documented_keys(real, capsys):
    code, out, _ = run(capsys, "tally", str(real / GOOD), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert {"file", "rule", "selected", "cost", "budget"} <= set(result)
    assert result["rule"] == "greedy-threshold"  # auto: the file's own rule
    assert result["file"] == str(real / GOOD)
    assert result["cost"] <= result["budget"]
    assert result["cost_cents"] == result["cost"] * 100
    assert all(isinstance(project, str) for project in result["selected"])


def test_tally_with_another_rule_and_utility(real, capsys):
    code, out, _ = run(
        capsys,
        "tally",
        str(real / GOOD),
        "--rule",
        "greedy-no-skip",
        "--utility",
        "cardinality",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["rule"] == "greedy-no-skip"


def test_tally_rule_not_reproducible_or_not_available_exits_2(real, capsys, monkeypatch):
    code, out, err = run(capsys, "tally", str(real / UNKNOWN_RULE))
    assert (code, out) == (2, "")
    assert "META rule 'unknown'" in err
    monkeypatch.delitem(RULES, "greedy-threshold")
    code, _, err = run(capsys, "tally", str(real / GOOD))
    assert code == 2
    assert "rule 'greedy-threshold' is not available" in err


def test_tally_unreadable_file_exits_2_with_file_and_line(tmp_path, capsys):
    broken = tmp_path / "broken.pb"
    broken.write_text(pb_text().replace("11;1,2", "11;1,7"))
    code, out, err = run(capsys, "tally", str(broken))
    assert (code, out) == (2, "")
    assert f"{broken}:" in err
    assert "project '7'" in err
    assert "Traceback" not in err


def test_verify_match_exits_0_and_ends_with_counts(real, capsys):
    code, out, _ = run(capsys, "verify", str(real / GOOD), str(real / UNKNOWN_RULE))
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith(f"match: {real / GOOD}")
    assert lines[1].startswith("not verifiable: ")
    assert lines[-1] == "1 passed, 0 failed"


def test_verify_mismatch_exits_1_and_names_the_projects(real, capsys):
    code, out, _ = run(capsys, "verify", str(real / GOOD), str(real / CONTRADICTS))
    assert code == 1
    assert "mismatch: " in out
    assert "only the rule funds 1649" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"


def test_verify_unreadable_file_exits_2_even_with_a_mismatch(real, tmp_path, capsys):
    broken = tmp_path / "broken.pb"
    broken.write_text(pb_text().replace("VOTES\n", ""))
    code, out, _ = run(capsys, "verify", str(real / CONTRADICTS), str(broken))
    assert code == 2
    assert f"error: {broken}" in out
    assert "missing section VOTES" in out
    assert out.splitlines()[-1] == "0 passed, 2 failed"


def test_verify_json_one_object_per_file(real, tmp_path, capsys):
    broken = tmp_path / "broken.pb"
    broken.write_text("nothing here")
    files = [real / GOOD, real / CONTRADICTS, real / UNKNOWN_RULE, broken]
    code, out, err = run(capsys, "verify", "--format", "json", *map(str, files))
    assert code == 2
    # Standard output is JSON only: one object per file, then the summary object.
    parsed = [json.loads(line) for line in out.splitlines()]
    assert len(parsed) == len(files) + 1
    assert parsed[-1] == {
        "summary": {
            "passed": 1,
            "failed": 2,
            "mismatches": 1,
            "errors": 1,
            "not_verifiable": 1,
        }
    }
    # The human summary goes to standard error.
    assert err.splitlines()[-2:] == ["1 not verifiable, 1 errors", "1 passed, 2 failed"]
    records = parsed[: len(files)]
    assert [r["status"] for r in records] == ["match", "mismatch", "not-verifiable", "error"]
    for record in records:
        assert {"file", "rule", "status", "selected", "official"} <= set(record)
    assert all("reason" in r for r in records[1:])
    assert "reason" not in records[0]
    assert records[1]["only_selected"] == ["1649"]


def test_verify_progress_bar_only_on_a_terminal(real):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    files = [str(real / GOOD), str(real / GOOD)]
    out, err = io.StringIO(), Terminal()
    assert cli.verify(files, "text", out, err) == 0
    assert "file" in err.getvalue()  # tqdm drew its bar
    assert out.getvalue().splitlines()[-1] == "2 passed, 0 failed"
    quiet = io.StringIO()
    assert cli.verify(files, "text", io.StringIO(), quiet) == 0
    assert quiet.getvalue() == ""


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["tally", "x.pb", "--rule", "dice"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        cli.main([])
    assert caught.value.code == 2


def test_help_says_which_exit_status_wins(capsys):
    with pytest.raises(SystemExit):
        cli.main(["verify", "--help"])
    assert "2 wins" in capsys.readouterr().out


def test_pb_commands_do_not_import_django(real):
    script = (
        "import sys\n"
        "from samskab.cli import main\n"
        f"code = main(['pb', 'verify', {str(real / GOOD)!r}])\n"
        "assert code == 0, code\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print('django modules:', loaded)\n"
    )
    result = subprocess.run(  # noqa: S603  # our own interpreter running our own script
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "django modules: []" in result.stdout


def test_verify_reports_a_failing_count_as_an_error_and_goes_on(real, capsys, monkeypatch):
    def broken(election, /, *, utility="cost"):
        raise ZeroDivisionError("no voters")

    monkeypatch.setitem(RULES, "greedy-threshold", broken)
    code, out, err = run(capsys, "verify", str(real / GOOD), str(real / UNKNOWN_RULE))
    assert code == 2
    assert "error: " in out
    assert "the count failed: ZeroDivisionError: no voters" in out
    assert out.splitlines()[-2] == "1 not verifiable, 1 errors"
    assert out.splitlines()[-1] == "0 passed, 1 failed"
    assert "Traceback" not in out + err


def test_tally_add1_options(tmp_path, capsys):
    # The election of test_add1_goes_on_past_an_exhaustive_outcome_as_cities_count.
    path = tmp_path / "add1.pb"
    path.write_text(
        pb_text(
            projects="project_id;cost;name\nA;600;A\nB;300;B\n",
            votes="voter_id;vote\n1;A,B\n2;A\n3;B\n4;A\n",
            budget="600",
        )
    )
    code, out, _ = run(capsys, "tally", str(path), "--rule", "mes-add1", "--format", "json")
    assert code == 0
    assert json.loads(out)["selected"] == ["A"]
    code, out, _ = run(
        capsys,
        "tally",
        str(path),
        "--rule",
        "mes-add1",
        "--add1-stop-when-exhaustive",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["selected"] == ["B"]
    assert json.loads(out)["explanation"]["add1_stop_when_exhaustive"] is True
    code, out, _ = run(
        capsys,
        "tally",
        str(path),
        "--rule",
        "mes-add1-comparison",
        "--comparison",
        "exclusion-ratio",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["explanation"]["comparison"]["measure"] == "exclusion-ratio"


@pytest.mark.parametrize(
    ("rule", "flag", "message"),
    [
        ("greedy", ["--add1-stop-when-exhaustive"], "applies to mes-add1 and"),
        ("mes-add1", ["--comparison", "satisfaction"], "applies to mes-add1-comparison"),
    ],
)
def test_tally_refuses_an_add1_option_the_rule_does_not_take(tmp_path, capsys, rule, flag, message):
    path = tmp_path / "p.pb"
    path.write_text(pb_text())
    code, out, err = run(capsys, "tally", str(path), "--rule", rule, *flag)
    assert code == 2
    assert out == ""
    assert message in err


def test_a_reader_that_stops_early_gets_no_traceback(real):
    # `samskab pb verify ... | head -1`: the pipe closes after the first line.
    files = [str(real / GOOD)] * 200
    script = "import sys\nfrom samskab.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    reader = subprocess.Popen(  # noqa: S603  # our own interpreter running our own script
        [sys.executable, "-c", script, "pb", "verify", *files],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    first = reader.stdout.readline()
    reader.stdout.close()
    errors = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 2
    assert first.startswith(b"match: ")
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
