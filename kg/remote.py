"""Upload a graph to any triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT <endpoint>?graph=<iri>`` per named graph (each article, and the store-wide
entities graph) replaces that graph on the server, so pushing again is idempotent.
Credentials come only from environment variables; they are never printed, logged or
put in an error message, and a URL carrying them is refused.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from rdflib import Graph

from kg.errors import PushError
from kg.exports import graph_ntriples, named_graphs, normalize, union_graph

NTRIPLES = "application/n-triples; charset=utf-8"
_HINTS = {
    401: "set {user} and {password} to an account that may write",
    403: "the account may not write there; grant it update rights",
    404: "check the endpoint path (Virtuoso: /sparql-graph-crud-auth)",
    405: "the endpoint does not accept PUT; give its Graph Store Protocol URL",
    413: "the server refused the size; raise its request limit",
    415: "the server does not accept N-Triples",
}


@dataclass(frozen=True)
class PushedGraph:
    """One graph sent: its name (None for the default graph), triples, and the HTTP status."""

    name: str | None
    triples: int
    status: int


@dataclass(frozen=True)
class PushReport:
    """What one push sent where; the URL is shown without credentials."""

    url: str
    graphs: tuple[PushedGraph, ...]
    seconds: float

    @property
    def triples(self) -> int:
        """How many triples were sent in all."""
        return sum(graph.triples for graph in self.graphs)

    def to_text(self) -> str:
        """A short human summary: one line per graph, then the total."""
        lines = [
            f"{graph.status} {graph.name or 'default graph'}: {graph.triples} triples"
            for graph in self.graphs
        ]
        lines.append(
            f"pushed {self.triples} triples in {len(self.graphs)} graphs to {self.url}"
            f" in {self.seconds:.1f} s"
        )
        return "\n".join(lines)


def redact(url: str) -> str:
    """The URL without any user name or password in it, safe to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal loses its brackets in .hostname
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _check_url(url: str, envs: tuple[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    shown = redact(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PushError(f"{shown} is not an http(s) URL; give the store's Graph Store endpoint.")
    if parts.username is not None or parts.password is not None:
        raise PushError(
            f"{shown} carries credentials in the URL; remove them and set"
            f" {envs[0]} and {envs[1]} instead."
        )
    return url


def _opener(url: str, user_env: str, password_env: str) -> urllib.request.OpenerDirector:
    user, password = os.environ.get(user_env), os.environ.get(password_env)
    if not user:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, user, password or "")
    # Both handlers: the server's challenge picks Basic or Digest (Virtuoso asks Digest).
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(manager),
        urllib.request.HTTPBasicAuthHandler(manager),
    )


def _target(url: str, graph: str | None) -> str:
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{separator}{query}"


def _phrase(code: int) -> str:
    # The standard phrase, not urllib's: its digest handler reports "digest auth failed".
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "error"


def _timed_out(shown: str, timeout: float) -> PushError:
    return PushError(
        f"{shown} did not answer within {timeout:g} s; check the store or allow a longer timeout."
    )


def _put(
    opener: urllib.request.OpenerDirector,
    url: str,
    graph: str | None,
    body: bytes,
    timeout: float,
    envs: tuple[str, str],
) -> int:
    request = urllib.request.Request(
        _target(url, graph), data=body, method="PUT", headers={"Content-Type": NTRIPLES}
    )
    shown = redact(url)
    what = f"graph <{graph}>" if graph else "the default graph"
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        hint = _HINTS.get(error.code, "see the server's log")
        hint = hint.format(user=envs[0], password=envs[1])
        raise PushError(
            f"{shown} answered HTTP {error.code} {_phrase(error.code)} to the PUT of {what};"
            f" {hint}."
        ) from None  # the chained error would repeat the request and its headers
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise _timed_out(shown, timeout) from None
        text = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        raise PushError(
            f"{shown} cannot be reached ({text}); check the URL and that the store runs."
        ) from None
    except TimeoutError:  # a timeout while reading the answer is not wrapped by urllib
        raise _timed_out(shown, timeout) from None
    except ValueError as error:  # urllib's auth handlers reject unknown challenge schemes
        raise PushError(f"{shown} asked for an unsupported login ({error}).") from None


def push(
    source: Path | str | Graph,
    url: str,
    *,
    graph_per_article: bool = True,
    user_env: str = "KG_PUSH_USER",
    password_env: str = "KG_PUSH_PASSWORD",
    timeout: float = 60,
) -> PushReport:
    """Upload a graph file, store folder or rdflib graph to a Graph Store Protocol endpoint."""
    envs = (user_env, password_env)
    _check_url(url, envs)
    if isinstance(source, Graph):
        dataset = normalize(source)
    else:
        from kg.store import load_dataset

        dataset = normalize(load_dataset(source))
    uploads: list[tuple[str | None, Graph]]
    if graph_per_article:
        uploads = [
            (None if name is None else str(name), graph) for name, graph in named_graphs(dataset)
        ]
    else:
        uploads = [(None, union_graph(dataset))]
    opener = _opener(url, user_env, password_env)
    started = time.monotonic()
    sent: list[PushedGraph] = []
    for name, graph in uploads:
        body = graph_ntriples(graph)
        status = _put(opener, url, name, body, timeout, envs)
        sent.append(PushedGraph(name, len(graph), status))
    return PushReport(redact(url), tuple(sent), time.monotonic() - started)
