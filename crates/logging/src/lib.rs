//! switchboard-logging
