//! The configuration as rows of (kind, name, JSON), the form the cache keeps, and back.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::changes::ObjectKind;
use crate::error::VoiceError;
use crate::objects::VoiceConfig;

/// One object as the cache stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub kind: &'static str,
    pub identity: String,
    pub body: String,
}

fn rows<T: Serialize>(
    kind: ObjectKind,
    items: &[T],
    name: impl Fn(&T) -> &str,
) -> Vec<StoredObject> {
    items
        .iter()
        .map(|item| StoredObject {
            kind: kind.key(),
            identity: name(item).to_string(),
            body: serde_json::to_string(item).expect("voice objects serialize"),
        })
        .collect()
}

impl VoiceConfig {
    /// Every object, kind by kind, in the order Teams listed them.
    pub fn to_stored(&self) -> Vec<StoredObject> {
        use ObjectKind as K;
        let mut all = rows(K::Gateway, &self.gateways, |g| &g.fqdn);
        all.extend(rows(K::Usage, &self.usages, |u| u));
        all.extend(rows(K::Route, &self.routes, |r| &r.name));
        all.extend(rows(K::Policy, &self.policies, |p| &p.name));
        all.extend(rows(K::DialPlan, &self.dial_plans, |p| &p.name));
        all.extend(rows(K::CallingPolicy, &self.calling_policies, |p| &p.name));
        all.extend(rows(K::Region, &self.regions, |r| &r.id));
        all.extend(rows(K::Site, &self.sites, |s| &s.id));
        all.extend(rows(K::Subnet, &self.subnets, |s| &s.id));
        all.extend(rows(K::TrustedIp, &self.trusted_ips, |t| &t.address));
        all
    }

    /// Rebuilds the configuration from stored rows (each kind's rows in their order).
    pub fn from_stored<'a>(
        rows: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<VoiceConfig, VoiceError> {
        fn push<T: DeserializeOwned>(list: &mut Vec<T>, body: &str) -> Result<(), VoiceError> {
            let item = serde_json::from_str(body)
                .map_err(|e| VoiceError::Unreadable(format!("a cached object is damaged ({e})")))?;
            list.push(item);
            Ok(())
        }
        let mut config = VoiceConfig::default();
        for (kind, body) in rows {
            use ObjectKind as K;
            let kind = K::from_key(kind).ok_or_else(|| {
                VoiceError::Unreadable(format!("the cache holds an unknown kind '{kind}'"))
            })?;
            match kind {
                K::Gateway => push(&mut config.gateways, body)?,
                K::Usage => push(&mut config.usages, body)?,
                K::Route => push(&mut config.routes, body)?,
                K::Policy => push(&mut config.policies, body)?,
                K::DialPlan => push(&mut config.dial_plans, body)?,
                K::CallingPolicy => push(&mut config.calling_policies, body)?,
                K::Region => push(&mut config.regions, body)?,
                K::Site => push(&mut config.sites, body)?,
                K::Subnet => push(&mut config.subnets, body)?,
                K::TrustedIp => push(&mut config.trusted_ips, body)?,
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::*;

    #[test]
    fn a_configuration_survives_the_round_trip() {
        let config = VoiceConfig {
            gateways: vec![PstnGateway {
                fqdn: "sbc.contoso.example".into(),
                sip_signaling_port: 5061,
                enabled: true,
                max_concurrent_sessions: None,
                media_bypass: false,
                forward_pai: true,
                forward_call_history: false,
                lbr_enabled: false,
                site_id: None,
                description: String::new(),
            }],
            usages: vec!["B".into(), "A".into()],
            routes: vec![VoiceRoute {
                name: "R".into(),
                priority: 0,
                number_pattern: ".*".into(),
                gateways: vec!["sbc.contoso.example".into()],
                usages: vec!["A".into()],
                description: String::new(),
            }],
            ..VoiceConfig::default()
        };
        let stored = config.to_stored();
        let back =
            VoiceConfig::from_stored(stored.iter().map(|s| (s.kind, s.body.as_str()))).unwrap();
        assert_eq!(back, config);
    }
}
