"""What the ledger stores is a contract: every value has a transcoding, every event an explicit topic.

Types are discovered by scanning the domain package, so a value or event added without its
transcoding or topic fails here before it reaches a database. The frozen lists at the end hold
what is already stored somewhere: they may grow, never shrink or change.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import Enum
from types import ModuleType
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoder
from eventsourcing.utils import get_topic, resolve_topic

import domain
from domain import cost, values
from domain.base import LedgerAggregate
from domain.cost import Activity, CostWorksheet, OtherCost
from domain.enums import Metric, PublicityChannel, Recommendation
from domain.plans import Milestone
from domain.procedure import Publicity, RecordedReview
from domain.review import ComponentAssessment, Legality, Necessity, Proposal, ReviewForm, ReviewRound
from domain.units import Dated, Level
from domain.values import DecisionRef, DossierItem, Fee, LegalBasis, Step, TimeLimit
from services.application import Ledger
from services.settings import Settings
from services.transcodings import ENUM_TYPES, VALUE_TYPES
from tests.support import builders as b

# Values that live only in memory (who is acting; derived cost figures). They must never appear in an
# event: the last test of the "discovery" section checks that.
TRANSIENT: set[type] = {values.Actor, cost.Saving, cost.CutCount}


def domain_modules() -> list[ModuleType]:
    return [importlib.import_module(f"domain.{m.name}") for m in pkgutil.iter_modules(domain.__path__)]


def defined_in_domain(predicate: Any) -> set[type]:
    return {obj for module in domain_modules() for obj in vars(module).values()
            if isinstance(obj, type) and obj.__module__ == module.__name__ and predicate(obj)}


def value_classes() -> set[type]:
    return defined_in_domain(lambda c: dataclasses.is_dataclass(c) and not issubclass(c, Aggregate.Event))


def enum_classes() -> set[type[Enum]]:
    return defined_in_domain(lambda c: issubclass(c, Enum) and len(c) > 0)  # type: ignore[arg-type]


def aggregate_classes() -> set[type[LedgerAggregate]]:
    return defined_in_domain(lambda c: issubclass(c, LedgerAggregate) and c is not LedgerAggregate)


def event_classes(aggregate: type) -> list[type]:
    """Every event an aggregate can record (the nested `Event` base is abstract and never stored)."""
    return [v for k, v in vars(aggregate).items()
            if isinstance(v, type) and issubclass(v, Aggregate.Event) and k != "Event"]


def all_events() -> list[type]:
    return [e for a in aggregate_classes() for e in event_classes(a)]


@pytest.fixture(scope="module")
def transcoder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Transcoder]:
    app = Ledger(Settings(data_dir=tmp_path_factory.mktemp("transcodings")))
    yield app.mapper.transcoder
    app.close()


# -- discovery -----------------------------------------------------------------------------------

def test_the_scan_finds_the_domains_values_enums_aggregates_and_events():
    assert {values.ProcedureContent, cost.CostWorksheet, Level}.issubset(value_classes())
    assert Recommendation in enum_classes()
    assert len(aggregate_classes()) >= 8
    assert len(all_events()) >= len(STORED_EVENTS)


def test_every_domain_value_is_registered_unless_it_is_transient():
    registered = set(VALUE_TYPES.values())
    missing = value_classes() - TRANSIENT - registered
    assert not missing, f"register these in services/transcodings.py: {sorted(c.__name__ for c in missing)}"
    assert registered <= value_classes()


def test_every_domain_enum_is_registered():
    missing = enum_classes() - set(ENUM_TYPES.values())
    assert not missing, f"register these in services/transcodings.py: {sorted(c.__name__ for c in missing)}"


def test_the_application_transcoder_knows_every_registered_type(transcoder: Transcoder):
    names = {**VALUE_TYPES, **ENUM_TYPES}
    for name, cls in names.items():
        assert transcoder.types[cls].name == name  # type: ignore[attr-defined]
    assert transcoder.types[date].name == "date_iso"  # type: ignore[attr-defined]


def test_transcoding_names_are_unique_and_prefixed():
    names = [*VALUE_TYPES, *ENUM_TYPES]
    assert len(names) == len(set(names))
    assert all(n.startswith("tthc.") for n in names)


def test_transient_values_never_appear_in_an_event():
    pattern = re.compile(r"\b(" + "|".join(c.__name__ for c in TRANSIENT) + r")\b")
    for event in all_events():
        for cls in event.__mro__:
            for name, annotation in vars(cls).get("__annotations__", {}).items():
                assert not pattern.search(str(annotation)), f"{event.__qualname__}.{name}: {annotation}"


# -- round trips ---------------------------------------------------------------------------------

SAMPLES: dict[type, Any] = {
    DecisionRef: b.decision(),
    Step: Step(1, "Sở Nội vụ", "Thẩm định", Decimal("2.5")),
    DossierItem: DossierItem("Tờ trình", 1, 2),
    TimeLimit: TimeLimit(20),
    Fee: Fee("Lệ phí thẩm định", Decimal(50_000)),
    LegalBasis: LegalBasis("98/2023/NĐ-CP", "Điều 30"),
    values.ProcedureContent: b.content(),
    Activity: Activity("Chuẩn bị hồ sơ", Decimal("16.5")),
    OtherCost: OtherCost("In ấn", Decimal(200_000)),
    CostWorksheet: b.worksheet(),
    Necessity: Necessity(("Bảo đảm đúng người",), still_valid=False, met=False, alternatives="Phần mềm"),
    ComponentAssessment: ComponentAssessment("Thành phần hồ sơ", False, "Trùng lặp", "Bỏ bản giấy"),
    Legality: Legality(False, True, "Trái Điều 5"),
    ReviewRound: ReviewRound("243/KH-UBND", 2023),
    ReviewForm: b.review_form(),
    Proposal: b.proposal(),
    Milestone: Milestone(Metric.COST_CUT, Decimal("20.5"), date(2025, 12, 31), ("province",), "QĐ 1085"),
    RecordedReview: RecordedReview(uuid4(), ReviewRound("243/KH-UBND", 2023), b.review_form(), b.worksheet()),
    Publicity: Publicity(PublicityChannel.PORTAL, "https://dichvucong.gov.vn", date(2023, 3, 21)),
    Dated: Dated(date(2025, 7, 1), UUID("8acacc12-a500-540f-be34-5327ba556c2e")),
    Level: Level("district", "Cấp huyện", 2, date(1976, 1, 1), date(2025, 7, 1)),
}


def test_there_is_a_sample_of_every_registered_value():
    assert set(SAMPLES) == set(VALUE_TYPES.values())


@pytest.mark.parametrize("cls", sorted(VALUE_TYPES.values(), key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_value_comes_back_from_json_equal(transcoder: Transcoder, cls: type):
    sample = SAMPLES[cls]
    back = transcoder.decode(transcoder.encode({"value": sample}))["value"]
    assert type(back) is cls
    assert back == sample


@pytest.mark.parametrize("cls", sorted(ENUM_TYPES.values(), key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_enum_member_comes_back_from_json_as_itself(transcoder: Transcoder, cls: type[Enum]):
    for member in cls:
        assert transcoder.decode(transcoder.encode([member]))[0] is member


def test_values_nested_in_lists_and_dicts_come_back(transcoder: Transcoder):
    state = {"history": [Dated(date(1976, 1, 1), None), Dated(date(2025, 7, 1), uuid4())],
             "levels": {"district": SAMPLES[Level]}, "money": Decimal("0.10")}
    assert transcoder.decode(transcoder.encode(state)) == state


# -- topics --------------------------------------------------------------------------------------

def test_every_aggregate_has_an_explicit_tthc_topic():
    for aggregate in aggregate_classes():
        assert "TOPIC" in vars(aggregate), aggregate.__name__
        assert f"tthc:{aggregate.__name__}" == aggregate.TOPIC


def test_every_event_has_an_explicit_topic_under_its_aggregates_topic():
    for aggregate in aggregate_classes():
        events = event_classes(aggregate)
        assert events, aggregate.__name__
        for event in events:
            topic = get_topic(event)
            assert topic == event.TOPIC
            assert topic.startswith(f"{aggregate.TOPIC}."), f"{event.__qualname__}: {topic}"
            assert resolve_topic(topic).__qualname__ == event.__qualname__


def test_event_topics_are_unique():
    topics = [get_topic(e) for e in all_events()]
    assert len(topics) == len(set(topics))


def test_every_event_names_who_acted():
    for event in all_events():
        names = {f.name for f in dataclasses.fields(event)}
        assert {"actor", "acting_unit"} <= names, event.__qualname__


# -- what is already stored: may grow, never shrink or change --------------------------------------

STORED_EVENTS: dict[str, tuple[str, ...]] = {
    "tthc:Account.Disabled": ("actor", "acting_unit", "reason"),
    "tthc:Account.Registered": ("actor", "acting_unit", "username", "display_name", "role", "unit_scope"),
    "tthc:Account.RoleChanged": ("actor", "acting_unit", "role"),
    "tthc:Account.ScopeChanged": ("actor", "acting_unit", "unit_scope"),
    "tthc:AdminUnit.Dissolved": ("actor", "acting_unit", "effective_date", "decision", "successor"),
    "tthc:AdminUnit.Established": ("actor", "acting_unit", "code", "name", "kind", "level", "parent",
                                   "effective_date", "decision"),
    "tthc:AdminUnit.MergedInto": ("actor", "acting_unit", "successor", "effective_date", "decision"),
    "tthc:AdminUnit.Renamed": ("actor", "acting_unit", "name", "effective_date", "decision"),
    "tthc:AdminUnit.Reparented": ("actor", "acting_unit", "parent", "effective_date", "decision"),
    "tthc:CostParameters.HourlyIncomeSet": ("actor", "acting_unit", "year", "vnd_per_hour", "source"),
    "tthc:CostParameters.Started": ("actor", "acting_unit", "scope_unit"),
    "tthc:Hierarchy.LevelDefined": ("actor", "acting_unit", "code", "name", "rank", "valid_from"),
    "tthc:Hierarchy.LevelRetired": ("actor", "acting_unit", "code", "effective_date", "decision"),
    "tthc:Hierarchy.Started": ("actor", "acting_unit"),
    "tthc:Plan.Adopted": ("actor", "acting_unit", "code", "title", "scope_unit", "issued_on", "baseline_date",
                          "milestones"),
    "tthc:Plan.Closed": ("actor", "acting_unit", "on"),
    "tthc:Plan.MilestoneAmended": ("actor", "acting_unit", "index", "milestone", "reason"),
    "tthc:Procedure.Abolished": ("actor", "acting_unit", "decision", "effective_date"),
    "tthc:Procedure.DraftAmended": ("actor", "acting_unit", "changes"),
    "tthc:Procedure.Implemented": ("actor", "acting_unit", "document", "effective_date", "revised_content"),
    "tthc:Procedure.Listed": ("actor", "acting_unit", "managing_unit", "listing_unit", "content"),
    "tthc:Procedure.ListingReturned": ("actor", "acting_unit", "reason"),
    "tthc:Procedure.ListingVerified": ("actor", "acting_unit", "note"),
    "tthc:Procedure.PlanApproved": ("actor", "acting_unit", "decision", "effective_date"),
    "tthc:Procedure.PlanRejected": ("actor", "acting_unit", "reason", "decision"),
    "tthc:Procedure.Publicised": ("actor", "acting_unit", "channel", "url", "on"),
    "tthc:Procedure.Published": ("actor", "acting_unit", "decision", "effective_date", "change_type"),
    "tthc:Procedure.Reclassified": ("actor", "acting_unit", "category", "not_internal_reason"),
    "tthc:Procedure.ReviewRecorded": ("actor", "acting_unit", "reviewing_unit", "round", "form", "cost_before"),
    "tthc:Procedure.SimplificationProposed": ("actor", "acting_unit", "proposal"),
    "tthc:Procedure.Submitted": ("actor", "acting_unit"),
    "tthc:Procedure.Transferred": ("actor", "acting_unit", "from_unit", "to_unit", "effective_date", "cause"),
    "tthc:Procedure.Withdrawn": ("actor", "acting_unit", "reason", "note"),
    "tthc:ProcedureCode.Reclaimed": ("actor", "acting_unit", "procedure"),
    "tthc:ProcedureCode.Released": ("actor", "acting_unit"),
    "tthc:ProcedureCode.Reserved": ("actor", "acting_unit", "unit", "code", "procedure"),
    "tthc:ReportRequest.Failed": ("actor", "acting_unit", "reason", "attempt", "final"),
    "tthc:ReportRequest.Generated": ("actor", "acting_unit", "sha256", "size", "pages", "storage_key", "chain_head",
                                     "log_position", "reused_from"),
    "tthc:ReportRequest.Requested": ("actor", "acting_unit", "kind", "unit", "subject", "as_of", "axis", "batch",
                                     "log_position"),
}

STORED_VALUES: dict[str, tuple[str, ...]] = {
    "tthc.Activity": ("name", "hours"),
    "tthc.ComponentAssessment": ("component", "reasonable", "problem", "proposal"),
    "tthc.CostWorksheet": ("year", "hourly_income", "activities", "fees", "other_costs", "subjects_per_year",
                           "times_per_subject_per_year", "hourly_income_source"),
    "tthc.Dated": ("since", "value"),
    "tthc.DecisionRef": ("number", "issued_on", "signer", "issuer"),
    "tthc.DossierItem": ("name", "originals", "copies"),
    "tthc.Fee": ("name", "vnd"),
    "tthc.LegalBasis": ("document", "articles"),
    "tthc.Legality": ("competent_issuer", "consistent_with_higher_law", "notes"),
    "tthc.Level": ("code", "name", "rank", "valid_from", "retired_on"),
    "tthc.Milestone": ("metric", "threshold_pct", "deadline", "levels", "source"),
    "tthc.Necessity": ("objectives", "still_valid", "met", "alternatives"),
    "tthc.OtherCost": ("name", "vnd"),
    "tthc.ProcedureContent": ("name", "category", "field", "levels", "handling_agency", "deciding_agency",
                              "coordinating_agencies", "subject", "steps", "channels", "dossier", "time_limit",
                              "result", "conditions", "fees", "legal_bases", "national_code", "local_code",
                              "is_joined_up"),
    "tthc.Proposal": ("kind", "change", "reason", "implementing_recommendation", "roadmap", "cost_after",
                      "revised_content"),
    "tthc.Publicity": ("channel", "url", "on"),
    "tthc.RecordedReview": ("reviewing_unit", "round", "form", "cost_before"),
    "tthc.ReviewForm": ("necessity", "reasonableness", "legality", "recommendation", "measures"),
    "tthc.ReviewRound": ("plan_code", "year"),
    "tthc.Step": ("order", "actor", "action", "days"),
    "tthc.TimeLimit": ("value", "unit"),
}

STORED_ENUMS: dict[str, tuple[str, ...]] = {
    "tthc.Category": ("INTER_AGENCY", "INTRA_ORGANISATION"),
    "tthc.ChangeType": ("NEW", "AMENDED", "SUPPLEMENTED", "REPLACED", "STANDARDISED"),
    "tthc.Channel": ("IN_PERSON", "POST", "ONLINE", "E_OFFICE"),
    "tthc.Measure": ("CUT_DOSSIER_ITEM", "SHORTEN_TIME", "CUT_STEP", "DELEGATE", "JOIN_UP", "MOVE_ONLINE",
                     "REUSE_DATA"),
    "tthc.Metric": ("LISTED_PUBLISHED", "PROPOSED", "REVIEWED", "PROCEDURES_CUT", "PROCEDURES_ABOLISHED", "COST_CUT"),
    "tthc.PublicityChannel": ("PORTAL", "CSDLQG", "NOTICE_BOARD"),
    "tthc.Recommendation": ("KEEP", "ABOLISH", "AMEND", "SUPPLEMENT", "REPLACE"),
    "tthc.ReportKind": ("UNIT_REPORT", "LEVEL_SUMMARY", "PUBLICATION_ANNEX", "EVIDENCE_PACK"),
    "tthc.Role": ("UNIT_OFFICER", "CONTROLLER", "AUDITOR", "ADMINISTRATOR"),
    "tthc.Status": ("DRAFT", "SUBMITTED", "RETURNED", "VERIFIED", "PUBLISHED", "REVIEWED", "PROPOSED", "APPROVED",
                    "IMPLEMENTED", "ABOLISHED", "WITHDRAWN"),
    "tthc.TimeAxis": ("EFFECTIVE", "RECORDED"),
    "tthc.TimeUnit": ("WORKING_DAY", "DAY"),
    "tthc.TransferCause": ("UNIT_MERGED", "UNIT_DISSOLVED", "COMPETENCE_MOVED"),
    "tthc.WithdrawalReason": ("LISTED_IN_ERROR", "DUPLICATE", "NOT_INTERNAL"),
}


def test_every_stored_event_topic_still_resolves_and_keeps_its_fields():
    current = {get_topic(e): e for e in all_events()}
    for topic, names in STORED_EVENTS.items():
        assert topic in current, f"stored topic {topic} vanished: register it with register_topic"
        fields = {f.name for f in dataclasses.fields(current[topic])}
        assert set(names) <= fields, f"{topic} lost fields {set(names) - fields}"


def test_every_stored_value_name_still_decodes_with_its_fields():
    for name, names in STORED_VALUES.items():
        assert name in VALUE_TYPES, f"stored transcoding {name} vanished"
        assert set(names) <= {f.name for f in dataclasses.fields(VALUE_TYPES[name])}


def test_every_stored_enum_value_still_decodes():
    for name, members in STORED_ENUMS.items():
        assert name in ENUM_TYPES, f"stored enum {name} vanished"
        assert set(members) <= {m.value for m in ENUM_TYPES[name]}
