//! Running an escalation: a weekly call across three zones with its calendar file, minutes
//! that become action items on both sides, one waiting on the vendor, and a communication
//! plan whose missed update is flagged and offered for re-escalation.

use escalator_e2e::{DataFolder, Outcome, RunningApp, ensure};

use crate::escalations::{attributes, escalate_through_wizard, expect_state};

#[tokio::test]
async fn an_escalation_is_run_with_calls_minutes_action_items_and_its_update_cadence() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let walked = run_the_escalation(&app, &data).await;
    app.quit().await;
    walked.unwrap();
}

async fn run_the_escalation(app: &RunningApp, data: &DataFolder) -> Outcome {
    escalate_through_wizard(app).await?;

    schedule_weekly_call(app).await?;
    // Monday 2 November 2026, 09:00 in Los Angeles (PST): 18:00 in Berlin, 22:30 in Kolkata
    // and 04:00 on Tuesday in Sydney (AEDT); the series stays in these offsets to January.
    let rows = app
        .texts("[data-testid='call-zone-table'] [data-testid='zone-row']")
        .await?;
    ensure!(rows.len() == 4, "zone table rows: {rows:?}");
    let row = |who: &str| {
        rows.iter()
            .find(|r| r.contains(who))
            .cloned()
            .unwrap_or_default()
    };
    ensure!(row("Dana Weber").contains("18:00"), "Berlin row: {rows:?}");
    ensure!(
        row("Priya Raman").contains("22:30"),
        "Kolkata row: {rows:?}"
    );
    let sydney = row("Liam Chen");
    ensure!(
        sydney.contains("04:00") && sydney.contains("+1 day"),
        "Sydney row: {sydney:?}"
    );

    // The calendar file lands in the export folder.
    app.click("[data-testid='call-export']").await?;
    let saved = app
        .wait_for_text("[data-testid='call-export-saved']", ".ics")
        .await?;
    let file = data.export_dir().join("weekly-escalation-review.ics");
    ensure!(saved.contains("weekly-escalation-review.ics"), "{saved:?}");
    let ics = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    for line in [
        "BEGIN:VCALENDAR",
        "SUMMARY:Weekly escalation review",
        "DTSTART;TZID=America/Los_Angeles:20261102T090000",
        "RRULE:FREQ=WEEKLY;COUNT=10",
        "BEGIN:VTIMEZONE",
    ] {
        ensure!(ics.contains(line), "the .ics lacks {line:?}:\n{ics}");
    }

    // Minutes of the first call, with an action item on each side.
    app.click("[data-testid='occurrence'] [data-testid='minutes-record']")
        .await?;
    app.type_into(
        "[data-testid='minutes-text']",
        "Vendor ships a debug build; we collect vmkernel logs from esx01",
    )
    .await?;
    app.click("[data-testid='minutes-item-add']").await?;
    app.type_into("[data-testid='minutes-item-title-0']", "Ship debug build")
        .await?;
    app.type_into("[data-testid='minutes-item-owner-0']", "Liam Chen")
        .await?;
    app.choose("[data-testid='minutes-item-side-0']", "vendor")
        .await?;
    app.click("[data-testid='minutes-item-add']").await?;
    app.type_into(
        "[data-testid='minutes-item-title-1']",
        "Collect vmkernel logs",
    )
    .await?;
    app.type_into("[data-testid='minutes-item-owner-1']", "Dana Weber")
        .await?;
    app.choose("[data-testid='minutes-item-side-1']", "us")
        .await?;
    app.click("[data-testid='minutes-save']").await?;
    app.gone("[data-testid='minutes-save']").await?;
    let items = app.texts("[data-testid='action-item']").await?;
    ensure!(items.len() == 2, "action items: {items:?}");

    // The vendor's item now waits on the vendor.
    let vendor_row = "[data-testid='action-item']:first-of-type";
    let first = app.text(vendor_row).await?;
    ensure!(first.contains("Ship debug build"), "first item: {first:?}");
    app.choose(
        &format!("{vendor_row} [data-testid='action-item-status']"),
        "waiting_on_vendor",
    )
    .await?;
    app.wait_for_attribute(vendor_row, "data-status", "waiting_on_vendor")
        .await?;

    // An hourly plan agreed yesterday, one update since: the next one is missed, and
    // re-escalating for it is offered with the reason filled in.
    app.click("[data-testid='plan-edit']").await?;
    app.type_into("[data-testid='plan-every']", "1").await?;
    app.choose("[data-testid='plan-unit']", "hours").await?;
    app.check("[data-testid='plan-mode-email']").await?;
    app.set_value("[data-testid='plan-agreed-at']", "2026-11-26T08:00")
        .await?;
    app.click("[data-testid='plan-save']").await?;
    app.gone("[data-testid='plan-save']").await?;
    app.click("[data-testid='update-log']").await?;
    app.set_value("[data-testid='update-received-at']", "2026-11-26T08:40")
        .await?;
    app.choose("[data-testid='update-mode']", "email").await?;
    app.type_into(
        "[data-testid='update-summary']",
        "Engineering reproduced the fault in the lab",
    )
    .await?;
    app.click("[data-testid='update-save']").await?;
    app.gone("[data-testid='update-save']").await?;
    app.find("[data-testid='vendor-update']").await?;
    app.wait_for_attribute("[data-testid='cadence-state']", "data-state", "missed")
        .await?;
    app.click("[data-testid='re-escalate-missed']").await?;
    app.find("#reason option[value='missed_updates']:checked")
        .await?;
    app.type_into(
        "#managementCall",
        "Called the Duty Manager: no update since 09:40",
    )
    .await?;
    app.click("[data-testid='dialog-confirm']").await?;
    expect_state(app, "re_escalated").await?;

    // The timeline tells the story, the missed update included (written by the reminder
    // check, which runs every 20 seconds).
    let wanted = [
        "call_scheduled",
        "call_held",
        "action_item_changed",
        "communication_plan_set",
        "update_received",
        "update_missed",
        "re_escalated",
    ];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let kinds = attributes(app, "[data-testid='timeline-row']", "data-kind").await?;
        let missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|kind| !kinds.iter().any(|k| k == kind))
            .collect();
        if missing.is_empty() {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the timeline lacks {missing:?}: {kinds:?}"));
        }
        // The screen loads the timeline when it opens; open it again a little later.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        app.click("[data-testid='nav-escalations']").await?;
        app.click("[data-testid='escalation-row']").await?;
        app.find("[data-testid='escalation-detail']").await?;
    }
    Ok(())
}

async fn schedule_weekly_call(app: &RunningApp) -> Outcome {
    app.click("[data-testid='call-schedule']").await?;
    app.type_into("[data-testid='call-title']", "Weekly escalation review")
        .await?;
    app.set_value("[data-testid='call-start']", "2026-11-02T09:00")
        .await?;
    app.set_value("[data-testid='call-zone']", "America/Los_Angeles")
        .await?;
    app.type_into("[data-testid='call-duration']", "45").await?;
    app.type_into(
        "[data-testid='call-bridge']",
        "https://meet.example.com/j/123",
    )
    .await?;
    app.type_into("[data-testid='call-dial']", "+1 555 0100,,123456#")
        .await?;
    app.choose("[data-testid='call-repeat']", "weekly").await?;
    app.choose("[data-testid='call-ends']", "count").await?;
    app.type_into("[data-testid='call-count']", "10").await?;
    for (n, (name, role, zone)) in [
        ("Dana Weber", "our_side", "Europe/Berlin"),
        (
            "Priya Raman",
            "global_escalation_program_manager",
            "Asia/Kolkata",
        ),
        ("Liam Chen", "escalation_engineer", "Australia/Sydney"),
    ]
    .into_iter()
    .enumerate()
    {
        app.click("[data-testid='call-attendee-add']").await?;
        app.type_into(&format!("[data-testid='call-attendee-name-{n}']"), name)
            .await?;
        app.choose(&format!("[data-testid='call-attendee-role-{n}']"), role)
            .await?;
        // Set rather than typed: the zone field suggests IANA names in a pop-up list, which
        // takes keys and covers the rows below while it is open.
        app.set_value(&format!("[data-testid='call-attendee-zone-{n}']"), zone)
            .await?;
    }
    app.find("[data-testid='call-preview-zones']").await?;
    app.click("[data-testid='call-save']").await?;
    app.gone("[data-testid='call-save']").await?;
    app.find("[data-testid='call']").await?;
    Ok(())
}
