"""Everything vmgeo says it exports can be reached: geo.__all__, every submodule, every module's __all__."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import geo


@pytest.mark.parametrize("name", geo.__all__)
def test_top_level_names_resolve(name):
    assert getattr(geo, name) is not None


@pytest.mark.parametrize("name", sorted(geo.SUBMODULES))
def test_documented_submodules_resolve(name):
    module = getattr(geo, name)
    assert module.__name__ == f"geo.{name}"
    for member in getattr(module, "__all__", []):
        assert hasattr(module, member), f"geo.{name}.__all__ names {member!r}, which does not exist"


def test_every_public_module_is_documented():
    """A module or package added to geo/ is reachable as geo.<name> (or is private)."""
    found = {m.name for m in pkgutil.iter_modules(geo.__path__) if not m.name.startswith("_")}
    assert found - geo.SUBMODULES == set(), "add it to geo.SUBMODULES"
    assert geo.SUBMODULES - found <= {"catalogue"}


def test_packages_export_what_they_list():
    for package in ("geo.maps", "geo.stats", "geo.fetch", "geo.cli"):
        module = importlib.import_module(package)
        for member in module.__all__:
            assert hasattr(module, member), (package, member)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        geo.nonsense  # noqa: B018
