"""Nothing lost, nothing read that should not be, nothing that hangs (`build --out` safety).

Every case runs the CLI in a child process on folders under tmp_path, with `ANALYSIS_ROOT`
pointing at a small fake repository there (so `config.ROOT`, `data/interim` and the cache are
temporary too, and a refusal that regressed could only ever delete temporary files). Each
refusal asserts one line on stderr without a traceback, exit code 1, and an unchanged tree.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import analysis
from analysis import bench, config, schema

SRC = Path(analysis.__file__).resolve().parents[1]
CODEBOOK = config.CODEBOOK
OUTPUTS = sorted([t.path for t in schema.ALL] + [t.parquet_path for t in schema.ALL]
                 + ["network.graphml", "network.gexf", "network.json", "state_network.graphml",
                    "state_network.gexf", "balance.json", "datapackage.json"])


# -- helpers -----------------------------------------------------------------------------------
def fake_root(tmp: Path) -> Path:
    """A repository root for config.ROOT: pyproject.toml and data/ (the codebook is copied)."""
    root = tmp / "repo"
    (root / "data").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'fake'\n", encoding="utf-8")
    shutil.copytree(CODEBOOK, root / "data" / "codebook")
    return root


def env_for(root: Path) -> dict[str, str]:
    env = dict(os.environ, ANALYSIS_ROOT=str(root), PYTHONPATH=os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return env


def cli(root: Path, *args: str | Path, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    """`python -m analysis build ARGS --codebook ROOT/data/codebook` with ROOT as config.ROOT."""
    cmd = [sys.executable, "-m", "analysis", "build", *map(str, args),
           "--codebook", str(root / "data" / "codebook")]
    return subprocess.run(cmd, env=env_for(root), capture_output=True, text=True,
                          timeout=timeout, **kw)


def corpus(folder: Path, n: int = 6) -> Path:
    bench.generate_corpus(folder, n, codebook_dir=CODEBOOK, words=150)
    return folder


def tree(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder` (relative path -> type, mode, bytes' sha256 or link target);
    special files are never opened."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            if stat.S_ISREG(st.st_mode):
                out[str(p.relative_to(folder))] = ("f", stat.S_IMODE(st.st_mode),
                                                   hashlib.sha256(p.read_bytes()).hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                out[str(p.relative_to(folder))] = ("l", os.readlink(p))
            else:
                out[str(p.relative_to(folder))] = (stat.S_IFMT(st.st_mode),
                                                   stat.S_IMODE(st.st_mode))
    return out


def contents(folder: Path) -> dict[str, str]:
    """The files' bytes (sha256) under `folder`, without their modes."""
    return {k: v[2] for k, v in tree(folder).items() if v[0] == "f"}


def assert_refused(proc: subprocess.CompletedProcess, *words: str) -> str:
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("error: ")
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def n_documents(out: Path) -> int:
    return len((out / "documents.csv").read_text(encoding="utf-8").splitlines()) - 1


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return fake_root(tmp_path)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6-article synthetic raw folder (copied by the tests that change it)."""
    return corpus(tmp_path_factory.mktemp("small") / "raw")


@pytest.fixture
def raw(tmp_path: Path, small: Path) -> Path:
    dest = tmp_path / "data" / "raw"
    shutil.copytree(small, dest)
    return dest


# -- 1. never delete what the build did not write ---------------------------------------------
@pytest.mark.parametrize("where", ["raw", "raw parent", "inside raw", "codebook",
                                   "corrections", "repo root", "filesystem root"])
def test_out_that_would_delete_inputs_is_refused(where: str, tmp_path: Path, root: Path,
                                                 raw: Path) -> None:
    out = {"raw": raw, "raw parent": raw.parent, "inside raw": raw / "articles",
           "codebook": root / "data" / "codebook",
           "corrections": root / "data" / "codebook" / "corrections",
           "repo root": root, "filesystem root": Path("/")}[where]
    before = tree(tmp_path)
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache")
    line = assert_refused(proc, "--out", "choose another folder")
    assert ("repository root" in line) if where in ("repo root",) else True
    assert tree(tmp_path) == before


def test_foreign_folder_is_refused_and_force_replaces_it(tmp_path: Path, root: Path,
                                                         raw: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    before = tree(tmp_path)
    assert_refused(cli(root, "--raw", raw, "--out", out, "--no-cache"),
                   "thesis.docx", "--force")
    assert tree(tmp_path) == before
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--force", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(out)) == OUTPUTS


def test_force_never_replaces_a_folder_with_subfolders(tmp_path: Path, root: Path,
                                                       raw: Path) -> None:
    out = tmp_path / "project"
    (out / "src").mkdir(parents=True)
    (out / "notes.txt").write_text("x", encoding="utf-8")
    before = tree(tmp_path)
    assert_refused(cli(root, "--raw", raw, "--out", out, "--no-cache", "--force"),
                   "sub-folders")
    assert tree(tmp_path) == before


def test_folder_of_files_named_like_outputs_is_refused_without_a_build_mark(
        tmp_path: Path, root: Path, raw: Path) -> None:
    """The user's own `claims.csv` (an output's name, but no record and no build's
    datapackage.json beside it) is not taken for a previous build; --force replaces it."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "claims.csv").write_text("my own claims\n", encoding="utf-8")
    (out / "datapackage.json").write_text('{"name": "my-package"}\n', encoding="utf-8")
    before = tree(tmp_path)
    assert_refused(cli(root, "--raw", raw, "--out", out, "--no-cache"), "named like build "
                   "outputs", "--force")
    assert tree(tmp_path) == before
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet", "--force")
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(out)) == OUTPUTS


def test_out_that_is_a_file_is_refused(tmp_path: Path, root: Path, raw: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("a,b\n", encoding="utf-8")
    before = tree(tmp_path)
    assert_refused(cli(root, "--raw", raw, "--out", out, "--no-cache", "--force"),
                   "not a folder")
    assert tree(tmp_path) == before


def test_previous_outputs_without_record_are_replaced(tmp_path: Path, root: Path) -> None:
    """The committed data/processed (no record beside it) is rebuilt without --force, to the
    same bytes, and the record written beside it is the same for identical builds."""
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW, raw)
    out = tmp_path / "data" / "processed"
    shutil.copytree(config.PROCESSED, out)
    before = contents(out)
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert contents(out) == before  # byte-identical: `git diff data/processed` stays clean
    record = (out.parent / ".processed.build.json").read_bytes()
    assert cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet").returncode == 0
    assert (out.parent / ".processed.build.json").read_bytes() == record
    assert sorted(os.listdir(out.parent)) == [".processed.build.json", ".processed.lock",
                                              "processed"]


def test_recorded_file_no_longer_written_is_still_ours(tmp_path: Path, root: Path,
                                                       raw: Path) -> None:
    """A file an earlier build wrote (listed in the record) does not make the folder foreign."""
    out = tmp_path / "out"
    assert cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet").returncode == 0
    (out / "retired.csv").write_text("x\n", encoding="utf-8")
    assert_refused(cli(root, "--raw", raw, "--out", out, "--no-cache"), "retired.csv")
    record = tmp_path / ".out.build.json"
    record.write_text(record.read_text().replace('"actors.csv"', '"actors.csv", "retired.csv"'))
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(out)) == OUTPUTS


# -- 2. check before reading ------------------------------------------------------------------
def write_manifest(raw: Path, path: str, doc_id: str = "t1") -> None:
    (raw / "manifest.csv").write_text(f"doc_id,path\n{doc_id},{path}\n", encoding="utf-8")


@pytest.mark.parametrize("case", ["dotdot", "absolute", "symlink out", "fifo", "dev zero",
                                  "oversize", "directory", "symlink loop", "long doc_id"])
def test_bad_manifest_path_refused_before_reading(case: str, tmp_path: Path, root: Path,
                                                  raw: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside.txt"
    os.mkfifo(outside)  # opening it would hang the build: the timeout proves it is never read
    arts = raw / "articles"
    if case == "dotdot":
        path, words = "../../outside.txt", ("leaves the raw folder",)
    elif case == "absolute":
        path, words = str(outside), ("leaves the raw folder",)
    elif case == "symlink out":
        (arts / "link.txt").symlink_to(outside)
        path, words = "articles/link.txt", ("leaves the raw folder",)
    elif case == "fifo":
        os.mkfifo(arts / "pipe.txt")
        path, words = "articles/pipe.txt", ("FIFO",)
    elif case == "dev zero":
        path, words = "/dev/zero", ("leaves the raw folder",)
    elif case == "oversize":
        with open(arts / "big.txt", "wb") as fh:
            fh.truncate(65 * 1024 * 1024)  # sparse: no disk used
        path, words = "articles/big.txt", ("4 MiB", "split it")
    elif case == "directory":
        (arts / "folder.txt").mkdir()
        path, words = "articles/folder.txt", ("is a folder",)
    elif case == "symlink loop":
        (arts / "a").symlink_to("b")
        (arts / "b").symlink_to("a")
        path, words = "articles/a", ("cannot be read",)
    else:
        path, words = "articles/" + sorted(os.listdir(arts))[0], ("300 characters", "128")
    write_manifest(raw, path, "x" * 300 if case == "long doc_id" else "t1")
    before = tree(tmp_path)
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", timeout=30)
    assert_refused(proc, str(raw), *words)
    assert tree(tmp_path) == before and not out.exists()
    assert not (tmp_path / ".out.lock").exists()  # refused before the lock: nothing written


def test_corrections_path_too_long_is_one_line(tmp_path: Path, root: Path, raw: Path) -> None:
    """A 300-character doc_id used to fail on a corrections path ('File name too long')."""
    name = sorted(os.listdir(raw / "articles"))[0]
    write_manifest(raw, f"articles/{name}", "d" * 300)
    proc = cli(root, "--raw", raw, "--out", tmp_path / "out")  # with the cache: key first
    line = assert_refused(proc, "doc_id", "300 characters")
    assert "File name too long" not in line


# -- 3. atomic, locked, resumable -------------------------------------------------------------
KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from analysis.build import tables
    from analysis.__main__ import main

    point, target, argv = sys.argv[1], Path(sys.argv[2]).resolve(), sys.argv[3:]
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)
    if point == "before-swap":
        tables.AtomicDir.commit = lambda self: die()
    elif point == "between-renames":  # a system without renameat2: two renames
        tables._exchange = lambda a, b: False
        rename = os.rename
        def killing_rename(a, b):
            if Path(b) == target:
                die()
            rename(a, b)
        tables.os.rename = killing_rename
    elif point == "after-exchange":
        rmtree = tables.shutil.rmtree
        def killing_rmtree(p, *a, **k):
            if Path(p).parent == target.parent and Path(p).name.startswith("." + target.name):
                die()
            rmtree(p, *a, **k)
        tables.shutil.rmtree = killing_rmtree
    sys.exit(main(argv))
""")


def killed_build(root: Path, point: str, raw: Path, out: Path) -> None:
    cmd = [sys.executable, "-c", KILL_SCRIPT, point, str(out), "build", "--raw", str(raw),
           "--out", str(out), "--codebook", str(root / "data" / "codebook"), "--quiet"]
    proc = subprocess.run(cmd, env=env_for(root), capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr


@pytest.mark.parametrize("point", ["before-swap", "between-renames", "after-exchange"])
def test_sigkill_during_swap_leaves_old_or_new_and_next_build_recovers(
        point: str, tmp_path: Path, root: Path, raw: Path) -> None:
    out = tmp_path / "out"
    other = corpus(tmp_path / "raw2", 9)
    assert cli(root, "--raw", raw, "--out", out, "--quiet").returncode == 0
    old = tree(out)
    killed_build(root, point, other, out)
    leftovers = [p for p in os.listdir(tmp_path) if p.startswith(".out.") and
                 (".tmp-" in p or ".old-" in p)]
    assert leftovers  # the killed build left something behind ...
    if point == "between-renames":
        assert not out.exists()  # ... here even --out: the old outputs are in .out.old-PID
    else:
        assert n_documents(out) == (9 if point == "after-exchange" else 6)
    again = cli(root, "--raw", raw, "--out", out)
    assert again.returncode == 0, again.stderr
    if point == "after-exchange":  # the record must not claim the old build is in place
        assert again.stdout.startswith("built ") and n_documents(out) == 6
    else:
        assert again.stdout.startswith("up to date"), again.stdout
        assert tree(out) == old
    assert sorted(p for p in os.listdir(tmp_path) if p.startswith(".out")) == \
        [".out.build.json", ".out.lock"]


def test_leftovers_of_this_target_only_are_cleaned(tmp_path: Path, root: Path,
                                                   raw: Path) -> None:
    out = tmp_path / "out"
    assert cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet").returncode == 0
    for name in (".out.tmp-abc12345", ".out.old-4242", ".other.tmp-abc12345",
                 ".out.tmp-x.keep"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.csv").write_text("x\n", encoding="utf-8")
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / ".out.tmp-abc12345").exists()
    assert not (tmp_path / ".out.old-4242").exists()
    assert (tmp_path / ".other.tmp-abc12345" / "f.csv").exists()
    assert (tmp_path / ".out.tmp-x.keep" / "f.csv").exists()


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_failed_build_leaves_no_temporary_folder(error: type, tmp_path: Path, root: Path,
                                                 raw: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception or Ctrl-C while the outputs are written removes the temporary folder and
    leaves the previous outputs as they were."""
    from analysis.build import pipeline

    out = tmp_path / "out"
    assert cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet").returncode == 0
    before = tree(tmp_path)
    monkeypatch.setattr(config, "ROOT", root)
    seen: list[Path] = []

    def failing(tmp: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        (tmp / "claims.csv").write_text("half\n", encoding="utf-8")
        seen.append(tmp)
        raise error("stop")

    monkeypatch.setattr(pipeline, "_build_into", failing)
    with pytest.raises(error):
        pipeline.build(raw, out, root / "data" / "codebook", cache=False, quiet=True)
    assert seen and not seen[0].exists()
    assert tree(tmp_path) == before


@pytest.mark.parametrize("existing", [None, 0o751])
def test_output_folder_mode_is_kept(existing: int | None, tmp_path: Path, root: Path,
                                    raw: Path) -> None:
    out = tmp_path / "out"
    if existing is not None:
        out.mkdir()
        out.chmod(existing)
    proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet", umask=0o027)
    assert proc.returncode == 0, proc.stderr
    want = existing if existing is not None else 0o750  # a new folder: 0o777 & ~umask
    assert stat.S_IMODE(out.stat().st_mode) == want


def test_second_build_waits_a_bounded_time_then_refuses(tmp_path: Path, root: Path,
                                                        raw: Path) -> None:
    out = tmp_path / "out"
    assert cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet").returncode == 0
    before = tree(tmp_path)
    fd = os.open(tmp_path / ".out.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        t0 = time.monotonic()
        proc = cli(root, "--raw", raw, "--out", out, "--no-cache", "--quiet",
                   "--lock-wait", "1")
        assert time.monotonic() - t0 < 30
    finally:
        os.close(fd)
    assert_refused(proc, "another build", str(out))
    assert tree(tmp_path) == before


def test_concurrent_builds_end_consistent(tmp_path: Path, root: Path, raw: Path) -> None:
    """Two builds of different corpora into one folder: both succeed, one after the other, and
    the record (the 'up to date' skip) describes what the folder holds."""
    out = tmp_path / "out"
    other = corpus(tmp_path / "raw2", 9)
    procs = [subprocess.Popen([sys.executable, "-m", "analysis", "build", "--raw", str(r),
                               "--out", str(out), "--codebook",
                               str(root / "data" / "codebook"), "--quiet"],
                              env=env_for(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for r in (raw, other)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert n_documents(out) in (6, 9)
    for r, n in ((raw, 6), (other, 9), (raw, 6)):
        proc = cli(root, "--raw", r, "--out", out)
        assert proc.returncode == 0, proc.stderr
        assert n_documents(out) == n, (r, proc.stdout)
    assert sorted(os.listdir(out)) == OUTPUTS
    assert not [p for p in os.listdir(tmp_path) if ".tmp-" in p or ".old-" in p]


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (nothing reaps it in some containers)


def _big_build(engine: str, tmp_path: Path, root: Path, **popen: object) -> subprocess.Popen:
    """An 800-article uncached build on two workers, started in the background (several
    seconds of extraction on a fast machine, so a signal sent a second after the workers
    start lands in the middle of it)."""
    raw = corpus(tmp_path / "raw", 800)
    return subprocess.Popen([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                             "--out", str(tmp_path / "out"), "--codebook",
                             str(root / "data" / "codebook"), "--no-cache", "--quiet",
                             "--engine", engine, "--workers", "2"], env=env_for(root),
                            stdout=subprocess.DEVNULL, **popen)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("engine", ["process", "dask"])
def test_workers_die_with_a_killed_build(engine: str, tmp_path: Path, root: Path) -> None:
    if engine == "dask":
        pytest.importorskip("dask.distributed")
    proc = _big_build(engine, tmp_path, root, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        kids: list[int] = []
        while len(kids) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            kids = _children(proc.pid)
        time.sleep(2 if engine == "dask" else 0)  # let the Dask workers take their tasks
        assert len(kids) >= 2, "the build never started its workers"
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, kids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [k for k in kids if _alive(k)], "worker processes outlived the killed build"


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["process", "dask"])
def test_ctrl_c_to_the_whole_group_is_one_line(engine: str, tmp_path: Path, root: Path) -> None:
    """Ctrl-C in a terminal signals every process of the group, workers included: the build
    says it stopped in one line (no worker's KeyboardInterrupt, no Dask shutdown traceback)
    and every process of the group is gone."""
    if engine == "dask":
        pytest.importorskip("dask.distributed")
    proc = _big_build(engine, tmp_path, root, stderr=subprocess.PIPE, text=True,
                      start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3 if engine == "dask" else 1)  # the workers have tasks
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0 or (proc.returncode == -signal.SIGINT and
                                (tmp_path / "out" / "datapackage.json").is_file()):
        # finished first (a signal during interpreter shutdown meets the default handler)
        pytest.skip("the build finished before Ctrl-C arrived")
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("warning:")]
    assert proc.returncode == 130 and lines == ["error: interrupted; the output folder was "
                                                "left as it was"], err[-3000:]
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(proc.pid), "processes of the build outlived Ctrl-C"


def _group_alive(pgid: int) -> list[int]:
    """The processes of group `pgid` that have not exited (zombies excluded: nothing may reap
    them in a container)."""
    alive = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry))
    return alive


def test_sigint_ignored_is_inherited_by_children() -> None:
    """Workers started inside `outdir.sigint_ignored` ignore Ctrl-C (the build handles it)."""
    from analysis.build import outdir

    code = "import signal; print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"
    with outdir.sigint_ignored():
        inside = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    after = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (inside.stdout.strip(), after.stdout.strip()) == ("True", "False")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigterm_cleans_up_and_says_so(tmp_path: Path, root: Path) -> None:
    raw = corpus(tmp_path / "raw", 150)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                             "--out", str(out), "--codebook", str(root / "data" / "codebook"),
                             "--no-cache", "--quiet", "--engine", "serial"], env=env_for(root),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not [p for p in os.listdir(tmp_path) if ".tmp-" in p] and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before SIGTERM arrived")
    assert proc.returncode == 143, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "SIGTERM" in lines[0] and "Traceback" not in err
    assert not out.exists() or sorted(os.listdir(out)) == OUTPUTS  # (SIGTERM waits for a swap)
    assert not [p for p in os.listdir(tmp_path) if ".tmp-" in p or ".old-" in p]
