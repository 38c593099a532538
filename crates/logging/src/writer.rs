use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

use crate::redact::redact_line;

/// Wraps any [`MakeWriter`] so that each formatted event is redacted before it reaches the
/// inner writer. Output is collected per event and written in one piece when the writer is
/// flushed or dropped, so a secret split across several `write` calls is still masked.
#[derive(Debug, Clone)]
pub struct RedactingMakeWriter<M> {
    inner: M,
}

impl<M> RedactingMakeWriter<M> {
    pub fn new(inner: M) -> Self {
        Self { inner }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for RedactingMakeWriter<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter::new(self.inner.make_writer())
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        RedactingWriter::new(self.inner.make_writer_for(meta))
    }
}

/// The per-event writer produced by [`RedactingMakeWriter`].
pub struct RedactingWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> RedactingWriter<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn write_pending(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.pending);
        let redacted = redact_line(&text);
        let result = self.inner.write_all(redacted.as_bytes());
        self.pending.clear();
        result
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_pending()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        // Errors cannot be reported from `drop`; a failed log write must not crash the app.
        let _ = self.write_pending();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("test buffer").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn secret_split_across_writes_is_masked_on_drop() {
        let captured = Captured::default();
        let sink = Arc::clone(&captured.0);
        let make = RedactingMakeWriter::new(move || captured.clone());
        {
            let mut writer = make.make_writer();
            writer.write_all(b"login password=hun").expect("write");
            writer.write_all(b"ter22 done\n").expect("write");
            assert!(
                sink.lock().expect("buffer").is_empty(),
                "nothing written before the event ends"
            );
        }
        let written = String::from_utf8(sink.lock().expect("buffer").clone()).expect("utf8");
        assert_eq!(written, "login password=[REDACTED] done\n");
    }
}
