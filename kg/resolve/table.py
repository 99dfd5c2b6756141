"""The entity table of one article, and how it answers which actors a token denotes:
named mentions, pronouns, definite descriptions ("the Russian leader", "both countries")
and demonyms ("Russian" for Russia)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kg.namespaces import slugify
from kg.ontology import load_ontology
from kg.records import Entity, EntityKind
from kg.resolve.gazetteer import identifiers
from kg.vocab import Vocabulary, normalize_name

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@cache
def event_actor_kinds() -> frozenset[EntityKind]:
    """The classes that act in events: the ontology's actors (subclasses of nkg:Actor)
    except Place. The one extraction policy on top of the ontology, for precision: a
    place that acts or is acted upon in news is nearly always a capital or a region the
    resolver did not fold into its state, so places fill only the slots the ontology
    names them for on their own (the place visited, a location's container)."""
    return frozenset(
        c.kind for c in load_ontology().classes if c.is_actor and c.kind is not EntityKind.PLACE
    )


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
    mentioned: set[str] = field(default_factory=set)  # keys named, not only implied
    agreements: set[int] = field(default_factory=set)  # tokens naming an agreement ("GSOMIA")

    # --- registering -----------------------------------------------------------------

    def register(
        self, kind: EntityKind, name: str, form: str | None, position: int, *, implied: bool = False
    ) -> str:
        """Add (or find) an entity and count one surface form of it; an ``implied`` one
        (the country of a capital named) is not a mention of it."""
        key = f"{kind.value}/{slugify(name)}"
        if not implied:
            self.mentioned.add(key)
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _EntityDraft(key, kind, first=position)
            draft.forms[name] += 0  # the canonical name is always one of its forms
        if form:
            draft.forms[form] += 1
        return key

    def country(
        self, name: str, position: int = 0, form: str | None = None, *, implied: bool = False
    ) -> str:
        """The key of a country by canonical name, registering it when first needed."""
        return self.register(EntityKind.COUNTRY, name, form, position, implied=implied)

    def records(self, used: frozenset[str] = frozenset()) -> tuple[Entity, ...]:
        """The article's entities, sorted by key, each with its fullest name as label: those
        mentioned, and those only implied (Norway by "Oslo") if a claim uses them."""
        entities = []
        for key in sorted(self.drafts):
            if key not in self.mentioned and key not in used:
                continue
            draft = self.drafts[key]
            forms = [f for f in draft.forms if f.strip()]
            if draft.kind in (EntityKind.COUNTRY, EntityKind.GROUP):
                label = next(iter(draft.forms))  # the canonical name registered first
            else:
                label = max(forms, key=lambda f: (len(f.split()), draft.forms[f], len(f), f))
            aliases = tuple(sorted({f for f in forms if f != label}))
            mentions = max(1, sum(draft.forms.values()))
            # By the canonical name the key is made of, so every article gives one IRI the
            # same identifiers.
            code, geonames_id = identifiers(draft.kind, next(iter(draft.forms)))
            entities.append(Entity(key, draft.kind, label, aliases, mentions, code, geonames_id))
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
        tag = token.pos_
        if tag == "PRON" or token.lower_ in self.vocab.pronouns:
            return self.antecedent(token)
        # "the Russian president, Vladimir Putin": the apposition names the role noun.
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return [self.by_token[child.i]]
        if tag in ("NOUN", "PROPN"):
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
        if lemma in cues["latter-word"] and "the" in modifiers:
            return self._latter(token)
        if lemma in cues["neighbour-noun"]:
            return self._neighbour(token)
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

    def _mentioned_before(self, token: Token) -> list[str]:
        """Distinct actors named earlier in the token's sentence, in order."""
        start = token.sent.start
        keys = [
            self.metonyms.get(k, k)
            for position, k, _subject in self.events
            if start <= position < token.i
        ]
        actors = [k for k in keys if self.drafts[k].kind is not EntityKind.PLACE]
        return list(dict.fromkeys(actors))

    def _latter(self, token: Token) -> list[str]:
        """ "Somalia cut ties with Kenya, accusing the latter": the second of the last two."""
        earlier = self._mentioned_before(token)
        return earlier[-1:] if len(earlier) >= 2 else []

    def _neighbour(self, token: Token) -> list[str]:
        """ "Algeria cut ties with Morocco, accusing its neighbour": the other country of
        the sentence, when it names exactly one besides the possessor."""
        owners = [
            k for c in token.children if c.dep_ == "poss" for k in self.actors(c, expand=False)
        ]
        others = [
            k
            for k in self._mentioned_before(token)
            if k not in owners and self.drafts[k].kind is EntityKind.COUNTRY
        ]
        return others if owners and len(others) == 1 else []

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
            if normal in self.vocab.groups:
                # "the Palestinian leader": a people without a state of the gazetteer's.
                return self.register(EntityKind.GROUP, self.vocab.groups[normal], None, token.i)
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
