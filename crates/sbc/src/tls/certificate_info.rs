//! What the "trust this certificate?" dialog shows: fingerprint, subject, issuer and
//! expiry, read from the DER certificate with a minimal reader of the few X.509
//! fields needed (a full X.509 crate would be a heavy dependency for four fields).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::Sha256Fingerprint;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    pub sha256: Sha256Fingerprint,
    /// Distinguished name, e.g. `CN=sbc1.example.net, O=Example`.
    pub subject: String,
    pub issuer: String,
    /// `None` when the date could not be read.
    pub not_after: Option<DateTime<Utc>>,
}

impl CertificateInfo {
    /// Reads the fields; names that cannot be decoded show as empty rather than failing,
    /// because the fingerprint alone is enough to decide.
    pub fn from_der(der: &[u8]) -> Self {
        let fields = read_fields(der);
        Self {
            sha256: Sha256Fingerprint::of_certificate(der),
            subject: fields
                .as_ref()
                .map(|f| f.subject.clone())
                .unwrap_or_default(),
            issuer: fields
                .as_ref()
                .map(|f| f.issuer.clone())
                .unwrap_or_default(),
            not_after: fields.and_then(|f| f.not_after),
        }
    }
}

struct Fields {
    subject: String,
    issuer: String,
    not_after: Option<DateTime<Utc>>,
}

const SEQUENCE: u8 = 0x30;
const VERSION: u8 = 0xA0;

fn read_fields(der: &[u8]) -> Option<Fields> {
    let (_, certificate, _) = element(der)?;
    let (_, tbs, _) = element(certificate)?;
    let mut rest = tbs;
    let mut next = || {
        let (tag, content, after) = element(rest)?;
        rest = after;
        Some((tag, content))
    };
    // [version], serial number, signature algorithm: skipped.
    let (first, _) = next()?;
    if first == VERSION {
        next()?;
    }
    next()?;
    let (_, issuer) = next()?;
    let (_, validity) = next()?;
    let (_, subject) = next()?;
    let (_, _, after_not_before) = element(validity)?;
    let (time_tag, not_after, _) = element(after_not_before)?;
    Some(Fields {
        subject: distinguished_name(subject)?,
        issuer: distinguished_name(issuer)?,
        not_after: time(time_tag, not_after),
    })
}

/// One DER element: (tag, content, what follows).
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7F);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |length, &byte| length << 8 | usize::from(byte));
        (length, &rest[count..])
    };
    if rest.len() < length {
        return None;
    }
    Some((tag, &rest[..length], &rest[length..]))
}

/// `Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value }`, shown as `CN=x, O=y`.
fn distinguished_name(mut rdns: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    while !rdns.is_empty() {
        let (_, set, after) = element(rdns)?;
        rdns = after;
        let mut attributes = set;
        while !attributes.is_empty() {
            let (tag, attribute, after) = element(attributes)?;
            attributes = after;
            if tag != SEQUENCE {
                return None;
            }
            let (_, oid, value) = element(attribute)?;
            let (value_tag, value, _) = element(value)?;
            parts.push(format!(
                "{}={}",
                attribute_label(oid),
                text(value_tag, value)
            ));
        }
    }
    Some(parts.join(", "))
}

fn attribute_label(oid: &[u8]) -> String {
    match oid {
        [0x55, 0x04, 0x03] => "CN".into(),
        [0x55, 0x04, 0x06] => "C".into(),
        [0x55, 0x04, 0x07] => "L".into(),
        [0x55, 0x04, 0x08] => "ST".into(),
        [0x55, 0x04, 0x0A] => "O".into(),
        [0x55, 0x04, 0x0B] => "OU".into(),
        _ => dotted_oid(oid),
    }
}

fn dotted_oid(oid: &[u8]) -> String {
    let mut arcs = Vec::new();
    let mut value: u64 = 0;
    for &byte in oid {
        value = value << 7 | u64::from(byte & 0x7F);
        if byte & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.push(first);
                arcs.push(value - first * 40);
            } else {
                arcs.push(value);
            }
            value = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn text(tag: u8, value: &[u8]) -> String {
    const BMP_STRING: u8 = 0x1E;
    if tag == BMP_STRING {
        let units: Vec<u16> = value
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(value).into_owned()
}

/// UTCTime `YYMMDDHHMMSSZ` (years 50–99 are 19xx, per RFC 5280) or GeneralizedTime
/// `YYYYMMDDHHMMSSZ`.
fn time(tag: u8, value: &[u8]) -> Option<DateTime<Utc>> {
    const UTC_TIME: u8 = 0x17;
    const GENERALIZED_TIME: u8 = 0x18;
    let text = std::str::from_utf8(value).ok()?.strip_suffix('Z')?;
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let (year, rest) = match tag {
        UTC_TIME => {
            let short = i32::try_from(number(0..2)?).ok()?;
            (
                if short >= 50 {
                    1900 + short
                } else {
                    2000 + short
                },
                2,
            )
        }
        GENERALIZED_TIME => (i32::try_from(number(0..4)?).ok()?, 4),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, number(rest..rest + 2)?, number(rest + 2..rest + 4)?)?;
    let time = date.and_hms_opt(
        number(rest + 4..rest + 6)?,
        number(rest + 6..rest + 8)?,
        number(rest + 8..rest + 10)?,
    )?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_time_forms_are_read() {
        let utc = time(0x17, b"491231235959Z");
        assert_eq!(
            utc.map(|t| t.to_rfc3339()).as_deref(),
            Some("2049-12-31T23:59:59+00:00")
        );
        let old = time(0x17, b"950101000000Z");
        assert_eq!(
            old.map(|t| t.to_rfc3339()).as_deref(),
            Some("1995-01-01T00:00:00+00:00")
        );
        let generalized = time(0x18, b"20610704120000Z");
        assert_eq!(
            generalized.map(|t| t.to_rfc3339()).as_deref(),
            Some("2061-07-04T12:00:00+00:00")
        );
        assert_eq!(time(0x17, b"garbage"), None);
    }

    #[test]
    fn unknown_attribute_types_show_as_dotted_oids() {
        // 1.2.840.113549.1.9.1 (e-mail address)
        assert_eq!(
            dotted_oid(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01]),
            "1.2.840.113549.1.9.1"
        );
    }

    #[test]
    fn garbage_still_gives_a_fingerprint() {
        let info = CertificateInfo::from_der(b"not a certificate");
        assert_eq!(
            info.sha256,
            Sha256Fingerprint::of_certificate(b"not a certificate")
        );
        assert!(info.subject.is_empty());
        assert_eq!(info.not_after, None);
    }
}
