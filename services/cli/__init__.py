"""The `tthc` command. Each submodule adds the commands of one area to the group."""

from __future__ import annotations

from services.cli.common import main
from services.cli import cost, operations, registry, reports  # noqa: F401,E402 - registers the commands

__all__ = ["main"]
