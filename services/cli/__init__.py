"""The `tthc` command. Each submodule adds the commands of one area to the group."""

from __future__ import annotations

from services.cli import cost, operations, registry, reports  # noqa: F401 - registers the commands
from services.cli.common import main

__all__ = ["main"]
