"""Doc -> entity table: every named actor and place of a parsed article, linked to its
aliases, plus the untagged names a gazetteer or a title finds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp import doc_text, doc_tokens, token_lemmas, token_strings
from kg.records import EntityKind
from kg.resolve.aliases import (
    ACRONYM,
    known_as,
    parenthetical_aliases,
    person_aliases,
    plural_countries,
    short_organisations,
    short_places,
    spells_acronym,
    untagged_acronyms,
    untagged_short_names,
)
from kg.resolve.names import (
    classify,
    clean_span,
    is_demonym,
    mention_name,
    names_agreement,
    names_product,
    shaped_label,
    titled_name,
    whole_name,
    without_headline_verb,
)
from kg.resolve.table import SUBJECT_DEPS, ArticleEntities, event_actor_kinds
from kg.vocab import Vocabulary, normalize_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NER_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC"})


def resolve_mentions(doc: Doc, vocab: Vocabulary, ignored: set[int]) -> ArticleEntities:
    """Find every named actor and place of a parsed article and link its aliases."""
    table = ArticleEntities(vocab, ignored=ignored)
    # An official state name the tagger cuts short ("the United Kingdom of Great Britain"
    # and "Northern Ireland") is read whole from the gazetteer first.
    spans = _gazetteer_names(doc, vocab, ignored, set(), widths=OFFICIAL_NAME_WIDTHS)
    agreement_names: list[str] = []
    official = {t.i for span, *_ in spans for t in span}
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS or ent.start in ignored or "\n" in ent.text:
            continue
        if any(t.i in official for t in ent):
            continue
        if ent.label_ == "PERSON" and ent[0].lower_ in vocab.cues["article"]:
            continue  # English names people without an article: "The Aurus Senat" is a thing
        span = clean_span(ent, ent.label_, vocab)
        if span is not None:
            span = without_headline_verb(whole_name(span, vocab), vocab)
        if span is None:
            continue
        name = mention_name(span)
        if names_agreement(name, vocab) or names_product(span, vocab):
            agreement_names.append(name)
            table.agreements.update(t.i for t in span)
            continue  # "the Comprehensive Military Agreement" is a document, not an actor
        label = "PERSON" if titled_name(span, vocab) else shaped_label(span, ent.label_, vocab)
        if label == "ORG" and ent.label_ == "PERSON":
            span = doc[span.start : span.end + 1]  # "the Polisario movement" names the body
        kind_name = classify(label, name, vocab, span.root.tag_ in ("NNS", "NNPS"))
        if kind_name is None:
            continue
        kind, canonical = kind_name
        last = span[-1]
        if (
            kind is EntityKind.ORGANIZATION
            and len(span) > 2
            and ACRONYM.match(last.text)
            and spells_acronym(last.text, doc[span.start : span.end - 1].text)
        ):
            # "Kuwait News Agency KUNA": the name, then its acronym as an alias of it.
            span = doc[span.start : span.end - 1]
            name = canonical = mention_name(span)
            spans.append((doc[last.i : last.i + 1], kind, canonical, last.text))
        spans.append((span, kind, canonical, name))

    spans += _names_after_roles(doc, vocab, ignored, {t.i for s, *_ in spans for t in s}, table)
    spans += _gazetteer_names(doc, vocab, ignored, {t.i for s, *_ in spans for t in s})
    person_names = person_aliases(
        [(canonical, span.start) for span, kind, canonical, _ in spans if kind is EntityKind.PERSON]
    )
    # The tagger often calls a lone surname an organisation ("Straw said"): a one-word
    # name that abbreviates a person of the article is that person.
    full_people = {
        part: canonical
        for _, kind, canonical, _ in spans
        if kind is EntityKind.PERSON and len(canonical.split()) > 1
        for part in (normalize_name(canonical).split()[-1],)
    }
    spans = [
        (span, EntityKind.PERSON, full_people[normalize_name(name)], name)
        if kind in (EntityKind.ORGANIZATION, EntityKind.PLACE)
        and " " not in name
        and normalize_name(name) in full_people
        else (span, kind, canonical, name)
        for span, kind, canonical, name in spans
    ]
    org_names = short_organisations(
        [canonical for _, kind, canonical, _ in spans if kind is EntityKind.ORGANIZATION], vocab
    )
    place_names = short_places(
        [canonical for _, kind, canonical, _ in spans if kind is EntityKind.PLACE]
    )
    spans = plural_countries(spans, table)
    spans = known_as(doc, spans, vocab)
    spans = parenthetical_aliases(doc, spans)
    spans += untagged_short_names(doc, spans, full_people, ignored)
    spans += untagged_acronyms(doc, spans, ignored)
    for span, *_ in spans:
        if any(spells_acronym(span.text, name) for name in agreement_names):
            table.agreements.update(t.i for t in span)  # "GSOMIA": an agreement's acronym
    spans = [s for s in spans if s[0].start not in table.agreements]
    for span, kind, canonical, name in spans:
        if kind is EntityKind.PERSON:
            canonical = person_names.get(canonical, canonical)
        elif kind is EntityKind.ORGANIZATION:
            canonical = org_names.get(canonical, canonical)
        elif kind is EntityKind.PLACE:
            canonical = place_names.get(canonical, canonical)
        # The "name" form of a demonym is not a name of the country ("Russian" -> Russia).
        form = (
            None
            if kind is EntityKind.COUNTRY and name != canonical and is_demonym(name, vocab)
            else name
        )
        key = table.register(kind, canonical, form, span.start)
        for token in span:
            table.by_token[token.i] = key
        table.span_roots[span.root.i] = key
        if kind is EntityKind.PLACE:
            capital_of = vocab.capitals.get(normalize_name(canonical))
            if capital_of:
                table.metonyms[key] = table.country(capital_of, span.start, implied=True)
        elif kind is EntityKind.ORGANIZATION:
            seat_of = vocab.seats.get(normalize_name(canonical))
            if seat_of:
                table.metonyms[key] = table.country(seat_of, span.start, implied=True)
        table.events.append((span.root.i, key, span.root.dep_ in SUBJECT_DEPS))
    _resolve_cardinal_directions(doc, table)
    _collect_groups(doc, table)
    table.events.sort()
    return table


def _names_after_roles(
    doc: Doc, vocab: Vocabulary, ignored: set[int], taken: set[int], table: ArticleEntities
) -> list[tuple[Span, EntityKind, str, str]]:
    """Names the tagger missed after a role: in apposition ("the foreign minister, Choe
    Son-hui") or right after a capitalised title ("Presidents Xi Jinping of China")."""
    found: list[tuple[Span, EntityKind, str, str]] = []
    lemmas, tags = token_lemmas(doc), token_strings(doc, "pos_")
    for index, lemma in enumerate(lemmas):
        if lemma not in vocab.roles or tags[index] not in ("NOUN", "PROPN"):
            continue
        token = doc_tokens(doc)[index]
        apposed = token.i + 1 < len(doc) and doc[token.i + 1].text == ","
        title = token.text[:1].isupper() and not apposed
        if not apposed and not title:
            continue
        if token.pos_ == "PROPN" and apposed:
            continue
        start = token.i + (2 if apposed else 1)
        if start >= len(doc) or start in taken | ignored:
            continue
        end = start
        while (
            end < len(doc)
            and ((doc[end].pos_ == "PROPN" and doc[end].text[:1].isalpha()) or doc[end].text == "-")
            and end not in taken
        ):
            end += 1
        words = [t for t in doc[start:end] if t.text != "-"]
        closers = {",", ".", "and", ";", ")"} | ({"of"} if title else set())
        closes = end >= len(doc) or doc[end].text in closers
        if len(words) < 2 or not closes or doc[end - 1].text == "-":
            continue
        span = doc[start:end]
        if any(
            normalize_name(t.text) in vocab.countries or (title and t.lemma_.lower() in vocab.roles)
            for t in span
        ):
            continue  # "Deputy Supreme Commander", "President Putin Russia": not one name
        if apposed:
            table.apposed[span.root.i] = token.i
        found.append((span, EntityKind.PERSON, span.text, span.text))
    return found


GAZETTEER_WIDTH = 4  # longest country or seat name looked up, in tokens


OFFICIAL_NAME_WIDTHS = range(12, 4, -1)  # "United Kingdom of Great Britain and Northern Ireland"


def _gazetteer_names(
    doc: Doc,
    vocab: Vocabulary,
    ignored: set[int],
    taken: set[int],
    widths: range = range(GAZETTEER_WIDTH, 0, -1),
) -> list[tuple[Span, EntityKind, str, str]]:
    """Countries and seats of government the tagger left untagged ("Uruguay", "Downing Street")."""
    found: list[tuple[Span, EntityKind, str, str]] = []
    tokens = doc_tokens(doc)  # one Token object per word, not one per look
    spelt = token_strings(doc, "text")
    text = doc_text(doc)
    index = 0
    while index < len(tokens):
        if index in taken or index in ignored or not spelt[index][:1].isupper():
            index += 1
            continue
        token = tokens[index]
        first = normalize_name(spelt[index]).split()
        if first == ["the"] and index + 1 < len(tokens):
            # A name drops a leading "the" (normalize_name): after "The", one starts only
            # where the next word starts one (most sentences open with "The").
            first = normalize_name(spelt[index + 1]).split() or first
        if not first or first[0] not in vocab.gazetteer_first_words:
            index += 1  # no country or seat name starts with this word
            continue
        for width in widths:
            end = index + width
            if end > len(tokens) or any(i in taken for i in range(index, end)):
                continue
            last = tokens[end - 1]
            if last.is_punct:
                continue
            # The words' text cut from the article's (what Span.text gives, without making
            # a Span and a Token per word for every width tried).
            words = text[token.idx : last.idx + len(last)]
            normal = normalize_name(words)
            if normal in vocab.countries and (width > 1 or token.pos_ == "PROPN"):
                found.append((doc[index:end], EntityKind.COUNTRY, vocab.countries[normal], words))
                break
            if normal in vocab.seats:
                found.append((doc[index:end], EntityKind.ORGANIZATION, words, words))
                break
        else:
            index += 1
            continue
        index += len(found[-1][0])
    return found


def _resolve_cardinal_directions(doc: Doc, table: ArticleEntities) -> None:
    """ "the North" / "the South" denote the article's country named that way (North Korea)."""
    countries = [d for d in table.drafts.values() if d.kind is EntityKind.COUNTRY]
    lowers = token_strings(doc, "lower_")
    cardinal = table.vocab.cues["cardinal"]
    for index, lower in enumerate(lowers):
        if lower not in cardinal or index == 0 or lowers[index - 1] != "the":
            continue
        if index in table.by_token or index in table.ignored:
            continue
        token = doc_tokens(doc)[index]
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ in ("PROPN", "NOUN") and nxt.tag_ != "POS":
            continue  # "the North Korean leader": a modifier, not a name
        prefix = token.text.capitalize() + " "
        matches = [d for d in countries if next(iter(d.forms)).startswith(prefix)]
        if len(matches) == 1:
            key = matches[0].key
            table.drafts[key].forms["the " + token.text] += 1
            table.by_token[token.i] = key
            table.events.append((token.i, key, token.dep_ in SUBJECT_DEPS))


def _collect_groups(doc: Doc, table: ArticleEntities) -> None:
    """Record coordinated actors ("Russia and North Korea") for later "they" and "both"."""
    tokens = doc_tokens(doc)
    deps = token_strings(doc, "dep_")
    # The heads of conjuncts, found in one pass (asking every token for its children
    # builds a Token object per child).
    coordinating = {tokens[i].head.i for i, dep in enumerate(deps) if dep == "conj"}
    for index in sorted(coordinating):
        token = tokens[index]
        if deps[index] == "conj":
            continue
        keys = table.actors(token)
        actors = [k for k in keys if table.drafts[k].kind in event_actor_kinds()]
        if len(actors) >= 2:
            table.groups.append((token.i, tuple(actors), token.dep_ in SUBJECT_DEPS))
