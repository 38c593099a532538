//! The tables under `configure voip` that Direct Routing scripts touch, their CLI
//! paths and their attributes. Attributes that name rows of other tables (proxy sets,
//! IP groups, profiles) are plain text here: whether such a row exists is the
//! device's business, not the grammar's.

/// One table. The order of the variants is a valid dependency order.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Free text of at most this many characters.
    Text(usize),
    /// Text of at most this many characters that the device shows only as `*`.
    Secret(usize),
    /// One of a fixed set of keywords.
    Keyword(&'static [&'static str]),
    /// A whole number in this inclusive range.
    Number(i64, i64),
    /// A dial plan prefix in the device's notation (see `prefix.rs`).
    Prefix,
    /// A tag list such as `Tenant=x;Trunk=y` of at most this many characters.
    Tags(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute {
    pub name: &'static str,
    pub kind: ValueKind,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub id: TableId,
    /// Words addressing the table from `configure voip`, e.g. `["sbc", "dial-plan"]`.
    pub path: &'static [&'static str],
    /// For a sub-table: its parent, and the word that opens a sub-row inside a parent
    /// row (`proxy-ip 1`); from `configure voip` its rows are `<parent>/<row>`.
    pub parent: Option<(TableId, &'static str)>,
    pub attributes: &'static [Attribute],
}

impl Table {
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == name)
    }

    /// The table whose rows live inside rows of this one, if any.
    pub fn sub_table(&self) -> Option<&'static Table> {
        TABLES
            .iter()
            .find(|table| table.parent.is_some_and(|(parent, _)| parent == self.id))
    }
}

/// The table with the longest path that `words` start with, and the words after it.
pub fn table_at<W: AsRef<str>>(words: &[W]) -> Option<(&'static Table, &[W])> {
    TABLES
        .iter()
        .filter(|table| {
            table.path.len() <= words.len()
                && table
                    .path
                    .iter()
                    .zip(words)
                    .all(|(path, word)| *path == word.as_ref())
        })
        .max_by_key(|table| table.path.len())
        .map(|table| (table, &words[table.path.len()..]))
}

const fn text(name: &'static str, max: usize) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Text(max),
    }
}

const fn secret(name: &'static str, max: usize) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Secret(max),
    }
}

const fn keyword(name: &'static str, allowed: &'static [&'static str]) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Keyword(allowed),
    }
}

const fn number(name: &'static str, min: i64, max: i64) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Number(min, max),
    }
}

const fn tags(name: &'static str, max: usize) -> Attribute {
    Attribute {
        name,
        kind: ValueKind::Tags(max),
    }
}

/// The device limits names of rows in other tables to 40 characters.
const ROW_NAME: usize = 40;
const ON_OFF: &[&str] = &["enable", "disable"];
/// The manual says 16 characters for a dial plan rule's tag, but every Direct Routing
/// template puts the customer's gateway FQDN there; 70 keeps those templates working.
const DIAL_PLAN_TAG_MAX: usize = 70;

/// Every table, in dependency order.
pub static TABLES: &[Table] = &[
    Table {
        id: TableId::ProxySet,
        path: &["proxy-set"],
        parent: None,
        attributes: &[
            text("proxy-name", ROW_NAME),
            text("sbcipv4-sip-int-name", ROW_NAME),
            keyword(
                "proxy-enable-keep-alive",
                &["disable", "using-options", "using-register"],
            ),
            number("proxy-keep-alive-time", 5, 2_000_000),
            keyword("is-proxy-hot-swap", ON_OFF),
            keyword(
                "proxy-load-balancing-method",
                &["disable", "round-robin", "random-weights"],
            ),
            text("tls-context-name", ROW_NAME),
        ],
    },
    Table {
        id: TableId::ProxyIp,
        path: &["proxy-ip"],
        parent: Some((TableId::ProxySet, "proxy-ip")),
        attributes: &[
            text("proxy-address", 100),
            keyword("transport-type", &["not-configured", "udp", "tcp", "tls"]),
            number("priority", 0, 65535),
            number("weight", 0, 65535),
        ],
    },
    Table {
        id: TableId::IpGroup,
        path: &["ip-group"],
        parent: None,
        attributes: &[
            text("name", ROW_NAME),
            keyword("type", &["server", "user", "gateway"]),
            text("proxy-set-name", ROW_NAME),
            text("ip-profile-name", ROW_NAME),
            text("media-realm-name", ROW_NAME),
            text("sip-group-name", 100),
            text("local-host-name", 100),
            keyword("always-use-source-addr", ON_OFF),
            keyword("classify-by-proxy-set", ON_OFF),
            tags("tags", 70),
            number("call-setup-rules-set-id", -1, 31),
            text("cac-profile", ROW_NAME),
            number("outbound-msg-manipulation-set", -1, 199),
            text("msg-man-user-defined-string1", 30),
            keyword("proxy-keepalive-use-ipg", ON_OFF),
            keyword(
                "registration-mode",
                &[
                    "user-initiates",
                    "sbc-initiates",
                    "registrations-not-needed",
                ],
            ),
            keyword(
                "authentication-mode",
                &["user-authenticates", "sbc-as-client", "sbc-as-server"],
            ),
        ],
    },
    Table {
        id: TableId::SipAccount,
        path: &["sip-definition", "account"],
        parent: None,
        attributes: &[
            text("account-name", ROW_NAME),
            text("served-ip-group-name", ROW_NAME),
            text("serving-ip-group-name", ROW_NAME),
            text("user-name", 60),
            secret("password", 50),
            text("host-name", 100),
            text("contact-user", 60),
            keyword("register", &["no", "reg", "gin"]),
            keyword("application-type", &["gw", "sbc"]),
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
        attributes: &[
            text("local-user", 60),
            text("username", 60),
            secret("password", 50),
            text("ip-group-name", ROW_NAME),
        ],
    },
    Table {
        id: TableId::DialPlan,
        path: &["sbc", "dial-plan"],
        parent: None,
        attributes: &[text("name", 20)],
    },
    Table {
        id: TableId::DialPlanRule,
        path: &["sbc", "dial-plan-rule"],
        parent: Some((TableId::DialPlan, "dial-plan-rule")),
        attributes: &[
            text("name", 15),
            Attribute {
                name: "prefix",
                kind: ValueKind::Prefix,
            },
            tags("tag", DIAL_PLAN_TAG_MAX),
        ],
    },
    Table {
        id: TableId::Ip2IpRouting,
        path: &["sbc", "routing", "ip2ip-routing"],
        parent: None,
        attributes: &[
            text("name", ROW_NAME),
            text("route-name", ROW_NAME),
            text("src-ip-group-name", ROW_NAME),
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
            ),
            text("dst-ip-group-name", ROW_NAME),
            text("dst-tags", 70),
            text("dst-address", 100),
            number("call-setup-rules-set-id", -1, 31),
        ],
    },
];

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
        for table in TABLES {
            if let Some((parent, _)) = table.parent {
                assert!(parent < table.id, "{:?} comes before its parent", table.id);
            }
        }
    }

    #[test]
    fn the_longest_path_wins_and_the_rest_is_the_selector() {
        let words = ["sbc", "dial-plan-rule", "0/new"];
        let (table, rest) = table_at(&words).unwrap_or_else(|| panic!("no table"));
        assert_eq!((table.id, rest), (TableId::DialPlanRule, &["0/new"][..]));
        assert_eq!(table_at(&["sbc"]), None);
        let (plan, rest) = table_at(&["sbc", "dial-plan"]).unwrap_or_else(|| panic!("no table"));
        assert_eq!((plan.id, rest.len()), (TableId::DialPlan, 0));
        let rule = plan.sub_table().map(|table| table.id);
        assert_eq!(rule, Some(TableId::DialPlanRule));
    }
}
