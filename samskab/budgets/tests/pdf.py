"""Read a PDF back as text with poppler's pdftotext: installed by `make browser-deps`, so always
there on CI (a test fails there without it); elsewhere a test without it is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require_poppler() -> None:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing on CI: make browser-deps installs poppler-utils")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")


def poppler(tool: str, path: Path, *options: str) -> str:
    """The output of a poppler tool (pdftotext, pdfimages) run on ``path``."""
    require_poppler()
    return subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
