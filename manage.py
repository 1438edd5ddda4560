#!/usr/bin/env python
"""Django's command-line utility; `samskab` (the console script) does the same."""

import sys

from samskab.cli import main

if __name__ == "__main__":
    sys.exit(main())
