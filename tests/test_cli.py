"""The command line: help, the build summary, and one-line errors with exit code 1."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "query", "eval", "export", "viz", "validate", "stats", "push"):
        assert command in result.output


def test_build_prints_a_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path), "--no-html"])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    assert (tmp_path / "graph.ttl").exists()


def test_build_of_a_missing_path_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ")
    assert not (tmp_path / "graph.ttl").exists()


def test_build_of_a_binary_file_fails_cleanly_and_writes_nothing(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(binary), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (out / "graph.ttl").exists()


def test_build_with_an_unknown_model_names_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path), "--model", "xx_none"])
    assert result.exit_code == 1
    assert "'xx_none' is not installed" in result.output


def test_python_dash_m_kg_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0 and "build" in done.stdout


def test_the_cli_imports_kg_and_nothing_deeper() -> None:
    import ast

    tree = ast.parse((REPO / "kg" / "cli.py").read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name for name in imported if name.startswith("kg")} == {"kg"}


def test_only_the_store_touches_pyoxigraph() -> None:
    users = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "kg").rglob("*.py")
        if re.search(r"^\s*(?:import|from) pyoxigraph", path.read_text(), re.MULTILINE)
    )
    assert users == ["kg/store.py"]


# One library error per command: each prints exactly one line on stderr and exits 1.
ERRORS = [
    (["query", "{missing}", "SELECT * {{}}"], "kg: error: {missing} does not exist; "
     "give a graph file or a store folder."),
    (["stats", "{missing}"], "kg: error: {missing} does not exist; "
     "give a graph file or a store folder."),
    (["export", "{missing}", "-o", "{tmp}/x.ttl"], "kg: error: {missing} does not exist; "
     "give a graph file or a store folder."),
    (["articles", "{missing}"], "kg: error: '{missing}' does not exist; check the path."),
    (["build", "{missing}", "-o", "{tmp}/out"], "kg: error: '{missing}' does not exist; "
     "check the path."),
    (["query", "{tmp}", "--name", "nope"], "kg: error: there is no named query 'nope'; "
     "choose one of: actor-claims, relation-support, relations-between, relations-by-cameo, "
     "top-actors, who-met-whom."),
]  # fmt: skip


@pytest.mark.parametrize(("args", "line"), ERRORS, ids=lambda value: str(value)[:30])
def test_every_library_error_is_one_line_and_exit_1(
    tmp_path: Path, args: list[str], line: str
) -> None:
    missing = str(tmp_path / "missing")
    fill = {"missing": missing, "tmp": str(tmp_path)}
    result = CliRunner().invoke(app, [arg.format(**fill) for arg in args], catch_exceptions=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", line.format(**fill) + "\n")


def test_a_usage_error_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["query", str(tmp_path), "--name", "top-actors", "-p", "novalue"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'novalue' is not KEY=VALUE." in result.stderr


def test_articles_lists_what_it_read_then_what_it_skipped(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "title": "T", "text": "Kim spoke."}\n{"id": \n')
    result = CliRunner().invoke(app, ["articles", str(feed)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == f"a\t-\tT\t{feed}#1\n"
    assert result.stderr == (
        f"kg: skipped: '{feed}' line 2 is not valid JSON (Expecting value at column 8); "
        "fix or remove that line.\n"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": \n')
    only_bad = CliRunner().invoke(app, ["articles", str(bad)], catch_exceptions=False)
    assert (only_bad.exit_code, only_bad.stderr) == (
        1,
        f"kg: error: '{bad}' line 1 is not valid JSON (Expecting value at column 8); "
        "fix or remove that line.\n",
    )
