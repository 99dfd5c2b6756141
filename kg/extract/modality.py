"""Whether a relation is asserted, negated or hypothetical, and who is said to state it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.records import Modality
from kg.vocab import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Token


def _path_to_root(token: Token) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def modality_of(trigger: Token, vocab: Vocabulary) -> tuple[Modality, str | None]:
    """Read negation and hedging off the trigger and the words that govern it.

    The climb stops at a reporting verb: "Blinken said North Korea is providing" asserts
    the providing whatever modality "said" has. Returns the modality and the cue word.
    """
    cues = vocab.cues
    path = _path_to_root(trigger)
    for position, token in enumerate(path):
        lemma = token.lemma_.lower()
        if position > 0 and lemma in cues["attribution"] and token.pos_ in ("VERB", "AUX"):
            break
        negated = [
            c
            for c in token.children
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in cues["negation"])
        ]
        modal = [c for c in token.children if c.dep_ == "aux" and c.lower_ in cues["modal"]]
        if (
            position > 0
            and lemma in cues["ending"]
            and token.pos_ == "VERB"
            and path[position - 1].dep_ not in ("nsubj", "conj")
        ):
            # "end all military cooperation", "refused to criticise": what the verb governs
            # is undone; its subject ("an agreement ended the dispute") is not, nor a verb
            # coordinated with it ("denies the need and accuses X").
            return Modality.NEGATED, token.text
        if negated and modal:
            return Modality.HYPOTHETICAL, f"{modal[0].text} {negated[0].text}"
        if negated:
            # "would not rule out", "does not exclude": a negated hedge is a possibility.
            if position > 0 and lemma in cues["hedge-verb"]:
                return Modality.HYPOTHETICAL, f"{negated[0].text} {token.text}"
            return Modality.NEGATED, negated[0].text
        if modal:
            return Modality.HYPOTHETICAL, modal[0].text
        if position > 0 and lemma in cues["hedge-verb"]:
            return Modality.HYPOTHETICAL, token.text
        for child in token.children:
            if child.dep_ == "amod" and (
                child.lemma_.lower() in cues["hedge-adj"] or child.lower_ in cues["hedge-adj"]
            ):
                return Modality.HYPOTHETICAL, child.text
            if child.dep_ == "mark" and child.lower_ in cues["condition"]:
                return Modality.HYPOTHETICAL, child.text
        if position > 0 and token.pos_ == "NOUN" and lemma in cues["hedge-noun"]:
            return Modality.HYPOTHETICAL, token.text  # "a plan to attack", "a bid to buy"
        if token.dep_ == "advcl":
            break  # "While X has a treaty with Y, it does not ...": the clause stands alone
        if (
            token.dep_ == "pobj"
            and token.head.dep_ == "prep"
            and token.head.lower_ in cues["circumstance-prep"]
            and token.head.head.pos_ in ("VERB", "AUX")
            and token.pos_ == "NOUN"
        ):
            # "During his stay in Washington, he was scheduled to ...": an event named in
            # an adjunct is presupposed, outside the scope of the clause's hedges.
            break
    return Modality.ASSERTED, None


def attribution_of(
    trigger: Token, vocab: Vocabulary, actors: Callable[[Token], list[str]]
) -> str | None:
    """The speaker or source a claim is attributed to: "X said ...", "according to X"."""
    speech = vocab.cues["attribution"]
    for token in _path_to_root(trigger)[1:]:
        if token.lemma_.lower() in speech and token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    found = actors(child)
                    if found:
                        return found[0]
                if child.dep_ == "agent":
                    for grandchild in child.children:
                        if grandchild.dep_ == "pobj" and (found := actors(grandchild)):
                            return found[0]
    for token in trigger.sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            for child in to.children:
                if child.dep_ == "pobj" and (found := actors(child)):
                    return found[0]
    return None
