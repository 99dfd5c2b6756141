"""``kg stats``: what a graph file or store holds, counted the same way for both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from kg.sparql.results import compact_iri, render_table
from kg.store import GraphStore, open_for_query

_STATS_QUERIES = {
    # Not "GRAPH ?a": in a graph file merged into one graph, articles name no graph.
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a nkg:Article }",
    "entities": """SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
        ?entity a ?class
        FILTER(?class NOT IN (nkg:Article, nkg:Assertion, nkg:RelationTally, nkg:MonthTally)) }
        GROUP BY ?class ORDER BY ?class""",
    # A relation is a distinct direct triple; an asserted Assertion always has one.
    "relations": """SELECT ?property (COUNT(*) AS ?n) WHERE {
        { SELECT DISTINCT ?s ?property ?o WHERE {
            ?a a nkg:Assertion ; nkg:modality nkg:Asserted ;
               rdf:subject ?s ; rdf:predicate ?property ; rdf:object ?o .
            ?s ?property ?o } } }
        GROUP BY ?property ORDER BY ?property""",
    "modalities": """SELECT ?modality (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?a a nkg:Assertion ; nkg:modality ?modality }
        GROUP BY ?modality ORDER BY ?modality""",
}


@dataclass(frozen=True)
class Stats:
    """What a graph holds: articles, entities by class, relations, assertions by modality."""

    articles: int
    quads: int
    entities_by_class: tuple[tuple[str, int], ...]
    relations_by_property: tuple[tuple[str, int], ...]
    assertions_by_modality: tuple[tuple[str, int], ...]

    def to_text(self) -> str:
        """The statistics as aligned tables, one per count."""
        sections = [
            render_table(
                ("graph", "count"),
                [
                    (Literal("articles"), Literal(self.articles)),
                    (Literal("quads"), Literal(self.quads)),
                ],
                footer=False,
            )
        ]
        for headers, counts in (
            (("class", "entities"), self.entities_by_class),
            (("property", "relations"), self.relations_by_property),
            (("modality", "assertions"), self.assertions_by_modality),
        ):
            rows = [(Literal(name), Literal(count)) for name, count in counts]
            rows.append((Literal("total"), Literal(sum(count for _, count in counts))))
            sections.append(render_table(headers, rows, footer=False))
        return "\n".join(sections)


def _counts(store: GraphStore, sparql: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (compact_iri(str(key)), int(str(count)))
        for key, count in store.select(sparql)
        if key is not None and count is not None
    )


def stats(source: Path | str) -> Stats:
    """Count a graph file's or store folder's articles, entities, relations and assertions."""
    with open_for_query(source) as store:
        ((articles,),) = store.select(_STATS_QUERIES["articles"])
        return Stats(
            articles=int(str(articles)),
            quads=store.quad_count(),
            entities_by_class=_counts(store, _STATS_QUERIES["entities"]),
            relations_by_property=_counts(store, _STATS_QUERIES["relations"]),
            assertions_by_modality=_counts(store, _STATS_QUERIES["modalities"]),
        )
