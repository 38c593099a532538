//! Custom domains: add one, read the DNS proof to publish, verify it.

use reqwest::Method;
use serde_json::json;

use super::paging::ListQuery;
use super::transport::{Call, GraphClient};
use crate::error::GraphError;
use crate::models::{Domain, DomainDnsRecord};

fn domain_name(raw: &str) -> Result<String, GraphError> {
    let name = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels_ok = name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if name.len() > 253 || !name.contains('.') || !labels_ok {
        return Err(GraphError::InvalidInput(format!(
            "'{raw}' is not a valid domain name"
        )));
    }
    Ok(name)
}

impl GraphClient {
    /// `POST /domains`: adds an unverified domain.
    pub async fn create_domain(&self, name: &str) -> Result<Domain, GraphError> {
        let name = domain_name(name)?;
        self.post_json("domains", &json!({ "id": name })).await
    }

    /// `GET /domains/{name}/verificationDnsRecords`: the TXT (and MX) record to publish.
    pub async fn domain_verification_records(
        &self,
        name: &str,
    ) -> Result<Vec<DomainDnsRecord>, GraphError> {
        let name = domain_name(name)?;
        Self::collect_all(self.pages(
            &format!("domains/{name}/verificationDnsRecords"),
            &ListQuery::default(),
        ))
        .await
    }

    /// `POST /domains/{name}/verify`: fails (400) until the TXT record is visible.
    /// Asking again is harmless, so it is retried like a read.
    pub async fn verify_domain(&self, name: &str) -> Result<Domain, GraphError> {
        let name = domain_name(name)?;
        let url = self.url(&format!("domains/{name}/verify"))?;
        self.json(Call::new(Method::POST, url, None).idempotent(true))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names_are_checked_and_normalised() {
        assert_eq!(
            domain_name(" Customer1.Example.NET. ").unwrap(),
            "customer1.example.net"
        );
        for bad in ["", "localhost", "a..b", "-a.com", "a b.com", "a/b.com"] {
            assert!(domain_name(bad).is_err(), "{bad}");
        }
    }
}
