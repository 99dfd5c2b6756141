"""A throwaway Virtuoso server for tests: Debian's virtuoso-t on 127.0.0.1, its own database.

``running_virtuoso(folder)`` starts it with a generated ``virtuoso.ini`` on free ports,
sets a random DBA password, waits until SPARQL answers, and always stops the whole
process group afterwards. ``virtuoso_select(server, sparql)`` runs a SELECT over HTTP
and returns its rows, so any test (named queries included) can compare answers.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Virtuoso:
    """Where a running test server answers, and the DBA login its Graph Store needs."""

    sparql: str  # the query endpoint, http://127.0.0.1:<port>/sparql
    graph_store: str  # SPARQL 1.1 Graph Store Protocol with digest login
    user: str
    password: str
    sql_port: int
    folder: Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ini(folder: Path, sql_port: int, http_port: int) -> str:
    # Only what a small test server needs; both listeners bound to the loopback address.
    return f"""\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {folder}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}
MaxClientConnections = 5
ServerThreads        = 5
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""


def _answers(sparql_url: str) -> bool:
    url = f"{sparql_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _logs_in(isql: str, sql_port: int, password: str) -> bool:
    done = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", password, "exec=select 1;"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.returncode == 0 and "Error" not in done.stdout + done.stderr


def _stop(process: subprocess.Popen[bytes]) -> None:
    # virtuoso-t runs in its own session: signal the group so no helper outlives the test.
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def running_virtuoso(folder: Path, startup_timeout: float = 45.0) -> Iterator[Virtuoso]:
    """Start virtuoso-t with a fresh database in ``folder``; stop it when the block ends."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        raise RuntimeError("virtuoso-t and isql-vt are needed (Debian virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder, sql_port, http_port), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen(
        [binary, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + startup_timeout
        while not _answers(f"{base}/sparql"):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (folder / "stdout.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso-t did not start on {base}:\n{tail}")
            time.sleep(0.2)
        # A fresh database's DBA password is the well-known "dba"; replace it so the
        # tests prove the login really comes from the environment.
        # Virtuoso reads a word that starts with a digit as a number, so the password
        # starts with letters; isql exits 0 even when the statement fails, so check
        # that the new password really logs in (and retry while the server warms up).
        password = "kg" + secrets.token_hex(12)
        for _attempt in range(20):
            subprocess.run(
                [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=set password dba {password};"],
                capture_output=True,
                timeout=30,
            )
            if _logs_in(isql, sql_port, password):
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("virtuoso-t did not accept the new DBA password")
        yield Virtuoso(
            sparql=f"{base}/sparql",
            graph_store=f"{base}/sparql-graph-crud-auth",
            user="dba",
            password=password,
            sql_port=sql_port,
            folder=folder,
        )
    finally:
        _stop(process)
        log.close()


def virtuoso_select(endpoint: Virtuoso | str, sparql: str) -> set[Row]:
    """The rows of a SELECT as tuples of lexical values (None when unbound), via HTTP GET."""
    url = endpoint.sparql if isinstance(endpoint, Virtuoso) else endpoint
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': sparql})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    names = answer["head"]["vars"]
    return {
        tuple(binding[name]["value"] if name in binding else None for name in names)
        for binding in answer["results"]["bindings"]
    }


def clear_newskg_graphs(server: Virtuoso) -> None:
    """Delete every newskg graph, so a test sees only what it pushed (the server is shared)."""
    rows = virtuoso_select(
        server,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/newskg/")) }',
    )
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, server.graph_store, server.user, server.password)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    for (graph,) in sorted(rows, key=str):
        url = f"{server.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        with opener.open(urllib.request.Request(url, method="DELETE"), timeout=60):
            pass
