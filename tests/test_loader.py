"""The config tree loader: folders, kinds, documents, safe YAML, positions."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_kind_comes_from_folder_and_documents_split(ogsync, tree) -> None:
    root = tree(
        {
            "teams/a.yaml": "name: A\n---\nname: B\n",
            "root.yaml": "kind: schedule\nname: S\ntimezone: UTC\n",
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 0, result.err
    assert "3 resources (2 teams, 1 schedule)" in result.out


def test_duplicate_key_is_an_error_at_its_line(ogsync, tree) -> None:
    root = tree({"teams/a.yaml": "name: A\ndescription: x\nname: B\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert "teams/a.yaml:3:1: duplicate key 'name' (first at line 1)" in result.err


def test_python_tag_is_refused_and_never_run(ogsync, tree, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = tree({"teams/a.yaml": f'name: !!python/object/apply:os.system ["touch {marker}"]\n'})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert "teams/a.yaml:1:7: YAML tag" in result.err
    assert "is not allowed" in result.err
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "teams/a.yaml:1:1: a document must be a mapping, not a list"),
        ("just text\n", "teams/a.yaml:1:1: a document must be a mapping, not a string"),
        ("name: [\n", "teams/a.yaml:2:1: invalid YAML"),
        ("a: &x [*x]\n", "teams/a.yaml:1:4: recursive alias"),
    ],
)
def test_bad_documents(ogsync, tree, text: str, expected: str) -> None:
    result = ogsync("validate", str(tree({"teams/a.yaml": text})))
    assert result.code == 1
    assert expected in result.err
    assert "Traceback" not in result.err


def test_kind_must_agree_with_folder(ogsync, tree) -> None:
    root = tree({"teams/a.yaml": "name: A\nkind: schedule\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert "teams/a.yaml:2:7: kind 'schedule' does not agree with its folder teams/" in result.err


def test_root_file_needs_kind(ogsync, tree) -> None:
    result = ogsync("validate", str(tree({"x.yaml": "name: A\n"})))
    assert result.code == 1
    assert "x.yaml:1:1: a file outside the kind folders needs `kind:`" in result.err


def test_unknown_kind_gets_a_hint(ogsync, tree) -> None:
    result = ogsync("validate", str(tree({"x.yaml": "kind: teem\nname: A\n"})))
    assert result.code == 1
    assert "x.yaml:1:7: unknown kind 'teem' (did you mean team?)" in result.err


def test_unknown_folder_warns_hidden_and_templates_and_nested_trees_skipped(ogsync, tree) -> None:
    root = tree(
        {
            "tems/a.yaml": "name: A\n",
            ".hidden/a.yaml": "- broken\n",
            "templates/a.yaml": "- broken\n",
            "other/ogsync.yaml": "version: 1\n",
            "other/teams/b.yaml": "- broken\n",
            "teams/c.yml": "name: C\n",
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 0, result.err
    assert "tems/: warning: folder tems/ is not a kind folder and is not loaded" in result.out
    assert "(did you mean teams/?)" in result.out
    assert "1 resource (1 team)" in result.out


def test_missing_directory_is_a_user_error(ogsync, tmp_path: Path) -> None:
    result = ogsync("validate", str(tmp_path / "nope"))
    assert result.code == 1
    assert "does not exist" in result.err
