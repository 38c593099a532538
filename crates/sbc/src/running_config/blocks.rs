//! Turns configuration text into nested blocks: a line that opens a mode (`configure
//! voip`, a table row, a section) owns the lines up to its matching `exit`.

use switchboard_sbc_cli::tokenize;

use super::tables::is_row_opener;
use crate::ParseError;

#[derive(Debug, Default)]
pub(super) struct Block {
    /// The opening line's words (empty for the synthetic root).
    pub words: Vec<String>,
    pub line: u32,
    /// The words of lines inside the block that open nothing: attributes, `activate`, ...
    pub attributes: Vec<Vec<String>>,
    pub children: Vec<Block>,
}

struct Meaningful<'a> {
    number: u32,
    indent: usize,
    text: &'a str,
}

/// The top-level blocks of `text`.
pub(super) fn read_blocks(text: &str) -> Result<Vec<Block>, ParseError> {
    let lines: Vec<Meaningful> = text
        .lines()
        .enumerate()
        .filter_map(|(index, raw)| {
            let text = raw.trim();
            (!text.is_empty() && !text.starts_with('#')).then(|| Meaningful {
                number: u32::try_from(index + 1).unwrap_or(u32::MAX),
                indent: raw.len() - raw.trim_start().len(),
                text,
            })
        })
        .collect();
    let mut stack = vec![Block::default()];
    for (position, line) in lines.iter().enumerate() {
        let words = tokenize(line.text).map_err(|error| ParseError {
            line: line.number,
            reason: error.to_string(),
        })?;
        if words.len() == 1 && words[0] == "exit" {
            if stack.len() == 1 {
                return Err(ParseError {
                    line: line.number,
                    reason: "'exit' without an open configure section or row".into(),
                });
            }
            close_innermost(&mut stack);
            continue;
        }
        // Unknown tables and sections are recognised by their indented content.
        let next_is_deeper = lines
            .get(position + 1)
            .is_some_and(|next| next.indent > line.indent);
        if words.first().is_some_and(|word| word == "configure")
            || is_row_opener(&words)
            || next_is_deeper
        {
            stack.push(Block {
                words,
                line: line.number,
                ..Block::default()
            });
        } else if let Some(current) = stack.last_mut() {
            current.attributes.push(words);
        }
    }
    if let Some(open) = stack.get(1..).and_then(|open| open.last()) {
        return Err(ParseError {
            line: open.line,
            reason: format!("'{}' is never closed with 'exit'", open.words.join(" ")),
        });
    }
    Ok(stack.pop().map(|root| root.children).unwrap_or_default())
}

fn close_innermost(stack: &mut Vec<Block>) {
    if let Some(done) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.children.push(done);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exit_too_many_names_its_line() {
        let error = read_blocks("configure voip\n ip-group 0\n  name \"a\"\n exit\nexit\nexit\n");
        assert_eq!(error.err().map(|e| e.line), Some(6));
    }

    #[test]
    fn a_missing_exit_names_the_unclosed_line() {
        let error = read_blocks(
            "configure voip\n ip-group 0\n  name \"a\"\n exit\n ip-group 1\n  name \"b\"\nexit\n",
        );
        assert_eq!(error.err().map(|e| e.line), Some(1));
    }

    #[test]
    fn unknown_indented_sections_nest() {
        let roots = read_blocks("configure network\n interface x\n  mtu 1500\n exit\nexit\n")
            .unwrap_or_default();
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].children.len(), 1);
        assert_eq!(roots[0].children[0].attributes[0], ["mtu", "1500"]);
    }
}
