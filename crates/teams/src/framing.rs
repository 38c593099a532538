//! The line protocol between the wrapper script and the runner.
//!
//! The wrapper prints `##SWITCHBOARD-<nonce> OBJECT <json>`, `… ERROR <json>` and a
//! final `… END` on stdout. `ConvertTo-Json -Compress` never emits a line break, so one
//! record is one line. The nonce is fresh per run, so neither module banners nor a
//! script's own `Write-Host` can forge a record; every other line is ignored.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::outcome::ErrorRecord;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker(String);

impl Marker {
    /// A prefix no script can predict: std's per-process random hash keys mixed with
    /// the clock and a counter.
    pub(crate) fn fresh() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        hasher.write_u128(nanos);
        hasher.write_u32(std::process::id());
        Self(format!("##SWITCHBOARD-{:016x}", hasher.finish()))
    }

    /// The PowerShell expression text for a record line's prefix, e.g. `'##…-1f OBJECT '`.
    pub(crate) fn prefix(&self, kind: RecordKind) -> String {
        format!("{} {}", self.0, kind.word())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Object,
    Error,
    End,
}

impl RecordKind {
    fn word(self) -> &'static str {
        match self {
            Self::Object => "OBJECT",
            Self::Error => "ERROR",
            Self::End => "END",
        }
    }
}

/// Everything the wrapper said, in order.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Framed {
    pub objects: Vec<serde_json::Value>,
    pub errors: Vec<ErrorRecord>,
    /// The wrapper reached its last line: the script was not cut short.
    pub completed: bool,
}

/// Reads the marked lines of `stdout`. A marked line whose JSON does not parse is an
/// error: it means the framing itself broke, and silently dropping it could hide a failure.
pub(crate) fn parse(stdout: &str, marker: &Marker) -> Result<Framed, String> {
    let mut framed = Framed::default();
    for line in stdout.lines() {
        let line = line.trim_end_matches('\r');
        let Some(rest) = line
            .strip_prefix(marker.0.as_str())
            .and_then(|r| r.strip_prefix(' '))
        else {
            continue;
        };
        let (word, payload) = rest.split_once(' ').unwrap_or((rest, ""));
        match word {
            "OBJECT" => framed.objects.push(
                serde_json::from_str(payload)
                    .map_err(|e| format!("an output object is not JSON ({e})"))?,
            ),
            "ERROR" => framed.errors.push(
                serde_json::from_str(payload)
                    .map_err(|e| format!("an error record is not JSON ({e})"))?,
            ),
            "END" => framed.completed = true,
            other => return Err(format!("unknown record kind '{other}'")),
        }
    }
    Ok(framed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_differ_per_run() {
        assert_ne!(Marker::fresh(), Marker::fresh());
    }

    #[test]
    fn only_lines_with_this_runs_marker_count() {
        let marker = Marker::fresh();
        let other = Marker::fresh();
        let stdout = format!(
            "WARNING: banner\r\n{o} {{\"a\":1}}\r\n{x} {{\"forged\":true}}\n{e} {{\"cmdlet\":\"Get-X\",\"message\":\"m\",\"category\":\"InvalidArgument\",\"fullyQualifiedErrorId\":\"Id,Get-X\"}}\n{end}\n",
            o = marker.prefix(RecordKind::Object),
            x = other.prefix(RecordKind::Object),
            e = marker.prefix(RecordKind::Error),
            end = marker.prefix(RecordKind::End),
        );
        let framed = parse(&stdout, &marker).unwrap();
        assert_eq!(framed.objects, vec![serde_json::json!({"a": 1})]);
        assert_eq!(framed.errors.len(), 1);
        assert_eq!(framed.errors[0].fully_qualified_error_id, "Id,Get-X");
        assert!(framed.completed);
        assert!(!parse("no records at all", &marker).unwrap().completed);
    }

    #[test]
    fn a_broken_record_is_reported_not_dropped() {
        let marker = Marker::fresh();
        let stdout = format!("{} {{not json\n", marker.prefix(RecordKind::Object));
        assert!(parse(&stdout, &marker).unwrap_err().contains("not JSON"));
    }
}
