"""The layers of ARCHITECTURE.md: only ui/ imports Qt; the lower layers never import the
upper ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "socialdesk"
ORDER = ["vault", "storage", "domain", "services", "cli", "ui"]
# What each layer may import from the project (besides itself, config and i18n).
ALLOWED = {
    "vault": {"domain"},  # errors only
    "domain": set(),
    "storage": {"vault", "domain"},
    "services": {"vault", "storage", "domain"},
    "cli": {"vault", "storage", "domain", "services"},
    "ui": {"vault", "storage", "domain", "services"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", [layer for layer in ORDER if layer != "ui"])
def test_only_ui_imports_qt(layer: str) -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in _modules(layer)
        if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(p))
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", ORDER)
def test_layers_import_only_downwards(layer: str) -> None:
    offenders = []
    for path in _modules(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "socialdesk" or len(parts) < 2:
                continue
            target = parts[1]
            if target in (layer, "config", "i18n") or target not in ORDER:
                continue
            if target not in ALLOWED[layer]:
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []
