"""The ledger application: every command group over one event store (one atomic log)."""

from __future__ import annotations

from services.procedures import ProcedureCommands
from services.queries import ProcedureQueries
from services.reporting.commands import ReportCommands


class Ledger(ProcedureCommands, ReportCommands, ProcedureQueries):
    """Commands return ids; queries return read models (services/readmodels.py), never aggregates."""

    name = "tthc"  # the library names tables and env prefixes after the class unless told: tthc_events
