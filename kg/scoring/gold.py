"""Gold annotations read and pooled per ``shared/eval/README.md``: entities and relations.

A gold folder holds ``entities.tsv`` (canonical, type, status, aliases) and
``relations.tsv`` (article, subject, relation, object, status, evidence). Rows naming the
same entity, or the same relation between the same names, are pooled into one; a
malformed line is a :class:`GoldError` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import cast

from kg.errors import KgError
from kg.ontology import load_ontology
from kg.vocab import normalize_name

ENTITY_COLUMNS = ("canonical", "type", "status", "aliases")
RELATION_COLUMNS = ("article", "subject", "relation", "object", "status", "evidence")


class GoldError(KgError):
    """A gold folder that is missing or has a malformed line."""


class Status(StrEnum):
    """How a gold row or entity counts in the score."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class GoldEntity:
    """One gold entity with every name that counts for it."""

    canonical: str
    type: str
    status: Status
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        """The normalised canonical name and aliases."""
        return frozenset(normalize_name(name) for name in (self.canonical, *self.aliases))


@dataclass(frozen=True)
class GoldRelation:
    """One pooled gold row: alternatives for each end, and where the gold found it."""

    subjects: tuple[str, ...]
    relation: str
    objects: tuple[str, ...]
    status: Status
    articles: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        """The subject alternatives as the gold writes them."""
        return "|".join(self.subjects)

    @property
    def object(self) -> str:
        """The object alternatives as the gold writes them."""
        return "|".join(self.objects)


@dataclass(frozen=True)
class Gold:
    """A whole gold folder: pooled entities and pooled relation rows."""

    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    # The last column (aliases, evidence) may be blank; an editor that strips the
    # trailing tab leaves one field fewer, which still reads unambiguously.
    if not path.is_file():
        raise GoldError(
            f"{path} does not exist; a gold folder needs entities.tsv and relations.tsv."
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path} cannot be read as UTF-8 text ({error}).") from error
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) == len(columns) - 1:
            fields.append("")
        if len(fields) != len(columns):
            raise GoldError(
                f"{path}:{number}: expected {len(columns)} tab-separated fields "
                f"({', '.join(columns)}) but found {len(fields)}; fix the line or start it with #."
            )
        yield number, fields


def _status(value: str, allowed: Iterable[Status], where: str) -> Status:
    choices = tuple(allowed)
    if value not in {status.value for status in choices}:
        names = ", ".join(status.value for status in choices)
        raise GoldError(f"{where}: status {value!r} is not one of {names}; use one of them.")
    return Status(value)


def _alternatives(value: str, where: str, column: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split("|") if name.strip())
    if not names:
        raise GoldError(f"{where}: the {column} is empty; give a name (alternatives with |).")
    return names


def _read_entities(path: Path) -> tuple[GoldEntity, ...]:
    pooled: dict[str, GoldEntity] = {}
    for number, (canonical, kind, status_text, aliases_text) in _rows(path, ENTITY_COLUMNS):
        where = f"{path}:{number}"
        if not canonical:
            raise GoldError(f"{where}: the canonical name is empty; give the entity's name.")
        gold_types = {c.name for c in load_ontology().classes}
        if kind not in gold_types:
            raise GoldError(
                f"{where}: type {kind!r} is not one of {', '.join(sorted(gold_types))}; "
                "use an ontology class name."
            )
        status = _status(status_text, (Status.REQUIRED, Status.OPTIONAL), where)
        aliases = tuple(alias.strip() for alias in aliases_text.split("|") if alias.strip())
        key = normalize_name(canonical)
        previous = pooled.get(key)
        if previous is not None:
            # The same entity listed twice (e.g. merged gold sets) is one entity; required
            # in either listing means required.
            merged = Status.REQUIRED if Status.REQUIRED in (status, previous.status) else status
            aliases = tuple(dict.fromkeys((*previous.aliases, *aliases)))
            pooled[key] = GoldEntity(previous.canonical, previous.type, merged, aliases)
        else:
            pooled[key] = GoldEntity(canonical, kind, status, aliases)
    return tuple(pooled.values())


def _read_relations(path: Path, symmetric: frozenset[str]) -> tuple[GoldRelation, ...]:
    pooled: dict[tuple[object, ...], GoldRelation] = {}
    # Every relation of the ontology may appear; only actor relations are scored, so
    # partyTo rows (an actor and an agreement) are read and left out (README rule 3).
    ontology = load_ontology()
    known = {r.name for r in ontology.relations}
    scored = {r.name for r in ontology.actor_relations}
    for number, fields in _rows(path, RELATION_COLUMNS):
        article, subject_text, relation, object_text, status_text, evidence = fields
        where = f"{path}:{number}"
        if relation not in known:
            raise GoldError(
                f"{where}: relation {relation!r} is not an nkg actor relation; "
                "use a property local name such as meetsWith."
            )
        status = _status(status_text, Status, where)
        subjects = _alternatives(subject_text, where, "subject")
        objects = _alternatives(object_text, where, "object")
        if relation not in scored:
            continue  # no prediction is ever scored against it (README rule 3)
        ends: object = (
            frozenset(normalize_name(name) for name in subjects),
            frozenset(normalize_name(name) for name in objects),
        )
        if relation in symmetric:
            ends = frozenset(cast("tuple[frozenset[str], frozenset[str]]", ends))  # A-B = B-A
        key = (relation, ends, status)
        previous = pooled.get(key)
        articles = (previous.articles if previous else ()) + ((article,) if article else ())
        evidences = (previous.evidence if previous else ()) + ((evidence,) if evidence else ())
        pooled[key] = GoldRelation(
            previous.subjects if previous else subjects,
            relation,
            previous.objects if previous else objects,
            status,
            tuple(sorted(set(articles))),
            tuple(dict.fromkeys(evidences)),
        )
    return tuple(pooled.values())


def read_gold(gold_dir: Path, symmetric: frozenset[str] | None = None) -> Gold:
    """Read and pool a gold folder; a malformed line raises :class:`GoldError`."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(
            f"{folder} is not a folder; give a gold folder with entities.tsv and relations.tsv."
        )
    sym = load_ontology().symmetric if symmetric is None else symmetric
    return Gold(
        _read_entities(folder / "entities.tsv"),
        _read_relations(folder / "relations.tsv", sym),
    )
