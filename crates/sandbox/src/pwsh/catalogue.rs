//! Every command the interpreter knows, with its parameters, their types, positions,
//! parameter sets and which are mandatory.
//!
//! The interpreter binds arguments against this list, and the templates feature checks
//! M365 script templates against the same list, so a template that would fail to bind
//! here is flagged before it is ever run.

/// Where a command comes from: PowerShell itself, or the MicrosoftTeams module (which
/// runs against the Teams admin backend and needs `Connect-MicrosoftTeams` first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Core,
    MicrosoftTeams,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    StringArray,
    Int,
    /// `[bool]`: accepts only `$true`/`$false` and numbers, as PowerShell does.
    Bool,
    Switch,
    /// A multi-valued setting that also takes `@{Add=...; Remove=...; Replace=...}`.
    ListChange,
    ScriptBlock,
    Object,
}

impl ParamKind {
    /// The .NET type name PowerShell mentions in binding errors.
    pub fn type_name(self) -> &'static str {
        match self {
            ParamKind::String => "System.String",
            ParamKind::StringArray => "System.String[]",
            ParamKind::Int => "System.Int32",
            ParamKind::Bool => "System.Boolean",
            ParamKind::Switch => "System.Management.Automation.SwitchParameter",
            ParamKind::ListChange => "System.Management.Automation.PSListModifier",
            ParamKind::ScriptBlock => "System.Management.Automation.ScriptBlock",
            ParamKind::Object => "System.Object",
        }
    }
}

/// Marks a parameter mandatory in every parameter set it belongs to.
pub const ALL_SETS: &[&str] = &["*"];

#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub aliases: &'static [&'static str],
    pub position: Option<u8>,
    /// The parameter sets it belongs to; empty means all of them.
    pub sets: &'static [&'static str],
    /// The sets in which it is mandatory (`ALL_SETS` for all of its sets).
    pub mandatory_in: &'static [&'static str],
    /// Bound from the `Identity`-style property of each piped object.
    pub from_pipeline_property: bool,
}

impl ParamSpec {
    pub const fn new(name: &'static str, kind: ParamKind) -> Self {
        Self {
            name,
            kind,
            aliases: &[],
            position: None,
            sets: &[],
            mandatory_in: &[],
            from_pipeline_property: false,
        }
    }
    pub const fn mandatory(mut self) -> Self {
        self.mandatory_in = ALL_SETS;
        self
    }
    pub const fn mandatory_in(mut self, sets: &'static [&'static str]) -> Self {
        self.mandatory_in = sets;
        self
    }
    pub const fn at(mut self, position: u8) -> Self {
        self.position = Some(position);
        self
    }
    pub const fn sets(mut self, sets: &'static [&'static str]) -> Self {
        self.sets = sets;
        self
    }
    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }
    pub const fn piped(mut self) -> Self {
        self.from_pipeline_property = true;
        self
    }

    pub fn in_set(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|s| s.eq_ignore_ascii_case(set))
    }

    pub fn mandatory_in_set(&self, set: &str) -> bool {
        self.in_set(set)
            && (self.mandatory_in == ALL_SETS
                || self
                    .mandatory_in
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(set)))
    }

    pub fn answers_to(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct CmdletSpec {
    pub name: &'static str,
    pub module: Module,
    pub params: &'static [ParamSpec],
    /// The set PowerShell picks when several would fit.
    pub default_set: Option<&'static str>,
    /// Takes leftover positional arguments as one array (e.g. `Write-Output a b c`).
    pub remaining_args: Option<&'static str>,
    /// Changes state, so it also takes `-WhatIf`/`-Confirm`.
    pub supports_should_process: bool,
}

impl CmdletSpec {
    const fn core(name: &'static str, params: &'static [ParamSpec]) -> Self {
        Self {
            name,
            module: Module::Core,
            params,
            default_set: None,
            remaining_args: None,
            supports_should_process: false,
        }
    }
    const fn teams(name: &'static str, params: &'static [ParamSpec]) -> Self {
        let verb = name.as_bytes();
        // Get-* only reads; every other Teams verb here changes something.
        let reads = verb[0] == b'G' && verb[1] == b'e' && verb[2] == b't';
        Self {
            name,
            module: Module::MicrosoftTeams,
            params,
            default_set: None,
            remaining_args: None,
            supports_should_process: !reads,
        }
    }
    const fn default_set(mut self, set: &'static str) -> Self {
        self.default_set = Some(set);
        self
    }
    const fn remaining(mut self, param: &'static str) -> Self {
        self.remaining_args = Some(param);
        self
    }

    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.answers_to(name))
    }

    /// The parameter sets named by any parameter; empty for a single-set command.
    pub fn set_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for set in self.params.iter().flat_map(|p| p.sets.iter()) {
            if !names.contains(set) {
                names.push(set);
            }
        }
        names
    }
}

/// Parameters every cmdlet accepts.
pub const COMMON_PARAMETERS: &[ParamSpec] = &[
    ParamSpec::new("ErrorAction", ParamKind::String).aliases(&["ea"]),
    ParamSpec::new("WarningAction", ParamKind::String).aliases(&["wa"]),
    ParamSpec::new("InformationAction", ParamKind::String).aliases(&["infa"]),
    ParamSpec::new("ProgressAction", ParamKind::String).aliases(&["proga"]),
    ParamSpec::new("ErrorVariable", ParamKind::String).aliases(&["ev"]),
    ParamSpec::new("WarningVariable", ParamKind::String).aliases(&["wv"]),
    ParamSpec::new("OutVariable", ParamKind::String).aliases(&["ov"]),
    ParamSpec::new("Verbose", ParamKind::Switch).aliases(&["vb"]),
    ParamSpec::new("Debug", ParamKind::Switch).aliases(&["db"]),
];

/// Accepted by commands that change state.
pub const SHOULD_PROCESS_PARAMETERS: &[ParamSpec] = &[
    ParamSpec::new("WhatIf", ParamKind::Switch).aliases(&["wi"]),
    ParamSpec::new("Confirm", ParamKind::Switch).aliases(&["cf"]),
];

pub struct Catalogue {
    pub cmdlets: &'static [CmdletSpec],
}

impl Catalogue {
    /// Finds a command by name or by one of the aliases PowerShell ships (`where`, `%`, ...).
    pub fn find(&self, name: &str) -> Option<&'static CmdletSpec> {
        let name = ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
            .map_or(name, |(_, target)| target);
        self.cmdlets
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn module(&self, module: Module) -> impl Iterator<Item = &'static CmdletSpec> {
        self.cmdlets.iter().filter(move |c| c.module == module)
    }
}

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: Catalogue = Catalogue { cmdlets: CMDLETS };
    &CATALOGUE
}

const ALIASES: &[(&str, &str)] = &[
    ("where", "Where-Object"),
    ("?", "Where-Object"),
    ("foreach", "ForEach-Object"),
    ("%", "ForEach-Object"),
    ("select", "Select-Object"),
    ("echo", "Write-Output"),
    ("write", "Write-Output"),
    ("sort", "Sort-Object"),
    ("measure", "Measure-Object"),
];

use ParamKind::*;

const fn p(name: &'static str, kind: ParamKind) -> ParamSpec {
    ParamSpec::new(name, kind)
}

const IDENTITY_MANDATORY: ParamSpec = p("Identity", String).mandatory().at(0).piped();
const IDENTITY_OPTIONAL: ParamSpec = p("Identity", String).at(0);
const FILTER: ParamSpec = p("Filter", String);
const DESCRIPTION: ParamSpec = p("Description", String);

const GET_BY_IDENTITY: &[ParamSpec] = &[IDENTITY_OPTIONAL, FILTER];
const REMOVE_BY_IDENTITY: &[ParamSpec] = &[IDENTITY_MANDATORY, p("Force", Switch)];

const GRANT: &[ParamSpec] = &[
    p("Identity", String)
        .at(0)
        .mandatory_in(&["Identity"])
        .sets(&["Identity"])
        .piped(),
    p("PolicyName", String).at(1),
    p("Global", Switch)
        .mandatory_in(&["GrantToTenant"])
        .sets(&["GrantToTenant"]),
    p("Group", String)
        .mandatory_in(&["GrantToGroup"])
        .sets(&["GrantToGroup"]),
    p("Rank", Int).sets(&["GrantToGroup"]),
    p("PassThru", Switch),
    p("Force", Switch),
];

const GATEWAY_SETTINGS: [ParamSpec; 20] = [
    p("SipSignalingPort", Int),
    p("Enabled", Bool),
    p("MaxConcurrentSessions", Int),
    p("ForwardCallHistory", Bool),
    p("ForwardPai", Bool),
    p("MediaBypass", Bool),
    p("GatewaySiteLbrEnabled", Bool),
    p("GatewaySiteID", String),
    p("GatewayLbrEnabledUserOverride", Bool),
    p("SendSipOptions", Bool),
    p("FailoverTimeSeconds", Int),
    p("FailoverResponseCodes", String),
    p("PidfLoSupported", Bool),
    p("MediaRelayRoutingLocationOverride", String),
    p("ProxySbc", String),
    p("BypassMode", String),
    p("InboundTeamsNumberTranslationRules", StringArray),
    p("OutboundTeamsNumberTranslationRules", StringArray),
    p("OutboundPstnNumberTranslationRules", StringArray),
    DESCRIPTION,
];

const fn with_settings<const N: usize, const M: usize>(
    head: [ParamSpec; N],
    tail: [ParamSpec; 20],
) -> [ParamSpec; M] {
    let mut out = [p("", Object); M];
    let mut i = 0;
    while i < N {
        out[i] = head[i];
        i += 1;
    }
    while i < M {
        out[i] = tail[i - N];
        i += 1;
    }
    out
}

const NEW_GATEWAY: [ParamSpec; 22] = {
    let mut params = with_settings::<2, 22>(
        [
            p("Identity", String)
                .mandatory_in(&["Identity"])
                .sets(&["Identity"]),
            p("Fqdn", String).mandatory_in(&["Fqdn"]).sets(&["Fqdn"]),
        ],
        GATEWAY_SETTINGS,
    );
    params[2] = p("SipSignalingPort", Int).mandatory();
    params
};
const SET_GATEWAY: [ParamSpec; 21] = with_settings::<1, 21>([IDENTITY_MANDATORY], GATEWAY_SETTINGS);

const ROUTE_COMMON: [ParamSpec; 6] = [
    p("NumberPattern", String),
    p("OnlinePstnGatewayList", ListChange),
    p("OnlinePstnUsages", ListChange),
    p("Priority", Int),
    DESCRIPTION,
    p("BridgeSourcePhoneNumber", String),
];
const NEW_ROUTE: [ParamSpec; 7] = {
    let mut out = [IDENTITY_MANDATORY; 7];
    let mut i = 0;
    while i < 6 {
        out[i + 1] = ROUTE_COMMON[i];
        i += 1;
    }
    out
};

const ROUTING_POLICY: &[ParamSpec] = &[
    IDENTITY_MANDATORY,
    p("OnlinePstnUsages", ListChange),
    DESCRIPTION,
    p("RouteType", String),
];

const DIAL_PLAN: &[ParamSpec] = &[
    IDENTITY_MANDATORY,
    DESCRIPTION,
    p("NormalizationRules", Object),
    p("SimpleName", String),
    p("OptimizeDeviceDialing", Bool),
    p("ExternalAccessPrefix", String),
];

const CALLING_POLICY: &[ParamSpec] = &[
    IDENTITY_MANDATORY,
    DESCRIPTION,
    p("PreventTollBypass", Bool),
    p("AllowCallForwardingToPhone", Bool),
    p("AllowCallForwardingToUser", Bool),
    p("AllowPrivateCalling", Bool),
    p("AllowVoicemail", String),
    p("AllowCallGroups", Bool),
    p("AllowDelegation", Bool),
    p("AllowWebPSTNCalling", Bool),
    p("BusyOnBusyEnabledType", String),
];

static CMDLETS: &[CmdletSpec] = &[
    // PowerShell's own commands.
    CmdletSpec::core(
        "Select-Object",
        &[
            p("Property", Object).at(0),
            p("ExpandProperty", String),
            p("First", Int),
            p("Last", Int),
            p("Skip", Int),
            p("Unique", Switch),
            p("InputObject", Object),
        ],
    ),
    CmdletSpec::core(
        "Where-Object",
        &[
            p("FilterScript", ScriptBlock)
                .at(0)
                .mandatory_in(&["ScriptBlock"])
                .sets(&["ScriptBlock"]),
            p("Property", String)
                .at(0)
                .mandatory_in(&["Simple"])
                .sets(&["Simple"]),
            p("Value", Object).at(1).sets(&["Simple"]),
            p("EQ", Switch).sets(&["Simple"]),
            p("NE", Switch).sets(&["Simple"]),
            p("GT", Switch).sets(&["Simple"]),
            p("GE", Switch).sets(&["Simple"]),
            p("LT", Switch).sets(&["Simple"]),
            p("LE", Switch).sets(&["Simple"]),
            p("Like", Switch).sets(&["Simple"]),
            p("NotLike", Switch).sets(&["Simple"]),
            p("Match", Switch).sets(&["Simple"]),
            p("NotMatch", Switch).sets(&["Simple"]),
            p("Contains", Switch).sets(&["Simple"]),
            p("NotContains", Switch).sets(&["Simple"]),
            p("In", Switch).sets(&["Simple"]),
            p("NotIn", Switch).sets(&["Simple"]),
            p("InputObject", Object),
        ],
    )
    .default_set("ScriptBlock"),
    CmdletSpec::core(
        "ForEach-Object",
        &[
            p("Process", ScriptBlock)
                .at(0)
                .mandatory_in(&["ScriptBlock"])
                .sets(&["ScriptBlock"]),
            p("MemberName", String)
                .at(0)
                .mandatory_in(&["Property"])
                .sets(&["Property"]),
            p("InputObject", Object),
        ],
    )
    .default_set("ScriptBlock"),
    CmdletSpec::core(
        "Sort-Object",
        &[
            p("Property", Object).at(0),
            p("Descending", Switch),
            p("Unique", Switch),
        ],
    ),
    CmdletSpec::core(
        "Measure-Object",
        &[p("Property", String).at(0), p("InputObject", Object)],
    ),
    CmdletSpec::core(
        "ConvertTo-Json",
        &[
            p("InputObject", Object).at(0),
            p("Depth", Int),
            p("Compress", Switch),
            p("AsArray", Switch),
            p("EnumsAsStrings", Switch),
        ],
    ),
    CmdletSpec::core(
        "ConvertFrom-Json",
        &[
            p("InputObject", String).at(0),
            p("AsHashtable", Switch),
            p("NoEnumerate", Switch),
            p("Depth", Int),
        ],
    ),
    CmdletSpec::core(
        "Write-Output",
        &[p("InputObject", Object).at(0), p("NoEnumerate", Switch)],
    )
    .remaining("InputObject"),
    CmdletSpec::core(
        "Write-Host",
        &[
            p("Object", Object).at(0),
            p("NoNewline", Switch),
            p("Separator", Object),
            p("ForegroundColor", String),
            p("BackgroundColor", String),
        ],
    )
    .remaining("Object"),
    CmdletSpec::core(
        "Write-Error",
        &[
            p("Message", String).at(0),
            p("Category", String),
            p("ErrorId", String),
            p("TargetObject", Object),
            p("Exception", Object),
        ],
    ),
    CmdletSpec::core("Write-Warning", &[p("Message", String).at(0).mandatory()]),
    CmdletSpec::core("Write-Verbose", &[p("Message", String).at(0).mandatory()]),
    CmdletSpec::core("Out-Null", &[p("InputObject", Object)]),
    CmdletSpec::core(
        "Out-String",
        &[
            p("InputObject", Object),
            p("Width", Int),
            p("Stream", Switch),
        ],
    ),
    CmdletSpec::core(
        "Get-Module",
        &[p("Name", StringArray).at(0), p("ListAvailable", Switch)],
    ),
    // The MicrosoftTeams module.
    CmdletSpec::teams(
        "Connect-MicrosoftTeams",
        &[
            p("AccessTokens", StringArray)
                .mandatory_in(&["AccessToken"])
                .sets(&["AccessToken"]),
            p("TenantId", String),
            p("ApplicationId", String)
                .mandatory_in(&["Certificate"])
                .sets(&["Certificate"]),
            p("CertificateThumbprint", String)
                .mandatory_in(&["Certificate"])
                .sets(&["Certificate"]),
            p("AccountId", String).sets(&["Interactive"]),
            p("LogLevel", String),
            p("LogFilePath", String),
        ],
    )
    .default_set("Interactive"),
    CmdletSpec::teams("Disconnect-MicrosoftTeams", &[]),
    CmdletSpec::teams(
        "Get-CsOnlineUser",
        &[
            p("Identity", String).at(0),
            FILTER,
            p("ResultSize", Int),
            p("AccountType", String),
            p("Properties", StringArray),
            p("Sort", String),
        ],
    ),
    CmdletSpec::teams(
        "Set-CsPhoneNumberAssignment",
        &[
            p("Identity", String)
                .mandatory()
                .sets(&["Assignment", "Attribute"])
                .piped(),
            p("PhoneNumber", String)
                .aliases(&["TelephoneNumber"])
                .mandatory()
                .sets(&["Assignment"]),
            p("PhoneNumberType", String)
                .aliases(&["NumberType"])
                .mandatory()
                .sets(&["Assignment"]),
            p("LocationId", String).sets(&["Assignment"]),
            p("NetworkSiteId", String).sets(&["Assignment"]),
            p("AssignmentCategory", String).sets(&["Assignment"]),
            p("EnterpriseVoiceEnabled", Bool)
                .mandatory()
                .sets(&["Attribute"]),
            p("Notify", Switch).sets(&["Assignment"]),
        ],
    )
    .default_set("Assignment"),
    CmdletSpec::teams(
        "Remove-CsPhoneNumberAssignment",
        &[
            p("Identity", String).mandatory().piped(),
            p("PhoneNumber", String)
                .aliases(&["TelephoneNumber"])
                .mandatory()
                .sets(&["RemoveSome"]),
            p("PhoneNumberType", String)
                .aliases(&["NumberType"])
                .mandatory()
                .sets(&["RemoveSome"]),
            p("RemoveAll", Switch).mandatory().sets(&["RemoveAll"]),
            p("Notify", Switch),
        ],
    )
    .default_set("RemoveSome"),
    CmdletSpec::teams("Grant-CsOnlineVoiceRoutingPolicy", GRANT).default_set("Identity"),
    CmdletSpec::teams("Grant-CsTenantDialPlan", GRANT).default_set("Identity"),
    CmdletSpec::teams("Grant-CsTeamsCallingPolicy", GRANT).default_set("Identity"),
    CmdletSpec::teams("New-CsOnlinePSTNGateway", &NEW_GATEWAY).default_set("Identity"),
    CmdletSpec::teams("Set-CsOnlinePSTNGateway", &SET_GATEWAY),
    CmdletSpec::teams("Get-CsOnlinePSTNGateway", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsOnlinePSTNGateway", REMOVE_BY_IDENTITY),
    CmdletSpec::teams("Get-CsOnlinePstnUsage", GET_BY_IDENTITY),
    CmdletSpec::teams(
        "Set-CsOnlinePstnUsage",
        &[p("Identity", String).at(0), p("Usage", ListChange)],
    ),
    CmdletSpec::teams("New-CsOnlineVoiceRoute", &NEW_ROUTE),
    CmdletSpec::teams("Set-CsOnlineVoiceRoute", &NEW_ROUTE),
    CmdletSpec::teams("Get-CsOnlineVoiceRoute", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsOnlineVoiceRoute", REMOVE_BY_IDENTITY),
    CmdletSpec::teams("New-CsOnlineVoiceRoutingPolicy", ROUTING_POLICY),
    CmdletSpec::teams("Set-CsOnlineVoiceRoutingPolicy", ROUTING_POLICY),
    CmdletSpec::teams("Get-CsOnlineVoiceRoutingPolicy", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsOnlineVoiceRoutingPolicy", REMOVE_BY_IDENTITY),
    CmdletSpec::teams("New-CsTenantDialPlan", DIAL_PLAN),
    CmdletSpec::teams("Set-CsTenantDialPlan", DIAL_PLAN),
    CmdletSpec::teams("Get-CsTenantDialPlan", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsTenantDialPlan", REMOVE_BY_IDENTITY),
    CmdletSpec::teams(
        "New-CsVoiceNormalizationRule",
        &[
            p("Identity", String)
                .at(0)
                .mandatory_in(&["Identity"])
                .sets(&["Identity"]),
            p("Parent", String)
                .mandatory_in(&["ParentAndRelativeKey"])
                .sets(&["ParentAndRelativeKey"]),
            p("Name", String)
                .mandatory_in(&["ParentAndRelativeKey"])
                .sets(&["ParentAndRelativeKey"]),
            p("Pattern", String),
            p("Translation", String),
            DESCRIPTION,
            p("IsInternalExtension", Bool),
            p("Priority", Int),
            p("InMemory", Switch),
        ],
    )
    .default_set("Identity"),
    CmdletSpec::teams(
        "New-CsTenantNetworkRegion",
        &[
            p("Identity", String)
                .at(0)
                .mandatory_in(&["Identity"])
                .sets(&["Identity"]),
            p("NetworkRegionID", String)
                .mandatory_in(&["ID"])
                .sets(&["ID"]),
            DESCRIPTION,
            p("CentralSite", String),
        ],
    )
    .default_set("Identity"),
    CmdletSpec::teams("Get-CsTenantNetworkRegion", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsTenantNetworkRegion", REMOVE_BY_IDENTITY),
    CmdletSpec::teams(
        "New-CsTenantNetworkSite",
        &[
            p("Identity", String)
                .at(0)
                .mandatory_in(&["Identity"])
                .sets(&["Identity"]),
            p("NetworkSiteID", String)
                .mandatory_in(&["ID"])
                .sets(&["ID"]),
            p("NetworkRegionID", String),
            p("EnableLocationBasedRouting", Bool),
            DESCRIPTION,
            p("LocationPolicy", String),
            p("NetworkRoamingPolicy", String),
            p("EmergencyCallingPolicy", String),
            p("EmergencyCallRoutingPolicy", String),
            p("SiteAddress", String),
        ],
    )
    .default_set("Identity"),
    CmdletSpec::teams("Get-CsTenantNetworkSite", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsTenantNetworkSite", REMOVE_BY_IDENTITY),
    CmdletSpec::teams(
        "New-CsTenantNetworkSubnet",
        &[
            p("Identity", String)
                .at(0)
                .mandatory_in(&["Identity"])
                .sets(&["Identity"]),
            p("SubnetID", String).mandatory_in(&["ID"]).sets(&["ID"]),
            p("MaskBits", Int).mandatory(),
            p("NetworkSiteID", String).mandatory(),
            DESCRIPTION,
        ],
    )
    .default_set("Identity"),
    CmdletSpec::teams("Get-CsTenantNetworkSubnet", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsTenantNetworkSubnet", REMOVE_BY_IDENTITY),
    CmdletSpec::teams(
        "New-CsTenantTrustedIPAddress",
        &[
            p("Identity", String)
                .at(0)
                .mandatory_in(&["Identity"])
                .sets(&["Identity"]),
            p("IPAddress", String).mandatory_in(&["ID"]).sets(&["ID"]),
            p("MaskBits", Int),
            DESCRIPTION,
        ],
    )
    .default_set("Identity"),
    CmdletSpec::teams("Get-CsTenantTrustedIPAddress", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsTenantTrustedIPAddress", REMOVE_BY_IDENTITY),
    CmdletSpec::teams("New-CsTeamsCallingPolicy", CALLING_POLICY),
    CmdletSpec::teams("Set-CsTeamsCallingPolicy", CALLING_POLICY),
    CmdletSpec::teams("Get-CsTeamsCallingPolicy", GET_BY_IDENTITY),
    CmdletSpec::teams("Remove-CsTeamsCallingPolicy", REMOVE_BY_IDENTITY),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_resolve_aliases() {
        let catalogue = catalogue();
        assert_eq!(
            catalogue.find("get-csonlineuser").map(|c| c.name),
            Some("Get-CsOnlineUser")
        );
        assert_eq!(
            catalogue.find("where").map(|c| c.name),
            Some("Where-Object")
        );
        assert!(catalogue.find("Get-CsNothing").is_none());
        let gateway = catalogue.find("New-CsOnlinePSTNGateway").unwrap();
        assert!(gateway
            .param("sipsignalingport")
            .unwrap()
            .mandatory_in_set("Fqdn"));
        assert!(gateway.param("Fqdn").unwrap().mandatory_in_set("Fqdn"));
        assert!(!gateway.param("Fqdn").unwrap().in_set("Identity"));
    }

    #[test]
    fn every_teams_cmdlet_has_unique_parameter_names() {
        for cmdlet in catalogue().module(Module::MicrosoftTeams) {
            for (i, param) in cmdlet.params.iter().enumerate() {
                assert!(!param.name.is_empty(), "{}", cmdlet.name);
                assert!(
                    cmdlet.params[i + 1..]
                        .iter()
                        .all(|other| !other.answers_to(param.name)),
                    "{} {}",
                    cmdlet.name,
                    param.name
                );
            }
        }
    }
}
