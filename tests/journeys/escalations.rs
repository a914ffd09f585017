//! Escalating an SR: the wizard, the lifecycle to closure, the raise-severity advice, a draft
//! resumed after a relaunch, and bad input.

use escalator_e2e::{DataFolder, Outcome, RunningApp, ensure};

const PROBLEM: &str = "vMotion between esx01 and esx02 fails at 21% since 8.0 U3";
const IMPACT: &str = "The datacentre move of 400 VMs is blocked";

#[tokio::test]
async fn an_sr_is_escalated_through_the_wizard_and_run_to_closure() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let walked = full_lifecycle(&app).await;
    app.quit().await;
    walked.unwrap();
}

async fn full_lifecycle(app: &RunningApp) -> Outcome {
    escalate_through_wizard(app).await?;

    act(app, "acknowledge", &[]).await?;
    expect_state(app, "acknowledged").await?;
    act(app, "assign_engineer", &[("#engineer", "Ana Ruiz")]).await?;
    expect_state(app, "engineer_assigned").await?;
    act(
        app,
        "agree_action_plan",
        &[(
            "#plan",
            "Collect vmkernel logs; engineering reviews the trace",
        )],
    )
    .await?;
    expect_state(app, "action_plan_agreed").await?;

    app.click("[data-testid='action-re_escalate']").await?;
    app.choose("#reason", "missed_updates").await?;
    app.type_into(
        "#managementCall",
        "Called the Regional Escalation Manager at 09:00; a second engineer joins",
    )
    .await?;
    app.click("[data-testid='dialog-confirm']").await?;
    expect_state(app, "re_escalated").await?;

    act(
        app,
        "agree_action_plan",
        &[("#plan", "Hotfix on two hosts, then the rest")],
    )
    .await?;
    act(app, "propose_de_escalation", &[]).await?;
    expect_state(app, "de_escalation_proposed").await?;

    // The dialog refuses until all three criteria are confirmed.
    app.click("[data-testid='action-de_escalate']").await?;
    app.check("#actionPlanAcceptable").await?;
    app.check("#troubleshootingOnTrack").await?;
    app.click("[data-testid='dialog-confirm']").await?;
    app.find("#agreementText-error").await?;
    app.type_into(
        "#agreementText",
        "Agreed with Ana Ruiz on 27 Nov: de-escalate, root cause analysis continues",
    )
    .await?;
    app.click("[data-testid='dialog-confirm']").await?;
    expect_state(app, "de_escalated").await?;

    app.click("[data-testid='action-close']").await?;
    app.click("#rating-4").await?;
    app.type_into("#comment", "Quick once the REM was involved")
        .await?;
    app.click("[data-testid='dialog-confirm']").await?;
    expect_state(app, "closed").await?;

    app.wait_for_attribute(
        "[data-testid='lifecycle-node-closed']",
        "data-current",
        "true",
    )
    .await?;
    app.find("[data-testid='chain-intact']").await?;
    let kinds = attributes(app, "[data-testid='timeline-row']", "data-kind").await?;
    for kind in [
        "sr_opened",
        "escalation_requested",
        "acknowledged",
        "engineer_assigned",
        "action_plan_agreed",
        "re_escalated",
        "de_escalation_proposed",
        "de_escalated",
        "closed",
    ] {
        ensure!(
            kinds.iter().any(|k| k == kind),
            "the timeline lacks {kind}: {kinds:?}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_wizard_advises_raising_the_severity_when_the_impact_changed() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let walked = raise_severity(&app).await;
    app.quit().await;
    walked.unwrap();
}

async fn raise_severity(app: &RunningApp) -> Outcome {
    record_sr(app, "redhat", "04099887", "Cluster fencing loops", "3").await?;
    app.click("[data-testid='escalate-sr']").await?;
    app.click("[data-testid='wizard-next']").await?;
    app.check("#trigger-critical_impact").await?;
    app.choose("#wizard-warranted-severity", "1").await?;
    app.check("#impact-changed").await?;
    app.click("[data-testid='wizard-next']").await?;
    fill_readiness(
        app,
        "Both cluster nodes fence each other",
        "All orders stopped",
    )
    .await?;
    app.click("#milestone-none").await?;
    app.click("[data-testid='wizard-next']").await?;

    app.wait_for_attribute(
        "[data-testid='recommendation']",
        "data-advice",
        "raise_severity",
    )
    .await?;
    app.type_into(
        "#raise-severity-note",
        "The outage spread from staging to production",
    )
    .await?;
    app.click("[data-testid='raise-severity-confirm']").await?;
    let done = app.text("[data-testid='raise-severity-done']").await?;
    ensure!(done.contains("Severity 1"), "after raising: {done:?}");

    app.click("[data-testid='nav-support-requests']").await?;
    app.click("[data-testid='sr-row'] td.title").await?;
    app.wait_for_text("[data-testid='sr-severity']", "Severity 1")
        .await?;
    let kinds = attributes(app, "[data-testid='sr-event']", "data-kind").await?;
    ensure!(
        kinds.iter().any(|k| k == "severity_changed"),
        "the SR history lacks the severity change: {kinds:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_wizard_draft_is_resumed_after_a_relaunch() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let started = start_a_draft(&app).await;
    app.quit().await;
    started.unwrap();

    let app = RunningApp::launch(&data).await.unwrap();
    let resumed = resume_the_draft(&app).await;
    app.quit().await;
    resumed.unwrap();
}

async fn start_a_draft(app: &RunningApp) -> Outcome {
    record_sr(app, "cisco", "694001122", "BGP sessions flap", "2").await?;
    app.click("[data-testid='escalate-sr']").await?;
    app.click("[data-testid='wizard-next']").await?;
    app.check("#trigger-roadblock").await?;
    app.click("[data-testid='wizard-next']").await?;
    app.type_into(
        "#readiness-problem-statement",
        "BGP flaps every 90 s on the core",
    )
    .await?;
    app.wait_for_text("[data-testid='wizard-saved']", "saved")
        .await?;
    Ok(())
}

async fn resume_the_draft(app: &RunningApp) -> Outcome {
    app.click("[data-testid='nav-escalations']").await?;
    app.click("[data-testid='new-escalation']").await?;
    app.find("[data-testid='wizard-drafts']").await?;
    app.click("[data-testid='resume-draft']").await?;
    let statement = app
        .find("#readiness-problem-statement")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    ensure!(
        statement == "BGP flaps every 90 s on the core",
        "the resumed draft shows {statement:?}"
    );
    Ok(())
}

#[tokio::test]
async fn bad_input_in_the_wizard_is_explained_and_script_stays_text() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let refused = wizard_bad_input(&app).await;
    app.quit().await;
    refused.unwrap();
}

async fn wizard_bad_input(app: &RunningApp) -> Outcome {
    let script = "<script>window.__escalatorPwned = 1</script><img src=x onerror=\"window.__escalatorPwned = 2\">";
    record_sr(app, "oracle", "3-9876543210", script, "2").await?;
    let title = app.text("[data-testid='sr-detail-title']").await?;
    ensure!(
        title.contains("<script>"),
        "the title is not shown as text: {title:?}"
    );

    app.click("[data-testid='escalate-sr']").await?;
    app.click("[data-testid='wizard-next']").await?;
    app.check("#trigger-dissatisfied").await?;
    app.click("[data-testid='wizard-next']").await?;
    // Missing impact, statement not confirmed, milestone in the past.
    app.type_into("#readiness-problem-statement", script)
        .await?;
    app.click("#workaround-none").await?;
    app.click("#milestone-on").await?;
    app.set_value("#milestone-date", "2020-01-31").await?;
    app.type_into("#milestone-what", script).await?;
    app.click("[data-testid='wizard-next']").await?;
    for field in [
        "#businessImpact-error",
        "#problemStatementConfirmed-error",
        "#milestone-error",
    ] {
        app.find(field).await?;
    }
    let milestone = app.text("#milestone-error").await?;
    ensure!(
        milestone.contains("2020-01-31"),
        "milestone error {milestone:?}"
    );
    let statement = app
        .find("#readiness-problem-statement")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    ensure!(
        statement == script,
        "the typed statement was lost: {statement:?}"
    );

    let pwned = app
        .driver
        .execute("return window.__escalatorPwned ?? null;", Vec::new())
        .await
        .map_err(|e| e.to_string())?;
    ensure!(
        pwned.json().is_null(),
        "text from a field ran as script: {:?}",
        pwned.json()
    );
    Ok(())
}

/// Records a VMware SR, walks the wizard (with its checks on the route and the script) and
/// confirms: the escalation screen shows it requested.
pub(crate) async fn escalate_through_wizard(app: &RunningApp) -> Outcome {
    set_profile(app, "Americas", "ACME Corp").await?;
    record_sr(
        app,
        "vmware",
        "24512345678",
        "vMotion fails between hosts",
        "2",
    )
    .await?;

    app.click("[data-testid='escalate-sr']").await?;
    app.find("[data-testid='wizard']").await?;
    app.click("[data-testid='wizard-next']").await?;
    app.check("#trigger-critical_impact").await?;
    app.click("[data-testid='wizard-next']").await?;
    fill_readiness(app, PROBLEM, IMPACT).await?;
    app.click("#milestone-none").await?;
    app.click("[data-testid='wizard-next']").await?;

    app.wait_for_attribute("[data-testid='recommendation']", "data-advice", "escalate")
        .await?;
    app.click("[data-testid='wizard-next']").await?;

    let phone = app
        .wait_for_text("[data-testid='route-phone']", "1-877-4VMware")
        .await?;
    ensure!(phone.contains("1-877-4VMware"), "route phone {phone:?}");
    let script = app.text("[data-testid='route-script']").await?;
    for fact in ["24512345678", PROBLEM, IMPACT, "ACME Corp"] {
        ensure!(
            script.contains(fact),
            "the script lacks {fact:?}: {script:?}"
        );
    }
    app.click("[data-testid='copy-script']").await?;
    app.wait_for_text("[data-testid='copy-script-status']", "Copied")
        .await?;
    app.click("#channel-1").await?;
    app.click("[data-testid='wizard-next']").await?;
    app.click("[data-testid='wizard-confirm']").await?;

    app.find("[data-testid='escalation-detail']").await?;
    expect_state(app, "requested").await
}

pub(crate) async fn set_profile(app: &RunningApp, region: &str, organisation: &str) -> Outcome {
    app.click("[data-testid='nav-settings']").await?;
    app.choose("#profile-region", region).await?;
    app.type_into("#profile-organisation", organisation).await?;
    app.set_value("#profile-time-zone", "Europe/Berlin").await?;
    app.click("[data-testid='save-profile']").await?;
    app.find("[data-testid='profile-saved']").await?;
    Ok(())
}

/// Records an SR through the form and opens it.
pub(crate) async fn record_sr(
    app: &RunningApp,
    vendor: &str,
    number: &str,
    title: &str,
    severity: &str,
) -> Outcome {
    app.click("[data-testid='nav-support-requests']").await?;
    app.find(
        "[data-testid='sr-list'][data-loaded='true'], [data-testid='sr-empty'][data-loaded='true']",
    )
    .await?;
    app.click("[data-testid='new-sr']").await?;
    app.choose("#sr-vendor", vendor).await?;
    app.type_into("#sr-number", number).await?;
    app.type_into("#sr-title", title).await?;
    app.choose("#sr-severity", severity).await?;
    app.click("[data-testid='sr-submit']").await?;
    app.gone("[data-testid='sr-form']").await?;
    app.click("[data-testid='sr-row'] td.title").await?;
    app.find("[data-testid='sr-detail']").await?;
    Ok(())
}

pub(crate) async fn fill_readiness(app: &RunningApp, problem: &str, impact: &str) -> Outcome {
    app.type_into("#readiness-problem-statement", problem)
        .await?;
    app.check("#readiness-confirmed").await?;
    app.type_into("#readiness-business-impact", impact).await?;
    app.click("#workaround-none").await?;
    Ok(())
}

/// Takes a lifecycle action through its dialog, filling `fields` first.
pub(crate) async fn act(app: &RunningApp, action: &str, fields: &[(&str, &str)]) -> Outcome {
    app.click(&format!("[data-testid='action-{action}']"))
        .await?;
    for (css, value) in fields {
        app.type_into(css, value).await?;
    }
    app.click("[data-testid='dialog-confirm']").await?;
    app.gone("[data-testid='dialog-confirm']").await
}

pub(crate) async fn expect_state(app: &RunningApp, state: &str) -> Outcome {
    let reached = app
        .wait_for_attribute("[data-testid='escalation-state']", "data-state", state)
        .await;
    if let Err(err) = reached {
        // What the user sees explains more than the attribute: an open dialog, an error.
        let screen = app.text("body").await.unwrap_or_default();
        return Err(format!("{err}; the window shows: {screen}"));
    }
    Ok(())
}

pub(crate) async fn attributes(
    app: &RunningApp,
    css: &str,
    attribute: &str,
) -> Outcome<Vec<String>> {
    app.find(css).await?;
    let mut values = Vec::new();
    for element in app
        .driver
        .find_all(thirtyfour::By::Css(css))
        .await
        .map_err(|e| e.to_string())?
    {
        if let Some(value) = element.attr(attribute).await.map_err(|e| e.to_string())? {
            values.push(value);
        }
    }
    Ok(values)
}
