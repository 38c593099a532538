//! The tables the emulated SBC knows, their CLI paths and their attributes.
//!
//! Only the tables the Direct Routing scripts touch are modelled. Attributes that name
//! rows of tables that are not modelled here (IP profiles, media realms, CAC profiles,
//! SIP interfaces) are accepted as plain strings and not checked.

/// One modelled configuration table. The order of the variants is the order in which
/// the running configuration is rendered, which is also a valid dependency order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableId {
    ProxySet,
    ProxyIp,
    IpGroup,
    SipAccount,
    SbcUserInfo,
    DialPlan,
    DialPlanRule,
    Ip2IpRouting,
}

/// What values an attribute accepts.
#[derive(Debug, Clone, Copy)]
pub enum ValueKind {
    /// A free string of at most this many characters.
    Text(usize),
    /// A secret string: stored, but rendered as `*`.
    Secret(usize),
    /// One of a fixed set of keywords (rendered unquoted).
    Keyword(&'static [&'static str]),
    /// A whole number in this inclusive range (rendered unquoted).
    Number(i64, i64),
    /// A dial plan rule prefix (see `prefix.rs`).
    Prefix,
    /// A tag list such as `Tenant=x;Trunk=y` of at most this many characters.
    Tags(usize),
    /// The name of a row of another table; empty means "none".
    Reference(TableId),
}

#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    pub name: &'static str,
    pub kind: ValueKind,
    pub default: &'static str,
}

#[derive(Debug)]
pub struct Table {
    pub id: TableId,
    /// Words addressing the table from `configure voip`, e.g. `["sbc", "dial-plan"]`.
    pub path: &'static [&'static str],
    /// For a sub-table: its parent and the word used inside a parent row.
    pub parent: Option<(TableId, &'static str)>,
    /// The attribute other rows use to refer to this table's rows, unique when non-empty.
    pub key_attribute: Option<&'static str>,
    /// Attributes that must be non-empty for a row to be activated.
    pub required: &'static [&'static str],
    pub attributes: &'static [Attribute],
}

impl Table {
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == name)
    }

    /// The CLI path as one string, e.g. `sbc dial-plan`.
    pub fn path_text(&self) -> String {
        self.path.join(" ")
    }
}

const fn text(name: &'static str, max: usize) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Text(max),
        default: "",
    }
}

const fn keyword(
    name: &'static str,
    values: &'static [&'static str],
    default: &'static str,
) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Keyword(values),
        default,
    }
}

const fn reference(name: &'static str, table: TableId) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Reference(table),
        default: "",
    }
}

const ENABLE: &[&str] = &["disable", "enable"];

/// Every table, in rendering order.
pub static TABLES: &[Table] = &[
    Table {
        id: TableId::ProxySet,
        path: &["proxy-set"],
        parent: None,
        key_attribute: Some("proxy-name"),
        required: &["proxy-name"],
        attributes: &[
            text("proxy-name", 40),
            text("sbcipv4-sip-int-name", 40),
            keyword(
                "proxy-enable-keep-alive",
                &["disable", "using-options", "using-register"],
                "disable",
            ),
            Attribute {
                name: "proxy-keep-alive-time",
                kind: ValueKind::Number(5, 2_000_000),
                default: "60",
            },
            keyword("is-proxy-hot-swap", ENABLE, "disable"),
            keyword(
                "proxy-load-balancing-method",
                &["disable", "round-robin", "random-weights"],
                "disable",
            ),
            text("tls-context-name", 40),
        ],
    },
    Table {
        id: TableId::ProxyIp,
        path: &["proxy-ip"],
        parent: Some((TableId::ProxySet, "proxy-ip")),
        key_attribute: None,
        required: &["proxy-address"],
        attributes: &[
            text("proxy-address", 100),
            keyword(
                "transport-type",
                &["not-configured", "udp", "tcp", "tls"],
                "not-configured",
            ),
            Attribute {
                name: "priority",
                kind: ValueKind::Number(0, 65535),
                default: "0",
            },
            Attribute {
                name: "weight",
                kind: ValueKind::Number(0, 65535),
                default: "0",
            },
        ],
    },
    Table {
        id: TableId::IpGroup,
        path: &["ip-group"],
        parent: None,
        key_attribute: Some("name"),
        required: &["name"],
        attributes: &[
            text("name", 40),
            keyword("type", &["server", "user", "gateway"], "server"),
            reference("proxy-set-name", TableId::ProxySet),
            text("ip-profile-name", 40),
            text("media-realm-name", 40),
            text("sip-group-name", 100),
            text("local-host-name", 100),
            keyword("always-use-source-addr", ENABLE, "disable"),
            keyword("classify-by-proxy-set", ENABLE, "enable"),
            Attribute {
                name: "tags",
                kind: ValueKind::Tags(70),
                default: "",
            },
            Attribute {
                name: "call-setup-rules-set-id",
                kind: ValueKind::Number(-1, 31),
                default: "-1",
            },
            text("cac-profile", 40),
            Attribute {
                name: "outbound-msg-manipulation-set",
                kind: ValueKind::Number(-1, 199),
                default: "-1",
            },
            text("msg-man-user-defined-string1", 30),
            keyword("proxy-keepalive-use-ipg", ENABLE, "disable"),
            keyword(
                "registration-mode",
                &[
                    "user-initiates",
                    "sbc-initiates",
                    "registrations-not-needed",
                ],
                "user-initiates",
            ),
            keyword(
                "authentication-mode",
                &["user-authenticates", "sbc-as-client", "sbc-as-server"],
                "user-authenticates",
            ),
        ],
    },
    Table {
        id: TableId::SipAccount,
        path: &["sip-definition", "account"],
        parent: None,
        key_attribute: Some("account-name"),
        required: &["served-ip-group-name", "serving-ip-group-name"],
        attributes: &[
            text("account-name", 40),
            reference("served-ip-group-name", TableId::IpGroup),
            reference("serving-ip-group-name", TableId::IpGroup),
            text("user-name", 60),
            Attribute {
                name: "password",
                kind: ValueKind::Secret(50),
                default: "",
            },
            text("host-name", 100),
            text("contact-user", 60),
            keyword("register", &["no", "reg", "gin"], "no"),
            keyword("application-type", &["gw", "sbc"], "gw"),
        ],
    },
    Table {
        id: TableId::SbcUserInfo,
        path: &[
            "sip-definition",
            "proxy-and-registration",
            "user-info",
            "sbc-user-info",
        ],
        parent: None,
        key_attribute: None,
        required: &["local-user"],
        attributes: &[
            text("local-user", 60),
            text("username", 60),
            Attribute {
                name: "password",
                kind: ValueKind::Secret(50),
                default: "",
            },
            reference("ip-group-name", TableId::IpGroup),
        ],
    },
    Table {
        id: TableId::DialPlan,
        path: &["sbc", "dial-plan"],
        parent: None,
        key_attribute: Some("name"),
        required: &["name"],
        attributes: &[text("name", 20)],
    },
    Table {
        id: TableId::DialPlanRule,
        path: &["sbc", "dial-plan-rule"],
        parent: Some((TableId::DialPlan, "dial-plan-rule")),
        key_attribute: None,
        required: &["prefix"],
        attributes: &[
            text("name", 15),
            Attribute {
                name: "prefix",
                kind: ValueKind::Prefix,
                default: "",
            },
            Attribute {
                name: "tag",
                kind: ValueKind::Tags(DIAL_PLAN_TAG_MAX),
                default: "",
            },
        ],
    },
    Table {
        id: TableId::Ip2IpRouting,
        path: &["sbc", "routing", "ip2ip-routing"],
        parent: None,
        key_attribute: Some("name"),
        required: &["name"],
        attributes: &[
            text("name", 40),
            text("route-name", 40),
            reference("src-ip-group-name", TableId::IpGroup),
            keyword(
                "dst-type",
                &[
                    "ip-group",
                    "dest-address",
                    "request-uri",
                    "enum",
                    "hunt-group",
                    "dial-plan",
                    "destination-tag",
                    "route-row",
                    "internal",
                ],
                "ip-group",
            ),
            reference("dst-ip-group-name", TableId::IpGroup),
            text("dst-tags", 70),
            text("dst-address", 100),
            Attribute {
                name: "call-setup-rules-set-id",
                kind: ValueKind::Number(-1, 31),
                default: "-1",
            },
        ],
    },
];

/// The spec's manual excerpt says 16 characters, but every Direct Routing template puts
/// the customer's gateway FQDN in the tag; 70 keeps those templates working.
pub const DIAL_PLAN_TAG_MAX: usize = 70;

pub fn table(id: TableId) -> &'static Table {
    // Every variant has exactly one entry; see `every_table_is_described` below.
    TABLES
        .iter()
        .find(|table| table.id == id)
        .unwrap_or(&TABLES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_described_once_in_dependency_order() {
        let ids: Vec<TableId> = TABLES.iter().map(|table| table.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
        assert_eq!(ids.len(), 8);
        for table in TABLES {
            for attribute in table.attributes {
                if let ValueKind::Reference(target) = attribute.kind {
                    assert!(target < table.id, "{:?} refers forward", table.id);
                }
            }
        }
    }
}
