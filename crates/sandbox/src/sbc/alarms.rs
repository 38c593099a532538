//! The device's active alarm list.

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlarmSeverity {
    Critical,
    Major,
    Minor,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alarm {
    pub id: u32,
    pub description: String,
    pub severity: AlarmSeverity,
    /// The component raising it, e.g. `Board#1/EthernetLink#2`.
    pub source: String,
    pub date: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct ActiveAlarms {
    alarms: Vec<Alarm>,
    next_id: u32,
}

impl ActiveAlarms {
    pub fn raise(&mut self, severity: AlarmSeverity, source: &str, description: &str) -> u32 {
        self.next_id += 1;
        let id = self.next_id;
        self.alarms.push(Alarm {
            id,
            description: description.to_string(),
            severity,
            source: source.to_string(),
            date: Utc::now(),
        });
        id
    }

    pub fn clear(&mut self, id: u32) -> bool {
        let before = self.alarms.len();
        self.alarms.retain(|alarm| alarm.id != id);
        self.alarms.len() != before
    }

    pub fn get(&self, id: u32) -> Option<&Alarm> {
        self.alarms.iter().find(|alarm| alarm.id == id)
    }

    /// One page of alarms after the cursor `after` (an alarm id, or none for the start),
    /// plus the cursors the API returns: the last id shown when more follow, the first
    /// id shown when earlier ones exist, -1 otherwise.
    pub fn page(&self, after: Option<u32>, limit: usize) -> (Vec<&Alarm>, i64, i64) {
        let remaining: Vec<&Alarm> = self
            .alarms
            .iter()
            .filter(|alarm| after.is_none_or(|after| alarm.id > after))
            .collect();
        let page: Vec<&Alarm> = remaining.iter().take(limit).copied().collect();
        let next = match page.last() {
            Some(last) if remaining.len() > page.len() => i64::from(last.id),
            _ => -1,
        };
        let previous = match page.first() {
            Some(first) if self.alarms.iter().any(|alarm| alarm.id < first.id) => {
                i64::from(first.id)
            }
            _ => -1,
        };
        (page, next, previous)
    }
}
