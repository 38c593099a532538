//! Credentials recognised by shape or by the key they are attached to.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::REDACTED;

/// `scheme://user:password@host`: the user-info part goes.
static URL_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b([a-z][a-z0-9+.\-]*://)[^\s/:@"'<>]+:[^\s/@"'<>]+@"#)
        .expect("URL credentials pattern is valid")
});

/// `Authorization: <scheme> <credentials>` in any quoting (`Debug` of a header map quotes
/// both name and value, raw HTTP dumps do not).
static AUTHORIZATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(\b(?:proxy-)?authorization\b(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)(?:[a-z]+\s+)?[^\s"'\\,;]+"#,
    )
    .expect("Authorization pattern is valid")
});

/// `Bearer <token>` anywhere, e.g. inside an error message that echoes a request.
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]{6,}=*").expect("Bearer pattern is valid")
});

/// JSON Web Tokens (and five-part JWEs): base64url segments, the first starting with `eyJ`
/// (the encoding of `{"`).
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}(?:\.[A-Za-z0-9_\-]*)+")
        .expect("JWT pattern is valid")
});

/// `key=value`, `key: value`, `"key":"value"` and `\"key\":\"value\"` (JSON inside a `Debug`
/// string) for keys that name a credential. The key may carry a prefix (`sbc_password`,
/// `smtpPassword`). Quoted values are masked up to their closing quote; bare values up to
/// whitespace or a separator used by query and connection strings.
static KEYED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)(?P<key>\b(?:\w*(?:password|passwd|secret|_token|accountkey|sharedaccesskey|sharedaccesssignature|apikey|api_key)|pwd|sig)\b(?:\\?["'])?\s*[:=]\s*)"#,
        r#"(?P<some>Some\()?"#,
        r#"(?:(?P<esc>\\")(?:[^"\\]|\\\\\\"|\\\\|\\[^"\\])*\\"|(?P<dq>")(?:[^"\\]|\\.)*"|(?P<sq>')[^']*'|[^\s"'&;<>]+)"#,
    ))
    .expect("keyed value pattern is valid")
});

pub(super) fn mask_patterns(text: &str) -> Cow<'_, str> {
    let text = replace(Cow::Borrowed(text), &URL_CREDENTIALS, |caps| {
        format!("{}{REDACTED}@", &caps[1])
    });
    let text = replace(text, &AUTHORIZATION, |caps| {
        format!("{}{REDACTED}", &caps[1])
    });
    let text = replace(text, &BEARER, |caps| format!("{} {REDACTED}", &caps[1]));
    let text = replace(text, &JWT, |_| REDACTED.to_owned());
    replace(text, &KEYED_VALUE, |caps| {
        let quote = ["esc", "dq", "sq"]
            .into_iter()
            .find_map(|name| caps.name(name))
            .map_or("", |quote| quote.as_str());
        let some = caps.name("some").map_or("", |some| some.as_str());
        format!("{}{some}{quote}{REDACTED}{quote}", &caps["key"])
    })
}

fn replace<'a>(
    text: Cow<'a, str>,
    pattern: &Regex,
    replacement: impl Fn(&Captures<'_>) -> String,
) -> Cow<'a, str> {
    match pattern.replace_all(&text, |caps: &Captures<'_>| replacement(caps)) {
        Cow::Borrowed(_) => text,
        Cow::Owned(replaced) => Cow::Owned(replaced),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        mask_patterns(text).into_owned()
    }

    #[test]
    fn bearer_tokens() {
        assert_eq!(
            masked("sent header bearer abc.DEF-123_x~y+z/w== ok"),
            "sent header bearer [REDACTED] ok"
        );
    }

    #[test]
    fn jwt_anywhere() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXBhcnQ";
        assert_eq!(
            masked(&format!("token {jwt} rejected")),
            "token [REDACTED] rejected"
        );
    }

    #[test]
    fn keyed_values_in_every_quoting() {
        let cases = [
            ("password=hunter22 user=bob", "password=[REDACTED] user=bob"),
            (
                r#"{"password":"p@ss w0rd","user":"bob"}"#,
                r#"{"password":"[REDACTED]","user":"bob"}"#,
            ),
            (
                r#"Creds { user: "bob", sbc_password: "x\"y" }"#,
                r#"Creds { user: "bob", sbc_password: "[REDACTED]" }"#,
            ),
            (
                "grant_type=refresh_token&refresh_token=0.AXk-abc&scope=x",
                "grant_type=refresh_token&refresh_token=[REDACTED]&scope=x",
            ),
            (
                "client_secret='Qw~8Q~abc' tenant=t",
                "client_secret='[REDACTED]' tenant=t",
            ),
            ("ACCESS_TOKEN: opaque123", "ACCESS_TOKEN: [REDACTED]"),
            (
                "AccountName=st;AccountKey=ab+c/d==;EndpointSuffix=core",
                "AccountName=st;AccountKey=[REDACTED];EndpointSuffix=core",
            ),
            (
                r#"body="{\"client_secret\":\"abc\\\"def\",\"a\":1}""#,
                r#"body="{\"client_secret\":\"[REDACTED]\",\"a\":1}""#,
            ),
            (
                "smtp_password: Some(\"pw-123456\")",
                "smtp_password: Some(\"[REDACTED]\")",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "input: {input}");
        }
    }

    #[test]
    fn authorization_header_values() {
        assert_eq!(
            masked("Authorization: Basic dXNlcjpwYXNz next"),
            "Authorization: [REDACTED] next"
        );
        assert_eq!(
            masked(r#"{"authorization": "Negotiate YIIabc", "accept": "json"}"#),
            r#"{"authorization": "[REDACTED]", "accept": "json"}"#
        );
    }

    #[test]
    fn url_user_info() {
        assert_eq!(
            masked("GET https://admin:Sup3r@sbc1.example.net/api/v1 failed"),
            "GET https://[REDACTED]@sbc1.example.net/api/v1 failed"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let text = "password policy updated; secret rotation due in 5 days; bearer of news; https://sbc.example.net:443/api";
        assert_eq!(masked(text), text);
    }
}
