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
    /// The stage of the pipeline that found it (`load.bundle`,
    /// `lower.schema`, …: [`RULES`]), for tools that filter or count
    /// diagnostics by kind.
    pub rule: &'static str,
}

/// Every rule a diagnostic can carry, with what it covers. A rule is the
/// module that reported the diagnostic, so the list cannot go stale
/// without `rule_of_every_reporting_module_is_listed` failing.
pub const RULES: &[(&str, &str)] = &[
    (
        "load.read",
        "the file cannot be read, or parsed as JSON or YAML",
    ),
    (
        "load.swagger2",
        "a Swagger 2.0 construct converted to OpenAPI 3.0, or refused",
    ),
    (
        "load.oas32",
        "an OpenAPI 3.2 addition brought into the 3.0 shape, or not generated yet",
    ),
    (
        "load.normalize",
        "a JSON Schema 2020-12 construct rewritten, or a keyword not acted on",
    ),
    (
        "load.bundle",
        "a `$ref` to another file that cannot be followed, or may not be read",
    ),
    (
        "load.lenient",
        "something a real-world spec left out, filled in with a default",
    ),
    (
        "lower.document",
        "a component, `$ref` chain or selection problem while lowering",
    ),
    (
        "lower.schema",
        "a schema that cannot become a Rust type as written",
    ),
    (
        "lower.keywords",
        "a JSON Schema keyword the server checks, or refuses",
    ),
    (
        "lower.operation",
        "a path, parameter, body, response, security or paging problem",
    ),
    ("ir.cycles", "a self-reference no Rust type can express"),
    (
        "ir.passes",
        "a problem found while finishing the type table",
    ),
    ("emit", "a construct the emitters write in a simpler way"),
    ("crate", "the package name or version of a `--crate`"),
    ("write", "an output that cannot be written"),
    (
        "config",
        "the configuration file, an option or the command line",
    ),
    ("diff", "a spec pair that cannot be compared"),
];

/// The rule of a diagnostic reported from `file` (a path as `file!()`
/// gives it).
pub fn rule_of(file: &str) -> &'static str {
    // Called for every diagnostic, repeats of an aggregated one included
    // (thousands on Microsoft Graph): no allocation.
    let mut parts = file.rsplit(['/', '\\']);
    let stem = parts.next().unwrap_or("").trim_end_matches(".rs");
    let folders = parts;
    let dir = |d: &str| folders.clone().any(|f| f == d);
    match stem {
        "swagger2" => "load.swagger2",
        "oas32" => "load.oas32",
        "normalize" => "load.normalize",
        "bundle" => "load.bundle",
        "lenient" => "load.lenient",
        "schema" | "view" if dir("lower") => "lower.schema",
        "keywords" if dir("lower") => "lower.keywords",
        "operation" | "paging_hint" if dir("lower") => "lower.operation",
        _ if dir("lower") => "lower.document",
        _ if dir("load") => "load.read",
        "cycles" => "ir.cycles",
        _ if dir("ir") => "ir.passes",
        _ if dir("emit") => "emit",
        _ if dir("diff") => "diff",
        "lib" | "krate" => "crate",
        "build" | "write" => "write",
        _ => "config",
    }
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

/// The rule of the code that called the reporting function.
#[track_caller]
fn caller_rule() -> &'static str {
    rule_of(std::panic::Location::caller().file())
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Warnings that may repeat all over a document (one keyword in many
    /// schemas), by message: the first place and how many places, until
    /// [`Diagnostics::flush_aggregated`] makes each one warning.
    aggregated: indexmap::IndexMap<(Severity, String), (String, usize, &'static str)>,
}

impl Diagnostics {
    #[track_caller]
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let rule = caller_rule();
        self.push(Severity::Error, pointer.into(), message.into(), rule);
    }

    #[track_caller]
    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let rule = caller_rule();
        self.push(Severity::Warning, pointer.into(), message.into(), rule);
    }

    /// A warning that is reported once however often it repeats: at its
    /// first place, with the number of places.
    #[track_caller]
    pub fn warning_aggregated(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let rule = caller_rule();
        self.aggregate(Severity::Warning, pointer.into(), message.into(), rule);
    }

    /// An error that is reported once however often it repeats (one
    /// problem reached along many paths).
    #[track_caller]
    pub fn error_aggregated(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let rule = caller_rule();
        self.aggregate(Severity::Error, pointer.into(), message.into(), rule);
    }

    fn aggregate(
        &mut self,
        severity: Severity,
        pointer: String,
        message: String,
        rule: &'static str,
    ) {
        self.aggregated
            .entry((severity, message))
            .or_insert_with(|| (pointer, 0, rule))
            .1 += 1;
    }

    /// Turn the aggregated diagnostics into one each, in the order they
    /// were first seen.
    pub fn flush_aggregated(&mut self) {
        for ((severity, message), (pointer, count, rule)) in std::mem::take(&mut self.aggregated) {
            let message = match count {
                1 => message,
                n => format!("{message} (in {n} places; this is the first)"),
            };
            self.push(severity, pointer, message, rule);
        }
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String, rule: &'static str) {
        self.items.push(Diagnostic {
            severity,
            file: None,
            pointer,
            position: None,
            message,
            rule,
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
    #[track_caller]
    pub fn plain(file: Option<PathBuf>, message: impl Into<String>) -> Self {
        Error {
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file,
                pointer: String::new(),
                position: None,
                message: message.into(),
                rule: caller_rule(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Each source file that reports a diagnostic maps to a listed rule,
    /// and the rules tell the stages apart.
    #[test]
    fn rule_of_every_reporting_module_is_listed() {
        let mut files = Vec::new();
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let reports = [".warning(", ".error(", "_aggregated(", "Error::plain("]
                .iter()
                .any(|call| text.contains(call));
            let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
            let rule = rule_of(&relative.to_string_lossy());
            if reports {
                assert!(
                    RULES.iter().any(|(r, _)| *r == rule),
                    "{}: rule {rule} is not in RULES",
                    relative.display()
                );
                seen.insert(rule);
            }
        }
        assert!(
            seen.len() >= 10,
            "the rules tell the stages apart: {seen:?}"
        );
    }

    #[test]
    fn a_diagnostic_carries_the_rule_of_its_reporter() {
        assert_eq!(rule_of("src/load/bundle.rs"), "load.bundle");
        assert_eq!(rule_of("src/load/lower/schema.rs"), "lower.schema");
        assert_eq!(rule_of("src/load/lower/mod.rs"), "lower.document");
        assert_eq!(rule_of("src/load/mod.rs"), "load.read");
        assert_eq!(rule_of("src/ir/cycles.rs"), "ir.cycles");
        assert_eq!(rule_of("src/emit/context.rs"), "emit");
        // `file!()` on Windows.
        assert_eq!(rule_of("src\\load\\lower\\operation.rs"), "lower.operation");
        let mut diags = Diagnostics::default();
        diags.warning("/a", "here");
        diags.warning_aggregated("/b", "often");
        diags.flush_aggregated();
        assert!(
            diags.items().iter().all(|d| d.rule == "config"),
            "src/diag.rs is neither stage"
        );
    }
}
