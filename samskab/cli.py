"""The `samskab` console script.

`samskab pb ...` runs the vote-counting engine and needs neither Django settings nor a
database. Everything else is a Django management command: `samskab migrate`, `samskab demo`,
`samskab serve`, `samskab budget ...`, `samskab createsuperuser`, ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "pb":
        from samskab.engine.cli import main as pb_main

        return pb_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskab.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samskab", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
