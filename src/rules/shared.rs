//! What several rule files share: reading replay notices, tag histories,
//! and where a config line points.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::{NoticeKind, Origin, Schema, TagEvent};
use crate::tags::{Tag, TagSet};

/// One finding per replay notice of `kind`, at the statement.
pub(crate) fn notices(ctx: &Context, kind: NoticeKind, rule: Rule, out: &mut Vec<Finding>) {
    for n in ctx.schema.notices.iter().filter(|n| n.kind == kind) {
        out.push(
            Finding::new(
                rule,
                n.schema.as_deref(),
                n.table.as_deref().unwrap_or(""),
                None,
                n.message.clone(),
            )
            .at(Some(&n.origin)),
        );
    }
}

/// An audited table or one of its columns, with its tag history and its
/// tags now: what the rules that read histories look at.
pub(crate) struct Tagged<'a> {
    pub schema: Option<&'a str>,
    pub table: &'a str,
    pub column: Option<&'a str>,
    pub history: &'a [TagEvent],
    pub now: TagSet,
}

/// Every audited table, then each of its columns.
pub(crate) fn tagged(schema: &Schema) -> impl Iterator<Item = Tagged<'_>> {
    schema
        .tables
        .values()
        .filter(|t| t.kind.is_audited())
        .flat_map(|table| {
            let own = Tagged {
                schema: table.schema.as_deref(),
                table: &table.name,
                column: None,
                history: &table.history,
                now: table.tags(),
            };
            let columns = table.columns.iter().map(move |c| Tagged {
                schema: table.schema.as_deref(),
                table: &table.name,
                column: Some(&c.name),
                history: &c.history,
                now: c.tags(),
            });
            std::iter::once(own).chain(columns)
        })
}

/// Tags that the history shows were removed at some point, by tag, with the
/// event that removed them last.
pub(crate) fn last_removals(history: &[TagEvent]) -> Vec<(Tag, usize)> {
    Tag::ALL
        .into_iter()
        .filter_map(|tag| {
            history
                .iter()
                .rposition(|e| e.before.contains(tag) && !e.after.contains(tag))
                .map(|i| (tag, i))
        })
        .collect()
}

/// Tags that were at some point removed and are absent now.
pub(crate) fn lost_now(history: &[TagEvent], now: TagSet) -> TagSet {
    let mut lost = TagSet::EMPTY;
    for (tag, _) in last_removals(history) {
        if !now.contains(tag) {
            lost.insert(tag);
        }
    }
    lost
}

/// A line of the config file, as a finding's location.
pub(crate) fn config_origin(config_file: &str, line: usize) -> Origin {
    Origin::file(config_file, line as u32)
}
