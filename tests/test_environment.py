"""The environments agree: every direct pin equals the pip lock's version.

pyproject.toml (runtime and test dependencies), environment.yml (conda) and
requirements.lock (pip freeze) must name the same versions, so conda and pip users, CI and
the reports' footer all see one environment.
"""
from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from analysis import config

ROOT = config.ROOT


def norm(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        assert m, f"requirements.lock: not an exact pin: {line!r}"
        pins[norm(m.group(1))] = m.group(2)
    return pins


def pyproject_requirements() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        reqs.extend(extra)
    return reqs


def split(req: str) -> tuple[str, str | None]:
    m = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:==\s*([^\s;,]+))?.*",
                     req)
    assert m, f"cannot parse requirement {req!r}"
    return norm(m.group(1)), m.group(2)


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:==?\s*([^\s=]+))?", dep)
            assert m, f"environment.yml: cannot parse {dep!r}"
            pins[norm(m.group(1))] = m.group(2)
    return pins


def test_lock_pins_everything_exactly() -> None:
    pins = lock()
    assert len(pins) > 50
    assert "analysis" not in pins, "the project itself is installed editable, not locked"
    for must in ("pytest", "frictionless", "pytest-benchmark", "playwright", "nbclient",
                 "nbconvert", "ipykernel"):
        assert must in pins, f"{must} missing from requirements.lock"


@pytest.mark.parametrize("req", pyproject_requirements())
def test_pyproject_pins_equal_lock(req: str) -> None:
    name, version = split(req)
    pins = lock()
    assert name in pins, f"{name} (pyproject.toml) is not in requirements.lock"
    if version is not None:
        assert pins[name] == version, f"{name}: pyproject {version} != lock {pins[name]}"


def test_conda_pins_equal_lock() -> None:
    pins = lock()
    conda = conda_pins()
    assert conda.get("python", "").startswith("3.11")
    for name, version in conda.items():
        if name in ("python", "pip"):
            continue
        assert name in pins, f"{name} (environment.yml) is not in requirements.lock"
        assert version == pins[name], f"{name}: environment.yml {version} != lock {pins[name]}"


def test_conda_covers_every_direct_dependency() -> None:
    conda = conda_pins()
    for req in pyproject_requirements():
        name, _ = split(req)
        assert name in conda, f"{name} (pyproject.toml) missing from environment.yml"


def test_conda_installs_the_package_editable() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    pip = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip and "-e ." in pip[0]["pip"]
