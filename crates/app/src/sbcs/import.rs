//! "Import customers" from an SBC's dial plans. A customer on the device is a dial
//! plan, a rule name and a tag; those not yet imported are offered. Importing creates
//! the tenant of that short name at most once (the same name with another tag is the
//! same customer), links the rules to it and records its site on the SBC, all in one
//! transaction. Prefixes must pass the customer prefix syntax (no wildcards).

use switchboard_cache::{CustomerImport, ImportSite, NewTenant, SbcId, SiteConfiguration};
use switchboard_domain::{DomainError, FullName, Licence, LicenceType, ShortName};
use switchboard_sbc::{
    import_candidates, validate_prefix, ImportCandidate, ImportTag, KnownRule, PrefixError,
};

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::sbcs::detail_views::{
    ImportCandidateView, ImportOutcome, ImportSelection, ImportTagKind,
};
use crate::sbcs::prefixes::device_rule;

impl AppContext {
    /// Reads the device's dial plans and lists the customers not yet imported.
    pub fn sbc_import_candidates(&self, sbc_id: i64) -> Result<Vec<ImportCandidateView>, ApiError> {
        Ok(self
            .fresh_candidates(sbc_id)?
            .iter()
            .map(candidate_view)
            .collect())
    }

    /// Imports the chosen customers. Any invalid choice refuses them all.
    pub fn import_sbc_customers(
        &self,
        sbc_id: i64,
        selections: &[ImportSelection],
    ) -> Result<ImportOutcome, ApiError> {
        if selections.is_empty() {
            return Err(ApiError::validation(vec![FieldError {
                field: "selection".to_owned(),
                code: "selection.empty".to_owned(),
                message: "Choose at least one customer to import.".to_owned(),
            }]));
        }
        let candidates = self.fresh_candidates(sbc_id)?;
        let mut problems = Vec::new();
        let mut imports = Vec::new();
        let mut already_imported = Vec::new();
        let mut seen: Vec<&ImportCandidate> = Vec::new();
        for selection in selections {
            let Some(candidate) = candidates.iter().find(|c| chosen(c, selection)) else {
                already_imported.push(selection.rule_name.clone());
                continue;
            };
            if seen.iter().any(|done| std::ptr::eq(*done, candidate)) {
                continue;
            }
            seen.push(candidate);
            match prepare(candidate, selection) {
                Ok(import) => imports.push(import),
                Err(mut found) => problems.append(&mut found),
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::validation(problems));
        }
        let done = self
            .cache()
            .import_sbc_customers(SbcId::new(sbc_id), &imports)?;
        let mut outcome = ImportOutcome {
            created: Vec::new(),
            linked: Vec::new(),
            already_imported,
        };
        for imported in done {
            let name = imported.tenant.short_name.to_string();
            let list = match imported.created {
                true => &mut outcome.created,
                false => &mut outcome.linked,
            };
            if !list.contains(&name) {
                list.push(name);
            }
        }
        tracing::info!(
            sbc = sbc_id,
            created = outcome.created.len(),
            linked = outcome.linked.len(),
            "customers imported from SBC"
        );
        Ok(outcome)
    }

    /// Re-reads the device (refreshing the cached prefixes) and finds the customers
    /// not yet imported.
    fn fresh_candidates(&self, sbc_id: i64) -> Result<Vec<ImportCandidate>, ApiError> {
        let rules = self.device_dial_plan_rules(sbc_id)?;
        let id = SbcId::new(sbc_id);
        self.cache()
            .replace_sbc_prefixes(id, &rules.iter().map(device_rule).collect::<Vec<_>>())?;
        let known: Vec<KnownRule> = self
            .cache()
            .imported_sbc_rules()?
            .into_iter()
            .map(|rule| KnownRule {
                dial_plan: rule.dial_plan,
                rule_name: rule.rule_name,
                tag: rule.tag,
            })
            .collect();
        Ok(import_candidates(&rules, &known))
    }
}

fn chosen(candidate: &ImportCandidate, selection: &ImportSelection) -> bool {
    candidate.dial_plan == selection.dial_plan
        && candidate
            .rule_name
            .eq_ignore_ascii_case(&selection.rule_name)
        && candidate
            .tag_text
            .trim()
            .eq_ignore_ascii_case(selection.tag.trim())
}

fn candidate_view(candidate: &ImportCandidate) -> ImportCandidateView {
    let (tag_kind, tag_value) = match &candidate.tag {
        ImportTag::PstnGateway(fqdn) => (ImportTagKind::PstnGateway, Some(fqdn.clone())),
        ImportTag::AzureTenant(tenant) => (ImportTagKind::AzureTenant, Some(tenant.to_string())),
        ImportTag::Other(text) => (ImportTagKind::Other, Some(text.clone())),
        ImportTag::None => (ImportTagKind::None, None),
    };
    ImportCandidateView {
        dial_plan: candidate.dial_plan.clone(),
        rule_name: candidate.rule_name.clone(),
        short_name: candidate.short_name.as_ref().ok().map(ToString::to_string),
        short_name_problem: candidate
            .short_name
            .as_ref()
            .err()
            .map(|problem| problem.message.clone()),
        full_name: candidate.full_name.clone(),
        prefixes: candidate.prefixes.clone(),
        tag: candidate.tag_text.clone(),
        tag_kind,
        tag_value,
        prefix_problem: check_prefixes(candidate).err().map(|e| e.to_string()),
    }
}

fn check_prefixes(candidate: &ImportCandidate) -> Result<(), PrefixError> {
    validate_prefix(&candidate.prefixes.join(";")).map(drop)
}

/// The import of one chosen candidate, or every problem with it.
fn prepare(
    candidate: &ImportCandidate,
    selection: &ImportSelection,
) -> Result<CustomerImport, Vec<FieldError>> {
    let about = |field: &str, code: String, message: String| FieldError {
        field: field.to_owned(),
        code,
        message: format!("{}: {message}", candidate.rule_name),
    };
    let from_domain = |field: &str, problem: DomainError| {
        about(field, problem.code.clone(), problem.message.clone())
    };
    let mut problems = Vec::new();
    let short_name = match selection.short_name.as_deref().map(str::trim) {
        Some(typed) if !typed.is_empty() => ShortName::parse(typed),
        _ => candidate.short_name.clone(),
    }
    .map_err(|problem| problems.push(from_domain("shortName", problem)))
    .ok();
    let full_name = match selection.full_name.trim() {
        "" => FullName::parse(&candidate.full_name),
        typed => FullName::parse(typed),
    }
    .map_err(|problem| problems.push(from_domain("fullName", problem)))
    .ok();
    if let Err(problem) = check_prefixes(candidate) {
        let code = match problem {
            PrefixError::Wildcard { .. } => "prefix.wildcard",
            _ => "prefix.invalid",
        };
        problems.push(about("prefix", code.to_owned(), problem.to_string()));
    }
    let (Some(short_name), Some(full_name), true) = (short_name, full_name, problems.is_empty())
    else {
        return Err(problems);
    };
    let (licence_type, azure_tenant_id, gateway) = match &candidate.tag {
        ImportTag::AzureTenant(tenant) => (LicenceType::OcEssential, Some(tenant.clone()), None),
        ImportTag::PstnGateway(fqdn) => (LicenceType::HostedEssentials, None, Some(fqdn.clone())),
        ImportTag::Other(_) | ImportTag::None => (LicenceType::HostedEssentials, None, None),
    };
    let licence =
        Licence::new(licence_type, 0).map_err(|problem| vec![from_domain("licence", problem)])?;
    let rules = candidate
        .rule_indexes
        .iter()
        .zip(&candidate.prefixes)
        .map(|(index, prefix)| switchboard_cache::DeviceRule {
            dial_plan: candidate.dial_plan.clone(),
            index: *index,
            name: candidate.rule_name.clone(),
            prefix: prefix.clone(),
            tag: candidate.tag_text.clone(),
        })
        .collect();
    Ok(CustomerImport {
        site: ImportSite {
            site_name: short_name.to_string(),
            configuration: SiteConfiguration::SipTrunk,
            pstn_gateway_fqdn: gateway,
            m365_state: None,
        },
        tenant: NewTenant {
            short_name,
            full_name,
            azure_tenant_id,
            licence,
        },
        rules,
    })
}
