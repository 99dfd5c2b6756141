"""The ontology picture: drawn from newskg.ttl, and the README shows the current one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.diagram import BEGIN, END, main, mermaid, readme_block, replace_block
from kg.errors import KgError
from kg.ontology import load_ontology

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("    Actor <|-- Person", "actor classes hang under Actor"),
        ("    Actor <|-- Group", "actor classes hang under Actor"),
        ("        meetsWith ↔ Actor · CAMEO 04", "symmetric, between any two actors"),
        ("        attacks → Actor · CAMEO 18-20", "directed, with a CAMEO range"),
        ("        relativeOf ↔ Person", "a relation within one class is listed in it"),
        ("        locatedIn → Place", "Place to Place inside the class"),
        ("    Place --> Country : locatedIn", "... and Place to Country as an arrow"),
        ("    Person --> Organization : leaderOf, officialOf", "parallel arrows merge"),
        ("    Actor --> Agreement : partyTo", "partyTo points at the agreement"),
        ("    Actor --> Place : visits · CAMEO 042", "a union range gives one arrow each"),
        ("    class Agreement", "a class with no relation of its own is still drawn"),
    ],
)
def test_diagram_draws(line: str, why: str) -> None:
    assert line in mermaid().splitlines(), why


def test_every_relation_and_code_of_the_ontology_is_drawn() -> None:
    text = mermaid()
    for relation in load_ontology().relations:
        assert relation.name in text
        if relation.cameo:
            assert f"{relation.name}" in text and f"CAMEO {relation.cameo}" in text
    assert "Agreement <|--" not in text, "an agreement is not an actor"


def test_readme_shows_the_current_diagram() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_block() in text, "README is stale: run python -m kg.diagram --write README.md"


def test_write_refreshes_only_the_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{BEGIN}\nold picture\n{END}\n\nafter\n", encoding="utf-8")
    assert main(["--write", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == f"# Title\n\n{readme_block()}\n\nafter\n"


def test_a_readme_without_markers_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no diagram block"):
        replace_block("# Title\n", readme_block())
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    assert main(["--write", str(readme)]) == 1
    assert readme.read_text(encoding="utf-8") == "# Title\n"
