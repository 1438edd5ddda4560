"""One registry of audit event names: the source, the log and the architecture doc agree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from samskab.audit.actions import record_event
from samskab.audit.events import EVENTS, LEGACY_NAMES, canonical, markdown_table
from samskab.audit.models import AuditEvent

SOURCE = Path(__file__).resolve().parents[2]  # samskab/
DOC = SOURCE.parent / "docs" / "architecture.md"
NAME = re.compile(r"^[a-z]+\.[a-z]+(_[a-z]+)+$")  # module.noun_verbed


def _audit_calls() -> list[tuple[str, int, ast.expr | None, str]]:
    """Every record_event / record_read call in samskab/ outside tests: (file, line, action
    argument, kind). Tests call it at run time, where an unregistered name raises."""
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.relative_to(SOURCE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name not in ("record_event", "record_read"):
                continue
            action: ast.expr | None = None
            if name == "record_event":
                if len(node.args) > 1:
                    action = node.args[1]
                else:
                    action = next((k.value for k in node.keywords if k.arg == "action"), None)
            calls.append((str(path.relative_to(SOURCE)), node.lineno, action, name))
    return calls


def test_every_name_is_module_noun_verbed_and_described():
    for name, text in EVENTS.items():
        assert NAME.match(name), name
        assert name.split(".")[0] in {
            "accounts",
            "audit",
            "budgets",
            "core",
            "discussion",
            "initiatives",
            "mentoring",
            "newsletter",
        }, name
        assert text.strip() and "\n" not in text, name
    assert AuditEvent.READ in EVENTS


def test_legacy_names_map_onto_registered_budgets_names():
    for old, new in LEGACY_NAMES.items():
        assert new in EVENTS and new.startswith("budgets."), (old, new)
        assert old not in EVENTS, old


def test_every_audit_call_in_the_source_uses_a_registered_name():
    calls = _audit_calls()
    assert len(calls) > 60  # the walk found the calls
    problems = []
    for file, line, action, kind in calls:
        if kind == "record_read":
            continue  # always AuditEvent.READ
        if isinstance(action, ast.Attribute) and ast.unparse(action) == "AuditEvent.READ":
            continue
        # A literal, or `"a.b_c" if ... else "a.d_e"` with literals on both sides.
        options: list[ast.expr | None] = (
            [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
        )
        for option in options:
            if not (isinstance(option, ast.Constant) and isinstance(option.value, str)):
                problems.append(f"{file}:{line}: the action is not a literal name")
                continue
            name = option.value
            allowed = name in EVENTS or (file.startswith("budgets/") and name in LEGACY_NAMES)
            if not allowed:
                problems.append(f"{file}:{line}: {name!r} is not registered")
    assert problems == []


def test_the_architecture_doc_lists_the_registry():
    text = DOC.read_text(encoding="utf-8")
    between = text.split("<!-- audit-events:start -->\n")[1].split("<!-- audit-events:end -->")[0]
    assert between == markdown_table(), "run `python -m samskab.audit.events` and paste the table"


@pytest.mark.django_db
def test_record_event_refuses_an_unregistered_name(personas):
    with pytest.raises(ValueError, match="unregistered audit event"):
        record_event(personas.admin, "account.deleted")
    assert not AuditEvent.objects.exists()


def test_a_legacy_name_is_stored_under_its_new_name(monkeypatch):
    monkeypatch.setitem(LEGACY_NAMES, "budgets.old_thing_done", "budgets.result_published")
    assert canonical("budgets.old_thing_done") == "budgets.result_published"
    with pytest.raises(ValueError):
        canonical("budgets.not_there_either")
