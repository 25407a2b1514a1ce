"""The app map: no app imports one above it, so each can be read, tested and changed from the
bottom up. The order (lowest first) is the one docs/architecture.md draws; the demo builder and
the patient's data rights sit on top because they span every feature app."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "medhub"
LAYERS = [
    {"core"},
    {"accounts"},
    {"stats", "directory", "outbox"},
    {"notifications"},
    {"registry", "verification"},
    {"partners"},
    {"cases"},
    {"scheduling"},
    {"interpreting"},
    {"travel"},
    {"complaints", "feedback"},
    {"council"},
    {"evaluation"},
    {"privacy", "demo"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def imports_of(app: str):
    for path in (SRC / app).rglob("*.py"):
        if "migrations" in path.parts or path.suffixes[:-1]:  # skip makemessages' transient "x.html.py"
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "medhub" and len(parts) > 1 and parts[1] in LEVEL and parts[1] != app:
                    yield parts[1], path.relative_to(SRC)


def test_every_app_has_a_place_on_the_map():
    apps = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists() and (p / "apps.py").exists()}
    assert apps <= set(LEVEL), f"place these apps in LAYERS: {sorted(apps - set(LEVEL))}"


@pytest.mark.parametrize("app", sorted(LEVEL))
def test_no_app_imports_a_higher_one(app):
    if not (SRC / app).exists():
        pytest.skip(f"{app} is not there yet")
    higher = sorted({f"{target} (in {where})" for target, where in imports_of(app) if LEVEL[target] > LEVEL[app]})
    assert not higher, f"{app} imports higher apps: {higher}"
