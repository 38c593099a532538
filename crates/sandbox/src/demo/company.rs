//! Company names, short names and domains, unique across one estate.

use std::collections::HashSet;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::numbering::CountryPlan;
use super::words::{COMPANY_HEADS, COMPANY_TRADES};

/// Short names are 3–15 characters; ours are letters and digits only.
pub const SHORT_NAME_MAX: usize = 15;

pub struct CompanyName {
    pub full_name: String,
    pub short_name: String,
    /// Lower-case DNS label for the customer's own domain.
    pub slug: String,
}

#[derive(Default)]
pub struct CompanyNamer {
    taken: HashSet<String>,
}

impl CompanyNamer {
    pub fn next(&mut self, rng: &mut ChaCha8Rng, country: &CountryPlan) -> CompanyName {
        let head = COMPANY_HEADS[rng.gen_range(0..COMPANY_HEADS.len())];
        let trade = COMPANY_TRADES[rng.gen_range(0..COMPANY_TRADES.len())];
        let trade_word = trade.split(' ').next().unwrap_or(trade);
        let stem: String = format!("{head}{trade_word}")
            .chars()
            .take(SHORT_NAME_MAX)
            .collect();
        let mut short_name = stem.clone();
        let mut serial = 1u32;
        // Compare case-insensitively: the short name becomes a DNS label.
        while !self.taken.insert(short_name.to_ascii_lowercase()) {
            serial += 1;
            let suffix = serial.to_string();
            let keep = stem.len().min(SHORT_NAME_MAX - suffix.len());
            short_name = format!("{}{suffix}", &stem[..keep]);
        }
        let full_name = match serial {
            1 => format!("{head} {trade} {}", country.company_suffix),
            n => format!("{head} {trade} {n} {}", country.company_suffix),
        };
        let words: String = format!("{head}{trade}").split(' ').collect();
        let slug = match serial {
            1 => words.to_ascii_lowercase(),
            n => format!("{}{n}", words.to_ascii_lowercase()),
        };
        CompanyName {
            full_name,
            short_name,
            slug,
        }
    }
}
