//! Writes the TypeScript client of the command table: one typed function per command,
//! each calling the single `rpc` entry point through `call` in `ui/src/lib/ipc.ts`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::signature::{CommandSignature, NamedType};

/// The text of `ui/src/lib/bindings/commands.ts` for `commands`.
pub fn typescript_client(commands: &[CommandSignature]) -> String {
    let mut imports: BTreeMap<&str, &NamedType> = BTreeMap::new();
    for command in commands {
        let types = command.args.iter().map(|arg| &arg.ty);
        for ty in types.chain(std::iter::once(&command.result)) {
            imports.extend(ty.named.iter().map(|(name, named)| (name.as_str(), named)));
        }
    }

    let mut out = String::from(
        "// Generated from the command table in crates/app/src/commands/mod.rs by the bindings\n\
         // test. Do not edit: change the table and run `cargo xtask bindings`.\n\n\
         import { call } from '../ipc';\n",
    );
    for (name, named) in &imports {
        let module = named.output_path.with_extension("");
        let module = module.to_string_lossy().replace('\\', "/");
        writeln!(out, "import type {{ {name} }} from './{module}';").expect("write to String");
    }
    for command in commands {
        out.push('\n');
        write_function(&mut out, command);
    }
    out
}

fn write_function(out: &mut String, command: &CommandSignature) {
    if !command.doc.is_empty() {
        out.push_str("/**\n");
        for line in command.doc.lines() {
            writeln!(out, " *{}", line.trim_end()).expect("write to String");
        }
        out.push_str(" */\n");
    }
    let params: Vec<String> = command
        .args
        .iter()
        .map(|arg| format!("{}: {}", camel_case(arg.name), arg.ty.expression))
        .collect();
    let names: Vec<String> = command
        .args
        .iter()
        .map(|arg| camel_case(arg.name))
        .collect();
    let args = match names.as_slice() {
        [] => "{}".to_owned(),
        names => format!("{{ {} }}", names.join(", ")),
    };
    let result = match command.result.expression.as_str() {
        "null" => "void",
        other => other,
    };
    writeln!(
        out,
        "export function {}({}): Promise<{result}> {{\n  return call('{}', {args});\n}}",
        camel_case(command.name),
        params.join(", "),
        command.name,
    )
    .expect("write to String");
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn snake_case_names_become_camel_case() {
        assert_eq!(camel_case("list_sbc_prefixes"), "listSbcPrefixes");
        assert_eq!(camel_case("app_info"), "appInfo");
        assert_eq!(camel_case("queue"), "queue");
    }
}
