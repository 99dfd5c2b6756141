"""One named-entity span: cleaned, cut to the name, and classified (person, country,
organisation, place, group, or no actor at all)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.nlp import doc_text
from kg.records import EntityKind
from kg.vocab import Vocabulary, normalize_name

if TYPE_CHECKING:
    from spacy.tokens import Span

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_span(span: Span, label: str, vocab: Vocabulary) -> Span | None:
    """A tagged span without leading articles, trailing possessives or person honorifics."""
    start, end = span.start, span.end
    doc = span.doc
    for token in span[1:]:
        if token.text in ("-", "–", "—") and token.whitespace_ and doc[token.i - 1].whitespace_:
            end = token.i  # "the Sahara - for years": a spaced dash ends the name
            break
    while start < end and (doc[start].lower_ in vocab.cues["article"] or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and doc[start].lower_.rstrip(".") in {
            h.rstrip(".") for h in vocab.honorifics
        }:
            start += 1
        # A score the tagger ran into a name ("Li Na 6-3 7-6") is cut off when a name of
        # two words or more is left; one word before a figure is mostly a table's row
        # ("Revs 39.9", "Div 8.7p"), which classify then refuses with its figure.
        cut = end
        while cut > start and (_has_digit(doc[cut - 1].text) or doc[cut - 1].is_punct):
            cut -= 1
        if cut < end and cut - start >= 2 and not any(_has_digit(t.text) for t in doc[start:cut]):
            end = cut
    if start >= end:
        return None
    return doc[start:end]


def _has_digit(text: str) -> bool:
    return any(character.isdigit() for character in text)


HEADLINE_CASED = 0.7  # share of capitalised words that marks a title-case or capitals line


def _headline_line(span: Span) -> bool:
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    words = [w for w in text[start : end if end >= 0 else None].split() if w[:1].isalpha()]
    capitalised = [w for w in words if w[:1].isupper()]
    return len(words) >= 3 and len(capitalised) >= HEADLINE_CASED * len(words)


def _verb_form(word: str, vocab: Vocabulary) -> bool:
    """A capitalised headline word that is a trigger or reporting verb ("Cuts", "SAYS")."""
    lower = word.lower()
    forms = {lower, lower.removesuffix("s"), lower.removesuffix("es"), lower.removesuffix("ed")}
    verbs = set(vocab.verb_triggers) | vocab.cues["attribution"]
    return bool(forms & verbs)


def without_headline_verb(span: Span, vocab: Vocabulary) -> Span | None:
    """In a title-case or all-capitals headline the tagger takes verbs for names: "Meet
    Joe Biden", "Algeria Cuts Diplomatic", "SUBROTO SAYS". Cut the span at the verb."""
    if len(span) < 2 or not _headline_line(span):
        return span
    start, end = span.start, span.end
    doc = span.doc
    while start < end and _verb_form(doc[start].text, vocab):
        start += 1
    for token in doc[start:end]:
        if _verb_form(token.text, vocab):
            end = token.i
            break
    return doc[start:end] if start < end else None


def titled_name(span: Span, vocab: Vocabulary) -> bool:
    """A proper name right after a title is a person's, whatever the tagger said:
    "Chancellor Olaf Scholz" (tagged ORG), "Mr Straw"."""
    if len(span) < 2 or not all(t.pos_ == "PROPN" for t in span):
        return False
    root = span.root
    apposed = [root.head] if root.dep_ == "appos" else []
    apposed += [c for c in root.children if c.dep_ == "appos"]
    if any(n.pos_ == "NOUN" and n.lemma_.lower() in vocab.roles for n in apposed):
        # "the German chancellor, Olaf Scholz": a name apposed to a role is a person's.
        return not vocab.countries.get(normalize_name(span.text))
    if span.start == 0:
        return False
    title = span.doc[span.start - 1]
    if title.pos_ not in ("NOUN", "PROPN"):
        return False  # "the North's official Korean Central News Agency": an adjective
    before = title.lower_.rstrip(".")
    known = (
        vocab.countries.get(normalize_name(span.text)) or normalize_name(span.text) in vocab.seats
    )
    return not known and (before in vocab.roles or before in vocab.honorifics)


def names_agreement(name: str, vocab: Vocabulary) -> bool:
    words = normalize_name(name).split()
    nouns = vocab.cues["agreement-noun"]
    return len(words) > 1 and (words[-1] in nouns or words[-1].removesuffix("s") in nouns)


def names_product(span: Span, vocab: Vocabulary) -> bool:
    """A name modifying a weapon or vehicle noun is a product ("Leopard tanks",
    "Challenger 2 tanks", "Patriot missiles"), not an actor."""
    root = span.root
    head = root.head
    return (
        root.dep_ in ("compound", "nmod", "amod")
        and head.i >= span.end
        and head.lemma_.lower() in vocab.cues["product-noun"]
    )


def whole_name(span: Span, vocab: Vocabulary) -> Span:
    """Extend a name the tagger cut at a hyphen: "Moon Jae" + "-in" is "Moon Jae-in",
    but "Bush" + "-style" stays "Bush" (a word that makes an adjective of a name)."""
    doc = span.doc
    end = span.end
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].is_lower
        and doc[end + 1].lower_ not in vocab.cues["compound-suffix"]
    ):
        end += 2
    # The tagger's own span may run over the adjective-making word: "George Bush-style".
    while (
        end - span.start > 2
        and doc[end - 2].text == "-"
        and doc[end - 1].lower_ in vocab.cues["compound-suffix"]
    ):
        end -= 2
    return doc[span.start : end] if end != span.end else span


def shaped_label(span: Span, label: str, vocab: Vocabulary) -> str:
    """Correct the tagger's label from the words around a name: "Algeria's Kabylie
    region", "the region of Tigray" are places; "the Polisario movement" an organisation."""
    if label not in ("PERSON", "ORG"):
        return label
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    after = following.lemma_.lower() if following is not None else ""
    before = [t.lemma_.lower() for t in doc[max(0, span.start - 2) : span.start]]
    regions = vocab.cues["region-noun"]
    # The region noun must head the name ("Kabylie region"), not modify another noun
    # ("Kim state media").
    heads_name = (
        following is not None and span.root.head.i == following.i and following.dep_ != "compound"
    )
    if (after in regions and heads_name) or (
        len(before) == 2 and before[1] == "of" and before[0] in regions
    ):
        return "LOC"
    if label == "PERSON" and after in vocab.cues["movement-noun"]:
        return "ORG"
    return label


def mention_name(span: Span) -> str:
    """The name a span gives, without a possessive ending."""
    return _POSSESSIVE.sub("", span.text).strip()


def classify(
    label: str, name: str, vocab: Vocabulary, plural: bool = False
) -> tuple[EntityKind, str] | None:
    """The kind and canonical name of a tagged name, or None when it names no actor."""
    normal = normalize_name(name)
    if not normal or not any(ch.isupper() for ch in name):
        return None
    cues = vocab.cues
    words = normal.split()
    if name.lower() in cues["institution-noun"] or all(
        w in vocab.roles or w in vocab.honorifics or w in cues["institution-noun"] for w in words
    ):
        return None  # a title or an institution alone ("Crown Prince", "PM", "Gov't")
    if len(words) == 1 and words[0] in cues["portfolio-word"] and label == "ORG":
        return None  # "State" of "Secretary of State", "Defense" of "Defense Secretary"
    if normal in vocab.groups:
        return EntityKind.GROUP, vocab.groups[normal]
    country = vocab.countries.get(normal)
    if country and label != "PERSON":
        return EntityKind.COUNTRY, country
    if normal in vocab.seats:
        return EntityKind.ORGANIZATION, name
    if normal in vocab.cues["cardinal"]:
        return None  # "the North": resolved against the article's countries later
    if label == "NORP":
        demonym = vocab.demonyms.get(normal)
        if demonym:
            return EntityKind.COUNTRY, demonym
        # A nationality adjective ("Asian", "post-Soviet") is no actor; a plural noun
        # ("Palestinians") names a collective one.
        return (EntityKind.GROUP, name) if plural else None
    if label == "PERSON":
        if country or normal in vocab.demonyms or len(normal) < 2:
            return None
        if _has_digit(name):
            # No one's name has a figure in it: the tagger read a line of a table ("Revs
            # 67.5 mln vs", "Mar 20.4") or a score ("Graham 86") as one.
            return None

        if normal in vocab.capitals:
            return EntityKind.PLACE, name  # "Khartoum" tagged as a person
        if normal.split()[-1] in vocab.cues.get("place-word", ()):
            return EntityKind.PLACE, name  # "Kim Il-sung Square"
        return EntityKind.PERSON, name
    if normal in vocab.demonyms and label in ("GPE", "LOC", "FAC", "ORG"):
        # A bare demonym is no place or body of its own ("the Ukrainian side"): it is
        # the country, as a NORP-tagged one is.
        return EntityKind.COUNTRY, vocab.demonyms[normal]
    if label in ("GPE", "LOC", "FAC"):
        return EntityKind.PLACE, name
    if label == "ORG" and normal in vocab.capitals:
        return EntityKind.PLACE, name  # "Niamey" tagged as an organisation
    return EntityKind.ORGANIZATION, name


def is_demonym(name: str, vocab: Vocabulary) -> bool:
    """Whether a name is a nationality word ("Russian")."""
    return normalize_name(name) in vocab.demonyms
