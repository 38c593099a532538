//! Reads the running configuration (`GET /api/v1/files/cliScript`) into the tables the
//! app cares about. Unknown sections, tables and attributes are skipped; broken
//! structure (an `exit` too many or too few, a sub-row without its parent) is an error
//! naming the line.

mod blocks;
mod junk;
mod model;
mod tables;

pub use junk::strip_leading_junk;
pub use model::{
    DialPlan, DialPlanRule, IpGroup, IpGroupType, ProxyAddress, ProxySet, RunningConfig, SipAccount,
};

use crate::ParseError;

/// Parses CLI text as the device renders its configuration. Leading junk some firmware
/// puts before the first CLI line is ignored; line numbers in errors count from the
/// first line kept.
pub fn parse_running_config(text: &str) -> Result<RunningConfig, ParseError> {
    let roots = blocks::read_blocks(strip_leading_junk(text))?;
    tables::collect(&roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"GET /topAreaStaus.json
## Mediant VE SBC
configure network
  interface network-if 0
    ip-address "10.0.0.1"
  exit
exit
configure voip
  proxy-set 4
    proxy-name "Carrier"
    unknown-attribute 7
    activate
    proxy-ip 0
      proxy-address "198.51.100.7:5060"
      transport-type udp
      activate
    exit
  exit
  ip-group 2
    name "cust-t"
    type user
    proxy-set-name "Carrier"
    tags "Tenant=gw.example.net"
    activate
  exit
  sip-definition account 0
    account-name "cust"
    user-name "u1"
    password *
    activate
  exit
  sbc
    dial-plan 1
      name "CustDialPlan"
      activate
      dial-plan-rule 3
        name "cust"
        prefix "+3120[00-49]"
        tag "gw.example.net"
        activate
      exit
    exit
    routing ip2ip-routing 0
      name "r"
      activate
    exit
  exit
exit
"#;

    #[test]
    fn nested_rows_sections_and_unknown_parts_are_read() {
        let config = parse_running_config(NESTED).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(config.proxy_sets.len(), 1);
        assert_eq!(config.proxy_sets[0].index, 4);
        assert_eq!(
            config.proxy_sets[0].addresses[0].address,
            "198.51.100.7:5060"
        );
        assert_eq!(config.ip_groups[0].group_type, IpGroupType::User);
        assert_eq!(config.ip_groups[0].tag("tenant"), Some("gw.example.net"));
        assert_eq!(config.sip_accounts[0].user_name, "u1");
        let rules = config.dial_plan_rules();
        assert_eq!(rules.len(), 1);
        assert_eq!(
            (rules[0].dial_plan.as_str(), rules[0].index),
            ("CustDialPlan", 3)
        );
        assert_eq!(rules[0].prefix, "+3120[00-49]");
    }

    #[test]
    fn section_level_sub_rows_need_an_existing_parent() {
        let orphan =
            "configure voip\n sbc dial-plan-rule 5/0\n  prefix \"+1\"\n  activate\n exit\nexit\n";
        assert_eq!(parse_running_config(orphan).err().map(|e| e.line), Some(2));
        let parentless = "configure voip\n proxy-ip 3\n  proxy-address \"x\"\n exit\nexit\n";
        assert_eq!(
            parse_running_config(parentless).err().map(|e| e.line),
            Some(2)
        );
    }

    #[test]
    fn a_half_quoted_value_is_an_error_with_its_line() {
        let glued = "configure voip\n ip-group 0\n  name \"a\"b\n exit\nexit\n";
        let error = parse_running_config(glued).err();
        assert_eq!(error.as_ref().map(|e| e.line), Some(3));
        assert!(error.is_some_and(|e| e.reason.contains("followed by a space")));
    }

    #[test]
    fn unbalanced_exits_are_errors_with_line_numbers() {
        let extra = "configure voip\n ip-group 0\n  name \"a\"\n exit\nexit\nexit\n";
        assert_eq!(parse_running_config(extra).err().map(|e| e.line), Some(6));
        let unclosed = "configure voip\n ip-group 0\n  name \"a\"\nexit\n";
        assert_eq!(
            parse_running_config(unclosed).err().map(|e| e.line),
            Some(1)
        );
    }
}
