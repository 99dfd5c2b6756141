"""The vocabularies the graph uses, and the one place where resource IRIs are made."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

NKG_IRI = "https://w3id.org/newskg/ontology#"
DEFAULT_BASE = "https://w3id.org/newskg/id/"


class NKG(DefinedNamespace):
    """The newskg ontology; closed, so a misspelt term fails at import time."""

    _NS = Namespace(NKG_IRI)
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Country: URIRef
    Organization: URIRef
    Place: URIRef
    Group: URIRef
    Agreement: URIRef
    Article: URIRef
    Assertion: URIRef
    Modality: URIRef
    Asserted: URIRef
    Negated: URIRef
    Hypothetical: URIRef
    # relations between actors
    meetsWith: URIRef
    visits: URIRef
    hosts: URIRef
    signsAgreementWith: URIRef
    praises: URIRef
    supports: URIRef
    cooperatesWith: URIRef
    providesTo: URIRef
    criticizes: URIRef
    rejects: URIRef
    threatens: URIRef
    sanctions: URIRef
    attacks: URIRef
    leaderOf: URIRef
    officialOf: URIRef
    relativeOf: URIRef
    allyOf: URIRef
    locatedIn: URIRef
    partyTo: URIRef
    # evidence and provenance
    evidence: URIRef
    confidence: URIRef
    trigger: URIRef
    attributedTo: URIRef
    modality: URIRef
    rule: URIRef
    support: URIRef
    mentions: URIRef
    surfaceForm: URIRef
    contentHash: URIRef
    iso3166Code: URIRef  # a country's ISO 3166-1 alpha-2 code
    cameoCode: URIRef
    actorRelation: URIRef  # super-property of every relation between actors
    # the store's tallies (kg.summaries)
    RelationTally: URIRef
    MonthTally: URIRef
    tallySubject: URIRef
    tallyRelation: URIRef
    tallyObject: URIRef
    articleCount: URIRef
    sentenceCount: URIRef
    bestConfidence: URIRef
    month: URIRef
    assertionCount: URIRef
    # the store's name index and the version of its summary graph (kg.summaries)
    nameKey: URIRef
    nameEnd: URIRef
    summaryVersion: URIRef
    # the store's totals, kept with the summary (kg.summaries)
    entityTotal: URIRef
    relationTotal: URIRef
    assertionTotal: URIRef


def nkg(local: str) -> URIRef:
    """An ontology term by local name; a name the ontology lacks fails like ``NKG.x``."""
    term: URIRef = getattr(NKG, local)
    return term


SCHEMA = Namespace("https://schema.org/")
GEONAMES_FEATURE = "https://sws.geonames.org/{}/"  # the GeoNames IRI of a feature, by id

PREFIXES: dict[str, str] = {
    "nkg": NKG_IRI,
    "nkgr": DEFAULT_BASE,
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

ENTITIES_GRAPH_KEY = "graph/entities"  # named graph holding the store-wide labels

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A readable IRI segment: accents dropped, lower case, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_name.lower().replace("'", "").replace("’", "")).strip("-")
    return slug or "unnamed"


def iri_for(key: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of a minted resource from its key, e.g. ``person/vladimir-putin``."""
    return base + key


# An absolute IRI (a scheme, then no spaces, quotes or angle brackets) ending in / or #,
# so that base + "person/x" is itself an IRI inside that namespace.
_BASE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*[/#]")


def check_base(base: str) -> str:
    """``base`` itself when it is an absolute IRI ending in ``/`` or ``#``, else an error."""
    if not _BASE_IRI.fullmatch(base):
        from kg.errors import OptionError

        raise OptionError(
            f"the base IRI {base!r} is not an absolute IRI ending in / or #; "
            "give one such as https://example.org/kg/."
        )
    return base


def bind_prefixes(graph: object, base: str = DEFAULT_BASE) -> None:
    """Bind our prefixes on an rdflib graph, replacing rdflib's own defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, base if prefix == "nkgr" else iri, override=True, replace=True)  # type: ignore[attr-defined]
