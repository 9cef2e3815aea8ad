#!/usr/bin/env python3
"""Run JupyterLab on the notebooks and stop it cleanly (`make lab`).

    python scripts/lab.py [--port 8888] [--ip 127.0.0.1] [--notebook-dir notebooks]

Why a launcher: Ctrl-C on `jupyter lab` only asks "Shutdown this Jupyter server (y/[n])?"
and `make` then exits, leaving the server listening; a SIGTERM to `make` reached only its
shell. Here the server runs in its own session, and Ctrl-C, SIGTERM or SIGHUP to this
launcher stops it (SIGTERM, then SIGKILL after 10 s); the server also dies with the
launcher (Linux parent-death signal). Flags the environment needs are added:
`--allow-root` only when run as root, `--no-browser` when there is no display.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

STOP_WAIT_S = 10


def lab_command(port: int, ip: str, notebook_dir: str) -> list[str]:
    """The jupyter lab command line for this user and machine."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={notebook_dir}",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--ServerApp.ip={ip}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                          or os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        cmd.append("--no-browser")
    return cmd


def _die_with_parent() -> None:
    """In the server process: receive SIGTERM when the launcher dies (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("LAB_PORT") or 8888))
    ap.add_argument("--ip", default=os.environ.get("LAB_IP") or "127.0.0.1")
    ap.add_argument("--notebook-dir", default="notebooks")
    args = ap.parse_args(argv)
    cmd = lab_command(args.port, args.ip, args.notebook_dir)
    proc = subprocess.Popen(cmd, start_new_session=True, preexec_fn=_die_with_parent)

    stopping: list[float] = []

    def stop(signum: int, _frame: object) -> None:
        if proc.poll() is None and not stopping:
            print(f"\nlab: stopping the server on port {args.port}", file=sys.stderr,
                  flush=True)
            proc.send_signal(signal.SIGTERM)
            stopping.append(time.monotonic())

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    while True:
        try:
            code = proc.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            if stopping and time.monotonic() - stopping[0] > STOP_WAIT_S:
                proc.kill()  # did not stop in time: insist
    return 0 if stopping or code == 0 else code


if __name__ == "__main__":
    sys.exit(main())
