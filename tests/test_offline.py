"""Nothing reaches the network during build, query, viz or export (issue 11).

Every way out of the process (connect, DNS) is replaced by one that records the attempt
and fails; the commands run on real input, including an HTML page whose whole text is a
URL, which htmldate would otherwise download.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from kg.cli import app

PAGE = """<html><head><title>Kim visits Moscow</title>
<link rel="canonical" href="https://example.org/kim">
<script src="https://example.org/tracker.js"></script></head>
<body><p>Kim Jong-un met Vladimir Putin in Moscow.</p>
<img src="https://example.org/photo.jpg"></body></html>
"""


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    tried: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        tried.append(repr(args[:2]))
        raise OSError("the network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield tried


def test_build_query_viz_and_export_stay_offline(tmp_path: Path, attempts: list[str]) -> None:
    news = tmp_path / "news"
    news.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (news / seed.name).write_bytes(seed.read_bytes())
    (news / "page.html").write_text(PAGE)
    (news / "link.html").write_text("https://example.org/an-article-to-fetch")
    out = tmp_path / "out"
    runner = CliRunner()

    def kg(*args: str) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "read 4 article(s)" in kg("build", str(news), "-o", str(out))
    store = str(out / "store")
    kg("query", store, "--name", "actor-claims", "-p", "actor=Putin")
    kg("query", store, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "--reason")
    kg("stats", str(out / "graph.ttl"))
    kg("viz", store, "-o", str(tmp_path / "g.html"))
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld", "rdfxml", "graphml", "gexf", "neo4j"):
        kg("export", store, "-o", str(tmp_path / f"g-{fmt}"), "-f", fmt)
    assert attempts == []
