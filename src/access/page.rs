//! What a screen says to assistive technology, as a plain model: headings, paragraphs, lists
//! and buttons in reading order. Built from the UI (see [`super::describe`]), written into the
//! page's DOM in the browser, and into AccessKit's nodes natively.

use std::fmt::Write;

/// One screen, as a screen reader reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// What just happened, announced politely when it changes (a decision's consequences).
    pub news: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// Items of a list, each a few blocks (a debrief's decisions, what is still to come).
    List(Vec<Vec<Block>>),
    Button(Control),
}

/// A button as the page offers it: activating it does what clicking the one on screen does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// The on-screen button's entity, as bits: what activating it names.
    pub id: u64,
    /// Its words, including why it is unavailable when it is.
    pub label: String,
    pub disabled: bool,
    /// For a toggle (a filter), whether it is on.
    pub pressed: Option<bool>,
    /// Where it is on screen in CSS pixels (left, top, width, height): a test taps there.
    pub rect: [i32; 4],
}

impl Page {
    /// A screen's first heading is its title (level 1) when it has no larger one, so a screen
    /// whose largest text is a card's title still has one.
    pub fn settle_headings(&mut self) {
        fn first_heading(blocks: &mut [Block]) -> Option<&mut u8> {
            for block in blocks {
                match block {
                    Block::Heading { level, .. } => return Some(level),
                    Block::List(items) => {
                        if let Some(level) = items.iter_mut().find_map(|i| first_heading(i)) {
                            return Some(level);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        if !self.headings().any(|(level, _)| level == 1)
            && let Some(level) = first_heading(&mut self.blocks)
        {
            *level = 1;
        }
    }

    /// Every heading, in reading order.
    pub fn headings(&self) -> impl Iterator<Item = (u8, &str)> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<(u8, &'a str)>) {
            for block in blocks {
                match block {
                    Block::Heading { level, text } => out.push((*level, text)),
                    Block::List(items) => items.iter().for_each(|item| walk(item, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out.into_iter()
    }

    /// Every button, in reading order.
    pub fn controls(&self) -> impl Iterator<Item = &Control> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Control>) {
            for block in blocks {
                match block {
                    Block::Button(control) => out.push(control),
                    Block::List(items) => items.iter().for_each(|item| walk(item, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out.into_iter()
    }

    /// The page as HTML, every text escaped; buttons carry their entity in `data-id`.
    pub fn html(&self) -> String {
        let mut out = String::new();
        write_blocks(&mut out, &self.blocks);
        out
    }
}

fn write_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 6);
                let _ = write!(out, "<h{level} tabindex=\"-1\">{}</h{level}>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = write!(out, "<p>{}</p>", escape(text));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    out.push_str("<li>");
                    write_blocks(out, item);
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
            Block::Button(control) => {
                let _ = write!(out, "<button type=\"button\" data-id=\"{}\"", control.id);
                if control.disabled {
                    out.push_str(" disabled");
                }
                if let Some(pressed) = control.pressed {
                    let _ = write!(out, " aria-pressed=\"{pressed}\"");
                }
                let [x, y, w, h] = control.rect;
                let _ = write!(out, " data-rect=\"{x},{y},{w},{h}\"");
                let _ = write!(out, ">{}</button>", escape(&control.label));
            }
        }
    }
}

/// Text made safe inside HTML elements and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A button's words from the texts inside it: a number badge reads "1." before the rest.
pub fn label(parts: &[String]) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
        let badge = i + 1 < parts.len() && part.chars().all(|c| c.is_ascii_digit());
        if badge {
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_text_and_marks_disabled_and_pressed_buttons() {
        let page = Page {
            blocks: vec![
                Block::Heading {
                    level: 1,
                    text: "Tom & \"Jerry\" <script>".into(),
                },
                Block::List(vec![vec![Block::Paragraph("one".into())]]),
                Block::Button(Control {
                    id: 42,
                    label: "2. Wait".into(),
                    disabled: true,
                    pressed: Some(false),
                    rect: [1, 2, 3, 4],
                }),
            ],
            news: String::new(),
        };
        assert_eq!(
            page.html(),
            "<h1 tabindex=\"-1\">Tom &amp; &quot;Jerry&quot; &lt;script&gt;</h1>\
             <ul><li><p>one</p></li></ul>\
             <button type=\"button\" data-id=\"42\" disabled aria-pressed=\"false\" data-rect=\"1,2,3,4\">2. Wait</button>"
        );
    }

    #[test]
    fn a_screen_without_a_top_heading_gets_its_first_heading_as_title() {
        let mut page = Page {
            blocks: vec![
                Block::Paragraph("x".into()),
                Block::Heading {
                    level: 2,
                    text: "The Cut".into(),
                },
                Block::Heading {
                    level: 2,
                    text: "Stakeholders".into(),
                },
            ],
            news: String::new(),
        };
        page.settle_headings();
        let levels: Vec<u8> = page.headings().map(|(l, _)| l).collect();
        assert_eq!(levels, [1, 2]);
    }

    #[test]
    fn a_badge_number_reads_as_a_number_before_the_choice() {
        let parts = ["3".to_owned(), "Tell her now".to_owned()];
        assert_eq!(label(&parts), "3. Tell her now");
        assert_eq!(label(&["Undo (U)".to_owned()]), "Undo (U)");
        assert_eq!(label(&["10".to_owned()]), "10");
    }
}
