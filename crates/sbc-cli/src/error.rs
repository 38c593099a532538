/// Why a line or a value is not valid AudioCodes CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    #[error("a quoted value is not closed")]
    UnclosedQuote,
    #[error("a quoted value must be followed by a space or the end of the line, not `{0}`")]
    TextAfterQuote(char),
    #[error("`{0}` has a quote inside a word; quote the whole value")]
    QuoteInsideWord(String),
    #[error("the value is {length} characters long; the SBC accepts at most {max}")]
    TooLong { length: usize, max: usize },
    #[error("`{value}` is not one of {}", allowed.join(", "))]
    NotAKeyword {
        value: String,
        allowed: &'static [&'static str],
    },
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("{value} is outside {min}..{max}")]
    OutOfRange { value: i64, min: i64, max: i64 },
    #[error("prefix `{prefix}`: {reason}")]
    Prefix { prefix: String, reason: String },
    #[error("tags `{tags}`: {reason}")]
    Tags { tags: String, reason: String },
}
