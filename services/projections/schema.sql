-- View tables. Dates are ISO text (YYYY-MM-DD), instants ISO text in UTC with microseconds, so the
-- two databases compare them the same way and give byte-identical answers. Money is Decimal text.

CREATE TABLE IF NOT EXISTS v_tracking (view TEXT PRIMARY KEY, position INTEGER NOT NULL);
-- The DDL digest each view was built with; a view whose DDL changed is dropped and rebuilt from the log.
CREATE TABLE IF NOT EXISTS v_schema (view TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);

-- Registry: the current state of every procedure.
CREATE TABLE IF NOT EXISTS v_registry (
    procedure_id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    national_code TEXT NOT NULL,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    category TEXT NOT NULL,
    field TEXT NOT NULL,
    levels TEXT NOT NULL,
    managing_unit TEXT NOT NULL,
    listing_unit TEXT NOT NULL,
    handling_agency TEXT NOT NULL,
    status TEXT NOT NULL,
    last_decision TEXT NOT NULL,
    in_force_from TEXT,
    publication_no INTEGER NOT NULL,
    recommendation TEXT NOT NULL,
    proposal_kind TEXT NOT NULL,
    cost_before TEXT,
    cost_after TEXT,
    reduction_pct TEXT,
    version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS v_registry_unit ON v_registry (managing_unit, status);
CREATE INDEX IF NOT EXISTS v_registry_code ON v_registry (code);
CREATE INDEX IF NOT EXISTS v_registry_field ON v_registry (field);

-- Versions on the record-time axis: the state after each event, valid until the next event.
CREATE TABLE IF NOT EXISTS v_versions (
    procedure_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    position_to INTEGER,
    recorded_from TEXT NOT NULL,
    recorded_to TEXT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    field TEXT NOT NULL,
    levels TEXT NOT NULL,
    managing_unit TEXT NOT NULL,
    status TEXT NOT NULL,
    last_decision TEXT NOT NULL,
    listed_on TEXT NOT NULL,
    verified_on TEXT,
    published_on TEXT,
    publicised_on TEXT,
    reviewed_on TEXT,
    recommendation TEXT NOT NULL,
    proposal_kind TEXT NOT NULL,
    proposed_on TEXT,
    approved_on TEXT,
    simplified_on TEXT,
    abolished_on TEXT,
    withdrawn_on TEXT,
    cost_before TEXT,
    cost_after TEXT,
    previous_unit TEXT,
    unit_since TEXT,
    PRIMARY KEY (procedure_id, version)
);
CREATE INDEX IF NOT EXISTS v_versions_unit_time ON v_versions (managing_unit, recorded_from);
CREATE INDEX IF NOT EXISTS v_versions_unit_position ON v_versions (managing_unit, position);
-- A transfer recorded ahead of its effective date: until `unit_since` the procedure stays with `previous_unit`.
CREATE INDEX IF NOT EXISTS v_versions_previous_unit ON v_versions (previous_unit, recorded_from);

-- Versions on the effective-date axis: which published content was legally in force, and when.
CREATE TABLE IF NOT EXISTS v_legal (
    procedure_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    field TEXT NOT NULL,
    levels TEXT NOT NULL,
    managing_unit TEXT NOT NULL,
    change_type TEXT NOT NULL,
    decision TEXT NOT NULL,
    publication_no INTEGER NOT NULL,
    PRIMARY KEY (procedure_id, seq)
);
CREATE INDEX IF NOT EXISTS v_legal_unit ON v_legal (managing_unit, valid_from);
CREATE TABLE IF NOT EXISTS v_legal_facts (
    procedure_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (procedure_id, position)
);

-- Audit trail: one row per stored event of any aggregate.
CREATE TABLE IF NOT EXISTS v_audit (
    position INTEGER PRIMARY KEY,
    aggregate_id TEXT NOT NULL,
    aggregate_type TEXT NOT NULL,
    version INTEGER NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    acting_unit TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    effective_date TEXT,
    summary TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS v_audit_aggregate ON v_audit (aggregate_id, version);
CREATE INDEX IF NOT EXISTS v_audit_actor ON v_audit (actor, recorded_at);
CREATE INDEX IF NOT EXISTS v_audit_unit ON v_audit (acting_unit, recorded_at);

-- Units and levels, effective-dated: one row per period in which name and parent stay the same.
CREATE TABLE IF NOT EXISTS v_units (
    unit_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    parent TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    successor TEXT,
    PRIMARY KEY (unit_id, seq)
);
CREATE INDEX IF NOT EXISTS v_units_parent ON v_units (parent, valid_from);
CREATE INDEX IF NOT EXISTS v_units_code ON v_units (code);
CREATE TABLE IF NOT EXISTS v_levels (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rank INTEGER NOT NULL,
    valid_from TEXT NOT NULL,
    retired_on TEXT
);
CREATE TABLE IF NOT EXISTS v_accounts (
    account_id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_scope TEXT NOT NULL,
    disabled INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS v_plans (
    plan_id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    scope_unit TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    baseline_date TEXT NOT NULL,
    milestones TEXT NOT NULL,
    closed_on TEXT
);

-- Integrity chain over the notification log (DESIGN.md invariant 4).
CREATE TABLE IF NOT EXISTS v_chain (
    position INTEGER PRIMARY KEY,
    link TEXT NOT NULL
);

-- Report requests and their outcomes (the reconciler re-enqueues requests still REQUESTED).
CREATE TABLE IF NOT EXISTS v_reports (
    request_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    unit TEXT,
    subject TEXT,
    level TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    plan_code TEXT NOT NULL,
    as_of TEXT NOT NULL,
    axis TEXT NOT NULL,
    batch TEXT,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    log_position INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    reason TEXT NOT NULL,
    sha256 TEXT,
    input_sha256 TEXT,
    storage_key TEXT,
    size INTEGER,
    pages INTEGER,
    chain_head TEXT,
    built_position INTEGER,
    reused_from TEXT,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS v_reports_batch ON v_reports (batch, status);
CREATE INDEX IF NOT EXISTS v_reports_status ON v_reports (status, requested_at);
CREATE INDEX IF NOT EXISTS v_reports_input ON v_reports (input_sha256);
