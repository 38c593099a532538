//! switchboard-domain
