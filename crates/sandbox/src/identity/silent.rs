//! An endpoint that accepts TCP connections and never answers: what a stalled identity
//! platform, or a proxy that swallows requests, looks like to a client. Clients must
//! give up on it by timeout or cancellation.

use std::io;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct SilentEndpoint {
    url: String,
    accepted: watch::Receiver<usize>,
    task: JoinHandle<()>,
}

impl SilentEndpoint {
    /// Listens on 127.0.0.1 on a free port until dropped.
    pub async fn start() -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let (count, accepted) = watch::channel(0);
        let task = tokio::spawn(async move {
            // Kept open, never read from nor written to.
            let mut held: Vec<TcpStream> = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
                count.send_replace(held.len());
            }
        });
        Ok(Self {
            url,
            accepted,
            task,
        })
    }

    /// `http://127.0.0.1:{port}`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Waits until at least `n` connections have been accepted, so a test can act once
    /// a client is known to be stuck on this endpoint.
    pub async fn accepted(&self, n: usize) {
        let mut accepted = self.accepted.clone();
        // The sender lives as long as the task, which lives as long as `self`.
        let _ = accepted.wait_for(|count| *count >= n).await;
    }
}

impl Drop for SilentEndpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}
