"""What `build --out DIR` may replace, the lock around a build, and its record of what it wrote.

The build replaces its output folder whole (`tables.AtomicDir`), so before anything is read
it refuses an `--out` that is, contains or is inside the raw folder or the codebook folder,
that is or contains the repository root, or that holds files no build wrote. Which files a
build wrote is kept beside the folder, in `.NAME.build.json` (the sorted file names: the same
bytes for every build of the same outputs, and outside the folder, so the outputs stay
byte-identical to the reference and `data/processed/` holds only the tables); a folder
without that record counts as a build's when every entry is a known output file name (the
committed `data/processed/`). `--force` replaces any other folder, but never one that holds a
sub-folder or a `.git` entry: build outputs are flat files.

A build holds `flock` on `.NAME.lock` beside the folder from the moment it looks at the
folder until its record is written, so two builds of one folder run one after the other
(the second waits up to `LOCK_WAIT_S`, then refuses) and the record always describes the
folder. The lock file is never deleted: deleting it would let two builds lock different
files.
"""
from __future__ import annotations

import json
import os
import re
import signal
import stat
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Callable, Iterable, Iterator

from analysis import config
from analysis.build.tables import PACKAGE_NAME, AtomicDir

#: Seconds a build waits for another build of the same `--out` before it refuses.
LOCK_WAIT_S = 300.0


class OutDirError(ValueError):
    """`--out` cannot be written safely; the message is one line naming the folder."""


class Interrupted(KeyboardInterrupt):
    """The build was asked to stop (SIGTERM); raised so every temporary folder is removed."""


def _relation(target: Path, folder: Path) -> str:
    """How `target` relates to `folder`: 'is', 'is inside', 'contains' or ''."""
    if target == folder:
        return "is"
    if target.is_relative_to(folder):
        return "is inside"
    return "contains" if folder.is_relative_to(target) else ""


def check_target(out: Path, raw: Path, codebook: Path) -> Path:
    """The resolved output folder, refused when replacing it could delete the inputs.

    Raises:
        OutDirError: `out` is, contains or is inside the raw or codebook folder, or is or
            contains the repository root (`config.ROOT`).
    """
    target = Path(out).expanduser().resolve()
    root = config.ROOT.resolve()
    if _relation(target, root) in ("is", "contains"):
        raise OutDirError(f"--out {out}: {_relation(target, root)} the repository root {root}; "
                          "choose another folder (the default is data/processed)")
    for label, folder in (("the raw folder", raw), ("the codebook folder", codebook)):
        folder = Path(folder).expanduser().resolve()
        how = _relation(target, folder)
        if how:
            raise OutDirError(f"--out {out}: {how} {label} {folder}; the build replaces --out "
                              "whole and would delete it: choose another folder")
    return target


def sidecar(target: Path, suffix: str) -> Path:
    """A file beside the output folder that belongs to it (`.NAME.lock`, `.NAME.build.json`)."""
    return target.parent / f".{target.name}{suffix}"


def read_record(target: Path) -> set[str]:
    """The file names the last build recorded for `target` (empty when none or unreadable)."""
    try:
        files = json.loads(sidecar(target, ".build.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


def write_record(target: Path, files: Iterable[str]) -> None:
    """Record (atomically) the file names a build wrote into `target`."""
    write_atomic(sidecar(target, ".build.json"), json.dumps(
        {"written_by": "python -m analysis build", "files": sorted(set(files))}, indent=1) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one rename: a reader sees the old or the new file, and a
    killed writer leaves only a `NAME.tmp-PID` beside it (removed by `recover`)."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def check_replaceable(target: Path, known: Iterable[str], force: bool = False) -> None:
    """Refuse to replace a folder that holds anything a build did not write.

    Args:
        target: the resolved output folder (it may not exist yet).
        known: the file names this build writes.
        force: replace a folder of other files too (never one with a sub-folder or `.git`).
    Raises:
        OutDirError: `target` is not a folder, or holds files no build wrote.
    """
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise OutDirError(f"--out {target}: is a file, not a folder")
    record = read_record(target)
    names = sorted(os.listdir(target))
    foreign = [n for n in names if n not in set(known) | record or not _plain_file(target / n)]
    if names and not foreign and not record and not force and not _built_package(target):
        raise OutDirError(f"--out {target}: holds {len(names)} file(s) named like build outputs "
                          f"(e.g. '{names[0]}') but neither a build record "
                          f"({sidecar(target, '.build.json').name}) nor a build's "
                          "datapackage.json; choose a new or empty folder, or pass --force to "
                          "replace it and delete them")
    if not foreign:
        return
    if not force:
        raise OutDirError(f"--out {target}: holds {len(foreign)} entr"
                          f"{'y' if len(foreign) == 1 else 'ies'} no build wrote (e.g. "
                          f"'{foreign[0]}'); choose a new or empty folder, or pass --force to "
                          "replace it and delete them")
    nested = [n for n in names if n == ".git" or (target / n).is_dir()]
    if nested:
        raise OutDirError(f"--out {target}: holds the folder '{nested[0]}'; the build never "
                          "replaces a folder with sub-folders, even with --force")


def _built_package(target: Path) -> bool:
    """Whether `target` holds a build's datapackage.json: how a folder of outputs without a
    record (the committed data/processed, whose record is never committed) is told from a
    folder of the user's own files that merely share their names (a `claims.csv`)."""
    path = target / "datapackage.json"
    if not _plain_file(path) or path.stat().st_size > 16 << 20:
        return False
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("name") == PACKAGE_NAME
    except (OSError, ValueError, AttributeError):
        return False


def _plain_file(path: Path) -> bool:
    """A regular file, not a symlink (a build writes nothing else)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def folder_mode(target: Path) -> int:
    """The permission bits the output folder keeps: its own, or the umask's for a new one."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o777 & ~_umask()


def _umask() -> int:
    """The process umask (read from /proc where possible: setting it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def recover(target: Path) -> bool:
    """Under the lock: put back or remove what a killed build of `target` left beside it
    (old outputs, temporary folders, a half-written record). Returns whether it restored."""
    restored = AtomicDir.recover(target)
    rx = re.compile(rf"\.{re.escape(target.name)}\.build\.json\.tmp-\d+")
    for p in target.parent.iterdir() if target.parent.is_dir() else []:
        if rx.fullmatch(p.name) and not p.is_dir():
            p.unlink(missing_ok=True)
    return restored


@contextmanager
def file_lock(path: Path, wait: float | None = None,
              on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold `flock` on `path` (created if need be; never deleted, so every process locks the
    same file). `wait`: seconds before `TimeoutError` (None: wait as long as it takes);
    `on_wait` is called once when the lock is busy."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        if wait is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            deadline, told = time.monotonic() + wait, False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise TimeoutError(path) from None
                    if not told and on_wait is not None:
                        on_wait()
                    told = True
                    time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def locked(target: Path, wait: float = LOCK_WAIT_S, quiet: bool = False) -> Iterator[None]:
    """Hold the output folder's lock (`flock` on `.NAME.lock` beside it).

    Raises:
        OutDirError: another build held the lock for `wait` seconds.
    """
    path = sidecar(target, ".lock")
    target.parent.mkdir(parents=True, exist_ok=True)

    def tell() -> None:
        if not quiet:
            print(f"waiting for another build of {target} ...", file=sys.stderr)

    try:
        with file_lock(path, wait, tell):
            yield
    except TimeoutError:
        raise OutDirError(f"--out {target}: another build is writing it (lock {path} held "
                          f"for {wait:g} s); try again when it is done") from None


#: Loggers of the Dask engine's libraries, silenced once the build is told to stop: a cluster
#: torn down mid-task logs tracebacks ("lost scattered data", a failed close) that would bury
#: the one line saying the build stopped.
ENGINE_LOGGERS = ("distributed", "tornado", "asyncio", "bokeh")


def quiet_engines() -> None:
    """Silence the engine libraries' logging and the interpreter's 'Exception ignored'
    reports (Dask's atexit close of a half-started cluster): the build is stopping and has
    said so in one line."""
    import logging

    for name in ENGINE_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
        for handler in list(logger.handlers):
            handler.setLevel(logging.CRITICAL + 1)
    sys.unraisablehook = lambda unraisable: None


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into `Interrupted` and SIGINT into `KeyboardInterrupt` (main thread only),
    so cleanup code runs as for Ctrl-C; either first silences the engines (`quiet_engines`)."""
    def on_term(signum: int, frame: FrameType | None) -> None:
        quiet_engines()
        raise Interrupted("terminated (SIGTERM)")

    def on_int(signum: int, frame: FrameType | None) -> None:
        quiet_engines()
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    old_int = signal.getsignal(signal.SIGINT)
    if old_int is signal.default_int_handler:  # not when SIGINT is ignored (nohup, &)
        signal.signal(signal.SIGINT, on_int)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
        signal.signal(signal.SIGINT, old_int)


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while child processes are started (main thread only), so they inherit
    the ignored signal: Ctrl-C reaches every process of the terminal's group, and only the
    build should act on it (it stops its workers; a worker's own KeyboardInterrupt would
    print a traceback each). The build's own handler is back on exit."""
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
