//! The keychain against the real Secret Service (gnome-keyring in the private D-Bus session
//! `cargo xtask test` starts): a secret round-trips, is replaced, is deleted, and a locked
//! keychain is a clear error, never a fallback.

use std::process::{Command, Stdio};
use std::time::Duration;

use escalator_vendors::Sensitive;
use escalator_vendors::keychain::{Keychain, KeychainError};

/// Tests that lock the keychain must not overlap with those that use it.
static KEYCHAIN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn keychain() -> Keychain {
    Keychain::new("dev.escalator.desktop.tests").with_timeout(Duration::from_secs(5))
}

fn account() -> String {
    format!("account-{}", std::process::id())
}

#[tokio::test]
async fn a_secret_is_stored_read_replaced_and_deleted() {
    let _only = KEYCHAIN.lock().await;
    let keychain = keychain();
    let account = format!("{}-round-trip", account());
    assert!(matches!(
        keychain.read(&account).await,
        Err(KeychainError::Missing)
    ));
    keychain
        .store(&account, Sensitive::new("first-token".to_owned()))
        .await
        .unwrap();
    assert_eq!(
        keychain.read(&account).await.unwrap().expose(),
        "first-token"
    );
    keychain
        .store(&account, Sensitive::new("second-token".to_owned()))
        .await
        .unwrap();
    assert_eq!(
        keychain.read(&account).await.unwrap().expose(),
        "second-token"
    );
    keychain.delete(&account).await.unwrap();
    assert!(matches!(
        keychain.read(&account).await,
        Err(KeychainError::Missing)
    ));
    // Deleting what is not there is not an error: the account is gone either way.
    keychain.delete(&account).await.unwrap();
}

fn secret_service(method: &str) {
    let status = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            &format!("org.freedesktop.Secret.Service.{method}"),
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{method} failed");
}

#[tokio::test]
async fn a_locked_keychain_is_a_clear_error_and_nothing_is_written_elsewhere() {
    let _only = KEYCHAIN.lock().await;
    let keychain = keychain().with_timeout(Duration::from_secs(3));
    let account = format!("{}-locked", account());
    keychain
        .store(&account, Sensitive::new("kept".to_owned()))
        .await
        .unwrap();
    secret_service("Lock");
    let read = keychain.read(&account).await;
    let store = keychain
        .store(&account, Sensitive::new("not-kept".to_owned()))
        .await;
    unlock();
    for result in [read.map(|_| ()), store] {
        let err = result.unwrap_err();
        assert!(
            matches!(err, KeychainError::Locked | KeychainError::TimedOut(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains("nlock"), "{err}");
    }
    assert_eq!(keychain.read(&account).await.unwrap().expose(), "kept");
    keychain.delete(&account).await.unwrap();
}

/// The session's daemon is replaced by one that unlocks the login keyring again with the
/// session's password, as `cargo xtask test` started it.
fn unlock() {
    let password = std::env::var("ESCALATOR_KEYRING_PASSWORD")
        .expect("run inside `cargo xtask test`, which sets ESCALATOR_KEYRING_PASSWORD");
    let mut daemon = Command::new("gnome-keyring-daemon")
        .args(["--replace", "--unlock", "--components=secrets"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut daemon.stdin.take().unwrap(), password.as_bytes()).unwrap();
    assert!(daemon.wait().unwrap().success());
}
