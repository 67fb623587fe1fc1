"""Accounts: a role scoped to a unit and its descendants. Password hashes never enter events."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import LedgerAggregate, natural_id
from domain.enums import Role
from domain.errors import DomainError
from domain.values import Actor, nfc, require

T = "tthc:Account"


class Account(LedgerAggregate):
    TOPIC = T

    @staticmethod
    def id_for(username: str) -> UUID:
        return natural_id("account", username)

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Registered"
        username: str
        display_name: str
        role: Role
        unit_scope: UUID

    @event(Created)
    def __init__(self, id: UUID, username: str, display_name: str, role: Role, unit_scope: UUID,
                 actor: UUID, acting_unit: UUID) -> None:
        self.username = username
        self.display_name = display_name
        self.role = role
        self.unit_scope = unit_scope
        self.disabled = False

    @classmethod
    def register(cls, username: str, display_name: str, role: Role, unit_scope: UUID, by: Actor) -> Account:
        username = (nfc(username) or "").lower()
        require(3 <= len(username) <= 64 and username.isascii() and " " not in username, "username",
                "Tên đăng nhập phải có 3–64 ký tự không dấu, không có khoảng trắng.")
        require(bool(nfc(display_name)), "display_name", "Họ và tên không được để trống.")
        return cls(id=cls.id_for(username), username=username, display_name=nfc(display_name), role=role,
                   unit_scope=unit_scope, actor=by.account, acting_unit=by.unit)

    def change_role(self, role: Role, by: Actor) -> None:
        self._require_active()
        if role is self.role:
            raise DomainError(f"Tài khoản đã có vai trò «{role.label}».")
        self._role_changed(role=role, actor=by.account, acting_unit=by.unit)

    @event("RoleChanged", topic=f"{T}.RoleChanged")
    def _role_changed(self, role: Role, actor: UUID, acting_unit: UUID) -> None:
        self.role = role

    def change_scope(self, unit_scope: UUID, by: Actor) -> None:
        self._require_active()
        if unit_scope == self.unit_scope:
            raise DomainError("Phạm vi đơn vị không thay đổi.")
        self._scope_changed(unit_scope=unit_scope, actor=by.account, acting_unit=by.unit)

    @event("ScopeChanged", topic=f"{T}.ScopeChanged")
    def _scope_changed(self, unit_scope: UUID, actor: UUID, acting_unit: UUID) -> None:
        self.unit_scope = unit_scope

    def disable(self, reason: str, by: Actor) -> None:
        self._require_active()
        require(bool(nfc(reason)), "reason", "Phải nêu lý do khóa tài khoản.")
        self._disabled(reason=nfc(reason), actor=by.account, acting_unit=by.unit)

    @event("Disabled", topic=f"{T}.Disabled")
    def _disabled(self, reason: str, actor: UUID, acting_unit: UUID) -> None:
        self.disabled = True

    def _require_active(self) -> None:
        if self.disabled:
            raise DomainError(f"Tài khoản «{self.username}» đã bị khóa.")
