//! Script templates repository: every template with its numbered versions (who, when,
//! comment, draft or not). Versions are never changed or deleted; saving, restoring
//! and resetting all append a version.
//!
//! A template row is keyed by its stable template id (stored in `name`, e.g.
//! `sbc-onboarding-sip-trunk`); its display name and description come from the
//! shipped manifest. Versions written by Switchboard itself (the shipped defaults)
//! have no author.
//!
//! Seeding rule for the shipped defaults, run at every start (idempotent):
//! - a default not in the cache yet is added as version 1;
//! - a default whose current body is one Switchboard shipped earlier (the user has
//!   no edits in effect) gets the newer shipped body as a new version;
//! - a default whose current body is the user's own is left alone: a newer shipped
//!   body never overwrites user edits; "reset to default" adopts it on request.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;
use switchboard_templates::{ScriptTemplate, ScriptType, TemplateId, TemplateKind};

use crate::sql_values::{now_text, time};
use ts_rs::TS;

use crate::{Cache, CacheError};

/// One line of the templates list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: TemplateId,
    pub kind: TemplateKind,
    pub script_type: ScriptType,
    pub is_default: bool,
    /// The newest version that is not a draft: the one that runs. `None` when every
    /// version is a draft.
    pub current_version: Option<u32>,
    /// The newest version, draft or not: the one the editor opens.
    pub latest_version: u32,
    pub latest_is_draft: bool,
    pub version_count: u32,
    pub last_changed: DateTime<Utc>,
}

/// One saved version of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateVersion {
    pub version_no: u32,
    pub body: String,
    /// `None` for a body shipped with Switchboard.
    pub author: Option<String>,
    pub comment: Option<String>,
    /// A draft failed validation when saved and is never executed.
    pub is_draft: bool,
    pub created_at: DateTime<Utc>,
}

/// A version to append, written by a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTemplateVersion<'a> {
    pub body: &'a str,
    pub author: &'a str,
    /// Empty means no comment.
    pub comment: &'a str,
    pub is_draft: bool,
}

/// What seeding the shipped defaults did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub added: u32,
    /// Defaults without user edits that took a newer shipped body.
    pub upgraded: u32,
    /// Defaults with a newer shipped body that were left alone because of user edits.
    pub kept_user_edits: u32,
}

const SHIPPED_COMMENT: &str = "Shipped with Switchboard";

fn kind_text(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::Sbc => "sbc",
        TemplateKind::M365 => "m365",
    }
}

fn kind_from(text: &str) -> Option<TemplateKind> {
    [TemplateKind::Sbc, TemplateKind::M365]
        .into_iter()
        .find(|k| kind_text(*k) == text)
}

/// camelCase, as the schema's enum columns.
fn type_text(script_type: ScriptType) -> &'static str {
    match script_type {
        ScriptType::Onboarding => "onboarding",
        ScriptType::Cleanup => "cleanup",
        ScriptType::AddPrefix => "addPrefix",
        ScriptType::RemovePrefix => "removePrefix",
        ScriptType::AddIpPbxUser => "addIpPbxUser",
    }
}

fn type_from(text: &str) -> Option<ScriptType> {
    [
        ScriptType::Onboarding,
        ScriptType::Cleanup,
        ScriptType::AddPrefix,
        ScriptType::RemovePrefix,
        ScriptType::AddIpPbxUser,
    ]
    .into_iter()
    .find(|t| type_text(*t) == text)
}

fn unreadable(idx: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("unknown {what} `{text}`").into(),
    )
}

fn template_not_found(id: &TemplateId) -> CacheError {
    CacheError::NotFound {
        what: format!("The script template {id}"),
    }
}

fn version_not_found(id: &TemplateId, version_no: u32) -> CacheError {
    CacheError::NotFound {
        what: format!("Version {version_no} of the script template {id}"),
    }
}

const SUMMARY_SELECT: &str = "
    SELECT t.name, t.target, t.script_type, t.is_default,
           (SELECT max(version_no) FROM script_template_versions v
             WHERE v.template_id = t.id AND v.is_draft = 0),
           latest.version_no, latest.is_draft,
           (SELECT count(*) FROM script_template_versions v WHERE v.template_id = t.id),
           latest.created_at
      FROM script_templates t
      JOIN script_template_versions latest
        ON latest.template_id = t.id
       AND latest.version_no = (SELECT max(version_no) FROM script_template_versions v
                                 WHERE v.template_id = t.id)
     WHERE t.tenant_id IS NULL";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<TemplateSummary> {
    let kind: String = row.get(1)?;
    let script_type: String = row.get(2)?;
    Ok(TemplateSummary {
        id: TemplateId(row.get(0)?),
        kind: kind_from(&kind).ok_or_else(|| unreadable(1, "template target", &kind))?,
        script_type: type_from(&script_type)
            .ok_or_else(|| unreadable(2, "script type", &script_type))?,
        is_default: row.get(3)?,
        current_version: row.get(4)?,
        latest_version: row.get(5)?,
        latest_is_draft: row.get(6)?,
        version_count: row.get(7)?,
        last_changed: time(row, 8)?,
    })
}

const VERSION_SELECT: &str = "
    SELECT v.version_no, v.body, v.author, v.comment, v.is_draft, v.created_at
      FROM script_template_versions v
      JOIN script_templates t ON t.id = v.template_id
     WHERE t.tenant_id IS NULL AND t.name = :name";

fn version_from_row(row: &Row<'_>) -> rusqlite::Result<TemplateVersion> {
    Ok(TemplateVersion {
        version_no: row.get(0)?,
        body: row.get(1)?,
        author: row.get(2)?,
        comment: row.get(3)?,
        is_draft: row.get(4)?,
        created_at: time(row, 5)?,
    })
}

fn row_id(conn: &Connection, id: &TemplateId) -> Result<Option<i64>, CacheError> {
    Ok(conn
        .query_row(
            "SELECT id FROM script_templates WHERE tenant_id IS NULL AND name = ?1",
            [&id.0],
            |row| row.get(0),
        )
        .optional()?)
}

/// Appends a version after the newest one.
fn append_version(
    tx: &Transaction<'_>,
    row: i64,
    body: &str,
    author: Option<&str>,
    comment: Option<&str>,
    is_draft: bool,
) -> Result<u32, CacheError> {
    let now = now_text();
    let next: u32 = tx.query_row(
        "SELECT ifnull(max(version_no), 0) + 1 FROM script_template_versions WHERE template_id = ?1",
        [row],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO script_template_versions
                (template_id, version_no, body, author, comment, is_draft, created_at)
         VALUES (:row, :no, :body, :author, :comment, :draft, :now)",
        named_params! {
            ":row": row, ":no": next, ":body": body, ":author": author,
            ":comment": comment, ":draft": is_draft, ":now": now,
        },
    )?;
    tx.execute(
        "UPDATE script_templates SET updated_at = ?2 WHERE id = ?1",
        rusqlite::params![row, now],
    )?;
    Ok(next)
}

fn upsert_meta(tx: &Transaction<'_>, shipped: &ScriptTemplate) -> Result<(i64, bool), CacheError> {
    let meta = &shipped.meta;
    let custom = serde_json::to_string(&meta.customer_variables)
        .map_err(|e| CacheError::Storage(rusqlite::Error::ToSqlConversionFailure(e.into())))?;
    let existing = row_id(tx, &meta.id)?;
    let now = now_text();
    let target = kind_text(meta.kind);
    let script_type = type_text(meta.script_type);
    match existing {
        Some(row) => {
            // The description of a default is ours: keep it current.
            tx.execute(
                "UPDATE script_templates SET target = :target, script_type = :type,
                        custom_variables = :custom, is_default = 1
                  WHERE id = :row",
                named_params! {
                    ":row": row, ":target": target, ":type": script_type, ":custom": custom,
                },
            )?;
            Ok((row, false))
        }
        None => {
            tx.execute(
                "INSERT INTO script_templates
                        (tenant_id, name, target, script_type, custom_variables, is_default,
                         created_at, updated_at)
                 VALUES (NULL, :name, :target, :type, :custom, 1, :now, :now)",
                named_params! {
                    ":name": meta.id.0, ":target": target, ":type": script_type,
                    ":custom": custom, ":now": now,
                },
            )?;
            Ok((tx.last_insert_rowid(), true))
        }
    }
}

fn latest_body(tx: &Transaction<'_>, row: i64) -> Result<String, CacheError> {
    Ok(tx.query_row(
        "SELECT body FROM script_template_versions WHERE template_id = ?1
          ORDER BY version_no DESC LIMIT 1",
        [row],
        |r| r.get(0),
    )?)
}

fn was_shipped(tx: &Transaction<'_>, row: i64, body: &str) -> Result<bool, CacheError> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM script_template_versions
              WHERE template_id = ?1 AND author IS NULL AND body = ?2 LIMIT 1",
            rusqlite::params![row, body],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

impl Cache {
    /// Adds the shipped defaults, and upgrades those without user edits, in one
    /// transaction. See the module comment for the rule.
    pub fn seed_default_templates(
        &self,
        shipped: &[ScriptTemplate],
    ) -> Result<SeedReport, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut report = SeedReport::default();
        for template in shipped {
            let (row, added) = upsert_meta(&tx, template)?;
            if added {
                append_version(&tx, row, &template.body, None, Some(SHIPPED_COMMENT), false)?;
                report.added += 1;
                continue;
            }
            let current = latest_body(&tx, row)?;
            if current == template.body {
                continue;
            }
            if was_shipped(&tx, row, &current)? {
                append_version(&tx, row, &template.body, None, Some(SHIPPED_COMMENT), false)?;
                report.upgraded += 1;
            } else {
                report.kept_user_edits += 1;
            }
        }
        // Pairing needs every row to exist first.
        for template in shipped {
            if let Some(undoes) = &template.meta.undoes {
                tx.execute(
                    "UPDATE script_templates
                        SET paired_template_id = (SELECT id FROM script_templates
                                                   WHERE tenant_id IS NULL AND name = ?2)
                      WHERE tenant_id IS NULL AND name = ?1",
                    [&template.meta.id.0, &undoes.0],
                )?;
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// Every template, SBC ones first, then by id.
    pub fn list_templates(&self) -> Result<Vec<TemplateSummary>, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!("{SUMMARY_SELECT} ORDER BY t.target DESC, t.name"))?;
        let rows = stmt.query_map([], summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn template_summary(&self, id: &TemplateId) -> Result<TemplateSummary, CacheError> {
        self.conn()
            .query_row(
                &format!("{SUMMARY_SELECT} AND t.name = ?1"),
                [&id.0],
                summary_from_row,
            )
            .optional()?
            .ok_or_else(|| template_not_found(id))
    }

    /// Every version of a template, newest first.
    pub fn template_versions(&self, id: &TemplateId) -> Result<Vec<TemplateVersion>, CacheError> {
        let conn = self.conn();
        if row_id(&conn, id)?.is_none() {
            return Err(template_not_found(id));
        }
        let mut stmt = conn.prepare(&format!("{VERSION_SELECT} ORDER BY v.version_no DESC"))?;
        let rows = stmt.query_map(named_params! {":name": id.0}, version_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn template_version(
        &self,
        id: &TemplateId,
        version_no: u32,
    ) -> Result<TemplateVersion, CacheError> {
        let conn = self.conn();
        if row_id(&conn, id)?.is_none() {
            return Err(template_not_found(id));
        }
        conn.query_row(
            &format!("{VERSION_SELECT} AND v.version_no = :no"),
            named_params! {":name": id.0, ":no": version_no},
            version_from_row,
        )
        .optional()?
        .ok_or_else(|| version_not_found(id, version_no))
    }

    /// The newest version that is not a draft: what would be executed.
    pub fn current_template_version(&self, id: &TemplateId) -> Result<TemplateVersion, CacheError> {
        let conn = self.conn();
        if row_id(&conn, id)?.is_none() {
            return Err(template_not_found(id));
        }
        conn.query_row(
            &format!("{VERSION_SELECT} AND v.is_draft = 0 ORDER BY v.version_no DESC LIMIT 1"),
            named_params! {":name": id.0},
            version_from_row,
        )
        .optional()?
        .ok_or_else(|| CacheError::NotFound {
            what: format!("A version of the script template {id} that is not a draft"),
        })
    }

    /// Appends a version (restore and reset are appends of an older or the shipped
    /// body) and returns it.
    pub fn save_template_version(
        &self,
        id: &TemplateId,
        new: &NewTemplateVersion<'_>,
    ) -> Result<TemplateVersion, CacheError> {
        let author = new.author.trim();
        if author.is_empty() {
            return Err(switchboard_domain::DomainError::new(
                "author",
                "empty",
                "A template version needs an author.",
            )
            .into());
        }
        let comment = Some(new.comment.trim()).filter(|c| !c.is_empty());
        let version_no = {
            let mut conn = self.conn();
            let tx = conn.transaction()?;
            let row = row_id(&tx, id)?.ok_or_else(|| template_not_found(id))?;
            let no = append_version(&tx, row, new.body, Some(author), comment, new.is_draft)?;
            tx.commit()?;
            no
        };
        self.template_version(id, version_no)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_templates::{default_templates, TemplateMeta};

    fn shipped(id: &str, body: &str) -> ScriptTemplate {
        ScriptTemplate {
            meta: TemplateMeta {
                id: TemplateId(id.into()),
                name: id.into(),
                kind: TemplateKind::Sbc,
                script_type: ScriptType::AddPrefix,
                description: String::new(),
                undoes: None,
                customer_variables: vec![],
            },
            body: body.into(),
        }
    }

    fn edit<'a>(body: &'a str, draft: bool) -> NewTemplateVersion<'a> {
        NewTemplateVersion {
            body,
            author: "alice",
            comment: "tweak",
            is_draft: draft,
        }
    }

    /// A cache holding the shipped template `t`, its one version reading "one".
    fn seeded_with_one() -> (Cache, TemplateId) {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .seed_default_templates(&[shipped("t", "one")])
            .unwrap();
        (cache, TemplateId("t".into()))
    }

    #[test]
    fn seeding_every_default_twice_adds_each_once() {
        let cache = Cache::open_in_memory().unwrap();
        let defaults = default_templates().unwrap();
        let first = cache.seed_default_templates(&defaults).unwrap();
        assert_eq!(first.added as usize, defaults.len());
        let again = cache.seed_default_templates(&defaults).unwrap();
        assert_eq!(again, SeedReport::default());
        let list = cache.list_templates().unwrap();
        assert_eq!(list.len(), defaults.len());
        assert!(list
            .iter()
            .all(|t| t.version_count == 1 && t.current_version == Some(1) && t.is_default));
        let first_m365 = list
            .iter()
            .position(|t| t.kind == TemplateKind::M365)
            .unwrap();
        assert!(list[..first_m365]
            .iter()
            .all(|t| t.kind == TemplateKind::Sbc));
        let v1 = cache.template_version(&defaults[0].meta.id, 1).unwrap();
        assert_eq!(v1.body, defaults[0].body);
        assert_eq!(v1.author, None);
    }

    #[test]
    fn cleanups_are_paired_with_their_onboarding() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .seed_default_templates(&default_templates().unwrap())
            .unwrap();
        let paired: String = cache
            .conn()
            .query_row(
                "SELECT o.name FROM script_templates c JOIN script_templates o
                    ON o.id = c.paired_template_id WHERE c.name = 'sbc-cleanup-byoc'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(paired, "sbc-onboarding-byoc");
    }

    #[test]
    fn a_newer_shipped_body_upgrades_an_unedited_default() {
        let (cache, id) = seeded_with_one();
        let report = cache
            .seed_default_templates(&[shipped("t", "two")])
            .unwrap();
        assert_eq!(report.upgraded, 1);
        let versions = cache.template_versions(&id).unwrap();
        let bodies: Vec<_> = versions.iter().map(|v| v.body.as_str()).collect();
        assert_eq!(bodies, ["two", "one"]);
    }

    #[test]
    fn a_newer_shipped_body_never_overwrites_user_edits() {
        let (cache, id) = seeded_with_one();
        cache
            .save_template_version(&id, &edit("mine", false))
            .unwrap();
        let report = cache
            .seed_default_templates(&[shipped("t", "two")])
            .unwrap();
        assert_eq!(report.kept_user_edits, 1);
        let latest = &cache.template_versions(&id).unwrap()[0];
        assert_eq!((latest.version_no, latest.body.as_str()), (2, "mine"));
    }

    #[test]
    fn saving_appends_numbered_versions_with_author_comment_and_draft_flag() {
        let (cache, id) = seeded_with_one();
        let saved = cache
            .save_template_version(&id, &edit("two", false))
            .unwrap();
        assert_eq!(saved.version_no, 2);
        assert_eq!(saved.author.as_deref(), Some("alice"));
        assert_eq!(saved.comment.as_deref(), Some("tweak"));
        let draft = cache
            .save_template_version(&id, &edit("{{broken", true))
            .unwrap();
        assert!(draft.is_draft);
        let summary = cache.template_summary(&id).unwrap();
        assert_eq!(summary.current_version, Some(2));
        assert_eq!(summary.latest_version, 3);
        assert!(summary.latest_is_draft);
        assert_eq!(summary.version_count, 3);
        assert_eq!(summary.last_changed, draft.created_at);
        assert_eq!(cache.current_template_version(&id).unwrap().body, "two");
    }

    #[test]
    fn bad_saves_change_nothing() {
        let (cache, id) = seeded_with_one();
        let no_author = NewTemplateVersion {
            author: "  ",
            ..edit("two", false)
        };
        assert!(matches!(
            cache.save_template_version(&id, &no_author),
            Err(CacheError::Invalid(_))
        ));
        assert!(matches!(
            cache.save_template_version(&TemplateId("nope".into()), &edit("x", false)),
            Err(CacheError::NotFound { .. })
        ));
        assert!(matches!(
            cache.template_version(&id, 9),
            Err(CacheError::NotFound { .. })
        ));
        assert_eq!(cache.template_versions(&id).unwrap().len(), 1);
    }
}
