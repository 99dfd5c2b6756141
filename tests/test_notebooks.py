"""The notebooks: stored without outputs, and they run top to bottom on a fresh kernel."""

from __future__ import annotations

import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
# A fast look at the corpus notebook: the real run reads 300 articles (about 30 s).
CORPUS_ARTICLES_IN_TESTS = "30"
# kg.exports.to_networkx sorts (subject, object, Relation) tuples and Relation has no order:
# the GEXF and Neo4j exports fail on the seeds (issue 9, being fixed on another branch).


class _Srcdocs(HTMLParser):
    """The srcdoc attribute of every iframe in an HTML fragment, unescaped as a browser does."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.documents += [value or "" for name, value in attrs if name == "srcdoc"]


def _run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> Any:
    """Run a notebook from its folder on a fresh kernel and return it with its outputs."""
    monkeypatch.setenv("NEWSKG_NOTEBOOK_OUT", str(tmp_path / "out"))
    # The inline backend draws with Agg into PNG outputs: no display is needed.
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    # The kernel is this interpreter, whatever "python3" kernel the user has installed.
    kernels = tmp_path / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "newskg tests",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return notebook


def _outputs(notebook: Any, mime: str) -> list[str]:
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if mime == "text" and output.get("output_type") == "stream":
                found.append(output["text"])
            elif mime in output.get("data", {}):
                found.append(output["data"][mime])
    return found


def _iframe_documents(notebook: Any) -> list[str]:
    parser = _Srcdocs()
    for fragment in _outputs(notebook, "text/html"):
        parser.feed(fragment)
    return parser.documents


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda path: path.name)
def test_notebook_is_stored_clean(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} {cell.id}: strip the outputs before committing"
            assert cell.execution_count is None, f"{path.name} {cell.id}: execution count kept"
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


def test_both_notebooks_exist() -> None:
    assert {path.name for path in NOTEBOOKS.glob("*.ipynb")} == {
        "quickstart.ipynb",
        "corpus.ipynb",
    }


@pytest.mark.slow
def test_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = _run("quickstart.ipynb", tmp_path, monkeypatch)
    text = "".join(_outputs(notebook, "text"))
    assert "read 2 article(s): 2 added" in text
    assert "Kim Yo-jong -> Kim Jong-un" in text, "the shortest path is printed"
    # Each inline graph is exactly the page kg.visualize wrote, escaped into srcdoc.
    pages = [tmp_path / "out" / "graph.html", tmp_path / "out" / "putin.html"]
    assert _iframe_documents(notebook) == [page.read_text(encoding="utf-8") for page in pages]
    assert len(_outputs(notebook, "image/png")) == 1, "the networkx plot"
    assert "import.cypher" in text
    assert (tmp_path / "out" / "actors.gexf").is_file()
    assert (tmp_path / "out" / "neo4j" / "import.cypher").is_file()


@pytest.mark.slow
def test_corpus_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = _run(
        "corpus.ipynb", tmp_path, monkeypatch, NEWSKG_CORPUS_ARTICLES=CORPUS_ARTICLES_IN_TESTS
    )
    text = "".join(_outputs(notebook, "text"))
    corpus = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
    if corpus.is_file():
        assert f"{CORPUS_ARTICLES_IN_TESTS} of " in text and "political stories" in text
        assert f"read {CORPUS_ARTICLES_IN_TESTS} article(s)" in text
    else:
        assert "building the seed articles instead" in text
    assert len(_outputs(notebook, "image/png")) == 2, "top actors and relations over time"
    page = tmp_path / "out" / "actor.html"
    assert _iframe_documents(notebook) == [page.read_text(encoding="utf-8")]
