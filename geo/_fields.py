"""Options declared once: a dataclass field carries its command-line flag, help and group.

A command's options record (:class:`geo.readers.Options`, :class:`geo.trend.TrendOptions`)
is the one place an option is written: :func:`add_arguments` builds the parser from the
fields' metadata and :func:`record_from` the record from the parsed command line, so a new
option is one field, not an argparse call, a field and a line that copies one to the other.

    level: str = field(default="gemeente", metadata=cli("--level", help="..."))
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Any


def cli(*flags: str, group: str | None = None, convert: Callable[[Any], Any] | None = None,
        **kwargs: Any) -> dict[str, Any]:
    """The metadata of a field that is a command-line option.

    Parameters
    ----------
    *flags
        The option's flags (``--level``).
    group
        The help's group of the option; the parser's own options when ``None``.
    convert
        Turns the parsed value into the field's (``"1.1.1,1.2.1"`` into a tuple, say).
    **kwargs
        argparse's own arguments (``help``, ``metavar``, ``type``, ``choices``, ``default``, ...).
    """
    return {"cli": (flags, group, kwargs, convert)}


def add_arguments(parser: argparse.ArgumentParser, record: type) -> None:
    """Add the options of ``record``'s fields to ``parser``, in their groups, in field order."""
    groups: dict[str, Any] = {}
    for f in fields(record):
        if "cli" not in f.metadata:
            continue
        flags, group, kwargs, _ = f.metadata["cli"]
        target: Any = parser
        if group is not None:
            if group not in groups:
                groups[group] = parser.add_argument_group(group)
            target = groups[group]
        target.add_argument(*flags, **({"dest": f.name} | kwargs))


def values_from(args: argparse.Namespace, record: type) -> dict[str, Any]:
    """The fields of ``record`` the command line gave, converted as their metadata says."""
    given = {}
    for f in fields(record):
        if not hasattr(args, f.name):
            continue
        value = getattr(args, f.name)
        convert = f.metadata["cli"][3] if "cli" in f.metadata else None
        given[f.name] = convert(value) if convert is not None else value
    return given


def record_from(args: argparse.Namespace, record: type) -> Any:
    """``record`` built from a parsed command line; fields it lacks keep their defaults."""
    given = values_from(args, record)
    missing = [f.name for f in fields(record)
               if f.name not in given and f.default is MISSING and f.default_factory is MISSING]
    if missing:
        raise TypeError(f"{record.__name__} lacks {', '.join(missing)}: the parser does not declare them")
    return record(**given)
