//! Microsoft identity sign-in and the Microsoft Graph client for one customer tenant.
//!
//! The crate only ever sees base URLs (`CloudEndpoints`), so the same code talks to
//! Microsoft's clouds and to the loopback sandbox. Tokens live in memory only; a
//! rotated refresh token is handed back to the caller to persist.

pub mod auth;
pub mod client;
pub mod cloud;
pub mod error;
pub mod http;
pub mod models;
pub mod retry;
pub mod token_cache;

pub use auth::{
    AccessToken, AppRegistration, DeviceCodePrompt, DeviceCodeSession, PollPacing, SignIn, TokenSet,
};
pub use client::{
    BatchRequest, BatchResponse, DeltaLink, DeltaPage, DeltaRound, DeltaStart, GraphClient,
    ListQuery, OperationPolling, PageStream, UserChange, MAX_BATCH_SIZE, MAX_PAGE_SIZE,
};
pub use cloud::{Authority, CloudEndpoints, Resource, TenantRef, TEAMS_ADMIN_RESOURCE};
pub use error::{AadError, ApiError, GraphError};
pub use http::{build_http_client, HttpSettings};
pub use retry::RetryPolicy;
pub use token_cache::{
    ClientCredentials, RefreshTokenSaver, RefreshTokens, TokenCache, TokenProvider, TokenSource,
};
