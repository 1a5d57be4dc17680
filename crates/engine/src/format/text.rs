//! The two places where a file may write either a plain value or a richer form: texts (a
//! string, or a list of passages, some shown only when a condition holds) and outcome
//! weights (a number, or an expression of the state).

use std::fmt;

use serde::de::value::{EnumAccessDeserializer, SeqAccessDeserializer};
use serde::de::{EnumAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{ConditionFile, QuantityFile};
use crate::source::{Span, Spanned};

/// A text as written: one string, or passages.
///
/// ```ron
/// text: "Priya is at your desk.",
/// text: [
///     "Priya is at your desk.",
///     If(Flag("warned"), "She has your note open on her phone."),
///     IfElse(Trust("priya", AtLeast(60)), "She smiles.", "She does not smile."),
/// ],
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TextFile {
    pub span: Span,
    pub passages: Vec<Spanned<PassageFile>>,
    /// Written as a list `[..]`, which only format 2 reads.
    pub listed: bool,
}

/// One passage of a text.
#[derive(Debug, Clone, PartialEq)]
pub enum PassageFile {
    Always(String),
    If(Spanned<ConditionFile>, String),
    IfElse(Spanned<ConditionFile>, String, String),
}

impl TextFile {
    /// Whether it is a plain string, all a version 1 file may write.
    pub fn is_plain(&self) -> bool {
        !self.listed
    }
}

/// The conditional passages, as a derived enum the custom readers below hand variants to.
#[derive(Deserialize)]
enum ConditionalPassage {
    If(Spanned<ConditionFile>, String),
    IfElse(Spanned<ConditionFile>, String, String),
}

impl<'de> Deserialize<'de> for PassageFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Passage;
        impl<'de> Visitor<'de> for Passage {
            type Value = PassageFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or `If(condition, \"text\")`, or `IfElse(condition, \"text\", \"otherwise\")`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PassageFile, E> {
                Ok(PassageFile::Always(s.to_owned()))
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<PassageFile, A::Error> {
                Ok(
                    match ConditionalPassage::deserialize(EnumAccessDeserializer::new(data))? {
                        ConditionalPassage::If(c, t) => PassageFile::If(c, t),
                        ConditionalPassage::IfElse(c, t, e) => PassageFile::IfElse(c, t, e),
                    },
                )
            }
        }
        deserializer.deserialize_any(Passage)
    }
}

/// A text before its span is known: a string or a list of passages (`true`).
struct Passages(Vec<Spanned<PassageFile>>, bool);

impl<'de> Deserialize<'de> for Passages {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Passages;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string in quotes, or a list of passages `[..]`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Passages, E> {
                Ok(Passages(
                    vec![Spanned::new(
                        Span::default(),
                        PassageFile::Always(s.to_owned()),
                    )],
                    false,
                ))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Passages, A::Error> {
                Vec::<Spanned<PassageFile>>::deserialize(SeqAccessDeserializer::new(seq))
                    .map(|passages| Passages(passages, true))
            }
        }
        deserializer.deserialize_any(Text)
    }
}

impl<'de> Deserialize<'de> for TextFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Spanned {
            span,
            value: Passages(mut passages, listed),
        } = Spanned::<Passages>::deserialize(deserializer)?;
        // A plain string is one passage spanning the whole text.
        if !listed && let [only] = passages.as_mut_slice() {
            only.span = span;
        }
        Ok(TextFile {
            span,
            passages,
            listed,
        })
    }
}

/// An outcome's weight: a whole number, or an expression of the state when the dice fall.
///
/// ```ron
/// weight: 3,
/// weight: IfElse(Trust("cfo", AtLeast(60)), 4, 1),
/// weight: Trust("cfo"),             // her trust, counted from the meter's minimum
/// weight: Headroom(Trust("cfo")),   // what her trust lacks to its maximum
/// weight: Sum([Trust("cfo"), 10]),
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum WeightFile {
    Fixed(u32),
    Meter(String),
    Trust(String),
    Headroom(QuantityFile),
    IfElse(
        Spanned<ConditionFile>,
        Box<Spanned<WeightFile>>,
        Box<Spanned<WeightFile>>,
    ),
    Sum(Vec<Spanned<WeightFile>>),
}

#[derive(Deserialize)]
enum WeightExpression {
    Meter(String),
    Trust(String),
    Headroom(QuantityFile),
    IfElse(
        Spanned<ConditionFile>,
        Box<Spanned<WeightFile>>,
        Box<Spanned<WeightFile>>,
    ),
    Sum(Vec<Spanned<WeightFile>>),
}

impl<'de> Deserialize<'de> for WeightFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Weight;
        impl<'de> Visitor<'de> for Weight {
            type Value = WeightFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number, or a weight such as `IfElse(condition, 3, 1)`")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<WeightFile, E> {
                u32::try_from(n)
                    .map(WeightFile::Fixed)
                    .map_err(|_| E::custom(format!("a weight of {n} is far too large")))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<WeightFile, E> {
                match u64::try_from(n) {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(E::custom(format!("a weight is 0 or more, not {n}"))),
                }
            }
            fn visit_i128<E: serde::de::Error>(self, n: i128) -> Result<WeightFile, E> {
                Err(E::custom(format!("a weight of {n} is far too large")))
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<WeightFile, A::Error> {
                Ok(
                    match WeightExpression::deserialize(EnumAccessDeserializer::new(data))? {
                        WeightExpression::Meter(id) => WeightFile::Meter(id),
                        WeightExpression::Trust(id) => WeightFile::Trust(id),
                        WeightExpression::Headroom(q) => WeightFile::Headroom(q),
                        WeightExpression::IfElse(c, a, b) => WeightFile::IfElse(c, a, b),
                        WeightExpression::Sum(parts) => WeightFile::Sum(parts),
                    },
                )
            }
        }
        deserializer.deserialize_any(Weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        Source::new(text.as_bytes())
            .and_then(|s| s.read())
            .map_err(|d| d.message)
    }

    #[test]
    fn a_text_is_a_string_or_passages() {
        let t: TextFile = read(r#""Plain.""#).expect("a string");
        assert!(t.is_plain());
        assert_eq!(t.passages[0].span, Span::new(0, 8));
        let t: TextFile =
            read(r#"["First.", If(Flag("a"), "Then."), IfElse(Not(Flag("b")), "Yes.", "No.")]"#)
                .expect("passages");
        assert_eq!(t.passages.len(), 3);
        assert!(
            matches!(&t.passages[1].value, PassageFile::If(c, s) if s == "Then." && c.value == ConditionFile::Flag("a".into()))
        );
        assert!(
            matches!(&t.passages[2].value, PassageFile::IfElse(_, a, b) if a == "Yes." && b == "No.")
        );
        assert_eq!(t.passages[1].span, Span::new(11, 33));
        let e = read::<TextFile>(r#"["ok", Iff(Flag("a"), "x")]"#).expect_err("a typo");
        assert!(e.starts_with("unknown variant `Iff`"), "{e}");
        let e = read::<TextFile>("4").expect_err("a number");
        assert!(
            e.contains("a string in quotes, or a list of passages"),
            "{e}"
        );
    }

    #[test]
    fn a_weight_is_a_number_or_an_expression() {
        assert_eq!(read::<WeightFile>("3"), Ok(WeightFile::Fixed(3)));
        assert_eq!(
            read::<WeightFile>(r#"Trust("cfo")"#),
            Ok(WeightFile::Trust("cfo".into()))
        );
        let w: WeightFile = read(r#"IfElse(Flag("x"), 4, Sum([1, Meter("m")]))"#).expect("reads");
        assert!(
            matches!(w, WeightFile::IfElse(_, a, b) if a.value == WeightFile::Fixed(4) && matches!(b.value, WeightFile::Sum(_)))
        );
        assert_eq!(
            read::<WeightFile>("-2"),
            Err("a weight is 0 or more, not -2".into())
        );
    }
}
