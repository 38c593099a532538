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

/// A value in double quotes, plainly (`"..."`, group `dq`) or inside a `Debug` string
/// (`\"...\"`, group `esc`), each up to its closing quote.
macro_rules! double_quoted_value {
    () => {
        r#"(?P<esc>\\")(?:[^"\\]|\\\\\\"|\\\\|\\[^"\\])*\\"|(?P<dq>")(?:[^"\\]|\\.)*""#
    };
}

/// `key=value`, `key: value`, `"key":"value"` and `\"key\":\"value\"` (JSON inside a `Debug`
/// string) for keys that name a credential. The key may carry a prefix (`sbc_password`,
/// `smtpPassword`). Quoted values are masked up to their closing quote; bare values up to
/// whitespace or a separator used by query and connection strings.
static KEYED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)(?P<key>\b(?:\w*(?:password|passwd|secret|_token|accountkey|sharedaccesskey|sharedaccesssignature|apikey|api_key)|pwd|sig)\b(?:\\?["'])?\s*[:=]\s*)"#,
        r#"(?P<some>Some\()?"#,
        "(?:",
        double_quoted_value!(),
        r#"|(?P<sq>')[^']*'|[^\s"'&;<>]+)"#,
    ))
    .expect("keyed value pattern is valid")
});

/// AudioCodes CLI `password "value"`: the keyword, a space, and a quoted value, anywhere.
static CLI_QUOTED_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?P<key>\bpassword[ \t]+)(?:",
        double_quoted_value!(),
        ")"
    ))
    .expect("CLI quoted password pattern is valid")
});

/// AudioCodes CLI `password value`, unquoted: only as a whole script line (also one inside a
/// `Debug` string, between `\n` escapes), since prose has "password policy updated".
static CLI_BARE_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?mi)(?P<key>(?:^|\\[nr])[ \t]*password[ \t]+)[^\s"'\\]+(?P<tail>[ \t]*(?:\r?$|\\[nr]|\\?"))"#,
    )
    .expect("CLI bare password pattern is valid")
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
    let text = replace(text, &KEYED_VALUE, mask_value);
    let text = replace(text, &CLI_QUOTED_PASSWORD, mask_value);
    replace(text, &CLI_BARE_PASSWORD, mask_value)
}

/// Keeps the key, an `Option`'s `Some(`, the quotes and what follows the value; masks the rest.
fn mask_value(caps: &Captures<'_>) -> String {
    let quote = ["esc", "dq", "sq"]
        .into_iter()
        .find_map(|name| caps.name(name))
        .map_or("", |quote| quote.as_str());
    let kept = |name| caps.name(name).map_or("", |part| part.as_str());
    format!(
        "{}{}{quote}{REDACTED}{quote}{}",
        &caps["key"],
        kept("some"),
        kept("tail")
    )
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
    fn audiocodes_cli_passwords() {
        let cases = [
            (r#"  password "s3cr3t""#, r#"  password "[REDACTED]""#),
            ("  password s3cr3t", "  password [REDACTED]"),
            (
                "sbc-user-info new\r\n  username \"u1\"\r\n  password s3cr3t \r\n  activate",
                "sbc-user-info new\r\n  username \"u1\"\r\n  password [REDACTED] \r\n  activate",
            ),
            (
                r#"sending line 7: PASSWORD "a \"quoted\" one" to sbc1"#,
                r#"sending line 7: PASSWORD "[REDACTED]" to sbc1"#,
            ),
            // A script inside a `Debug` string, lines separated by `\n` escapes.
            (
                r#"script="account 0\n  password \"p@ss w0rd\"\n  activate""#,
                r#"script="account 0\n  password \"[REDACTED]\"\n  activate""#,
            ),
            (
                r#"script="account 0\n  password s3cr3t\n  activate\n password x9y8z7""#,
                r#"script="account 0\n  password [REDACTED]\n  activate\n password [REDACTED]""#,
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "input: {input}");
        }
        for prose in [
            "password reset required for admin",
            "the password expired yesterday",
            "script=\"line\\n password change pending\"",
        ] {
            assert_eq!(masked(prose), prose);
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let text = "password policy updated; secret rotation due in 5 days; bearer of news; https://sbc.example.net:443/api";
        assert_eq!(masked(text), text);
    }
}
