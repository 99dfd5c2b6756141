"""The store's running tallies: what the global named queries would otherwise aggregate.

Counting how many articles state each relation means reading every assertion of every
article graph: seconds on an archive, on every query. So the store keeps the answers in a
graph of their own (``<base>graph/summary``), changed in the same transaction as the
article that changes them:

- a ``nkg:RelationTally`` per asserted relation between actors (every sub-property of
  ``nkg:actorRelation``), its two actors in one order (a symmetric relation's by IRI),
  with how many articles and sentences assert it and the best confidence any of them
  gives it: ``relation-support``, ``who-met-whom`` and ``top-actors`` read these;
- a ``nkg:MonthTally`` per property and month of publication, counting the asserted
  relations of the articles of that month: ``relations-by-cameo`` reads these;
- the name index: every label and alias of an entity in lower case (``nkg:nameKey``),
  which the per-actor queries look a name up in, and the last one to
  :data:`NAME_END_WORDS` words of the name each person's and organization's IRI spells,
  and a person's first (``nkg:nameEnd``), which folding a short name into a fuller one
  looks its candidates up in. Both are computed here, in Python, from the labels the
  store chooses, for just the entities an article relabels;
- the store's totals (``nkg:entityTotal``, ``nkg:relationTotal``, ``nkg:assertionTotal``)
  on the summary graph's own IRI: each update counts the entities, tallies or assertions
  it touches before and after, and moves the total by the difference, so a build adding
  one article to an archive reports them without counting the archive.

A relation tally is recomputed from the article graphs for just the relations an article
touches (so it is always exact, whatever happened before); a month tally moves by the
difference the article makes. This module only writes SPARQL and reads article graphs;
:mod:`kg.store` runs it. Exports and pushes carry the tallies (so the named queries answer
the same on another store), and a graph file has them computed afresh when it is loaded
for a query: any it holds are dropped first, so a file flattened to one graph counts once.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from kg.namespaces import NKG, NKG_IRI, iri_for

SUMMARY_GRAPH_KEY = "graph/summary"  # named graph holding the tallies and name index
UNDATED = "undated"  # the month of an article without a date
# What the summary graph holds: 1 the tallies, 2 also the name index, 3 also the totals,
# 4 name ends of up to three words (not one word: "co" named 2,000 bodies of 10,000
# articles, read on every fold of a body ending in "co").
# A store whose summary is older (or has none) has it recomputed once, when next opened.
SUMMARY_VERSION = 4
# The most words of a name's beginning or end the name index keeps (nkg:nameEnd).
NAME_END_WORDS = 3
# The store's totals, in the order GraphStore.counts gives them.
TOTALS = ("entityTotal", "relationTotal", "assertionTotal")
# The entities whose names folding compares (kg.resolve.fold_names), by IRI path.
FOLDED_KINDS = ("person/", "organization/")
# Of those, the ones a fold also finds by the beginning of their names ("Joe" of "Joe
# Biden"); a body is found by its end only ("Senate" of "U.S. Senate").
BEGUN_KINDS = ("person/",)

# A relation as the tallies key it: subject, property, object (symmetric ones ordered).
RelationKey = tuple[str, str, str]
# A property and a month ("2024-06" or "undated").
MonthKey = tuple[str, str]


@lru_cache(maxsize=1)
def _symmetric() -> frozenset[str]:
    from kg.ontology import load_ontology

    return frozenset(NKG_IRI + name for name in load_ontology().symmetric)


@lru_cache(maxsize=1)
def _actor_relations() -> frozenset[str]:
    from kg.ontology import load_ontology

    return frozenset(NKG_IRI + relation.name for relation in load_ontology().actor_relations)


def relation_key(stated: str, relation: str, other: str) -> RelationKey:
    """The key of a stated relation: a symmetric one's actors in IRI order, as SPARQL's STR."""
    if relation in _symmetric() and other < stated:
        return (other, relation, stated)
    return (stated, relation, other)


@dataclass(frozen=True)
class ArticleTallies:
    """What one article adds to the tallies: the relations it asserts, and per month."""

    relations: frozenset[RelationKey] = frozenset()
    months: Counter[MonthKey] = field(default_factory=Counter)


def month_of(issued: str | None) -> str:
    """The month an article counts under: ``YYYY-MM`` of its date, or ``undated``."""
    return issued[:7] if issued else UNDATED


def article_tallies(graph: Graph) -> ArticleTallies:
    """The tallies of an article graph as ``kg.rdf.article_graph`` builds it."""
    issued = next(iter(graph.objects(None, DCTERMS.issued)), None)
    rows = [
        (
            graph.value(assertion, RDF.subject),
            graph.value(assertion, RDF.predicate),
            graph.value(assertion, RDF.object),
            issued,
        )
        for assertion in graph.subjects(NKG.modality, NKG.Asserted)
    ]
    return stored_tallies(rows)


# What the store asks of an article graph already stored, to take its tallies back out.
STORED_ARTICLE_TALLIES = """SELECT ?stated ?relation ?other ?issued WHERE {{
  GRAPH <{article}> {{
    ?assertion nkg:modality nkg:Asserted ;
      rdf:subject ?stated ; rdf:predicate ?relation ; rdf:object ?other .
    OPTIONAL {{ <{article}> dcterms:issued ?issued }}
  }}
}}"""


def stored_tallies(rows: Iterable[Sequence[object]]) -> ArticleTallies:
    """The tallies of an article from its asserted relations, as rows of subject,
    property, object and date (those of :data:`STORED_ARTICLE_TALLIES` for a stored one)."""
    relations: set[RelationKey] = set()
    months: Counter[MonthKey] = Counter()
    for stated, relation, other, issued in rows:
        if stated is None or relation is None or other is None:
            continue
        if str(relation) in _actor_relations():
            relations.add(relation_key(str(stated), str(relation), str(other)))
        months[(str(relation), month_of(None if issued is None else str(issued)))] += 1
    return ArticleTallies(frozenset(relations), months)


def summary_graph(base: str) -> str:
    """The IRI of the graph holding the tallies of a store built under ``base``."""
    return iri_for(SUMMARY_GRAPH_KEY, base)


def _iri(term: str) -> str:
    return f"<{term}>"


def totals_moved(
    base: str,
    *,
    entities: Iterable[str] | None = (),
    tallies: Iterable[RelationKey] = (),
    article: str | None = None,
) -> tuple[str, str]:
    """Two operations to put around an update that changes the labels of ``entities``
    (of every entity when ``None``), the tallies of the relations ``tallies`` and the
    graph of ``article``: the first counts what those hold, the second moves the store's
    totals by how much more they hold after it. Only what the update touches is counted,
    by key. A store without totals (its summary not computed yet) is left without."""
    graph = summary_graph(base)
    # (total, what counts it, over what): only what the update touches, by key.
    counted: list[tuple[str, str, str]] = []
    # The index names the entities with a label: before the update, those that had one;
    # after it, those that have one now.
    index = f"GRAPH <{graph}> {{ ?entity nkg:nameKey ?key }}"
    if entities is None:
        counted.append(("entityTotal", "COUNT(DISTINCT ?entity)", index))
    elif chosen := sorted(set(entities)):
        values = " ".join(_iri(entity) for entity in chosen)
        counted.append(
            ("entityTotal", "COUNT(DISTINCT ?entity)", f"VALUES ?entity {{ {values} }} {index}")
        )
    if keys := sorted(set(tallies)):
        values = " ".join(_iri(tally_iri(base, key)) for key in keys)
        where = f"VALUES ?tally {{ {values} }} GRAPH <{graph}> {{ ?tally a nkg:RelationTally }}"
        counted.append(("relationTotal", "COUNT(*)", where))
    if article is not None:
        where = f"GRAPH {_iri(article)} {{ ?assertion a nkg:Assertion }}"
        counted.append(("assertionTotal", "COUNT(*)", where))
    if not counted:
        return "", ""
    was = f"<{graph}#before>"  # holds the first counts for the length of the update
    now = " ".join(
        f"{{ SELECT ({count} AS ?now{i}) WHERE {{ {where} }} }}"
        for i, (_, count, where) in enumerate(counted)
    )
    first = (
        f"INSERT {{ GRAPH <{graph}> {{ "
        + " ".join(f"{was} nkg:{total} ?now{i} ." for i, (total, _, _) in enumerate(counted))
        + f" }} }} WHERE {{ {now} }}"
    )
    stored = " ".join(
        f"<{graph}> nkg:{total} ?old{i} . {was} nkg:{total} ?was{i} ."
        for i, (total, _, _) in enumerate(counted)
    )
    moved = " ".join(f"<{graph}> nkg:{total} ?new{i} ." for i, (total, _, _) in enumerate(counted))
    changes = " ".join(f"BIND(?old{i} - ?was{i} + ?now{i} AS ?new{i})" for i in range(len(counted)))
    second = (
        f"DELETE {{ GRAPH <{graph}> {{ {stored} }} }}\n"
        f"INSERT {{ GRAPH <{graph}> {{ {moved} }} }}\n"
        f"WHERE {{ GRAPH <{graph}> {{ {stored} }}\n  {now} {changes} }} ;\n"
        f"DELETE WHERE {{ GRAPH <{graph}> {{ {was} ?total ?count }} }}"
    )
    return first, second


def _tally_iri(base: str) -> str:
    # The same key always names the same node, so a tally is found, replaced or removed
    # by its key alone, in the store and in any copy of it. tally_iri says it in Python.
    return (
        f'IRI(CONCAT("{base}tally/relation/", SUBSTR(SHA1(CONCAT(STR(?s), " ", '
        'STR(?relation), " ", STR(?o))), 1, 20)))'
    )


def tally_iri(base: str, key: RelationKey) -> str:
    """The IRI of a relation's tally, as :func:`_tally_iri` computes it in SPARQL.

    An update finds the tallies it replaces by these IRIs given as data: computed in
    the query, Oxigraph joined them with the whole summary graph (35 ms a commit on a
    store of 10,000 articles, growing with it).
    """
    digest = hashlib.sha1(" ".join(key).encode("utf-8")).hexdigest()[:20]
    return f"{base}tally/relation/{digest}"


def _month_iri(base: str) -> str:
    return (
        f'IRI(CONCAT("{base}tally/month/", ?month, "/", '
        f'ENCODE_FOR_URI(STRAFTER(STR(?relation), "{NKG_IRI}"))))'
    )


def month_tally_iri(base: str, key: MonthKey) -> str:
    """The IRI of a month tally, as :func:`_month_iri` computes it in SPARQL."""
    relation, month = key
    local = relation.removeprefix(NKG_IRI) if relation.startswith(NKG_IRI) else ""
    # ENCODE_FOR_URI keeps the unreserved characters only, as quote does with safe="".
    return f"{base}tally/month/{month}/{quote(local, safe='')}"


# The quads each relation tally has: its type and the six values of the template below.
TALLY_QUADS = 7

_RELATION_TALLY_TEMPLATE = """INSERT {{ GRAPH <{graph}> {{
  ?tally a nkg:RelationTally ; nkg:tallySubject ?s ; nkg:tallyRelation ?relation ;
    nkg:tallyObject ?o ; nkg:articleCount ?articles ; nkg:sentenceCount ?sentences ;
    nkg:bestConfidence ?confidence }} }}
WHERE {{
  {{ SELECT ?s ?relation ?o (COUNT(DISTINCT ?article) AS ?articles)
           (SUM(?support) AS ?sentences) (MAX(?score) AS ?confidence)
    WHERE {{
      {values}
      GRAPH ?g {{
        ?assertion rdf:subject ?stated ; rdf:predicate ?relation ; rdf:object ?other ;
          nkg:modality nkg:Asserted ; prov:wasDerivedFrom ?article ;
          nkg:support ?support ; nkg:confidence ?score .
      }}
      {order}
    }}
    GROUP BY ?s ?relation ?o }}
  BIND({tally} AS ?tally)
}}"""


def _symmetric_test() -> str:
    listed = ", ".join(_iri(relation) for relation in sorted(_symmetric()))
    return f"?relation IN ({listed})"


# Entities' labels and aliases, in whatever graph they are (a file flattens its graphs
# into one): what the name index is computed from. {values}: a VALUES block of the
# entities to read, or nothing for every entity.
ENTITY_NAMES = """SELECT ?entity ?name WHERE {{
  {values}GRAPH ?g {{ {{ ?entity rdfs:label ?name }} UNION {{ ?entity skos:altLabel ?name }} }}
  FILTER(?g != <{graph}>)
}}"""


def names_of(rows: Iterable[Sequence[object]]) -> dict[str, list[str]]:
    """Rows of entity and name (those of :data:`ENTITY_NAMES`) as each entity's names."""
    names: dict[str, list[str]] = {}
    for entity, name in rows:
        names.setdefault(str(entity), []).append(str(name))
    return names


def all_summaries_update(base: str) -> str:
    """SPARQL that recomputes the whole summary graph but its name index: every tally
    from the article graphs, the totals and the version mark. The name index follows
    (:func:`kg.store.name_index_update` of every entity's names, the rows of
    :data:`ENTITY_NAMES`)."""
    graph = summary_graph(base)
    actor_relations = " ".join(_iri(relation) for relation in sorted(_actor_relations()))
    order = (
        f"FILTER(?relation IN ({actor_relations.replace(' ', ', ')})) "
        f"BIND({_symmetric_test()} && STR(?other) < STR(?stated) AS ?swap) "
        "BIND(IF(?swap, ?other, ?stated) AS ?s) BIND(IF(?swap, ?stated, ?other) AS ?o)"
    )
    relations = _RELATION_TALLY_TEMPLATE.format(
        graph=graph, values="", order=order, tally=_tally_iri(base)
    )
    months = f"""INSERT {{ GRAPH <{graph}> {{
  ?tally a nkg:MonthTally ; nkg:tallyRelation ?relation ; nkg:month ?month ;
    nkg:assertionCount ?count }} }}
WHERE {{
  {{ SELECT ?relation ?month (COUNT(DISTINCT ?assertion) AS ?count) WHERE {{
      GRAPH ?g {{
        ?assertion nkg:modality nkg:Asserted ; rdf:predicate ?relation ;
          prov:wasDerivedFrom ?article .
        OPTIONAL {{ ?article dcterms:issued ?issued }}
      }}
      BIND(COALESCE(SUBSTR(STR(?issued), 1, 7), "{UNDATED}") AS ?month)
    }}
    GROUP BY ?relation ?month }}
  BIND({_month_iri(base)} AS ?tally)
}}"""
    # Summaries already there, in any graph (a file flattens its graphs into one), go
    # first; the version mark also says the graph exists when the articles assert nothing.
    stale = " ;\n".join(
        [
            f"DELETE {{ GRAPH ?g {{ ?tally ?p ?v }} }} "
            f"WHERE {{ GRAPH ?g {{ ?tally a nkg:{kind} ; ?p ?v }} }}"
            for kind in ("RelationTally", "MonthTally")
        ]
        + [
            f"DELETE {{ GRAPH ?g {{ ?s nkg:{term} ?v }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s nkg:{term} ?v }} }}"
            # nameWord: the one-word name ends of version 3 and before
            for term in ("nameKey", "nameEnd", "nameWord", "summaryVersion", *TOTALS)
        ]
    )
    version = (
        f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> nkg:summaryVersion {SUMMARY_VERSION} }} }}"
    )
    # Counted as GraphStore.counts does without them (entities: those with a name, which
    # the index is to name).
    totals = f"""INSERT {{ GRAPH <{graph}> {{
  <{graph}> nkg:entityTotal ?entities ; nkg:relationTotal ?relations ;
    nkg:assertionTotal ?assertions }} }}
WHERE {{
  {{ SELECT (COUNT(DISTINCT ?entity) AS ?entities) WHERE {{ GRAPH ?g {{
      {{ ?entity rdfs:label ?name }} UNION {{ ?entity skos:altLabel ?name }} }}
    FILTER(?g != <{graph}>) }} }}
  {{ SELECT (COUNT(*) AS ?relations) WHERE {{ GRAPH <{graph}> {{ ?tally a nkg:RelationTally }} }} }}
  {{ SELECT (COUNT(*) AS ?assertions) WHERE {{ GRAPH ?g {{ ?assertion a nkg:Assertion }} }} }}
}}"""
    return (
        f"{stale} ;\nDROP SILENT GRAPH <{graph}> ;\n{version} ;\n"
        f"{relations} ;\n{months} ;\n{totals}"
    )


def name_ends(entity: str, base: str) -> set[str]:
    """The name ends the index keeps for ``entity`` (an IRI): the last 1 to
    :data:`NAME_END_WORDS` words of the name a person's or organization's slug spells,
    and a person's first as many; none for other kinds."""
    path = entity.removeprefix(base)
    if path == entity or not path.startswith(FOLDED_KINDS):
        return set()
    words = _name_words(path.rsplit("/", 1)[-1])
    ends = {"-".join(words[-count:]) for count in range(1, NAME_END_WORDS + 1)}
    if path.startswith(BEGUN_KINDS):
        ends.update("-".join(words[:count]) for count in range(1, NAME_END_WORDS + 1))
    return ends


def name_index(names: Mapping[str, Iterable[str]], base: str) -> Iterator[tuple[str, str, str]]:
    """The name index of the entities ``names`` maps (IRI to every label and alias), as
    entity, term and value: each name in lower case (``nameKey``) and the IRI's name ends
    (``nameEnd``); nothing for an entity without names."""
    for entity, given in sorted(names.items()):
        keys = sorted({name.lower() for name in given})
        if not keys:
            continue
        yield from ((entity, "nameKey", key) for key in keys)
        yield from ((entity, "nameEnd", end) for end in sorted(name_ends(entity, base)))


def name_index_stale(base: str, entities: Iterable[str] | None) -> str:
    """SPARQL that removes the name index of ``entities`` (IRIs; every entity when
    ``None``), to be written again from their names (:func:`name_index`) in the same
    update, after the labels' change, like the tallies': an entity left without names
    (its articles removed, or folded into another) leaves the index. The index is
    computed from the names in Python, never in SPARQL: the rule is stated once, next
    to :func:`name_end_keys`, which looks it up."""
    graph = summary_graph(base)
    if entities is None:
        values = ""
    else:
        chosen = sorted(set(entities))
        if not chosen:
            return ""
        values = f"VALUES ?entity {{ {' '.join(_iri(entity) for entity in chosen)} }} "
    # One DELETE per term: with the term from a second VALUES block, Oxigraph read the
    # whole summary graph (50 ms a commit on a store of 10,000 articles).
    return " ;\n".join(
        f"DELETE {{ GRAPH <{graph}> {{ ?entity nkg:{term} ?value }} }} "
        f"WHERE {{ {values}GRAPH <{graph}> {{ ?entity nkg:{term} ?value }} }}"
        for term in ("nameKey", "nameEnd")
    )


def _name_words(slug: str) -> list[str]:
    # A slug is a normalized name: [a-z0-9] words joined by "-"; a leading "the" is no
    # word of the name (kg.vocab.normalize_name drops it).
    return slug.removeprefix("the-").split("-")


def name_end_keys(slug: str, *, prefixes: bool) -> set[str]:
    """What to look up in the name index (``nkg:nameEnd``) to find every entity whose
    slug is ``slug``, ends with it after a hyphen or (``prefixes``) begins with it before
    one: its last :data:`NAME_END_WORDS` words and (``prefixes``) its first, which any
    such entity's name ends or begins with too (:func:`name_ends`)."""
    words = _name_words(slug)
    keys = {"-".join(words[-NAME_END_WORDS:])}
    if prefixes:
        keys.add("-".join(words[:NAME_END_WORDS]))
    return keys


def relation_tallies_update(base: str, keys: Iterable[RelationKey]) -> str:
    """SPARQL that recomputes the tallies of ``keys`` (removing those no article asserts).

    Meant to follow, in the same update, the change to the article graphs: SPARQL runs
    the operations of one request in order, so it counts the articles as changed.
    """
    chosen = sorted(set(keys))
    if not chosen:
        return ""
    graph = summary_graph(base)
    # Each key is matched as stated, and a symmetric one the other way round too.
    stated_rows = []
    for s, r, o in chosen:
        stated_rows.append(f"({_iri(s)} {_iri(r)} {_iri(o)} {_iri(s)} {_iri(o)})")
        if r in _symmetric() and s != o:
            stated_rows.append(f"({_iri(o)} {_iri(r)} {_iri(s)} {_iri(s)} {_iri(o)})")
    values = f"VALUES (?stated ?relation ?other ?s ?o) {{ {' '.join(stated_rows)} }}"
    tallies = " ".join(_iri(tally_iri(base, key)) for key in chosen)
    delete = (
        f"DELETE {{ GRAPH <{graph}> {{ ?tally ?p ?v }} }} WHERE {{ "
        f"VALUES ?tally {{ {tallies} }} GRAPH <{graph}> {{ ?tally ?p ?v }} }}"
    )
    insert = _RELATION_TALLY_TEMPLATE.format(
        graph=graph, values=values, order="", tally=_tally_iri(base)
    )
    return f"{delete} ;\n{insert}"


def month_tallies_update(base: str, change: Counter[MonthKey]) -> str:
    """SPARQL that moves the month tallies by ``change`` (and drops those reaching zero)."""
    moved = sorted((key, delta) for key, delta in change.items() if delta)
    if not moved:
        return ""
    graph = summary_graph(base)
    rows = " ".join(
        f"({_iri(month_tally_iri(base, key))} {_iri(key[0])} {Literal(key[1]).n3()} {delta})"
        for key, delta in moved
    )
    return f"""DELETE {{ GRAPH <{graph}> {{ ?tally nkg:assertionCount ?old }} }}
INSERT {{ GRAPH <{graph}> {{
  ?tally a nkg:MonthTally ; nkg:tallyRelation ?relation ; nkg:month ?month ;
    nkg:assertionCount ?new }} }}
WHERE {{
  VALUES (?tally ?relation ?month ?delta) {{ {rows} }}
  OPTIONAL {{ GRAPH <{graph}> {{ ?tally nkg:assertionCount ?old }} }}
  BIND(COALESCE(?old, 0) + ?delta AS ?new)
}} ;
DELETE {{ GRAPH <{graph}> {{ ?tally ?p ?v }} }}
WHERE {{ GRAPH <{graph}> {{ ?tally nkg:assertionCount 0 ; ?p ?v }} }}"""


def tallies_update(base: str, before: ArticleTallies, after: ArticleTallies) -> str:
    """SPARQL that carries an article's change from ``before`` to ``after`` into the tallies."""
    change = Counter(after.months)
    change.subtract(before.months)
    parts = [
        relation_tallies_update(base, before.relations | after.relations),
        month_tallies_update(base, change),
    ]
    return " ;\n".join(part for part in parts if part)


# The relation tallies naming an actor, to recompute when a fold renames it.
TALLIES_NAMING = """SELECT ?s ?relation ?o WHERE {{ GRAPH <{graph}> {{
  {{ ?tally nkg:tallySubject <{actor}> }} UNION {{ ?tally nkg:tallyObject <{actor}> }}
  ?tally nkg:tallySubject ?s ; nkg:tallyRelation ?relation ; nkg:tallyObject ?o }} }}"""


def renamed_keys(keys: Iterable[RelationKey], short: str, full: str) -> set[RelationKey]:
    """The keys as they read once ``short`` is folded into ``full``."""
    return {
        relation_key(full if s == short else s, relation, full if o == short else o)
        for s, relation, o in keys
    }
