//! The "Alarms" view of an SBC: its active alarms, read live.

use switchboard_sbc::{Alarm, AlarmSeverity};

use crate::context::AppContext;
use crate::error::ApiError;
use crate::sbcs::connection::check_options;
use crate::sbcs::detail_views::SbcAlarmView;

impl AppContext {
    pub fn list_sbc_alarms(&self, sbc_id: i64) -> Result<Vec<SbcAlarmView>, ApiError> {
        let (_, client) = self.sbc_client(sbc_id, check_options())?;
        let alarms = self.on_device(client.active_alarms())?;
        Ok(alarms.into_iter().map(alarm_view).collect())
    }
}

fn alarm_view(alarm: Alarm) -> SbcAlarmView {
    SbcAlarmView {
        id: alarm.id,
        severity: severity_word(&alarm.severity),
        source: alarm.source,
        description: alarm.description,
        raised_at: alarm.raised_at.map(|at| at.to_rfc3339()),
        date_text: alarm.date_text,
    }
}

fn severity_word(severity: &AlarmSeverity) -> String {
    match severity {
        AlarmSeverity::Critical => "critical".into(),
        AlarmSeverity::Major => "major".into(),
        AlarmSeverity::Minor => "minor".into(),
        AlarmSeverity::Warning => "warning".into(),
        AlarmSeverity::Indeterminate => "indeterminate".into(),
        AlarmSeverity::Cleared => "cleared".into(),
        AlarmSeverity::Other(word) => word.clone(),
    }
}
