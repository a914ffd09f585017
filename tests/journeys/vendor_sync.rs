//! Vendor sync: a Red Hat account added in Settings against the loopback portal (the secret
//! goes to the session's Secret Service), its case imported as an SR, the severity raised
//! while the portal is offline, and delivered once when it is back — shown on the SR.

use std::time::Duration;

use escalator_e2e::{DataFolder, Outcome, RunningApp, ensure};
use escalator_vendor_fakes::Loopback;
use escalator_vendor_fakes::red_hat::{self as red_hat_fake, OFFLINE_TOKEN, RedHatData, Shared};

#[tokio::test]
async fn a_severity_raised_offline_reaches_red_hat_once_when_it_is_back() {
    let (portal, cases) = red_hat_fake::start(RedHatData {
        cases: red_hat_fake::cases(1),
        ..RedHatData::default()
    })
    .await;
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let walked = raise_offline(&app, &portal, &cases).await;
    // The account goes again, and with it its secret in the session's keychain.
    let removed = remove_account(&app).await;
    app.quit().await;
    walked.unwrap();
    removed.unwrap();
}

async fn raise_offline(app: &RunningApp, portal: &Loopback, cases: &Shared) -> Outcome {
    app.click("[data-testid='nav-settings']").await?;
    app.find("[data-testid='vendor-accounts-empty']").await?;
    app.type_into("#vendor-account-name", "Red Hat lab").await?;
    app.set_value("#vendor-account-base-url", &portal.url())
        .await?;
    app.type_into("#vendor-account-user", "dana@example.com")
        .await?;
    app.choose("#vendor-account-vendor", "redhat").await?;
    app.type_into("[data-testid='vendor-account-secret']", OFFLINE_TOKEN)
        .await?;
    app.click("[data-testid='vendor-account-add']").await?;
    app.wait_for_text("[data-testid='vendor-account']", "Red Hat lab")
        .await?;
    let secret = app
        .find("[data-testid='vendor-account-secret']")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    ensure!(
        secret.as_deref() == Some(""),
        "the secret stayed on the page"
    );

    let first = sync_now(app).await?;
    ensure!(
        first.contains("1 SRs added"),
        "the first sync said {first:?}"
    );

    app.click("[data-testid='nav-support-requests']").await?;
    app.click("[data-testid='sr-row'] td.title").await?;
    app.wait_for_text(
        "[data-testid='vendor-case-linked']",
        "Red Hat lab case 04000000",
    )
    .await?;

    portal.wire.set_offline(true);
    app.click("[data-testid='change-severity']").await?;
    app.wait_for_text(
        "[data-testid='severity-vendor-case']",
        "Red Hat lab case 04000000",
    )
    .await?;
    app.choose("#severity-to", "1").await?;
    app.type_into("#severity-note", "All order processing stopped")
        .await?;
    app.click("[data-testid='dialog-confirm']").await?;
    app.wait_for_text("[data-testid='sr-severity']", "1")
        .await?;
    app.wait_for_text(
        "[data-testid='vendor-case-outbox-item']",
        "Waiting for the next sync",
    )
    .await?;

    app.click("[data-testid='nav-settings']").await?;
    let offline = std::time::Instant::now();
    sync_now(app).await?;
    eprintln!(
        "the sync against the offline portal took {:?}",
        offline.elapsed()
    );
    app.find("[data-testid='vendor-account-error']").await?;
    let waiting = app.text("[data-testid='vendor-account']").await?;
    ensure!(
        waiting.contains("1 waiting to be delivered"),
        "offline, the account shows {waiting:?}"
    );

    portal.wire.set_offline(false);
    sync_now(app).await?;
    app.gone("[data-testid='vendor-account-error']").await?;

    app.click("[data-testid='nav-support-requests']").await?;
    app.click("[data-testid='sr-row'] td.title").await?;
    app.wait_for_text("[data-testid='vendor-case-outbox-item']", "Delivered")
        .await?;
    let history = app.text("[data-testid='sr-history']").await?;
    ensure!(
        history.contains("Delivered to Red Hat lab"),
        "the SR's timeline lacks the delivery: {history:?}"
    );
    let puts = portal.wire.count("PUT", "/support/v1/cases/04000000");
    ensure!(
        puts == 1,
        "the severity change reached the case {puts} times"
    );
    let severity = cases
        .lock()
        .map_err(|e| e.to_string())?
        .cases
        .first()
        .map(|case| case.severity.clone());
    ensure!(
        severity.as_deref() == Some("1 (Urgent)"),
        "the portal's case has severity {severity:?}"
    );
    Ok(())
}

/// Clicks "Sync now" and returns what the sync said. The schedule may be syncing the account
/// at that moment (the app allows one sync per account); then it clicks again.
async fn sync_now(app: &RunningApp) -> Outcome<String> {
    for _ in 0..10 {
        app.click("[data-testid='vendor-account-sync']").await?;
        // Against a vendor that is down a sync retries (honouring Retry-After) before it gives
        // up: up to four of the harness's waits.
        let mut ended = app.gone("[data-testid='vendor-account-busy']").await;
        for _ in 0..3 {
            if ended.is_ok() {
                break;
            }
            ended = app.gone("[data-testid='vendor-account-busy']").await;
        }
        if let Err(err) = ended {
            let account = app.text("[data-testid='vendor-account']").await?;
            return Err(format!("{err}; the account shows {account:?}"));
        }
        let note = app.text("[data-testid='vendor-account-note']").await?;
        if !note.contains("being synced already") {
            return Ok(note);
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Err("the account was still being synced by the schedule".into())
}

async fn remove_account(app: &RunningApp) -> Outcome {
    app.click("[data-testid='nav-settings']").await?;
    app.click("[data-testid='vendor-account-remove']").await?;
    app.find("[data-testid='vendor-accounts-empty']").await?;
    Ok(())
}
