//! Path templates (`/repos/{owner}/compare/{base}...{head}`), parsed once
//! when the spec is lowered; the client builds URLs from the parse and the
//! server its routes, so the two can never read a template differently.

/// A path template split at `/` into segments, each split into fixed text
/// and parameter names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub segments: Vec<Segment>,
}

/// One segment between slashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The segment as the spec writes it, e.g. `{base}...{head}`.
    pub text: String,
    /// The fixed text around and between the parameters: one more piece
    /// than there are parameters (`{base}...{head}` → `["", "...", ""]`,
    /// `contacts` → `["contacts"]`).
    pub pieces: Vec<String>,
    /// The parameter names, in order.
    pub names: Vec<String>,
}

impl Segment {
    /// The segment holds no parameter.
    pub fn is_fixed(&self) -> bool {
        self.names.is_empty()
    }
}

impl PathTemplate {
    /// Parses a template, or says what is malformed about it (an unmatched
    /// brace, an empty or nested parameter name).
    pub fn parse(template: &str) -> Result<PathTemplate, String> {
        let trimmed = template.strip_prefix('/').unwrap_or(template);
        let segments = trimmed
            .split('/')
            .map(parse_segment)
            .collect::<Result<_, _>>()?;
        Ok(PathTemplate { segments })
    }

    /// The template as fixed text and parameter names in order, with the
    /// slashes in the text (`/a/{x}.json` → `/a/`, `x`, `.json`).
    pub fn parts(&self) -> Vec<TemplatePart<'_>> {
        let mut out: Vec<TemplatePart<'_>> = Vec::new();
        let mut text = String::new();
        for segment in &self.segments {
            text.push('/');
            for (i, piece) in segment.pieces.iter().enumerate() {
                text.push_str(piece);
                if let Some(name) = segment.names.get(i) {
                    if !text.is_empty() {
                        out.push(TemplatePart::Text(std::mem::take(&mut text)));
                    }
                    out.push(TemplatePart::Param(name));
                }
            }
        }
        if !text.is_empty() {
            out.push(TemplatePart::Text(text));
        }
        out
    }
}

/// A piece of a template: fixed text, or a parameter by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    Text(String),
    Param(&'a str),
}

/// `a{x}b{y}c` → pieces `["a", "b", "c"]`, names `["x", "y"]`.
fn parse_segment(segment: &str) -> Result<Segment, String> {
    let mut pieces = Vec::new();
    let mut names = Vec::new();
    let mut rest = segment;
    loop {
        let open = rest.find('{');
        if rest[..open.unwrap_or(rest.len())].contains('}') {
            return Err(format!(
                "the path segment `{segment}` has an unmatched `}}`"
            ));
        }
        let Some(open) = open else {
            pieces.push(rest.to_owned());
            break;
        };
        pieces.push(rest[..open].to_owned());
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(format!(
                "the path segment `{segment}` has an unmatched `{{`"
            ));
        };
        let name = &rest[open + 1..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!(
                "the path segment `{segment}` has a malformed parameter `{{{name}}}`"
            ));
        }
        names.push(name.to_owned());
        rest = &rest[close + 1..];
    }
    Ok(Segment {
        text: segment.to_owned(),
        pieces,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_into_pieces_and_names() {
        let t = PathTemplate::parse("/r/{owner}/compare/{base}...{head}").unwrap();
        assert_eq!(t.segments.len(), 4);
        assert!(t.segments[0].is_fixed());
        assert_eq!(t.segments[1].names, ["owner"]);
        assert_eq!(t.segments[1].pieces, ["", ""]);
        assert_eq!(t.segments[3].pieces, ["", "...", ""]);
        assert_eq!(t.segments[3].names, ["base", "head"]);
        assert_eq!(t.segments[3].text, "{base}...{head}");
        let root = PathTemplate::parse("/").unwrap();
        assert_eq!(root.segments.len(), 1);
        assert_eq!(root.segments[0].pieces, [""]);
    }

    #[test]
    fn parts_keep_the_slashes_in_the_text() {
        let t = PathTemplate::parse("/files/v{major}.{minor}/{name}").unwrap();
        assert_eq!(
            t.parts(),
            [
                TemplatePart::Text("/files/v".into()),
                TemplatePart::Param("major"),
                TemplatePart::Text(".".into()),
                TemplatePart::Param("minor"),
                TemplatePart::Text("/".into()),
                TemplatePart::Param("name"),
            ]
        );
        let adjacent = PathTemplate::parse("/a/{x}{y}").unwrap();
        assert_eq!(
            adjacent.parts(),
            [
                TemplatePart::Text("/a/".into()),
                TemplatePart::Param("x"),
                TemplatePart::Param("y"),
            ]
        );
        assert_eq!(
            PathTemplate::parse("/").unwrap().parts(),
            [TemplatePart::Text("/".into())]
        );
    }

    #[test]
    fn malformed_templates_say_why() {
        for (bad, why) in [
            ("/a/{x", "unmatched `{`"),
            ("/a/x}", "unmatched `}`"),
            ("/a/{}", "malformed parameter"),
            ("/a/{{x}}", "malformed parameter"),
        ] {
            let err = PathTemplate::parse(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
