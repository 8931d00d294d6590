//! The one error type of runrisk. Every message names where the problem is
//! (file, line, column, value) and what was expected, so a runner can fix the
//! log without reading code; `exit_code` maps each kind to the documented code.
//! What a message quotes from a log (values, file and column names) is shown
//! escaped and cut (see `words`), so it can neither drive the terminal nor
//! run to megabytes.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::words::{quoted, shown_lines, LINE_CHARS};

/// How many invalid values one run of the tool lists before it stops listing.
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// One invalid value in an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub value: String,
    pub expected: String,
}

impl Problem {
    /// What is wrong, without where: the column and what was expected.
    pub fn reason(&self) -> String {
        shown_lines(
            &format!("column '{}': {}", self.column, self.expected),
            LINE_CHARS,
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = format!("{}:{}: column '{}': ", self.file, self.line, self.column);
        write!(
            f,
            "{}{} {}",
            shown_lines(&place, LINE_CHARS),
            quoted(&self.value),
            shown_lines(&self.expected, LINE_CHARS)
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more invalid values; the log was not analysed.
    #[error("{}", list_problems(.problems, *.total))]
    Invalid {
        problems: Vec<Problem>,
        total: usize,
    },

    /// The file as a whole cannot be read as the expected format.
    #[error("{}{}: {}", shown(file), line.map(|l| format!(":{l}")).unwrap_or_default(), shown(message))]
    Format {
        file: String,
        line: Option<u64>,
        message: String,
    },

    /// The operating system refused to read or write a file.
    #[error("{}: {action}: {}", shown_path(path), shown(&source.to_string()))]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },

    /// The thresholds file is not valid.
    #[error("{}: {}", shown_path(path), shown(message))]
    Config { path: PathBuf, message: String },

    /// The command line asks for something that cannot be done.
    #[error("{}", shown(.0))]
    Usage(String),

    /// Drawing the report failed.
    #[error("could not draw the report: {}", shown(.0))]
    Draw(String),
}

impl Error {
    /// The process exit code documented in DESIGN.md.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }
}

/// A message of runrisk's own words with text from a log inside: every line
/// escaped and cut.
fn shown(message: &str) -> String {
    shown_lines(message, LINE_CHARS)
}

fn shown_path(path: &Path) -> String {
    shown(&path.display().to_string())
}

fn list_problems(problems: &[Problem], total: usize) -> String {
    let mut text = problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    if total > problems.len() {
        text.push_str(&format!(
            "\n... and {} more invalid values ({} in all)",
            total - problems.len(),
            total
        ));
    }
    text
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(line: u64) -> Problem {
        Problem {
            file: "log.csv".into(),
            line,
            column: "distance_km".into(),
            value: "abc".into(),
            expected: "is not a number".into(),
        }
    }

    #[test]
    fn a_problem_names_file_line_column_and_value() {
        assert_eq!(
            problem(3).to_string(),
            "log.csv:3: column 'distance_km': 'abc' is not a number"
        );
    }

    #[test]
    fn a_long_list_says_how_many_were_left_out() {
        let err = Error::Invalid {
            problems: vec![problem(2), problem(3)],
            total: 5,
        };
        let text = err.to_string();
        assert!(text.contains("log.csv:2:"), "{text}");
        assert!(text.contains("3 more invalid values (5 in all)"), "{text}");
        assert_eq!(err.exit_code(), 1);
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
    }

    #[test]
    fn messages_show_log_text_escaped_and_cut() {
        let hostile = Problem {
            file: "\x1b]0;pwned\x07.csv".into(),
            line: 2,
            column: "dist\x1b[2J".into(),
            value: format!("\x1b[2J{}", "9".repeat(20_000_000)),
            expected: "is not a number".into(),
        };
        let errors = [
            Error::Invalid {
                problems: vec![hostile.clone()],
                total: 1,
            },
            Error::Format {
                file: "a.zip/\x1b[2J.gpx".into(),
                line: Some(3),
                message: format!("bad \u{202e}{}", "z".repeat(1_000_000)),
            },
            Error::Config {
                path: "t\x1b.toml".into(),
                message: format!("TOML parse error\n1 | {}", "w".repeat(1_000_000)),
            },
            Error::Usage("no athlete named '\x1b[2J'".into()),
            Error::io(
                "o\x1b.png",
                "could not write",
                std::io::ErrorKind::Other.into(),
            ),
        ];
        for error in errors {
            let text = error.to_string();
            let controls = text.chars().filter(|c| c.is_control() && *c != '\n');
            assert_eq!(controls.count(), 0, "{text:?}");
            assert!(
                !text.contains('\x1b') && !text.contains('\u{202e}'),
                "{text}"
            );
            assert!(
                text.contains("\\x1b") || text.contains("\\u{202e}"),
                "{text}"
            );
            assert!(text.len() < 3 * LINE_CHARS, "{} bytes", text.len());
        }
        let text = hostile.to_string();
        assert!(text.contains("' (20 MB) is not a number"), "{text}");
        assert!(text.starts_with("\\x1b]0;pwned\\x07.csv:2: column 'dist\\x1b[2J': '"));
    }
}
