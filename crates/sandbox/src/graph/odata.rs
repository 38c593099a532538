//! The OData query options Graph's directory honours: `$select`, `$filter` (eq,
//! startswith, and/or, parentheses), `$top`, `$count`, and opaque `$skiptoken` paging.

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::graph_error::GraphError;

pub const MAX_PAGE_SIZE: usize = 999;
pub const DEFAULT_PAGE_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Str,
    Bool,
}

/// What a resource exposes to `$select` and `$filter`.
pub struct Schema {
    /// `microsoft.graph.<type_name>`.
    pub type_name: &'static str,
    /// The name Graph uses in filter errors, e.g. `User`.
    pub entity: &'static str,
    /// Selectable properties and their kinds.
    pub props: &'static [(&'static str, Kind)],
    /// Properties `$filter` accepts.
    pub filterable: &'static [&'static str],
    /// What is returned without `$select`.
    pub default_select: &'static [&'static str],
}

impl Schema {
    fn prop(&self, name: &str) -> Option<(&'static str, Kind)> {
        self.props
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(name))
            .copied()
    }
}

/// A value read from an object for filtering.
pub enum FieldValue<'a> {
    Str(Option<&'a str>),
    Bool(bool),
}

pub trait Filterable {
    /// `name` is one of the schema's filterable property names, canonical case.
    fn field(&self, name: &str) -> FieldValue<'_>;
}

// ----- query string -----

/// The request's query string: all pairs (kept for next links) and the `$` options.
pub struct Query {
    pairs: Vec<(String, String)>,
    options: HashMap<String, String>,
}

impl Query {
    /// Parses the query; a `$` option not in `allowed` is refused as Graph does.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Self, GraphError> {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        let mut options = HashMap::new();
        for (key, value) in &pairs {
            let name = key.trim_start_matches('$').to_ascii_lowercase();
            if allowed.contains(&name.as_str()) {
                options.insert(name, value.clone());
            } else if key.starts_with('$') {
                return Err(GraphError::new(
                    StatusCode::BAD_REQUEST,
                    "Request_UnsupportedQuery",
                    format!("The query option '{key}' is not supported on this resource."),
                ));
            }
        }
        Ok(Self { pairs, options })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    /// The same query at `url` with the paging token replaced, for `@odata.nextLink`.
    pub fn link(&self, url: &str, token_name: &str, token: &str) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.pairs {
            let name = key.trim_start_matches('$').to_ascii_lowercase();
            if name != "skiptoken" && name != "deltatoken" {
                out.append_pair(key, value);
            }
        }
        out.append_pair(token_name, token);
        format!("{url}?{}", out.finish())
    }
}

pub fn parse_top(raw: Option<&str>) -> Result<usize, GraphError> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_PAGE_SIZE);
    };
    match raw.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        _ => Err(GraphError::new(
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            format!("Invalid page size specified: '{raw}'. Must be between 1 and 999 inclusive."),
        )),
    }
}

/// `$select` resolved to canonical property names; `None` means the default set.
pub fn parse_select(schema: &Schema, raw: Option<&str>) -> Result<Vec<&'static str>, GraphError> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(schema.default_select.to_vec());
    };
    let mut names = Vec::new();
    for name in raw.split(',').map(str::trim) {
        let (canonical, _) = schema.prop(name).ok_or_else(|| {
            GraphError::bad_request(format!(
                "Could not find a property named '{name}' on type 'microsoft.graph.{}'.",
                schema.type_name
            ))
        })?;
        if !names.contains(&canonical) {
            names.push(canonical);
        }
    }
    // Graph always returns the id, selected or not.
    if !names.contains(&"id") {
        names.push("id");
    }
    Ok(names)
}

/// Keeps only `select` from a full JSON object, in the selection's order.
pub fn project(full: &Map<String, Value>, select: &[&str]) -> Value {
    let mut out = Map::new();
    for name in select {
        out.insert(
            (*name).to_string(),
            full.get(*name).cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(out)
}

/// `$count=true` needs `ConsistencyLevel: eventual`, as an advanced query does.
pub fn wants_count(query: &Query, headers: &HeaderMap) -> Result<bool, GraphError> {
    match query.get("count").map(str::to_ascii_lowercase).as_deref() {
        None | Some("false") => Ok(false),
        Some("true") => {
            let eventual = headers
                .get("consistencylevel")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.eq_ignore_ascii_case("eventual"));
            if eventual {
                Ok(true)
            } else {
                Err(GraphError::new(
                    StatusCode::BAD_REQUEST,
                    "Request_BadRequest",
                    "$count is only supported with the ConsistencyLevel header set to 'eventual'.",
                ))
            }
        }
        Some(other) => Err(GraphError::bad_request(format!(
            "'{other}' is not a valid value for $count; use true or false."
        ))),
    }
}

// ----- paging tokens -----

pub fn encode_token<T: Serialize>(token: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(token).unwrap_or_default())
}

pub fn decode_token<T: DeserializeOwned>(raw: &str) -> Result<T, GraphError> {
    URL_SAFE_NO_PAD
        .decode(raw.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| {
            GraphError::bad_request(
                "The paging token is malformed or was not issued by this service.",
            )
        })
}

/// Where a list page resumes: after this object id.
#[derive(Serialize, serde::Deserialize)]
struct Resume {
    after: String,
}

pub fn resume_after(query: &Query) -> Result<Option<String>, GraphError> {
    query
        .get("skiptoken")
        .map(|raw| decode_token::<Resume>(raw).map(|r| r.after))
        .transpose()
}

/// Takes up to `top` matching items; returns them and the skiptoken for the rest.
pub fn take_page<'a, T: 'a>(
    items: impl Iterator<Item = &'a T>,
    matches: impl Fn(&T) -> bool,
    top: usize,
    id: impl Fn(&T) -> &str,
) -> (Vec<&'a T>, Option<String>) {
    let mut page = Vec::with_capacity(top.min(MAX_PAGE_SIZE));
    let mut more = false;
    for item in items.filter(|i| matches(i)) {
        if page.len() == top {
            more = true;
            break;
        }
        page.push(item);
    }
    let token = if more {
        page.last().map(|last| {
            encode_token(&Resume {
                after: id(last).to_string(),
            })
        })
    } else {
        None
    };
    (page, token)
}

/// A Graph collection body.
pub fn collection(
    context: String,
    values: Vec<Value>,
    next_link: Option<String>,
    count: Option<usize>,
) -> Value {
    let mut body = json!({ "@odata.context": context });
    if let Some(count) = count {
        body["@odata.count"] = json!(count);
    }
    if let Some(next) = next_link {
        body["@odata.nextLink"] = json!(next);
    }
    body["value"] = Value::Array(values);
    body
}

// ----- $filter -----

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Eq(&'static str, Literal),
    StartsWith(&'static str, String),
}

impl Filter {
    pub fn matches<T: Filterable>(&self, item: &T) -> bool {
        match self {
            Filter::And(a, b) => a.matches(item) && b.matches(item),
            Filter::Or(a, b) => a.matches(item) || b.matches(item),
            Filter::Eq(prop, literal) => match (item.field(prop), literal) {
                (FieldValue::Str(Some(v)), Literal::Str(s)) => v.eq_ignore_ascii_case(s),
                (FieldValue::Str(None), Literal::Null) => true,
                (FieldValue::Bool(v), Literal::Bool(b)) => v == *b,
                _ => false,
            },
            Filter::StartsWith(prop, prefix) => match item.field(prop) {
                FieldValue::Str(Some(v)) => {
                    v.len() >= prefix.len()
                        && v.is_char_boundary(prefix.len())
                        && v[..prefix.len()].eq_ignore_ascii_case(prefix)
                }
                _ => false,
            },
        }
    }
}

pub fn parse_filter(schema: &Schema, raw: Option<&str>) -> Result<Option<Filter>, GraphError> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(None);
    };
    let tokens = tokenize(raw)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        schema,
    };
    let filter = parser.or()?;
    if parser.pos != parser.tokens.len() {
        return Err(syntax(format!(
            "unexpected '{}' after a complete expression",
            parser.tokens[parser.pos].text()
        )));
    }
    Ok(Some(filter))
}

fn syntax(detail: impl std::fmt::Display) -> GraphError {
    GraphError::bad_request(format!("Invalid filter clause: {detail}."))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Open,
    Close,
    Comma,
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Word(w) => w.clone(),
            Token::Str(s) => format!("'{s}'"),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
            Token::Comma => ",".into(),
        }
    }
}

fn tokenize(raw: &str) -> Result<Vec<Token>, GraphError> {
    let mut tokens = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '\'' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        // Two quotes in a row stand for one quote inside the string.
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            text.push('\'');
                        }
                        Some('\'') => break,
                        Some(other) => text.push(other),
                        None => return Err(syntax("a string literal is not closed")),
                    }
                }
                tokens.push(Token::Str(text));
            }
            _ => {
                let mut word = String::new();
                while let Some(&w) = chars.peek() {
                    if w.is_whitespace() || matches!(w, '(' | ')' | ',' | '\'') {
                        break;
                    }
                    word.push(w);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

struct Parser<'s> {
    tokens: Vec<Token>,
    pos: usize,
    schema: &'s Schema,
}

impl Parser<'_> {
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn next(&mut self) -> Result<Token, GraphError> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| syntax("the expression ends too early"))?;
        self.pos += 1;
        Ok(token)
    }

    fn expect(&mut self, expected: Token) -> Result<(), GraphError> {
        let token = self.next()?;
        if token != expected {
            return Err(syntax(format!(
                "expected '{}' but found '{}'",
                expected.text(),
                token.text()
            )));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Filter, GraphError> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, GraphError> {
        let mut left = self.term()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Filter, GraphError> {
        match self.next()? {
            Token::Open => {
                let inner = self.or()?;
                self.expect(Token::Close)?;
                Ok(inner)
            }
            Token::Word(w) if w.eq_ignore_ascii_case("startswith") => {
                self.expect(Token::Open)?;
                let prop = self.property()?;
                self.expect(Token::Comma)?;
                let prefix = match self.next()? {
                    Token::Str(s) => s,
                    other => {
                        return Err(syntax(format!(
                            "startswith needs a string, found '{}'",
                            other.text()
                        )))
                    }
                };
                self.expect(Token::Close)?;
                if prop.1 != Kind::Str {
                    return Err(self.unsupported(prop.0));
                }
                Ok(Filter::StartsWith(prop.0, prefix))
            }
            Token::Word(w) => {
                self.pos -= 1;
                let (prop, kind) = self.property()?;
                let operator = self.next()?;
                if !matches!(&operator, Token::Word(o) if o.eq_ignore_ascii_case("eq")) {
                    return Err(GraphError::new(
                        StatusCode::BAD_REQUEST,
                        "Request_UnsupportedQuery",
                        format!("Unsupported query operator '{}' after '{w}'; this service supports eq and startswith.", operator.text()),
                    ));
                }
                let literal = match self.next()? {
                    Token::Str(s) => Literal::Str(s),
                    Token::Word(v) if v == "true" || v == "false" => Literal::Bool(v == "true"),
                    Token::Word(v) if v == "null" => Literal::Null,
                    other => return Err(syntax(format!("'{}' is not a literal", other.text()))),
                };
                let compatible = matches!(
                    (kind, &literal),
                    (Kind::Str, Literal::Str(_) | Literal::Null) | (Kind::Bool, Literal::Bool(_))
                );
                if !compatible {
                    return Err(GraphError::bad_request(format!(
                        "A binary operator with incompatible types was detected for property '{prop}' and operator 'Equal'."
                    )));
                }
                Ok(Filter::Eq(prop, literal))
            }
            other => Err(syntax(format!("unexpected '{}'", other.text()))),
        }
    }

    fn property(&mut self) -> Result<(&'static str, Kind), GraphError> {
        match self.next()? {
            Token::Word(name) => {
                let prop = self
                    .schema
                    .prop(&name)
                    .filter(|(p, _)| self.schema.filterable.contains(p));
                prop.ok_or_else(|| self.unsupported(&name))
            }
            other => Err(syntax(format!(
                "expected a property name, found '{}'",
                other.text()
            ))),
        }
    }

    fn unsupported(&self, name: &str) -> GraphError {
        GraphError::new(
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            format!("Unsupported or invalid query filter clause specified for property '{name}' of resource '{}'.", self.schema.entity),
        )
    }
}

/// The options every Graph collection GET accepts, parsed and checked in one place.
pub struct ListOptions {
    pub query: Query,
    pub select: Vec<&'static str>,
    pub filter: Option<Filter>,
    pub top: usize,
    pub count: bool,
    /// The id the previous page ended at, from `$skiptoken`.
    pub after: Option<String>,
}

impl ListOptions {
    pub fn parse(
        schema: &Schema,
        raw: Option<&str>,
        headers: &HeaderMap,
    ) -> Result<Self, GraphError> {
        let query = Query::parse(raw, &["select", "filter", "top", "skiptoken", "count"])?;
        Ok(Self {
            select: parse_select(schema, query.get("select"))?,
            filter: parse_filter(schema, query.get("filter"))?,
            top: parse_top(query.get("top"))?,
            count: wants_count(&query, headers)?,
            after: resume_after(&query)?,
            query,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        type_name: "thing",
        entity: "Thing",
        props: &[
            ("id", Kind::Str),
            ("displayName", Kind::Str),
            ("accountEnabled", Kind::Bool),
            ("city", Kind::Str),
        ],
        filterable: &["id", "displayName", "accountEnabled"],
        default_select: &["id"],
    };

    struct Thing(&'static str, bool);
    impl Filterable for Thing {
        fn field(&self, name: &str) -> FieldValue<'_> {
            match name {
                "displayName" => FieldValue::Str(Some(self.0)),
                "accountEnabled" => FieldValue::Bool(self.1),
                _ => FieldValue::Str(None),
            }
        }
    }

    fn filter(raw: &str) -> Result<Option<Filter>, GraphError> {
        parse_filter(&SCHEMA, Some(raw))
    }

    #[test]
    fn filters_combine_and_match_case_insensitively() {
        let f = filter(
            "startswith(displayName,'ad') and (accountEnabled eq true or displayName eq 'O''Neil')",
        )
        .unwrap()
        .unwrap();
        assert!(f.matches(&Thing("Adele", true)));
        assert!(!f.matches(&Thing("Adele", false)));
        assert!(!f.matches(&Thing("Bob", true)));
        let quoted = filter("displayName eq 'o''neil'").unwrap().unwrap();
        assert!(quoted.matches(&Thing("O'Neil", false)));
    }

    #[test]
    fn bad_filters_name_the_problem() {
        assert!(filter("city eq 'x'")
            .unwrap_err()
            .message
            .contains("property 'city' of resource 'Thing'"));
        assert!(filter("displayName eq 'x")
            .unwrap_err()
            .message
            .contains("not closed"));
        assert_eq!(
            filter("displayName ne 'x'").unwrap_err().code,
            "Request_UnsupportedQuery"
        );
        assert!(filter("accountEnabled eq 'yes'")
            .unwrap_err()
            .message
            .contains("incompatible"));
        assert!(filter("displayName eq 'a' extra").is_err());
    }

    #[test]
    fn page_sizes_outside_1_to_999_are_refused() {
        assert_eq!(parse_top(None).unwrap(), 100);
        assert_eq!(parse_top(Some("999")).unwrap(), 999);
        let err = parse_top(Some("1000")).unwrap_err();
        assert_eq!(
            err.message,
            "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."
        );
        assert!(parse_top(Some("0")).is_err());
    }
}
