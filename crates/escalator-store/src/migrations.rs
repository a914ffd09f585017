//! The schema, as forward-only migrations. A released migration is never edited: a change is
//! a new entry at the end, and the store tests open a database of every earlier version.

use rusqlite_migration::{M, Migrations};

static MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

const STEPS: &[M<'static>] = &[M::up(
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
)];

/// The version `PRAGMA user_version` holds once every migration has run.
pub const LATEST: usize = STEPS.len();

pub fn all() -> &'static Migrations<'static> {
    &MIGRATIONS
}
