"""Where the real Pabulib files are: $SAMSKAB_PABULIB_DIR, else the nearest shared/pabulib above."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def default_dir() -> Path:
    configured = os.environ.get("SAMSKAB_PABULIB_DIR")
    if configured:
        return Path(configured)
    for parent in HERE.parents:
        if (parent / "shared" / "pabulib").is_dir():
            return parent / "shared" / "pabulib"
    return HERE.parent.parent / "shared" / "pabulib"
