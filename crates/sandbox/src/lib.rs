//! switchboard-sandbox
