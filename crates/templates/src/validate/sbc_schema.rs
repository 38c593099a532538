//! The AudioCodes CLI tables our SBC templates may touch, with their attributes and
//! accepted values. This is the grammar the validator checks rendered scripts
//! against; it is deliberately limited to what Direct Routing scripts need.

pub(crate) enum ValueRule {
    /// Free text up to this many characters.
    Text(usize),
    Keyword(&'static [&'static str]),
    Number(i64, i64),
}

pub(crate) struct AttributeRule {
    pub name: &'static str,
    pub value: ValueRule,
}

pub(crate) struct TableRule {
    /// Words addressing the table from `configure voip`.
    pub path: &'static [&'static str],
    /// For a sub-table: the word that opens it inside a row of its parent, and the
    /// parent's path.
    pub within: Option<(&'static str, &'static [&'static str])>,
    pub attributes: &'static [AttributeRule],
}

impl TableRule {
    pub fn attribute(&self, name: &str) -> Option<&AttributeRule> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn sub_table(&self) -> Option<&'static TableRule> {
        TABLES
            .iter()
            .find(|t| t.within.is_some_and(|(_, parent)| parent == self.path))
    }
}

const fn text(name: &'static str, max: usize) -> AttributeRule {
    AttributeRule {
        name,
        value: ValueRule::Text(max),
    }
}
const fn keyword(name: &'static str, values: &'static [&'static str]) -> AttributeRule {
    AttributeRule {
        name,
        value: ValueRule::Keyword(values),
    }
}
const fn number(name: &'static str, min: i64, max: i64) -> AttributeRule {
    AttributeRule {
        name,
        value: ValueRule::Number(min, max),
    }
}

const ON_OFF: &[&str] = &["enable", "disable"];
const PROXY_SET: &[&str] = &["proxy-set"];
const DIAL_PLAN: &[&str] = &["sbc", "dial-plan"];

pub(crate) static TABLES: &[TableRule] = &[
    TableRule {
        path: PROXY_SET,
        within: None,
        attributes: &[
            text("proxy-name", 40),
            text("sbcipv4-sip-int-name", 40),
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
            text("tls-context-name", 40),
        ],
    },
    TableRule {
        path: &["proxy-ip"],
        within: Some(("proxy-ip", PROXY_SET)),
        attributes: &[
            text("proxy-address", 100),
            keyword("transport-type", &["not-configured", "udp", "tcp", "tls"]),
            number("priority", 0, 65535),
            number("weight", 0, 65535),
        ],
    },
    TableRule {
        path: &["ip-group"],
        within: None,
        attributes: &[
            text("name", 40),
            keyword("type", &["server", "user", "gateway"]),
            text("proxy-set-name", 40),
            text("ip-profile-name", 40),
            text("media-realm-name", 40),
            text("sip-group-name", 100),
            text("local-host-name", 100),
            keyword("always-use-source-addr", ON_OFF),
            keyword("classify-by-proxy-set", ON_OFF),
            text("tags", 70),
            number("call-setup-rules-set-id", -1, 31),
            text("cac-profile", 40),
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
    TableRule {
        path: &["sip-definition", "account"],
        within: None,
        attributes: &[
            text("account-name", 40),
            text("served-ip-group-name", 40),
            text("serving-ip-group-name", 40),
            text("user-name", 60),
            text("password", 50),
            text("host-name", 100),
            text("contact-user", 60),
            keyword("register", &["no", "reg", "gin"]),
            keyword("application-type", &["gw", "sbc"]),
        ],
    },
    TableRule {
        path: &[
            "sip-definition",
            "proxy-and-registration",
            "user-info",
            "sbc-user-info",
        ],
        within: None,
        attributes: &[
            text("local-user", 60),
            text("username", 60),
            text("password", 50),
            text("ip-group-name", 40),
        ],
    },
    TableRule {
        path: DIAL_PLAN,
        within: None,
        attributes: &[text("name", 20)],
    },
    TableRule {
        path: &["sbc", "dial-plan-rule"],
        within: Some(("dial-plan-rule", DIAL_PLAN)),
        attributes: &[text("name", 15), text("prefix", 50), text("tag", 70)],
    },
    TableRule {
        path: &["sbc", "routing", "ip2ip-routing"],
        within: None,
        attributes: &[
            text("name", 40),
            text("route-name", 40),
            text("src-ip-group-name", 40),
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
            text("dst-ip-group-name", 40),
            text("dst-tags", 70),
            text("dst-address", 100),
            number("call-setup-rules-set-id", -1, 31),
        ],
    },
];
