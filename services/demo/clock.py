"""The demo's record clock: Vietnamese office hours that advance with the story, never the real time.

Every event of the demo is stamped by `StoryClock.__call__`; the timeline moves the clock to the day of
each action first (`begin`), so record times follow the story and never go backwards.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

MORNING = (time(8, 0), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 0))

# Public holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4–1/5, Quốc khánh, Tết Dương lịch) with their days off.
HOLIDAYS: frozenset[date] = frozenset(
    [date(2023, 1, 2), *(date(2023, 1, d) for d in range(20, 27)), date(2023, 5, 1), date(2023, 5, 2),
     date(2023, 5, 3), date(2023, 9, 1), date(2023, 9, 4),
     date(2024, 1, 1), *(date(2024, 2, d) for d in range(8, 15)), date(2024, 4, 18), date(2024, 4, 29),
     date(2024, 4, 30), date(2024, 5, 1), date(2024, 9, 2), date(2024, 9, 3),
     date(2025, 1, 1), *(date(2025, 1, d) for d in range(25, 32)), date(2025, 2, 1), date(2025, 2, 2),
     date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2), date(2025, 9, 1), date(2025, 9, 2)]
)


def is_working(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def next_working(day: date) -> date:
    """`day` itself if it is a working day, else the next one."""
    while not is_working(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The working day `n` working days after `day` (n = 0 gives `next_working(day)`)."""
    day = next_working(day)
    for _ in range(n):
        day = next_working(day + timedelta(days=1))
    return day


class StoryClock:
    """A callable for `Ledger.recorded_by`: each call is one event, a few seconds after the previous one."""

    def __init__(self, seed: int, start: date) -> None:
        self._rng = random.Random(seed)
        self._now = datetime.combine(next_working(start), MORNING[0], tzinfo=VIETNAM)
        self.first: datetime | None = None
        self.last: datetime | None = None

    @property
    def now(self) -> datetime:
        return self._now

    def __call__(self) -> datetime:
        self._advance(timedelta(seconds=self._rng.randint(1, 4)))
        self.last = self._now.astimezone(UTC)
        self.first = self.first or self.last
        return self.last

    def begin(self, day: date, pace: tuple[int, int]) -> None:
        """Start an action on `day` (or now, if the story already ran past it), `pace` seconds after the last."""
        if day > self._now.date():
            opening = datetime.combine(next_working(day), MORNING[0], tzinfo=VIETNAM)
            # an officer gets to the task some time in the morning, or after lunch
            minutes = self._rng.choice((self._rng.randint(0, 150), self._rng.randint(330, 420)))
            self._now = opening + timedelta(minutes=minutes)
        self._advance(timedelta(seconds=self._rng.randint(*pace)))

    def _advance(self, step: timedelta) -> None:
        now = self._now + step
        local = now.timetz().replace(tzinfo=None)
        if not is_working(now.date()) or local >= AFTERNOON[1]:
            following = next_working(now.date() + timedelta(days=0 if not is_working(now.date()) else 1))
            now = datetime.combine(following, MORNING[0], tzinfo=VIETNAM) + timedelta(minutes=self._rng.randint(0, 20))
        elif local < MORNING[0]:
            now = datetime.combine(now.date(), MORNING[0], tzinfo=VIETNAM)
        elif MORNING[1] <= local < AFTERNOON[0]:
            now = datetime.combine(now.date(), AFTERNOON[0], tzinfo=VIETNAM)
            now += timedelta(minutes=self._rng.randint(0, 10))
        self._now = now
