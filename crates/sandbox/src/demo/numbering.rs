//! Country numbering plans and the allocation of E.164 number blocks.
//!
//! Each area is a run of geographic numbers that libphonenumber accepts for every
//! completion of the free digits, so any block cut from it holds only valid numbers.
//! Blocks are aligned to their size and handed out in ascending order per area, which
//! keeps blocks disjoint across the whole estate without remembering every number.

use std::collections::HashMap;
use std::fmt;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::DemoError;

pub struct Area {
    /// National significant digits every number of the area starts with.
    pub leading: &'static str,
    /// Digits after `leading`; every value of them is a valid number.
    pub free_digits: u32,
}

/// One tenant dial plan normalization rule, as a country's users dial.
pub struct RuleTemplate {
    pub name: &'static str,
    pub pattern: &'static str,
    pub translation: &'static str,
}

pub struct CountryPlan {
    /// ISO 3166 alpha-2, also the users' usage location.
    pub iso: &'static str,
    pub calling_code: &'static str,
    pub tld: &'static str,
    /// Legal-form suffix of company names there.
    pub company_suffix: &'static str,
    pub national_rule: RuleTemplate,
    pub international_rule: RuleTemplate,
    pub areas: &'static [Area],
    /// Relative share of customers in this country.
    pub weight: u32,
}

/// The city is only there for the reader: it names where the area code belongs.
const fn area(_city: &'static str, leading: &'static str, free_digits: u32) -> Area {
    Area {
        leading,
        free_digits,
    }
}

const fn rule(
    name: &'static str,
    pattern: &'static str,
    translation: &'static str,
) -> RuleTemplate {
    RuleTemplate {
        name,
        pattern,
        translation,
    }
}

const INTL_00: RuleTemplate = rule("International", r"^00(\d{7,15})$", "+$1");

#[rustfmt::skip]
pub const COUNTRIES: &[CountryPlan] = &[
    CountryPlan {
        iso: "GB", calling_code: "44", tld: "co.uk", company_suffix: "Ltd",
        national_rule: rule("UK-National", r"^0(\d{9,10})$", "+44$1"),
        international_rule: INTL_00,
        areas: &[area("London", "2079", 6), area("London", "2037", 6), area("Manchester", "1614", 6)],
        weight: 24,
    },
    CountryPlan {
        iso: "US", calling_code: "1", tld: "com", company_suffix: "Inc.",
        national_rule: rule("US-National", r"^1?([2-9]\d{9})$", "+1$1"),
        international_rule: rule("US-International", r"^011(\d{7,15})$", "+$1"),
        areas: &[area("Seattle", "2063", 6), area("Seattle", "2064", 6), area("New York", "2125", 6)],
        weight: 18,
    },
    CountryPlan {
        iso: "CA", calling_code: "1", tld: "ca", company_suffix: "Inc.",
        national_rule: rule("CA-National", r"^1?([2-9]\d{9})$", "+1$1"),
        international_rule: rule("CA-International", r"^011(\d{7,15})$", "+$1"),
        areas: &[area("Toronto", "4163", 6), area("Toronto", "4165", 6)],
        weight: 4,
    },
    CountryPlan {
        iso: "DE", calling_code: "49", tld: "de", company_suffix: "GmbH",
        national_rule: rule("DE-National", r"^0(\d{5,12})$", "+49$1"),
        international_rule: INTL_00,
        areas: &[area("Berlin", "302", 7), area("Munich", "8923", 6)],
        weight: 10,
    },
    CountryPlan {
        iso: "FR", calling_code: "33", tld: "fr", company_suffix: "SAS",
        national_rule: rule("FR-National", r"^0(\d{9})$", "+33$1"),
        international_rule: INTL_00,
        areas: &[area("Paris", "14", 7), area("Paris", "15", 7)],
        weight: 8,
    },
    CountryPlan {
        iso: "NL", calling_code: "31", tld: "nl", company_suffix: "B.V.",
        national_rule: rule("NL-National", r"^0(\d{9})$", "+31$1"),
        international_rule: INTL_00,
        areas: &[area("Amsterdam", "205", 6), area("Amsterdam", "206", 6)],
        weight: 7,
    },
    CountryPlan {
        iso: "AU", calling_code: "61", tld: "com.au", company_suffix: "Pty Ltd",
        national_rule: rule("AU-National", r"^0(\d{9})$", "+61$1"),
        international_rule: rule("AU-International", r"^0011(\d{7,15})$", "+$1"),
        areas: &[area("Sydney", "29", 7), area("Melbourne", "39", 7)],
        weight: 8,
    },
    CountryPlan {
        iso: "IE", calling_code: "353", tld: "ie", company_suffix: "Ltd",
        national_rule: rule("IE-National", r"^0(\d{7,9})$", "+353$1"),
        international_rule: INTL_00,
        areas: &[area("Dublin", "14", 6), area("Dublin", "16", 6)],
        weight: 5,
    },
    CountryPlan {
        iso: "ES", calling_code: "34", tld: "es", company_suffix: "S.L.",
        national_rule: rule("ES-National", r"^([89]\d{8})$", "+34$1"),
        international_rule: INTL_00,
        areas: &[area("Madrid", "913", 6), area("Madrid", "917", 6)],
        weight: 5,
    },
    CountryPlan {
        iso: "SE", calling_code: "46", tld: "se", company_suffix: "AB",
        national_rule: rule("SE-National", r"^0(\d{7,9})$", "+46$1"),
        international_rule: INTL_00,
        areas: &[area("Stockholm", "85", 7)],
        weight: 4,
    },
    CountryPlan {
        iso: "CH", calling_code: "41", tld: "ch", company_suffix: "AG",
        national_rule: rule("CH-National", r"^0(\d{9})$", "+41$1"),
        international_rule: INTL_00,
        areas: &[area("Zurich", "44", 7)],
        weight: 3,
    },
    CountryPlan {
        iso: "IT", calling_code: "39", tld: "it", company_suffix: "S.r.l.",
        // Italian geographic numbers keep their leading 0 after the country code.
        national_rule: rule("IT-National", r"^(0\d{5,10})$", "+39$1"),
        international_rule: INTL_00,
        areas: &[area("Milan", "02", 8)],
        weight: 4,
    },
];

/// Picks a country by weight.
pub fn pick_country(rng: &mut ChaCha8Rng) -> &'static CountryPlan {
    let total: u32 = COUNTRIES.iter().map(|c| c.weight).sum();
    let mut ticket = rng.gen_range(0..total);
    for country in COUNTRIES {
        if ticket < country.weight {
            return country;
        }
        ticket -= country.weight;
    }
    &COUNTRIES[0]
}

/// A block of 10^digits consecutive numbers: `base` followed by any `digits` digits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NumberBlock {
    /// `+` and the leading digits, e.g. `+4420794600`.
    pub base: String,
    pub digits: u32,
}

impl NumberBlock {
    pub fn size(&self) -> u64 {
        10u64.pow(self.digits)
    }

    /// The E.164 number at `offset` (below `size()`) in the block.
    pub fn number(&self, offset: u64) -> String {
        format!(
            "{}{:0width$}",
            self.base,
            offset,
            width = self.digits as usize
        )
    }
}

/// The SBC dial plan prefix of the block, e.g. `+4420794600[00-99]`.
impl fmt::Display for NumberBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.digits as usize;
        write!(f, "{}[{:0<width$}-{:9<width$}]", self.base, "", "")
    }
}

/// Smallest and largest block sizes (as digit counts) handed out.
const MIN_BLOCK_DIGITS: u32 = 2;
const MAX_BLOCK_DIGITS: u32 = 4;
/// Blocks are filled to at most this share, like a real number range with spares.
const FILL_PERCENT: u64 = 80;
/// A customer prefers at most this many blocks before the next larger size is used.
const PREFERRED_BLOCKS: u64 = 8;

/// Hands out disjoint blocks; one cursor per area, started at a seeded offset.
#[derive(Default)]
pub struct NumberPool {
    cursors: HashMap<(&'static str, &'static str), u64>,
}

impl NumberPool {
    /// Blocks in `country` that together hold `count` numbers with spare capacity.
    pub fn allocate(
        &mut self,
        rng: &mut ChaCha8Rng,
        country: &'static CountryPlan,
        count: usize,
    ) -> Result<Vec<NumberBlock>, DemoError> {
        let count = count as u64;
        if count == 0 {
            return Ok(Vec::new());
        }
        let digits = (MIN_BLOCK_DIGITS..=MAX_BLOCK_DIGITS)
            .find(|&d| blocks_needed(count, d) <= PREFERRED_BLOCKS)
            .unwrap_or(MAX_BLOCK_DIGITS);
        let first_area = rng.gen_range(0..country.areas.len());
        (0..blocks_needed(count, digits))
            .map(|_| self.next_block(rng, country, first_area, digits))
            .collect()
    }

    fn next_block(
        &mut self,
        rng: &mut ChaCha8Rng,
        country: &'static CountryPlan,
        first_area: usize,
        digits: u32,
    ) -> Result<NumberBlock, DemoError> {
        let size = 10u64.pow(digits);
        for step in 0..country.areas.len() {
            let area = &country.areas[(first_area + step) % country.areas.len()];
            let capacity = 10u64.pow(area.free_digits);
            let cursor = self
                .cursors
                .entry((country.iso, area.leading))
                // Start somewhere in the first quarter so estates differ by seed.
                .or_insert_with(|| rng.gen_range(0..capacity / 4));
            // Skip a few blocks now and then: real ranges are not back to back.
            let gap = if rng.gen_ratio(1, 4) {
                rng.gen_range(1..=3) * size
            } else {
                0
            };
            let start = cursor.div_ceil(size) * size + gap;
            if start + size <= capacity {
                *cursor = start + size;
                let head = start / size;
                let head_width = (area.free_digits - digits) as usize;
                let base = format!(
                    "+{}{}{:0head_width$}",
                    country.calling_code, area.leading, head
                );
                return Ok(NumberBlock { base, digits });
            }
        }
        Err(DemoError::NumbersExhausted {
            country: country.iso,
        })
    }
}

fn blocks_needed(count: u64, digits: u32) -> u64 {
    let usable = 10u64.pow(digits) * FILL_PERCENT / 100;
    count.div_ceil(usable)
}

/// Spreads `count` numbers over `blocks` (sized by `allocate`) at random offsets,
/// in ascending order, so every block holds at least one of them.
pub fn pick_numbers(rng: &mut ChaCha8Rng, blocks: &[NumberBlock], count: usize) -> Vec<String> {
    let mut numbers = Vec::with_capacity(count);
    let share = count / blocks.len().max(1);
    let extra = count % blocks.len().max(1);
    for (index, block) in blocks.iter().enumerate() {
        let in_block = share + usize::from(index < extra);
        let mut offsets = rand::seq::index::sample(rng, block.size() as usize, in_block).into_vec();
        offsets.sort_unstable();
        numbers.extend(
            offsets
                .into_iter()
                .map(|offset| block.number(offset as u64)),
        );
    }
    numbers
}
