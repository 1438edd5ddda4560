"""The actions convention (docs/architecture.md): an action that writes an audit event takes the
acting person first and the request last, keyword-only, so the event records the client."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "samskab"
ACTION_FILES = sorted(
    [
        *ROOT.glob("*/actions.py"),
        *ROOT.glob("*/actions/*.py"),
        ROOT / "budgets" / "counting.py",
        ROOT / "budgets" / "voter_list.py",
    ]
)
# Run by the system (a task, a scheduled job, a signal, the demo), never from a request.
SYSTEM_ACTIONS = {
    "anonymise_expired_cases",
    "count_votes",
    "create_programme",
    "end_match_for_erasure",
    "hand_over_referrals",
    "add_partner_caseworker",
}
ACTOR_TYPES = {"User", "User | None", "User | AnonymousUser | None"}
# A visitor with no account yet: the e-mail address is who acts.
VISITOR_ACTIONS = {"sign_up", "resend_verification"}


def _audited_actions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in ACTION_FILES:
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            if any(
                isinstance(call, ast.Call)
                and getattr(call.func, "id", getattr(call.func, "attr", "")) == "record_event"
                for call in ast.walk(node)
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.name}", node))
    return found


AUDITED = _audited_actions()
# Called from a request, so the event can record the client: they take the request.
FROM_REQUESTS = [(name, node) for name, node in AUDITED if node.name not in SYSTEM_ACTIONS]
# Someone acts: they take that person first (count_votes: None for the system, or who closed).
WITH_ACTOR = [
    (name, node)
    for name, node in AUDITED
    if node.name not in (SYSTEM_ACTIONS - {"count_votes"}) | VISITOR_ACTIONS
]


def _ids(pairs: list[tuple[str, ast.FunctionDef]]) -> list[str]:
    return [name for name, _node in pairs]


def test_the_walk_finds_the_audited_actions():
    names = {name.rsplit(":", 1)[1] for name, _node in AUDITED}
    assert {"lock_process", "approve_match", "hide_comment", "withdraw_consent"} <= names
    assert len(AUDITED) > 40
    # The exceptions name real audited actions: a renamed one must leave the list too.
    assert names >= SYSTEM_ACTIONS | VISITOR_ACTIONS


@pytest.mark.parametrize("name,node", FROM_REQUESTS, ids=_ids(FROM_REQUESTS))
def test_an_audited_action_takes_the_request_keyword_only(name, node):
    keyword_only = [arg.arg for arg in node.args.kwonlyargs]
    # change_password(form, request): Django's password forms need the request to keep the
    # session, so it is required there.
    assert "request" in keyword_only or node.args.args[-1].arg == "request", name


@pytest.mark.parametrize("name,node", WITH_ACTOR, ids=_ids(WITH_ACTOR))
def test_an_audited_action_takes_the_actor_first(name, node):
    first = node.args.args[0] if node.args.args else None
    assert first is not None and first.annotation is not None, name
    annotation = ast.unparse(first.annotation)
    if annotation in {"Voter", "PasswordChangeForm", "SetPasswordForm[Any]"}:
        return  # the voter casts their own ballot; the password forms carry their user
    assert annotation in ACTOR_TYPES, f"{name}: first parameter {first.arg}: {annotation}"
