//! Arbitrary bytes as every answer the Jira Service Management connector reads: a page of the
//! request list, one request, a page of comments, a page of transitions.

#![no_main]

use escalator_fuzz::{check_case, read_or_malformed};
use escalator_vendors::jira_service_management as jsm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Some(page) = read_or_malformed(jsm::parse_request_page(body)) {
        page.values.iter().for_each(check_case);
        page.next_start(0);
        page.next_start(usize::MAX);
    }
    if let Some(case) = read_or_malformed(jsm::parse_request(body)) {
        check_case(&case);
    }
    if let Some(page) = read_or_malformed(jsm::parse_comment_page(body, "dana@example.com")) {
        page.next_start(0);
    }
    if let Some(page) = read_or_malformed(jsm::parse_transition_page(body)) {
        page.next_start(0);
    }
});
