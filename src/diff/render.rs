//! The report as text (terminals), Markdown (a pull-request comment) and
//! JSON (tools). Messages hold spec text, which is untrusted: control and
//! bidirectional characters are spelled out, so a name cannot hide text or
//! reorder what a reviewer reads.

use super::{Change, Dir, Place, Report, Semver};
use serde_json::{json, Value};

/// An output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// A Markdown table for a pull-request comment.
    Markdown,
    /// Stable JSON for tools (documented in docs/diff.md).
    Json,
}

impl Format {
    /// From the `--format` value.
    pub fn parse(text: &str) -> Result<Format, String> {
        match text {
            "text" => Ok(Format::Text),
            "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            _ => Err(format!("expected text, markdown or json, found {text:?}")),
        }
    }
}

impl Report {
    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => text(self),
            Format::Markdown => markdown(self),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(&to_json(self)).unwrap_or_default();
                s.push('\n');
                s
            }
        }
    }
}

/// Spec text on one line: control characters and bidirectional controls
/// become `[U+XXXX]`.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
                out.push_str(&format!("[U+{:04X}]", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("[U+{:04X}]", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Clean, and neutral in a Markdown table cell: no HTML, no cell breaks,
/// no mentions.
fn clean_md(text: &str) -> String {
    clean(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('@', "&#64;")
}

fn place_text(p: &Option<Place>) -> Option<String> {
    let p = p.as_ref()?;
    let pointer = if p.pointer.is_empty() {
        "/"
    } else {
        &p.pointer
    };
    Some(match p.position {
        Some((line, col)) => format!("{}:{line}:{col} {}", clean(&p.file), clean(pointer)),
        None => format!("{} {}", clean(&p.file), clean(pointer)),
    })
}

fn directions(c: &Change) -> String {
    c.directions
        .iter()
        .map(|d| match d {
            Dir::Request => "request",
            Dir::Response => "response",
        })
        .collect::<Vec<_>>()
        .join("+")
}

struct Counts {
    clients: usize,
    servers: usize,
    major: usize,
}

fn counts(r: &Report) -> Counts {
    let n = |f: &dyn Fn(&Change) -> bool| r.changes.iter().filter(|c| f(c)).count();
    Counts {
        clients: n(&|c| c.wire.breaks_clients),
        servers: n(&|c| c.wire.breaks_servers),
        major: n(&|c| c.rust == Semver::Major),
    }
}

fn summary(r: &Report) -> String {
    let c = counts(r);
    format!(
        "{} change{}: {} break{} existing clients, {} break{} existing servers; Rust API: {} ({} major change{})",
        r.changes.len(),
        plural(r.changes.len()),
        c.clients,
        verb(c.clients),
        c.servers,
        verb(c.servers),
        r.semver().label(),
        c.major,
        plural(c.major)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn verb(n: usize) -> &'static str {
    if n == 1 {
        "s"
    } else {
        ""
    }
}

fn text(r: &Report) -> String {
    let mut out = format!(
        "openapi-forge diff {} {}\n{}\n",
        clean(&r.old_file),
        clean(&r.new_file),
        summary(r)
    );
    for c in &r.changes {
        out.push_str(&format!(
            "\n{:<15} rust: {:<6} {}\n  {}\n",
            c.wire.label(),
            c.rust.label(),
            c.rule,
            clean(&c.message)
        ));
        let dirs = directions(c);
        if !dirs.is_empty() {
            out.push_str(&format!("  carried in: {dirs}\n"));
        }
        if let Some(note) = &c.wire_note {
            out.push_str(&format!("  note: {}\n", clean(note)));
        }
        if let Some(item) = &c.rust_item {
            out.push_str(&format!("  rust item: {}\n", clean(item)));
        }
        for (side, place) in [("old", &c.old), ("new", &c.new)] {
            if let Some(p) = place_text(place) {
                out.push_str(&format!("  {side}: {p}\n"));
            }
        }
    }
    out
}

fn markdown(r: &Report) -> String {
    let mut out = format!(
        "### OpenAPI changes\n\n`{}` → `{}`\n\n**{}**\n",
        clean_md(&r.old_file).replace('`', "'"),
        clean_md(&r.new_file).replace('`', "'"),
        clean_md(&summary(r))
    );
    if r.changes.is_empty() {
        return out;
    }
    out.push_str("\n| Wire | Rust | Rule | Change | Where |\n|---|---|---|---|---|\n");
    for c in &r.changes {
        let mut change = clean_md(&c.message);
        if let Some(note) = &c.wire_note {
            change.push_str(&format!("<br>_{}_", clean_md(note)));
        }
        if let Some(item) = &c.rust_item {
            change.push_str(&format!("<br>Rust: {}", clean_md(item)));
        }
        let places: Vec<String> = [("old", &c.old), ("new", &c.new)]
            .into_iter()
            .filter_map(|(side, p)| Some(format!("{side}: {}", clean_md(&place_text(p)?))))
            .collect();
        let wire = if c.wire.is_breaking() {
            format!("**{}**", c.wire.label())
        } else {
            c.wire.label().to_owned()
        };
        let rust = if c.rust == Semver::Major {
            "**major**".to_owned()
        } else {
            c.rust.label().to_owned()
        };
        out.push_str(&format!(
            "| {wire} | {rust} | `{}` | {change} | {} |\n",
            c.rule,
            places.join("<br>")
        ));
    }
    out
}

fn place_json(p: &Option<Place>) -> Value {
    match p {
        None => Value::Null,
        Some(p) => json!({
            "file": p.file,
            "pointer": p.pointer,
            "line": p.position.map(|x| x.0),
            "column": p.position.map(|x| x.1),
        }),
    }
}

fn to_json(r: &Report) -> Value {
    let c = counts(r);
    let changes: Vec<Value> = r
        .changes
        .iter()
        .map(|c| {
            json!({
                "rule": c.rule,
                "message": c.message,
                "directions": c.directions.iter().map(|d| match d {
                    Dir::Request => "request",
                    Dir::Response => "response",
                }).collect::<Vec<_>>(),
                "wire": { "verdict": c.wire.label(), "note": c.wire_note },
                "rust": { "semver": c.rust.label(), "item": c.rust_item },
                "old": place_json(&c.old),
                "new": place_json(&c.new),
            })
        })
        .collect();
    json!({
        "version": 1,
        "old": r.old_file,
        "new": r.new_file,
        "summary": {
            "changes": r.changes.len(),
            "breaks_clients": c.clients,
            "breaks_servers": c.servers,
            "rust_major": c.major,
            "rust": r.semver().label(),
        },
        "changes": changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_cannot_hide_or_reorder() {
        assert_eq!(clean("a\u{202e}b\nc\u{0}"), "a[U+202E]b[U+000A]c[U+0000]");
        assert_eq!(clean_md("<img>|@x"), "&lt;img&gt;\\|&#64;x");
    }
}
