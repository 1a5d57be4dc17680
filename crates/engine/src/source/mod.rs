//! Reading scenario and campaign files: RON text into a tree of values that remembers where
//! each value stands, and a serde deserializer over that tree.
//!
//! The `ron` crate parses well but forgets positions once a value is read, so an error about
//! a node could only be located by searching the text for its id. Here every value keeps its
//! span, [`Spanned`] hands it to the format's types, and every diagnostic points at the very
//! thing it is about. The reader also accepts what authors' editors produce (a byte-order
//! mark), refuses nesting deep enough to exhaust the stack with its own message, and gives
//! format-specific types ([`crate::format`]) a way to tell a bare string from a variant.

mod de;
mod parse;

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::diagnostic::Diagnostic;

pub use de::Error;
pub use parse::{Kind, MAX_DEPTH, Value};

/// Files larger than this are refused before they are read: room for a generated scenario
/// of 15,000 nodes, with every offset well inside 32 bits.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The message for a file over [`MAX_FILE_BYTES`], with its real size.
pub fn too_large(size: u64) -> Diagnostic {
    Diagnostic::error(
        "",
        format!(
            "the file is {size} bytes ({}); files are limited to {}",
            human_size(size),
            human_size(MAX_FILE_BYTES as u64)
        ),
    )
}

/// Byte offsets into a file's text: `start..end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        // Files are at most 4 MiB, so offsets fit in 32 bits.
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Both offsets in one number, as the deserializer hands a span to [`Spanned`].
    pub(crate) fn pack(self) -> u64 {
        u64::from(self.start) << 32 | u64::from(self.end)
    }

    pub(crate) fn unpack(packed: u64) -> Span {
        Span {
            start: (packed >> 32) as u32,
            end: packed as u32,
        }
    }
}

/// A value as the file wrote it, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Span, value: T) -> Self {
        Spanned { span, value }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The struct name by which [`Spanned`] asks the deserializer for a value's span.
pub(crate) const SPANNED: &str = "$promoted::Spanned";
pub(crate) const SPANNED_FIELDS: [&str; 2] = ["$span", "$value"];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value with its place in the file")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                use serde::de::{Error as _, IgnoredAny};
                let packed: u64 = match map.next_key::<IgnoredAny>()? {
                    Some(_) => map.next_value()?,
                    None => return Err(A::Error::custom("a span")),
                };
                let value = match map.next_key::<IgnoredAny>()? {
                    Some(_) => map.next_value()?,
                    None => return Err(A::Error::custom("a spanned value")),
                };
                Ok(Spanned {
                    span: Span::unpack(packed),
                    value,
                })
            }
        }
        deserializer.deserialize_struct(SPANNED, &SPANNED_FIELDS, Visit(std::marker::PhantomData))
    }
}

/// A file's text, checked to be small enough and UTF-8, with the start of every line, so
/// that byte offsets turn into the line and column an editor shows.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    /// Byte offsets at which lines begin.
    lines: Vec<u32>,
    /// The bytes as they were given, for the fingerprint.
    fingerprint: u64,
}

impl Source {
    /// Check the bytes of a file and take its text. A UTF-8 byte-order mark is dropped.
    pub fn new(bytes: &[u8]) -> Result<Source, Diagnostic> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        let fingerprint = fingerprint(bytes);
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let column = valid
                    .rsplit(|&b| b == b'\n')
                    .next()
                    .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                    + 1;
                // Both fit in a `u32`: the file is at most 4 MiB.
                return Err(Diagnostic::error("", "the file is not UTF-8 text")
                    .at(line as u32, column as u32));
            }
        };
        let lines = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            )
            .collect();
        Ok(Source {
            text,
            lines,
            fingerprint,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// FNV-1a of the file's bytes: a saved run only resumes on the file it was made with.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The 1-based line and column of a byte offset; columns count characters.
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let line = self.lines.partition_point(|&start| start <= offset);
        let start = self.lines[line - 1] as usize;
        let column = self.text[start..offset as usize].chars().count() + 1;
        // Both fit: the text is at most 4 MiB.
        (line as u32, column as u32)
    }

    /// Fill in the line and column of a diagnostic that has a span.
    pub fn locate(&self, diagnostic: &mut Diagnostic) {
        if diagnostic.line.is_none()
            && let Some(span) = diagnostic.span
        {
            let (line, column) = self.line_column(span.start);
            diagnostic.line = Some(line);
            diagnostic.column = Some(column);
        }
    }

    /// The text of the line a diagnostic points at, for showing it beneath the message.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let line = line as usize;
        let start = *self.lines.get(line.checked_sub(1)?)? as usize;
        let end = self
            .lines
            .get(line)
            .map_or(self.text.len(), |&next| next as usize);
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// Read the whole text into a value tree, then into `T`.
    pub fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let value = parse::parse(&self.text).map_err(|e| self.diagnostic(e))?;
        T::deserialize(&value).map_err(|e| self.diagnostic(e))
    }

    fn diagnostic(&self, e: Error) -> Diagnostic {
        let mut d = Diagnostic::error("", e.message);
        d.span = e.span;
        self.locate(&mut d);
        d
    }
}

/// "1.2 MiB", "340 KiB".
fn human_size(bytes: u64) -> String {
    let kib = bytes as f64 / 1024.0;
    if kib >= 1024.0 {
        format!("{:.1} MiB", kib / 1024.0)
    } else {
        format!("{kib:.0} KiB")
    }
}

/// FNV-1a: small, stable across platforms and versions.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An id or other author's text as it may be printed: control characters escaped, so a file
/// cannot send codes to a terminal, and very long ones shortened.
pub fn shown(text: &str) -> String {
    const LONGEST: usize = 60;
    let mut out = String::with_capacity(text.len().min(LONGEST));
    for c in text.chars().take(LONGEST) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    let count = text.chars().count();
    if count > LONGEST {
        out.push_str(&format!("… ({count} characters)"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let source = Source::new("ab\n«é» x\n\nz".as_bytes()).expect("text");
        assert_eq!(source.line_column(0), (1, 1));
        assert_eq!(source.line_column(3), (2, 1));
        // "«é» " is four characters and seven bytes.
        assert_eq!(source.line_column(3 + 7), (2, 5));
        assert_eq!(source.line_column(13), (4, 1));
        assert_eq!(source.line_text(2), Some("«é» x"));
        assert_eq!(source.line_text(3), Some(""));
        assert_eq!(source.line_text(9), None);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_bad_bytes_are_located() {
        let source = Source::new(b"\xEF\xBB\xBF(a: 1)").expect("text");
        assert_eq!(source.text(), "(a: 1)");
        let e = Source::new(b"ok\nab\xFF").expect_err("not UTF-8");
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        let huge = vec![b' '; MAX_FILE_BYTES + 5];
        let e = Source::new(&huge).expect_err("too big");
        assert!(
            e.message
                .contains("4194309 bytes (4.0 MiB); files are limited to 4.0 MiB"),
            "{}",
            e.message
        );
    }

    #[test]
    fn shown_text_escapes_control_codes_and_shortens() {
        assert_eq!(shown("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        let long = "x".repeat(500);
        assert_eq!(
            shown(&long),
            format!("{}… (500 characters)", "x".repeat(60))
        );
    }

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
