//! The syntax tree of the supported PowerShell subset.

pub type Block = Vec<Statement>;

#[derive(Debug, Clone)]
pub enum Statement {
    Pipeline(Pipeline),
    Assign {
        target: AssignTarget,
        value: Pipeline,
    },
    If {
        branches: Vec<(Pipeline, Block)>,
        otherwise: Option<Block>,
    },
    Foreach {
        variable: String,
        source: Pipeline,
        body: Block,
    },
    Try {
        body: Block,
        catch: Option<Block>,
        finally: Option<Block>,
    },
    Throw(Option<Pipeline>),
    Exit(Option<Pipeline>),
    Return(Option<Pipeline>),
    Break,
    Continue,
}

#[derive(Debug, Clone)]
pub enum AssignTarget {
    Variable(String),
    Member { object: Expr, name: String },
}

/// Stages joined by `|`; the first may be an expression, the rest are commands.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone)]
pub enum Stage {
    Expr(Expr),
    Command(Command),
}

#[derive(Debug, Clone)]
pub struct Command {
    pub name: String,
    pub args: Vec<Arg>,
    /// 1-based source line of the command name, for diagnostics.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum Arg {
    /// `-Name` or `-Name:value`; a separate value is paired later, by the binder, who knows switches.
    Param {
        name: String,
        value: Option<Expr>,
    },
    Value(Expr),
}

#[derive(Debug, Clone)]
pub enum Expr {
    Literal(crate::pwsh::value::Value),
    Variable(String),
    /// A double-quoted string: literal text and embedded `$var` / `$(...)` parts.
    Expandable(Vec<StringPart>),
    Array(Vec<Expr>),
    /// `$( ... )`: statements whose output becomes the value.
    SubExpr(Block),
    /// `@( ... )`: the same, but always an array.
    ArrayExpr(Block),
    Paren(Box<Pipeline>),
    Hashtable(Vec<(String, Expr)>),
    ScriptBlock(std::rc::Rc<Block>),
    Member {
        object: Box<Expr>,
        name: String,
    },
    Method {
        object: Box<Expr>,
        name: String,
        args: Vec<Expr>,
    },
    /// `[Type]::Member` or `[Type]::Method(args)`.
    Static {
        type_name: String,
        name: String,
        args: Option<Vec<Expr>>,
    },
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    Cast {
        type_name: String,
        value: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
}

#[derive(Debug, Clone)]
pub enum StringPart {
    Text(String),
    Variable(String),
    SubExpr(Block),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnaryOp {
    Not,
    Negate,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    And,
    Or,
    Compare(CompareOp),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CompareOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Like,
    NotLike,
    Match,
    NotMatch,
    Contains,
    NotContains,
    In,
    NotIn,
}

impl CompareOp {
    /// Operator names without the dash, case-insensitive; `c`/`i` prefixes are accepted
    /// (the sandbox compares case-insensitively in both cases, which scripts here never rely on).
    pub fn parse(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let bare = lower
            .strip_prefix('i')
            .or_else(|| lower.strip_prefix('c'))
            .filter(|rest| Self::lookup(rest).is_some());
        Self::lookup(bare.unwrap_or(&lower))
    }

    fn lookup(name: &str) -> Option<Self> {
        Some(match name {
            "eq" => Self::Eq,
            "ne" => Self::Ne,
            "gt" => Self::Gt,
            "ge" => Self::Ge,
            "lt" => Self::Lt,
            "le" => Self::Le,
            "like" => Self::Like,
            "notlike" => Self::NotLike,
            "match" => Self::Match,
            "notmatch" => Self::NotMatch,
            "contains" => Self::Contains,
            "notcontains" => Self::NotContains,
            "in" => Self::In,
            "notin" => Self::NotIn,
            _ => return None,
        })
    }
}
