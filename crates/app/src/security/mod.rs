//! The Security screen's tabs: authentication status and app registrations, the
//! Connection tab (proxy, PowerShell), and customer invitations.

pub(crate) mod auth;
pub(crate) mod connection;
pub(crate) mod invitations;
