//! A small pull reader over quick-xml shared by the GPX and TCX importers:
//! element names without namespace prefixes, the text of each element when
//! it closes, and a problem instead of an error when the file breaks off,
//! placed by its line.
//! [`walk`] runs the pull loop both importers share (root check, early end)
//! and hands each element to the format's [`Handler`].

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::Reader;

/// The file as text: UTF-16 when it starts with a UTF-16 byte order
/// mark, otherwise UTF-8 or, failing that, Latin-1; without a BOM.
pub fn source_text(bytes: &[u8]) -> Cow<'_, str> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Cow::Owned(
            encoding_rs::UTF_16LE
                .decode_with_bom_removal(bytes)
                .0
                .into_owned(),
        );
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Cow::Owned(
            encoding_rs::UTF_16BE
                .decode_with_bom_removal(bytes)
                .0
                .into_owned(),
        );
    }
    match crate::import::open::decode_text(bytes) {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim_start_matches('\u{feff}')),
        Cow::Owned(text) => Cow::Owned(text.trim_start_matches('\u{feff}').to_string()),
    }
}

/// What a format's reader does with the elements as the walk meets them.
/// `parent` is the element around the one opening or closing.
pub trait Handler {
    fn open(&mut self, name: &str, attributes: &[(String, String)], parent: Option<&str>);
    /// `text` is the text directly inside the element; `line` is the line
    /// the element ends on.
    fn close(&mut self, name: &str, text: &str, parent: Option<&str>, line: u64);
}

/// Walks the whole file, handing every element to `handler`, for a format
/// whose root element is `root`.
///
/// `Ok(None)` when the file ends cleanly; `Ok(Some(problem))` when it breaks
/// off or goes wrong after the root opened, what came before having been
/// handled. `Err(why)` when it is not of the format at all: another root,
/// no root, or broken before the root.
pub fn walk(
    text: &str,
    root: &str,
    handler: &mut impl Handler,
) -> std::result::Result<Option<String>, String> {
    let mut walker = Walker::new(text);
    let broken = loop {
        match walker.next_step() {
            Step::Open { name, attributes } => {
                if walker.depth() == 1 && name != root {
                    return Err(format!("the root element is <{name}>"));
                }
                handler.open(&name, &attributes, walker.parent());
            }
            Step::Close { name, text } => {
                let line = walker.line();
                handler.close(&name, &text, walker.parent(), line);
            }
            Step::End => break None,
            Step::Broken(problem) if !walker.saw_root() => return Err(problem),
            Step::Broken(problem) => break Some(problem),
        }
    };
    if !walker.saw_root() {
        return Err(format!("no <{root}> element"));
    }
    Ok(broken)
}

/// The value of the first attribute called `key`.
pub fn attribute<'a>(attributes: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value.as_str())
}

/// What happened next in the file.
#[derive(Debug)]
pub enum Step {
    /// An element opened (an empty element opens and then closes).
    Open {
        name: String,
        attributes: Vec<(String, String)>,
    },
    /// An element closed, with the text directly inside it.
    Close { name: String, text: String },
    /// The file ended cleanly.
    End,
    /// The file ends early or is not well-formed; what and where.
    Broken(String),
}

pub struct Walker<'a> {
    reader: Reader<&'a [u8]>,
    /// Where problems are, as line numbers.
    lines: Lines<'a>,
    /// Names of the open elements, outermost first.
    path: Vec<String>,
    text: String,
    /// An empty element opened and still to be closed.
    pending_close: Option<String>,
    /// The last step opened an element (which is on `path`).
    just_opened: bool,
    /// Bytes of text, to tell a file cut short from a broken one.
    length: u64,
    saw_root: bool,
}

impl<'a> Walker<'a> {
    pub fn new(text: &'a str) -> Walker<'a> {
        Walker {
            reader: Reader::from_str(text),
            lines: Lines::new(text),
            path: Vec::new(),
            text: String::new(),
            pending_close: None,
            just_opened: false,
            length: text.len() as u64,
            saw_root: false,
        }
    }

    /// How many elements are open, counting the one just opened.
    pub fn depth(&self) -> usize {
        self.path.len()
    }

    /// The element around the one just opened or closed.
    pub fn parent(&self) -> Option<&str> {
        let open = self.path.len();
        let at = if self.just_opened {
            open.checked_sub(2)
        } else {
            open.checked_sub(1)
        };
        at.and_then(|i| self.path.get(i)).map(String::as_str)
    }

    /// The line the last step ended on.
    pub fn line(&mut self) -> u64 {
        self.lines.line_at(self.reader.buffer_position()).0
    }

    /// A root element has been seen.
    pub fn saw_root(&self) -> bool {
        self.saw_root
    }

    pub fn next_step(&mut self) -> Step {
        if let Some(name) = self.pending_close.take() {
            self.just_opened = false;
            self.path.pop();
            return Step::Close {
                name,
                text: String::new(),
            };
        }
        loop {
            let event = match self.reader.read_event() {
                Ok(event) => event,
                // Cut inside a tag: say so in words, not in the parser's.
                Err(_) if self.reader.buffer_position() >= self.length => {
                    return self.ends_early();
                }
                Err(error) => {
                    let offset = self.reader.error_position();
                    let at = self.lines.place(offset, offset);
                    return Step::Broken(format!("{error} at {at}"));
                }
            };
            match event {
                Event::Start(start) => {
                    return self.open(&start, false);
                }
                Event::Empty(start) => {
                    return self.open(&start, true);
                }
                Event::End(_) => {
                    self.just_opened = false;
                    let name = self.path.pop().unwrap_or_default();
                    return Step::Close {
                        name,
                        text: std::mem::take(&mut self.text),
                    };
                }
                Event::Text(text) => self.text.push_str(&text.xml10_content()),
                Event::CData(data) => self.text.push_str(&data.xml10_content()),
                Event::GeneralRef(reference) => {
                    if let Ok(Some(c)) = reference.resolve_char_ref() {
                        self.text.push(c);
                    } else if let Some(c) = predefined_entity(&reference) {
                        self.text.push(c);
                    }
                }
                Event::Eof if self.path.is_empty() => return Step::End,
                Event::Eof => return self.ends_early(),
                _ => {}
            }
        }
    }

    fn ends_early(&mut self) -> Step {
        // The line of the last byte; the byte count is the file's length.
        let at = self.lines.place(self.length.saturating_sub(1), self.length);
        Step::Broken(format!(
            "the file ends inside <{}> at {at}",
            self.path.last().map_or("", String::as_str),
        ))
    }

    fn open(&mut self, start: &quick_xml::events::BytesStart<'_>, empty: bool) -> Step {
        let name = start.local_name().as_ref().to_string();
        let attributes = start
            .attributes()
            .flatten()
            .filter_map(|attribute| {
                let key = attribute.key.local_name().as_ref().to_string();
                attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|value| (key, value.into_owned()))
            })
            .collect();
        self.path.push(name.clone());
        self.just_opened = true;
        self.saw_root = true;
        self.text.clear();
        if empty {
            self.pending_close = Some(name.clone());
        }
        Step::Open { name, attributes }
    }
}

/// A line longer than this (in bytes) is no help in finding a place: the
/// message gives the byte too (a whole GPX can be written on one line).
const LONG_LINE_BYTES: u64 = 200;

/// Line numbers of byte offsets in a text, counted as the offsets grow.
struct Lines<'a> {
    text: &'a [u8],
    /// Bytes before this offset have been counted.
    counted_to: usize,
    /// Newlines before `counted_to`.
    newlines: u64,
    /// Where the line holding `counted_to` starts.
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text: text.as_bytes(),
            counted_to: 0,
            newlines: 0,
            line_start: 0,
        }
    }

    /// The 1-based line of the byte at `offset`, and where that line starts.
    /// An offset before the last one asked about is counted from the start.
    fn line_at(&mut self, offset: u64) -> (u64, usize) {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset < self.counted_to {
            *self = Lines {
                text: self.text,
                counted_to: 0,
                newlines: 0,
                line_start: 0,
            };
        }
        let stretch = self.text.get(self.counted_to..offset).unwrap_or_default();
        self.newlines += stretch.iter().filter(|b| **b == b'\n').count() as u64;
        if let Some(last) = stretch.iter().rposition(|b| *b == b'\n') {
            self.line_start = self.counted_to + last + 1;
        }
        self.counted_to = offset;
        (self.newlines + 1, self.line_start)
    }

    /// Where the byte at `offset` is, for a message: `line 412`, or on a
    /// long line `line 1 (byte 30,000)`, with `byte` as the byte.
    fn place(&mut self, offset: u64, byte: u64) -> String {
        let (line, start) = self.line_at(offset);
        if offset.saturating_sub(start as u64) > LONG_LINE_BYTES {
            format!("line {line} (byte {})", crate::words::thousands(byte))
        } else {
            format!("line {line}")
        }
    }
}

/// The five entities every XML file may use.
fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}
