"""The three layers import only downwards: the tool → scenes → zz_math.

Imports are read from the source with ``ast`` (top-level and inside functions alike), so adding an
upward import anywhere makes this fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = "zigzag"
# What each layer may not import, by top-level name.
FORBIDDEN = {
    "zz_math": {"manim", "scenes", TOOL, "manimpango", "cairo"},
    "scenes": {TOOL},
}


def imported_names(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value.split(".")[0])
    return names


CASES = [
    (layer, path)
    for layer in FORBIDDEN
    for path in sorted((ROOT / layer).rglob("*.py"))
]


@pytest.mark.parametrize(("layer", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_no_module_imports_a_layer_above_it(layer: str, path: Path) -> None:
    upward = imported_names(path) & FORBIDDEN[layer]
    assert not upward, f"{path.relative_to(ROOT)} imports {sorted(upward)}"


def test_the_three_layers_are_packages() -> None:
    for layer in ("zz_math", "scenes", TOOL):
        assert (ROOT / layer / "__init__.py").is_file(), layer


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    planted = tmp_path / "bad.py"
    planted.write_text("def f():\n    from zigzag.cli import main\n    import manim.scene\n", encoding="utf-8")
    assert imported_names(planted) == {"zigzag", "manim"}
