//! Recursive-descent parser from source text to the syntax tree in `ast`.

use std::rc::Rc;

use super::ast::*;
use super::error::ErrorRecord;
use super::lexer::{Lexer, Mode, Token, TokenKind};
use super::value::Value;

type Result<T> = std::result::Result<T, ErrorRecord>;

pub fn parse_script(src: &str) -> Result<Block> {
    let mut parser = Parser {
        lexer: Lexer::new(src),
        pos: 0,
    };
    let block = parser.statements(None)?;
    match parser.peek(Mode::Expression)?.kind {
        TokenKind::Eof => Ok(block),
        other => Err(unexpected(&other)),
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    pos: usize,
}

fn unexpected(kind: &TokenKind) -> ErrorRecord {
    let text = match kind {
        TokenKind::Variable(name) => format!("${name}"),
        TokenKind::SingleQuoted(s) | TokenKind::DoubleQuoted(s) | TokenKind::Word(s) => s.clone(),
        TokenKind::Number(n) => n.to_string(),
        TokenKind::Dash(s) | TokenKind::DashColon(s) => format!("-{s}"),
        TokenKind::Punct(p) => (*p).to_string(),
        TokenKind::Newline => "newline".into(),
        TokenKind::Eof => return ErrorRecord::parse("Unexpected end of script."),
    };
    ErrorRecord::parse(format!(
        "Unexpected token '{text}' in expression or statement."
    ))
}

fn is_word(kind: &TokenKind, word: &str) -> bool {
    matches!(kind, TokenKind::Word(w) if w.eq_ignore_ascii_case(word))
}

impl<'a> Parser<'a> {
    fn peek(&self, mode: Mode) -> Result<Token> {
        self.lexer.token(self.pos, mode)
    }

    fn next(&mut self, mode: Mode) -> Result<Token> {
        let token = self.peek(mode)?;
        self.pos = token.end;
        Ok(token)
    }

    fn eat_punct(&mut self, punct: &str) -> Result<bool> {
        let token = self.peek(Mode::Expression)?;
        if matches!(token.kind, TokenKind::Punct(p) if p == punct) {
            self.pos = token.end;
            return Ok(true);
        }
        Ok(false)
    }

    fn expect_punct(&mut self, punct: &str) -> Result<()> {
        if self.eat_punct(punct)? {
            return Ok(());
        }
        let found = self.peek(Mode::Expression)?.kind;
        Err(ErrorRecord::parse(format!(
            "Missing '{punct}'; found {}.",
            describe(&found)
        )))
    }

    fn skip_newlines(&mut self) -> Result<()> {
        while self.peek(Mode::Expression)?.kind == TokenKind::Newline {
            self.next(Mode::Expression)?;
        }
        Ok(())
    }

    /// Statements up to (not including) the closing punctuation, or to the end of input.
    fn statements(&mut self, close: Option<&'static str>) -> Result<Block> {
        let mut block = Vec::new();
        loop {
            let token = self.peek(Mode::Expression)?;
            match &token.kind {
                TokenKind::Newline | TokenKind::Punct(";") => {
                    self.pos = token.end;
                    continue;
                }
                TokenKind::Eof => return Ok(block),
                TokenKind::Punct(p) if Some(*p) == close => return Ok(block),
                _ => {}
            }
            block.push(self.statement()?);
            let after = self.peek(Mode::Expression)?;
            match &after.kind {
                TokenKind::Newline | TokenKind::Punct(";") | TokenKind::Eof => {}
                TokenKind::Punct(p) if Some(*p) == close => {}
                other => return Err(unexpected(other)),
            }
        }
    }

    fn braced_block(&mut self) -> Result<Block> {
        self.skip_newlines()?;
        self.expect_punct("{")?;
        let block = self.statements(Some("}"))?;
        self.expect_punct("}")?;
        Ok(block)
    }

    fn condition(&mut self) -> Result<Pipeline> {
        self.expect_punct("(")?;
        self.skip_newlines()?;
        let pipeline = self.pipeline()?;
        self.skip_newlines()?;
        self.expect_punct(")")?;
        Ok(pipeline)
    }

    /// Looks past newlines for a keyword that continues a statement (`else`, `catch`, ...).
    fn continues_with(&mut self, keyword: &str) -> Result<bool> {
        let saved = self.pos;
        self.skip_newlines()?;
        let token = self.peek(Mode::Expression)?;
        if is_word(&token.kind, keyword) {
            self.pos = token.end;
            return Ok(true);
        }
        self.pos = saved;
        Ok(false)
    }

    fn optional_pipeline(&mut self) -> Result<Option<Pipeline>> {
        let token = self.peek(Mode::Expression)?;
        match token.kind {
            TokenKind::Newline
            | TokenKind::Eof
            | TokenKind::Punct(";")
            | TokenKind::Punct("}")
            | TokenKind::Punct(")") => Ok(None),
            _ => self.pipeline().map(Some),
        }
    }

    fn statement(&mut self) -> Result<Statement> {
        let token = self.peek(Mode::Expression)?;
        if let TokenKind::Word(word) = &token.kind {
            let after = self.lexer.token(token.end, Mode::Expression)?;
            match word.to_ascii_lowercase().as_str() {
                "if" => {
                    self.pos = token.end;
                    return self.if_statement();
                }
                "foreach" if after.kind == TokenKind::Punct("(") => {
                    self.pos = token.end;
                    return self.foreach_statement();
                }
                "try" => {
                    self.pos = token.end;
                    return self.try_statement();
                }
                "throw" => {
                    self.pos = token.end;
                    return Ok(Statement::Throw(self.optional_pipeline()?));
                }
                "exit" => {
                    self.pos = token.end;
                    return Ok(Statement::Exit(self.optional_pipeline()?));
                }
                "return" => {
                    self.pos = token.end;
                    return Ok(Statement::Return(self.optional_pipeline()?));
                }
                "break" => {
                    self.pos = token.end;
                    return Ok(Statement::Break);
                }
                "continue" => {
                    self.pos = token.end;
                    return Ok(Statement::Continue);
                }
                _ => {}
            }
        }
        if let TokenKind::Variable(_) = token.kind {
            let saved = self.pos;
            let target = self.postfix()?;
            if self.eat_punct("=")? {
                self.skip_newlines()?;
                let value = self.pipeline()?;
                let target = match target {
                    Expr::Variable(name) => AssignTarget::Variable(name),
                    Expr::Member { object, name } => AssignTarget::Member {
                        object: *object,
                        name,
                    },
                    _ => {
                        return Err(ErrorRecord::parse(
                            "The assignment expression is not valid.",
                        ))
                    }
                };
                return Ok(Statement::Assign { target, value });
            }
            self.pos = saved;
        }
        Ok(Statement::Pipeline(self.pipeline()?))
    }

    fn if_statement(&mut self) -> Result<Statement> {
        let mut branches = vec![(self.condition()?, self.braced_block()?)];
        let mut otherwise = None;
        loop {
            if self.continues_with("elseif")? {
                branches.push((self.condition()?, self.braced_block()?));
            } else if self.continues_with("else")? {
                otherwise = Some(self.braced_block()?);
                break;
            } else {
                break;
            }
        }
        Ok(Statement::If {
            branches,
            otherwise,
        })
    }

    fn foreach_statement(&mut self) -> Result<Statement> {
        self.expect_punct("(")?;
        let TokenKind::Variable(variable) = self.next(Mode::Expression)?.kind else {
            return Err(ErrorRecord::parse("Missing variable name after foreach."));
        };
        if !is_word(&self.next(Mode::Expression)?.kind, "in") {
            return Err(ErrorRecord::parse(
                "Missing 'in' after variable in foreach loop.",
            ));
        }
        let source = self.pipeline()?;
        self.expect_punct(")")?;
        let body = self.braced_block()?;
        Ok(Statement::Foreach {
            variable,
            source,
            body,
        })
    }

    fn try_statement(&mut self) -> Result<Statement> {
        let body = self.braced_block()?;
        let mut catch = None;
        if self.continues_with("catch")? {
            // Typed catch clauses (`catch [System.Exception]`) catch everything here.
            while self.peek(Mode::Expression)?.kind == TokenKind::Punct("[") {
                let open = self.next(Mode::Expression)?;
                let (_, end) = self
                    .lexer
                    .type_name(open.end)
                    .ok_or_else(|| ErrorRecord::parse("Missing type name after '['."))?;
                self.pos = end;
                self.eat_punct(",")?;
            }
            catch = Some(self.braced_block()?);
        }
        let finally = if self.continues_with("finally")? {
            Some(self.braced_block()?)
        } else {
            None
        };
        if catch.is_none() && finally.is_none() {
            return Err(ErrorRecord::parse(
                "The Try statement is missing its Catch or Finally block.",
            ));
        }
        Ok(Statement::Try {
            body,
            catch,
            finally,
        })
    }

    fn pipeline(&mut self) -> Result<Pipeline> {
        let token = self.peek(Mode::Expression)?;
        let first = match &token.kind {
            TokenKind::Word(_) => Stage::Command(self.command()?),
            _ => Stage::Expr(self.expr()?),
        };
        let mut stages = vec![first];
        while self.eat_punct("|")? {
            self.skip_newlines()?;
            stages.push(Stage::Command(self.command()?));
        }
        Ok(Pipeline { stages })
    }

    fn command(&mut self) -> Result<Command> {
        let token = self.next(Mode::Expression)?;
        let line = self.lexer.source()[..token.start].matches('\n').count() + 1;
        let name = match token.kind {
            TokenKind::Word(word) => word,
            TokenKind::Punct("%") => "ForEach-Object".into(),
            TokenKind::Punct("?") => "Where-Object".into(),
            other => return Err(unexpected(&other)),
        };
        let mut args = Vec::new();
        loop {
            let token = self.peek(Mode::Command)?;
            match token.kind {
                TokenKind::Newline | TokenKind::Eof => break,
                TokenKind::Punct(";" | "|" | ")" | "}") => break,
                TokenKind::Dash(name) => {
                    self.pos = token.end;
                    args.push(Arg::Param { name, value: None });
                }
                TokenKind::DashColon(name) => {
                    self.pos = token.end;
                    let value = self.argument()?;
                    args.push(Arg::Param {
                        name,
                        value: Some(value),
                    });
                }
                _ => args.push(Arg::Value(self.argument()?)),
            }
        }
        Ok(Command { name, args, line })
    }

    /// One command argument; `a,b` lists become arrays as in PowerShell.
    fn argument(&mut self) -> Result<Expr> {
        let mut items = vec![self.argument_item()?];
        while self.peek(Mode::Command)?.kind == TokenKind::Punct(",") {
            self.next(Mode::Command)?;
            self.skip_newlines()?;
            items.push(self.argument_item()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Array(items)
        })
    }

    fn argument_item(&mut self) -> Result<Expr> {
        let token = self.peek(Mode::Command)?;
        match token.kind {
            TokenKind::Word(word) => {
                self.pos = token.end;
                Ok(Expr::Literal(Value::Str(word)))
            }
            TokenKind::Number(number) => {
                self.pos = token.end;
                Ok(Expr::Literal(number))
            }
            _ => self.postfix(),
        }
    }

    fn expr(&mut self) -> Result<Expr> {
        self.logical()
    }

    fn logical(&mut self) -> Result<Expr> {
        let mut left = self.comparison()?;
        loop {
            let token = self.peek(Mode::Expression)?;
            let op = match &token.kind {
                TokenKind::Dash(w) if w.eq_ignore_ascii_case("and") => BinaryOp::And,
                TokenKind::Dash(w) if w.eq_ignore_ascii_case("or") => BinaryOp::Or,
                _ => return Ok(left),
            };
            self.pos = token.end;
            self.skip_newlines()?;
            let right = self.comparison()?;
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
    }

    fn comparison(&mut self) -> Result<Expr> {
        let mut left = self.additive()?;
        loop {
            let token = self.peek(Mode::Expression)?;
            let TokenKind::Dash(word) = &token.kind else {
                return Ok(left);
            };
            let Some(op) = CompareOp::parse(word) else {
                if word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or") {
                    return Ok(left);
                }
                return Err(ErrorRecord::parse(format!(
                    "Unexpected token '-{word}' in expression or statement."
                )));
            };
            self.pos = token.end;
            self.skip_newlines()?;
            let right = self.additive()?;
            left = Expr::Binary {
                op: BinaryOp::Compare(op),
                left: Box::new(left),
                right: Box::new(right),
            };
        }
    }

    fn additive(&mut self) -> Result<Expr> {
        let mut left = self.multiplicative()?;
        loop {
            let token = self.peek(Mode::Expression)?;
            let op = match token.kind {
                TokenKind::Punct("+") => BinaryOp::Add,
                TokenKind::Punct("-") => BinaryOp::Sub,
                _ => return Ok(left),
            };
            self.pos = token.end;
            self.skip_newlines()?;
            let right = self.multiplicative()?;
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
    }

    fn multiplicative(&mut self) -> Result<Expr> {
        let mut left = self.comma_list()?;
        loop {
            let token = self.peek(Mode::Expression)?;
            let op = match token.kind {
                TokenKind::Punct("*") => BinaryOp::Mul,
                TokenKind::Punct("/") => BinaryOp::Div,
                _ => return Ok(left),
            };
            self.pos = token.end;
            let right = self.comma_list()?;
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
    }

    fn comma_list(&mut self) -> Result<Expr> {
        let first = self.unary()?;
        if self.peek(Mode::Expression)?.kind != TokenKind::Punct(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_punct(",")? {
            self.skip_newlines()?;
            items.push(self.unary()?);
        }
        Ok(Expr::Array(items))
    }

    fn unary(&mut self) -> Result<Expr> {
        let token = self.peek(Mode::Expression)?;
        let op = match &token.kind {
            TokenKind::Dash(w) if w.eq_ignore_ascii_case("not") => UnaryOp::Not,
            TokenKind::Punct("!") => UnaryOp::Not,
            TokenKind::Punct("-") => UnaryOp::Negate,
            TokenKind::Punct(",") => {
                // Unary comma: a one-element array.
                self.pos = token.end;
                return Ok(Expr::Array(vec![self.unary()?]));
            }
            _ => return self.postfix(),
        };
        self.pos = token.end;
        Ok(Expr::Unary {
            op,
            operand: Box::new(self.unary()?),
        })
    }

    fn postfix(&mut self) -> Result<Expr> {
        let mut expr = self.primary()?;
        loop {
            let token = self.peek(Mode::Expression)?;
            if token.spaced {
                return Ok(expr);
            }
            match token.kind {
                TokenKind::Punct(".") => {
                    let (name, end) = self
                        .lexer
                        .member_name(token.end)
                        .ok_or_else(|| ErrorRecord::parse("Missing property name after '.'."))?;
                    self.pos = end;
                    expr = match self.call_args()? {
                        Some(args) => Expr::Method {
                            object: Box::new(expr),
                            name,
                            args,
                        },
                        None => Expr::Member {
                            object: Box::new(expr),
                            name,
                        },
                    };
                }
                TokenKind::Punct("[") => {
                    self.pos = token.end;
                    let index = self.expr()?;
                    self.expect_punct("]")?;
                    expr = Expr::Index {
                        object: Box::new(expr),
                        index: Box::new(index),
                    };
                }
                _ => return Ok(expr),
            }
        }
    }

    /// `(a, b)` right after a member name makes it a method call.
    fn call_args(&mut self) -> Result<Option<Vec<Expr>>> {
        let token = self.peek(Mode::Expression)?;
        if token.spaced || token.kind != TokenKind::Punct("(") {
            return Ok(None);
        }
        self.pos = token.end;
        self.skip_newlines()?;
        if self.eat_punct(")")? {
            return Ok(Some(Vec::new()));
        }
        let args = match self.expr()? {
            Expr::Array(items) => items,
            single => vec![single],
        };
        self.skip_newlines()?;
        self.expect_punct(")")?;
        Ok(Some(args))
    }

    fn primary(&mut self) -> Result<Expr> {
        let token = self.next(Mode::Expression)?;
        Ok(match token.kind {
            TokenKind::Variable(name) => Expr::Variable(name),
            TokenKind::Number(number) => Expr::Literal(number),
            TokenKind::SingleQuoted(text) => Expr::Literal(Value::Str(text)),
            TokenKind::DoubleQuoted(raw) => Expr::Expandable(expandable(&raw)?),
            TokenKind::Punct("(") => {
                self.skip_newlines()?;
                let pipeline = self.pipeline()?;
                self.skip_newlines()?;
                self.expect_punct(")")?;
                Expr::Paren(Box::new(pipeline))
            }
            TokenKind::Punct(open @ ("$(" | "@(")) => {
                let block = self.statements(Some(")"))?;
                self.expect_punct(")")?;
                if open == "@(" {
                    Expr::ArrayExpr(block)
                } else {
                    Expr::SubExpr(block)
                }
            }
            TokenKind::Punct("@{") => self.hashtable()?,
            TokenKind::Punct("{") => {
                let block = self.statements(Some("}"))?;
                self.expect_punct("}")?;
                Expr::ScriptBlock(Rc::new(block))
            }
            TokenKind::Punct("[") => self.type_literal(token.end)?,
            other => return Err(unexpected(&other)),
        })
    }

    fn type_literal(&mut self, after_bracket: usize) -> Result<Expr> {
        let (type_name, end) = self
            .lexer
            .type_name(after_bracket)
            .ok_or_else(|| ErrorRecord::parse("Missing type name after '['."))?;
        self.pos = end;
        if self.eat_punct("::")? {
            let (name, end) = self
                .lexer
                .member_name(self.pos)
                .ok_or_else(|| ErrorRecord::parse("Missing member name after '::'."))?;
            self.pos = end;
            let args = self.call_args()?;
            let mut expr = Expr::Static {
                type_name,
                name,
                args,
            };
            // `[Console]::In.ReadLine()`: further members apply to the static member's value.
            while self.peek(Mode::Expression)?.kind == TokenKind::Punct(".") {
                let dot = self.next(Mode::Expression)?;
                let (member, end) = self
                    .lexer
                    .member_name(dot.end)
                    .ok_or_else(|| ErrorRecord::parse("Missing property name after '.'."))?;
                self.pos = end;
                expr = match self.call_args()? {
                    Some(args) => Expr::Method {
                        object: Box::new(expr),
                        name: member,
                        args,
                    },
                    None => Expr::Member {
                        object: Box::new(expr),
                        name: member,
                    },
                };
            }
            return Ok(expr);
        }
        let value = self.unary()?;
        Ok(Expr::Cast {
            type_name,
            value: Box::new(value),
        })
    }

    fn hashtable(&mut self) -> Result<Expr> {
        let mut entries = Vec::new();
        loop {
            let token = self.next(Mode::Expression)?;
            let key = match token.kind {
                TokenKind::Newline | TokenKind::Punct(";") => continue,
                TokenKind::Punct("}") => return Ok(Expr::Hashtable(entries)),
                TokenKind::Word(word) => word,
                TokenKind::SingleQuoted(text) => text,
                TokenKind::DoubleQuoted(raw) => raw,
                TokenKind::Number(n) => n.to_string(),
                other => return Err(unexpected(&other)),
            };
            self.expect_punct("=")?;
            self.skip_newlines()?;
            let value = self.pipeline()?;
            let value = match value.stages.as_slice() {
                [Stage::Expr(expr)] => expr.clone(),
                _ => Expr::Paren(Box::new(value)),
            };
            entries.push((key, value));
        }
    }
}

fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Eof => "the end of the script".into(),
        TokenKind::Newline => "a newline".into(),
        other => format!(
            "'{}'",
            unexpected(other).message.split('\'').nth(1).unwrap_or("?")
        ),
    }
}

/// Splits a double-quoted string's raw text into literal text and `$var` / `$(...)` parts.
pub fn expandable(raw: &str) -> Result<Vec<StringPart>> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let lexer = Lexer::new(raw);
    let mut pos = 0;
    while let Some(c) = raw[pos..].chars().next() {
        match c {
            '`' => {
                let escaped = raw[pos + 1..].chars().next().unwrap_or('`');
                text.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'e' => '\u{1b}',
                    other => other,
                });
                pos += 1 + escaped.len_utf8();
            }
            '"' if raw[pos + 1..].starts_with('"') => {
                text.push('"');
                pos += 2;
            }
            '$' if raw[pos + 1..].starts_with('(') => {
                let end = lexer.balanced_end(pos + 1)?;
                flush(&mut parts, &mut text);
                parts.push(StringPart::SubExpr(parse_script(&raw[pos + 2..end - 1])?));
                pos = end;
            }
            '$' => match lexer.token(pos, Mode::Expression) {
                Ok(Token {
                    kind: TokenKind::Variable(name),
                    end,
                    ..
                }) => {
                    flush(&mut parts, &mut text);
                    parts.push(StringPart::Variable(name));
                    pos = end;
                }
                _ => {
                    text.push('$');
                    pos += 1;
                }
            },
            other => {
                text.push(other);
                pos += other.len_utf8();
            }
        }
    }
    flush(&mut parts, &mut text);
    Ok(parts)
}

fn flush(parts: &mut Vec<StringPart>, text: &mut String) {
    if !text.is_empty() {
        parts.push(StringPart::Text(std::mem::take(text)));
    }
}
