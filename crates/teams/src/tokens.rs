//! The two access tokens `Connect-MicrosoftTeams -AccessTokens` needs, and the redaction
//! that keeps them out of everything read back from the child process.

use secrecy::{ExposeSecret, SecretString};

use crate::error::TeamsError;

/// A Microsoft Graph token and a "Skype and Teams Tenant Admin API" token
/// (resource `48ac35b8-9aa8-4d74-927d-1f4a14a0b239`) for the same tenant.
#[derive(Debug, Clone)]
pub struct TeamsTokens {
    pub graph: SecretString,
    pub teams: SecretString,
}

impl TeamsTokens {
    /// Refuses tokens that could break out of the single-quoted literals the wrapper
    /// puts them in. Real tokens are JWTs (base64url and dots), so this only ever
    /// rejects garbage.
    pub(crate) fn validate(&self) -> Result<(), TeamsError> {
        for (which, token) in [
            ("Microsoft Graph", &self.graph),
            ("Teams admin", &self.teams),
        ] {
            let text = token.expose_secret();
            if text.is_empty() || !text.chars().all(is_token_char) {
                return Err(TeamsError::InvalidToken { which });
            }
        }
        Ok(())
    }

    pub(crate) fn redactor(&self) -> Redactor {
        Redactor {
            secrets: vec![self.graph.clone(), self.teams.clone()],
        }
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/' | '~')
}

const REDACTED: &str = "[redacted]";

/// Removes the run's own tokens, and anything else shaped like a JWT, from text that
/// came back from the child (an error message might echo part of a script line).
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<SecretString>,
}

impl Redactor {
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut clean = text.to_string();
        for secret in &self.secrets {
            let secret = secret.expose_secret();
            if !secret.is_empty() {
                clean = clean.replace(secret, REDACTED);
            }
        }
        redact_jwts(&clean)
    }
}

/// Replaces `eyJ…` runs of base64url text with two or more dots: the shape of a JWT,
/// whose header always starts with the base64 of `{"`.
fn redact_jwts(text: &str) -> String {
    let is_jwt_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("eyJ") {
        let (before, candidate) = rest.split_at(start);
        out.push_str(before);
        let end = candidate
            .find(|c: char| !is_jwt_char(c))
            .unwrap_or(candidate.len());
        let run = &candidate[..end];
        out.push_str(if run.matches('.').count() >= 2 {
            REDACTED
        } else {
            run
        });
        rest = &candidate[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(graph: &str, teams: &str) -> TeamsTokens {
        TeamsTokens {
            graph: graph.into(),
            teams: teams.into(),
        }
    }

    #[test]
    fn tokens_that_could_leave_a_quoted_literal_are_refused() {
        assert!(tokens("eyJa.b.c", "eyJd.e.f").validate().is_ok());
        for bad in [
            "",
            "abc'; Remove-Item x; '",
            "abc\ndef",
            "caf\u{e9}",
            "a\u{2019}b",
        ] {
            let error = tokens(bad, "eyJd.e.f").validate().unwrap_err();
            assert!(
                matches!(
                    error,
                    TeamsError::InvalidToken {
                        which: "Microsoft Graph"
                    }
                ),
                "{bad:?}"
            );
            assert!(!error.to_string().contains(bad) || bad.is_empty());
        }
        assert!(matches!(
            tokens("eyJa.b.c", "").validate(),
            Err(TeamsError::InvalidToken {
                which: "Teams admin"
            })
        ));
    }

    #[test]
    fn own_tokens_and_other_jwts_are_redacted() {
        let redactor = tokens("opaque-graph-secret", "eyJteams.payload.sig").redactor();
        let text = "line 1: $g = 'opaque-graph-secret'\nother eyJhbGciOi.eyJzdWIi.c2ln-_x and eyJnotajwt\n$t='eyJteams.payload.sig'";
        let clean = redactor.redact(text);
        assert_eq!(
            clean,
            "line 1: $g = '[redacted]'\nother [redacted] and eyJnotajwt\n$t='[redacted]'"
        );
    }
}
