"""The page cache sits below every app that shows content: it imports none of them."""

import ast

from tests.helpers import PROJECT_ROOT

ABOVE = {"posts", "comments", "photos", "accounts", "alerts", "approvals", "wordpress", "editing"}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_pagecache_imports_no_app_above_it():
    modules = [
        path
        for path in (PROJECT_ROOT / "pagecache").rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert modules
    found = {
        f"{path.relative_to(PROJECT_ROOT)} imports {package}"
        for path in modules
        for package in imported_packages(path)
        if package in ABOVE
    }
    assert found == set()
