"""The layering of the domains (README, Development, "Architecture notes"), checked on the source.

Every module under events/ is parsed with `ast`; every import counts, also one inside a function
(a lazy import is still a dependency). A module belongs to the part named by its first folder
(or file) under events/: `events/registration/manage.py` is part of `registration`.

The rules:
(a) the domains below the follow-up never import `followup`;
(b) `events/web` (the cross-cutting web bits) imports no domain: the wiring is in events/app.py;
(c) the parts form no import cycle;
(d) every import goes to the part's own layer or a lower one (LAYERS, as in the README).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

EVENTS_DIR = Path(__file__).resolve().parent.parent / "events"

# The domains below the follow-up (everything the follow-up and the announcements build on).
BELOW_FOLLOWUP = frozenset(
    {
        "accounts",
        "calendar",
        "freshness",
        "idempotency",
        "mail",
        "outbox",
        "pairs",
        "pledges",
        "programme",
        "registration",
    }
)
# Not domains: the settings, the engine (and Piccolo's configuration, which db.py reads) and the
# migration helpers, which everything may use; one part for the cycle check.
INFRASTRUCTURE = frozenset({"settings", "db", "piccolo_conf", "migration_support"})


# The layers, bottom to top (README, Development, "Architecture notes").
LAYERS: list[frozenset[str]] = [
    frozenset({"infrastructure", "cloning", "idempotency", "freshness", "ratelimits"}),
    frozenset({"web"}),
    frozenset({"calendar", "mail"}),
    frozenset({"outbox"}),
    frozenset({"programme"}),
    frozenset({"accounts"}),
    frozenset({"registration"}),
    frozenset({"pairs", "pledges"}),
    frozenset({"followup"}),
    frozenset({"announcements", "organise", "reports", "demo", "privacy"}),
    frozenset({"app", "cli"}),
]


@dataclass(frozen=True)
class Import:
    source: str  # the importing part
    target: str  # the imported part
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.where})"


def part_of(path: Path) -> str:
    part = path.relative_to(EVENTS_DIR).parts[0].removesuffix(".py")
    return "infrastructure" if part in INFRASTRUCTURE else part


def imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "events":  # from events import db, settings
            return [f"events.{alias.name}" for alias in node.names]
        return [node.module]
    return []


def all_imports() -> list[Import]:
    """Every import of one part of events/ by another."""
    found: list[Import] = []
    for path in sorted(EVENTS_DIR.rglob("*.py")):
        source = part_of(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for module in imported_modules(node):
                names = module.split(".")
                if names[0] != "events" or len(names) < 2:
                    continue
                target = "infrastructure" if names[1] in INFRASTRUCTURE else names[1]
                if target == source:
                    continue
                where = f"{path.relative_to(EVENTS_DIR.parent)}:{getattr(node, 'lineno', 0)}"
                found.append(Import(source, target, where))
    return found


def domain_packages() -> set[str]:
    return {
        path.parent.name
        for path in EVENTS_DIR.glob("*/__init__.py")
        if path.parent.name not in {"web"} | INFRASTRUCTURE
    }


def find_cycle(imports: list[Import]) -> list[Import]:
    """One import cycle among the parts (as the imports along it), or [] when there is none."""
    edges: dict[str, dict[str, Import]] = defaultdict(dict)
    for found in imports:
        edges[found.source].setdefault(found.target, found)
    state: dict[str, str] = {}  # "open" while on the path, "done" after
    path: list[Import] = []

    def visit(part: str) -> list[Import]:
        state[part] = "open"
        for target, found in sorted(edges[part].items()):
            if state.get(target) == "open":
                start = next(
                    (index for index, step in enumerate(path) if step.source == target), len(path)
                )
                return [*path[start:], found]
            if target not in state:
                path.append(found)
                cycle = visit(target)
                if cycle:
                    return cycle
                path.pop()
        state[part] = "done"
        return []

    for part in sorted(edges):
        if part not in state:
            cycle = visit(part)
            if cycle:
                return cycle
    return []


def test_the_parts_are_found() -> None:
    """A guard for the checks below: the parser sees the known domains and their imports."""
    domains = domain_packages()
    assert {"followup", "outbox", "registration", "programme", "pairs", "pledges"} <= domains
    assert any(found.target == "outbox" for found in all_imports())


def test_the_domains_below_the_followup_never_import_it() -> None:
    wrong = [
        found
        for found in all_imports()
        if found.source in BELOW_FOLLOWUP and found.target == "followup"
    ]
    assert not wrong, "imports of followup from below it:\n" + "\n".join(map(str, wrong))


def test_web_imports_no_domain() -> None:
    domains = domain_packages()
    wrong = [found for found in all_imports() if found.source == "web" and found.target in domains]
    assert not wrong, "events/web imports domains:\n" + "\n".join(map(str, wrong))


def test_the_parts_form_no_import_cycle() -> None:
    cycle = find_cycle(all_imports())
    assert not cycle, "an import cycle:\n" + "\n".join(map(str, cycle))


def test_every_import_goes_down_the_layers() -> None:
    layer_of = {part: index for index, layer in enumerate(LAYERS) for part in layer}
    parts = {found.source for found in all_imports()} | {found.target for found in all_imports()}
    unplaced = sorted(parts - layer_of.keys())
    assert not unplaced, f"parts in no layer (add them to LAYERS and the README): {unplaced}"
    wrong = [found for found in all_imports() if layer_of[found.target] > layer_of[found.source]]
    assert not wrong, "imports of a higher layer:\n" + "\n".join(map(str, wrong))


def test_a_cycle_is_found_and_shown() -> None:
    """The cycle search itself, on a made-up graph: a -> b -> c -> a, and d outside."""
    imports = [
        Import("a", "b", "a.py:1"),
        Import("b", "c", "b.py:2"),
        Import("c", "a", "c.py:3"),
        Import("d", "a", "d.py:4"),
    ]
    assert [str(step) for step in find_cycle(imports)] == [
        "a -> b (a.py:1)",
        "b -> c (b.py:2)",
        "c -> a (c.py:3)",
    ]
    assert find_cycle(imports[:2]) == []
