//! Arbitrary bytes as every answer the Zendesk connector reads: the signed-in user, a page of
//! the request list, one request, a page of comments (joined into a thread as the connector
//! does).

#![no_main]

use escalator_fuzz::{check_case, check_comments, read_or_malformed};
use escalator_vendors::{VendorError, zendesk};
use libfuzzer_sys::fuzz_target;

const SITE: &str = "https://acme.zendesk.com";

fuzz_target!(|body: &[u8]| {
    match zendesk::parse_me(body) {
        // Zendesk's anonymous user (no id) is how it says the token signs in as no one.
        Err(VendorError::CredentialsRejected) => {}
        other => {
            read_or_malformed(other);
        }
    }
    if let Some(page) = read_or_malformed(zendesk::parse_request_page(body, SITE)) {
        page.cases.iter().for_each(check_case);
        read_or_malformed(page.next_cursor(None));
        read_or_malformed(page.next_cursor(Some("eyJvIjo0fQ")));
    }
    if let Some(case) = read_or_malformed(zendesk::parse_request(body, SITE)) {
        check_case(&case);
    }
    if let Some(page) = read_or_malformed(zendesk::parse_comment_page(body)) {
        read_or_malformed(page.next_cursor(None));
        let mut thread = zendesk::CommentThread::default();
        thread.add(page);
        let my_id = thread.needs_my_id(None).then_some(1);
        check_comments(&thread.into_comments(None, my_id));
    }
});
