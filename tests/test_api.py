"""The public Python API: lazy, and never shadowed by the stage modules."""

from __future__ import annotations

import importlib
import subprocess
import sys

from conftest import REPO

import kg

STAGES = [
    "kg.ingest",
    "kg.nlp",
    "kg.extract",
    "kg.resolve",
    "kg.rdf",
    "kg.store",
    "kg.sparql",
    "kg.exports",
    "kg.viz",
    "kg.scoring",
    "kg.shacl",
    "kg.pipeline",
    "kg.remote",
    "kg.ingest.common",
    "kg.ingest.text",
    "kg.ingest.jsonl",
    "kg.ingest.html",
    "kg.sparql.results",
    "kg.sparql.library",
    "kg.sparql.counts",
]


def test_api_names_stay_functions_after_every_module_is_imported() -> None:
    for module in STAGES:
        importlib.import_module(module)
    for name in kg.__all__:
        function = getattr(kg, name)
        assert callable(function) and not isinstance(function, type(kg)), name
    assert kg.query is importlib.import_module("kg.sparql").run_query


def test_import_kg_loads_no_heavy_library() -> None:
    heavy = "('spacy', 'rdflib', 'pyoxigraph')"
    code = f"import kg, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


def test_the_api_offers_what_the_command_line_needs() -> None:
    assert {"push", "stats", "named_queries", "list_named_queries", "export_formats"} <= set(
        kg.__all__
    )
    assert list(kg.export_formats()) == list(importlib.import_module("kg.exports").FORMATS)
    assert kg.push is importlib.import_module("kg.remote").push
    assert kg.stdin_formats() == ("auto", "text", "jsonl")
