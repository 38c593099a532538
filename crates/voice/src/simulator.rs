//! The route simulator: a dialled number through a dial plan, then through a voice
//! routing policy's usages and routes, with the reason each route was or was not taken.
//!
//! Teams tries the policy's PSTN usages in their order; within a usage, the routes
//! carrying it by priority (lowest first). The first route whose pattern matches the
//! normalised number takes the call and offers it to its gateways in order.

use serde::Serialize;
use ts_rs::TS;

use crate::checks::check_pattern;
use crate::error::VoiceError;
use crate::normalization::{normalize, Normalization};
use crate::objects::{same, NormalizationRule, VoiceConfig, VoiceRoute};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RouteVerdict {
    /// This route takes the call.
    Selected,
    /// Its pattern matches, but a route tried earlier took the call.
    MatchedLater,
    /// Tried, but the number does not match its pattern.
    PatternMismatch,
    /// None of its usages is in the policy, so the user's calls never reach it.
    NotInPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteCheck {
    pub route: String,
    pub priority: u32,
    pub number_pattern: String,
    /// The policy usage under which it was tried (None when never tried).
    pub usage: Option<String>,
    pub verdict: RouteVerdict,
    /// Why, in a sentence.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStep {
    pub fqdn: String,
    /// False when the gateway is unknown to the tenant or disabled: Teams skips it.
    pub usable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    pub policy: String,
    pub usages: Vec<String>,
    pub normalization: Normalization,
    /// The route that takes the call and its usage.
    pub selected: Option<RouteCheck>,
    pub gateways: Vec<GatewayStep>,
    /// Every route of the tenant, in the order they were judged.
    pub routes: Vec<RouteCheck>,
}

/// Simulates a call by a holder of `policy` (the tenant's Global when it names none
/// that exists is refused) after `rules` (the caller's effective dial plan) normalise it.
pub fn simulate(
    config: &VoiceConfig,
    policy: &str,
    rules: &[NormalizationRule],
    dialed: &str,
) -> Result<Simulation, VoiceError> {
    let policy = config.policy(policy).ok_or_else(|| {
        VoiceError::NotFound(format!(
            "There is no voice routing policy named '{policy}'."
        ))
    })?;
    let normalization = normalize(rules, dialed)?;
    let number = normalization.translated.clone();
    let mut judged: Vec<RouteCheck> = Vec::new();
    let mut selected: Option<RouteCheck> = None;
    for usage in &policy.usages {
        let mut routes: Vec<&VoiceRoute> = config
            .routes
            .iter()
            .filter(|r| r.usages.iter().any(|u| same(u, usage)))
            .filter(|r| !judged.iter().any(|j| same(&j.route, &r.name)))
            .collect();
        routes.sort_by(|a, b| a.priority.cmp(&b.priority).then(a.name.cmp(&b.name)));
        for route in routes {
            let matches = check_pattern(
                &format!("number pattern of route '{}'", route.name),
                &route.number_pattern,
            )?
            .is_match(&number);
            let check = |verdict, reason: String| RouteCheck {
                route: route.name.clone(),
                priority: route.priority,
                number_pattern: route.number_pattern.clone(),
                usage: Some(usage.clone()),
                verdict,
                reason,
            };
            let entry = match (&selected, matches) {
                (None, true) => {
                    let chosen = check(
                        RouteVerdict::Selected,
                        format!("First route of usage '{usage}' whose pattern matches {number}."),
                    );
                    selected = Some(chosen.clone());
                    chosen
                }
                (Some(winner), true) => check(
                    RouteVerdict::MatchedLater,
                    format!(
                        "Matches, but route '{}' was tried first and took the call.",
                        winner.route
                    ),
                ),
                (_, false) => check(
                    RouteVerdict::PatternMismatch,
                    format!("{number} does not match {}.", route.number_pattern),
                ),
            };
            judged.push(entry);
        }
    }
    for route in &config.routes {
        if !judged.iter().any(|j| same(&j.route, &route.name)) {
            judged.push(RouteCheck {
                route: route.name.clone(),
                priority: route.priority,
                number_pattern: route.number_pattern.clone(),
                usage: None,
                verdict: RouteVerdict::NotInPolicy,
                reason: if route.usages.is_empty() {
                    "The route has no PSTN usage, so no policy reaches it.".to_string()
                } else {
                    format!(
                        "Its usages ({}) are not in policy '{}'.",
                        route.usages.join(", "),
                        policy.name
                    )
                },
            });
        }
    }
    let gateways = selected
        .as_ref()
        .and_then(|s| config.route(&s.route))
        .map(|route| {
            route
                .gateways
                .iter()
                .map(|fqdn| GatewayStep {
                    fqdn: fqdn.clone(),
                    usable: config.gateway(fqdn).is_some_and(|g| g.enabled),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Simulation {
        policy: policy.name.clone(),
        usages: policy.usages.clone(),
        normalization,
        selected,
        gateways,
        routes: judged,
    })
}
