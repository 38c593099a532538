//! A WebDriver session on one run of the app, addressed through `data-testid`s.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::{E2eError, TauriDriver};

/// Upper bound for anything the UI does in response to a click (it normally takes
/// milliseconds; the first window of a cold build can take a few seconds).
const UI_TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

pub struct AppWindow {
    client: Client,
}

impl AppWindow {
    /// Starts the app with `--data-dir <data_dir>` plus `extra_args` and connects to its window.
    pub async fn open(
        driver: &TauriDriver,
        app: &Path,
        data_dir: &Path,
        extra_args: &[&str],
    ) -> Result<AppWindow, E2eError> {
        // The previous app on this folder may still be closing; a new one would hand over
        // to it (one Switchboard per data folder) and end, so wait until it has gone.
        let mut deadline =
            Deadline::new(format!("the previous app on {} to end", data_dir.display()));
        while switchboard_app::instance::is_in_use(data_dir) {
            deadline.tick().await?;
        }
        let mut args = vec![json!("--data-dir"), json!(data_dir)];
        args.extend(extra_args.iter().map(|arg| json!(arg)));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": app, "args": args }),
        );
        // tauri-driver listens on plain HTTP on loopback, so no TLS stack is needed here.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await?;
        Ok(AppWindow { client })
    }

    /// Ends the session, which closes the app.
    pub async fn close(self) -> Result<(), E2eError> {
        Ok(self.client.close().await?)
    }

    pub async fn wait_for(&self, testid: &str) -> Result<Element, E2eError> {
        self.wait_for_within(testid, UI_TIMEOUT).await
    }

    /// `wait_for` for what background work shows (e.g. a replication's outcome).
    pub async fn wait_for_within(
        &self,
        testid: &str,
        timeout: Duration,
    ) -> Result<Element, E2eError> {
        let selector = selector(testid);
        self.client
            .wait()
            .at_most(timeout)
            .every(POLL)
            .for_element(Locator::Css(&selector))
            .await
            .map_err(|e| match e {
                fantoccini::error::CmdError::WaitTimeout => E2eError::Timeout {
                    what: format!("element {selector}"),
                    timeout,
                },
                other => other.into(),
            })
    }

    /// Waits until no element carries this test id.
    pub async fn wait_gone(&self, testid: &str) -> Result<(), E2eError> {
        self.wait_gone_within(testid, UI_TIMEOUT).await
    }

    /// `wait_gone` for background work that may take longer than a UI reaction
    /// (e.g. replicating every demo customer).
    pub async fn wait_gone_within(&self, testid: &str, timeout: Duration) -> Result<(), E2eError> {
        let mut deadline = Deadline::within(format!("{} to disappear", selector(testid)), timeout);
        while self.is_present(testid).await? {
            deadline.tick().await?;
        }
        Ok(())
    }

    /// Waits until the element's trimmed text equals `expected`; on timeout the error says
    /// what the window showed instead.
    pub async fn wait_for_text(&self, testid: &str, expected: &str) -> Result<(), E2eError> {
        let mut deadline = Deadline::new(format!("[{testid}] to read {expected:?}"));
        loop {
            let text = self.current_text(testid).await?;
            if text.as_deref().map(str::trim) == Some(expected) {
                return Ok(());
            }
            deadline.what = format!("[{testid}] to read {expected:?} (it reads {text:?})");
            deadline.tick().await?;
        }
    }

    /// The text of the element with this test id now, found afresh each time: the UI may
    /// replace the element (a new toast, a re-rendered row) between two reads, which would
    /// leave a held reference stale. `None` while no such element is shown.
    async fn current_text(&self, testid: &str) -> Result<Option<String>, E2eError> {
        let selector = selector(testid);
        let Some(element) = self
            .client
            .find_all(Locator::Css(&selector))
            .await?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        match element.text().await {
            Ok(text) => Ok(Some(text)),
            Err(CmdError::Standard(e)) if e.error == ErrorStatus::StaleElementReference => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Waits until the element's text is no longer `before` (e.g. a countdown ticked) and
    /// returns the new text.
    pub async fn wait_for_text_change(
        &self,
        testid: &str,
        before: &str,
    ) -> Result<String, E2eError> {
        self.wait_for(testid).await?;
        let mut deadline = Deadline::new(format!("[{testid}] to change from {before:?}"));
        loop {
            if let Some(text) = self.current_text(testid).await? {
                if text != before {
                    return Ok(text);
                }
            }
            deadline.tick().await?;
        }
    }

    pub async fn is_enabled(&self, testid: &str) -> Result<bool, E2eError> {
        Ok(self.wait_for(testid).await?.is_enabled().await?)
    }

    /// Waits until a control becomes enabled (e.g. Save after validation passed).
    pub async fn wait_enabled(&self, testid: &str) -> Result<(), E2eError> {
        let mut deadline = Deadline::new(format!("[{testid}] to be enabled"));
        while !self.is_enabled(testid).await? {
            deadline.tick().await?;
        }
        Ok(())
    }

    pub async fn click(&self, testid: &str) -> Result<(), E2eError> {
        let element = self.wait_for(testid).await?;
        element.click().await.map_err(|source| E2eError::Action {
            what: format!("click [{testid}]"),
            source,
        })
    }

    /// Replaces the content of an input.
    pub async fn type_into(&self, testid: &str, text: &str) -> Result<(), E2eError> {
        let input = self.wait_for(testid).await?;
        let typed = match input.clear().await {
            Ok(()) => input.send_keys(text).await,
            Err(e) => Err(e),
        };
        typed.map_err(|source| E2eError::Action {
            what: format!("type {text:?} into [{testid}]"),
            source,
        })
    }

    /// Types at the end of an input's current text (WebDriver puts the caret there);
    /// `\u{E003}` is Backspace.
    pub async fn append_keys(&self, testid: &str, keys: &str) -> Result<(), E2eError> {
        let input = self.wait_for(testid).await?;
        input
            .send_keys(keys)
            .await
            .map_err(|source| E2eError::Action {
                what: format!("type {keys:?} at the end of [{testid}]"),
                source,
            })
    }

    pub async fn select_value(&self, testid: &str, value: &str) -> Result<(), E2eError> {
        self.select_option(testid, value, |select| async move {
            select.select_by_value(value).await
        })
        .await
    }

    /// Picks the option whose visible text is `label`.
    pub async fn select_label(&self, testid: &str, label: &str) -> Result<(), E2eError> {
        self.select_option(testid, label, |select| async move {
            select.select_by_label(label).await
        })
        .await
    }

    /// Options often arrive after their list (a screen mounts, then loads its choices),
    /// so a missing option is waited for like a missing element.
    async fn select_option<F, Fut>(
        &self,
        testid: &str,
        option: &str,
        pick: F,
    ) -> Result<(), E2eError>
    where
        F: Fn(Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let mut deadline = Deadline::new(format!("option {option:?} in [{testid}]"));
        loop {
            let select = self.wait_for(testid).await?;
            match pick(select).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_no_such_element() || e.is_stale_element_reference() => {
                    deadline.tick().await?
                }
                Err(source) => {
                    return Err(E2eError::Action {
                        what: format!("select {option:?} in [{testid}]"),
                        source,
                    })
                }
            }
        }
    }

    /// Ends the session after a scenario; after a failure it first saves what the window
    /// showed as `artifacts/failure-<scenario>.png`. Returns the scenario's outcome.
    pub async fn finish(
        self,
        scenario: &str,
        outcome: Result<(), E2eError>,
    ) -> Result<(), E2eError> {
        if outcome.is_err() {
            let shot = crate::artifacts_dir()?.join(format!("failure-{scenario}.png"));
            if self.save_screenshot(&shot).await.is_ok() {
                eprintln!("the window at the failure: {}", shot.display());
            }
        }
        let closed = self.close().await;
        outcome.and(closed)
    }

    /// How many elements have a test id starting with `prefix` (e.g. all tenant rows).
    pub async fn count_with_prefix(&self, prefix: &str) -> Result<usize, E2eError> {
        let selector = format!("[data-testid^=\"{prefix}\"]");
        Ok(self.client.find_all(Locator::Css(&selector)).await?.len())
    }

    pub async fn is_present(&self, testid: &str) -> Result<bool, E2eError> {
        let selector = selector(testid);
        Ok(!self
            .client
            .find_all(Locator::Css(&selector))
            .await?
            .is_empty())
    }

    /// Resizes the window (outer size), e.g. to check a dialog fits a small screen.
    pub async fn set_size(&self, width: u32, height: u32) -> Result<(), E2eError> {
        Ok(self.client.set_window_size(width, height).await?)
    }

    /// Whether the element lies wholly inside the page's viewport (nothing cut off).
    pub async fn fits_viewport(&self, testid: &str) -> Result<bool, E2eError> {
        self.wait_for(testid).await?;
        let fits = self
            .client
            .execute(
                "const r = document.querySelector(arguments[0]).getBoundingClientRect();\
                 return r.top >= 0 && r.left >= 0 \
                     && r.bottom <= window.innerHeight && r.right <= window.innerWidth;",
                vec![json!(selector(testid))],
            )
            .await?;
        Ok(fits.as_bool().unwrap_or(false))
    }

    /// Waits until one of `testids` is shown and returns which.
    pub async fn wait_for_any<'a>(&self, testids: &[&'a str]) -> Result<&'a str, E2eError> {
        let mut deadline = Deadline::new(format!("one of {testids:?}"));
        loop {
            for testid in testids {
                if self.is_present(testid).await? {
                    return Ok(testid);
                }
            }
            deadline.tick().await?;
        }
    }

    /// Every shown button that cannot be reached without resizing: one that lies past the
    /// window's left or right edge, or is cut off sideways by a container that clips or
    /// scrolls. (Below the fold is fine: a person scrolls down.) Each is described by its
    /// test id or text and where it lies.
    pub async fn unreachable_buttons(&self) -> Result<Vec<String>, E2eError> {
        let found = self
            .client
            .execute(
                "const out = [];\
                 for (const b of document.querySelectorAll('button')) {\
                   const r = b.getBoundingClientRect();\
                   if (r.width === 0 || r.height === 0) continue;\
                   let left = 0, right = window.innerWidth;\
                   for (let el = b.parentElement; el; el = el.parentElement) {\
                     if (getComputedStyle(el).overflowX === 'visible') continue;\
                     const a = el.getBoundingClientRect();\
                     left = Math.max(left, a.left); right = Math.min(right, a.right);\
                   }\
                   if (r.left < left - 0.5 || r.right > right + 0.5) {\
                     const name = b.dataset.testid || b.textContent.trim();\
                     out.push(`${name} at ${Math.round(r.left)}..${Math.round(r.right)}, visible ${Math.round(left)}..${Math.round(right)}`);\
                   }\
                 }\
                 return out;",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found).unwrap_or_default())
    }

    /// Calls a backend command as the UI does (through the one `rpc` Tauri command, `args`
    /// with camelCase names), for set-up the window has no control for, such as the
    /// sandbox's slow-network fault.
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> Result<(), E2eError> {
        let failure = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 window.__TAURI_INTERNALS__.invoke('rpc', { command: arguments[0], args: arguments[1] })\
                   .then(() => done(null), (e) => done(JSON.stringify(e)));",
                vec![json!(command), args],
            )
            .await?;
        match failure {
            serde_json::Value::Null => Ok(()),
            error => Err(E2eError::Invoke {
                command: command.to_owned(),
                error: error.to_string(),
            }),
        }
    }

    pub async fn save_screenshot(&self, path: &Path) -> Result<(), E2eError> {
        let png = self.client.screenshot().await?;
        Ok(std::fs::write(path, png)?)
    }
}

/// Bounds a polling loop: `tick` sleeps briefly, or fails once the time is up.
struct Deadline {
    what: String,
    until: Instant,
    timeout: Duration,
}

impl Deadline {
    fn new(what: String) -> Self {
        Self::within(what, UI_TIMEOUT)
    }

    fn within(what: String, timeout: Duration) -> Self {
        Self {
            what,
            until: Instant::now() + timeout,
            timeout,
        }
    }

    async fn tick(&mut self) -> Result<(), E2eError> {
        if Instant::now() >= self.until {
            return Err(E2eError::Timeout {
                what: std::mem::take(&mut self.what),
                timeout: self.timeout,
            });
        }
        tokio::time::sleep(POLL).await;
        Ok(())
    }
}

fn selector(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}
