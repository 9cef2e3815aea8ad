"""Command line: `python -m analysis build|evaluate|bench`.

`build` reads `--raw DIR/manifest.csv` and writes every processed table into `--out`
(default `data/processed/`). On bad input it prints one line naming the file and the problem,
exits 1 and leaves `--out` untouched; interrupted (Ctrl-C, SIGTERM) it removes its temporary
folder, says so in one line and exits 130 / 143.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config


def _positive(value: str) -> int:
    """A whole number of at least 1 (argparse type)."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return n


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="raw articles -> processed tables")
    b.add_argument("--raw", type=Path, default=config.RAW, help="folder with manifest.csv")
    b.add_argument("--out", type=Path, default=config.PROCESSED,
                   help="output folder, replaced whole on success; refused when it is, "
                        "contains or is inside the raw or codebook folder, is or contains "
                        "the repository root, or holds files no build wrote")
    b.add_argument("--force", action="store_true",
                   help="replace an --out holding files no build wrote (they are deleted; "
                        "never a folder with sub-folders)")
    b.add_argument("--lock-wait", type=float, default=None, metavar="SECONDS",
                   help="wait this long for another build of the same --out, then refuse "
                        "(default 300)")
    b.add_argument("--codebook", type=Path, default=config.CODEBOOK, help="codebook folder")
    b.add_argument("--engine", choices=["auto", "serial", "process", "dask"], default="auto")
    b.add_argument("--workers", type=_positive, default=None,
                   help="worker processes or Dask workers (default: one per core)")
    b.add_argument("--scheduler", default=None, help="Dask scheduler address (engine dask)")
    b.add_argument("--no-cache", action="store_true", help="re-extract every article")
    b.add_argument("--quiet", action="store_true")
    e = sub.add_parser("evaluate", help="precision/recall/F1 against the hand-coded seed")
    e.add_argument("--gold", type=Path, default=config.SEED_GOLD)
    e.add_argument("--processed", type=Path, default=config.PROCESSED)
    k = sub.add_parser("bench", help="benchmark the build on synthetic corpora")
    k.add_argument("--sizes", default="1000,10000")
    k.add_argument("--out", type=Path, default=None)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    args = _parser().parse_args(argv)
    from .codebook import CodebookError
    from .corpus import InputError
    from .tables import TableError

    from .outdir import LOCK_WAIT_S, Interrupted, OutDirError, sigterm_raises

    try:
        if args.command == "build":
            from .pipeline import build

            wait = LOCK_WAIT_S if args.lock_wait is None else args.lock_wait
            with sigterm_raises():
                summary = build(args.raw, args.out, args.codebook, engine=args.engine,
                                workers=args.workers, cache=not args.no_cache,
                                scheduler=args.scheduler, quiet=args.quiet, force=args.force,
                                lock_wait=wait)
            if not args.quiet and summary.get("skipped"):
                print(f"up to date: {summary['documents']} document(s), nothing changed since "
                      f"the last build -> {summary['out']}")
            elif not args.quiet:
                print(f"built {summary['documents']} document(s): {summary['claims']} claims, "
                      f"{summary['relations']} relations, {summary['mentions']} mentions "
                      f"-> {summary['out']}")
            return 0
        if args.command == "evaluate":
            from .evaluate import evaluate_seed, format_scores

            print(format_scores(evaluate_seed(args.gold, args.processed)))
            return 0
        if args.command == "bench":
            from .bench import main as bench_main

            return bench_main(args)
    except KeyboardInterrupt as exc:
        term = isinstance(exc, Interrupted)
        print(f"error: {'terminated (SIGTERM)' if term else 'interrupted'}; the output folder "
              "was left as it was", file=sys.stderr)
        return 143 if term else 130
    except (InputError, CodebookError, TableError, OutDirError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
