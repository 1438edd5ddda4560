"""Which counting code produced a result: the package version plus a digest of the engine.

``engine_version()`` is ``"<package version>+<12 hex digits>"``; the digest is SHA-256 over
the source of every module that reads, counts or writes an election (``pabulib*.py`` and the
``pb`` package), in name order. Any change to that code, however small, gives a new version,
so a stored result names the exact code to rerun it with; a change elsewhere (the web pages,
mentor matching) does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import samskab

ENGINE = Path(__file__).resolve().parent


def counting_modules() -> list[Path]:
    """The source files the digest covers, in a fixed order."""
    files = [*ENGINE.glob("pabulib*.py"), *(ENGINE / "pb").glob("*.py")]
    return sorted(files, key=lambda path: path.relative_to(ENGINE).as_posix())


def code_digest(files: Iterable[Path], root: Path = ENGINE) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@cache
def engine_version() -> str:
    return f"{samskab.__version__}+{code_digest(counting_modules())[:12]}"
