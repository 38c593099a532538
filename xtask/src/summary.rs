//! Adds up test counts from the runners' own closing lines, so the final line of
//! `cargo xtask test` reports what really ran.

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Counts {
    /// Reads one line of output from `cargo test` or Vitest.
    pub fn observe(&mut self, line: &str) {
        let line = strip_ansi(line);
        let line = line.trim();
        // cargo test: "test result: ok. 12 passed; 0 failed; 1 ignored; ..."
        if let Some(rest) = line.strip_prefix("test result: ") {
            self.passed += number_before(rest, " passed");
            self.failed += number_before(rest, " failed");
            self.skipped += number_before(rest, " ignored");
        }
        // Vitest: "Tests  14 passed (14)" or "Tests  1 failed | 13 passed (14)"
        if let Some(rest) = line.strip_prefix("Tests ") {
            self.passed += number_before(rest, " passed");
            self.failed += number_before(rest, " failed");
            self.skipped += number_before(rest, " skipped");
        }
    }
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
                skipped: 1
            }
        );
    }
}
