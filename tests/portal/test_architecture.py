"""The import direction docs/architecture.md draws. `make lint` checks the
layers with import-linter (the contract in pyproject.toml); this checks what
a layers contract cannot see: a circle between two modules of one package,
imports inside functions included."""

import tomllib

import grimp

from tests.servers import ROOT


def root_packages():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def circles(graph):
    """The groups of modules that import each other, directly or through
    others (Tarjan's strongly connected components, without recursion)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, imported = work[-1]
            step = next(imported, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph.find_modules_directly_imported_by(step)))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


# Tooling beside the portal, which the portal never imports.
TOOLING = ("tests", "bench", "wholestack")


def test_the_contract_names_every_package_of_the_project():
    packages = {
        path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in TOOLING
    }
    assert packages == set(root_packages())


def test_the_stack_imports_neither_the_tests_nor_the_bench_which_both_start_it():
    graph = grimp.build_graph("wholestack", "tests", "bench")

    for user in ("tests", "bench"):
        assert not graph.chain_exists(importer="wholestack", imported=user, as_packages=True)
    assert graph.chain_exists(importer="tests", imported="wholestack", as_packages=True)


def test_no_module_imports_itself_through_other_modules():
    graph = grimp.build_graph(*root_packages())

    assert circles(graph) == []


def test_a_circle_is_found_when_two_modules_import_each_other():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.one", "a.two"), ("a.two", "a.three"), ("a.three", "a.one")]:
        graph.add_import(importer=importer, imported=imported)
    graph.add_import(importer="a.four", imported="a.one")

    assert circles(graph) == [["a.one", "a.three", "a.two"]]
