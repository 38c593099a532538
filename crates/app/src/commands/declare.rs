//! The `commands!` macro behind the command table in `commands/mod.rs`.
//!
//! A table starts with its receiver: the open world's `AppContext` for almost every
//! command, the `Session` for the few that must work with no world open (Settings).
//! From each entry it generates, so nothing can drift from the table:
//! - an arm of `dispatch`, which reads the named arguments from the UI's JSON (unknown or
//!   missing ones are a `validation` error) and runs the body on tokio's blocking pool, so a
//!   command that waits on a device, a process or a mail server never holds an IPC thread;
//! - the command's `CommandSignature` (argument names and TypeScript types, result type),
//!   from which the bindings test writes the TypeScript client and exports every type.

macro_rules! commands {
    (
        receiver: $recv:ty;
        $(
            $(#[doc = $doc:literal])*
            $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty
                => |$ctx:ident| $body:expr;
        )+
    ) => {
        /// The name of every command the UI may call, in table order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),+];

        /// Runs the command `name` with the UI's `args` (an object keyed by the camelCase
        /// argument names) against `context`.
        pub async fn dispatch(
            context: std::sync::Arc<$recv>,
            name: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, $crate::error::ApiError> {
            match name {
                $(
                    stringify!($name) => {
                        #[derive(serde::Deserialize)]
                        #[serde(rename_all = "camelCase", deny_unknown_fields)]
                        #[allow(non_snake_case)]
                        struct Args { $( $arg: $ty ),* }
                        let Args { $( $arg ),* } = $crate::commands::read_args::<Args>(name, args)?;
                        let output: Result<$ret, $crate::error::ApiError> =
                            $crate::commands::off_the_ipc_threads(move || {
                                let $ctx: &$recv = &context;
                                $body
                            })
                            .await;
                        $crate::commands::write_result(name, output?)
                    }
                )+
                other => Err($crate::commands::unknown_command(other)),
            }
        }

        /// Every command's signature, for the generated TypeScript client.
        pub fn signatures() -> Vec<$crate::commands::CommandSignature> {
            vec![$(
                $crate::commands::CommandSignature {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n"),*),
                    args: vec![$(
                        $crate::commands::ArgSignature::of::<$ty>(stringify!($arg)),
                    )*],
                    result: $crate::commands::TypeSignature::of::<$ret>(),
                }
            ),+]
        }
    };
}

pub(crate) use commands;
