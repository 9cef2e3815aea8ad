"""The `analysis` command as a user meets it: help, version, where the cache goes, progress,
and `make lab` (serves on the chosen port, stops without leaving a server behind)."""
from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

import analysis
from analysis import cli, config
from analysis.progress import Progress

SUBCOMMANDS = ("add", "build", "report", "evaluate", "bench")


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)


def test_version_is_the_package_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"analysis {analysis.__version__}"


def test_top_help_lists_every_subcommand_with_a_summary() -> None:
    out = run("--help").stdout
    for name in SUBCOMMANDS:
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(name + " ")), "")
        assert len(line.split()) > 2, f"{name}: no summary in --help"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help_has_description_defaults_and_example(name: str) -> None:
    proc = run(name, "--help")
    assert proc.returncode == 0
    assert "(default: " in proc.stdout, "no default shown"
    example = proc.stdout.split("example:", 1)[1].strip()
    assert example.startswith(f"analysis {name}"), proc.stdout
    description = proc.stdout.split("\n\n")[1]
    assert len(description.split()) >= 8, description


def test_report_subcommand_takes_the_report_options() -> None:
    proc = run("report", "--help")
    assert proc.returncode == 0 and "--no-pdf" in proc.stdout


def test_console_script_points_at_the_cli() -> None:
    data = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = data["project"]["scripts"]["analysis"]
    module, func = target.split(":")
    assert (module, func) == ("analysis.cli", "main")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0


def test_unknown_subcommand_is_refused_with_usage() -> None:
    proc = run("frobnicate")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def _fake_repo(tmp: Path) -> Path:
    root = tmp / "repo"
    (root / "data").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'fake'\n", encoding="utf-8")
    shutil.copytree(config.CODEBOOK, root / "data" / "codebook")
    shutil.copytree(config.RAW, root / "data" / "raw")
    return root


def test_build_elsewhere_keeps_its_cache_beside_its_output(tmp_path: Path) -> None:
    root = _fake_repo(tmp_path)
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    out = tmp_path / "elsewhere" / "processed"
    proc = run("build", "--out", out, "--quiet", env=env)
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "elsewhere" / "interim" / "cache").rglob("*.pkl"))
    assert not (root / "data" / "interim").exists(), "the repository's cache was written"
    again = run("build", "--out", out, env=env)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_cache_dir_option_is_used(tmp_path: Path) -> None:
    root = _fake_repo(tmp_path)
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    cache = tmp_path / "my-cache"
    proc = run("build", "--out", tmp_path / "o", "--cache-dir", cache, "--quiet", env=env)
    assert proc.returncode == 0, proc.stderr
    assert list(cache.rglob("*.pkl")) and (cache / "builds.json").exists()
    assert not (tmp_path / "interim").exists()


def test_default_output_keeps_the_repository_cache() -> None:
    assert cli.default_cache_dir(config.PROCESSED) == config.INTERIM / "cache"


# -- progress --------------------------------------------------------------------------------
class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_in_a_log_is_a_few_plain_lines_with_rate_and_time_left() -> None:
    log = io.StringIO()
    bar = Progress("extracting", 1000, "article", stream=log)
    for _ in range(1000):
        bar.update()
    bar.close()
    lines = log.getvalue().splitlines()
    assert 1 <= len(lines) <= 10 and "\r" not in log.getvalue()
    assert lines[-1].startswith("  extracting: 1000/1000 articles (100%")
    assert "articles/s" in lines[-1] and "s left" in lines[-1]


def test_progress_on_a_terminal_is_a_bar_with_rate() -> None:
    tty = _Tty()
    bar = Progress("corpus stage", 4, "step", stream=tty)
    for step in ("actors", "claims", "relations", "network"):
        bar.update(what=step)
    bar.close()
    out = tty.getvalue()
    assert "corpus stage" in out and "4/4" in out and "step/s" in out and "\r" in out


def test_quiet_progress_writes_nothing() -> None:
    log = io.StringIO()
    bar = Progress("extracting", 300, "article", enabled=False, stream=log)
    bar.update(300)
    bar.close()
    assert log.getvalue() == ""


# -- make lab ---------------------------------------------------------------------------------
sys.path.insert(0, str(config.ROOT / "scripts"))
import lab  # noqa: E402


def test_lab_allows_root_only_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.lab_command(8888, "127.0.0.1", "notebooks")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.lab_command(8888, "127.0.0.1", "notebooks")


def test_lab_opens_no_browser_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert "--no-browser" in lab.lab_command(8888, "127.0.0.1", "notebooks")
    monkeypatch.setenv("DISPLAY", ":0")
    assert "--no-browser" not in lab.lab_command(8888, "127.0.0.1", "notebooks")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_lab_serves_on_the_port_and_stops_cleanly(how: signal.Signals, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "LAB_PORT": str(port)}
    env.pop("DISPLAY", None)
    proc = subprocess.Popen([sys.executable, str(config.ROOT / "scripts" / "lab.py"),
                             "--notebook-dir", str(config.NOTEBOOKS)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not _listening(port):
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "JupyterLab did not start in 120 s"
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=10) as resp:
            assert resp.status == 200 and b"version" in resp.read()
        proc.send_signal(how)
        assert proc.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), "a server is still listening after the stop"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_readme_data_table_lists_every_article() -> None:
    """The README's Data table is generated from the manifest (`make data` refreshes it)."""
    proc = subprocess.run([sys.executable, str(config.ROOT / "scripts" / "data_table.py"),
                           "--check"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    readme = (config.ROOT / "README.md").read_text(encoding="utf-8")
    from analysis.ingest.corpus import read_manifest

    for row in read_manifest(config.RAW):
        assert f"| `{row['doc_id']}` |" in readme
