"""Who each mention of an article denotes: entities, aliases, coreference and metonymy.

The extractor asks one question of this module: which actors does this token stand
for? The answer folds in named-entity spans, short names ("Putin" for Vladimir Putin),
demonyms ("Russian" for Russia), pronouns and definite descriptions ("the North Korean
leader"), and metonymy (a capital or seat of government acting is its country).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.namespaces import slugify
from kg.records import Entity, EntityKind
from kg.vocab import Vocabulary, normalize_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NER_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
ACTOR_KINDS = frozenset(
    {EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.GROUP}
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


@dataclass
class _EntityDraft:
    key: str
    kind: EntityKind
    forms: Counter[str] = field(default_factory=Counter)
    first: int = 0


@dataclass
class ArticleEntities:
    """The entities of one article and the map from tokens to the actors they denote."""

    vocab: Vocabulary
    drafts: dict[str, _EntityDraft] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    span_roots: dict[int, str] = field(default_factory=dict)  # root token of a mention
    metonyms: dict[str, str] = field(default_factory=dict)  # place/org key -> country key
    events: list[tuple[int, str, bool]] = field(default_factory=list)  # (token, key, subject?)
    groups: list[tuple[int, tuple[str, ...], bool]] = field(
        default_factory=list
    )  # (at, keys, subject?)
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (relation, org) -> person
    leaders: dict[str, str] = field(default_factory=dict)  # person key -> country key led
    titles: dict[str, set[str]] = field(default_factory=dict)  # role word -> people titled so
    affiliations: dict[str, str] = field(default_factory=dict)  # official -> country served
    # titles with no country: (person, relation, title phrase, demoted?, qualified?, temporary?)
    bare_roles: list[tuple[str, str, str, bool, bool, bool]] = field(default_factory=list)
    apposed: dict[int, int] = field(default_factory=dict)  # name root -> role noun it names
    plurals: dict[int, tuple[str, ...]] = field(default_factory=dict)  # "the Koreas" tokens
    ignored: set[int] = field(default_factory=set)  # tokens on furniture lines
    agreements: set[int] = field(default_factory=set)  # tokens naming an agreement ("GSOMIA")

    # --- registering -----------------------------------------------------------------

    def register(self, kind: EntityKind, name: str, form: str | None, position: int) -> str:
        """Add (or find) an entity and count one surface form of it."""
        key = f"{kind.value}/{slugify(name)}"
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _EntityDraft(key, kind, first=position)
            draft.forms[name] += 0  # the canonical name is always one of its forms
        if form:
            draft.forms[form] += 1
        return key

    def country(self, name: str, position: int = 0, form: str | None = None) -> str:
        """The key of a country by canonical name, registering it when first needed."""
        return self.register(EntityKind.COUNTRY, name, form, position)

    def records(self) -> tuple[Entity, ...]:
        """The article's entities, sorted by key, each with its fullest name as label."""
        entities = []
        for key in sorted(self.drafts):
            draft = self.drafts[key]
            forms = [f for f in draft.forms if f.strip()]
            if draft.kind in (EntityKind.COUNTRY, EntityKind.GROUP):
                label = next(iter(draft.forms))  # the canonical name registered first
            else:
                label = max(forms, key=lambda f: (len(f.split()), draft.forms[f], len(f), f))
            aliases = tuple(sorted({f for f in forms if f != label}))
            mentions = max(1, sum(draft.forms.values()))
            entities.append(Entity(key, draft.kind, label, aliases, mentions))
        return tuple(entities)

    # --- answering -------------------------------------------------------------------

    def entity_kind(self, key: str) -> EntityKind:
        """The kind of a registered entity."""
        return self.drafts[key].kind

    def actors(self, token: Token, *, agentive: bool = True, expand: bool = True) -> list[str]:
        """The actors a noun-phrase head denotes, coordinated ones included.

        ``agentive`` says the phrase fills an actor slot (subject, partner, recipient), where
        a capital or seat of government stands for its country; as a place visited or a
        location it stays the place.
        """
        found: list[str] = []
        heads = [token]
        if expand:
            heads += _conjuncts(token)
            # "his counterpart, Ariel Sharon, and the Palestinian leader, Mahmoud Abbas":
            # the parser hangs the second conjunct on the apposition.
            for child in token.children:
                if child.dep_ == "appos":
                    heads += _conjuncts(child)
        for head in heads:
            for key in self._denotes(head):
                if agentive:
                    key = self.metonyms.get(key, key)
                if key not in found:
                    found.append(key)
        return found

    def _denotes(self, token: Token) -> list[str]:
        if token.i in self.ignored:
            return []
        if token.i in self.by_token:
            return [self.by_token[token.i]]
        if token.i in self.plurals:
            return list(self.plurals[token.i])
        lower = token.lower_
        cues = self.vocab.cues
        pronouns = cues["pronoun-person"] | cues["pronoun-neuter"] | cues["pronoun-plural"]
        if token.pos_ == "PRON" or lower in pronouns:
            return self.antecedent(token)
        # "the Russian president, Vladimir Putin": the apposition names the role noun.
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return [self.by_token[child.i]]
        if token.pos_ in ("NOUN", "PROPN"):
            return self.description(token)
        return []

    def antecedent(
        self,
        token: Token,
        kinds: frozenset[EntityKind] | None = None,
        accept: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """The actor(s) a pronoun refers to: subjects first, nearest first."""
        lower = token.lower_
        cues = self.vocab.cues
        if lower in cues["pronoun-plural"]:
            # Only recent coordinations: a "they" three sentences on is anyone's guess.
            first = _sentence_index(token, PLURAL_REACH)
            recent = [g for g in self.groups if first <= g[0] < token.i]
            # A plural pronoun continues the last coordinated subject ("Putin and Kim met
            # ... they signed"), else the last coordination of any role.
            for candidates in ([g for g in recent if g[2]], recent):
                if candidates:
                    return list(candidates[-1][1])
            return []
        if kinds is None:
            if lower in cues["pronoun-person"]:
                kinds = frozenset({EntityKind.PERSON})
            elif lower in cues["pronoun-neuter"]:
                kinds = frozenset({EntityKind.COUNTRY, EntityKind.ORGANIZATION})
            else:
                return []
        sentence_start = token.sent.start
        if lower in ("his", "her") and token.dep_ == "poss":
            # "On his first visit to Pyongyang, Putin linked ...": a possessive in a fronted
            # phrase points forward to the sentence's subject.
            root = token.sent.root
            for child in root.children:
                if (
                    child.dep_ == "nsubj"
                    and child.i > token.i
                    and token.i not in {t.i for t in child.subtree}
                ):
                    found = [k for k in self._denotes(child) if self.drafts[k].kind in kinds]
                    if found:
                        return found[:1]
        earlier = [
            e
            for e in self.events
            if e[0] < token.i
            and self.drafts[e[1]].kind in kinds
            and (accept is None or accept(e[1]))
        ]
        in_sentence = [e for e in earlier if e[0] >= sentence_start]
        # Subject preference (a pronoun most often continues the current topic), then
        # the nearest mention in the sentence, then the last subject before it.
        for group in (
            [e for e in in_sentence if e[2]],
            in_sentence[::-1],
            [e for e in earlier[::-1] if e[2]],
            earlier[::-1],
        ):
            if group:
                return [group[0][1]]
        return []

    def description(self, token: Token) -> list[str]:
        """The actor(s) a definite description denotes ("the Russian leader", "both countries")."""
        lemma = token.lemma_.lower()
        cues = self.vocab.cues
        collective, leader_nouns = cues["collective-noun"], cues["leader-noun"]
        modifiers = {child.lower_ for child in token.children}
        plural_pair = "two" in modifiers or "both" in modifiers
        if lemma in leader_nouns and token.tag_ in ("NNS", "NNPS") and plural_pair:
            people = sorted(self.leaders, key=lambda k: self.drafts[k].first)
            return people if len(people) == 2 else []
        if lemma in collective and plural_pair:
            countries = sorted(set(self.leaders.values()), key=lambda k: self.drafts[k].first)
            if len(countries) == 2:
                return countries
            for position, keys, _subject in reversed(self.groups):
                if position < token.i and all(
                    self.drafts[k].kind is EntityKind.COUNTRY for k in keys
                ):
                    return list(keys)
            return []
        for child in token.children:
            if lemma in collective | {"government"} and child.dep_ == "poss":
                # "his country", "her government": the state its holder serves.
                for person in self.actors(child, expand=False):
                    state = self.leaders.get(person) or self.affiliations.get(person)
                    if state:
                        return [state]
        if lemma in collective and any(c.lower_ == "the" for c in token.children):
            return self.antecedent(token, frozenset({EntityKind.COUNTRY}))
        if lemma in cues["place-noun"] and any(c.lower_ == "the" for c in token.children):
            return self.antecedent(token, frozenset({EntityKind.PLACE}))  # "the city"
        if lemma in leader_nouns and any(c.lower_ == "the" for c in token.children):
            for child in token.children:
                if child.dep_ in ("amod", "compound"):
                    country = self.modifier_country(child)
                    if country and (leader := self.roles.get(("leaderOf", country))):
                        return [leader]
        # "the Crown Prince" after "Crown Prince Abdullah": the one person titled so.
        if any(c.lower_ == "the" for c in token.children) and token.tag_ in ("NN", "NNP"):
            titled = self.titles.get(lemma, set())
            if len(titled) == 1:
                return sorted(titled)
        return []

    def modifier_country(self, token: Token, *, lexical: bool = False) -> str | None:
        """The country a modifier names: a demonym ("Russian"), a name ("US"), or "North Korean".

        ``lexical`` reads the word itself even inside another name ("Belgian Foreign Trade").
        """
        if token.i in self.by_token and not lexical:
            key = self.by_token[token.i]
            key = self.metonyms.get(key, key)
            return key if self.drafts[key].kind is EntityKind.COUNTRY else None
        words = [token.text]
        left = token.i - 1
        doc = token.doc
        # "North Korean" is two tokens; try the longer reading first.
        if left >= 0 and doc[left].head.i == token.i and doc[left].dep_ in ("amod", "compound"):
            words.insert(0, doc[left].text)
        if token.is_punct or not token.text[:1].isalpha():
            return None
        for start in range(len(words)):
            name = " ".join(words[start:])
            normal = normalize_name(name)
            if not normal:
                continue
            canonical = self.vocab.demonyms.get(normal) or self.vocab.countries.get(normal)
            if canonical:
                return self.country(canonical, token.i)
        return None


PLURAL_REACH = 2  # sentences before the current one where "they" may find its antecedents


def _sentence_index(token: Token, back: int) -> int:
    """The first token of the sentence ``back`` sentences before the token's own."""
    start = token.sent.start
    for _ in range(back):
        if start == 0:
            break
        start = token.doc[start - 1].sent.start
    return start


def _conjuncts(token: Token) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ == "conj":
            found.append(child)
            found.extend(_conjuncts(child))
    return found


def _clean_span(span: Span, label: str, vocab: Vocabulary) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in vocab.cues["article"] or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and doc[start].lower_.rstrip(".") in {
            h.rstrip(".") for h in vocab.honorifics
        }:
            start += 1
    if start >= end:
        return None
    return doc[start:end]


HEADLINE_CASED = 0.7  # share of capitalised words that marks a title-case or capitals line


def _headline_line(span: Span) -> bool:
    text = span.doc.text
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


def _without_headline_verb(span: Span, vocab: Vocabulary) -> Span | None:
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


def _titled_name(span: Span, vocab: Vocabulary) -> bool:
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


def _names_agreement(name: str, vocab: Vocabulary) -> bool:
    words = normalize_name(name).split()
    nouns = vocab.cues["agreement-noun"]
    return len(words) > 1 and (words[-1] in nouns or words[-1].removesuffix("s") in nouns)


def _whole_name(span: Span) -> Span:
    """Extend a name the tagger cut at a hyphen: "Moon Jae" + "-in" is "Moon Jae-in"."""
    doc = span.doc
    end = span.end
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].is_lower
    ):
        end += 2
    return doc[span.start : end] if end != span.end else span


def _shaped_label(span: Span, label: str, vocab: Vocabulary) -> str:
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


def _name(span: Span) -> str:
    return _POSSESSIVE.sub("", span.text).strip()


def _classify(
    label: str, name: str, vocab: Vocabulary, plural: bool = False
) -> tuple[EntityKind, str] | None:
    normal = normalize_name(name)
    if not normal or not any(ch.isupper() for ch in name):
        return None
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
        if all(w in vocab.roles or w in vocab.honorifics for w in normal.split()):
            return None  # a title alone ("Prince", "Crown Prince") names nobody
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
        span = _clean_span(ent, ent.label_, vocab)
        if span is not None:
            span = _without_headline_verb(_whole_name(span), vocab)
        if span is None:
            continue
        name = _name(span)
        if _names_agreement(name, vocab):
            agreement_names.append(name)
            table.agreements.update(t.i for t in span)
            continue  # "the Comprehensive Military Agreement" is a document, not an actor
        label = "PERSON" if _titled_name(span, vocab) else _shaped_label(span, ent.label_, vocab)
        if label == "ORG" and ent.label_ == "PERSON":
            span = doc[span.start : span.end + 1]  # "the Polisario movement" names the body
        kind_name = _classify(label, name, vocab, span.root.tag_ in ("NNS", "NNPS"))
        if kind_name is None:
            continue
        kind, canonical = kind_name
        spans.append((span, kind, canonical, name))

    spans += _names_after_roles(doc, vocab, ignored, {t.i for s, *_ in spans for t in s}, table)
    spans += _gazetteer_names(doc, vocab, ignored, {t.i for s, *_ in spans for t in s})
    person_names = _person_aliases(
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
    org_names = _short_organisations(
        [canonical for _, kind, canonical, _ in spans if kind is EntityKind.ORGANIZATION], vocab
    )
    place_names = _short_places(
        [canonical for _, kind, canonical, _ in spans if kind is EntityKind.PLACE]
    )
    spans = _plural_countries(spans, table)
    spans = _known_as(doc, spans, vocab)
    spans += _untagged_short_names(doc, spans, full_people, ignored)
    spans += _untagged_acronyms(doc, spans, ignored)
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
            if kind is EntityKind.COUNTRY and name != canonical and _is_demonym(name, vocab)
            else name
        )
        key = table.register(kind, canonical, form, span.start)
        for token in span:
            table.by_token[token.i] = key
        table.span_roots[span.root.i] = key
        if kind is EntityKind.PLACE:
            capital_of = vocab.capitals.get(normalize_name(canonical))
            if capital_of:
                table.metonyms[key] = table.country(capital_of, span.start)
        elif kind is EntityKind.ORGANIZATION:
            seat_of = vocab.seats.get(normalize_name(canonical))
            if seat_of:
                table.metonyms[key] = table.country(seat_of, span.start)
        table.events.append((span.root.i, key, span.root.dep_ in SUBJECT_DEPS))
    _resolve_cardinal_directions(doc, table)
    _collect_groups(doc, table)
    table.events.sort()
    return table


def _names_after_roles(
    doc: Doc, vocab: Vocabulary, ignored: set[int], taken: set[int], table: ArticleEntities
) -> list[tuple[Span, EntityKind, str, str]]:
    """Names the tagger missed in an apposition to a role: "the foreign minister, Choe Son-hui"."""
    found: list[tuple[Span, EntityKind, str, str]] = []
    for token in doc:
        if token.lemma_.lower() not in vocab.roles or token.pos_ != "NOUN":
            continue
        start = token.i + 2
        if start >= len(doc) or doc[token.i + 1].text != "," or start in taken | ignored:
            continue
        end = start
        while (
            end < len(doc)
            and ((doc[end].pos_ == "PROPN" and doc[end].text[:1].isalpha()) or doc[end].text == "-")
            and end not in taken
        ):
            end += 1
        words = [t for t in doc[start:end] if t.text != "-"]
        closes = end >= len(doc) or doc[end].text in (",", ".", "and", ";", ")")
        if len(words) < 2 or not closes or doc[end - 1].text == "-":
            continue
        span = doc[start:end]
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
    index = 0
    while index < len(doc):
        token = doc[index]
        if token.i in taken or token.i in ignored or not token.text[:1].isupper():
            index += 1
            continue
        for width in widths:
            span = doc[index : index + width]
            if len(span) < width or any(t.i in taken for t in span) or span[-1].is_punct:
                continue
            normal = normalize_name(span.text)
            if normal in vocab.countries and (width > 1 or token.pos_ == "PROPN"):
                found.append((span, EntityKind.COUNTRY, vocab.countries[normal], span.text))
                break
            if normal in vocab.seats:
                found.append((span, EntityKind.ORGANIZATION, span.text, span.text))
                break
        else:
            index += 1
            continue
        index += len(found[-1][0])
    return found


def _untagged_short_names(
    doc: Doc,
    spans: list[tuple[Span, EntityKind, str, str]],
    full_people: dict[str, str],
    ignored: set[int],
) -> list[tuple[Span, EntityKind, str, str]]:
    """A surname the tagger left untagged ("Lula said") is the person named so before."""
    taken = {t.i for span, *_ in spans for t in span}
    found = []
    for token in doc:
        if token.pos_ != "PROPN" or token.i in taken or token.i in ignored:
            continue
        canonical = full_people.get(normalize_name(token.text))
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if canonical and not any(n.pos_ == "PROPN" and n.i not in taken for n in neighbours):
            found.append((doc[token.i : token.i + 1], EntityKind.PERSON, canonical, token.text))
    return found


def _plural_countries(
    spans: list[tuple[Span, EntityKind, str, str]], table: ArticleEntities
) -> list[tuple[Span, EntityKind, str, str]]:
    """ "the Koreas" names the article's countries called "... Korea", not a place."""
    countries = sorted({c for _, k, c, _ in spans if k is EntityKind.COUNTRY})
    kept = []
    for span, kind, canonical, name in spans:
        words = normalize_name(name).split()
        if kind is not EntityKind.COUNTRY and len(words) == 1 and words[0].endswith("s"):
            members = [c for c in countries if normalize_name(c).split()[-1] == words[0][:-1]]
            if len(members) >= 2:
                keys = tuple(table.country(c, span.start) for c in members)
                for token in span:
                    table.plurals[token.i] = keys
                continue
        kept.append((span, kind, canonical, name))
    return kept


def _is_demonym(name: str, vocab: Vocabulary) -> bool:
    return normalize_name(name) in vocab.demonyms


def _person_aliases(names: list[tuple[str, int]]) -> dict[str, str]:
    """Map short names ("Putin", "Kim") to the fullest name they abbreviate in the article."""
    full: dict[str, tuple[int, int]] = {}  # name -> (mention count, first position)
    for name, position in names:
        count, first = full.get(name, (0, position))
        full[name] = (count + 1, min(first, position))
    mapping: dict[str, str] = {}
    parts = {name: normalize_name(name).split() for name in full}
    for name, words in parts.items():
        size = len(words)
        # "Putin" for Vladimir Putin, "Lopez Obrador" for Andres Manuel Lopez Obrador.
        candidates = [
            other
            for other, other_words in parts.items()
            if len(other_words) > size
            and words in (other_words[:size], other_words[-size:])
            and (size > 1 or words[0] in (other_words[0], other_words[-1]))
        ]
        if candidates:
            # Two people may share a surname (Kim Jong-un, Kim Yo-jong): the short name
            # means the one the article is about, i.e. the most mentioned, then the first.
            mapping[name] = min(candidates, key=lambda c: (-full[c][0], full[c][1], c))
    return mapping


def _known_as(
    doc: Doc, spans: list[tuple[Span, EntityKind, str, str]], vocab: Vocabulary
) -> list[tuple[Span, EntityKind, str, str]]:
    """ "Mahmoud Abbas, also known as Abu Mazen": the second name is an alias of the first."""
    by_start = {span.start: (span, kind, canonical) for span, kind, canonical, _ in spans}
    renamed: dict[int, str] = {}
    for span, kind, canonical, _ in spans:
        if kind is not EntityKind.PERSON:
            continue
        index = span.end + (1 if span.end < len(doc) and doc[span.end].text in (",", "(") else 0)
        # Longest phrase first: "also known as" before "known as".
        for phrase in sorted(vocab.cues["alias-phrase"], key=lambda p: (-len(p), p)):
            words = phrase.split()
            if [t.lower_ for t in doc[index : index + len(words)]] == words:
                target = by_start.get(index + len(words))
                # The alias is the person's whatever the tagger called it ("El Chapo": ORG).
                if target and target[1] not in (EntityKind.COUNTRY, EntityKind.PLACE):
                    renamed[target[0].start] = canonical
                break
    return [
        (span, EntityKind.PERSON, renamed[span.start], name)
        if span.start in renamed
        else (span, kind, canonical, name)
        for span, kind, canonical, name in spans
    ]


def _short_organisations(names: list[str], vocab: Vocabulary) -> dict[str, str]:
    """Map an acronym ("KCNA") to the organisation whose initials it spells, and a name
    without its country ("Senate") to the one with it ("U.S. Senate")."""
    mapping: dict[str, str] = {}
    long_names = sorted({n for n in names if " " in n})
    for name in sorted(set(names)):
        fuller = [
            other
            for other in long_names
            if other != name
            and normalize_name(other).endswith(" " + normalize_name(name))
            and (
                normalize_name(other)[: -len(normalize_name(name)) - 1] in vocab.countries
                or normalize_name(other)[: -len(normalize_name(name)) - 1] in vocab.demonyms
            )
        ]
        if len(fuller) == 1:
            mapping[name] = fuller[0]
    for name in set(names):
        if _ACRONYM.match(name):
            for other in long_names:
                if spells_acronym(name, other):
                    mapping[name] = other
                    break
    return mapping


def _short_places(names: list[str]) -> dict[str, str]:
    """ "Addis" for Addis Ababa: a one-word place name that begins the one longer place
    name of the article."""
    mapping: dict[str, str] = {}
    long_names = sorted({n for n in names if " " in n})
    for name in sorted({n for n in names if " " not in n}):
        fuller = [o for o in long_names if normalize_name(o).split()[0] == normalize_name(name)]
        if len(fuller) == 1:
            mapping[name] = fuller[0]
    return mapping


def spells_acronym(acronym: str, name: str) -> bool:
    """Whether an acronym spells a name: each capitalised word gives its first letter or
    a few more, small words may give one or none ("ECOWAS": Economic COmmunity of West
    African States; "KCNA": Korean Central News Agency)."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isalpha()]
    if len(words) < 2:
        return False

    def match(letters: str, index: int) -> bool:
        if index == len(words):
            return not letters
        word = words[index].upper()
        if not word[:1].isalpha():
            return match(letters, index + 1)
        required = words[index][:1].isupper()
        if not required and match(letters, index + 1):
            return True
        for size in range(1, min(len(word), len(letters), ACRONYM_PREFIX) + 1):
            if word[:size] == letters[:size] and match(letters[size:], index + 1):
                return True
        return False

    return match(acronym.upper(), 0)


ACRONYM_PREFIX = 2  # letters one word may give an acronym ("COmmunity" in ECOWAS)


def _untagged_acronyms(
    doc: Doc, spans: list[tuple[Span, EntityKind, str, str]], ignored: set[int]
) -> list[tuple[Span, EntityKind, str, str]]:
    """An all-capitals word the tagger left untagged ("WHO officials") that spells an
    organisation of the article is that organisation."""
    taken = {t.i for span, *_ in spans for t in span}
    bodies = sorted({c for _, kind, c, _ in spans if kind is EntityKind.ORGANIZATION and " " in c})
    found = []
    for token in doc:
        if token.i in taken or token.i in ignored or not _ACRONYM.match(token.text):
            continue
        for body in bodies:
            if spells_acronym(token.text, body):
                found.append(
                    (doc[token.i : token.i + 1], EntityKind.ORGANIZATION, body, token.text)
                )
                break
    return found


def _resolve_cardinal_directions(doc: Doc, table: ArticleEntities) -> None:
    """ "the North" / "the South" denote the article's country named that way (North Korea)."""
    countries = [d for d in table.drafts.values() if d.kind is EntityKind.COUNTRY]
    for token in doc:
        if token.i in table.by_token or token.i in table.ignored:
            continue
        if token.lower_ not in table.vocab.cues["cardinal"] or token.i == 0:
            continue
        if doc[token.i - 1].lower_ != "the":
            continue
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
    for token in doc:
        if token.dep_ == "conj" or not any(c.dep_ == "conj" for c in token.children):
            continue
        keys = table.actors(token)
        actors = [k for k in keys if table.drafts[k].kind in ACTOR_KINDS]
        if len(actors) >= 2:
            table.groups.append((token.i, tuple(actors), token.dep_ in SUBJECT_DEPS))
