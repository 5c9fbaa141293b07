"""The import contracts in pyproject.toml hold, and would catch an import the wrong way.

`make lint` runs them too (lint-imports); here they also run with `make test`, and each is shown
to fail on the kind of import it exists to forbid, so that none of them passes by accident.
"""

import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from importlinter import configuration
from importlinter.adapters.building import GraphBuilder
from importlinter.application import use_cases
from importlinter.application.app_config import settings as linter_settings

PYPROJECT = str(Path(settings.BASE_DIR) / "pyproject.toml")


class GraphWithImports(GraphBuilder):
    """Build the real graph, then add the imports given, as if a module had them."""

    def __init__(self, extra):
        super().__init__()
        self.extra = extra

    def build(self, *args, **kwargs):
        graph = super().build(*args, **kwargs)
        for importer, imported in self.extra:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
        return graph


CONTRACTS = ["apps-layers", "comments-use-posts-data", "no-cycles-in-an-app"]


def broken_contracts(*extra_imports, monkeypatch):
    """Return the ids of the contracts that break with these imports added to the code's own."""
    configuration.configure()
    monkeypatch.setattr(linter_settings, "GRAPH_BUILDER", GraphWithImports(extra_imports))
    monkeypatch.syspath_prepend(str(settings.BASE_DIR))
    return {
        contract
        for contract in CONTRACTS
        if not use_cases.lint_imports(
            config_filename=PYPROJECT,
            limit_to_contracts=(contract,),
            cache_dir=None,
            no_logo=True,
        )
    }


def test_the_contracts_hold(monkeypatch):
    assert broken_contracts(monkeypatch=monkeypatch) == set()


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("posts.models", "comments.models"),
        ("posts.admin", "editing.admin"),
        ("audit.services", "ceoblog.urls"),
        ("photos.models", "posts.models"),
        ("hardening.middleware", "accounts.backends"),
    ],
)
def test_an_import_up_the_layers_breaks_the_layers_contract(importer, imported, monkeypatch):
    assert broken_contracts((importer, imported), monkeypatch=monkeypatch) == {"apps-layers"}


def test_comments_importing_a_post_view_breaks_its_contract(monkeypatch):
    broken = broken_contracts(("comments.views", "posts.views"), monkeypatch=monkeypatch)
    assert broken == {"comments-use-posts-data"}


def test_two_modules_of_one_app_importing_each_other_break_the_cycle_contract(monkeypatch):
    broken = broken_contracts(("audit.addresses", "audit.services"), monkeypatch=monkeypatch)
    assert broken == {"no-cycles-in-an-app"}


def test_every_contract_is_tested_here():
    contracts = tomllib.loads(Path(PYPROJECT).read_text())["tool"]["importlinter"]["contracts"]
    assert sorted(contract["id"] for contract in contracts) == sorted(CONTRACTS)
