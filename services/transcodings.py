"""JSON transcodings for the domain's value objects. Each `name` is stored in events forever."""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoder, Transcoding

from domain import cost, enums, plans, procedure, review, units, values


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A frozen value object as a dict of its fields; nested values are transcoded by the encoder.

    Decoding skips `__post_init__`: what was stored was normalised when it was made, and replaying a
    million events should not normalise every string again. JSON lists come back as the tuples they
    were; a field added to the class after an event was stored takes the field's default.
    """

    def __init__(self, cls: type, name: str) -> None:
        self.type = cls
        self.name = name
        self.defaults = {
            f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
        }

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        obj = object.__new__(self.type)
        values = {**self.defaults, **data}
        for key, value in values.items():
            object.__setattr__(obj, key, tuple(value) if isinstance(value, list) else value)
        return obj


class EnumAsValue(Transcoding):
    def __init__(self, cls: type[Enum], name: str) -> None:
        self.type = cls
        self.name = name

    def encode(self, obj: Enum) -> str:
        return obj.value

    def decode(self, data: str) -> Enum:
        return self.type(data)


VALUE_TYPES: dict[str, type] = {
    "tthc.DecisionRef": values.DecisionRef,
    "tthc.Step": values.Step,
    "tthc.DossierItem": values.DossierItem,
    "tthc.TimeLimit": values.TimeLimit,
    "tthc.Fee": values.Fee,
    "tthc.LegalBasis": values.LegalBasis,
    "tthc.ProcedureContent": values.ProcedureContent,
    "tthc.Activity": cost.Activity,
    "tthc.OtherCost": cost.OtherCost,
    "tthc.CostWorksheet": cost.CostWorksheet,
    "tthc.Necessity": review.Necessity,
    "tthc.ComponentAssessment": review.ComponentAssessment,
    "tthc.Legality": review.Legality,
    "tthc.ReviewRound": review.ReviewRound,
    "tthc.ReviewForm": review.ReviewForm,
    "tthc.Proposal": review.Proposal,
    "tthc.Milestone": plans.Milestone,
    "tthc.RecordedReview": procedure.RecordedReview,
    "tthc.Publicity": procedure.Publicity,
    "tthc.Dated": units.Dated,
    "tthc.Level": units.Level,
}

ENUM_TYPES: dict[str, type[Enum]] = {
    f"tthc.{cls.__name__}": cls
    for cls in vars(enums).values()
    if isinstance(cls, type) and issubclass(cls, enums.Labelled) and cls is not enums.Labelled
}


def register_all(transcoder: Transcoder) -> None:
    transcoder.register(DateAsISO())
    for name, cls in VALUE_TYPES.items():
        transcoder.register(DataclassAsDict(cls, name))
    for name, enum_cls in ENUM_TYPES.items():
        transcoder.register(EnumAsValue(enum_cls, name))
