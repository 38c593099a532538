//! Where Switchboard keeps its files and whether it talks to real services.
//!
//! Sources, strongest first: command-line flags, environment variables, the mode last
//! chosen in Settings (`preferences.json`), defaults. Unknown arguments are ignored because
//! WebDriver and WebKit may append their own.
//!
//! Sandbox and live are two worlds that never see each other's data: each has its own
//! folder under the data folder (cache, logs, sealed secrets) and its own keychain service.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_secrets::ServiceName;

use crate::error::ApiError;
use crate::preferences::Preferences;

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
    /// The world's folder inside the data folder.
    pub fn folder_name(self) -> &'static str {
        match self {
            Mode::Sandbox => "sandbox",
            Mode::Live => "live",
        }
    }

    /// The keychain service holding this world's secrets: the build's own name for live,
    /// a variant of it for the sandbox's demo credentials.
    pub fn keychain_service(self) -> ServiceName {
        let base = ServiceName::for_build();
        match self {
            Mode::Live => base,
            Mode::Sandbox => base
                .variant("sandbox")
                .expect("the build's service name with a plain suffix is valid"),
        }
    }

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
    /// The data folder holding both worlds and the preferences.
    pub data_dir: PathBuf,
    pub mode: Mode,
    /// How often tenants are replicated again, as chosen in Settings; `None` is the default.
    pub replication_cycle_minutes: Option<u32>,
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
            replication_cycle_minutes: None,
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
        let preferences = Preferences::load_or_default(&data_dir);
        let mode = match (flags.mode, env(MODE_ENV)) {
            (Some(mode), _) => mode,
            (None, Some(value)) => Mode::parse(&value)?,
            (None, None) => preferences.mode.unwrap_or_default(),
        };
        Ok(AppConfig {
            data_dir,
            mode,
            replication_cycle_minutes: preferences.replication_cycle_minutes,
        })
    }

    /// The current world's files.
    pub fn paths(&self) -> DataPaths {
        DataPaths::new(&self.data_dir.join(self.mode.folder_name()))
    }

    /// The same data folder in the other (or the same) world.
    pub fn with_mode(&self, mode: Mode) -> AppConfig {
        AppConfig {
            mode,
            ..self.clone()
        }
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

    #[test]
    fn each_world_has_its_own_folder_and_keychain_service() {
        let sandbox = AppConfig::new("/d", Mode::Sandbox);
        let live = sandbox.with_mode(Mode::Live);
        assert_eq!(sandbox.paths().data_dir, PathBuf::from("/d/sandbox"));
        assert_eq!(live.paths().data_dir, PathBuf::from("/d/live"));
        assert_eq!(live.paths().secrets_dir, PathBuf::from("/d/live/secrets"));
        assert_ne!(
            Mode::Sandbox.keychain_service(),
            Mode::Live.keychain_service()
        );
        assert_eq!(Mode::Live.keychain_service(), ServiceName::for_build());
    }

    #[test]
    fn the_mode_chosen_in_settings_applies_unless_a_flag_or_variable_says_otherwise() {
        let root = tempfile::tempdir().expect("temp dir");
        Preferences {
            mode: Some(Mode::Live),
            replication_cycle_minutes: Some(20),
        }
        .save(root.path())
        .expect("saved");
        let from = |args: &[&str], env: Option<&str>| {
            AppConfig::from_sources(
                args.iter().map(|a| a.to_string()),
                |name| (name == MODE_ENV).then(|| env.map(str::to_owned)).flatten(),
                Some(PathBuf::from("/unused")),
            )
            .map(|c| c.mode)
        };
        let dir = root.path().display().to_string();
        assert_eq!(from(&["--data-dir", &dir], None).unwrap(), Mode::Live);
        let config =
            AppConfig::from_sources(["--data-dir".to_owned(), dir.clone()], |_| None, None)
                .unwrap();
        assert_eq!(config.replication_cycle_minutes, Some(20));
        assert_eq!(
            from(&["--data-dir", &dir, "--sandbox"], None).unwrap(),
            Mode::Sandbox
        );
        assert_eq!(
            from(&["--data-dir", &dir], Some("sandbox")).unwrap(),
            Mode::Sandbox
        );
    }
}
