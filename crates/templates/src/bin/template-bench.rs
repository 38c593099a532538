//! Renders the SIP trunk onboarding template with 1,000 prefixes and prints the
//! mean time per render (target: at most 2 ms in a release build).
//!
//! Run with `cargo run -p switchboard-templates --release --bin template-bench`.

use std::time::Instant;

use switchboard_templates::{default_template, DialPlanRuleVars, Engine, TemplateContext};

const PREFIXES: usize = 1_000;
const RENDERS: u32 = 200;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let template = default_template("sbc-onboarding-sip-trunk")?;
    let mut context = TemplateContext::example(&[]);
    let plan = context
        .prefixes
        .first_mut()
        .ok_or("the example has a dial plan")?;
    plan.rules = (0..PREFIXES)
        .map(|i| DialPlanRuleVars {
            name: context.customer.id.clone(),
            prefix: format!("+1425{i:06}"),
            tag: context.sbc.online_pstn_gateway.clone(),
        })
        .collect();
    let engine = Engine::new();
    let compiled = engine.compile(&template.body)?;
    // One warm-up render, also to check the output size.
    let lines = compiled.render(&engine, &context)?.lines().count();
    let started = Instant::now();
    for _ in 0..RENDERS {
        std::hint::black_box(compiled.render(&engine, &context)?);
    }
    let mean = started.elapsed() / RENDERS;
    println!(
        "sbc-onboarding-sip-trunk, {PREFIXES} prefixes ({lines} lines): mean {:.3} ms per render over {RENDERS} renders (target <= 2 ms)",
        mean.as_secs_f64() * 1000.0
    );
    Ok(())
}
