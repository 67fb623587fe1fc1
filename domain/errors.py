"""Domain errors: one class per broken rule, each with a Vietnamese message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """Base class of every rule the domain refuses to break; `message` is shown to users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidValue(DomainError):
    """Raised when a field holds a value the forms do not allow."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class IllegalTransition(DomainError):
    """Raised when a command is not allowed in the aggregate's current status."""

    def __init__(self, action: str, status: str, allowed: tuple[str, ...] = ()) -> None:
        text = f"Không thể {action} khi thủ tục đang ở trạng thái «{status}»."
        if allowed:
            text += " Chỉ thực hiện được khi ở trạng thái: " + ", ".join(f"«{a}»" for a in allowed) + "."
        super().__init__(text)
        self.action = action
        self.status = status


class UnitNotInForce(DomainError):
    """Raised when a command names an administrative unit that is not in force on the given date."""


class DuplicateCode(DomainError):
    """Raised when a natural key (unit code, procedure code within its managing unit) is taken."""


class NotFound(DomainError):
    """Raised when a named aggregate (procedure, unit, plan, account) does not exist."""


class ConcurrencyConflict(DomainError):
    """Raised when another user changed the same record first (optimistic concurrency)."""
