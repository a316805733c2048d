"""Guidelines: one section per label from the shipped file, or from the project's own file."""

from __future__ import annotations

from annotator.guidelines import guidelines_path, load_guidelines, section_for
from annotator.shipped import default_labels


def test_shipped_guidelines_have_a_section_for_every_default_label():
    markdown, source = load_guidelines(None)
    assert source == "the shipped guidelines"
    for label in default_labels():
        section = section_for(markdown, label.key, label.name)
        assert section.startswith(f"## {label.name}")
        for part in ("What counts", "What does not", "Boundaries", "Examples"):
            assert part in section, (label.key, part)


def test_a_project_file_beside_the_project_replaces_them(tmp_path):
    project = tmp_path / "syria.annotator"
    guidelines_path(project).write_text(
        "Intro\n\n## Weapon\n\nGuns and drones.\n", encoding="utf-8"
    )
    markdown, source = load_guidelines(project)
    assert source.endswith("syria.guidelines.md")
    assert section_for(markdown, "weapon") == "## Weapon\n\nGuns and drones."
    missing = section_for(markdown, "actor", "Actor")
    assert "No section for the label `actor`" in missing and "Intro" in missing
