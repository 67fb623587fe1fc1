"""Small realistic report documents (Lạng Sơn, plan 243/KH-UBND), shared by the tests and the benchmark."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from reports.models import (
    AnnexItem,
    ChangeType,
    CostSummary,
    Counts,
    DecisionRef,
    EvidenceEvent,
    EvidencePack,
    FieldChange,
    Indicator,
    Issuer,
    LevelRow,
    LevelSummary,
    MilestoneStatus,
    PlanRef,
    ProcedureIdentity,
    ProcedureRow,
    ProposalCounts,
    Provenance,
    PublicationAnnex,
    ReportMeta,
    Signature,
    UnitRef,
    UnitReport,
)

ICT = timezone(timedelta(hours=7))
CHAIN_HEAD = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f7"
PLAN = PlanRef(
    code="243/KH-UBND",
    title="rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính nhà nước "
    "trên địa bàn tỉnh Lạng Sơn giai đoạn 2022 - 2025",
    issued_on=date(2022, 12, 2),
)
PROCEDURES = (
    ("Thẩm định, phê duyệt vị trí việc làm và cơ cấu ngạch công chức", "Tổ chức biên chế"),
    ("Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", "Thi đua - Khen thưởng"),
    ("Thẩm định, hướng dẫn nghiệp vụ lưu trữ hồ sơ cấp xã", "Văn thư - Lưu trữ"),
    ("Xét tặng Bằng khen của Chủ tịch UBND tỉnh", "Thi đua - Khen thưởng"),
    ("Phê duyệt kế hoạch tuyển dụng công chức", "Công chức"),
    ("Thanh lý tài sản công", "Tài sản công"),
    ("Nộp lưu hồ sơ, tài liệu vào Lưu trữ lịch sử tỉnh", "Văn thư - Lưu trữ"),
    ("Xét tặng Giấy khen của Chủ tịch UBND cấp xã", "Thi đua - Khen thưởng"),
    ("Đánh giá, xếp loại chất lượng cán bộ, công chức cấp xã", "Công chức"),
)
STATUSES = ("PUBLISHED", "REVIEWED", "PROPOSED", "APPROVED", "IMPLEMENTED", "ABOLISHED")
RECOMMENDATIONS = (None, "AMEND", "SUPPLEMENT", "KEEP", "REPLACE", "ABOLISH")


def meta(
    issuer: str = "Văn phòng",
    superior: str | None = "UBND tỉnh Lạng Sơn",
    symbol: str = "BC-VP",
    position: int = 48213,
    head: str = CHAIN_HEAD,
) -> ReportMeta:
    return ReportMeta(
        issuer=Issuer(name=issuer, superior=superior),
        number_symbol=symbol,
        place="Lạng Sơn",
        dated=date(2022, 12, 28),
        signature=Signature(title="Chánh Văn phòng", signer="Nguyễn Văn Hùng", authority=None),
        provenance=Provenance(
            chain_head=head, log_position=position, recorded_at=datetime(2022, 12, 28, 16, 30, 5, tzinfo=ICT)
        ),
        recipients=("Văn phòng Chính phủ (Cục Kiểm soát TTHC)", "Thường trực UBND tỉnh", "Lưu: VT, KSTT"),
    )


def procedure_rows(n: int) -> tuple[ProcedureRow, ...]:
    rows = [
        ProcedureRow(
            code="1.012379",
            name="Thẩm định vị trí việc làm và cơ cấu ngạch công chức",
            field="Tổ chức biên chế",
            status="APPROVED",
            recommendation="AMEND",
            cost_before=Decimal("42500000"),
            cost_after=Decimal("16500000"),
        )
    ]
    for i in range(1, n):
        name, field = PROCEDURES[i % len(PROCEDURES)]
        before = Decimal(1_700_000 + 37_500 * i)
        rows.append(
            ProcedureRow(
                code=f"2.{i:06d}.LS",
                name=f"{name} (nhóm {i})" if i >= len(PROCEDURES) else name,
                field=field,
                status=STATUSES[i % len(STATUSES)],
                recommendation=RECOMMENDATIONS[i % len(RECOMMENDATIONS)],
                cost_before=before if i % 5 else None,
                cost_after=(before * 6 // 10) if i % 5 else None,
            )
        )
    return tuple(rows)


def unit_report(n_procedures: int = 12, **changes) -> UnitReport:
    report = UnitReport(
        meta=meta(),
        unit=UnitRef(name="UBND xã Hữu Lũng", level="Cấp xã"),
        as_of=date(2022, 12, 28),
        plan=PLAN,
        indicators=(
            Indicator(
                "Tỷ lệ TTHC nội bộ được thống kê, công bố",
                Decimal(100),
                date(2023, 4, 1),
                Decimal(100),
                MilestoneStatus.MET,
            ),
            Indicator(
                "Tỷ lệ TTHC nội bộ có phương án đơn giản hóa được phê duyệt",
                Decimal(50),
                date(2024, 1, 1),
                Decimal("61.18"),
                MilestoneStatus.MET,
            ),
            Indicator(
                "Tỷ lệ TTHC nội bộ được rà soát, đơn giản hóa",
                Decimal(100),
                date(2025, 1, 1),
                Decimal("38.5"),
                MilestoneStatus.AT_RISK,
            ),
            Indicator("Tỷ lệ cắt giảm chi phí tuân thủ", Decimal(20), date(2025, 1, 1), None, MilestoneStatus.PENDING),
        ),
        counts=Counts(
            baseline=307,
            listed=307,
            verified=300,
            published=298,
            publicised=290,
            reviewed=150,
            proposed=ProposalCounts(abolish=12, amend=30, supplement=8, replace=4),
            approved=50,
            abolished=11,
            simplified=40,
        ),
        cost=CostSummary(before=Decimal("42500000"), after=Decimal("16500000")),
        procedures=procedure_rows(n_procedures),
    )
    return replace(report, **changes)


def level_summary(n_rows: int = 6) -> LevelSummary:
    communes = (
        "UBND xã Hữu Lũng",
        "UBND xã Chi Lăng",
        "UBND phường Đông Kinh",
        "UBND xã Đồng Đăng",
        "UBND xã Lộc Bình",
        "UBND xã Tràng Định",
        "UBND xã Bình Gia",
        "UBND xã Văn Quan",
    )
    statuses = (
        MilestoneStatus.MET,
        MilestoneStatus.AT_RISK,
        MilestoneStatus.MET,
        MilestoneStatus.MISSED,
        MilestoneStatus.PENDING,
        MilestoneStatus.MET,
    )
    rows = tuple(
        LevelRow(
            unit=communes[i % len(communes)] + ("" if i < len(communes) else f" ({i})"),
            counts=Counts(
                baseline=20 + i,
                listed=20 + i,
                verified=20 + i,
                published=19 + i,
                publicised=18,
                reviewed=10 + i % 7,
                proposed=ProposalCounts(abolish=1, amend=3, supplement=1, replace=0),
                approved=4,
                abolished=1 + i % 2,
                simplified=3 + i % 3,
            ),
            cost=CostSummary(before=Decimal(20_000_000 + 250_000 * i), after=Decimal(12_000_000 + 100_000 * i)),
            status=statuses[i % len(statuses)],
        )
        for i in range(n_rows)
    )
    return LevelSummary(
        meta=meta(),
        parent=UnitRef(name="tỉnh Lạng Sơn", level="Cấp tỉnh"),
        level="Cấp xã",
        as_of=date(2022, 12, 28),
        plan=PLAN,
        rows=rows,
    )


def publication_annex() -> PublicationAnnex:
    def item(change, level, rank, field, name, code=None, **kw):
        return AnnexItem(
            change_type=change,
            level=level,
            level_rank=rank,
            field=field,
            name=name,
            code=code,
            handling_agency=kw.pop("agency", "Sở Nội vụ"),
            **kw,
        )

    items = (
        item(
            ChangeType.NEW,
            "Cấp xã",
            3,
            "Thi đua - Khen thưởng",
            "Xét tặng Giấy khen của Chủ tịch UBND cấp xã",
            agency="UBND xã",
            legal_basis="Luật Thi đua, khen thưởng 2022",
        ),
        item(
            ChangeType.NEW,
            "Cấp tỉnh",
            1,
            "Thi đua - Khen thưởng",
            "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
            "1.012380",
            legal_basis="Nghị định 98/2023/NĐ-CP",
        ),
        item(
            ChangeType.NEW,
            "Cấp tỉnh",
            1,
            "Tổ chức biên chế",
            "Thẩm định, phê duyệt vị trí việc làm và cơ cấu ngạch công chức",
            "1.012381",
        ),
        item(
            ChangeType.AMENDED,
            "Cấp tỉnh",
            1,
            "Tài sản công",
            "Thanh lý tài sản công",
            "1.012382",
            agency="Sở Tài chính",
            legal_basis="Nghị định 151/2017/NĐ-CP",
        ),
        item(
            ChangeType.SUPPLEMENTED,
            "Cấp tỉnh",
            1,
            "Tài sản công",
            "Điều chuyển tài sản công giữa các cơ quan",
            agency="Sở Tài chính",
        ),
        item(
            ChangeType.REPLACED,
            "Cấp tỉnh",
            1,
            "Công chức",
            "Phê duyệt kế hoạch tuyển dụng công chức",
            replaces="Phê duyệt kế hoạch tuyển dụng công chức (QĐ 1234/QĐ-UBND)",
        ),
        item(
            ChangeType.ABOLISHED,
            "Cấp xã",
            3,
            "Văn thư - Lưu trữ",
            "Đăng ký, phát hành văn bản đi",
            agency="UBND xã",
            note="Bãi bỏ theo phương án được phê duyệt",
        ),
        item(
            ChangeType.STANDARDISED,
            "Cấp tỉnh",
            1,
            "Kiểm soát TTHC",
            "Phê duyệt quy trình nội bộ, quy trình điện tử giải quyết TTHC",
            agency="Văn phòng UBND tỉnh",
        ),
    )
    return PublicationAnnex(
        meta=meta(issuer="Ủy ban nhân dân tỉnh Lạng Sơn", superior=None, symbol="QĐ-UBND"),
        decision=DecisionRef(issuer="Chủ tịch UBND tỉnh Lạng Sơn", number=None, issued_on=date(2022, 12, 28)),
        items=items,
    )


def evidence_pack(n_events: int = 6) -> EvidencePack:
    base = datetime(2022, 10, 3, 8, 15, 0, tzinfo=ICT)
    kinds = (
        "Listed",
        "DraftAmended",
        "Submitted",
        "ListingVerified",
        "Published",
        "Publicised",
        "ReviewRecorded",
        "SimplificationProposed",
        "PlanApproved",
    )
    events = []
    for i in range(n_events):
        kind = kinds[i % len(kinds)]
        changes = ()
        if kind == "DraftAmended":
            changes = (
                FieldChange("time_limit", "20 ngày làm việc", "15 ngày làm việc"),
                FieldChange("name", "Xét tặng Chiến sĩ thi đua", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh"),
            )
        events.append(
            EvidenceEvent(
                position=1000 + 37 * i,
                version=i + 1,
                event_type=kind,
                actor="Trần Thị Ngọc Ánh" if i % 2 else "Hoàng Đức Mạnh",
                actor_unit="Sở Nội vụ" if i % 2 else "Văn phòng UBND tỉnh",
                recorded_at=base + timedelta(days=3 * i, minutes=7 * i),
                effective_date=date(2022, 12, 28) if kind in ("Published", "PlanApproved") else None,
                changes=changes,
                note="Quyết định 2345/QĐ-UBND" if kind == "Published" else "",
            )
        )
    return EvidencePack(
        meta=meta(symbol="HSCC-VP"),
        procedure=ProcedureIdentity(
            procedure_id="7c1e2a9e-4b8f-4d2a-9a51-3f0c8d6b2e11",
            name="Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
            field="Thi đua - Khen thưởng",
            category="INTRA_ORGANISATION",
            managing_unit="Sở Nội vụ tỉnh Lạng Sơn",
            status="APPROVED",
            version=n_events,
            national_code="1.012380",
        ),
        events=tuple(events),
    )
