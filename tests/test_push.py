"""Pushing to a Graph Store Protocol endpoint: a recording stub here, a real Virtuoso below."""

from __future__ import annotations

import base64
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import sample_dataset
from rdflib import Graph, URIRef
from typer.testing import CliRunner
from virtuoso_server import Virtuoso, clear_newskg_graphs, free_port, virtuoso_select

from kg.cli import app
from kg.exports import export, named_graphs, normalize, union_graph
from kg.namespaces import iri_for
from kg.remote import PushError, push, redact

SECRET = "pa55-w0rd-never-shown"
SAMPLE_GRAPHS = {
    iri_for("article/summit"),
    iri_for("article/treaty"),
    iri_for("graph/entities"),
    iri_for("graph/summary"),
}


@dataclass
class Recorded:
    """What the stub server received and how it answers."""

    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    status: int = 201
    login: str | None = None  # "user:password" the stub demands with a Basic challenge


def _handler(state: Recorded) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {key.lower(): value for key, value in self.headers.items()}
            state.requests.append(("PUT", self.path, headers, body))
            if state.login is not None:
                expected = "Basic " + base64.b64encode(state.login.encode()).decode()
                if headers.get("authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="gsp"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    return Handler


@pytest.fixture
def stub() -> Iterator[tuple[str, Recorded]]:
    """A tiny Graph Store on 127.0.0.1 that records every request."""
    state = Recorded()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _graph_param(path: str) -> str | None:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query, keep_blank_values=True)
    return query["graph"][0] if "graph" in query else None


def test_push_puts_each_named_graph_as_ntriples(stub: tuple[str, Recorded]) -> None:
    url, state = stub
    report = push(sample_dataset(), url)
    expected = {str(name): graph for name, graph in named_graphs(normalize(sample_dataset()))}
    assert set(expected) == SAMPLE_GRAPHS
    sent = {_graph_param(path): (headers, body) for _m, path, headers, body in state.requests}
    assert set(sent) == SAMPLE_GRAPHS
    assert len(state.requests) == 4  # one PUT per graph, nothing else
    for name, (headers, body) in sent.items():
        assert headers["content-type"] == "application/n-triples; charset=utf-8"
        assert "authorization" not in headers  # no login configured, none sent
        received = Graph().parse(data=body.decode("utf-8"), format="nt")
        assert set(received) == set(expected[name])
    assert report.url == url
    assert report.triples == sum(len(graph) for graph in expected.values())
    assert [graph.status for graph in report.graphs] == [201] * 4
    assert (
        report.to_text()
        .splitlines()[-1]
        .startswith(f"pushed {report.triples} triples in 4 graphs to {url} in ")
    )


def test_single_graph_push_sends_the_union_to_the_default_graph(
    stub: tuple[str, Recorded],
) -> None:
    url, state = stub
    report = push(sample_dataset(), url + "?x=1", graph_per_article=False)
    ((_m, path, _h, body),) = state.requests
    assert path == "/store?x=1&default"
    assert len(Graph().parse(data=body.decode(), format="nt")) == len(union_graph(sample_dataset()))
    assert report.graphs[0].name is None


def test_basic_login_comes_from_the_environment(
    stub: tuple[str, Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, state = stub
    state.login = f"writer:{SECRET}"
    monkeypatch.setenv("GSP_USER", "writer")
    monkeypatch.setenv("GSP_PASS", SECRET)
    push(sample_dataset(), url, user_env="GSP_USER", password_env="GSP_PASS")
    answered = [req for req in state.requests if "authorization" in req[2]]
    assert len(answered) == 4


def test_a_refused_login_names_the_url_and_status_but_not_the_secret(
    stub: tuple[str, Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, state = stub
    state.login = "writer:right"
    monkeypatch.setenv("KG_PUSH_USER", "writer")
    monkeypatch.setenv("KG_PUSH_PASSWORD", SECRET)
    with pytest.raises(PushError) as error:
        push(sample_dataset(), url)
    message = str(error.value)
    assert message == (
        f"{url} answered HTTP 401 Unauthorized to the PUT of graph <{iri_for('article/summit')}>;"
        " set KG_PUSH_USER and KG_PUSH_PASSWORD to an account that may write."
    )
    assert SECRET not in message and SECRET not in repr(error.value.__cause__)


def test_a_server_error_is_one_line(stub: tuple[str, Recorded]) -> None:
    url, state = stub
    state.status = 500
    with pytest.raises(PushError) as error:
        push(sample_dataset(), url)
    assert str(error.value) == (
        f"{url} answered HTTP 500 Internal Server Error to the PUT of graph"
        f" <{iri_for('article/summit')}>; see the server's log."
    )


def test_a_closed_port_is_a_one_line_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql-graph-crud"
    with pytest.raises(PushError) as error:
        push(sample_dataset(), url, timeout=5)
    assert str(error.value) == (
        f"{url} cannot be reached (Connection refused); check the URL and that the store runs."
    )


def test_credentials_in_the_url_are_refused_and_redacted() -> None:
    with pytest.raises(PushError) as error:
        push(sample_dataset(), f"http://dba:{SECRET}@127.0.0.1:1/gsp")
    assert str(error.value) == (
        "http://127.0.0.1:1/gsp carries credentials in the URL; remove them and set"
        " KG_PUSH_USER and KG_PUSH_PASSWORD instead."
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://u:p@host:8890/x?y=1", "http://host:8890/x?y=1"),
        ("https://u@host/x", "https://host/x"),
        ("http://[::1]:80/x", "http://[::1]:80/x"),
        ("http://u:p@[::1]:80/x", "http://[::1]:80/x"),
    ],
)
def test_redact_drops_user_and_password(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_not_an_http_url() -> None:
    with pytest.raises(PushError) as error:
        push(sample_dataset(), "ftp://host/x")
    assert str(error.value) == (
        "ftp://host/x is not an http(s) URL; give the store's Graph Store endpoint."
    )


def test_cli_push_prints_the_report(stub: tuple[str, Recorded], sample_graph_dir: Path) -> None:
    url, state = stub
    result = CliRunner().invoke(app, ["push", str(sample_graph_dir / "sample.trig"), url])
    assert result.exit_code == 0, result.output
    assert len(state.requests) == 4
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"201 {name}: {len(graph)} triples"
        for name, graph in named_graphs(normalize(sample_dataset()))
    ]


def test_cli_push_failure_is_one_line_on_stderr(sample_graph_dir: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/gsp"
    result = CliRunner().invoke(app, ["push", str(sample_graph_dir / "sample.trig"), url])
    assert result.exit_code == 1
    assert result.stderr == (
        f"kg: error: {url} cannot be reached (Connection refused);"
        " check the URL and that the store runs.\n"
    )


# --- a real triple store: Virtuoso ---------------------------------------------------


COUNTS = """
SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/newskg/id/"))
} GROUP BY ?g
"""
# Each relation with its modality and evidence, and whether the direct triple is there.
RELATIONS = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?g ?s ?p ?o ?modality ?evidence ?direct WHERE {
  GRAPH ?g {
    ?a a nkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
       nkg:modality ?modality ; nkg:evidence ?evidence .
    OPTIONAL { ?s ?p ?o . BIND("yes" AS ?direct) }
  }
}
"""


def _oxigraph_select(path: Path, sparql: str) -> set[tuple[str | None, ...]]:
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.TRIG)
    result = store.query(sparql)
    names = [variable.value for variable in result.variables]  # type: ignore[union-attr]
    return {
        tuple(None if row[name] is None else row[name].value for name in names)  # type: ignore[index]
        for row in result  # type: ignore[union-attr]
    }


@pytest.mark.virtuoso
def test_push_to_virtuoso_answers_like_the_export(
    virtuoso: Virtuoso, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_newskg_graphs(virtuoso)
    trig = export(sample_dataset(), tmp_path / "sample.trig")
    monkeypatch.setenv("KG_PUSH_USER", virtuoso.user)
    monkeypatch.setenv("KG_PUSH_PASSWORD", virtuoso.password)
    for _attempt in range(2):  # PUT replaces a graph: pushing twice changes nothing
        result = CliRunner().invoke(app, ["push", str(trig), virtuoso.graph_store])
        assert result.exit_code == 0, result.output
        assert virtuoso.password not in result.output
    expected = {
        (str(name), str(len(graph))) for name, graph in named_graphs(normalize(sample_dataset()))
    }
    assert virtuoso_select(virtuoso, COUNTS) == expected
    rows = virtuoso_select(virtuoso, RELATIONS)
    assert rows == _oxigraph_select(trig, RELATIONS)
    assert len(rows) == 6
    negated = {row for row in rows if row[4] == "https://w3id.org/newskg/ontology#Negated"}
    assert [row[6] for row in negated] == [None]
    assert any(row[5] == "<script>alert(1)</script> praised Kim." for row in rows)


@pytest.mark.virtuoso
def test_virtuoso_refuses_a_wrong_password_without_leaking_it(
    virtuoso: Virtuoso, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trig = export(sample_dataset(), tmp_path / "sample.trig")
    monkeypatch.setenv("KG_PUSH_USER", virtuoso.user)
    monkeypatch.setenv("KG_PUSH_PASSWORD", SECRET)
    result = CliRunner().invoke(app, ["push", str(trig), virtuoso.graph_store])
    assert result.exit_code == 1
    assert result.stderr == (
        f"kg: error: {virtuoso.graph_store} answered HTTP 401 Unauthorized to the PUT of graph"
        f" <{iri_for('article/summit')}>; set KG_PUSH_USER and KG_PUSH_PASSWORD to an account"
        " that may write.\n"
    )
    assert SECRET not in result.output


def test_graph_names_are_the_sample_graphs() -> None:
    # The Virtuoso counts above rely on the sample having exactly these named graphs.
    names = {str(name) for name, _graph in named_graphs(normalize(sample_dataset()))}
    assert names == SAMPLE_GRAPHS
    assert all(isinstance(name, URIRef) for name, _g in named_graphs(normalize(sample_dataset())))
