//! PowerShell error records: what `$_` holds in a `catch` block and what goes to stderr.

use serde::{Deserialize, Serialize};

use super::value::{Props, Value};

/// The error record shape shared with the Teams admin backend's error answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    /// The command that failed (empty for script-level errors such as `throw`).
    pub cmdlet: String,
    pub message: String,
    /// A `System.Management.Automation.ErrorCategory` name, e.g. `InvalidArgument`.
    pub category: String,
    #[serde(rename = "fullyQualifiedErrorId")]
    pub fully_qualified_error_id: String,
    /// The .NET exception type name `$_.Exception.GetType().Name` would show.
    #[serde(default = "default_exception")]
    pub exception: String,
}

fn default_exception() -> String {
    "System.Exception".into()
}

impl ErrorRecord {
    pub fn new(
        cmdlet: &str,
        message: impl Into<String>,
        category: &str,
        fqid: &str,
        exception: &str,
    ) -> Self {
        Self {
            cmdlet: cmdlet.to_string(),
            message: message.into(),
            category: category.to_string(),
            fully_qualified_error_id: fqid.to_string(),
            exception: exception.to_string(),
        }
    }

    pub fn command_not_found(name: &str) -> Self {
        Self::new(
            name,
            format!(
                "The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\n\
                 Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
            ),
            "ObjectNotFound",
            "CommandNotFoundException",
            "System.Management.Automation.CommandNotFoundException",
        )
    }

    pub fn parameter_binding(cmdlet: &str, message: impl Into<String>, fqid: &str) -> Self {
        Self::new(
            cmdlet,
            message,
            "InvalidArgument",
            &format!("{fqid},{cmdlet}"),
            "System.Management.Automation.ParameterBindingException",
        )
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Self::new(
            "",
            message,
            "OperationStopped",
            "RuntimeException",
            "System.Management.Automation.RuntimeException",
        )
    }

    pub fn parse(message: impl Into<String>) -> Self {
        Self::new(
            "",
            message,
            "ParserError",
            "ParseException",
            "System.Management.Automation.ParseException",
        )
    }

    /// `$_.Exception.Message`, `$_.FullyQualifiedErrorId`, `$_.CategoryInfo.Category` and friends.
    pub fn member(&self, name: &str) -> Value {
        self.to_value().member(name)
    }

    pub fn to_value(&self) -> Value {
        let exception = Props(vec![
            ("Message".into(), Value::str(&self.message)),
            ("TypeName".into(), Value::str(&self.exception)),
        ]);
        let category = Props(vec![
            ("Category".into(), Value::str(&self.category)),
            ("Activity".into(), Value::str(&self.cmdlet)),
        ]);
        Value::Object(Props(vec![
            ("Exception".into(), Value::Object(exception)),
            (
                "FullyQualifiedErrorId".into(),
                Value::str(&self.fully_qualified_error_id),
            ),
            ("CategoryInfo".into(), Value::Object(category)),
            ("TargetObject".into(), Value::Null),
        ]))
    }

    /// PowerShell 7's concise view, which is what a redirected stderr shows.
    pub fn render(&self) -> String {
        if self.cmdlet.is_empty() {
            format!("{}\n", self.message)
        } else {
            format!("{}: {}\n", self.cmdlet, self.message)
        }
    }
}
