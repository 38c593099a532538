//! What the TypeScript client needs to know of a command: its arguments' names and types
//! and its result type, each with the named types it uses (to import and to export).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::{Dependency, ExportError, TypeVisitor, TS};

pub struct CommandSignature {
    /// snake_case, as the table and `dispatch` name it.
    pub name: &'static str,
    /// The entry's doc comment, one line per `///` line.
    pub doc: &'static str,
    pub args: Vec<ArgSignature>,
    pub result: TypeSignature,
}

pub struct ArgSignature {
    /// snake_case, as declared in the table.
    pub name: &'static str,
    pub ty: TypeSignature,
}

impl ArgSignature {
    pub fn of<T: TS + 'static>(name: &'static str) -> ArgSignature {
        ArgSignature {
            name,
            ty: TypeSignature::of::<T>(),
        }
    }
}

/// A Rust type as TypeScript sees it.
pub struct TypeSignature {
    /// The TypeScript type expression, e.g. `Array<SbcRow>` or `string | null`.
    pub expression: String,
    /// The named (exported) types the expression mentions, by TypeScript name.
    pub named: BTreeMap<String, NamedType>,
}

pub struct NamedType {
    /// The file ts-rs writes the type to, relative to the bindings folder.
    pub output_path: PathBuf,
    export: fn(&Path) -> Result<(), ExportError>,
}

impl NamedType {
    /// Writes the type and everything it uses into `dir`.
    pub fn export_to(&self, dir: &Path) -> Result<(), ExportError> {
        (self.export)(dir)
    }
}

impl TypeSignature {
    pub fn of<T: TS + 'static>() -> TypeSignature {
        let mut named = NamedTypes::default();
        named.visit::<T>();
        TypeSignature {
            expression: T::name(),
            named: named.0,
        }
    }
}

/// Collects the outermost named types of a type: `Vec<Option<SbcRow>>` yields `SbcRow`,
/// whose own fields are its file's business.
#[derive(Default)]
struct NamedTypes(BTreeMap<String, NamedType>);

impl TypeVisitor for NamedTypes {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        match Dependency::from_ty::<T>() {
            Some(dependency) => {
                self.0.insert(
                    dependency.ts_name,
                    NamedType {
                        output_path: dependency.output_path,
                        export: export_all::<T>,
                    },
                );
            }
            // A wrapper (`Vec`, `Option`, ...) names its type parameters, not its fields.
            None => T::visit_generics(self),
        }
    }
}

fn export_all<T: TS + 'static + ?Sized>(dir: &Path) -> Result<(), ExportError> {
    T::export_all_to(dir)
}
