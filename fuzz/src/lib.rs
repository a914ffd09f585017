//! What every fuzz target holds a parser to, beyond not panicking: an answer is read or is
//! [`VendorError::Malformed`], and what is read keeps the promises the sync engine relies on.

use escalator_vendors::{VendorCase, VendorComment, VendorError};

/// The parsed value, or `None` after checking that the error is the one a bad answer gets.
pub fn read_or_malformed<T>(outcome: Result<T, VendorError>) -> Option<T> {
    match outcome {
        Ok(value) => Some(value),
        Err(VendorError::Malformed(_)) => None,
        Err(other) => panic!("a bad answer must be Malformed, not {other:?}"),
    }
}

pub fn check_case(case: &VendorCase) {
    assert!(
        case.severity.is_none_or(|level| (1..=4).contains(&level)),
        "severity {:?} is not 1 to 4",
        case.severity
    );
}

/// Comments reach the timeline oldest first.
pub fn check_comments(comments: &[VendorComment]) {
    assert!(
        comments.is_sorted_by_key(|c| c.created_at),
        "comments are not oldest first"
    );
}
