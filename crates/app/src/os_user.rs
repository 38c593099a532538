//! Who is making a change: the operating system's user name, recorded as the author
//! of template versions.

/// `USERNAME` on Windows, `USER` / `LOGNAME` elsewhere; without them (e.g. a process
/// started by a service) the name of the home folder, which is the login name on
/// every supported system.
pub(crate) fn os_user_name() -> String {
    ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty())
        .or_else(|| {
            dirs::home_dir()
                .and_then(|home| home.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "unknown user".to_owned())
}
