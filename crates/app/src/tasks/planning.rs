//! Turning a requested change into a task: its target, typed payload, summary, the
//! dry-run the engineer confirms, and the idempotency key that keeps it from being
//! queued twice. Bad input is refused here, before anything is stored.

use sha2::{Digest, Sha256};
use switchboard_cache::{NewTask, SbcDevice, TaskTarget};
use switchboard_domain::{PhoneNumber, TaskState};
use switchboard_graph::models::NumberType;
use switchboard_sbc::{validate_prefix, writes_configuration};
use switchboard_sbc_cli::{check_value, mask_secrets, TableId, TABLES};
use switchboard_templates::{CmdData, Engine, PrefixToAdd, RuleIndex, TemplateContext, TemplateId};

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::os_user::os_user_name;
use crate::tasks::payload::{ScriptText, TaskPayload};
use crate::tasks::requests::ChangeRequest;
use crate::templates::with_body;

/// Attempts before a transient failure ends a task: about a quarter of an hour of
/// backoff, enough for throttling or a device restart to pass.
const MAX_ATTEMPTS: u32 = 8;

impl AppContext {
    /// The task that carries out `request`, in `state`.
    pub(crate) fn plan(
        &self,
        request: &ChangeRequest,
        state: TaskState,
    ) -> Result<NewTask, ApiError> {
        let request = &in_e164(request)?;
        let planned = match request {
            ChangeRequest::SbcScript {
                sbc_id,
                script,
                save,
            } => {
                let device = self.cache().sbc(*sbc_id)?;
                self.plan_script(&device, script, *save)?
            }
            ChangeRequest::PrefixAdd {
                sbc_id,
                dial_plan,
                rule_name,
                rules,
            } => {
                let device = self.cache().sbc(*sbc_id)?;
                rule_attribute("name", rule_name, "ruleName")?;
                for rule in rules {
                    rule_attribute("tag", &rule.tag, "tag")?;
                    validate_prefix(&rule.prefix)
                        .map_err(|e| field_error("prefixes", "prefix.invalid", e.to_string()))?;
                }
                if rules.is_empty() {
                    return Err(field_error(
                        "prefixes",
                        "prefixes.empty",
                        "Enter at least one prefix to add.".to_owned(),
                    ));
                }
                let context = prefix_context(rule_name, dial_plan, |cmd| {
                    cmd.to_add = rules
                        .iter()
                        .map(|r| PrefixToAdd {
                            prefix: r.prefix.clone(),
                            tag: r.tag.clone(),
                        })
                        .collect();
                });
                let script = self.render("sbc-add-prefix", &context)?;
                let prefixes: Vec<&str> = rules.iter().map(|r| r.prefix.as_str()).collect();
                Planned {
                    target: sbc_target(&device),
                    summary: format!(
                        "Add {} to dial plan {dial_plan} for {rule_name}",
                        prefixes.join(", ")
                    ),
                    dry_run: device_header(&device, true, &script),
                    key: format!(
                        "sbcPrefixAdd:{sbc_id}:{dial_plan}:{rule_name}:{}",
                        sorted(&prefixes)
                    ),
                    rendered: Some(script),
                }
            }
            ChangeRequest::PrefixRemove {
                sbc_id,
                dial_plan,
                rules,
            } => {
                let device = self.cache().sbc(*sbc_id)?;
                if rules.is_empty() {
                    return Err(field_error(
                        "rules",
                        "rules.empty",
                        "Choose at least one rule to remove.".to_owned(),
                    ));
                }
                let context = prefix_context("", dial_plan, |cmd| {
                    cmd.to_remove = rules.iter().map(|r| RuleIndex(r.index)).collect();
                });
                let script = self.render("sbc-remove-prefix", &context)?;
                let prefixes: Vec<&str> = rules.iter().map(|r| r.prefix.as_str()).collect();
                Planned {
                    target: sbc_target(&device),
                    summary: format!("Remove {} from dial plan {dial_plan}", prefixes.join(", ")),
                    dry_run: device_header(&device, true, &script),
                    key: format!("sbcPrefixRemove:{sbc_id}:{dial_plan}:{}", sorted(&prefixes)),
                    rendered: Some(script),
                }
            }
            ChangeRequest::NumberAssign {
                tenant_id,
                user,
                number,
                number_type,
                voice_routing_policy,
            } => {
                let number = parse_number(number)?;
                let mut dry_run = read_first(&user.object_id);
                dry_run.push_str(&format!(
                    "POST /v1.0/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber\n{{\"telephoneNumber\": \"{}\", \"assignmentTargetId\": \"{}\", \"numberType\": \"{}\", \"assignmentCategory\": \"primary\"}}\n(then follows the operation until Microsoft reports it done)\n",
                    number.as_e164(),
                    user.object_id,
                    number_type_name(*number_type),
                ));
                if let Some(policy) = voice_routing_policy {
                    dry_run.push_str(&policy_call(
                        &user.object_id,
                        "onlineVoiceRoutingPolicy",
                        Some(policy),
                    ));
                }
                let with_policy = voice_routing_policy
                    .as_ref()
                    .map(|p| format!(" with voice routing policy {p}"))
                    .unwrap_or_default();
                Planned {
                    target: self.tenant_target(*tenant_id)?,
                    summary: format!("Assign {} to {}{with_policy}", number.as_e164(), user.upn),
                    dry_run,
                    key: format!(
                        "numberAssign:{tenant_id}:{}:{}",
                        user.object_id,
                        number.as_e164()
                    ),
                    rendered: None,
                }
            }
            ChangeRequest::NumberUnassign {
                tenant_id,
                user,
                number,
                number_type,
            } => {
                let number = parse_number(number)?;
                let mut dry_run = read_first(&user.object_id);
                dry_run.push_str(&format!(
                    "POST /v1.0/admin/teams/telephoneNumberManagement/numberAssignments/unassignNumber\n{{\"telephoneNumber\": \"{}\", \"numberType\": \"{}\"}}\n(then follows the operation until Microsoft reports it done)\n",
                    number.as_e164(),
                    number_type_name(*number_type),
                ));
                Planned {
                    target: self.tenant_target(*tenant_id)?,
                    summary: format!("Take {} away from {}", number.as_e164(), user.upn),
                    dry_run,
                    key: format!(
                        "numberUnassign:{tenant_id}:{}:{}",
                        user.object_id,
                        number.as_e164()
                    ),
                    rendered: None,
                }
            }
            ChangeRequest::PolicyGrant {
                tenant_id,
                user,
                policy_type,
                policy_name,
            } => {
                if policy_name
                    .as_deref()
                    .is_some_and(|name| name.trim().is_empty())
                {
                    return Err(field_error(
                        "policyName",
                        "policyName.empty",
                        "Choose a policy, or none to remove the grant.".to_owned(),
                    ));
                }
                let mut dry_run = read_first(&user.object_id);
                dry_run.push_str(&policy_call(
                    &user.object_id,
                    policy_type.graph_name(),
                    policy_name.as_deref(),
                ));
                let summary = match policy_name {
                    Some(name) => {
                        format!("Grant {} {name} to {}", policy_type.graph_name(), user.upn)
                    }
                    None => format!(
                        "Remove the {} grant of {}",
                        policy_type.graph_name(),
                        user.upn
                    ),
                };
                Planned {
                    target: self.tenant_target(*tenant_id)?,
                    summary,
                    dry_run,
                    key: format!(
                        "policyGrant:{tenant_id}:{}:{}:{}",
                        user.object_id,
                        policy_type.graph_name(),
                        policy_name.as_deref().unwrap_or("")
                    ),
                    rendered: None,
                }
            }
            ChangeRequest::Voice { tenant_id, change } => {
                let (config, holders) = self.voice_check_basis(*tenant_id)?;
                change.check(&config, &holders)?;
                let (_, kind, name) = change.target();
                Planned {
                    target: self.tenant_target(*tenant_id)?,
                    summary: change.summary(),
                    dry_run: change.script(),
                    // One waiting change per object: a second would act on a stale picture.
                    key: format!("voice:{tenant_id}:{}:{}", kind.key(), name.to_lowercase()),
                    rendered: None,
                }
            }
        };
        let payload = TaskPayload {
            change: request.clone(),
            rendered: planned.rendered,
        };
        Ok(NewTask {
            target: planned.target,
            kind: payload.kind(),
            summary: planned.summary,
            payload: payload.to_json(),
            dry_run: planned.dry_run,
            idempotency_key: planned.key,
            created_by: os_user_name(),
            max_attempts: MAX_ATTEMPTS,
            rollback_of: None,
            state,
        })
    }

    fn plan_script(
        &self,
        device: &SbcDevice,
        stored: &ScriptText,
        save: bool,
    ) -> Result<Planned, ApiError> {
        let script = stored
            .read(self.secrets())
            .map_err(|message| ApiError::new(ErrorCode::KeychainUnavailable, message))?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::KeychainUnavailable,
                    "The script's sealed copy is no longer in the keychain; enter the script again.",
                )
            })?;
        // The cache holds only the masked text; a script with a secret is sealed.
        let masked = mask_secrets(&script);
        let lines = script.lines().filter(|l| !l.trim().is_empty()).count();
        Ok(Planned {
            target: sbc_target(device),
            summary: format!("Run a {lines}-line script on {}", device.fields.name),
            dry_run: device_header(device, save, &masked.text),
            // The masked text: a hash of the script itself could give a short password away.
            key: format!("sbcScript:{}:{}", device.id, hex_sha256(&masked.text)),
            rendered: None,
        })
    }

    fn tenant_target(
        &self,
        tenant_id: switchboard_domain::TenantId,
    ) -> Result<TaskTarget, ApiError> {
        let tenant = self.cache().tenant(tenant_id)?;
        Ok(TaskTarget::Tenant {
            id: tenant.id,
            name: tenant.short_name.as_str().to_owned(),
        })
    }

    /// The executable version of a shipped template, rendered.
    fn render(&self, template: &str, context: &TemplateContext) -> Result<String, ApiError> {
        let id = TemplateId(template.to_owned());
        let version = self.cache().current_template_version(&id)?;
        let template = with_body(&id, &version.body)?;
        Ok(Engine::new().render(&template, context)?)
    }
}

/// The request with its phone number as Microsoft stores it (E.164), so the task sends,
/// checks and audits the number in one spelling whatever the engineer typed.
fn in_e164(request: &ChangeRequest) -> Result<ChangeRequest, ApiError> {
    let mut request = request.clone();
    if let ChangeRequest::NumberAssign { number, .. }
    | ChangeRequest::NumberUnassign { number, .. } = &mut request
    {
        *number = parse_number(number)?.as_e164().to_owned();
    }
    Ok(request)
}

struct Planned {
    target: TaskTarget,
    rendered: Option<String>,
    summary: String,
    dry_run: String,
    key: String,
}

fn sbc_target(device: &SbcDevice) -> TaskTarget {
    TaskTarget::Sbc {
        id: device.id,
        name: device.fields.name.clone(),
    }
}

/// The confirmation's first lines: which device, and whether the change is saved.
fn device_header(device: &SbcDevice, save: bool, script: &str) -> String {
    let saved = if writes_configuration(script) {
        "yes (the script writes it itself)"
    } else if save {
        "yes, after the script"
    } else {
        "no: the change is live until the SBC restarts"
    };
    format!(
        "SBC: {} ({})\nSave the configuration to flash: {saved}\n\n{script}",
        device.fields.name, device.fields.host
    )
}

/// The data the prefix templates read; the rest of the context is never used by them.
fn prefix_context(
    rule_name: &str,
    dial_plan: &str,
    fill: impl FnOnce(&mut CmdData),
) -> TemplateContext {
    let mut context = TemplateContext::example(&[]);
    context.customer.id = rule_name.to_owned();
    context.cmd = CmdData {
        dial_plan_name: Some(dial_plan.to_owned()),
        ..CmdData::default()
    };
    fill(&mut context.cmd);
    context
}

/// Checks a dial plan rule's attribute as the SBC will, so a value it would refuse is
/// reported on the form instead of failing the task.
fn rule_attribute(attribute: &str, value: &str, field: &str) -> Result<(), ApiError> {
    let kind = TABLES
        .iter()
        .find(|table| table.id == TableId::DialPlanRule)
        .and_then(|table| table.attribute(attribute))
        .map(|a| a.kind);
    match kind.map(|kind| check_value(kind, value)) {
        Some(Err(error)) => Err(field_error(
            field,
            &format!("{field}.invalid"),
            format!("The SBC would refuse this {attribute}: {error}."),
        )),
        _ => Ok(()),
    }
}

fn read_first(object_id: &str) -> String {
    format!("GET /v1.0/admin/teams/userConfigurations/{object_id}\n(the values before the change, for the audit and its rollback)\n\n")
}

fn policy_call(object_id: &str, policy_type: &str, policy_name: Option<&str>) -> String {
    match policy_name {
        Some(name) => format!(
            "GET /v1.0/admin/teams/policy/getPolicyId(type='{policy_type}',name='{name}')\nPOST /v1.0/admin/teams/policy/userAssignments/assign\n{{\"value\": [{{\"userId\": \"{object_id}\", \"policyType\": \"{policy_type}\", \"policyId\": \"<the id of {name}>\"}}]}}\n"
        ),
        None => format!(
            "POST /v1.0/admin/teams/policy/userAssignments/unassign\n{{\"value\": [{{\"userId\": \"{object_id}\", \"policyType\": \"{policy_type}\"}}]}}\n"
        ),
    }
}

fn number_type_name(number_type: NumberType) -> String {
    serde_json::to_value(number_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse_number(number: &str) -> Result<PhoneNumber, ApiError> {
    PhoneNumber::parse(number).map_err(ApiError::from)
}

fn field_error(field: &str, code: &str, message: String) -> ApiError {
    ApiError::validation(vec![FieldError {
        field: field.to_owned(),
        code: code.to_owned(),
        message,
    }])
}

fn sorted(items: &[&str]) -> String {
    let mut items = items.to_vec();
    items.sort_unstable();
    items.join(",")
}

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
