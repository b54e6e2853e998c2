"""The README and the project files say what is true."""

from __future__ import annotations

import re
import tomllib

from app import paths
from app.settings import parser

README = (paths.ROOT / "README.md").read_text("utf-8")
PYPROJECT = tomllib.loads((paths.ROOT / "pyproject.toml").read_text("utf-8"))


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands_that_exist():
    commands = quick_start_commands()
    assert commands == ["scripts/run.sh", "scripts/test.sh"]
    for command in commands:
        path = paths.ROOT / command
        assert path.exists() and path.stat().st_mode & 0o111, command


def test_ci_runs_the_readme_test_command_and_nothing_else():
    ci = (paths.ROOT / ".ci" / "run").read_text("utf-8")
    steps = [
        line
        for line in ci.splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert steps == [f"exec {quick_start_commands()[1]}"]


def test_every_option_of_main_is_documented():
    for action in parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert re.search(rf"`{flag}[` ]", README), flag


def test_runtime_dependencies_are_pinned():
    deps = (
        PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    )
    for dep in deps:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*", dep), dep
    names = {d.split("==")[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    assert {"flet", "flet-web", "sqlite-utils", "babel", "pydantic", "requests"} <= names


def test_flet_build_packages_the_app_without_tests_or_tools():
    flet = PYPROJECT["tool"]["flet"]
    assert flet["product"] == "Haki"
    assert flet["app"]["module"] == "main"
    assert {"tests", "bench", "server"} <= set(flet["app"]["exclude"])
    assert re.search(r">=3\.1[01]", PYPROJECT["project"]["requires-python"])


def test_documented_content_commands_run():
    import shlex
    import subprocess
    import sys

    lines = re.findall(r"^\.venv/bin/python (-m app\.content [^#\n]*)", README, re.M)
    assert len(lines) >= 3
    for line in lines:
        args = shlex.split(line)
        if args[2] == "catalogs" or "path/to/" in line:
            continue  # rewrites files (covered by test_catalogs); a placeholder path
        result = subprocess.run(
            [sys.executable, *args], cwd=paths.ROOT, capture_output=True, timeout=120
        )
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        assert result.stdout.strip(), line


def test_the_help_entry_example_is_a_good_entry(tmp_path, registry):
    from app.content.help import load_help

    section = README.split("## Adding a help entry", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```toml\n(.*?)```", section, re.S)
    (tmp_path / "domestic-workers-union.toml").write_text(example, "utf-8")
    entries, problems = load_help(tmp_path, registry.codes)
    assert problems == [] and [e.id for e in entries] == ["domestic-workers-union"]
