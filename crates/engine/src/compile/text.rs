//! Texts: passages with conditions, and templates with live values.
//!
//! | token | shows |
//! |---|---|
//! | `{priya}` | her full name the first time a run names her, her short name after (format 2) |
//! | `{priya.full}` / `{priya.name}`, `{priya.short}` | her full or short name |
//! | `{priya.role}`, `{priya.trust}` | her role, her trust |
//! | `{morale}` | a meter's value |
//! | `{day}`, `{deadline}`, `{days_left}` | the clock |
//! | `{warned ? then | otherwise}`, `{!warned ? then}` | by a flag (format 2) |
//! | `{{`, `}}` | a brace |

use super::Compiler;
use crate::format::{PassageFile, TextFile};
use crate::model::text::{Passage, Segment};
use crate::model::{Condition, MeterId, NameForm, Text};
use crate::source::shown;

/// A control character other than a line break or a tab, described for a message.
pub(super) fn control_character(text: &str) -> Option<String> {
    text.chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        .map(|c| format!("control character {:?} in the text", c))
}

impl Compiler<'_> {
    /// Compile a text; `what` names it in messages ("text", "coach's note").
    pub(super) fn text(&mut self, place: &str, what: &str, file: &TextFile) -> Text {
        if !file.is_plain() {
            self.needs_v2(file.span, place, "a text of passages");
        }
        let mut passages = Vec::new();
        let mut any_words = false;
        for passage in &file.passages {
            let (when, sources): (Option<Condition>, Vec<(Option<bool>, &str)>) =
                match &passage.value {
                    PassageFile::Always(s) => (None, vec![(None, s.as_str())]),
                    PassageFile::If(c, s) => (
                        Some(self.condition(place, c)),
                        vec![(Some(true), s.as_str())],
                    ),
                    PassageFile::IfElse(c, s, otherwise) => (
                        Some(self.condition(place, c)),
                        vec![(Some(true), s.as_str()), (Some(false), otherwise.as_str())],
                    ),
                };
            for (polarity, source) in sources {
                any_words |= !source.trim().is_empty();
                if let Some(c) = control_character(source) {
                    self.error(passage.span, place, format!("{what}: {c}"));
                }
                let segments = match parse(source, self) {
                    Ok(segments) => segments,
                    Err(message) => {
                        self.error(passage.span, place, format!("{what}: {message}"));
                        vec![Segment::Literal(source.to_owned())]
                    }
                };
                let when = match (polarity, &when) {
                    (Some(false), Some(c)) => Some(Condition::Not(Box::new(c.clone()))),
                    (_, when) => when.clone(),
                };
                passages.push(Passage { when, segments });
            }
        }
        if !any_words {
            self.error(file.span, place, format!("empty {what}"));
        }
        let text = Text {
            passages,
            span: file.span,
        };
        self.check_printed_numbers(&text, place, what);
        text
    }

    /// Hidden meters show through what people do, never as a number; and people do not
    /// read meters' numbers aloud.
    fn check_printed_numbers(&mut self, text: &Text, place: &str, what: &str) {
        for m in text.printed_meters() {
            let meter = &self.file_meter_label(m);
            if let Some((label, false)) = meter {
                self.warning(
                    "hidden-meter-shown",
                    text.span,
                    place,
                    format!("the {what} prints the hidden meter `{label}`: let it show in what people do"),
                );
            }
        }
        for passage in &text.passages {
            if let Some(m) = literal_number_in_quotes(&passage.segments, &self.meter_words) {
                let label = self
                    .file_meter_label(MeterId::at(m))
                    .map_or_else(String::new, |(l, _)| l);
                self.warning(
                    "number-in-dialogue",
                    text.span,
                    place,
                    format!("someone says a number beside `{label}`: people speak in behaviour, not numbers"),
                );
                continue;
            }
            if let Some(m) = number_in_quotes(&passage.segments) {
                let label = self
                    .file_meter_label(m)
                    .map_or_else(String::new, |(l, _)| l);
                self.warning(
                    "number-in-dialogue",
                    text.span,
                    place,
                    format!("someone reads `{label}` aloud as a number: people speak in behaviour, not numbers"),
                );
            }
        }
    }

    /// A meter's label and whether it is visible (trust meters always are).
    fn file_meter_label(&self, m: MeterId) -> Option<(String, bool)> {
        let f = self.file;
        match f.meters.get(m.index()) {
            Some(meter) => Some((meter.label.value.clone(), meter.visible)),
            None => f
                .cast
                .get(m.index() - f.meters.len())
                .map(|s| (format!("{}'s trust", s.name.value), true)),
        }
    }

    fn resolve(&mut self, token: &str) -> Result<Segment, String> {
        let clock = |segment| {
            if self.file.clock.is_some() {
                Ok(segment)
            } else {
                Err(format!(
                    "`{{{token}}}` needs a `clock`, and the scenario has none"
                ))
            }
        };
        match token {
            "day" => return clock(Segment::Day),
            "deadline" => return clock(Segment::Deadline),
            "days_left" => return clock(Segment::DaysLeft),
            _ => {}
        }
        let (id, field) = match token.split_once('.') {
            Some((id, field)) => (id, Some(field)),
            None => (token, None),
        };
        if let Some(&who) = self.stakeholders.get(id) {
            return match field {
                None => Ok(Segment::Name(who, NameForm::Auto)),
                Some("name" | "full") => Ok(Segment::Name(who, NameForm::Full)),
                Some("short") if self.format >= 2 => Ok(Segment::Name(who, NameForm::Short)),
                Some("role") => Ok(Segment::Role(who)),
                Some("trust") => Ok(Segment::Value(self.stakeholder_trust(who))),
                Some(other) => Err(format!(
                    "`{{{}}}`: a stakeholder has `full`, `short`, `role` and `trust`, not `{}`",
                    shown(token),
                    shown(other)
                )),
            };
        }
        match (self.meters.get(id), field) {
            (Some(&m), None) => Ok(Segment::Value(m)),
            _ => Err(format!(
                "`{{{}}}` names no stakeholder, meter or clock value (write `{{{{` for a brace)",
                shown(token)
            )),
        }
    }
}

/// The template parser's cursor.
struct Template<'s> {
    text: &'s str,
    at: usize,
}

/// What stopped a run of segments inside `{flag ? .. | ..}`.
#[derive(PartialEq, Eq)]
enum Stop {
    End,
    Bar,
    Close,
}

fn parse(source: &str, compiler: &mut Compiler) -> Result<Vec<Segment>, String> {
    let mut template = Template {
        text: source,
        at: 0,
    };
    let (segments, _) = template.segments(compiler, false)?;
    Ok(segments)
}

impl Template<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn segments(
        &mut self,
        compiler: &mut Compiler,
        inline: bool,
    ) -> Result<(Vec<Segment>, Stop), String> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let stop = loop {
            match self.bump() {
                None if inline => return Err("a `{flag ? ..}` is not closed with `}`".to_owned()),
                None => break Stop::End,
                Some('{') if self.peek() == Some('{') => {
                    self.bump();
                    literal.push('{');
                }
                Some('}') if inline => break Stop::Close,
                Some('|') if inline => break Stop::Bar,
                Some('}') if self.peek() == Some('}') => {
                    self.bump();
                    literal.push('}');
                }
                Some('}') => return Err("a lone `}` (write `}}` for a brace)".to_owned()),
                Some('{') => {
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(self.token(compiler)?);
                }
                Some(c) => literal.push(c),
            }
        };
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok((segments, stop))
    }

    /// After `{`: a token up to `}`, or an inline choice `{flag ? then | otherwise}`.
    fn token(&mut self, compiler: &mut Compiler) -> Result<Segment, String> {
        let start = self.at;
        loop {
            match self.bump() {
                None => {
                    return Err(format!(
                        "`{{{}` is not closed with `}}`",
                        shown(&self.text[start..])
                    ));
                }
                Some('}') => {
                    let token = self.text[start..self.at - 1].trim();
                    return compiler.resolve(token);
                }
                Some('?') => {
                    let head = self.text[start..self.at - 1].trim();
                    return self.inline(compiler, head);
                }
                Some('{') => {
                    return Err(format!(
                        "`{{{}` has a `{{` inside it",
                        shown(&self.text[start..self.at - 1])
                    ));
                }
                Some(_) => {}
            }
        }
    }

    fn inline(&mut self, compiler: &mut Compiler, head: &str) -> Result<Segment, String> {
        if compiler.format < 2 {
            return Err("`{flag ? ..}` needs `format: 2`".to_owned());
        }
        let (negated, id) = match head.strip_prefix('!') {
            Some(id) => (true, id.trim()),
            None => (false, head),
        };
        let flag = compiler.flags.get(id).copied().ok_or_else(|| {
            crate::diagnostic::unknown(
                "flag",
                id,
                compiler.file.flags.iter().map(|f| f.id.value.as_str()),
            ) + " in `{flag ? ..}`"
        })?;
        let (then, stop) = self.segments(compiler, true)?;
        let otherwise = match stop {
            Stop::Bar => {
                let (otherwise, stop) = self.segments(compiler, true)?;
                if stop != Stop::Close {
                    return Err("`{flag ? then | otherwise}` takes one `|`".to_owned());
                }
                otherwise
            }
            _ => Vec::new(),
        };
        Ok(Segment::Inline {
            flag,
            negated,
            then: trimmed(then),
            otherwise: trimmed(otherwise),
        })
    }
}

/// A branch without the spaces around `?` and `|`.
fn trimmed(mut segments: Vec<Segment>) -> Vec<Segment> {
    if let Some(Segment::Literal(first)) = segments.first_mut() {
        *first = first.trim_start().to_owned();
    }
    if let Some(Segment::Literal(last)) = segments.last_mut() {
        *last = last.trim_end().to_owned();
    }
    segments.retain(|s| !matches!(s, Segment::Literal(l) if l.is_empty()));
    segments
}

/// A meter's value printed inside quoted speech: ‘…’, “…”, "…" or '…'.
/// Where speech opens and closes in a text, by its quotation marks.
#[derive(Default)]
struct Quotes {
    curly_single: bool,
    curly_double: bool,
    straight_single: bool,
    straight_double: bool,
}

impl Quotes {
    fn open(&self) -> bool {
        self.curly_single || self.curly_double || self.straight_single || self.straight_double
    }

    /// Read one character, knowing its neighbours.
    fn read(&mut self, c: char, letter_before: bool, letter_after: bool) {
        match c {
            '‘' => self.curly_single = true,
            // ’ between letters is an apostrophe (isn’t), not the end of speech.
            '’' if !(letter_before && letter_after) => self.curly_single = false,
            '“' => self.curly_double = true,
            '”' => self.curly_double = false,
            '"' => self.straight_double = !self.straight_double,
            '\'' if self.straight_single && !letter_after => self.straight_single = false,
            '\'' if !self.straight_single && !letter_before && letter_after => {
                self.straight_single = true
            }
            _ => {}
        }
    }
}

/// Walk a passage's literal text, calling `each` with every character and whether it is
/// inside speech; a value or name counts as a word.
fn walk_quotes(segments: &[Segment], mut each: impl FnMut(Option<char>, &Segment, bool) -> bool) {
    let mut q = Quotes::default();
    let mut previous: Option<char> = None;
    for segment in segments {
        match segment {
            Segment::Literal(text) => {
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    let letter_before = previous.is_some_and(char::is_alphanumeric);
                    let letter_after = chars.peek().is_some_and(|c| c.is_alphanumeric());
                    q.read(c, letter_before, letter_after);
                    if !each(Some(c), segment, q.open()) {
                        return;
                    }
                    previous = Some(c);
                }
            }
            other => {
                if !each(None, other, q.open()) {
                    return;
                }
                previous = Some('x');
            }
        }
    }
}

/// A meter's value printed inside speech.
fn number_in_quotes(segments: &[Segment]) -> Option<MeterId> {
    if !segments.iter().any(|s| matches!(s, Segment::Value(_))) {
        return None;
    }
    let mut found = None;
    walk_quotes(segments, |_, segment, open| {
        if let (Segment::Value(m), true) = (segment, open) {
            found = Some(*m);
        }
        found.is_none()
    });
    found
}

/// The words that name each meter in speech, in meter order (trust meters last): a one-word
/// label, or the last word of a longer one ("impact" for "Customer impact"), and "trust" for
/// a stakeholder's trust.
pub(super) fn meter_words(file: &crate::format::ScenarioFile) -> Vec<Vec<String>> {
    let declared = file.meters.iter().map(|m| {
        let label = m.label.value.to_lowercase();
        let last = label
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_owned();
        vec![last, m.id.value.to_lowercase()]
    });
    let trust = file.cast.iter().map(|_| vec!["trust".to_owned()]);
    declared.chain(trust).collect()
}

/// A number written out in speech beside a meter's name ("Delivery's at 57"): `names` are
/// each meter's words to look for, lowercase. Gives the index into `names`.
fn literal_number_in_quotes(segments: &[Segment], names: &[Vec<String>]) -> Option<usize> {
    // Most passages have no digits, or no speech: nothing to look at.
    let literal = |f: fn(char) -> bool| {
        segments.iter().any(|s| match s {
            Segment::Literal(t) => t.chars().any(f),
            _ => false,
        })
    };
    if !literal(|c| c.is_ascii_digit()) || !literal(|c| matches!(c, '‘' | '“' | '"' | '\'')) {
        return None;
    }
    let mut speeches: Vec<String> = Vec::new();
    let mut was_open = false;
    walk_quotes(segments, |c, _, open| {
        if open && !was_open {
            speeches.push(String::new());
        }
        if let (true, Some(c), Some(speech)) = (open, c, speeches.last_mut()) {
            speech.push(c);
        }
        was_open = open;
        true
    });
    const NEAR: usize = 6;
    for speech in &speeches {
        let words: Vec<String> = speech
            .split(|c: char| !(c.is_alphanumeric() || c == '%'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for (i, w) in words.iter().enumerate() {
            if !w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            let around = &words[i.saturating_sub(NEAR)..(i + NEAR + 1).min(words.len())];
            if let Some(m) = names
                .iter()
                .position(|name| name.iter().any(|n| around.contains(n)))
            {
                return Some(m);
            }
        }
    }
    None
}
