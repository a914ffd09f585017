use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use escalator_core::{NewSupportRequest, SupportRequestId, SupportRequestRecord, VendorCatalogue};
use uuid::Uuid;

pub fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_790_000_000 + secs, 0).unwrap()
}

pub fn record(
    vendor: &str,
    number: &str,
    title: &str,
    created: DateTime<Utc>,
) -> SupportRequestRecord {
    let valid = NewSupportRequest {
        vendor: vendor.into(),
        vendor_sr_number: number.into(),
        title: title.into(),
        severity: 2,
    }
    .validate(&VendorCatalogue::built_in())
    .unwrap();
    SupportRequestRecord::new(SupportRequestId(Uuid::new_v4()), valid, created)
}

pub fn database_in(dir: &Path) -> PathBuf {
    dir.join(escalator_store::DATABASE_FILE_NAME)
}

/// A folder this process cannot write to. Root ignores permission bits, so as root we use a
/// kernel folder that refuses new files to everyone.
pub fn read_only_folder(scratch: &Path) -> PathBuf {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if is_root {
        return PathBuf::from("/sys/kernel");
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch.join("read-only");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    dir
}
