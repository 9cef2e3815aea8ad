"""`python -m analysis add|build|report|evaluate|bench`: the same as the `analysis` command.

The command line lives in `cli.py` (`analysis --help` lists the subcommands, each with a
description, its defaults and an example).
"""
from __future__ import annotations

import sys

from analysis.cli import main

if __name__ == "__main__":
    sys.exit(main())
