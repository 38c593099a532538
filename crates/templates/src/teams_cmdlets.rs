//! The PowerShell commands M365 templates may use, with the parameters we accept
//! for each. Teams cmdlets are checked parameter by parameter; PowerShell's own
//! commands are only checked by name.

/// Accepted by every cmdlet.
pub const COMMON_PARAMETERS: &[&str] = &[
    "ErrorAction",
    "ErrorVariable",
    "WarningAction",
    "WarningVariable",
    "InformationAction",
    "InformationVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
    "ProgressAction",
    "Verbose",
    "Debug",
    "WhatIf",
    "Confirm",
];

/// PowerShell and module commands whose parameters we do not check.
pub const GENERAL_COMMANDS: &[&str] = &[
    "Where-Object",
    "ForEach-Object",
    "Select-Object",
    "Sort-Object",
    "Measure-Object",
    "Group-Object",
    "Write-Host",
    "Write-Output",
    "Write-Warning",
    "Write-Error",
    "Write-Verbose",
    "Out-Null",
    "Out-String",
    "ConvertTo-Json",
    "ConvertFrom-Json",
    "Start-Sleep",
    "Get-Date",
    "Connect-MicrosoftTeams",
    "Disconnect-MicrosoftTeams",
];

const GET: &[&str] = &["Identity", "Filter"];
const REMOVE: &[&str] = &["Identity", "Force"];
const GATEWAY_SETTINGS: &[&str] = &[
    "Identity",
    "Fqdn",
    "SipSignalingPort",
    "Enabled",
    "MaxConcurrentSessions",
    "ForwardCallHistory",
    "ForwardPai",
    "MediaBypass",
    "GatewaySiteLbrEnabled",
    "GatewaySiteID",
    "GatewayLbrEnabledUserOverride",
    "SendSipOptions",
    "FailoverTimeSeconds",
    "FailoverResponseCodes",
    "PidfLoSupported",
    "MediaRelayRoutingLocationOverride",
    "ProxySbc",
    "BypassMode",
    "InboundTeamsNumberTranslationRules",
    "OutboundTeamsNumberTranslationRules",
    "OutboundPstnNumberTranslationRules",
    "Description",
];
const ROUTE: &[&str] = &[
    "Identity",
    "NumberPattern",
    "OnlinePstnGatewayList",
    "OnlinePstnUsages",
    "Priority",
    "Description",
    "BridgeSourcePhoneNumber",
];
const ROUTING_POLICY: &[&str] = &["Identity", "OnlinePstnUsages", "Description", "RouteType"];
const DIAL_PLAN: &[&str] = &[
    "Identity",
    "Description",
    "NormalizationRules",
    "SimpleName",
    "OptimizeDeviceDialing",
    "ExternalAccessPrefix",
];
const CALLING_POLICY: &[&str] = &[
    "Identity",
    "Description",
    "PreventTollBypass",
    "AllowCallForwardingToPhone",
    "AllowCallForwardingToUser",
    "AllowPrivateCalling",
    "AllowVoicemail",
    "AllowCallGroups",
    "AllowDelegation",
    "AllowWebPSTNCalling",
    "BusyOnBusyEnabledType",
];
const GRANT: &[&str] = &[
    "Identity",
    "PolicyName",
    "Global",
    "Group",
    "Rank",
    "PassThru",
    "Force",
];

/// Teams cmdlets and their parameters.
pub const TEAMS_CMDLETS: &[(&str, &[&str])] = &[
    (
        "Get-CsOnlineUser",
        &[
            "Identity",
            "Filter",
            "ResultSize",
            "AccountType",
            "Properties",
            "Sort",
        ],
    ),
    (
        "Set-CsPhoneNumberAssignment",
        &[
            "Identity",
            "PhoneNumber",
            "PhoneNumberType",
            "LocationId",
            "NetworkSiteId",
            "AssignmentCategory",
            "EnterpriseVoiceEnabled",
            "Notify",
        ],
    ),
    (
        "Remove-CsPhoneNumberAssignment",
        &[
            "Identity",
            "PhoneNumber",
            "PhoneNumberType",
            "RemoveAll",
            "Notify",
        ],
    ),
    ("Grant-CsOnlineVoiceRoutingPolicy", GRANT),
    ("Grant-CsTenantDialPlan", GRANT),
    ("Grant-CsTeamsCallingPolicy", GRANT),
    ("New-CsOnlinePSTNGateway", GATEWAY_SETTINGS),
    ("Set-CsOnlinePSTNGateway", GATEWAY_SETTINGS),
    ("Get-CsOnlinePSTNGateway", GET),
    ("Remove-CsOnlinePSTNGateway", REMOVE),
    ("Get-CsOnlinePstnUsage", GET),
    ("Set-CsOnlinePstnUsage", &["Identity", "Usage"]),
    ("New-CsOnlineVoiceRoute", ROUTE),
    ("Set-CsOnlineVoiceRoute", ROUTE),
    ("Get-CsOnlineVoiceRoute", GET),
    ("Remove-CsOnlineVoiceRoute", REMOVE),
    ("New-CsOnlineVoiceRoutingPolicy", ROUTING_POLICY),
    ("Set-CsOnlineVoiceRoutingPolicy", ROUTING_POLICY),
    ("Get-CsOnlineVoiceRoutingPolicy", GET),
    ("Remove-CsOnlineVoiceRoutingPolicy", REMOVE),
    ("New-CsTenantDialPlan", DIAL_PLAN),
    ("Set-CsTenantDialPlan", DIAL_PLAN),
    ("Get-CsTenantDialPlan", GET),
    ("Remove-CsTenantDialPlan", REMOVE),
    (
        "New-CsVoiceNormalizationRule",
        &[
            "Identity",
            "Parent",
            "Name",
            "Pattern",
            "Translation",
            "Description",
            "IsInternalExtension",
            "Priority",
            "InMemory",
        ],
    ),
    (
        "New-CsTenantNetworkRegion",
        &["Identity", "NetworkRegionID", "Description", "CentralSite"],
    ),
    ("Get-CsTenantNetworkRegion", GET),
    ("Remove-CsTenantNetworkRegion", REMOVE),
    (
        "New-CsTenantNetworkSite",
        &[
            "Identity",
            "NetworkSiteID",
            "NetworkRegionID",
            "EnableLocationBasedRouting",
            "Description",
            "LocationPolicy",
            "NetworkRoamingPolicy",
            "EmergencyCallingPolicy",
            "EmergencyCallRoutingPolicy",
            "SiteAddress",
        ],
    ),
    ("Get-CsTenantNetworkSite", GET),
    ("Remove-CsTenantNetworkSite", REMOVE),
    (
        "New-CsTenantNetworkSubnet",
        &[
            "Identity",
            "SubnetID",
            "MaskBits",
            "NetworkSiteID",
            "Description",
        ],
    ),
    ("Get-CsTenantNetworkSubnet", GET),
    ("Remove-CsTenantNetworkSubnet", REMOVE),
    (
        "New-CsTenantTrustedIPAddress",
        &["Identity", "IPAddress", "MaskBits", "Description"],
    ),
    ("Get-CsTenantTrustedIPAddress", GET),
    ("Remove-CsTenantTrustedIPAddress", REMOVE),
    ("New-CsTeamsCallingPolicy", CALLING_POLICY),
    ("Set-CsTeamsCallingPolicy", CALLING_POLICY),
    ("Get-CsTeamsCallingPolicy", GET),
    ("Remove-CsTeamsCallingPolicy", REMOVE),
];

/// What we know about a command name.
pub enum CommandInfo {
    /// A Teams cmdlet with its parameters.
    Teams(&'static str, &'static [&'static str]),
    General,
    Unknown,
}

pub fn command(name: &str) -> CommandInfo {
    if let Some((canonical, params)) = TEAMS_CMDLETS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        return CommandInfo::Teams(canonical, params);
    }
    if GENERAL_COMMANDS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        return CommandInfo::General;
    }
    CommandInfo::Unknown
}

/// Whether `param` (without the dash) is accepted; PowerShell also accepts any
/// unambiguous prefix of a parameter name.
pub fn accepts(params: &[&str], param: &str) -> bool {
    let all = || params.iter().chain(COMMON_PARAMETERS.iter());
    if all().any(|p| p.eq_ignore_ascii_case(param)) {
        return true;
    }
    let lower = param.to_ascii_lowercase();
    all()
        .filter(|p| p.to_ascii_lowercase().starts_with(&lower))
        .count()
        == 1
}
