//! JSON objects laid out by hand, byte for byte as serde_json lays them out
//! (pretty, indented by two spaces, or compact), for the rows a club's log
//! has most of: `weeks` writes a row per athlete and week, and going
//! through serde's generic map of fields costs more than working out the
//! week. Keys are written as they are, numbers by serde_json's own
//! formatter, and text through serde_json, so the bytes cannot drift; a
//! test holds them to serde_json's for the rows of every kind.

use std::fmt::Display;
use std::io::Write;

use serde_json::ser::{CompactFormatter, Formatter};

/// A new line and the spaces of the deepest indent a row's layout needs
/// (two per level, as `serde_json::to_writer_pretty` indents), cut to the
/// depth wanted.
const NEW_LINE_AND_INDENT: &[u8] = b"\n                ";

/// How an object is laid out: compact, or pretty at a depth of nesting
/// (an array's rows are at depth 1).
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    Compact,
    Pretty { depth: usize },
}

impl Layout {
    /// The layout of what is nested one level inside this one.
    fn inner(self) -> Layout {
        match self {
            Layout::Compact => Layout::Compact,
            Layout::Pretty { depth } => Layout::Pretty { depth: depth + 1 },
        }
    }

    /// A new line indented to this depth; nothing when compact.
    fn new_line(self, out: &mut Vec<u8>) {
        if let Layout::Pretty { depth } = self {
            let spaces = 2 * depth;
            match NEW_LINE_AND_INDENT.get(..1 + spaces) {
                Some(line) => out.extend_from_slice(line),
                None => {
                    out.push(b'\n');
                    out.resize(out.len() + spaces, b' ');
                }
            }
        }
    }
}

/// One object being written: its fields go in one call each, in order.
pub struct JsonObject<'o> {
    out: &'o mut Vec<u8>,
    layout: Layout,
    fields: usize,
}

impl<'o> JsonObject<'o> {
    /// Opens an object at `layout` (its fields are one level deeper).
    pub fn begin(out: &'o mut Vec<u8>, layout: Layout) -> JsonObject<'o> {
        out.push(b'{');
        JsonObject {
            out,
            layout,
            fields: 0,
        }
    }

    /// Closes the object: `{}` when it has no field, as serde_json writes it.
    pub fn end(self) {
        if self.fields > 0 {
            self.layout.new_line(self.out);
        }
        self.out.push(b'}');
    }

    /// Starts a field; `key` must need no escaping (the contract's names do not).
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if self.fields > 0 {
            self.out.push(b',');
        }
        self.fields += 1;
        self.layout.inner().new_line(self.out);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(match self.layout {
            Layout::Compact => b"\":",
            Layout::Pretty { .. } => b"\": ",
        });
        self.out
    }

    pub fn number(&mut self, key: &str, value: f64) {
        let out = self.key(key);
        write_f64(out, value);
    }

    pub fn optional_number(&mut self, key: &str, value: Option<f64>) {
        let out = self.key(key);
        match value {
            Some(value) => write_f64(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

    pub fn count(&mut self, key: &str, value: u64) {
        let out = self.key(key);
        // Writing to a Vec cannot fail.
        let _ = CompactFormatter.write_u64(out, value);
    }

    pub fn optional_count(&mut self, key: &str, value: Option<u64>) {
        match value {
            Some(value) => self.count(key, value),
            None => self.key(key).extend_from_slice(b"null"),
        }
    }

    pub fn yes_no(&mut self, key: &str, value: bool) {
        let out = self.key(key);
        out.extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Text that may need escaping (a name), or null.
    pub fn text(&mut self, key: &str, value: Option<&str>) {
        let out = self.key(key);
        match value {
            // Writing a string to a Vec cannot fail.
            Some(value) => {
                let _ = serde_json::to_writer(out, value);
            }
            None => out.extend_from_slice(b"null"),
        }
    }

    /// Text that needs no escaping: a name of the contract, a day, a week.
    pub fn plain(&mut self, key: &str, value: impl Display) {
        let out = self.key(key);
        let _ = write!(out, "\"{value}\"");
    }

    /// An array of objects, each written by `each` at the array's depth.
    pub fn objects<T>(&mut self, key: &str, items: &[T], each: impl Fn(&T, JsonObject<'_>)) {
        let layout = self.layout.inner();
        let out = self.key(key);
        out.push(b'[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            layout.inner().new_line(out);
            each(item, JsonObject::begin(out, layout.inner()));
        }
        if !items.is_empty() {
            layout.new_line(out);
        }
        out.push(b']');
    }
}

/// A number as serde_json writes one: null when it is not finite.
fn write_f64(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        let _ = CompactFormatter.write_f64(out, value);
    } else {
        out.extend_from_slice(b"null");
    }
}
