"""No import cycles between the modules of ``samskab``.

The graph comes from grimp (installed with import-linter), which reads every ``import``
statement, those inside functions too: it cannot tell a function-level import from a
module-level one, so a cycle hidden in a function counts. Imports under ``if TYPE_CHECKING:``
are left out, because they never run (``budgets/phases.py`` names the models it is asked about
that way, while the models import ``PhaseKind`` from it).

A cycle is a strongly connected component of more than one module; each is reported with the
imports that close it.
"""

from __future__ import annotations

import grimp

# Known cycles, each excluded as exactly its set of modules with the reason; none today.
KNOWN_CYCLES: list[set[str]] = []


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative; components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def import_edges() -> tuple[grimp.ImportGraph, dict[str, set[str]]]:
    graph = grimp.build_graph("samskab", exclude_type_checking_imports=True, cache_dir=None)
    modules = {name for name in graph.modules if name.startswith("samskab")}
    return graph, {
        name: {
            imported
            for imported in graph.find_modules_directly_imported_by(name)
            if imported in modules
        }
        for name in modules
    }


def describe(graph: grimp.ImportGraph, component: set[str], edges: dict[str, set[str]]) -> str:
    lines = []
    for importer in sorted(component):
        for imported in sorted(edges[importer] & component):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(f"  {importer}:{detail['line_number']} {detail['line_contents']}")
    return "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle_and_nothing_else():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert strongly_connected(edges) == [{"a", "b", "c"}]


def test_no_module_in_samskab_is_part_of_an_import_cycle():
    graph, edges = import_edges()
    assert "samskab.budgets.actions.voting" in edges  # the graph is the real one
    cycles = [
        component
        for component in strongly_connected(edges)
        if not any(component <= known for known in KNOWN_CYCLES)
    ]
    assert not cycles, "import cycles:\n" + "\n\n".join(
        describe(graph, component, edges) for component in cycles
    )
