//! Collected diagnostics: every stage records problems here and goes on, so
//! that a broken spec is reported in one run, each problem with its place.

use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation goes on; the construct was handled in a simpler way.
    Warning,
    /// The spec cannot be turned into code.
    Error,
}

/// One problem, located by a JSON pointer into a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error stops generation; a warning does not.
    pub severity: Severity,
    /// The file the pointer is in (the spec, or a file it `$ref`s).
    pub file: Option<PathBuf>,
    /// JSON pointer (RFC 6901) of the offending node, "" for the root.
    pub pointer: String,
    /// 1-based line and column, when the source text could be searched.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, col)) = self.position {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": ")?;
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "at {pointer}: {}", self.message)
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Warnings that may repeat all over a document (one keyword in many
    /// schemas), by message: the first place and how many places, until
    /// [`Diagnostics::flush_aggregated`] makes each one warning.
    aggregated: indexmap::IndexMap<(Severity, String), (String, usize)>,
}

impl Diagnostics {
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), message.into());
    }

    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), message.into());
    }

    /// A warning that is reported once however often it repeats: at its
    /// first place, with the number of places.
    pub fn warning_aggregated(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.aggregate(Severity::Warning, pointer.into(), message.into());
    }

    /// An error that is reported once however often it repeats (one
    /// problem reached along many paths).
    pub fn error_aggregated(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.aggregate(Severity::Error, pointer.into(), message.into());
    }

    fn aggregate(&mut self, severity: Severity, pointer: String, message: String) {
        self.aggregated
            .entry((severity, message))
            .or_insert_with(|| (pointer, 0))
            .1 += 1;
    }

    /// Turn the aggregated diagnostics into one each, in the order they
    /// were first seen.
    pub fn flush_aggregated(&mut self) {
        for ((severity, message), (pointer, count)) in std::mem::take(&mut self.aggregated) {
            let message = match count {
                1 => message,
                n => format!("{message} (in {n} places; this is the first)"),
            };
            self.push(severity, pointer, message);
        }
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: None,
            pointer,
            position: None,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
            || self.aggregated.keys().any(|(s, _)| *s == Severity::Error)
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Put `earlier`'s diagnostics before these (found in an earlier stage).
    pub fn prepend(&mut self, earlier: Diagnostics) {
        let later = std::mem::replace(&mut self.items, earlier.items);
        self.items.extend(later);
    }
}

/// Generation failed; holds every diagnostic found (errors and warnings).
#[derive(Debug, Clone)]
pub struct Error {
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error that is not about a place in the spec (I/O, for example).
    pub fn plain(file: Option<PathBuf>, message: impl Into<String>) -> Self {
        Error {
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file,
                pointer: String::new(),
                position: None,
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{errors} error{} found",
            if errors == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Error {}
