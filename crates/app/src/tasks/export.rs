//! The Queued Tasks screen's export: the rows it shows, as CSV a spreadsheet opens.

use std::path::Path;

use chrono::Utc;

use crate::error::{ApiError, ErrorCode};
use crate::tasks::views::{ExportedFile, TaskRow};

const HEADER: [&str; 12] = [
    "Id",
    "Tenant or SBC",
    "Kind",
    "Summary",
    "State",
    "Attempts",
    "Created",
    "Started",
    "Finished",
    "Duration (s)",
    "By",
    "Error",
];

pub(crate) fn write_csv(folder: &Path, rows: &[TaskRow]) -> Result<ExportedFile, ApiError> {
    let path = folder.join(format!("tasks-{}.csv", Utc::now().format("%Y%m%d-%H%M%S")));
    write(folder, &path, rows).map_err(|error| {
        ApiError::new(
            ErrorCode::Storage,
            format!(
                "The export could not be written to {}: {error}",
                path.display()
            ),
        )
    })?;
    tracing::info!(path = %path.display(), rows = rows.len(), "tasks exported");
    Ok(ExportedFile {
        path: path.display().to_string(),
        rows: rows.len() as u32,
    })
}

fn write(folder: &Path, path: &Path, rows: &[TaskRow]) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(folder)?;
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(HEADER)?;
    let time = |t: Option<chrono::DateTime<Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    for row in rows {
        out.write_record([
            row.id.to_string(),
            row.target_name.clone(),
            row.kind.to_string(),
            row.summary.clone(),
            row.state.to_string(),
            row.attempts.to_string(),
            time(Some(row.created_at)),
            time(row.started_at),
            time(row.finished_at),
            row.duration_ms
                .map(|ms| format!("{:.1}", ms as f64 / 1000.0))
                .unwrap_or_default(),
            row.created_by.clone(),
            row.error.clone().unwrap_or_default(),
        ])?;
    }
    out.flush()?;
    Ok(())
}
