"""The engine version names the counting code: any change to it gives a new version."""

from __future__ import annotations

import re
import shutil

import samskab
from samskab.engine.version import ENGINE, code_digest, counting_modules, engine_version


def test_the_version_is_the_package_version_plus_a_digest_of_the_counting_code():
    version = engine_version()
    assert re.fullmatch(rf"{re.escape(samskab.__version__)}\+[0-9a-f]{{12}}", version)
    assert version.endswith(code_digest(counting_modules())[:12])


def test_every_rule_module_and_the_file_reader_are_covered():
    covered = {path.relative_to(ENGINE).as_posix() for path in counting_modules()}
    assert {"pabulib.py", "pabulib_votes.py", "pb/completion.py", "pb/mes.py"} <= covered
    assert {f"pb/{p.name}" for p in (ENGINE / "pb").glob("*.py")} <= covered
    assert not any(name.startswith(("matching/", "tests/")) for name in covered)


def test_a_one_byte_change_to_a_rule_changes_the_digest(tmp_path):
    copy = tmp_path / "engine"
    shutil.copytree(ENGINE, copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    files = sorted([*copy.glob("pabulib*.py"), *(copy / "pb").glob("*.py")])
    before = code_digest(files, copy)
    assert before == code_digest(counting_modules())
    greedy = copy / "pb" / "greedy.py"
    greedy.write_bytes(greedy.read_bytes() + b"\n")
    assert code_digest(files, copy) != before
