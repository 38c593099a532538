//! Side-by-side comparison of two template versions.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Unchanged,
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// Present in both, with different text.
    Modified,
}

/// One row of a side-by-side view. Line numbers are 1-based; `None` leaves that
/// side of the row empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub kind: ChangeKind,
    pub old_line: Option<usize>,
    pub old_text: Option<String>,
    pub new_line: Option<usize>,
    pub new_text: Option<String>,
}

/// Rows for showing `old` and `new` side by side. Within a changed block, removed
/// and added lines are paired into `Modified` rows; the surplus of either side
/// stays `Removed` or `Added`.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let text_diff = TextDiff::from_lines(old, new);
    let mut rows = Vec::new();
    let mut removed: Vec<(usize, String)> = Vec::new();
    let mut added: Vec<(usize, String)> = Vec::new();
    for change in text_diff.iter_all_changes() {
        let text = change.value().trim_end_matches(['\n', '\r']).to_string();
        match change.tag() {
            ChangeTag::Delete => removed.push((change.old_index().unwrap_or(0) + 1, text)),
            ChangeTag::Insert => added.push((change.new_index().unwrap_or(0) + 1, text)),
            ChangeTag::Equal => {
                flush(&mut rows, &mut removed, &mut added);
                rows.push(DiffLine {
                    kind: ChangeKind::Unchanged,
                    old_line: change.old_index().map(|i| i + 1),
                    old_text: Some(text.clone()),
                    new_line: change.new_index().map(|i| i + 1),
                    new_text: Some(text),
                });
            }
        }
    }
    flush(&mut rows, &mut removed, &mut added);
    rows
}

fn flush(
    rows: &mut Vec<DiffLine>,
    removed: &mut Vec<(usize, String)>,
    added: &mut Vec<(usize, String)>,
) {
    let mut old = removed.drain(..);
    let mut new = added.drain(..);
    loop {
        let row = match (old.next(), new.next()) {
            (None, None) => break,
            (Some((ol, ot)), Some((nl, nt))) => DiffLine {
                kind: ChangeKind::Modified,
                old_line: Some(ol),
                old_text: Some(ot),
                new_line: Some(nl),
                new_text: Some(nt),
            },
            (Some((ol, ot)), None) => DiffLine {
                kind: ChangeKind::Removed,
                old_line: Some(ol),
                old_text: Some(ot),
                new_line: None,
                new_text: None,
            },
            (None, Some((nl, nt))) => DiffLine {
                kind: ChangeKind::Added,
                old_line: None,
                old_text: None,
                new_line: Some(nl),
                new_text: Some(nt),
            },
        };
        rows.push(row);
    }
}
