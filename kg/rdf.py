"""Turn one article's extraction into its RDF triples, per ``ontologies/newskg.ttl``.

An article's triples form its own named graph (the graph's name is the article's IRI):
the article node, the entities it mentions with the surface forms it used, each relation
as an ``nkg:Assertion`` with its evidence, and the direct triple only when the text
asserts the relation. Store-wide labels are derived from the surface forms of all
articles by :func:`choose_labels`, so an entity's ``rdfs:label`` never depends on the
order in which articles arrive.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import (
    DEFAULT_BASE,
    ENTITIES_GRAPH_KEY,
    GEONAMES_FEATURE,
    NKG,
    PREFIXES,
    bind_prefixes,
    iri_for,
    nkg,
    slugify,
)
from kg.records import ArticleExtraction, Claim, Modality

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME_PARTS = re.compile(r"[\s\-]+")


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an article and of the named graph that holds its triples."""
    return URIRef(iri_for(f"article/{article_id}", base))


def entity_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an entity from its key (``person/vladimir-putin``)."""
    return URIRef(iri_for(key, base))


def assertion_iri(article_id: str, claim: Claim, base: str = DEFAULT_BASE) -> URIRef:
    """A deterministic IRI for one relation of one article, whatever its evidence."""
    digest = hashlib.sha1(
        f"{claim.subject}|{claim.relation}|{claim.object}|{claim.modality.value}".encode()
    ).hexdigest()[:16]
    return URIRef(iri_for(f"assertion/{article_id}/{digest}", base))


def _confidence(value: float) -> Literal:
    # At most three decimals in xsd:decimal's canonical form ("0.9", "1.0"), the form
    # Oxigraph and other stores give back, so a value has one spelling everywhere.
    text = f"{min(max(value, 0.0), 1.0):.3f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def article_graph(extraction: ArticleExtraction, base: str = DEFAULT_BASE) -> Graph:
    """The triples one article contributes, ready to become its named graph."""
    # One graph per article of every build: the plain triple store without contexts, and
    # only our prefixes (rdflib's thirty defaults cost more to bind than the triples to
    # add), take building it from 0.64 to 0.38 ms an article.
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    bind_prefixes(graph, base)
    article = extraction.article
    art = article_iri(article.id, base)
    graph.add((art, RDF.type, NKG.Article))
    if article.title:
        graph.add((art, DCTERMS.title, Literal(article.title)))
    if article.date:
        datatype = XSD.date if _DATE_ONLY.match(article.date) else XSD.dateTime
        graph.add((art, DCTERMS.issued, Literal(article.date, datatype=datatype)))
    graph.add((art, DCTERMS.source, Literal(article.url or article.source)))
    graph.add((art, NKG.contentHash, Literal(article.content_hash)))

    for entity in extraction.entities:
        node = entity_iri(entity.key, base)
        graph.add((node, RDF.type, nkg(entity.kind.class_name)))
        graph.add((art, NKG.mentions, node))
        for form in (entity.label, *entity.aliases):
            graph.add((node, NKG.surfaceForm, Literal(form)))
        if entity.iso_code:
            graph.add((node, NKG.iso3166Code, Literal(entity.iso_code)))
        if entity.geonames_id is not None:
            graph.add((node, OWL.sameAs, URIRef(GEONAMES_FEATURE.format(entity.geonames_id))))

    for claim in extraction.claims:
        subject, obj = entity_iri(claim.subject, base), entity_iri(claim.object, base)
        predicate = nkg(claim.relation)
        if claim.modality is Modality.ASSERTED:
            graph.add((subject, predicate, obj))
        node = assertion_iri(article.id, claim, base)
        graph.add((node, RDF.type, NKG.Assertion))
        graph.add((node, RDF.subject, subject))
        graph.add((node, RDF.predicate, predicate))
        graph.add((node, RDF.object, obj))
        graph.add((node, PROV.wasDerivedFrom, art))
        for sentence in (claim.sentence, *claim.more_evidence):
            graph.add((node, NKG.evidence, Literal(sentence)))
        graph.add((node, NKG.trigger, Literal(claim.trigger)))
        graph.add((node, NKG.rule, Literal(claim.rule)))
        graph.add((node, NKG.confidence, _confidence(claim.confidence)))
        graph.add((node, NKG.modality, nkg(claim.modality.value)))
        graph.add((node, NKG.support, Literal(claim.support)))
        if claim.attributed_to:
            graph.add((node, NKG.attributedTo, entity_iri(claim.attributed_to, base)))
    return graph


def _fullness(form: str, count: int, slug: str) -> tuple[bool, int, int, int, str]:
    # The name the IRI was minted from first (a country's canonical name, not the longest
    # alias), then the fullest: more name parts, more often used, longer; ties break on
    # the text itself so the choice never depends on arrival order.
    return (
        slugify(form) != slug,
        -len(_NAME_PARTS.split(form.strip())),
        -count,
        -len(form),
        form,
    )


def choose_labels(
    surface_forms: Mapping[str, Mapping[str, int]],
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """For each entity IRI, its canonical label and sorted alternative labels.

    ``surface_forms`` maps an entity IRI to each form seen and how many articles used it.
    """
    chosen: dict[str, tuple[str, tuple[str, ...]]] = {}
    for iri, forms in surface_forms.items():
        slug = iri.rsplit("/", 1)[-1]
        ranked = sorted(forms, key=lambda form: _fullness(form, forms[form], slug))
        chosen[iri] = (ranked[0], tuple(sorted(ranked[1:])))
    return chosen


def label_triples(
    labels: Mapping[str, tuple[str, Iterable[str]]],
) -> Iterable[tuple[URIRef, URIRef, Literal]]:
    """The ``rdfs:label`` and ``skos:altLabel`` triples of the store-wide entities graph."""
    for iri, (label, aliases) in sorted(labels.items()):
        node = URIRef(iri)
        yield node, RDFS.label, Literal(label)
        for alias in aliases:
            yield node, SKOS.altLabel, Literal(alias)


def label_names(labels: Mapping[str, tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """Each entity's label and aliases in one list: the names the name index keeps."""
    return {iri: [label, *aliases] for iri, (label, aliases) in labels.items()}


def dataset_of(extractions: Iterable[ArticleExtraction], base: str = DEFAULT_BASE) -> Dataset:
    """Articles as the store holds them, in memory: a named graph each, the labels graph
    and the tallies graph.

    For small in-memory uses (tests, notebooks); ``kg build`` streams into the store.
    """
    dataset = Dataset()
    bind_prefixes(dataset, base)
    forms: dict[str, dict[str, int]] = {}
    for extraction in extractions:
        named = dataset.graph(article_iri(extraction.article.id, base))
        for triple in article_graph(extraction, base):
            named.add(triple)
        for entity in extraction.entities:
            counts = forms.setdefault(str(entity_iri(entity.key, base)), {})
            for form in {entity.label, *entity.aliases}:
                counts[form] = counts.get(form, 0) + 1
    labels = dataset.graph(URIRef(iri_for(ENTITIES_GRAPH_KEY, base)))
    chosen = choose_labels(forms)
    for triple in label_triples(chosen):
        labels.add(triple)
    # The tallies by the very SPARQL the store runs, here on rdflib; the name index from
    # the labels, as the store computes it.
    from kg.summaries import all_summaries_update, name_index, summary_graph

    dataset.update(all_summaries_update(base), initNs=PREFIXES)
    summary = dataset.graph(URIRef(summary_graph(base)))
    for iri, term, value in name_index(label_names(chosen), base):
        summary.add((URIRef(iri), NKG[term], Literal(value)))
    return dataset
