"""The `analysis` command (also `python -m analysis`): add, build, report, evaluate, bench.

`build` reads `--raw DIR/manifest.csv` and writes every processed table into `--out`
(default `data/processed/`). On bad input every subcommand prints one line naming the file
and the problem, exits 1 and writes nothing; an interrupted build (Ctrl-C, SIGTERM) removes
its temporary folder, says so in one line and exits 130 / 143.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis import __version__, config

PROG = "analysis"


class _Help(argparse.HelpFormatter):
    """Help with every default shown (paths relative to the project) and examples kept as
    written: prose lines are wrapped, indented lines (commands) are not."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if "default" in text or default in (None, "", False, argparse.SUPPRESS) \
                or action.option_strings == []:
            return text
        shown = _rel(default) if isinstance(default, Path) else default
        return f"{text} (default: {str(shown).replace('%', '%%')})"

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return "\n".join(line if line.startswith(" ") or not line else
                         textwrap.fill(line, width, initial_indent=indent,
                                       subsequent_indent=indent)
                         for line in text.splitlines())


def _positive(value: str) -> int:
    """A whole number of at least 1 (argparse type)."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return n


def _rel(path: Path) -> str:
    """A path as the user would type it: relative to the project root when inside it."""
    try:
        return str(path.resolve().relative_to(config.ROOT))
    except ValueError:
        return str(path)


def default_cache_dir(out: Path) -> Path:
    """The build cache for `--out`: `data/interim/cache` for the default output folder, else
    `interim/cache` beside the output folder (so a build elsewhere never writes into the
    repository's data/interim/)."""
    if out.resolve() == config.PROCESSED.resolve():
        return config.INTERIM / "cache"
    return out.resolve().parent / "interim" / "cache"


def _sub(sub: argparse._SubParsersAction, name: str, summary: str, description: str,
         example: str) -> argparse.ArgumentParser:
    """A subcommand with a one-line summary, a description and an example."""
    return sub.add_parser(name, help=summary, description=description, formatter_class=_Help,
                          epilog=f"example:\n  {example}")


def _add_parser(sub: argparse._SubParsersAction) -> None:
    a = _sub(sub, "add", "add article files to data/raw (copy, sha256, manifest row)",
             "Copy article files into RAW/articles/ (byte for byte), read TITLE:/OUTLET:/DATE:/"
             "URL: header lines when present, check the date (ISO 8601), compute the sha256 "
             "and append one manifest row per file. Options override header values. A "
             "duplicate doc_id, a file already in the corpus, an unreadable date or a binary "
             "file is one error line, and nothing is written.",
             f"{PROG} add ~/Downloads/bbc-2022-02-24.txt --outlet BBC --published 2022-02-24")
    a.add_argument("files", nargs="*", type=Path, metavar="FILE", help="article text files")
    a.add_argument("--raw", type=Path, default=config.RAW, help="raw folder (manifest.csv)")
    a.add_argument("--doc-id", default="", help="document id (one FILE only; default: "
                   "OUTLET-DATE, else the file name, with -2, -3 ... when taken)")
    a.add_argument("--title", default="", help="title (default: the TITLE: header line, else "
                   "the first line when it reads as a headline)")
    a.add_argument("--outlet", default="", help="outlet, as the codebook names it "
                   "(default: the OUTLET: header line)")
    a.add_argument("--published", default="", metavar="YYYY-MM-DD",
                   help="publication date, ISO 8601 (default: the DATE: header line)")
    a.add_argument("--url", default="", help="source URL (default: the URL: header line)")
    a.add_argument("--language", default="", help="language code (default: en)")
    a.add_argument("--strip-header", action="store_true",
                   help="store the file without its header lines (default: byte for byte)")
    a.add_argument("--codebook", type=Path, default=config.CODEBOOK,
                   help="codebook folder (to warn about an unknown outlet)")
    a.add_argument("--rehash", action="store_true",
                   help="record the sha256 of manifest rows that have none, then stop")


def _build_parser(sub: argparse._SubParsersAction) -> None:
    b = _sub(sub, "build", "raw articles -> processed tables (data/processed)",
             "Extract documents, sentences, actors, mentions, claims and relations from every "
             "article the manifest lists, then the network, and replace the output folder in "
             "one step. An unchanged build is recognised and skipped.",
             f"{PROG} build --out /tmp/processed --workers 2")
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
    b.add_argument("--cache-dir", type=Path, default=None,
                   help="per-document cache (default: data/interim/cache for the default "
                        "--out, else interim/cache beside the --out folder)")
    b.add_argument("--engine", choices=["auto", "serial", "process", "dask"], default="auto",
                   help="auto: worker processes for more than 50 articles")
    b.add_argument("--workers", type=_positive, default=None,
                   help="worker processes or Dask workers (default: one per core)")
    b.add_argument("--scheduler", default=None, help="Dask scheduler address (engine dask)")
    b.add_argument("--no-cache", action="store_true", help="re-extract every article")
    b.add_argument("--quiet", action="store_true", help="no progress or summary")


def parser() -> argparse.ArgumentParser:
    """The command line parser (every subcommand with its help and an example)."""
    ap = argparse.ArgumentParser(
        prog=PROG, formatter_class=_Help,
        description="Conflict news articles -> claims dataset, signed actor network, reports.",
        epilog=f"examples:\n  {PROG} add article.txt --outlet Reuters --published 2022-02-24\n"
               f"  {PROG} build\n  {PROG} report --no-pdf\n  {PROG} SUBCOMMAND --help")
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    _add_parser(sub)
    _build_parser(sub)
    _sub(sub, "report", "execute the notebooks, write reports/ (HTML, PDF)",
         "Execute every notebook from a clean kernel and export HTML and PDF into reports/ "
         "(the same as python -m analysis.report; its options follow the subcommand: "
         f"{PROG} report --help lists them).", f"{PROG} report --no-pdf")
    e = _sub(sub, "evaluate", "precision/recall/F1 against the hand-coded seed",
             "Score the processed claims against the team's hand coding of the seed article.",
             f"{PROG} evaluate --processed data/processed")
    e.add_argument("--gold", type=Path, default=config.SEED_GOLD, help="gold YAML")
    e.add_argument("--processed", type=Path, default=config.PROCESSED,
                   help="processed folder to score")
    e.add_argument("--polnear", type=Path, default=None,
                   help="a PolNeAR data folder (holding train/ dev/): build its --split in a "
                        "temporary folder and score the attribution components (cue, "
                        "content, source by kind), then the seed as usual")
    e.add_argument("--split", default="dev", help="the PolNeAR split to score")
    k = _sub(sub, "bench", "benchmark the build on synthetic corpora",
             "Generate synthetic corpora of each size, time extraction and whole builds "
             "(cold, cached, no-op) and make reports; write bench/results.{json,md}.",
             f"{PROG} bench --sizes 1000")
    k.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    k.add_argument("--out", type=Path, default=None, help="results folder (default: bench/)")
    return ap


def _run_add(args: argparse.Namespace) -> int:
    """`analysis add`: plan every file, write them all, one line per article added."""
    from analysis.add import commit, plan, rehash

    if args.rehash:
        done = rehash(args.raw)
        print(f"recorded the sha256 of {len(done)} article(s)"
              + (f": {', '.join(done)}" if done else " (every row had one)"))
        return 0
    if not args.files:
        print(f"error: {PROG} add: give at least one FILE (or --rehash)", file=sys.stderr)
        return 1
    options = {"doc_id": args.doc_id, "title": args.title, "outlet": args.outlet,
               "published": args.published, "url": args.url, "language": args.language}
    articles = plan(args.files, args.raw, options, args.strip_header)
    commit(articles, args.raw)
    for art in articles:
        r = art.row
        print(f"added {r['doc_id']} ({r['outlet'] or 'no outlet'}, {r['published'] or 'no date'}"
              f", {len(art.data):,} bytes, sha256 {r['sha256'][:12]}) -> {_rel(art.target)}")
    _warn_outlets(args, [a.row for a in articles])
    return 0


def _warn_outlets(args: argparse.Namespace, rows: list[dict[str, str]]) -> None:
    """Warn about outlets the codebook does not know (the build warns again)."""
    from analysis.codebook import load_codebook
    from analysis.build.pipeline import warn_unknown_outlets

    warn_unknown_outlets(args.raw, rows, load_codebook(args.codebook))


def _run_build(args: argparse.Namespace) -> int:
    from analysis.build.outdir import LOCK_WAIT_S, sigterm_raises
    from analysis.build.pipeline import build

    wait = LOCK_WAIT_S if args.lock_wait is None else args.lock_wait
    cache_dir = args.cache_dir or default_cache_dir(args.out)
    with sigterm_raises():
        summary = build(args.raw, args.out, args.codebook, engine=args.engine,
                        workers=args.workers, cache=not args.no_cache,
                        scheduler=args.scheduler, quiet=args.quiet, force=args.force,
                        lock_wait=wait, cache_dir=cache_dir)
    if not args.quiet and summary.get("skipped"):
        print(f"up to date: {summary['documents']} document(s), nothing changed since "
              f"the last build -> {summary['out']}")
    elif not args.quiet:
        print(f"built {summary['documents']} document(s): {summary['claims']} claims, "
              f"{summary['relations']} relations, {summary['mentions']} mentions "
              f"-> {summary['out']}")
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "add":
        return _run_add(args)
    if args.command == "build":
        return _run_build(args)
    if args.command == "evaluate":
        from analysis.evaluate import evaluate_seed, format_scores

        if args.polnear is not None:
            import pandas as pd

            from analysis.evaluate.polnear import evaluate_polnear

            print(format_scores(pd.DataFrame(evaluate_polnear(args.polnear, args.split))))
        print(format_scores(evaluate_seed(args.gold, args.processed)))
        return 0
    from analysis.bench import main as bench_main

    return bench_main(args)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (1 on bad input, with one error line)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["report"]:  # its own options: passed through whole
        from analysis.report.notebooks import main as report_main

        return report_main(argv[1:], prog=f"{PROG} report")
    args = parser().parse_args(argv)
    from analysis.codebook import CodebookError
    from analysis.ingest.corpus import InputError
    from analysis.build.outdir import Interrupted, OutDirError
    from analysis.build.tables import TableError

    try:
        return _dispatch(args)
    except KeyboardInterrupt as exc:
        term = isinstance(exc, Interrupted)
        print(f"error: {'terminated (SIGTERM)' if term else 'interrupted'}; the output folder "
              "was left as it was", file=sys.stderr)
        return 143 if term else 130
    except (InputError, CodebookError, TableError, OutDirError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        name = exc.filename if isinstance(exc.filename, (str, os.PathLike)) else ""
        print(f"error: {name}: {exc.strerror or exc}" if name else f"error: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
