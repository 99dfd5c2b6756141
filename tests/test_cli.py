"""The command line: help, the build summary, and one-line errors with exit code 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
