"""Every English catalogue under samskab/ is complete, and its compiled .mo matches it.

The .po files are parsed directly (the format is simple) so the test needs no extra package.
"""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SAMSKAB = Path(__file__).resolve().parent.parent / "samskab"
CATALOGUES = sorted(SAMSKAB.glob("**/locale/en/LC_MESSAGES/django.po"))


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, without obsolete (``#~``) ones."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    pending_flags: set[str] = set()

    def start(line_number: int) -> Entry:
        nonlocal pending_flags
        new = Entry(line=line_number, flags=pending_flags)
        pending_flags = set()
        entries.append(new)
        return new

    def append(entry: Entry, target: tuple[str, int], text: str) -> None:
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}: stray string"
            append(entry, target, ast.literal_eval(line))
            continue
        text = ast.literal_eval(rest)
        if keyword == "msgctxt" or (keyword == "msgid" and (entry is None or entry.msgstr)):
            entry = start(number)
        assert entry is not None, f"{path}:{number}: {keyword} before msgid"
        if keyword.startswith("msgstr["):
            target = ("msgstr", int(keyword[7:-1]))
        elif keyword == "msgstr":
            target = ("msgstr", 0)
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            target = (keyword, 0)
        else:
            raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")
        append(entry, target, text)
    return entries


def relative(path: Path) -> str:
    return str(path.relative_to(SAMSKAB.parent))


def test_the_project_catalogue_exists():
    assert SAMSKAB / "locale/en/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=relative)
def test_catalogue_is_complete(po_path):
    problems = []
    for entry in parse_po(po_path):
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.msgid!r}")
        if not entry.msgstr or any(not text for text in entry.msgstr.values()):
            problems.append(f"line {entry.line}: untranslated: {entry.msgid!r}")
        if entry.msgid_plural is not None and len(entry.msgstr) < 2:
            problems.append(f"line {entry.line}: missing plural form: {entry.msgid!r}")
    assert not problems, f"{relative(po_path)} needs translating:\n" + "\n".join(problems)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=relative)
def test_compiled_catalogue_is_current(po_path):
    mo_path = po_path.with_suffix(".mo")
    hint = "run `make messages`"
    assert mo_path.exists(), f"{relative(mo_path)} is missing: {hint}"
    assert mo_path.stat().st_mtime >= po_path.stat().st_mtime, (
        f"{relative(mo_path)} is older than its .po: {hint}"
    )
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in parse_po(po_path):
        if not entry.msgid or entry.msgid_plural is not None:
            continue
        if entry.msgctxt is None:
            found = compiled.gettext(entry.msgid)
        else:
            found = compiled.pgettext(entry.msgctxt, entry.msgid)
        if found != entry.msgstr[0]:
            stale.append(entry.msgid)
    assert not stale, f"{relative(mo_path)} does not match its .po ({hint}): {stale[:5]}"


def test_parser_sees_fuzzy_and_empty_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Hej %(navn)s"\nmsgstr "Hello %(navn)s"\n\n'
        'msgid "To "\n"linjer"\nmsgstr ""\n\n'
        'msgctxt "verbum"\nmsgid "Stem"\nmsgstr "Vote"\n\n'
        'msgid "en stemme"\nmsgid_plural "%d stemmer"\nmsgstr[0] "one vote"\nmsgstr[1] ""\n\n'
        '#~ msgid "gammel"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert [entry.msgid for entry in entries] == [
        "",
        "Hej %(navn)s",
        "To linjer",
        "Stem",
        "en stemme",
    ]
    assert "fuzzy" in entries[1].flags and "fuzzy" not in entries[2].flags
    assert entries[2].msgstr == {0: ""}
    assert entries[3].msgctxt == "verbum" and entries[3].msgstr == {0: "Vote"}
    assert entries[4].msgid_plural == "%d stemmer" and entries[4].msgstr == {0: "one vote", 1: ""}


# Clashes already on main when this test arrived, each a word the mentoring module means
# differently from an app listed before it, so mentoring pages show the other app's English
# until it gets a context (pgettext). Listed so that no NEW clash gets in; the test
# also fails once one of these is fixed, so the list only shrinks.
KNOWN_CLASHES: set[str] = set()  # none left: keep it that way


def find_clashes() -> dict[str, str]:
    """msgid -> description, for every word two catalogues translate differently."""
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    clashes: dict[str, str] = {}
    for po_path in CATALOGUES:
        for entry in parse_po(po_path):
            if not entry.msgid or entry.msgid_plural is not None:
                continue
            key = (entry.msgctxt, entry.msgid)
            english = entry.msgstr.get(0, "")
            if key in seen and seen[key][1] != english:
                first_path, first_english = seen[key]
                clashes[entry.msgid] = (
                    f"{entry.msgid!r}: {first_english!r} in {first_path}, "
                    f"{english!r} in {relative(po_path)}"
                )
            seen.setdefault(key, (relative(po_path), english))
    return clashes


def test_catalogues_agree_on_shared_words():
    """Django merges every catalogue into one per language: LOCALE_PATHS win over the apps, and
    an app listed earlier in INSTALLED_APPS wins over a later one. A word translated two ways
    therefore shows the wrong English in one of the apps."""
    clashes = find_clashes()
    new = [text for msgid, text in clashes.items() if msgid not in KNOWN_CLASHES]
    assert not new, (
        "Translated differently in different catalogues; Django merges them, so one app shows the "
        "other's word. Use the same English, or give the word a context (pgettext_lazy / "
        '{% translate "..." context "..." %}):\n' + "\n".join(new)
    )
    fixed = KNOWN_CLASHES - clashes.keys()
    assert not fixed, f"No longer clashing, remove from KNOWN_CLASHES: {sorted(fixed)}"
