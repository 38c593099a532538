//! A received message, with the subject and text body decoded for reading: enough
//! MIME for single-part text mails (quoted-printable or base64 bodies, RFC 2047
//! encoded subjects).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedMail {
    /// The envelope sender and recipients (MAIL FROM / RCPT TO).
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    /// The text body, transfer encoding undone.
    pub body: String,
    /// The message as received, headers included.
    pub raw: String,
    pub received_at: DateTime<Utc>,
}

impl CapturedMail {
    pub(super) fn parse(from: String, to: Vec<String>, raw: &str) -> CapturedMail {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let headers = unfold(head);
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let body = match header("Content-Transfer-Encoding").map(str::to_ascii_lowercase) {
            Some(encoding) if encoding == "quoted-printable" => quoted_printable(body),
            Some(encoding) if encoding == "base64" => base64_text(body),
            _ => body.to_owned(),
        };
        CapturedMail {
            from,
            to,
            subject: header("Subject").map(decode_words).unwrap_or_default(),
            body: body.replace("\r\n", "\n"),
            raw: raw.to_owned(),
            received_at: Utc::now(),
        }
    }
}

/// Header lines, continuation lines joined to the line before.
fn unfold(head: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    headers
}

fn base64_text(text: &str) -> String {
    let compact: String = text.split_whitespace().collect();
    STANDARD
        .decode(compact)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_else(|_| text.to_owned())
}

/// Quoted-printable (RFC 2045): `=XX` is a byte, `=` at a line end joins the lines.
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Undoes RFC 2047 encoded words (`=?utf-8?b?...?=` and `=?utf-8?q?...?=`); the
/// whitespace between two encoded words is dropped, as the RFC says.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for (index, token) in value.split(' ').enumerate() {
        let decoded = decode_word(token);
        if index > 0 && !(previous_encoded && decoded.is_some()) {
            out.push(' ');
        }
        previous_encoded = decoded.is_some();
        out.push_str(decoded.as_deref().unwrap_or(token));
    }
    out
}

fn decode_word(token: &str) -> Option<String> {
    let inner = token.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let (_charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
    match encoding {
        "b" | "B" => STANDARD
            .decode(text)
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        "q" | "Q" => Some(quoted_printable(&text.replace('_', " "))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_bodies_and_encoded_subjects_are_decoded() {
        let raw = "Subject: =?utf-8?b?V2VsY29tZSDigJQ=?=\r\n =?utf-8?q?Contoso_caf=C3=A9?=\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                   Invitation 1234=\r\n5678 for caf=C3=A9\r\n";
        let mail = CapturedMail::parse("a@x".into(), vec!["b@y".into()], raw);
        assert_eq!(mail.subject, "Welcome \u{2014}Contoso café");
        assert_eq!(mail.body, "Invitation 12345678 for café\n");
    }

    #[test]
    fn base64_and_plain_bodies_are_readable() {
        let base64 = "Subject: Hi\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8K\r\n";
        assert_eq!(
            CapturedMail::parse(String::new(), vec![], base64).body,
            "Hello\n"
        );
        let plain = "Subject: Plain words\r\n\r\nLine one\r\nLine two\r\n";
        let mail = CapturedMail::parse(String::new(), vec![], plain);
        assert_eq!(mail.subject, "Plain words");
        assert_eq!(mail.body, "Line one\nLine two\n");
    }
}
