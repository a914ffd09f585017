// Declaring the app's commands makes Tauri's ACL govern them: a window may call only the
// commands its capability file lists.
const COMMANDS: &[&str] = &[
    "app_status",
    "list_vendors",
    "create_support_request",
    "list_support_requests",
    "get_support_request",
    "mark_interactive",
    "update_support_request_details",
    "change_severity",
    "support_request_history",
    "get_profile",
    "save_profile",
    "list_playbooks",
    "get_playbook",
    "save_playbook",
    "reset_playbook",
    "save_wizard_draft",
    "list_wizard_drafts",
    "discard_wizard_draft",
    "review_readiness",
    "recommend",
    "plan_route",
    "request_escalation",
    "list_escalations",
    "get_escalation",
    "escalation_timeline",
    "apply_escalation_action",
    "set_escalation_contacts",
    "link_support_request",
    "add_escalation_note",
    "search",
    "copy_text",
    "escalation_running",
    "set_communication_plan",
    "log_vendor_update",
    "preview_call",
    "schedule_call",
    "reschedule_call",
    "cancel_call",
    "record_minutes",
    "save_call_calendar",
    "add_action_item",
    "update_action_item",
    "engage_third_party",
    "update_third_party",
    "today",
    "action_items",
    "reminder_settings",
    "save_reminder_settings",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        println!("cargo::error={err:#}");
    }
}
