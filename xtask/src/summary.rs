//! Adds up test counts from the runners' own closing lines, so the final line of
//! `cargo xtask test` reports what really ran.
//!
//! Tests that need something a plain `cargo test` does not have (the end-to-end tests'
//! window, the real keychain) are `#[ignore]`d with their reason, so the "Rust tests" step
//! lists them as ignored. Their own steps then run exactly those with `--ignored`. Each test
//! counts once, by its outcome where it really ran: a test ignored in the plain run that
//! passes or fails in its own step is counted as passed or failed there and is taken off
//! the skipped count; only tests that ran nowhere stay skipped (e.g. the real-keychain test
//! off Linux, where its step does not run).

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    /// Ignored by `cargo test` or skipped by Vitest, including those that a later step ran
    /// on purpose (see `ran_on_purpose`).
    pub skipped: u64,
    /// Tests that a step ran with `--ignored` after the plain run listed them as ignored.
    pub ran_on_purpose: u64,
}

impl Counts {
    /// Reads one line of output from `cargo test` or Vitest.
    pub fn observe(&mut self, line: &str) {
        if let Some(seen) = closing_line(line) {
            self.passed += seen.passed;
            self.failed += seen.failed;
            self.skipped += seen.skipped;
        }
    }

    /// Reads one line of output from a `cargo test -- --ignored` run: the tests it passes or
    /// fails are ones the plain run counted as ignored.
    pub fn observe_ignored_run(&mut self, line: &str) {
        if let Some(seen) = closing_line(line) {
            self.passed += seen.passed;
            self.failed += seen.failed;
            self.skipped += seen.skipped;
            self.ran_on_purpose += seen.passed + seen.failed;
        }
    }

    /// Tests that ran in no step.
    pub fn skipped_in_the_end(&self) -> u64 {
        // Saturating: if the plain run stopped early (a build error) it listed fewer ignored
        // tests than the later steps ran; none of those is skipped.
        self.skipped.saturating_sub(self.ran_on_purpose)
    }

    /// The closing line of `cargo xtask test`, and a note on the tests counted where they
    /// ran instead of as ignored.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} passed, {} failed, {} skipped",
            self.passed,
            self.failed,
            self.skipped_in_the_end()
        );
        if self.ran_on_purpose > 0 {
            text.push('\n');
            text.push_str(&format!(
                "({} of these ran in their own steps with `--ignored` after the plain \
                 `cargo test` listed them as ignored; they count there, not as skipped)",
                self.ran_on_purpose
            ));
        }
        text
    }
}

/// Passed, failed and skipped from a runner's closing line.
fn closing_line(line: &str) -> Option<Counts> {
    let line = strip_ansi(line);
    let line = line.trim();
    // cargo test: "test result: ok. 12 passed; 0 failed; 1 ignored; ..."
    if let Some(rest) = line.strip_prefix("test result: ") {
        return Some(Counts {
            passed: number_before(rest, " passed"),
            failed: number_before(rest, " failed"),
            skipped: number_before(rest, " ignored"),
            ran_on_purpose: 0,
        });
    }
    // Vitest: "Tests  14 passed (14)" or "Tests  1 failed | 13 passed (14)"
    if let Some(rest) = line.strip_prefix("Tests ") {
        return Some(Counts {
            passed: number_before(rest, " passed"),
            failed: number_before(rest, " failed"),
            skipped: number_before(rest, " skipped"),
            ran_on_purpose: 0,
        });
    }
    None
}

fn number_before(text: &str, label: &str) -> u64 {
    let Some(end) = text.find(label) else {
        return 0;
    };
    let digits: String = text[..end]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .chars()
        .rev()
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip "ESC [ ... letter".
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_vitest_lines() {
        let mut counts = Counts::default();
        counts.observe("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        counts.observe(
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
        );
        counts.observe("\u{1b}[2m      Tests \u{1b}[22m \u{1b}[1m\u{1b}[32m14 passed\u{1b}[39m\u{1b}[22m\u{1b}[90m (14)\u{1b}[39m");
        counts.observe("      Tests  1 failed | 13 passed (14)");
        counts.observe("Compiling foo v0.1.0");
        assert_eq!(
            counts,
            Counts {
                passed: 42,
                failed: 3,
                skipped: 1,
                ran_on_purpose: 0,
            }
        );
        assert_eq!(counts.summary(), "42 passed, 3 failed, 1 skipped");
    }

    #[test]
    fn ignored_tests_run_in_their_own_step_count_once_where_they_ran() {
        let mut counts = Counts::default();
        // The plain run: 8 tests ignored (7 end-to-end, 1 real keychain), 1 other.
        counts.observe("test result: ok. 0 passed; 0 failed; 7 ignored; 0 measured; 0 filtered out; finished in 0.00s");
        counts.observe("test result: ok. 20 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.50s");
        counts.observe("test result: ok. 5 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        // Their own steps, with `--ignored`: one end-to-end test fails.
        counts.observe_ignored_run("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.40s");
        counts.observe_ignored_run("test result: ok. 6 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 90s");
        counts.observe_ignored_run("test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 30s");
        assert_eq!(counts.skipped_in_the_end(), 1);
        assert_eq!(
            counts.summary(),
            "32 passed, 1 failed, 1 skipped\n(8 of these ran in their own steps with `--ignored` \
             after the plain `cargo test` listed them as ignored; they count there, not as \
             skipped)"
        );
    }

    #[test]
    fn an_ignored_test_whose_step_did_not_run_stays_skipped() {
        let mut counts = Counts::default();
        counts.observe("test result: ok. 20 passed; 0 failed; 8 ignored; 0 measured; 0 filtered out; finished in 0.50s");
        counts.observe_ignored_run("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.40s");
        assert_eq!(
            counts.summary().lines().next(),
            Some("21 passed, 0 failed, 7 skipped")
        );
    }

    #[test]
    fn a_plain_run_that_stopped_early_does_not_make_skipped_negative() {
        let mut counts = Counts::default();
        counts.observe_ignored_run("test result: ok. 7 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 90s");
        assert_eq!(counts.skipped_in_the_end(), 0);
        assert_eq!(counts.passed, 7);
    }
}
