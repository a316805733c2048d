"""`annotator export/import` with the gold-standard formats: options, names and mapping."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.cli import main
from annotator.store import Store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_conll_export_states_its_overlap_policy(tmp_path, filled_project):
    path = filled_project
    result = run("export", "-p", str(path), "-f", "conll", "-o", str(tmp_path / "a.conll"))
    assert result.exit_code == 0
    assert "2 documents written" in result.output and "overlap longest" in result.output
    result = run(
        "export",
        "-p",
        str(path),
        "-f",
        "conll",
        "--overlap",
        "first",
        "-o",
        str(tmp_path / "b.conll"),
    )
    assert "offsets in tokens, overlap first" in result.output


def test_overlap_is_refused_for_formats_without_it(tmp_path, filled_project):
    path = filled_project
    result = run(
        "export", "-p", str(path), "-f", "brat", "--overlap", "first", "-o", str(tmp_path / "b")
    )
    assert result.exit_code == 2 and "takes no option overlap" in result.output
    assert not (tmp_path / "b").exists()


def test_brat_import_needs_an_annotator_and_maps_labels(tmp_path, filled_project):
    source = filled_project
    run("export", "-p", str(source), "-f", "brat", "-l", "alice", "-o", str(tmp_path / "brat"))
    target = tmp_path / "q.annotator"
    refused = run("import", "-p", str(target), "-f", "brat", str(tmp_path / "brat"))
    assert refused.exit_code == 2 and "needs --annotator" in refused.output
    result = run(
        "import",
        "-p",
        str(target),
        "-f",
        "brat",
        "-a",
        "carol",
        "--map",
        "source=actor",
        str(tmp_path / "brat"),
    )
    assert result.exit_code == 0, result.output
    store = Store.open(target)
    labels = {s.label for d in store.documents() for s in store.spans(d.id, "carol")}
    assert labels == {"actor", "location", "casualty_claim"}
    assert store.info()["annotators"]["carol"] == {"spans": 11, "done": 2}
    store.close()


def test_a_malformed_mapping_is_a_usage_error(tmp_path):
    result = run(
        "import",
        "-p",
        str(tmp_path / "q.annotator"),
        "-f",
        "doccano",
        "-a",
        "x",
        "--map",
        "nonsense",
        str(tmp_path),
    )
    assert result.exit_code == 2 and "old=new" in result.output
