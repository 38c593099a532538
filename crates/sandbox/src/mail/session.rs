//! One SMTP conversation (RFC 5321), as much of it as a mail client needs to hand
//! over a message: EHLO/HELO, AUTH PLAIN or LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

use super::message::CapturedMail;
use super::MailCredentials;

/// Refuses runaway input; invitation mails are a few kilobytes.
const MAX_MESSAGE_BYTES: usize = 1 << 20;

#[derive(Default)]
struct Envelope {
    from: Option<String>,
    to: Vec<String>,
}

struct Lines<S> {
    stream: BufReader<S>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Lines<S> {
    /// The next line without its line ending; `None` when the client hung up.
    async fn read(&mut self) -> std::io::Result<Option<String>> {
        let mut line = Vec::new();
        if self.stream.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Ok(Some(String::from_utf8_lossy(&line).into_owned()))
    }

    async fn reply(&mut self, text: &str) -> std::io::Result<()> {
        let stream = self.stream.get_mut();
        stream.write_all(text.as_bytes()).await?;
        stream.write_all(b"\r\n").await?;
        stream.flush().await
    }
}

pub(super) async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    account: &MailCredentials,
    mut deliver: impl FnMut(CapturedMail),
) -> std::io::Result<()> {
    let mut lines = Lines {
        stream: BufReader::new(stream),
    };
    lines
        .reply("220 switchboard-sandbox ESMTP mail capture")
        .await?;
    let (mut authenticated, mut envelope) = (false, Envelope::default());
    while let Some(line) = lines.read().await? {
        let (verb, argument) = match line.split_once(' ') {
            Some((verb, argument)) => (verb.to_ascii_uppercase(), argument.trim()),
            None => (line.to_ascii_uppercase(), ""),
        };
        match verb.as_str() {
            "EHLO" => {
                envelope = Envelope::default();
                lines
                    .reply("250-switchboard-sandbox\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME")
                    .await?
            }
            "HELO" => lines.reply("250 switchboard-sandbox").await?,
            "AUTH" => {
                authenticated = authenticate(&mut lines, argument, account).await?;
                let reply = if authenticated {
                    "235 2.7.0 Authentication successful"
                } else {
                    "535 5.7.8 Authentication credentials invalid"
                };
                lines.reply(reply).await?
            }
            "MAIL" if !authenticated => lines.reply("530 5.7.0 Authentication required").await?,
            "MAIL" => match address(argument, "FROM:") {
                Some(from) => {
                    envelope = Envelope {
                        from: Some(from),
                        to: Vec::new(),
                    };
                    lines.reply("250 2.1.0 OK").await?
                }
                None => {
                    lines
                        .reply("501 5.5.4 Expected MAIL FROM:<address>")
                        .await?
                }
            },
            "RCPT" if envelope.from.is_none() => lines.reply("503 5.5.1 MAIL first").await?,
            "RCPT" => match address(argument, "TO:") {
                Some(to) => {
                    envelope.to.push(to);
                    lines.reply("250 2.1.5 OK").await?
                }
                None => lines.reply("501 5.5.4 Expected RCPT TO:<address>").await?,
            },
            "DATA" if envelope.to.is_empty() => lines.reply("503 5.5.1 RCPT first").await?,
            "DATA" => {
                lines.reply("354 End data with <CR><LF>.<CR><LF>").await?;
                let Some(data) = read_data(&mut lines).await? else {
                    lines.reply("552 5.3.4 Message too big").await?;
                    continue;
                };
                let Envelope { from, to } = std::mem::take(&mut envelope);
                deliver(CapturedMail::parse(from.unwrap_or_default(), to, &data));
                lines.reply("250 2.0.0 Captured").await?
            }
            "RSET" => {
                envelope = Envelope::default();
                lines.reply("250 2.0.0 OK").await?
            }
            "NOOP" => lines.reply("250 2.0.0 OK").await?,
            "QUIT" => {
                lines.reply("221 2.0.0 Bye").await?;
                return Ok(());
            }
            _ => lines.reply("502 5.5.2 Command not implemented").await?,
        }
    }
    Ok(())
}

/// `FROM:<a@b> BODY=8BITMIME` → `a@b` (the empty reverse path `<>` is allowed).
fn address(argument: &str, keyword: &str) -> Option<String> {
    let head = argument.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = argument[keyword.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_owned())
}

/// The message lines up to the lone dot, with dot-stuffing undone; `None` if too big.
async fn read_data<S: AsyncRead + AsyncWrite + Unpin>(
    lines: &mut Lines<S>,
) -> std::io::Result<Option<String>> {
    let (mut data, mut too_big) = (String::new(), false);
    while let Some(line) = lines.read().await? {
        if line == "." {
            return Ok((!too_big).then_some(data));
        }
        let line = line.strip_prefix('.').unwrap_or(&line);
        too_big |= data.len() + line.len() > MAX_MESSAGE_BYTES;
        if !too_big {
            data.push_str(line);
            data.push_str("\r\n");
        }
    }
    Err(std::io::ErrorKind::UnexpectedEof.into())
}

async fn authenticate<S: AsyncRead + AsyncWrite + Unpin>(
    lines: &mut Lines<S>,
    argument: &str,
    account: &MailCredentials,
) -> std::io::Result<bool> {
    let (mechanism, initial) = match argument.split_once(' ') {
        Some((mechanism, initial)) => (mechanism.to_ascii_uppercase(), Some(initial.to_owned())),
        None => (argument.to_ascii_uppercase(), None),
    };
    let (user, password) = match mechanism.as_str() {
        "PLAIN" => {
            let response = match initial {
                Some(response) => response,
                None => challenge(lines, "").await?,
            };
            // authorisation identity NUL user NUL password
            let decoded = decode(&response);
            let mut parts = decoded.splitn(3, '\0').skip(1);
            (
                parts.next().unwrap_or_default().to_owned(),
                parts.next().unwrap_or_default().to_owned(),
            )
        }
        "LOGIN" => {
            let user = match initial {
                Some(user) => decode(&user),
                None => decode(&challenge(lines, "VXNlcm5hbWU6").await?),
            };
            let password = decode(&challenge(lines, "UGFzc3dvcmQ6").await?);
            (user, password)
        }
        _ => return Ok(false),
    };
    Ok(user == account.user && password == account.password)
}

async fn challenge<S: AsyncRead + AsyncWrite + Unpin>(
    lines: &mut Lines<S>,
    prompt: &str,
) -> std::io::Result<String> {
    lines.reply(&format!("334 {prompt}")).await?;
    lines
        .read()
        .await?
        .ok_or_else(|| std::io::ErrorKind::UnexpectedEof.into())
}

fn decode(text: &str) -> String {
    STANDARD
        .decode(text.trim())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_from_mail_and_rcpt_arguments() {
        assert_eq!(
            address("FROM:<a@b.example> BODY=8BITMIME", "FROM:").as_deref(),
            Some("a@b.example")
        );
        assert_eq!(
            address("to: <c@d.example>", "TO:").as_deref(),
            Some("c@d.example")
        );
        assert_eq!(address("FROM:<>", "FROM:").as_deref(), Some(""));
        assert_eq!(address("FROM:a@b", "FROM:"), None);
        assert_eq!(address("TO:<x@y>", "FROM:"), None);
    }
}
