"""Reading any graph the tool writes: graph files of every RDF format, or a store folder.

(First cut by the lead; the store engineer owns and extends this module.)
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from kg.errors import GraphError
from kg.namespaces import bind_prefixes

# File extension -> rdflib parser name.
RDF_FILE_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


def load_dataset(source: Path | str) -> Dataset:
    """Load a graph file or a store folder into an rdflib Dataset (default graph = union)."""
    path = Path(source)
    if not path.exists():
        raise GraphError(f"{path} does not exist; give a graph file or a store folder.")
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    if path.is_dir():
        import pyoxigraph

        try:
            store = pyoxigraph.Store.read_only(str(path))
        except OSError as error:
            raise GraphError(f"{path} is not a newskg store folder ({error}).") from error
        data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        dataset.parse(data=data, format="nquads")
        return dataset
    parser = RDF_FILE_FORMATS.get(path.suffix.lower())
    if parser is None:
        known = " ".join(sorted(RDF_FILE_FORMATS))
        raise GraphError(f"{path} has an unknown graph extension; use one of: {known}.")
    try:
        dataset.parse(path, format=parser)
    except Exception as error:  # rdflib raises many parser-specific types
        raise GraphError(f"{path} is not valid {parser}: {error}".splitlines()[0]) from error
    return dataset
