//! Some firmware prefixes the CLI script download with leftovers of another response
//! (e.g. `GET /topAreaStaus.json`); the script proper starts at the first comment or
//! `configure` line.

pub fn strip_leading_junk(text: &str) -> &str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with("configure ") {
            return &text[offset..];
        }
        // Junk glued to the first CLI line, without a line break in between.
        if let Some(at) = line.find("configure ") {
            return &text[offset + at..];
        }
        offset += line.len();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_before_the_first_cli_line_is_dropped() {
        assert_eq!(
            strip_leading_junk("GET /x.json\r\nconfigure voip\nexit\n"),
            "configure voip\nexit\n"
        );
        assert_eq!(
            strip_leading_junk("GET /x.jsonconfigure voip\nexit\n"),
            "configure voip\nexit\n"
        );
        assert_eq!(
            strip_leading_junk("## header\nconfigure voip\n"),
            "## header\nconfigure voip\n"
        );
        assert_eq!(strip_leading_junk("configure voip\n"), "configure voip\n");
    }
}
