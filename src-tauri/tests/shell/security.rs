use std::collections::BTreeSet;

use serde_json::Value;

fn read_json(relative: &str) -> Value {
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every permission any capability grants. Adding one to a capability file without adding it
/// here fails this test, so a widening of what the page may do is always a reviewed change.
const ALLOWED_PERMISSIONS: &[&str] = &[
    "allow-app-status",
    "allow-list-vendors",
    "allow-create-support-request",
    "allow-list-support-requests",
    "allow-get-support-request",
    "allow-mark-interactive",
    "allow-update-support-request-details",
    "allow-change-severity",
    "allow-support-request-history",
    "allow-get-profile",
    "allow-save-profile",
    "allow-list-playbooks",
    "allow-get-playbook",
    "allow-save-playbook",
    "allow-reset-playbook",
    "allow-save-wizard-draft",
    "allow-list-wizard-drafts",
    "allow-discard-wizard-draft",
    "allow-review-readiness",
    "allow-recommend",
    "allow-plan-route",
    "allow-request-escalation",
    "allow-list-escalations",
    "allow-get-escalation",
    "allow-escalation-timeline",
    "allow-apply-escalation-action",
    "allow-set-escalation-contacts",
    "allow-link-support-request",
    "allow-add-escalation-note",
    "allow-search",
    "allow-copy-text",
    "allow-escalation-running",
    "allow-set-communication-plan",
    "allow-log-vendor-update",
    "allow-preview-call",
    "allow-schedule-call",
    "allow-reschedule-call",
    "allow-cancel-call",
    "allow-record-minutes",
    "allow-save-call-calendar",
    "allow-report-preview",
    "allow-export-report",
    "allow-recent-exports",
    "allow-dashboard",
    "allow-backup-data",
    "allow-import-data",
    "allow-add-action-item",
    "allow-update-action-item",
    "allow-engage-third-party",
    "allow-update-third-party",
    "allow-today",
    "allow-action-items",
    "allow-reminder-settings",
    "allow-save-reminder-settings",
    "allow-vendor-accounts",
    "allow-add-vendor-account",
    "allow-test-vendor-account",
    "allow-remove-vendor-account",
    "allow-sync-vendor-account",
    "allow-case-link",
    "allow-link-vendor-case",
    "allow-queue-vendor-action",
    "allow-open-vendor-case",
];

#[test]
fn capabilities_grant_only_the_allowed_permissions_to_the_main_window() {
    let dir = format!("{}/capabilities", env!("CARGO_MANIFEST_DIR"));
    let mut granted = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let capability = read_json(&format!("capabilities/{name}"));
        assert_eq!(capability["windows"], serde_json::json!(["main"]), "{name}");
        assert!(
            capability.get("remote").is_none(),
            "{name} must not grant remote URLs"
        );
        for permission in capability["permissions"].as_array().unwrap() {
            let id = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .unwrap()
                .to_owned();
            granted.insert(id);
        }
    }
    assert!(!granted.is_empty(), "no capability file was read");
    let allowed: BTreeSet<String> = ALLOWED_PERMISSIONS.iter().map(|p| p.to_string()).collect();
    let unexpected: Vec<_> = granted.difference(&allowed).collect();
    assert!(
        unexpected.is_empty(),
        "permissions outside the allow-list: {unexpected:?}"
    );
}

#[test]
fn the_content_security_policy_is_strict() {
    let config = read_json("tauri.conf.json");
    let security = &config["app"]["security"];
    assert_eq!(security["freezePrototype"], true);
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none()
    );
    let csp = security["csp"].as_object().unwrap();
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
    assert_eq!(csp["object-src"], "'none'");
    // The report preview is an <iframe srcdoc>, which inherits this policy: the report's own
    // stylesheet is allowed by its hash, nothing else inline.
    assert_eq!(
        csp["style-src"],
        format!("'self' {}", escalator_report::html::style_source())
    );
    for (directive, sources) in csp {
        let sources = sources.as_str().unwrap();
        for banned in ["https:", "http:", "*", "'unsafe-eval'", "'unsafe-inline'"] {
            let found = sources.split_whitespace().any(|s| s == banned);
            assert!(!found, "{directive} allows {banned}");
        }
    }
}
