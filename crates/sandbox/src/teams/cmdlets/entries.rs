//! Finding a named entry for the `New-`, `Set-` and `Remove-` cmdlets, with the service's
//! errors when it is missing or already there. Names compare case-insensitively, as the
//! service compares them.

use super::{Call, Failure};
use crate::pwsh::ErrorRecord;

/// The index of the entry named `wanted`, or the not-found error naming what the caller typed.
pub(super) fn find<T>(
    call: &Call<'_>,
    items: &[T],
    name: impl Fn(&T) -> &str,
    wanted: &str,
    identity: &str,
    kind: &str,
) -> Result<usize, ErrorRecord> {
    items
        .iter()
        .position(|item| name(item).eq_ignore_ascii_case(wanted))
        .ok_or_else(|| call.not_found(kind, identity))
}

/// For `New-` (`create`) or `Set-`: the index of the entry to change, `None` for a new one.
/// Creating one that exists, or changing one that does not, fails as the service does.
pub(super) fn slot_for_save<T>(
    call: &Call<'_>,
    items: &[T],
    name: impl Fn(&T) -> &str,
    wanted: &str,
    identity: &str,
    (kind, create): (&str, bool),
) -> Result<Option<usize>, ErrorRecord> {
    let existing = items
        .iter()
        .position(|item| name(item).eq_ignore_ascii_case(wanted));
    match (existing, create) {
        (Some(_), true) => Err(call.fail(
            Failure::Exists,
            format!("The {kind} '{wanted}' already exists."),
        )),
        (None, false) => Err(call.not_found(kind, identity)),
        (existing, _) => Ok(existing),
    }
}

/// Stores a saved entry over the one it replaces, or appends a new one.
pub(super) fn store<T>(items: &mut Vec<T>, existing: Option<usize>, item: T) {
    match existing {
        Some(index) => items[index] = item,
        None => items.push(item),
    }
}
