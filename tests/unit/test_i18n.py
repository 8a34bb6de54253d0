"""Every user-facing message id in the code has a French translation with the same
placeholders, and error classes' messages too."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from socialdesk.i18n import _, set_language
from socialdesk.i18n.fr import MESSAGES

SRC = Path(__file__).resolve().parents[2] / "src" / "socialdesk"


def _message_ids() -> dict[str, str]:
    """message id -> where it is used."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "i18n":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = f"{path.relative_to(SRC)}:{node.lineno}"
            elif isinstance(node, ast.ClassDef):
                # `message = "..."` on SocialDeskError subclasses
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and [getattr(t, "id", None) for t in stmt.targets] == ["message"]
                        and isinstance(stmt.value, ast.Constant)
                        and isinstance(stmt.value.value, str)
                    ):
                        found[stmt.value.value] = f"{path.relative_to(SRC)}:{stmt.lineno}"
    return found


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_has_a_french_translation() -> None:
    missing = {msg: where for msg, where in _message_ids().items() if msg not in MESSAGES}
    assert missing == {}


def test_french_translations_keep_the_placeholders() -> None:
    wrong = [msg for msg, fr in MESSAGES.items() if _fields(msg) != _fields(fr)]
    assert wrong == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_switching_language_changes_the_messages(language: str) -> None:
    set_language(language)
    try:
        text = _("Incorrect passphrase.")
        assert text == (
            "Phrase de passe incorrecte." if language == "fr" else "Incorrect passphrase."
        )
    finally:
        set_language("en")


def test_french_catalogue_has_no_duplicate_keys() -> None:
    keys: list[str] = []
    for path in sorted((SRC / "i18n").glob("fr*.py")):
        source = path.read_text(encoding="utf-8")
        assigns = [n for n in ast.parse(source).body if isinstance(n, ast.AnnAssign | ast.Assign)]
        messages = [
            n
            for n in assigns
            if [getattr(t, "id", None) for t in getattr(n, "targets", [getattr(n, "target", None)])]
            == ["MESSAGES"]
        ]
        assert len(messages) == 1, path.name
        assert isinstance(messages[0].value, ast.Dict)
        keys += [k.value for k in messages[0].value.keys if isinstance(k, ast.Constant)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert duplicates == []
