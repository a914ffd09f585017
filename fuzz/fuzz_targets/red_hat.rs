//! Arbitrary bytes as every answer the Red Hat connector reads: SSO's token, a page of the case
//! list, one case, a case's comments.

#![no_main]

use escalator_fuzz::{check_case, check_comments, read_or_malformed};
use escalator_vendors::red_hat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    read_or_malformed(red_hat::parse_token(body));
    if let Some(list) = read_or_malformed(red_hat::parse_case_list(body)) {
        list.cases.iter().for_each(check_case);
    }
    if let Some(case) = read_or_malformed(red_hat::parse_case(body)) {
        check_case(&case);
    }
    if let Some(comments) = read_or_malformed(red_hat::parse_comments(body)) {
        check_comments(&comments);
    }
});
