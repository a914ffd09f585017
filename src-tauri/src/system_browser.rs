//! Opening a page in the user's own browser: a vendor case, from the address the vendor's API
//! gave. Only https addresses leave the app this way; the window itself never navigates away
//! (see `is_app_page`) and is granted none of the opener plugin's commands.

use escalator_app::{ApiError, ErrorCode};

/// The system's default browser, held as app state so a command can be tested without one.
#[derive(Debug, Default)]
pub struct SystemBrowser;

impl SystemBrowser {
    pub fn open(&self, page: &url::Url) -> Result<(), ApiError> {
        if page.scheme() != "https" {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                "Only https pages are opened in the browser.",
            ));
        }
        tauri_plugin_opener::open_url(page.as_str(), None::<&str>).map_err(|err| {
            tracing::warn!(error = %err, "the system browser did not open");
            ApiError::new(
                ErrorCode::Internal,
                format!("The browser did not open: {err}. The address is {page}."),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_pages_leave_the_app() {
        for page in [
            "http://access.redhat.com/support/cases/#/case/04000000",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ] {
            let page = url::Url::parse(page).unwrap();
            let err = SystemBrowser.open(&page).unwrap_err();
            assert_eq!(err.code, ErrorCode::NotAllowed, "{page}");
        }
    }
}
