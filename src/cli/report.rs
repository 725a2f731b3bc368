//! How the command line prints diagnostics and progress: rustc-style source
//! snippets (`human`), one line each (`short`, grep- and editor-friendly),
//! or one JSON object per line on stdout (`json`, for editors and CI).
//!
//! Snippets are drawn by annotate-snippets, the renderer rustc and cargo
//! use: it lays out gutters, carets and colour, and cuts long lines around
//! the column (a minified spec is one line of megabytes) the way rustc does.

use annotate_snippets::{Level, Renderer, Snippet};
use openapi_forge::{Diagnostic, Severity};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Short,
    Json,
}

/// Characters kept either side of the column of a long line: enough for
/// the renderer to cut its own window, without handing it megabytes.
const WINDOW: usize = 200;

/// Prints what a run has to say, in the chosen format.
pub struct Reporter {
    pub format: Format,
    color: bool,
    pub quiet: bool,
    pub verbose: bool,
    /// Source text by file, read once, when a snippet first needs it.
    sources: RefCell<HashMap<PathBuf, Option<String>>>,
}

impl Reporter {
    pub fn new(format: Format, color: &str, quiet: bool, verbose: bool) -> Reporter {
        Reporter {
            format,
            color: use_color(color),
            quiet,
            verbose,
            sources: RefCell::default(),
        }
    }

    /// One diagnostic, on stderr (stdout for JSON).
    pub fn diagnostic(&self, d: &Diagnostic) {
        match self.format {
            Format::Short => eprintln!("{d}"),
            Format::Json => println!("{}", json(d)),
            Format::Human => eprintln!("{}", self.human(d)),
        }
    }

    /// Every diagnostic of a failed run, then how many errors there were.
    pub fn failure(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            self.diagnostic(d);
        }
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if self.format != Format::Json {
            let s = if errors == 1 { "" } else { "s" };
            eprintln!("{errors} error{s} found");
        }
    }

    /// An error that is not about a place in a spec (an unreadable config
    /// file, an output that cannot be written). `message` starts with
    /// `error: ` as printed in the short and human formats.
    pub fn error(&self, message: &str) {
        match self.format {
            Format::Json => {
                let text = message.strip_prefix("error: ").unwrap_or(message);
                println!(
                    "{}",
                    serde_json::json!({ "level": "error", "message": text })
                );
            }
            _ => eprintln!("{message}"),
        }
    }

    /// A progress line (`wrote …`, `… is up to date`): stdout, or stderr
    /// when stdout carries JSON; nothing with `--quiet`.
    pub fn status(&self, line: &str) {
        if self.quiet {
            return;
        }
        match self.format {
            Format::Json => eprintln!("{line}"),
            _ => println!("{line}"),
        }
    }

    /// Output the user asked for in text form (a `--check` diff): stdout,
    /// or stderr when stdout carries JSON.
    pub fn text(&self, text: &str) {
        match self.format {
            Format::Json => eprint!("{text}"),
            _ => print!("{text}"),
        }
    }

    /// A generator note, on stderr; nothing with `--quiet`.
    pub fn note(&self, note: &str) {
        if !self.quiet {
            eprintln!("note: {note}");
        }
    }

    /// The human form: a snippet where the place is known, else the short
    /// line.
    fn human(&self, d: &Diagnostic) -> String {
        let (Some(file), Some((line, column))) = (&d.file, d.position) else {
            return self.paint_short(d);
        };
        let mut sources = self.sources.borrow_mut();
        let text = sources
            .entry(file.clone())
            .or_insert_with(|| std::fs::read_to_string(file).ok());
        let found = line
            .checked_sub(1)
            .and_then(|i| text.as_deref()?.lines().nth(i));
        let (Some(source_line), true) = (found, column > 0) else {
            return self.paint_short(d);
        };
        snippet(self.renderer(), d, file, source_line, line, column)
    }

    fn paint_short(&self, d: &Diagnostic) -> String {
        let level = level(d.severity);
        let pointer = pointer(d);
        let place = match (&d.file, d.position) {
            (Some(f), Some((l, c))) => format!("{}:{l}:{c}: ", f.display()),
            (Some(f), None) => format!("{}: ", f.display()),
            _ => String::new(),
        };
        let title = format!("{place}at {pointer}: {}", d.message);
        // Bound first: the rendered message borrows `title`, which must
        // outlive the temporary the renderer returns.
        let rendered = self.renderer().render(level.title(&title)).to_string();
        rendered
    }

    fn renderer(&self) -> Renderer {
        if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
    }
}

/// The rustc-like form: the message, `--> file:line:column`, the line with
/// a caret under the column, labelled with the JSON pointer.
fn snippet(
    renderer: Renderer,
    d: &Diagnostic,
    file: &Path,
    source_line: &str,
    line: usize,
    column: usize,
) -> String {
    // Cut the line to a window around the column (counted in characters).
    let skip = column.saturating_sub(WINDOW + 1);
    let window: String = source_line.chars().skip(skip).take(2 * WINDOW).collect();
    let at = column.saturating_sub(1 + skip);
    let start = window
        .char_indices()
        .nth(at)
        .map_or(window.len(), |(i, _)| i);
    let end = window[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    let level = level(d.severity);
    let label = format!("at {}", pointer(d));
    let message = level.title(&d.message).snippet(
        Snippet::source(&window)
            .line_start(line)
            .annotation(level.span(start..end).label(&label)),
    );
    let rendered = renderer.render(message).to_string();
    // The place as rustc prints it, under the title: the true column, which
    // the renderer cannot know once the line is cut.
    let gutter = " ".repeat(line.to_string().len());
    let place = format!("{gutter}--> {}:{line}:{column}", file.display());
    match rendered.split_once('\n') {
        Some((title, rest)) => format!("{title}\n{place}\n{rest}"),
        None => format!("{rendered}\n{place}"),
    }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Warning => Level::Warning,
        Severity::Error => Level::Error,
    }
}

fn pointer(d: &Diagnostic) -> &str {
    if d.pointer.is_empty() {
        "/"
    } else {
        &d.pointer
    }
}

/// One diagnostic as cargo-style JSON: level, message, file, line, column
/// (1-based, in characters), the JSON pointer and the rule
/// (`openapi_forge::diag::RULES`).
fn json(d: &Diagnostic) -> serde_json::Value {
    let level = match d.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    serde_json::json!({
        "level": level,
        "message": d.message,
        "file": d.file.as_ref().map(|f| f.display().to_string()),
        "line": d.position.map(|p| p.0),
        "column": d.position.map(|p| p.1),
        "pointer": d.pointer,
        "rule": d.rule,
    })
}

/// Whether to colour, from `--color` and the conventions cargo follows:
/// `NO_COLOR`, `CLICOLOR=0`, `CLICOLOR_FORCE`, `CARGO_TERM_COLOR`, and
/// otherwise whether stderr is a terminal.
fn use_color(choice: &str) -> bool {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let choice = match (choice, env("CARGO_TERM_COLOR")) {
        ("auto", Some(cargo)) => cargo,
        (c, _) => c.to_owned(),
    };
    match choice.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            if env("NO_COLOR").is_some() || env("CLICOLOR").as_deref() == Some("0") {
                return false;
            }
            env("CLICOLOR_FORCE").is_some_and(|v| v != "0") || std::io::stderr().is_terminal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(position: (usize, usize)) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: Some(PathBuf::from("spec.yaml")),
            pointer: "/paths/~1a".into(),
            position: Some(position),
            message: "$ref \"#/nope\" points to nothing".into(),
            rule: "lower.document",
        }
    }

    #[test]
    fn a_snippet_puts_the_caret_under_the_column() {
        let d = diagnostic((3, 9));
        let text = snippet(
            Renderer::plain(),
            &d,
            Path::new("spec.yaml"),
            "  a: b   $ref: x",
            3,
            10,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "error: $ref \"#/nope\" points to nothing");
        assert_eq!(lines[1], " --> spec.yaml:3:10");
        assert_eq!(lines[3], "3 |   a: b   $ref: x");
        let caret = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret..caret + 4], "$ref", "{text}");
        assert!(lines[4].ends_with("^ at /paths/~1a"), "{text}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_and_keeps_the_true_place() {
        let line = format!("{}$ref: x{}", "x".repeat(100_000), "y".repeat(100_000));
        let d = diagnostic((1, 100_001));
        let text = snippet(
            Renderer::plain(),
            &d,
            Path::new("spec.yaml"),
            &line,
            1,
            100_001,
        );
        assert!(text.contains("--> spec.yaml:1:100001"), "{text}");
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let caret = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret..caret + 4], "$ref", "{text}");
    }

    #[test]
    fn json_names_every_field() {
        let value = json(&diagnostic((3, 9)));
        assert_eq!(value["level"], "error");
        assert_eq!(value["file"], "spec.yaml");
        assert_eq!(
            (value["line"].as_u64(), value["column"].as_u64()),
            (Some(3), Some(9))
        );
        assert_eq!(value["pointer"], "/paths/~1a");
        assert_eq!(value["rule"], "lower.document");
    }
}
