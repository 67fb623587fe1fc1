"""View models for the four documents, built from the read side for one report request.

The figures of a report "as of D" are the ledger as recorded at the end of day D (record axis), so a
report can be rebuilt byte for byte later; its provenance is the last log position recorded by then.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.enums import Metric, ReportKind, Status, TimeAxis
from domain.errors import NotFound
from domain.reports import ReportRequest
from reports import models as m
from services.application import Ledger
from services.readmodels import Figures, Progress
from services.readside import ReadSide

WORST = {"MISSED": 3, "AT_RISK": 2, "ON_TRACK": 1, "MET": 0}
STATUS = {"MET": m.MilestoneStatus.MET, "MISSED": m.MilestoneStatus.MISSED, "AT_RISK": m.MilestoneStatus.AT_RISK,
          "ON_TRACK": m.MilestoneStatus.PENDING}
_PLACE = re.compile(r"^(UBND|Ủy ban nhân dân)\s+(tỉnh|thành phố)\s+", re.IGNORECASE)
NEUTRAL = m.Provenance("0" * 64, 0, datetime(2000, 1, 1, tzinfo=UTC))


class DocumentBuilder:
    def __init__(self, app: Ledger, read: ReadSide) -> None:
        self.app, self.read, self.q = app, read, read.queries

    def build(self, request: ReportRequest) -> m.Document:
        return {
            ReportKind.UNIT_REPORT: self.unit_report,
            ReportKind.LEVEL_SUMMARY: self.level_summary,
            ReportKind.PUBLICATION_ANNEX: self.publication_annex,
            ReportKind.EVIDENCE_PACK: self.evidence_pack,
        }[request.kind](request)

    # -- the four documents ----------------------------------------------------------------------
    def unit_report(self, r: ReportRequest) -> m.UnitReport:
        unit = self._unit(r.unit, r.as_of)
        progress = self.read.progress.progress(unit["id"], r.as_of, r.plan_code or None)
        rows = self.q.version_rows(unit["id"], r.as_of, self.q.end_of_day(r.as_of))
        procedures = tuple(m.ProcedureRow(
            name=row["name"], field=row["field"], status=row["status"], code=row["code"],
            recommendation=row["recommendation"] or None, cost_before=_dec(row["cost_before"]),
            cost_after=_dec(row["cost_after"]),
        ) for row in rows if row["status"] != Status.WITHDRAWN.value)
        return m.UnitReport(meta=self._meta(unit, r, "BC"), unit=m.UnitRef(unit["name"], self._level_name(unit)),
                            as_of=r.as_of, plan=self._plan(progress), indicators=_indicators(progress),
                            counts=_counts(progress.figures), cost=_cost(progress.figures), procedures=procedures)

    def level_summary(self, r: ReportRequest) -> m.LevelSummary:
        parent = self._unit(r.unit, r.as_of)
        levels = self._levels()
        if r.level not in levels:
            raise NotFound(f"Chưa khai báo cấp hành chính «{r.level}».")
        rows = self.read.progress.by_level(parent["id"], r.level, r.as_of, r.plan_code or None)
        plan = self._plan(rows[0]) if rows else self._plan(self.read.progress.progress(parent["id"], r.as_of))
        return m.LevelSummary(
            meta=self._meta(parent, r, "BC"), parent=m.UnitRef(parent["name"], self._level_name(parent)),
            level=levels[r.level]["name"], as_of=r.as_of, plan=plan,
            rows=tuple(m.LevelRow(unit=p.unit_name, counts=_counts(p.figures), cost=_cost(p.figures),
                                  status=_worst(p)) for p in rows))

    def publication_annex(self, r: ReportRequest) -> m.PublicationAnnex:
        unit = self._unit(r.unit, r.as_of)
        levels = self._levels()
        items, decision = [], None
        for row in self.q.published_by(r.decision_number, unit["id"], r.as_of):
            view = self.app.get_procedure(row["procedure_id"])
            level = row["levels"].split(",")[0]
            items.append(m.AnnexItem(
                change_type=m.ChangeType(row["change_type"]), level=levels.get(level, {}).get("name", level),
                level_rank=levels.get(level, {}).get("rank", 99), field=row["field"], name=row["name"],
                handling_agency=view.handling_agency, code=row["code"] or None,
                legal_basis=view.details.get("Căn cứ pháp lý", ""),
            ))
            decision = decision or self.app.decision_of(row["procedure_id"], r.decision_number)
        if not items:
            raise NotFound(f"Không có thủ tục nào được công bố, bãi bỏ theo quyết định {r.decision_number} "
                           f"tại {unit['name']}.")
        ref = m.DecisionRef(issuer=decision.issuer if decision else unit["name"],
                            number=r.decision_number.split("/")[0],
                            number_symbol=r.decision_number.partition("/")[2] or "QĐ-UBND",
                            issued_on=decision.issued_on if decision else None)
        return m.PublicationAnnex(meta=self._meta(unit, r, "QĐ"), decision=ref, items=tuple(items))

    def evidence_pack(self, r: ReportRequest) -> m.EvidencePack:
        assert r.subject is not None
        end = self.q.end_of_day(r.as_of)
        state = self.app.procedure_as_recorded(r.subject, end)
        if state is None:
            raise NotFound(f"Thủ tục chưa được thống kê vào ngày {r.as_of:%d/%m/%Y}.")
        unit = self._unit(state.managing_unit, r.as_of, must_be_in_force=False)
        identity = m.ProcedureIdentity(
            procedure_id=str(state.id), name=state.name, field=state.field, category=state.category,
            managing_unit=unit["name"], status=state.status, version=state.version,
            national_code=state.national_code or None, local_code=state.code or None)
        events = tuple(m.EvidenceEvent(
            position=h.position, version=h.version, event_type=h.event, actor=h.actor_name,
            actor_unit=h.acting_unit_name, recorded_at=h.recorded_at.astimezone(self.q.zone),
            effective_date=h.effective_date,
            changes=tuple(m.FieldChange(c.field, c.old, c.new) for c in h.changes), note=h.summary,
        ) for h in self.q.history(r.subject) if h.recorded_at <= end)
        return m.EvidencePack(meta=self._meta(unit, r, "BC"), procedure=identity, events=events)

    # -- shared parts ----------------------------------------------------------------------------
    def _meta(self, unit: dict[str, Any], r: ReportRequest, doc: str) -> m.ReportMeta:
        chain = self._ancestors(unit, r.as_of)
        superior = chain[1]["name"].upper() if len(chain) > 1 else None
        place = _PLACE.sub("", chain[-1]["name"])  # "UBND tỉnh Lạng Sơn" → "Lạng Sơn"
        kind = unit["kind"]
        title = "CHỦ TỊCH" if kind.startswith("UBND") else "GIÁM ĐỐC" if kind.startswith("Sở") else "THỦ TRƯỞNG ĐƠN VỊ"
        authority = "TM. ỦY BAN NHÂN DÂN" if kind.startswith("UBND") else None
        return m.ReportMeta(issuer=m.Issuer(unit["name"].upper(), superior), number_symbol=f"{doc}-{_initials(unit)}",
                            place=place, dated=r.as_of, signature=m.Signature(title, None, authority),
                            provenance=self.provenance(r))

    def provenance(self, r: ReportRequest) -> m.Provenance:
        """The last log position the report's figures include, and the chain link there."""
        if r.axis is TimeAxis.RECORDED:
            limit = self.q.last_position_recorded_by(self.q.end_of_day(r.as_of))
        else:
            limit = r.log_position
        position, head, recorded = self.q.chain_at(limit)
        recorded = recorded.astimezone(self.q.zone) if recorded else datetime(2000, 1, 1, tzinfo=UTC)
        return m.Provenance(head, position, recorded)  # printed in Vietnam time; the same instant

    def _unit(self, unit_id: UUID | None, on: date, must_be_in_force: bool = True) -> dict[str, Any]:
        rows = self.q.unit_rows(unit_id, on) if unit_id else []
        if not rows and not must_be_in_force and unit_id:
            rows = self.q.unit_rows(unit_id, None)
        if not rows:
            raise NotFound(f"Không có đơn vị này vào ngày {on:%d/%m/%Y}.")
        return rows[0]

    def _ancestors(self, unit: dict[str, Any], on: date) -> list[dict[str, Any]]:
        chain = [unit]
        while chain[-1]["parent"] and len(chain) < 20:
            parent_id = UUID(chain[-1]["parent"])
            parent = self.q.unit_rows(parent_id, on) or self.q.unit_rows(parent_id, None)
            if not parent:
                break
            chain.append(parent[0])
        return chain

    def _levels(self) -> dict[str, dict[str, Any]]:
        return self.q.levels()

    def _level_name(self, unit: dict[str, Any]) -> str:
        return self._levels().get(unit["level"], {}).get("name", unit["level"])

    def _plan(self, progress: Progress) -> m.PlanRef:
        plan = self.read.progress.plan(progress.plan_code or None)
        if plan is None:
            return m.PlanRef(code="—", title="Chưa có kế hoạch rà soát, đơn giản hóa")
        return m.PlanRef(plan["code"], plan["title"], date.fromisoformat(plan["issued_on"]))


def neutral(document: m.Document) -> m.Document:
    """The document without its provenance: what decides whether a stored PDF can be reused."""
    return replace(document, meta=replace(document.meta, provenance=NEUTRAL))


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _counts(f: Figures) -> m.Counts:
    return m.Counts(baseline=f.baseline, listed=f.listed, verified=f.verified, published=f.published,
                    publicised=f.publicised, reviewed=f.reviewed,
                    proposed=m.ProposalCounts(abolish=f.proposed.get("ABOLISH", 0), amend=f.proposed.get("AMEND", 0),
                                              supplement=f.proposed.get("SUPPLEMENT", 0),
                                              replace=f.proposed.get("REPLACE", 0)),
                    approved=f.approved, abolished=f.abolished, simplified=f.simplified)


def _cost(f: Figures) -> m.CostSummary:
    return m.CostSummary(before=f.cost_before, after=f.cost_after)


def _indicators(p: Progress) -> tuple[m.Indicator, ...]:
    return tuple(m.Indicator(metric=Metric(s.metric).label, threshold_pct=s.threshold_pct, deadline=s.deadline,
                             actual_pct=None if s.actual_pct is None else s.actual_pct.quantize(Decimal("0.01")),
                             status=STATUS[s.status]) for s in p.milestones)


def _worst(p: Progress) -> m.MilestoneStatus:
    if not p.milestones:
        return m.MilestoneStatus.PENDING
    return STATUS[max((s.status for s in p.milestones), key=WORST.__getitem__)]


def _initials(unit: dict[str, Any]) -> str:
    if unit["kind"].startswith("UBND"):
        return "UBND"
    words = unicodedata.normalize("NFD", unit["name"]).split()
    letters = "".join(w[0] for w in words if w[0].isalpha()).upper()
    return "".join(c for c in unicodedata.normalize("NFC", letters) if c.isascii() or c == "Đ").replace("Đ", "D")
