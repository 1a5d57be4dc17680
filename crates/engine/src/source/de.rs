//! A serde deserializer over a [`Value`] tree. Errors carry the span of the value they are
//! about: a wrong type at the value, an unknown field at its name, a missing field at the
//! struct that lacks it.
//!
//! Named values (`Ident`, `Ident(..)`) are offered to `deserialize_any` as enum variants,
//! so a format type can accept either a bare string or a variant in the same place.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

use super::parse::{Ident, Kind, Value};
use super::{SPANNED, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub span: Option<Span>,
}

impl Error {
    pub fn at(span: Span, message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            span: Some(span),
        }
    }

    /// Give the error a place if it has none yet: the innermost value that saw it.
    fn within(mut self, span: Span) -> Error {
        self.span.get_or_insert(span);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            message: message.to_string(),
            span: None,
        }
    }
}

type Result<T> = std::result::Result<T, Error>;

impl Value {
    fn wrong(&self, expected: &str) -> Error {
        Error::at(
            self.span,
            format!("expected {expected}, found {}", self.kind.describe()),
        )
    }

    fn integer<T: TryFrom<i128>>(&self, what: &str, min: i128, max: i128) -> Result<T> {
        match self.kind {
            Kind::Int(n) => T::try_from(n).map_err(|_| {
                Error::at(
                    self.span,
                    format!("{n} is out of range: {what} is a whole number from {min} to {max}"),
                )
            }),
            _ => Err(self.wrong("a whole number")),
        }
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let n: $t = self.integer(
                "this",
                i128::from(<$t>::MIN),
                i128::from(<$t>::MAX),
            )?;
            visitor.$visit::<Error>(n).map_err(|e| e.within(self.span))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &'de Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match &self.kind {
            Kind::Bool(b) => visitor.visit_bool::<Error>(*b),
            Kind::Int(n) => match (i64::try_from(*n), u64::try_from(*n)) {
                (Ok(n), _) => visitor.visit_i64::<Error>(n),
                (_, Ok(n)) => visitor.visit_u64::<Error>(n),
                _ => visitor.visit_i128::<Error>(*n),
            },
            Kind::Float(x) => visitor.visit_f64::<Error>(*x),
            Kind::Str(s) => visitor.visit_borrowed_str::<Error>(s),
            Kind::Char(c) => visitor.visit_char::<Error>(*c),
            Kind::Unit => visitor.visit_unit::<Error>(),
            Kind::Option(None) => visitor.visit_none::<Error>(),
            Kind::Option(Some(inner)) => visitor.visit_some(&**inner),
            Kind::List(items) | Kind::Tuple(None, items) => visitor.visit_seq(Seq::new(items)),
            Kind::Map(entries) => visitor.visit_map(Map::new(entries)),
            Kind::Struct(None, fields) => visitor.visit_map(Fields::new(fields)),
            Kind::Ident(_) | Kind::Tuple(Some(_), _) | Kind::Struct(Some(_), _) => {
                visitor.visit_enum(Variant(self))
            }
        };
        result.map_err(|e| e.within(self.span))
    }

    integers!(
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Bool(b) => visitor
                .visit_bool::<Error>(b)
                .map_err(|e| e.within(self.span)),
            _ => Err(self.wrong("`true` or `false`")),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Float(x) => visitor.visit_f64::<Error>(x),
            Kind::Int(n) => visitor.visit_f64::<Error>(n as f64),
            _ => Err(self.wrong("a number")),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Char(c) => visitor
                .visit_char::<Error>(c)
                .map_err(|e| e.within(self.span)),
            _ => Err(self.wrong("a character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Kind::Str(s) => visitor
                .visit_borrowed_str::<Error>(s)
                .map_err(|e| e.within(self.span)),
            _ => Err(self.wrong("a string in quotes")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.wrong("bytes"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.wrong("bytes"))
    }

    /// Optional fields need no `Some(..)`: a value stands for itself.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Kind::Option(None) => visitor.visit_none::<Error>(),
            Kind::Option(Some(inner)) => visitor.visit_some(&**inner),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Unit => visitor.visit_unit::<Error>(),
            _ => Err(self.wrong("`()`")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match self.kind {
            Kind::Unit | Kind::Ident(_) => visitor.visit_unit::<Error>(),
            _ => Err(self.wrong("`()`")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match &self.kind {
            // `Name(value)` for a newtype written with its name.
            Kind::Tuple(Some(_), items) if items.len() == 1 => {
                visitor.visit_newtype_struct(&items[0])
            }
            _ => visitor.visit_newtype_struct(self),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Kind::List(items) | Kind::Tuple(None, items) => {
                let len = items.len();
                let mut seq = Seq::new(items);
                let value = visitor.visit_seq(&mut seq)?;
                seq.end(len).map(|()| value)
            }
            _ => Err(self.wrong("a list `[..]`")),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Kind::Tuple(_, items) | Kind::List(items) => {
                if items.len() != len {
                    return Err(Error::at(
                        self.span,
                        format!("expected {len} values in `( .. )`, found {}", items.len()),
                    ));
                }
                visitor.visit_seq(Seq::new(items))
            }
            _ => Err(self.wrong(&format!("{len} values in `( .. )`"))),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Kind::Map(entries) => visitor.visit_map(Map::new(entries)),
            _ => Err(self.wrong("a map `{..}`")),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if name == SPANNED {
            return visitor.visit_map(SpanOf {
                value: self,
                step: 0,
            });
        }
        match &self.kind {
            Kind::Struct(written, entries) => {
                if let Some(written) = written
                    && written.name != name
                {
                    return Err(Error::at(
                        written.span,
                        format!(
                            "expected `{name}(..)`, found `{}(..)`",
                            super::shown(&written.name)
                        ),
                    ));
                }
                visitor.visit_map(Fields::new(entries))
            }
            // `Name()` with no fields, where every field is optional.
            Kind::Tuple(Some(written), items) if items.is_empty() && written.name == name => {
                visitor.visit_map(Fields::new(&[]))
            }
            Kind::Unit if fields.is_empty() => visitor.visit_map(Fields::new(&[])),
            _ => Err(self.wrong(&format!("`{name}(..)` with named fields"))),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match &self.kind {
            Kind::Ident(_) | Kind::Tuple(Some(_), _) | Kind::Struct(Some(_), _) => {
                visitor.visit_enum(Variant(self))
            }
            _ => Err(self.wrong("a name such as `Add(5)` or `Excellent`")),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Kind::Ident(ident) => visitor.visit_str::<Error>(&ident.name),
            Kind::Str(s) => visitor.visit_str::<Error>(s),
            _ => Err(self.wrong("a name")),
        }
        .map_err(|e| e.within(self.span))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit::<Error>()
    }
}

/// The items of a list or tuple.
struct Seq<'de> {
    items: std::slice::Iter<'de, Value>,
    taken: usize,
}

impl<'de> Seq<'de> {
    fn new(items: &'de [Value]) -> Self {
        Seq {
            items: items.iter(),
            taken: 0,
        }
    }

    fn end(self, len: usize) -> Result<()> {
        match self.items.as_slice().first() {
            None => Ok(()),
            Some(extra) => Err(Error::at(
                extra.span,
                format!("expected {} values, found {len}", self.taken),
            )),
        }
    }
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.items.next() {
            Some(item) => {
                self.taken += 1;
                seed.deserialize(item)
                    .map(Some)
                    .map_err(|e| e.within(item.span))
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a map `{key: value}`.
struct Map<'de> {
    entries: std::slice::Iter<'de, (Value, Value)>,
    value: Option<&'de Value>,
}

impl<'de> Map<'de> {
    fn new(entries: &'de [(Value, Value)]) -> Self {
        Map {
            entries: entries.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key)
                    .map(Some)
                    .map_err(|e| e.within(key.span))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.value.take() {
            Some(value) => seed.deserialize(value).map_err(|e| e.within(value.span)),
            None => Err(de::Error::custom("a map value without its key")),
        }
    }
}

/// The fields of a struct `(field: value)`, keyed by name.
struct Fields<'de> {
    fields: std::slice::Iter<'de, (Ident, Value)>,
    value: Option<&'de Value>,
}

impl<'de> Fields<'de> {
    fn new(fields: &'de [(Ident, Value)]) -> Self {
        Fields {
            fields: fields.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.fields.next() {
            Some((name, value)) => {
                self.value = Some(value);
                seed.deserialize(name.name.as_str().into_deserializer())
                    .map(Some)
                    .map_err(|e: Error| e.within(name.span))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.value.take() {
            Some(value) => seed.deserialize(value).map_err(|e| e.within(value.span)),
            None => Err(de::Error::custom("a field value without its name")),
        }
    }
}

/// What [`super::Spanned`] reads: the span, then the value itself.
struct SpanOf<'de> {
    value: &'de Value,
    step: u8,
}

impl<'de> MapAccess<'de> for SpanOf<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.step {
            0 => seed
                .deserialize(super::SPANNED_FIELDS[0].into_deserializer())
                .map(Some),
            1 => seed
                .deserialize(super::SPANNED_FIELDS[1].into_deserializer())
                .map(Some),
            _ => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.step += 1;
        if self.step == 1 {
            seed.deserialize(self.value.span.pack().into_deserializer())
        } else {
            seed.deserialize(self.value)
        }
    }
}

/// A named value read as an enum variant.
struct Variant<'de>(&'de Value);

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        let name = match &self.0.kind {
            Kind::Ident(name) | Kind::Tuple(Some(name), _) | Kind::Struct(Some(name), _) => name,
            _ => return Err(self.0.wrong("a name")),
        };
        let variant = seed
            .deserialize(name.name.as_str().into_deserializer())
            .map_err(|e: Error| e.within(name.span))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        match &self.0.kind {
            Kind::Ident(_) => Ok(()),
            Kind::Tuple(Some(name), items) if items.is_empty() => {
                let _ = name;
                Ok(())
            }
            _ => Err(Error::at(
                self.0.span,
                format!("{} takes nothing in parentheses", self.0.kind.describe()),
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        match &self.0.kind {
            Kind::Tuple(Some(_), items) if items.len() == 1 => seed
                .deserialize(&items[0])
                .map_err(|e| e.within(items[0].span)),
            Kind::Tuple(Some(name), items) => Err(Error::at(
                self.0.span,
                format!(
                    "`{}` takes one value in parentheses, not {}",
                    super::shown(&name.name),
                    items.len()
                ),
            )),
            // `Variant(field: ..)`: the variant wraps a struct written inline.
            Kind::Struct(Some(_), _) => seed.deserialize(self.0),
            _ => Err(Error::at(
                self.0.span,
                format!("{} needs a value in parentheses", self.0.kind.describe()),
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        match &self.0.kind {
            Kind::Tuple(Some(name), items) => {
                if items.len() != len {
                    return Err(Error::at(
                        self.0.span,
                        format!(
                            "`{}` takes {len} values in parentheses, not {}",
                            super::shown(&name.name),
                            items.len()
                        ),
                    ));
                }
                visitor.visit_seq(Seq::new(items))
            }
            _ => Err(Error::at(
                self.0.span,
                format!(
                    "{} needs {len} values in parentheses",
                    self.0.kind.describe()
                ),
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match &self.0.kind {
            Kind::Struct(Some(_), fields) => visitor.visit_map(Fields::new(fields)),
            _ => Err(Error::at(
                self.0.span,
                format!(
                    "{} needs named fields in parentheses",
                    self.0.kind.describe()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::super::parse::parse;
    use super::super::{Span, Spanned};
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename = "Thing")]
    struct Thing {
        id: Spanned<String>,
        #[serde(default)]
        count: Option<u32>,
        op: Op,
        list: Vec<i32>,
        #[serde(default)]
        unit: Option<Rating>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Op {
        Add(i32),
        Between(i32, i32),
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Rating {
        Good,
    }

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> std::result::Result<T, Error> {
        let value = parse(text)?;
        T::deserialize(&value)
    }

    #[test]
    fn reads_structs_with_spans_implicit_some_and_variants() {
        let t: Thing =
            read(r#"Thing(id: "a", count: 3, op: Between(1, 2), list: [1, -1], unit: Good)"#)
                .expect("reads");
        assert_eq!(t.id.span, Span::new(10, 13));
        assert_eq!(t.id.value, "a");
        assert_eq!(t.count, Some(3));
        assert_eq!(t.op, Op::Between(1, 2));
        assert_eq!(t.unit, Some(Rating::Good));
        let t: Thing = read(r#"(id: "b", op: Add(-4), list: [])"#).expect("unnamed struct");
        assert_eq!((t.op, t.count), (Op::Add(-4), None));
    }

    #[test]
    fn errors_point_at_what_is_wrong() {
        let e = read::<Thing>(r#"Thing(id: "a", op: Add(1), list: [], colour: 1)"#)
            .expect_err("unknown field");
        assert!(
            e.message.starts_with("unknown field `colour`"),
            "{}",
            e.message
        );
        assert_eq!(e.span, Some(Span::new(37, 43)));
        let e = read::<Thing>(r#"Thing(id: "a", op: Add(1))"#).expect_err("missing field");
        assert_eq!(e.message, "missing field `list`");
        assert_eq!(e.span, Some(Span::new(0, 26)));
        let e = read::<Thing>(r#"Thing(id: 4, op: Add(1), list: [])"#).expect_err("wrong type");
        assert_eq!(e.message, "expected a string in quotes, found the number 4");
        assert_eq!(e.span, Some(Span::new(10, 11)));
        let e = read::<Thing>(r#"Thing(id: "a", count: 4294967296, op: Add(1), list: [])"#)
            .expect_err("range");
        assert_eq!(
            e.message,
            "4294967296 is out of range: this is a whole number from 0 to 4294967295"
        );
        let e = read::<Thing>(r#"Thing(id: "a", op: Ad(1), list: [])"#).expect_err("variant");
        assert!(
            e.message.starts_with("unknown variant `Ad`"),
            "{}",
            e.message
        );
        assert_eq!(e.span, Some(Span::new(19, 21)));
        let e = read::<Thing>(r#"Thing(id: "a", op: Between(1), list: [])"#).expect_err("arity");
        assert_eq!(e.message, "`Between` takes 2 values in parentheses, not 1");
        let e = read::<Thing>(r#"Thingy(id: "a", op: Add(1), list: [])"#).expect_err("name");
        assert_eq!(e.message, "expected `Thing(..)`, found `Thingy(..)`");
    }
}
