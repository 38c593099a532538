//! Per-tenant access tokens in memory, refreshed a little before they expire, one
//! refresh at a time however many calls want a token at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use crate::auth::{AccessToken, SignIn};
use crate::cloud::Resource;
use crate::error::GraphError;

/// Where new access tokens come from.
pub trait TokenSource: Send + Sync {
    fn fetch(&self, resource: Resource) -> BoxFuture<'_, Result<AccessToken, GraphError>>;
}

/// What the Graph client asks for a bearer token.
pub trait TokenProvider: Send + Sync {
    fn token(&self, resource: Resource) -> BoxFuture<'_, Result<AccessToken, GraphError>>;
    /// Forgets `stale` (Graph refused it) so that the next `token` fetches a new one.
    fn invalidate<'a>(&'a self, stale: &'a AccessToken) -> BoxFuture<'a, ()>;
}

/// Client credentials with the app's secret.
pub struct ClientCredentials(pub SignIn);

impl TokenSource for ClientCredentials {
    fn fetch(&self, resource: Resource) -> BoxFuture<'_, Result<AccessToken, GraphError>> {
        Box::pin(self.0.client_credentials(resource))
    }
}

/// Called with each new refresh token so the caller can persist it (the keychain).
pub type RefreshTokenSaver = Arc<dyn Fn(&SecretString) + Send + Sync>;

/// A delegated sign-in kept alive by its refresh token, which rotates on every use.
pub struct RefreshTokens {
    sign_in: SignIn,
    current: Mutex<SecretString>,
    save: RefreshTokenSaver,
}

impl RefreshTokens {
    pub fn new(sign_in: SignIn, refresh_token: SecretString, save: RefreshTokenSaver) -> Self {
        Self {
            sign_in,
            current: Mutex::new(refresh_token),
            save,
        }
    }
}

impl TokenSource for RefreshTokens {
    fn fetch(&self, resource: Resource) -> BoxFuture<'_, Result<AccessToken, GraphError>> {
        Box::pin(async move {
            // Held across the exchange: two refreshes with the same token would race.
            let mut current = self.current.lock().await;
            let set = self.sign_in.refresh(&current, resource).await?;
            if let Some(rotated) = set.refresh_token {
                if rotated.expose_secret() != current.expose_secret() {
                    (self.save)(&rotated);
                    *current = rotated;
                }
            }
            Ok(set.access)
        })
    }
}

/// Refresh this long before expiry unless told otherwise.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The in-memory cache in front of a `TokenSource`.
pub struct TokenCache<S> {
    source: S,
    margin: Duration,
    tokens: Mutex<HashMap<Resource, AccessToken>>,
}

impl<S: TokenSource> TokenCache<S> {
    pub fn new(source: S) -> Self {
        Self {
            source,
            margin: DEFAULT_REFRESH_MARGIN,
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// How long before expiry a token is replaced.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    pub fn source(&self) -> &S {
        &self.source
    }
}

impl<S: TokenSource> TokenProvider for TokenCache<S> {
    fn token(&self, resource: Resource) -> BoxFuture<'_, Result<AccessToken, GraphError>> {
        Box::pin(async move {
            // One lock for look-up and fetch: callers that arrive during a refresh wait
            // for it and then share its token instead of starting their own.
            let mut tokens = self.tokens.lock().await;
            if let Some(token) = tokens.get(&resource).filter(|t| t.is_fresh(self.margin)) {
                return Ok(token.clone());
            }
            let token = self.source.fetch(resource).await?;
            tokens.insert(resource, token.clone());
            Ok(token)
        })
    }

    fn invalidate<'a>(&'a self, stale: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut tokens = self.tokens.lock().await;
            let same = tokens
                .get(&stale.resource())
                .is_some_and(|t| t.secret().expose_secret() == stale.secret().expose_secret());
            if same {
                tokens.remove(&stale.resource());
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    /// Hands out numbered tokens living `lifetime`, slowly, counting the fetches.
    struct Counting {
        fetches: AtomicUsize,
        lifetime: Duration,
    }

    impl TokenSource for Counting {
        fn fetch(&self, resource: Resource) -> BoxFuture<'_, Result<AccessToken, GraphError>> {
            Box::pin(async move {
                let n = self.fetches.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(AccessToken::new(
                    SecretString::from(format!("token-{n}")),
                    resource,
                    Instant::now() + self.lifetime,
                ))
            })
        }
    }

    fn cache(lifetime: Duration) -> Arc<TokenCache<Counting>> {
        Arc::new(
            TokenCache::new(Counting {
                fetches: AtomicUsize::new(0),
                lifetime,
            })
            .with_refresh_margin(Duration::from_secs(60)),
        )
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_refresh() {
        let cache = cache(Duration::from_secs(3600));
        let calls = (0..10).map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token(Resource::Graph).await })
        });
        for call in futures::future::join_all(calls).await {
            let token = call.unwrap().unwrap();
            assert_eq!(token.secret().expose_secret(), "token-0");
        }
        assert_eq!(cache.source().fetches.load(Ordering::SeqCst), 1);
        cache.token(Resource::TeamsAdmin).await.unwrap();
        assert_eq!(
            cache.source().fetches.load(Ordering::SeqCst),
            2,
            "one token per resource"
        );
    }

    #[tokio::test]
    async fn a_token_inside_the_margin_is_replaced_and_an_invalidated_one_too() {
        let short = cache(Duration::from_secs(30));
        let first = short.token(Resource::Graph).await.unwrap();
        let second = short.token(Resource::Graph).await.unwrap();
        assert_ne!(
            first.secret().expose_secret(),
            second.secret().expose_secret()
        );

        let long = cache(Duration::from_secs(3600));
        let first = long.token(Resource::Graph).await.unwrap();
        long.invalidate(&first).await;
        let second = long.token(Resource::Graph).await.unwrap();
        assert_ne!(
            first.secret().expose_secret(),
            second.secret().expose_secret()
        );
        // A second invalidation of the old token leaves the new one alone.
        long.invalidate(&first).await;
        let third = long.token(Resource::Graph).await.unwrap();
        assert_eq!(
            second.secret().expose_secret(),
            third.secret().expose_secret()
        );
    }
}
