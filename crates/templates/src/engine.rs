//! Rendering: a Handlebars registry in strict mode with HTML escaping off and our
//! helpers registered.

use handlebars::{
    Context, Handlebars, RenderContext, RenderError, RenderErrorReason, Renderable, StringOutput,
    Template,
};
use serde_json::Value;

use crate::context::TemplateContext;
use crate::error::TemplateError;
use crate::helpers;
use crate::template::ScriptTemplate;

pub struct Engine {
    registry: Handlebars<'static>,
}

/// A template body parsed once, to be rendered many times.
pub struct CompiledTemplate {
    template: Template,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Self {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        // HTML escaping would turn quotes and `&` into entities; each target
        // language is escaped by `cli_str` / `ps_str` instead.
        registry.register_escape_fn(handlebars::no_escape);
        helpers::register(&mut registry);
        Self { registry }
    }

    /// Parses a template body.
    pub fn compile(&self, body: &str) -> Result<CompiledTemplate, TemplateError> {
        Template::compile(body)
            .map(|template| CompiledTemplate { template })
            .map_err(|e| syntax_error(&e))
    }

    /// Parses and renders a template.
    pub fn render(
        &self,
        template: &ScriptTemplate,
        context: &TemplateContext,
    ) -> Result<String, TemplateError> {
        self.compile(&template.body)?.render(self, context)
    }

    /// Renders with plain JSON data instead of a typed script context (e.g. the few
    /// values of an invitation mail).
    pub fn render_data(
        &self,
        compiled: &CompiledTemplate,
        data: Value,
    ) -> Result<String, TemplateError> {
        // `Context::wraps` would serialise the tree into a deep copy; the tree is
        // already JSON, so it is moved in as it is.
        let context = Context::from(data);
        let mut render_context = RenderContext::new(None);
        let mut out = StringOutput::new();
        compiled
            .template
            .render(&self.registry, &context, &mut render_context, &mut out)
            .map_err(|e| render_error(&e))?;
        out.into_string().map_err(|e| render_error(&e.into()))
    }
}

impl CompiledTemplate {
    pub fn render(
        &self,
        engine: &Engine,
        context: &TemplateContext,
    ) -> Result<String, TemplateError> {
        engine.render_data(self, context.to_data())
    }

    pub(crate) fn template(&self) -> &Template {
        &self.template
    }
}

pub(crate) fn syntax_error(error: &handlebars::TemplateError) -> TemplateError {
    let (line, column) = error.pos().unwrap_or((1, 1));
    TemplateError::Syntax {
        line,
        column,
        message: error.reason().to_string(),
    }
}

fn render_error(error: &RenderError) -> TemplateError {
    let (line, column) = (error.line_no, error.column_no);
    match error.reason() {
        RenderErrorReason::MissingVariable(name) => TemplateError::MissingVariable {
            name: name.clone().unwrap_or_else(|| "(unnamed value)".into()),
            line,
            column,
        },
        other => TemplateError::Render {
            message: other.to_string(),
            line,
            column,
        },
    }
}
