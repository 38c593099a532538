//! Where Switchboard keeps its files and whether it talks to real services.
//!
//! Sources, strongest first: command-line flags, environment variables, defaults.
//! Unknown arguments are ignored because WebDriver and WebKit may append their own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ApiError;

pub const DATA_DIR_FLAG: &str = "--data-dir";
pub const DATA_DIR_ENV: &str = "SWITCHBOARD_DATA_DIR";
pub const MODE_ENV: &str = "SWITCHBOARD_MODE";
/// The folder created under the platform's per-user application-data folder.
const APP_FOLDER: &str = "Switchboard";

/// Sandbox talks to local emulators; live talks to Microsoft 365 and real SBCs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    #[default]
    Sandbox,
    Live,
}

impl Mode {
    fn parse(value: &str) -> Result<Mode, ApiError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "sandbox" => Ok(Mode::Sandbox),
            "live" => Ok(Mode::Live),
            other => Err(ApiError::config(format!(
                "{MODE_ENV} must be 'sandbox' or 'live' (it is '{other}')."
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    pub data_dir: PathBuf,
    pub mode: Mode,
}

/// The files and folders inside the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataPaths {
    pub data_dir: PathBuf,
    pub cache_file: PathBuf,
    pub log_dir: PathBuf,
    pub secrets_dir: PathBuf,
}

impl DataPaths {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            cache_file: data_dir.join("switchboard.sqlite3"),
            log_dir: data_dir.join("logs"),
            secrets_dir: data_dir.join("secrets"),
        }
    }
}

impl AppConfig {
    pub fn new(data_dir: impl Into<PathBuf>, mode: Mode) -> Self {
        Self {
            data_dir: data_dir.into(),
            mode,
        }
    }

    /// Reads this process's arguments (the first one is the program) and environment.
    pub fn from_process() -> Result<AppConfig, ApiError> {
        Self::from_sources(
            std::env::args().skip(1),
            |name| std::env::var(name).ok(),
            dirs::data_dir(),
        )
    }

    /// `args` excludes the program name; `env` looks up a variable; `platform_data_dir`
    /// is the per-user application-data folder, if the platform has one.
    pub fn from_sources(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
        platform_data_dir: Option<PathBuf>,
    ) -> Result<AppConfig, ApiError> {
        let flags = Flags::parse(args)?;
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());

        let data_dir = match (flags.data_dir, env(DATA_DIR_ENV), platform_data_dir) {
            (Some(dir), _, _) => dir,
            (None, Some(dir), _) => PathBuf::from(dir),
            (None, None, Some(base)) => base.join(APP_FOLDER),
            (None, None, None) => {
                return Err(ApiError::config(format!(
                    "This system has no per-user application-data folder; start Switchboard with \
                     {DATA_DIR_FLAG} <folder> or set {DATA_DIR_ENV}."
                )))
            }
        };
        let mode = match (flags.mode, env(MODE_ENV)) {
            (Some(mode), _) => mode,
            (None, Some(value)) => Mode::parse(&value)?,
            (None, None) => Mode::default(),
        };
        Ok(AppConfig { data_dir, mode })
    }

    pub fn paths(&self) -> DataPaths {
        DataPaths::new(&self.data_dir)
    }
}

/// What the command line asked for; `None` means "not given".
#[derive(Default)]
struct Flags {
    data_dir: Option<PathBuf>,
    mode: Option<Mode>,
}

impl Flags {
    fn parse(args: impl IntoIterator<Item = String>) -> Result<Flags, ApiError> {
        let mut flags = Flags::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == DATA_DIR_FLAG {
                let value = args.next().filter(|v| !v.starts_with("--"));
                let value = value.ok_or_else(|| {
                    ApiError::config(format!("{DATA_DIR_FLAG} needs a folder after it."))
                })?;
                flags.data_dir = Some(PathBuf::from(value));
            } else if let Some(value) = arg.strip_prefix("--data-dir=") {
                if value.is_empty() {
                    return Err(ApiError::config(format!(
                        "{DATA_DIR_FLAG} needs a folder after it."
                    )));
                }
                flags.data_dir = Some(PathBuf::from(value));
            } else if arg == "--sandbox" {
                flags.set_mode(Mode::Sandbox)?;
            } else if arg == "--live" {
                flags.set_mode(Mode::Live)?;
            }
        }
        Ok(flags)
    }

    fn set_mode(&mut self, mode: Mode) -> Result<(), ApiError> {
        match self.mode {
            Some(previous) if previous != mode => Err(ApiError::config(
                "Start Switchboard with either --sandbox or --live, not both.",
            )),
            _ => {
                self.mode = Some(mode);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use std::collections::HashMap;

    fn config(args: &[&str], env: &[(&str, &str)]) -> Result<AppConfig, ApiError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        AppConfig::from_sources(
            args.iter().map(|a| a.to_string()),
            |name| env.get(name).cloned(),
            Some(PathBuf::from("/home/u/.local/share")),
        )
    }

    #[test]
    fn defaults_to_the_platform_folder_in_sandbox_mode() {
        let c = config(&[], &[]).unwrap();
        assert_eq!(
            c.data_dir,
            PathBuf::from("/home/u/.local/share/Switchboard")
        );
        assert_eq!(c.mode, Mode::Sandbox);
    }

    #[test]
    fn flag_beats_environment_beats_default() {
        let env = [(DATA_DIR_ENV, "/env/dir"), (MODE_ENV, "live")];
        let c = config(&["--data-dir", "/flag/dir", "--sandbox"], &env).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/flag/dir"));
        assert_eq!(c.mode, Mode::Sandbox);

        let c = config(&[], &env).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/env/dir"));
        assert_eq!(c.mode, Mode::Live);
    }

    #[test]
    fn equals_form_and_unknown_arguments() {
        let c = config(
            &["--some-webkit-flag", "--data-dir=/x", "-psn_0_1", "--live"],
            &[],
        )
        .unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/x"));
        assert_eq!(c.mode, Mode::Live);
    }

    #[test]
    fn empty_environment_values_count_as_unset() {
        let c = config(&[], &[(DATA_DIR_ENV, " "), (MODE_ENV, "")]).unwrap();
        assert_eq!(
            c.data_dir,
            PathBuf::from("/home/u/.local/share/Switchboard")
        );
        assert_eq!(c.mode, Mode::Sandbox);
    }

    #[test]
    fn bad_input_is_a_config_error() {
        for (args, env) in [
            (vec!["--data-dir"], vec![]),
            (vec!["--data-dir", "--live"], vec![]),
            (vec!["--data-dir="], vec![]),
            (vec!["--live", "--sandbox"], vec![]),
            (vec![], vec![(MODE_ENV, "production")]),
        ] {
            let err = config(&args, &env).unwrap_err();
            assert_eq!(err.code, ErrorCode::Config, "{args:?} {env:?}");
        }
    }

    #[test]
    fn no_platform_folder_and_nothing_configured_is_explained() {
        let err = AppConfig::from_sources(Vec::new(), |_| None, None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Config);
        assert!(err.message.contains(DATA_DIR_FLAG));
    }

    #[test]
    fn paths_live_inside_the_data_folder() {
        let p = DataPaths::new(Path::new("/d"));
        assert_eq!(p.cache_file, PathBuf::from("/d/switchboard.sqlite3"));
        assert_eq!(p.log_dir, PathBuf::from("/d/logs"));
        assert_eq!(p.secrets_dir, PathBuf::from("/d/secrets"));
    }
}
