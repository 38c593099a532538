//! A mail catcher standing in for the provider's SMTP relay: it accepts plain-text
//! SMTP (no TLS) on 127.0.0.1, checks AUTH PLAIN / LOGIN against the demo
//! credentials and keeps every message it receives so the app and tests can read it.

mod message;
mod session;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use message::CapturedMail;

/// The account the app signs in with; any other is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailCredentials {
    pub user: String,
    pub password: String,
}

impl MailCredentials {
    /// The fixed demo account of the sandbox relay.
    pub fn demo() -> Self {
        Self {
            user: "switchboard@sandbox.invalid".into(),
            password: "sandbox-relay-pass".into(),
        }
    }
}

type Outbox = Arc<Mutex<Vec<CapturedMail>>>;

/// A running capture server. Dropping it stops it.
pub struct MailCapture {
    addr: SocketAddr,
    credentials: MailCredentials,
    outbox: Outbox,
    server: JoinHandle<()>,
}

impl MailCapture {
    pub async fn start(credentials: MailCredentials) -> std::io::Result<MailCapture> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let outbox = Outbox::default();
        let (accepting, account) = (outbox.clone(), credentials.clone());
        let server = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (outbox, account) = (accepting.clone(), account.clone());
                tokio::spawn(async move {
                    if let Err(error) = session::serve(stream, &account, |mail| {
                        lock(&outbox).push(mail);
                    })
                    .await
                    {
                        tracing::debug!(%error, "sandbox SMTP session ended");
                    }
                });
            }
        });
        Ok(MailCapture {
            addr,
            credentials,
            outbox,
            server,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn credentials(&self) -> &MailCredentials {
        &self.credentials
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<CapturedMail> {
        lock(&self.outbox).clone()
    }
}

impl Drop for MailCapture {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A poisoned lock only means a session panicked; the list is still whole.
fn lock(outbox: &Outbox) -> MutexGuard<'_, Vec<CapturedMail>> {
    outbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpStream;

    use super::*;

    /// Sends one command and returns the last line of the reply.
    async fn say(stream: &mut BufReader<TcpStream>, command: &str) -> String {
        stream
            .get_mut()
            .write_all(format!("{command}\r\n").as_bytes())
            .await
            .unwrap();
        read_reply(stream).await
    }

    async fn read_reply(stream: &mut BufReader<TcpStream>) -> String {
        loop {
            let mut line = String::new();
            stream.read_line(&mut line).await.unwrap();
            if line.as_bytes().get(3) != Some(&b'-') {
                return line.trim_end().to_owned();
            }
        }
    }

    #[tokio::test]
    async fn a_signed_in_client_delivers_a_message_and_a_wrong_password_is_refused() {
        let capture = MailCapture::start(MailCredentials::demo()).await.unwrap();
        let mut client = BufReader::new(TcpStream::connect(capture.addr()).await.unwrap());
        assert!(read_reply(&mut client).await.starts_with("220"));
        assert!(say(&mut client, "EHLO test").await.starts_with("250"));
        assert!(say(&mut client, "MAIL FROM:<a@x.example>")
            .await
            .starts_with("530"));
        let wrong = encode("\0switchboard@sandbox.invalid\0nope");
        assert!(say(&mut client, &format!("AUTH PLAIN {wrong}"))
            .await
            .starts_with("535"));
        assert!(say(&mut client, "AUTH LOGIN").await.starts_with("334"));
        assert!(say(&mut client, &encode("switchboard@sandbox.invalid"))
            .await
            .starts_with("334"));
        assert!(say(&mut client, &encode("sandbox-relay-pass"))
            .await
            .starts_with("235"));
        assert!(say(&mut client, "MAIL FROM:<a@x.example>")
            .await
            .starts_with("250"));
        assert!(say(&mut client, "RCPT TO:<b@y.example>")
            .await
            .starts_with("250"));
        assert!(say(&mut client, "DATA").await.starts_with("354"));
        let reply = say(
            &mut client,
            "Subject: Hello\r\n\r\n..dotted line\r\nbye\r\n.",
        )
        .await;
        assert!(reply.starts_with("250"), "{reply}");
        assert!(say(&mut client, "QUIT").await.starts_with("221"));
        let messages = capture.messages();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].from, "a@x.example");
        assert_eq!(messages[0].to, ["b@y.example"]);
        assert_eq!(messages[0].subject, "Hello");
        assert_eq!(messages[0].body, ".dotted line\nbye\n");
    }

    fn encode(text: &str) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(text)
    }
}
