//! Microsoft identity sign-in: client credentials, the device authorization grant and
//! refresh tokens, through the `oauth2` crate. Nothing here stores a token on disk.

mod device_code;
mod oauth_error;
mod sign_in;
mod tokens;

pub use device_code::{DeviceCodePrompt, DeviceCodeSession, PollPacing};
pub use sign_in::{AppRegistration, SignIn};
pub use tokens::{AccessToken, TokenSet};
