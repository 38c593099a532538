//! Every variable a template may use: its type, meaning, where its value comes from
//! and an example. Validation checks template references against this list, and the
//! editor shows it as the variable reference.
//!
//! List items are written with `[]`: `SBC.DialPlanPrefixes[].Rules[].Prefix` is the
//! `Prefix` of each rule inside each dial plan entry.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VariableType {
    Text,
    /// Text that must never be logged or shown (rendered into scripts only).
    Secret,
    Boolean,
    Number,
    /// A list to loop over with `#each`; its items' fields are listed separately.
    List,
    /// A group of named fields (used as a prefix only).
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VariableSource {
    /// The customer's tenant record.
    Tenant,
    /// The SBC the customer is placed on.
    Sbc,
    /// The customer's site location.
    Site,
    /// Typed or chosen in the onboarding wizard.
    WizardInput,
    /// Supplied by the day-two command that renders the script.
    CommandData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VariableSpec {
    pub path: &'static str,
    pub kind: VariableType,
    pub description: &'static str,
    pub source: VariableSource,
    pub example: &'static str,
}

/// The prefix of per-template custom variables, e.g. `CustomVar.SIP-Hostname`.
pub const CUSTOM_VARIABLE_PREFIX: &str = "CustomVar.";

use VariableSource::*;
use VariableType::*;

const fn var(
    path: &'static str,
    kind: VariableType,
    source: VariableSource,
    description: &'static str,
    example: &'static str,
) -> VariableSpec {
    VariableSpec {
        path,
        kind,
        description,
        source,
        example,
    }
}

static VARIABLES: &[VariableSpec] = &[
    var("CustomerId", Text, Tenant, "Customer short name; names the IP groups (-c carrier side, -t Teams side), the SIP account and the dial plan rules.", "Fabrikam"),
    var("CustomerName", Text, Tenant, "Customer full name, used in descriptions.", "Fabrikam Ltd"),
    var("SBC", Object, Sbc, "Values about the SBC side of the customer.", ""),
    var("SBC.CarrierID", Text, WizardInput, "Carrier chosen in the wizard: its proxy set and IP profile name on the SBC.", "SIPTrunk"),
    var("SBC.OnlinePstnGateway", Text, Tenant, "The customer's Online PSTN gateway FQDN; used in tags, the local host name and Teams routing.", "fabrikam.sbc.example.net"),
    var("SBC.SbcSiteName", Text, Site, "The site location name; also the LBR network site and the gateway's site id.", "FabrikamHQ"),
    var("SBC.EnableCAC", Boolean, WizardInput, "Whether the Teams-side IP group gets a call admission control profile.", "true"),
    var("SBC.CacProfile", Text, WizardInput, "The call admission control profile name (only when SBC.EnableCAC).", "CAC-20"),
    var("SBC.FlagCarrierRegistration", Boolean, WizardInput, "Whether the SBC registers to the carrier with a SIP account.", "true"),
    var("SBC.CarrierUserName", Text, WizardInput, "Registration user name (only with carrier registration).", "fabrikam-main"),
    var("SBC.CarrierPassword", Secret, WizardInput, "Registration password (only with carrier registration).", "<password>"),
    var("SBC.CarrierHostName", Text, WizardInput, "The carrier's registrar host name (only with carrier registration).", "registrar.carrier.example"),
    var("SBC.CarrierMainLine", Text, WizardInput, "Contact user: the customer's main number (only with carrier registration).", "+14255550100"),
    var("SBC.DialPlanPrefixes", List, WizardInput, "The wizard's prefixes grouped by dial plan.", ""),
    var("SBC.DialPlanPrefixes[].DialPlanName", Text, WizardInput, "The dial plan the rules go into.", "CustDialPlan"),
    var("SBC.DialPlanPrefixes[].Rules", List, WizardInput, "The rules for that dial plan.", ""),
    var("SBC.DialPlanPrefixes[].Rules[].Name", Text, WizardInput, "Rule name: the customer short name.", "Fabrikam"),
    var("SBC.DialPlanPrefixes[].Rules[].Prefix", Text, WizardInput, "Number prefix in SBC prefix notation.", "+1425555[0100-0199]"),
    var("SBC.DialPlanPrefixes[].Rules[].Tag", Text, WizardInput, "Rule tag: the Online PSTN gateway FQDN.", "fabrikam.sbc.example.net"),
    var("SBC.DialPlanPrefixes[].RuleNames", List, WizardInput, "Each rule name of that dial plan once (for cleanups).", ""),
    var("SBC.DialPlanPrefixes[].RuleNames[]", Text, WizardInput, "One rule name.", "Fabrikam"),
    var("M365", Object, WizardInput, "Names and settings of the Teams voice routing objects.", ""),
    var("M365.PstnUsage", Text, WizardInput, "The PSTN usage the voice route and policy share.", "Unrestricted"),
    var("M365.VoiceRoute", Text, WizardInput, "The voice route that sends calls to the gateway.", "Unrestricted"),
    var("M365.VoiceRoutingPolicy", Text, WizardInput, "The voice routing policy granted to users.", "Unrestricted"),
    var("M365.NumberPattern", Text, WizardInput, "The voice route's number pattern (a regular expression).", ".*"),
    var("M365.RoutePriority", Number, WizardInput, "The voice route's priority.", "1"),
    var("M365.SipSignalingPort", Number, Sbc, "The SBC's SIP signalling port towards Teams.", "5061"),
    var("M365.MaxConcurrentSessions", Number, WizardInput, "Concurrent call limit on the PSTN gateway.", "100"),
    var("Lbr", Object, Site, "Location-based routing settings (LBR templates only).", ""),
    var("Lbr.NetworkRegion", Text, Site, "The network region of the customer's site.", "EMEA"),
    var("Lbr.Subnets", List, Site, "The site's internal subnets.", ""),
    var("Lbr.Subnets[].Address", Text, Site, "Subnet network address.", "10.20.0.0"),
    var("Lbr.Subnets[].MaskBits", Number, Site, "Subnet mask length.", "24"),
    var("Lbr.TrustedIps", List, Site, "The site's trusted external addresses.", ""),
    var("Lbr.TrustedIps[].Address", Text, Site, "Trusted external address.", "198.51.100.10"),
    var("Lbr.TrustedIps[].MaskBits", Number, Site, "Mask length (32 for one address).", "32"),
    var("Lbr.CallingPolicy", Text, WizardInput, "The calling policy that prevents toll bypass.", "PreventTollBypass"),
    var("DialPlanName", Text, CommandData, "The dial plan a prefix command changes.", "CustDialPlan"),
    var("CmdData", Object, CommandData, "Data of the day-two command.", ""),
    var("CmdData.DialPlanRules", Object, CommandData, "Dial plan rule changes.", ""),
    var("CmdData.DialPlanRules.ToAdd", List, CommandData, "Prefixes to add.", ""),
    var("CmdData.DialPlanRules.ToAdd[].Prefix", Text, CommandData, "Number prefix in SBC prefix notation.", "+1425555020x"),
    var("CmdData.DialPlanRules.ToAdd[].Tag", Text, CommandData, "Rule tag: the Online PSTN gateway FQDN.", "fabrikam.sbc.example.net"),
    var("CmdData.DialPlanRules.ToRemove", List, CommandData, "Rules to delete.", ""),
    var("CmdData.DialPlanRules.ToRemove[].Index", Number, CommandData, "The rule's index in its dial plan on the SBC.", "3"),
    var("PbxUser", Object, CommandData, "An IP-PBX user to add or remove.", ""),
    var("PbxUser.create", Boolean, CommandData, "Set when the user is being added.", "true"),
    var("PbxUser.delete", Boolean, CommandData, "Set when the user is being removed.", "false"),
    var("PbxUser.LocalUserName", Text, CommandData, "The user's extension on the PBX.", "2345"),
    var("PbxUser.Pbxhost", Text, CommandData, "The PBX's SIP domain or address.", "pbx.fabrikam.example"),
    var("PbxUser.E164", Text, CommandData, "The user's E.164 number.", "+14255550123"),
    var("PbxUser.PbxExtension", Text, CommandData, "The extension as the PBX shows it.", "2345"),
    var("PbxUser.RegisteringUserName", Text, CommandData, "User name the SBC registers with.", "2345"),
    var("PbxUser.RegisteringPassword", Secret, CommandData, "Password the SBC registers with.", "<password>"),
    var("CustomVar", Object, WizardInput, "The template's declared custom variables.", ""),
];

/// The variable catalogue.
pub fn catalogue() -> &'static [VariableSpec] {
    VARIABLES
}

/// Looks up a catalogue path such as `SBC.DialPlanPrefixes[].Rules[].Tag`.
pub fn lookup(path: &str) -> Option<&'static VariableSpec> {
    VARIABLES.iter().find(|v| v.path == path)
}
