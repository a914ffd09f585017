//! Vendor sync end to end below the window: a Red Hat account against the loopback portal
//! and the real keychain; cases imported once, comments counted as updates once, actions
//! queued offline and delivered exactly once, rejected credentials that lose nothing.

use std::time::Duration;

use escalator_app::{
    App, DeEscalationCriteria, DeliveryState, ErrorCode, LifecycleAction, NewVendorAccount,
    SeverityChange, SeverityChangeReason, SupportRequest, VendorAccount, VendorAction,
};
use escalator_vendor_fakes::red_hat::{
    self as red_hat_fake, Comment, OFFLINE_TOKEN, RedHatData, Shared, cases, start_time,
};
use escalator_vendor_fakes::{Fault, Loopback, quick_policy};
use escalator_vendors::Sensitive;
use escalator_vendors::keychain::{Keychain, KeychainError};

use crate::util::{Desk, details, request_input};

const TEST_SERVICE: &str = "dev.escalator.desktop.tests";

fn keychain() -> Keychain {
    Keychain::new(TEST_SERVICE).with_timeout(Duration::from_secs(5))
}

struct Portal {
    desk: Desk,
    server: Loopback,
    data: Shared,
    account: VendorAccount,
}

async fn portal(case_count: usize, token: &str) -> Portal {
    let (server, data) = red_hat_fake::start(RedHatData {
        cases: cases(case_count),
        ..RedHatData::default()
    })
    .await;
    let desk = Desk::new().map_app(|app| app.with_vendor_access(keychain(), quick_policy()));
    let account = desk
        .app
        .add_vendor_account(
            NewVendorAccount {
                connector: "red_hat".into(),
                name: "Red Hat production".into(),
                base_url: server.url(),
                user: "dana@example.com".into(),
                vendor: "redhat".into(),
            },
            Sensitive::new(token.to_owned()),
        )
        .await
        .unwrap();
    Portal {
        desk,
        server,
        data,
        account,
    }
}

impl Portal {
    fn app(&self) -> &App {
        &self.desk.app
    }

    async fn sync(&self) -> Result<escalator_app::SyncReport, escalator_app::ApiError> {
        self.app().sync_account(&self.account.id, &mut |_| {}).await
    }

    fn sr(&self, number: &str) -> SupportRequest {
        self.app()
            .list_support_requests()
            .unwrap()
            .into_iter()
            .find(|sr| sr.vendor_sr_number == number)
            .unwrap()
    }

    fn timeline_says(&self, sr: &SupportRequest, words: &str) -> usize {
        self.app()
            .support_request_history(&sr.id.to_string())
            .unwrap()
            .timeline
            .entries
            .iter()
            .filter(|e| e.event.summary.contains(words))
            .count()
    }
}

#[tokio::test]
async fn the_secret_lives_in_the_keychain_and_nowhere_else() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    let id = portal.account.id.clone();
    assert_eq!(keychain().read(&id).await.unwrap().expose(), OFFLINE_TOKEN);
    let listed = serde_json::to_string(&portal.app().vendor_accounts().unwrap()).unwrap();
    assert!(!listed.contains(OFFLINE_TOKEN), "{listed}");
    assert!(listed.contains("Red Hat production"));
    let check = portal.app().test_vendor_account(&id).await.unwrap();
    assert!(check.message.contains("signed in"), "{}", check.message);
    portal.sync().await.unwrap();
    for file in std::fs::read_dir(portal.desk.dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes
                .windows(OFFLINE_TOKEN.len())
                .any(|w| w == OFFLINE_TOKEN.as_bytes()),
            "the token reached the data folder"
        );
    }

    portal.app().remove_vendor_account(&id).await.unwrap();
    assert!(matches!(
        keychain().read(&id).await,
        Err(KeychainError::Missing)
    ));
    assert!(portal.app().vendor_accounts().unwrap().is_empty());
    assert_eq!(
        portal.app().list_support_requests().unwrap().len(),
        1,
        "SRs stay"
    );
}

#[tokio::test]
async fn a_form_without_what_is_needed_is_refused_beside_its_fields() {
    let desk = Desk::new().map_app(|app| app.with_vendor_access(keychain(), quick_policy()));
    let input = NewVendorAccount {
        connector: "red_hat".into(),
        name: " ".into(),
        base_url: "http://vendor.example".into(),
        user: "dana@example.com".into(),
        vendor: "redhat".into(),
    };
    let err = desk
        .app
        .add_vendor_account(input.clone(), Sensitive::new("t".into()))
        .await
        .unwrap_err();
    assert_eq!(err.fields[0].field, "name");
    let err = desk
        .app
        .add_vendor_account(
            NewVendorAccount {
                name: "RH".into(),
                ..input.clone()
            },
            Sensitive::new("t".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.fields[0].field, "baseUrl", "http to a remote host");
    let err = desk
        .app
        .add_vendor_account(
            NewVendorAccount {
                name: "RH".into(),
                base_url: "https://api.access.redhat.com".into(),
                ..input
            },
            Sensitive::new("  ".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.fields[0].field, "secret");
    assert!(desk.app.vendor_accounts().unwrap().is_empty());
}

#[tokio::test]
async fn a_first_sync_imports_every_case_once_and_the_next_only_what_changed() {
    let portal = portal(250, OFFLINE_TOKEN).await;
    let mut seen = Vec::new();
    let report = portal
        .app()
        .sync_account(&portal.account.id, &mut |p| seen.push(p.cases_read))
        .await
        .unwrap();
    assert_eq!(report.support_requests_added, 250);
    assert_eq!(seen, [100, 200, 250], "progress page by page");
    assert_eq!(portal.app().list_support_requests().unwrap().len(), 250);
    let first = portal.sr("04000000");
    assert_eq!(first.status, escalator_app::SrStatus::WaitingOnVendor);
    assert_eq!(first.title, "Case 0: kernel panic in nfsd");

    // The vendor moves one case; a local title edit stays ours.
    {
        let mut data = portal.data.lock().unwrap();
        let case = &mut data.cases[0];
        case.status = "Waiting on Customer".into();
        case.summary = "Renamed at the vendor".into();
        case.modified = start_time() + chrono::TimeDelta::days(2);
    }
    let report = portal.sync().await.unwrap();
    assert_eq!(report.support_requests_added, 0);
    assert_eq!(report.support_requests_changed, 1);
    let moved = portal.sr("04000000");
    assert_eq!(moved.status, escalator_app::SrStatus::WaitingOnUs);
    assert_eq!(moved.title, "Case 0: kernel panic in nfsd");
    assert_eq!(
        portal.timeline_says(&moved, "status Waiting on Customer"),
        1
    );
    assert_eq!(portal.app().list_support_requests().unwrap().len(), 250);
    let account = &portal.app().vendor_accounts().unwrap()[0];
    assert!(account.last_sync_at.is_some() && account.last_error.is_none());
}

#[tokio::test]
async fn a_vendor_comment_on_a_running_escalation_is_one_update_however_often_synced() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    portal.sync().await.unwrap();
    let sr = portal.sr("04000000");
    let sr = portal
        .app()
        .update_support_request_details(&sr.id.to_string(), details())
        .unwrap();
    let escalation = portal
        .app()
        .request_escalation(request_input(&sr, None))
        .unwrap();
    portal.data.lock().unwrap().comments.push((
        "04000000".into(),
        Comment {
            id: "c-vendor-1".into(),
            body: "We reproduced the panic in our lab.\nA hotfix build follows.".into(),
            by: "Red Hat Support".into(),
            by_type: "Associate".into(),
            at: portal.desk.now() - chrono::TimeDelta::minutes(5),
        },
    ));
    portal.data.lock().unwrap().cases[0].modified = start_time() + chrono::TimeDelta::days(3);
    let report = portal.sync().await.unwrap();
    assert_eq!(report.updates_received, 1);
    portal.data.lock().unwrap().cases[0].modified = start_time() + chrono::TimeDelta::days(4);
    portal.sync().await.unwrap();
    let running = portal.app().escalation_running(&escalation.id).unwrap();
    assert_eq!(running.updates.len(), 1);
    assert_eq!(
        running.updates[0].summary,
        "We reproduced the panic in our lab."
    );
    assert_eq!(running.updates[0].actor, "Red Hat Support");
}

#[tokio::test]
async fn a_severity_raised_offline_is_delivered_once_when_the_vendor_is_back() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    portal.sync().await.unwrap();
    let sr = portal.sr("04000000");
    let id = sr.id.to_string();
    // Raised the way the SR page does it: the linked case is told without being asked.
    let raised = portal
        .app()
        .change_severity(
            &id,
            SeverityChange {
                to: 1,
                reason: SeverityChangeReason::ImpactChanged,
                note: "Production down".into(),
            },
        )
        .unwrap();
    assert_eq!(raised.severity, 1);
    let queued = portal.app().case_link(&id).unwrap().unwrap();
    assert_eq!(queued.outbox.len(), 1);
    assert_eq!(queued.outbox[0].what, "Change severity to 1");
    assert_eq!(queued.outbox[0].state, DeliveryState::Queued);

    // Offline: the portal fails the first try and each of the three retries.
    for _ in 0..4 {
        portal
            .server
            .wire
            .fail("/support/v1/cases/04000000", Fault::Status(503, None));
    }
    let err = portal.sync().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::VendorUnavailable);
    let account = &portal.app().vendor_accounts().unwrap()[0];
    assert_eq!(account.queued, 1, "the action waits");
    assert_eq!(
        account.last_error.as_ref().map(|e| e.code),
        Some(ErrorCode::VendorUnavailable)
    );
    assert_eq!(portal.sr("04000000").severity, 1, "ours while it waits");

    // Back online, after a restart: the queue survived it.
    let Portal {
        desk,
        server,
        data,
        account,
    } = portal;
    let desk = desk
        .reopen()
        .map_app(|app| app.with_vendor_access(keychain(), quick_policy()));
    let portal = Portal {
        desk,
        server,
        data,
        account,
    };
    let report = portal.sync().await.unwrap();
    assert_eq!(report.delivered, 1);
    assert_eq!(portal.data.lock().unwrap().cases[0].severity, "1 (Urgent)");
    assert_eq!(portal.sr("04000000").severity, 1);
    assert_eq!(
        portal.timeline_says(&sr, "Delivered to Red Hat production"),
        1
    );
    let link = portal.app().case_link(&id).unwrap().unwrap();
    assert_eq!(link.outbox[0].state, DeliveryState::Delivered);
    // Another sync sends nothing more.
    let puts = portal
        .server
        .wire
        .count("PUT", "/support/v1/cases/04000000");
    portal.sync().await.unwrap();
    assert_eq!(
        portal
            .server
            .wire
            .count("PUT", "/support/v1/cases/04000000"),
        puts
    );
}

#[tokio::test]
async fn the_de_escalation_agreement_is_posted_to_the_case_once_agreed() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    portal.sync().await.unwrap();
    let sr = portal.sr("04000000");
    let sr_id = sr.id.to_string();
    let sr = portal
        .app()
        .update_support_request_details(&sr_id, details())
        .unwrap();
    let escalation = portal
        .app()
        .request_escalation(request_input(&sr, None))
        .unwrap();
    let not_yet = portal
        .app()
        .queue_vendor_action(&sr_id, VendorAction::DeEscalationAgreement)
        .unwrap_err();
    assert_eq!(not_yet.code, ErrorCode::NotAllowed);
    assert!(not_yet.message.contains("de-escalat"), "{not_yet:?}");
    assert_eq!(
        portal
            .app()
            .case_link(&sr_id)
            .unwrap()
            .unwrap()
            .de_escalation_agreement,
        None
    );

    for action in [
        LifecycleAction::Acknowledge,
        LifecycleAction::AssignEngineer {
            engineer: "Priya Raman".into(),
        },
        LifecycleAction::AgreeActionPlan {
            plan: "Hotfix build on Friday".into(),
        },
        LifecycleAction::ProposeDeEscalation,
        LifecycleAction::DeEscalate {
            criteria: DeEscalationCriteria {
                action_plan_acceptable: true,
                troubleshooting_on_track: true,
                agreement_text: "Customer agrees to de-escalate (SR comment of 4 Dec)".into(),
            },
        },
    ] {
        portal
            .app()
            .apply_escalation_action(&escalation.id, action)
            .unwrap();
    }
    let page = portal.app().vendor_case_page(&sr_id).unwrap();
    assert_eq!(page.scheme(), "https");
    assert!(page.as_str().contains("04000000"), "{page}");
    let link = portal.app().case_link(&sr_id).unwrap().unwrap();
    assert_eq!(
        link.de_escalation_agreement.as_deref(),
        Some("Customer agrees to de-escalate (SR comment of 4 Dec)")
    );
    portal
        .app()
        .queue_vendor_action(&sr_id, VendorAction::DeEscalationAgreement)
        .unwrap();
    let report = portal.sync().await.unwrap();
    assert_eq!(report.delivered, 1);
    let posted: Vec<String> = portal
        .data
        .lock()
        .unwrap()
        .comments
        .iter()
        .map(|(_, comment)| comment.body.clone())
        .collect();
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert!(posted[0].starts_with("We agree to de-escalate this case"));
    assert!(posted[0].contains("Customer agrees to de-escalate (SR comment of 4 Dec)"));
}

#[tokio::test]
async fn an_account_is_synced_once_at_a_time() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    // The first sync is still reading cases when "Sync now" asks for a second.
    portal.server.wire.fail(
        "/support/v1/cases/filter",
        Fault::Stall(Duration::from_millis(500)),
    );
    let (first, second) = tokio::join!(portal.sync(), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        portal.sync().await
    });
    let first = first.unwrap();
    let second = second.unwrap_err();
    assert_eq!(second.code, ErrorCode::NotAllowed);
    assert!(
        second.message.contains("being synced already"),
        "{second:?}"
    );
    assert_eq!(first.support_requests_added, 1);
    assert_eq!(portal.app().list_support_requests().unwrap().len(), 1);
    // Once it ended, the next one runs.
    portal.sync().await.unwrap();
}

#[tokio::test]
async fn a_comment_sent_but_never_acknowledged_is_not_posted_twice() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    portal.sync().await.unwrap();
    let sr = portal.sr("04000000");
    portal
        .app()
        .queue_vendor_action(
            &sr.id.to_string(),
            VendorAction::Comment {
                body: "sosreport from node 3 attached".into(),
            },
        )
        .unwrap();
    portal
        .server
        .wire
        .fail("/comments", Fault::AnswerLate(Duration::from_secs(3)));
    let err = portal.sync().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::VendorUnavailable);
    let link = portal.app().case_link(&sr.id.to_string()).unwrap().unwrap();
    assert_eq!(link.outbox[0].state, DeliveryState::InDoubt);

    let report = portal.sync().await.unwrap();
    assert_eq!(report.delivered, 1);
    assert_eq!(
        portal.server.wire.count("POST", "/comments"),
        1,
        "posted once"
    );
    assert_eq!(portal.data.lock().unwrap().comments.len(), 1);
}

#[tokio::test]
async fn rejected_credentials_say_so_and_lose_no_queued_action() {
    let portal = portal(1, OFFLINE_TOKEN).await;
    portal.sync().await.unwrap();
    let sr = portal.sr("04000000");
    portal
        .app()
        .queue_vendor_action(
            &sr.id.to_string(),
            VendorAction::RequestEscalation {
                reason: "No progress for three days".into(),
            },
        )
        .unwrap();
    // The offline token was revoked at Red Hat (here: replaced by a stale one).
    keychain()
        .store(&portal.account.id, Sensitive::new("a-revoked-token".into()))
        .await
        .unwrap();
    let err = portal.sync().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::CredentialsRejected);
    assert!(err.message.contains("credentials"), "{}", err.message);
    let account = &portal.app().vendor_accounts().unwrap()[0];
    assert_eq!(
        account.last_error.as_ref().map(|e| e.code),
        Some(ErrorCode::CredentialsRejected)
    );
    assert_eq!(account.queued, 1, "nothing lost");
    assert!(!portal.data.lock().unwrap().cases[0].escalated);

    keychain()
        .store(&portal.account.id, Sensitive::new(OFFLINE_TOKEN.into()))
        .await
        .unwrap();
    assert_eq!(portal.sync().await.unwrap().delivered, 1);
    assert!(portal.data.lock().unwrap().cases[0].escalated);
    assert!(
        portal.app().vendor_accounts().unwrap()[0]
            .last_error
            .is_none()
    );
}
