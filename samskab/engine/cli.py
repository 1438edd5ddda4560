"""`samskab pb ...`: the vote-counting engine's command line (no Django, no database)."""

from __future__ import annotations

import argparse


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="samskab pb", description="Count participatory budgets.")
    parser.add_subparsers(dest="command", required=True)
    parser.parse_args(argv)
    return 0
