//! An inline `pitag:ignore` or a `[[allow]]` entry without a reason, or one
//! that names a rule pitag does not know.
//!
//! ## Why
//! Every exception to the privacy convention must say why it is acceptable,
//! so reviewers and auditors can judge it later. An unknown rule name is a
//! typo that suppresses nothing.
//!
//! ## Example
//! ```sql
//! -- pitag:ignore missing-colum-tag
//! ```
//!
//! ## Fix
//! ```sql
//! -- pitag:ignore missing-column-tag -- ids of test fixtures, no real people
//! ```

use super::Rule;
use crate::finding::Finding;
use crate::model::Origin;

/// The finding for a suppression at `origin` that cannot be honoured.
pub fn finding(problem: &str, origin: Origin) -> Finding {
    Finding::new(Rule::InvalidSuppression, None, "", None, problem.to_string()).at(Some(&origin))
}
