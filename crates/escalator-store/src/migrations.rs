//! The schema, as forward-only migrations. A released migration is never edited: a change is
//! a new entry at the end, and the store tests open a database of every earlier version.

use rusqlite_migration::{M, Migrations};

static MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

const STEPS: &[M<'static>] = &[
    M::up(
        "CREATE TABLE support_request (
        id               TEXT PRIMARY KEY NOT NULL,
        vendor           TEXT NOT NULL,
        vendor_sr_number TEXT NOT NULL,
        title            TEXT NOT NULL,
        severity         INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
        status           TEXT NOT NULL CHECK (status IN
                             ('open', 'waiting_on_vendor', 'waiting_on_us', 'resolved', 'closed')),
        created_at       TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX support_request_vendor_number
        ON support_request (vendor, vendor_sr_number);
    CREATE INDEX support_request_created ON support_request (created_at DESC);",
    ),
    // v2: SR details, escalations, the hash-chained timeline, search, wizard drafts, the
    // user's profile and edited playbooks.
    M::up(
        "-- Rebuilt with an explicit integer key: the search index refers to rows by it, and
    -- only an INTEGER PRIMARY KEY survives VACUUM (INTO, for backups) and a dump unchanged.
    CREATE TABLE support_request_v2 (
        key              INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,
        vendor           TEXT NOT NULL,
        vendor_sr_number TEXT NOT NULL,
        title            TEXT NOT NULL,
        severity         INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
        status           TEXT NOT NULL CHECK (status IN
                             ('open', 'waiting_on_vendor', 'waiting_on_us', 'resolved', 'closed')),
        created_at       TEXT NOT NULL,
        details          TEXT NOT NULL DEFAULT '',
        updated_at       TEXT NOT NULL
    ) STRICT;
    INSERT INTO support_request_v2
            (id, vendor, vendor_sr_number, title, severity, status, created_at, updated_at)
        SELECT id, vendor, vendor_sr_number, title, severity, status, created_at, created_at
          FROM support_request ORDER BY created_at, id;
    DROP TABLE support_request;
    ALTER TABLE support_request_v2 RENAME TO support_request;
    CREATE UNIQUE INDEX support_request_vendor_number
        ON support_request (vendor, vendor_sr_number);
    CREATE INDEX support_request_created ON support_request (created_at DESC);

    CREATE TABLE escalation (
        key        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        title      TEXT NOT NULL,
        state      TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        record     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX escalation_updated ON escalation (updated_at DESC);

    CREATE TABLE escalation_support_request (
        escalation_id      TEXT NOT NULL REFERENCES escalation (id),
        support_request_id TEXT NOT NULL REFERENCES support_request (id),
        position           INTEGER NOT NULL,
        PRIMARY KEY (escalation_id, support_request_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX escalation_support_request_by_sr
        ON escalation_support_request (support_request_id);

    -- One chain per stream: an SR's own events, or an escalation's.
    CREATE TABLE timeline_event (
        id        INTEGER PRIMARY KEY,
        stream    TEXT NOT NULL,
        seq       INTEGER NOT NULL,
        kind      TEXT NOT NULL,
        at        TEXT NOT NULL,
        zone      TEXT NOT NULL,
        actor     TEXT NOT NULL,
        summary   TEXT NOT NULL,
        details   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL,
        UNIQUE (stream, seq)
    ) STRICT;

    -- Search indexes keyed by the integer key of what they index; the store keeps them in step
    -- inside the same transactions. Contentless: the text lives in the tables above.
    CREATE VIRTUAL TABLE support_request_search USING fts5(
        title, body, content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE escalation_search USING fts5(
        title, body, content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE event_search USING fts5(
        summary, body, content = '',
        tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO support_request_search (rowid, title, body)
        SELECT key, vendor_sr_number || ' ' || title, '' FROM support_request;

    CREATE TABLE wizard_draft (
        id         TEXT PRIMARY KEY NOT NULL,
        updated_at TEXT NOT NULL,
        body       TEXT NOT NULL
    ) STRICT;

    CREATE TABLE setting (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE user_playbook (
        vendor_id  TEXT PRIMARY KEY NOT NULL,
        toml       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;",
    ),
    // v3: running an escalation — its communication plan and the vendor updates against it,
    // conference calls and their minutes, action items, third-party engagements. Each row
    // keeps the domain value as JSON in `body` beside the columns that queries filter on.
    M::up(
        "CREATE TABLE communication_plan (
        escalation_id TEXT PRIMARY KEY NOT NULL REFERENCES escalation (id),
        body          TEXT NOT NULL,
        agreed_at     TEXT NOT NULL,
        -- The due time last written to the timeline as missed, so each miss is written once.
        missed_due    TEXT
    ) STRICT;

    CREATE TABLE vendor_update (
        key           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        escalation_id TEXT NOT NULL REFERENCES escalation (id),
        received_at   TEXT NOT NULL,
        body          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX vendor_update_by_escalation ON vendor_update (escalation_id, received_at);

    CREATE TABLE conference_call (
        key           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        escalation_id TEXT NOT NULL REFERENCES escalation (id),
        cancelled     INTEGER NOT NULL,
        body          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX conference_call_by_escalation ON conference_call (escalation_id);

    CREATE TABLE call_minutes (
        call_id    TEXT NOT NULL REFERENCES conference_call (id),
        occurrence TEXT NOT NULL,
        body       TEXT NOT NULL,
        PRIMARY KEY (call_id, occurrence)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE action_item (
        key           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        escalation_id TEXT NOT NULL REFERENCES escalation (id),
        status        TEXT NOT NULL,
        due_at        TEXT,
        body          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX action_item_by_escalation ON action_item (escalation_id);
    -- The views across escalations read only unfinished items.
    CREATE INDEX action_item_unfinished ON action_item (due_at)
        WHERE status NOT IN ('done', 'dropped');

    CREATE TABLE third_party_engagement (
        key           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        escalation_id TEXT NOT NULL REFERENCES escalation (id),
        body          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX third_party_engagement_by_escalation
        ON third_party_engagement (escalation_id);",
    ),
    // v4: vendor sync — accounts (their secrets live in the OS keychain, never here), links
    // from SRs to vendor cases, and the outbox of actions waiting for a vendor.
    M::up(
        "CREATE TABLE vendor_account (
        id             TEXT PRIMARY KEY NOT NULL,
        connector      TEXT NOT NULL,
        name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        base_url       TEXT NOT NULL,
        user_name      TEXT NOT NULL,
        vendor         TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        synced_through TEXT,
        last_sync_at   TEXT,
        last_error     TEXT,
        next_sync_at   TEXT
    ) STRICT;

    CREATE TABLE case_link (
        support_request_id TEXT PRIMARY KEY NOT NULL REFERENCES support_request (id),
        account_id         TEXT NOT NULL REFERENCES vendor_account (id),
        case_key           TEXT NOT NULL,
        web_url            TEXT,
        vendor_status      TEXT NOT NULL,
        vendor_updated_at  TEXT,
        comments_through   TEXT,
        UNIQUE (account_id, case_key)
    ) STRICT;

    CREATE TABLE outbox (
        key                INTEGER PRIMARY KEY,
        id                 TEXT NOT NULL UNIQUE,
        account_id         TEXT NOT NULL REFERENCES vendor_account (id),
        support_request_id TEXT NOT NULL REFERENCES support_request (id),
        case_key           TEXT NOT NULL,
        action             TEXT NOT NULL,
        queued_at          TEXT NOT NULL,
        attempted_at       TEXT,
        attempts           INTEGER NOT NULL,
        delivered_at       TEXT,
        failed             TEXT
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox (account_id, queued_at)
        WHERE delivered_at IS NULL AND failed IS NULL;
    CREATE INDEX outbox_by_support_request ON outbox (support_request_id);",
    ),
];

/// The version `PRAGMA user_version` holds once every migration has run.
pub const LATEST: usize = STEPS.len();

pub fn all() -> &'static Migrations<'static> {
    &MIGRATIONS
}
