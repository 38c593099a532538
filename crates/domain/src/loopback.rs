//! Whether a host name or address stays on this machine. Unencrypted credentials are
//! acceptable there (the sandbox's emulators listen on loopback) and nowhere else
//! without the user's explicit confirmation.

use std::net::IpAddr;

/// True for `localhost` (any case, optional trailing dot), 127.0.0.0/8 and `::1`
/// (bracketed or not, IPv4-mapped included). Anything else, including names that
/// merely resolve to loopback today, is not.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim();
    let host = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host);
    if host.trim_end_matches('.').eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<IpAddr>()
        .is_ok_and(|address| address.to_canonical().is_loopback())
}

/// Whether a confirmation given for `confirmed_host` still covers `host`: the same
/// name, ignoring case and surrounding spaces. Any other host needs a new one.
pub fn confirmed_for(confirmed_host: Option<&str>, host: &str) -> bool {
    confirmed_host.is_some_and(|confirmed| {
        let confirmed = confirmed.trim();
        !confirmed.is_empty() && confirmed.eq_ignore_ascii_case(host.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses_are_recognised() {
        for host in [
            "localhost",
            "LocalHost.",
            " 127.0.0.1 ",
            "127.255.3.4",
            "::1",
            "[::1]",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "10.0.0.5",
            "128.0.0.1",
            "sbc.example.net",
            "localhost.example.net",
            "::2",
            "0.0.0.0",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn a_confirmation_covers_only_its_own_host() {
        assert!(confirmed_for(Some("SBC.example.net"), " sbc.example.net"));
        assert!(!confirmed_for(Some("sbc.example.net"), "sbc2.example.net"));
        assert!(!confirmed_for(Some(" "), " "));
        assert!(!confirmed_for(None, "sbc.example.net"));
    }
}
