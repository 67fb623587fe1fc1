"""Folds the log into live aggregates for the projections, using the domain's own event handlers.

Views are derived from the aggregate as the domain defines it, never from a second copy of the rules.
After a restart the cache is empty; a missed aggregate is loaded from the store at the version
just before the event being projected.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import Application

from domain.units import AdminUnit
from services import audit

CACHE_SIZE = 50_000
# Every event of an administrative unit: a fresh folder replays these up to its start (see `Folder.restart`).
UNIT_TOPICS = tuple(sorted(v.TOPIC for v in vars(AdminUnit).values()
                           if isinstance(v, type) and str(getattr(v, "TOPIC", "")).startswith(AdminUnit.TOPIC + ".")))


def iso(value: date | datetime | None) -> str | None:
    """ISO text that sorts as it compares: instants in UTC with microseconds, dates as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value.isoformat()


def kind_of(topic: str) -> tuple[str, str]:
    """("Procedure", "Published") from "tthc:Procedure.Published"."""
    body = topic.split(":", 1)[-1]
    aggregate, _, event = body.partition(".")
    return aggregate, event


@dataclass
class Item:
    """One notification, decoded and folded: what every view may read."""

    position: int
    topic: str
    aggregate_type: str
    event_name: str
    event: Any
    notification: Any
    aggregate: Any = None
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    progress: dict[str, Any] = field(default_factory=dict)
    local_date: date | None = None


class Folder:
    def __init__(self, app: Application, zone: ZoneInfo) -> None:
        self.app = app
        self.zone = zone
        self._cache: OrderedDict[UUID, Any] = OrderedDict()
        self._flat: dict[UUID, dict[str, Any]] = {}
        self._progress: dict[UUID, dict[str, Any]] = {}
        # Units as of the last folded position (never evicted): names in summaries are the names of that moment.
        self._units: dict[UUID, AdminUnit] = {}
        self.position: int | None = None  # the last folded notification; None = nothing folded since a reset

    def fold(self, notification: Any, load_progress: Any) -> Item:
        event = self.app.mapper.to_domain_event(notification)
        aggregate_type, event_name = kind_of(notification.topic)
        item = Item(notification.id, notification.topic, aggregate_type, event_name, event, notification)
        item.local_date = event.timestamp.astimezone(self.zone).date()
        previous = self._previous(event)
        is_procedure = aggregate_type == "Procedure"
        if is_procedure:
            pid = event.originator_id
            item.before = self._flat.get(pid) or ({} if previous is None else audit.raw_state(previous))
        item.aggregate = event.mutate(previous)
        self._remember(item.aggregate)
        if is_procedure:
            item.after = audit.raw_state(item.aggregate)
            self._flat[pid] = item.after
            prior = self._progress.get(pid)
            if prior is None and event.originator_version > 1:
                prior = load_progress(pid, event.originator_version - 1)
            item.progress = progress(prior, item)
            self._progress[pid] = item.progress
        elif isinstance(item.aggregate, AdminUnit):
            self._units[item.aggregate.id] = item.aggregate
        self.position = notification.id
        return item

    def restart(self, position: int) -> None:
        """Start folding after `position` with nothing cached: replay the units' events up to `position`,
        so that a resumed catch-up names units exactly as a rebuild from the first event does."""
        self.reset()
        start = 0
        while position > start and (notifications := self.app.recorder.select_notifications(
                start=start, limit=1000, stop=position, topics=UNIT_TOPICS, inclusive_of_start=False)):
            for n in notifications:
                event = self.app.mapper.to_domain_event(n)
                self._units[event.originator_id] = event.mutate(self._units.get(event.originator_id))
            start = notifications[-1].id
        self.position = position

    def _previous(self, event: Any) -> Any:
        if event.originator_version == 1:
            return None
        cached = self._cache.get(event.originator_id)
        if cached is not None and cached.version == event.originator_version - 1:
            self._cache.move_to_end(event.originator_id)
            return cached
        self._flat.pop(event.originator_id, None)
        return self.app.repository.get(event.originator_id, version=event.originator_version - 1)

    def _remember(self, aggregate: Any) -> None:
        self._cache[aggregate.id] = aggregate
        self._cache.move_to_end(aggregate.id)
        while len(self._cache) > CACHE_SIZE:
            old, _ = self._cache.popitem(last=False)
            self._flat.pop(old, None)
            self._progress.pop(old, None)

    def unit_name(self, unit_id: UUID) -> str:
        """The unit's name as of the position being folded (not as the unit stands today)."""
        unit = self._units.get(unit_id)
        return unit.name if unit is not None else str(unit_id)

    def reset(self) -> None:
        self._cache.clear()
        self._flat.clear()
        self._progress.clear()
        self._units.clear()
        self.position = None


EMPTY_PROGRESS: dict[str, Any] = {
    "listed_on": None, "verified_on": None, "published_on": None, "publicised_on": None, "reviewed_on": None,
    "recommendation": "", "proposal_kind": "", "proposed_on": None, "approved_on": None, "simplified_on": None,
    "abolished_on": None, "withdrawn_on": None, "previous_unit": None, "unit_since": None,
}


def progress(prior: dict[str, Any] | None, item: Item) -> dict[str, Any]:
    """The milestones one procedure has reached, each with the date it was reached (ISO text)."""
    s = dict(prior or EMPTY_PROGRESS)
    e, name, day = item.event, item.event_name, iso(item.local_date)
    if name == "Listed":
        s["listed_on"] = day
    elif name == "ListingVerified":
        s["verified_on"] = s["verified_on"] or day
    elif name == "Published":
        s["published_on"] = s["published_on"] or iso(e.effective_date)
    elif name == "Publicised":
        s["publicised_on"] = s["publicised_on"] or iso(e.on)
    elif name == "ReviewRecorded":
        s["reviewed_on"] = s["reviewed_on"] or day
        s["recommendation"] = e.form.recommendation.value
    elif name == "SimplificationProposed":
        s["proposal_kind"], s["proposed_on"] = e.proposal.kind.value, day
    elif name == "PlanApproved":
        s["approved_on"] = iso(e.effective_date)
    elif name == "PlanRejected":
        s["proposal_kind"], s["proposed_on"], s["approved_on"] = "", None, None
    elif name == "Implemented":
        s["simplified_on"] = iso(e.effective_date)
    elif name == "Abolished":
        s["abolished_on"] = iso(e.effective_date)
    elif name == "Transferred":
        s["previous_unit"], s["unit_since"] = str(e.from_unit), iso(e.effective_date)
    elif name == "Withdrawn" or (name == "Reclassified" and e.category is None):
        s["withdrawn_on"] = day
    return s
