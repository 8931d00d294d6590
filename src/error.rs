//! The one error type of runrisk. Every message names where the problem is
//! (file, line, column, value) and what was expected, so a runner can fix the
//! log without reading code; `exit_code` maps each kind to the documented code.

use std::fmt;
use std::path::PathBuf;

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
        format!("column '{}': {}", self.column, self.expected)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: column '{}': '{}' {}",
            self.file, self.line, self.column, self.value, self.expected
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
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Format {
        file: String,
        line: Option<u64>,
        message: String,
    },

    /// The operating system refused to read or write a file.
    #[error("{}: {action}: {source}", .path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },

    /// The thresholds file is not valid.
    #[error("{}: {message}", .path.display())]
    Config { path: PathBuf, message: String },

    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),

    /// Drawing the report failed.
    #[error("could not draw the report: {0}")]
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
}
