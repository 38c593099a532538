//! The user's script, as a template rendered it, before the runner wraps it.

use crate::error::TeamsError;

/// A PowerShell script ready to run (a rendered template or a hand-written snippet).
/// It holds no tokens: the runner adds the sign-in around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedScript(String);

impl RenderedScript {
    /// Refuses a script with nothing but whitespace, which would "succeed" doing nothing.
    pub fn new(text: impl Into<String>) -> Result<Self, TeamsError> {
        let text = text.into();
        if text.trim().is_empty() {
            return Err(TeamsError::EmptyScript);
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The script with its blank lines turned into comment lines, outside here-strings.
    ///
    /// Real `pwsh -Command -` reads stdin the way the interactive prompt does, where a
    /// blank line ends a multi-line statement early; since the runner places the script
    /// inside `try { }`, a blank line there would break it. A `#` line changes nothing
    /// else, and here-string bodies are kept byte for byte.
    pub(crate) fn stdin_safe_lines(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 16);
        let mut here_string: Option<char> = None;
        for line in self.0.lines() {
            let trimmed = line.trim();
            match here_string {
                Some(quote) => {
                    out.push_str(line);
                    if trimmed.starts_with(quote) && trimmed[1..].starts_with('@') {
                        here_string = None;
                    }
                }
                None if trimmed.is_empty() => out.push('#'),
                None => {
                    out.push_str(line);
                    here_string = ['\'', '"']
                        .into_iter()
                        .find(|q| trimmed.ends_with(&format!("@{q}")[..]));
                }
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_only_scripts_are_refused() {
        assert!(matches!(
            RenderedScript::new(" \n\t"),
            Err(TeamsError::EmptyScript)
        ));
        assert_eq!(
            RenderedScript::new("Get-CsOnlineUser").unwrap().as_str(),
            "Get-CsOnlineUser"
        );
    }

    #[test]
    fn blank_lines_become_comments_except_inside_here_strings() {
        let script =
            RenderedScript::new("$a = 1\n\n$b = @'\nx\n\ny\n'@\n   \n$c = @\"\n\n\"@\n$d").unwrap();
        assert_eq!(
            script.stdin_safe_lines(),
            "$a = 1\n#\n$b = @'\nx\n\ny\n'@\n#\n$c = @\"\n\n\"@\n$d\n"
        );
    }
}
