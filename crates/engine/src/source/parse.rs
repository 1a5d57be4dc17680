//! RON text into a tree of values with their spans.
//!
//! The grammar is RON's as scenario files use it: named and unnamed structs and tuples,
//! enum variants, lists, maps, strings (escaped and raw), characters, numbers, booleans,
//! `Some`/`None`, and `//` and nested `/* */` comments. Leading `#![enable(..)]` attributes
//! are accepted and ignored (optional fields never need `Some` here).

use super::Span;
use super::de::Error;

/// Values nest at most this deep; deeper files are refused with a message instead of
/// exhausting the stack. A condition 100 levels deep uses about 200.
pub const MAX_DEPTH: usize = 400;

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Bool(bool),
    /// Every integer literal, wide enough that no literal wraps before it is checked.
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    /// `()`.
    Unit,
    /// `None`, or `Some(value)`.
    Option(Option<Box<Value>>),
    List(Vec<Value>),
    Map(Vec<(Value, Value)>),
    /// `Name(a, b)` or `(a, b)`.
    Tuple(Option<Ident>, Vec<Value>),
    /// `Name(field: value)` or `(field: value)`.
    Struct(Option<Ident>, Vec<(Ident, Value)>),
    /// A bare identifier: a unit variant or a unit struct.
    Ident(Ident),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

impl Kind {
    /// What the value is, for messages: "a string", "a list".
    pub fn describe(&self) -> String {
        match self {
            Kind::Bool(_) => "`true` or `false`".into(),
            Kind::Int(n) => format!("the number {n}"),
            Kind::Float(_) => "a decimal number".into(),
            Kind::Str(_) => "a string".into(),
            Kind::Char(_) => "a character".into(),
            Kind::Unit => "`()`".into(),
            Kind::Option(None) => "`None`".into(),
            Kind::Option(Some(_)) => "`Some(..)`".into(),
            Kind::List(_) => "a list `[..]`".into(),
            Kind::Map(_) => "a map `{..}`".into(),
            Kind::Tuple(Some(name), _) | Kind::Struct(Some(name), _) => {
                format!("`{}(..)`", super::shown(&name.name))
            }
            Kind::Tuple(None, _) | Kind::Struct(None, _) => "`(..)`".into(),
            Kind::Ident(name) => format!("`{}`", super::shown(&name.name)),
        }
    }
}

pub fn parse(text: &str) -> Result<Value, Error> {
    let mut parser = Parser { text, at: 0 };
    parser.skip_attributes()?;
    let value = parser.value(0)?;
    parser.skip_space()?;
    if parser.at < text.len() {
        return Err(parser.error_here("more text after the end of the file's value"));
    }
    Ok(value)
}

struct Parser<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.text[self.at..].chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn error_at(&self, start: usize, message: impl Into<String>) -> Error {
        Error::at(Span::new(start, (start + 1).min(self.text.len())), message)
    }

    fn error_here(&self, message: impl Into<String>) -> Error {
        self.error_at(self.at, message)
    }

    /// Whitespace and comments.
    fn skip_space(&mut self) -> Result<(), Error> {
        loop {
            // ASCII first, by byte: most of a file's whitespace is indentation.
            let bytes = self.text.as_bytes();
            while bytes
                .get(self.at)
                .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                self.at += 1;
            }
            match (self.peek(), self.peek_second()) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    let rest = &self.text[self.at..];
                    self.at += rest.find('\n').map_or(rest.len(), |i| i + 1);
                }
                (Some('/'), Some('*')) => {
                    let start = self.at;
                    self.at += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => {
                                return Err(self.error_at(start, "a `/*` comment is not closed"));
                            }
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// `#![enable(implicit_some)]` and the like: RON's extensions, which need no switch here.
    fn skip_attributes(&mut self) -> Result<(), Error> {
        loop {
            self.skip_space()?;
            if !self.text[self.at..].starts_with("#!") {
                return Ok(());
            }
            let start = self.at;
            match self.text[self.at..].find(']') {
                Some(end) => self.at += end + 1,
                None => return Err(self.error_at(start, "a `#![..]` attribute is not closed")),
            }
        }
    }

    fn expect(&mut self, wanted: char, what: &str) -> Result<(), Error> {
        self.skip_space()?;
        match self.peek() {
            Some(c) if c == wanted => {
                self.bump();
                Ok(())
            }
            Some(c) => {
                Err(self.error_here(format!("expected {what}, found `{}`", c.escape_default())))
            }
            None => Err(self.error_here(format!("expected {what}, but the file ends"))),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        self.skip_space()?;
        if depth >= MAX_DEPTH {
            return Err(self.error_here(format!(
                "values nest more than {MAX_DEPTH} levels deep here; split the condition or list into simpler ones"
            )));
        }
        let start = self.at;
        let kind = match self.peek() {
            None => return Err(self.error_here("expected a value, but the file ends")),
            Some('"') => Kind::Str(self.string()?),
            Some('r') if matches!(self.peek_second(), Some('"' | '#')) => {
                Kind::Str(self.raw_string()?)
            }
            Some('\'') => Kind::Char(self.character()?),
            Some('[') => {
                self.bump();
                let mut items = Vec::new();
                self.sequence(']', "`,` or `]`", |p| {
                    items.push(p.value(depth + 1)?);
                    Ok(())
                })?;
                Kind::List(items)
            }
            Some('{') => {
                self.bump();
                let mut entries = Vec::new();
                self.sequence('}', "`,` or `}`", |p| {
                    let key = p.value(depth + 1)?;
                    p.expect(':', "`:` after a map key")?;
                    let value = p.value(depth + 1)?;
                    entries.push((key, value));
                    Ok(())
                })?;
                Kind::Map(entries)
            }
            Some('(') => self.parenthesised(None, depth)?,
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number()?,
            Some(c) if c.is_alphabetic() || c == '_' => {
                let ident = self.ident()?;
                self.skip_space()?;
                match (ident.name.as_str(), self.peek()) {
                    ("true", _) => Kind::Bool(true),
                    ("false", _) => Kind::Bool(false),
                    ("None", _) => Kind::Option(None),
                    ("Some", Some('(')) => {
                        self.bump();
                        let inner = self.value(depth + 1)?;
                        self.skip_space()?;
                        if self.peek() == Some(',') {
                            self.bump();
                        }
                        self.expect(')', "`)` to close `Some(`")?;
                        Kind::Option(Some(Box::new(inner)))
                    }
                    (_, Some('(')) => self.parenthesised(Some(ident), depth)?,
                    _ => Kind::Ident(ident),
                }
            }
            Some(c) => {
                return Err(
                    self.error_here(format!("expected a value, found `{}`", c.escape_default()))
                );
            }
        };
        Ok(Value {
            span: Span::new(start, self.at),
            kind,
        })
    }

    /// Items separated by commas (a trailing one allowed) up to `close`.
    fn sequence(
        &mut self,
        close: char,
        what: &str,
        mut item: impl FnMut(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        loop {
            self.skip_space()?;
            if self.peek() == Some(close) {
                self.bump();
                return Ok(());
            }
            item(self)?;
            self.skip_space()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {
                    self.bump();
                    return Ok(());
                }
                Some(c) => {
                    return Err(
                        self.error_here(format!("expected {what}, found `{}`", c.escape_default()))
                    );
                }
                None => return Err(self.error_here(format!("expected {what}, but the file ends"))),
            }
        }
    }

    /// `( .. )` after an optional name: a struct when the first item is `field:`, else a
    /// tuple; `()` alone is the unit value.
    fn parenthesised(&mut self, name: Option<Ident>, depth: usize) -> Result<Kind, Error> {
        self.bump();
        self.skip_space()?;
        if self.peek() == Some(')') {
            self.bump();
            return Ok(match name {
                None => Kind::Unit,
                Some(name) => Kind::Tuple(Some(name), Vec::new()),
            });
        }
        if self.starts_field()? {
            let mut fields = Vec::new();
            self.sequence(')', "`,` or `)`", |p| {
                p.skip_space()?;
                let field = p.ident()?;
                p.expect(':', "`:` after a field name")?;
                let value = p.value(depth + 1)?;
                fields.push((field, value));
                Ok(())
            })?;
            Ok(Kind::Struct(name, fields))
        } else {
            let mut items = Vec::new();
            self.sequence(')', "`,` or `)`", |p| {
                items.push(p.value(depth + 1)?);
                Ok(())
            })?;
            Ok(Kind::Tuple(name, items))
        }
    }

    /// Whether an identifier followed by `:` comes next (and not `::`).
    fn starts_field(&mut self) -> Result<bool, Error> {
        let saved = self.at;
        let field = match self.peek() {
            Some(c) if c.is_alphabetic() || c == '_' => {
                self.ident()?;
                self.skip_space()?;
                self.peek() == Some(':')
            }
            _ => false,
        };
        self.at = saved;
        Ok(field)
    }

    fn ident(&mut self) -> Result<Ident, Error> {
        let start = self.at;
        if self.text[self.at..].starts_with("r#") {
            self.at += 2;
        }
        let name_start = self.at;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.bump();
            } else {
                break;
            }
        }
        if self.at == name_start {
            return Err(self.error_at(start, "expected a name"));
        }
        Ok(Ident {
            name: self.text[name_start..self.at].to_owned(),
            span: Span::new(start, self.at),
        })
    }

    fn string(&mut self) -> Result<String, Error> {
        let start = self.at;
        self.bump();
        let mut out = String::new();
        loop {
            // Copy up to the next quote or escape in one piece.
            let rest = &self.text[self.at..];
            let plain = rest.find(['"', '\\']).unwrap_or(rest.len());
            out.push_str(&rest[..plain]);
            self.at += plain;
            match self.bump() {
                None => return Err(self.error_at(start, "a string is not closed with `\"`")),
                Some('"') => return Ok(out),
                Some(_) => out.push(self.escape(start)?),
            }
        }
    }

    fn escape(&mut self, string_start: usize) -> Result<char, Error> {
        let at = self.at - 1;
        Ok(match self.bump() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('0') => '\0',
            Some('\\') => '\\',
            Some('"') => '"',
            Some('\'') => '\'',
            Some('u') => {
                let open = self.bump();
                let digits_start = self.at;
                while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    self.bump();
                }
                let digits = &self.text[digits_start..self.at];
                let close = self.bump();
                let code = (open == Some('{') && close == Some('}'))
                    .then(|| u32::from_str_radix(digits, 16).ok())
                    .flatten()
                    .and_then(char::from_u32);
                match code {
                    Some(c) => c,
                    None => {
                        return Err(self.error_at(
                            at,
                            "a `\\u{..}` escape needs a valid character code in braces",
                        ));
                    }
                }
            }
            None => return Err(self.error_at(string_start, "a string is not closed with `\"`")),
            Some(c) => {
                return Err(self.error_at(
                    at,
                    format!("`\\{}` is not an escape a string knows", c.escape_default()),
                ));
            }
        })
    }

    fn raw_string(&mut self) -> Result<String, Error> {
        let start = self.at;
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some('"') {
            return Err(self.error_at(start, "a raw string starts `r\"` or `r#\"`"));
        }
        let closing = format!("\"{}", "#".repeat(hashes));
        match self.text[self.at..].find(&closing) {
            Some(end) => {
                let content = self.text[self.at..self.at + end].to_owned();
                self.at += end + closing.len();
                Ok(content)
            }
            None => Err(self.error_at(
                start,
                format!("a raw string is not closed with `{closing}`"),
            )),
        }
    }

    fn character(&mut self) -> Result<char, Error> {
        let start = self.at;
        self.bump();
        let c = match self.bump() {
            Some('\\') => self.escape(start)?,
            Some(c) => c,
            None => return Err(self.error_at(start, "a character is not closed with `'`")),
        };
        if self.bump() != Some('\'') {
            return Err(self.error_at(start, "a character is not closed with `'`"));
        }
        Ok(c)
    }

    fn number(&mut self) -> Result<Kind, Error> {
        let start = self.at;
        let negative = match self.peek() {
            Some('-') => {
                self.bump();
                true
            }
            Some('+') => {
                self.bump();
                false
            }
            _ => false,
        };
        let radix = match (self.peek(), self.peek_second()) {
            (Some('0'), Some('x')) => 16,
            (Some('0'), Some('o')) => 8,
            (Some('0'), Some('b')) => 2,
            _ => 10,
        };
        if radix != 10 {
            self.at += 2;
        }
        let digits_start = self.at;
        let mut float = false;
        while let Some(c) = self.peek() {
            let part_of_float = radix == 10
                && (c == '.'
                    || c == 'e'
                    || c == 'E'
                    || ((c == '-' || c == '+')
                        && matches!(self.text[..self.at].chars().last(), Some('e' | 'E'))));
            if c.is_digit(radix) || c == '_' {
                self.bump();
            } else if part_of_float {
                float = true;
                self.bump();
            } else {
                break;
            }
        }
        let digits: String = self.text[digits_start..self.at]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        if digits.is_empty() {
            return Err(self.error_at(start, "expected a number"));
        }
        if float {
            let value: f64 = digits.parse().map_err(|_| {
                self.error_at(
                    start,
                    format!("`{}` is not a number", &self.text[start..self.at]),
                )
            })?;
            return Ok(Kind::Float(if negative { -value } else { value }));
        }
        match i128::from_str_radix(&digits, radix) {
            Ok(n) => Ok(Kind::Int(if negative { -n } else { n })),
            // Beyond 128 bits: far out of every range, and reported as such where it is used.
            Err(_) => Ok(Kind::Int(if negative { i128::MIN } else { i128::MAX })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        parse(text).expect("parses").kind
    }

    #[test]
    fn structs_tuples_variants_lists_and_maps() {
        let v = parse(
            "Node(id: \"a\", next: [1, -2,], m: {A: 2}, u: Excellent, t: Between(1, 2), e: ())",
        )
        .expect("parses");
        let Kind::Struct(Some(name), fields) = v.kind else {
            panic!("a struct");
        };
        assert_eq!(name.name, "Node");
        let names: Vec<&str> = fields.iter().map(|(f, _)| f.name.as_str()).collect();
        assert_eq!(names, ["id", "next", "m", "u", "t", "e"]);
        assert_eq!(fields[0].1.kind, Kind::Str("a".into()));
        assert_eq!(fields[0].1.span, Span::new(9, 12));
        assert!(matches!(&fields[1].1.kind, Kind::List(items) if items[1].kind == Kind::Int(-2)));
        assert!(matches!(&fields[3].1.kind, Kind::Ident(i) if i.name == "Excellent"));
        assert!(
            matches!(&fields[4].1.kind, Kind::Tuple(Some(n), items) if n.name == "Between" && items.len() == 2)
        );
        assert_eq!(fields[5].1.kind, Kind::Unit);
    }

    #[test]
    fn strings_escapes_raw_strings_comments_and_attributes() {
        assert_eq!(kind(r#""a\"b\n\u{e9}""#), Kind::Str("a\"b\né".into()));
        assert_eq!(
            kind(r###"r#"no "escape" \n"#"###),
            Kind::Str("no \"escape\" \\n".into())
        );
        assert_eq!(
            kind("#![enable(implicit_some)]\n// a comment\n/* a /* nested */ one */ [1]"),
            Kind::List(vec![Value {
                span: Span::new(65, 66),
                kind: Kind::Int(1)
            }])
        );
        assert_eq!(
            kind("Some(3)"),
            Kind::Option(Some(Box::new(Value {
                span: Span::new(5, 6),
                kind: Kind::Int(3)
            })))
        );
        assert_eq!(kind("0x1F"), Kind::Int(31));
        assert_eq!(kind("1_000"), Kind::Int(1000));
        assert_eq!(
            kind("99999999999999999999999999999999999999999999"),
            Kind::Int(i128::MAX)
        );
        assert_eq!(kind("1.5e2"), Kind::Float(150.0));
    }

    #[test]
    fn errors_say_what_was_expected_and_where() {
        let e = parse("Node(id: \"a\" next: 1)").expect_err("a missing comma");
        assert_eq!(e.message, "expected `,` or `)`, found `n`");
        assert_eq!(e.span, Some(Span::new(13, 14)));
        let e = parse("[1, 2").expect_err("unclosed");
        assert_eq!(e.message, "expected `,` or `]`, but the file ends");
        let e = parse("\"abc").expect_err("unclosed string");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("a string is not closed with `\"`", Some(Span::new(0, 1)))
        );
        let e = parse("(a: 1) x").expect_err("trailing");
        assert!(e.message.contains("more text after"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_with_a_message() {
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        let e = parse(&deep).expect_err("too deep");
        assert!(
            e.message.contains("nest more than 400 levels"),
            "{}",
            e.message
        );
        let fine = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(&fine).is_ok());
    }
}
