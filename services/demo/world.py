"""The demo's cast (units, officers, procedures) and its timeline of dated actions.

Planning builds every action up front, each on the day the story puts it; `Timeline.play` then runs
them in date order under the story clock, so record times follow the story and never go backwards.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from uuid import UUID

from domain.base import natural_id
from domain.cost import CostWorksheet
from domain.enums import Recommendation, Role
from domain.units import AdminUnit
from domain.values import Actor, DecisionRef, ProcedureContent
from services.application import Ledger
from services.demo.clock import StoryClock

Pace = tuple[int, int]
HUMAN: Pace = (90, 420)  # seconds between two actions of an officer at a desk
BRISK: Pace = (20, 90)  # ticking through a list (publicising, approving a batch)
BULK: Pace = (2, 12)  # an administrator importing data

CHAIRMAN = "Chủ tịch UBND tỉnh"
PROVINCE_ISSUER = "UBND tỉnh Lạng Sơn"
PLAN_CODE = "243/KH-UBND"


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if c.isascii() and c.isalnum()).lower()


def chairman(number: str, on: date) -> DecisionRef:
    return DecisionRef(number, on, CHAIRMAN, PROVINCE_ISSUER)


@dataclass
class Unit:
    key: str
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    established: date
    profile: str = "NONE"
    group: str = ""  # publication group of its first listing
    prefix: str = ""  # local codes: LS-SNV-001
    slug: str = ""  # usernames: snv.lthanh
    short: str = ""  # the name without "UBND": "huyện Hữu Lũng", "thị trấn Thất Khê"
    officer: Actor | None = None
    ended: date | None = None

    @property
    def id(self) -> UUID:
        return AdminUnit.id_for(self.code)


@dataclass
class Proc:
    """One procedure's part in the story, planned before anything is recorded."""

    code: str
    level: str
    unit: Unit
    content: ProcedureContent
    destination: str = ""  # district procedures: where they go on 01/07/2025; mistakes: their fate
    note: str = ""
    published_on: date | None = None
    before: CostWorksheet | None = None
    kind: Recommendation | None = None  # the simplification the unit carries through
    reviewed: bool = False
    abolished_on: date | None = None
    manager: Unit | None = None  # the managing unit once the 2025 reform moved it

    @property
    def managed_by(self) -> Unit:
        return self.manager or self.unit

    @property
    def id(self) -> UUID:
        return natural_id("demo-procedure", self.code)

    @property
    def officer(self) -> Actor:
        assert self.unit.officer is not None
        return self.unit.officer


@dataclass(frozen=True, order=True)
class Action:
    day: date
    seq: int
    label: str = field(compare=False)
    run: Callable[[], object] = field(compare=False)
    pace: Pace = field(compare=False)


class Timeline:
    def __init__(self) -> None:
        self.actions: list[Action] = []

    def add(self, day: date, label: str, run: Callable[[], object], pace: Pace = HUMAN) -> None:
        self.actions.append(Action(day, len(self.actions), label, run, pace))

    def play(self, app: Ledger, clock: StoryClock, progress: Callable[[int, int, str], None] | None) -> None:
        ordered = sorted(self.actions)
        with app.recorded_by(clock):
            for done, action in enumerate(ordered, 1):
                clock.begin(action.day, action.pace)
                action.run()
                if progress is not None:
                    progress(done, len(ordered), action.label)


@dataclass
class World:
    app: Ledger
    rng: random.Random
    timeline: Timeline = field(default_factory=Timeline)
    units: dict[str, Unit] = field(default_factory=dict)
    seats: dict[str, Unit] = field(default_factory=dict)  # district code -> its seat commune
    new_commune_of: dict[str, Unit] = field(default_factory=dict)  # old commune key -> commune of 01/07/2025
    procs: list[Proc] = field(default_factory=list)
    mistakes: list[Proc] = field(default_factory=list)
    admin: Actor | None = None
    controllers: tuple[Actor, ...] = ()
    staff: list[tuple[str, str, Role, Unit]] = field(default_factory=list)  # username, name, role, unit
    stats: Counter[str] = field(default_factory=Counter)

    def add(self, day: date, label: str, command: Callable[..., object], *args: object, pace: Pace = HUMAN,
            **kwargs: object) -> None:
        """Plan `command(*args, **kwargs)` on `day`; arguments are bound now, so loops cannot rebind them later."""
        self.timeline.add(day, label, partial(command, *args, **kwargs), pace)

    def controller(self) -> Actor:
        """The two TTHC controllers share the work; the choice is part of the seeded story."""
        return self.rng.choice(self.controllers)

    def by_admin(self) -> Actor:
        assert self.admin is not None
        return self.admin

    def unit_procs(self, unit: Unit) -> list[Proc]:
        return [p for p in self.procs if p.unit is unit]

    def listing_units(self) -> list[Unit]:
        return [self.units[key] for key in dict.fromkeys(p.unit.key for p in self.procs)]
