//! The session's commands: they answer even when no world could open (a cache written by
//! a newer version, a locked folder), so the engineer can always switch to the other one.

use crate::settings::{SettingsInput, SettingsView};

super::declare::commands! {
    receiver: crate::startup::Session;

    // Settings
    /// The open world (sandbox or live), the replication cycle, and why the world failed
    /// to open if it did.
    settings() -> SettingsView => |session| session.settings();
    /// Remembers the choice and reopens the world with it, without restarting the app;
    /// reload every screen afterwards.
    save_settings(input: SettingsInput) -> SettingsView => |session| session.save_settings(&input);
}
