//! Checks every variable and helper a template refers to, walking the parsed
//! template with the scope `#each` / `#with` blocks give their bodies.

use handlebars::template::{HelperTemplate, Parameter, TemplateElement};
use handlebars::{Path, PathSeg, Template};

use crate::catalogue::{lookup, VariableType, CUSTOM_VARIABLE_PREFIX};
use crate::diagnostic::Diagnostic;
use crate::helpers;
use crate::template::TemplateKind;

pub(crate) fn check(
    template: &Template,
    kind: TemplateKind,
    custom_variables: &[String],
) -> Vec<Diagnostic> {
    let mut walker = Walker {
        quoting: helpers::quoting_helper(kind),
        custom_variables,
        scopes: vec![String::new()],
        found: Vec::new(),
    };
    walker.template(template, (1, 1));
    walker.found
}

struct Walker<'a> {
    /// The target's quoting helper, the only way text may enter the script.
    quoting: &'static str,
    custom_variables: &'a [String],
    /// Catalogue path of each enclosing context; the root is "".
    scopes: Vec<String>,
    found: Vec<Diagnostic>,
}

/// What a reference resolved to.
enum Resolved {
    Known(VariableType, String),
    /// Inside a scope we could not resolve; already reported there.
    Unchecked,
}

impl Walker<'_> {
    fn template(&mut self, template: &Template, fallback: (usize, usize)) {
        for (index, element) in template.elements.iter().enumerate() {
            let at = template.mapping.get(index).map_or(fallback, |m| (m.0, m.1));
            self.element(element, at);
        }
    }

    fn element(&mut self, element: &TemplateElement, at: (usize, usize)) {
        match element {
            TemplateElement::Expression(expression)
            | TemplateElement::HtmlExpression(expression) => {
                self.expression(expression, at);
            }
            TemplateElement::HelperBlock(block) => self.block(block, at),
            TemplateElement::DecoratorExpression(_)
            | TemplateElement::DecoratorBlock(_)
            | TemplateElement::PartialExpression(_)
            | TemplateElement::PartialBlock(_) => self.found.push(Diagnostic::error(
                at.0,
                at.1,
                "partials and decorators are not supported in script templates",
            )),
            _ => {}
        }
    }

    /// `{{name}}` or `{{helper args}}`.
    fn expression(&mut self, expression: &HelperTemplate, at: (usize, usize)) {
        let is_call = !expression.params.is_empty() || !expression.hash.is_empty();
        match &expression.name {
            Parameter::Name(name) if is_call || helpers::is_known(name) => {
                self.helper_name(name, at);
                self.unquoted_output(name, at);
                self.params(&expression.params, at);
            }
            Parameter::Name(name) => self.bare_value(name, at),
            Parameter::Path(path) => {
                if let Resolved::Known(kind, full) = self.path(path, at) {
                    let (Path::Relative((_, raw)) | Path::Local((_, _, raw))) = path;
                    self.unquoted_value(kind, &full, raw, at);
                }
            }
            Parameter::Subexpression(sub) => {
                self.unquoted_output(sub.name(), at);
                self.param(&expression.name, at);
            }
            other => self.param(other, at),
        }
    }

    fn bare_value(&mut self, name: &str, at: (usize, usize)) {
        if let Resolved::Known(kind, full) = self.resolve(0, false, name, name, at) {
            self.unquoted_value(kind, &full, name, at);
        }
    }

    /// A quote or line break in a customer's value could end the string or the
    /// command and start one of its own, so text only goes in quoted.
    /// `raw` is the reference as written, for the suggested fix.
    fn unquoted_value(&mut self, kind: VariableType, full: &str, raw: &str, at: (usize, usize)) {
        if matches!(kind, VariableType::Text | VariableType::Secret) {
            let quoting = self.quoting;
            self.found.push(Diagnostic::error(
                at.0,
                at.1,
                format!("`{full}` is inserted without quoting; write {{{{{quoting} {raw}}}}} so a quote in the value cannot break the script"),
            ));
        }
    }

    /// The same for a helper's output, which carries its parameters' text (unknown
    /// helpers are reported by `helper_name`).
    fn unquoted_output(&mut self, name: &str, at: (usize, usize)) {
        if name == self.quoting
            || !helpers::is_known(name)
            || helpers::NON_TEXT_HELPERS.contains(&name)
        {
            return;
        }
        let quoting = self.quoting;
        self.found.push(Diagnostic::error(
            at.0,
            at.1,
            format!("the output of `{name}` is inserted without quoting; this script quotes with {quoting}, e.g. {{{{{quoting} ({name} …)}}}}"),
        ));
    }

    fn block(&mut self, block: &HelperTemplate, at: (usize, usize)) {
        let name = match &block.name {
            Parameter::Name(name) => name.clone(),
            Parameter::Path(Path::Relative((_, raw)) | Path::Local((_, _, raw))) => raw.clone(),
            _ => String::new(),
        };
        self.helper_name(&name, at);
        let scoping = helpers::SCOPING_HELPERS.contains(&name.as_str());
        let mut inner_scope = None;
        for (position, param) in block.params.iter().enumerate() {
            match param {
                Parameter::Path(path) if scoping && position == 0 => {
                    inner_scope = Some(match self.path(path, at) {
                        Resolved::Known(VariableType::List, full) if name == "each" => {
                            format!("{full}[]")
                        }
                        Resolved::Known(_, full) => full,
                        Resolved::Unchecked => String::from("\u{0}"),
                    });
                }
                other => self.param(other, at),
            }
        }
        if let Some(template) = &block.template {
            match inner_scope {
                Some(scope) => {
                    self.scopes.push(scope);
                    self.template(template, at);
                    self.scopes.pop();
                }
                None => self.template(template, at),
            }
        }
        if let Some(inverse) = &block.inverse {
            self.template(inverse, at);
        }
    }

    fn helper_name(&mut self, name: &str, at: (usize, usize)) {
        if !helpers::is_known(name) {
            self.found.push(Diagnostic::error(
                at.0,
                at.1,
                format!("unknown helper `{name}`"),
            ));
        }
    }

    fn params(&mut self, params: &[Parameter], at: (usize, usize)) {
        for param in params {
            self.param(param, at);
        }
    }

    fn param(&mut self, param: &Parameter, at: (usize, usize)) {
        match param {
            Parameter::Path(path) => {
                self.path(path, at);
            }
            Parameter::Subexpression(sub) => {
                self.helper_name(sub.name(), at);
                if let Some(params) = sub.params() {
                    self.params(params, at);
                }
            }
            Parameter::Name(name) => {
                self.resolve(0, false, name, name, at);
            }
            _ => {}
        }
    }

    fn path(&mut self, path: &Path, at: (usize, usize)) -> Resolved {
        match path {
            // `@index`, `@first`, ...: provided by the enclosing block.
            Path::Local(_) => Resolved::Unchecked,
            Path::Relative((segments, raw)) => {
                let names: Vec<&str> = segments
                    .iter()
                    .filter_map(|s| match s {
                        PathSeg::Named(name) => Some(name.as_str()),
                        _ => None,
                    })
                    .collect();
                let ups = raw.matches("../").count();
                let from_root = raw.starts_with("@root");
                self.resolve(ups, from_root, &names.join("."), raw, at)
            }
        }
    }

    fn resolve(
        &mut self,
        ups: usize,
        from_root: bool,
        relative: &str,
        raw: &str,
        at: (usize, usize),
    ) -> Resolved {
        let depth = self.scopes.len();
        if ups >= depth {
            self.found.push(Diagnostic::error(
                at.0,
                at.1,
                format!("`{raw}` climbs above the top level"),
            ));
            return Resolved::Unchecked;
        }
        let base = if from_root {
            ""
        } else {
            self.scopes[depth - 1 - ups].as_str()
        };
        if base.contains('\u{0}') {
            return Resolved::Unchecked;
        }
        let full = match (base.is_empty(), relative.is_empty()) {
            (true, _) => relative.to_string(),
            (false, true) => base.to_string(),
            (false, false) => format!("{base}.{relative}"),
        };
        if let Some(spec) = lookup(&full) {
            return Resolved::Known(spec.kind, full);
        }
        if let Some(name) = full.strip_prefix(CUSTOM_VARIABLE_PREFIX) {
            if self
                .custom_variables
                .iter()
                .any(|declared| declared == name)
            {
                return Resolved::Known(VariableType::Text, full);
            }
            self.found.push(Diagnostic::error(
                at.0,
                at.1,
                format!("custom variable `{name}` is not declared by this template"),
            ));
            return Resolved::Unchecked;
        }
        self.found.push(Diagnostic::error(
            at.0,
            at.1,
            format!("unknown variable `{raw}`"),
        ));
        Resolved::Unchecked
    }
}
