//! Locate a JSON Pointer (RFC 6901) in the source text of a JSON or YAML
//! document, so errors can say `spec.yaml:42:7`.
//!
//! No tree is built: for each pointer segment the scanner walks the current
//! collection and skips unrelated values, so the cost is linear in the text;
//! a [`Locator`] keeps the members of each mapping it walked, so many
//! pointers into one text cost about one walk of each mapping.
//! JSON is read as YAML flow syntax, of which it is a subset. Every loop is
//! iterative (nesting is skipped with counters, never recursion), so deeply
//! nested input cannot overflow the stack, and all indexing is bounds-checked.

/// Position to report, and where the named value starts if it may have children.
type Found = (usize, Option<usize>);

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// 1-based line and column of the value (or, for mapping members, the key) that
/// `pointer` names in `text`; None when the pointer does not resolve.
///
/// Columns count characters. Sequence items are reported where their value
/// starts (after `- ` and after any anchor or tag); `""` names the first token.
/// (Callers locate through [`Locator`], which finds the same for many
/// pointers at once.)
#[cfg(test)]
#[must_use]
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    Locator::new(text).locate(pointer)
}

/// The walk for one pointer with nothing kept, segment by segment: what
/// [`Locator`] did before it kept members, now the tests' reference for it.
#[cfg(test)]
fn locate_one(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut node = root_node(b);
    let mut pos = node?;
    for seg in pointer_segments(pointer) {
        let start = node?;
        let (p, next) = match at(b, start) {
            b'{' => flow_member(b, start, &seg)?,
            b'[' => flow_item(b, start, &seg)?,
            _ => block_child(b, start, &seg)?,
        };
        pos = p;
        node = next;
    }
    Some(line_col(b, pos))
}

/// The members of one mapping: each key (the first of duplicates, as
/// `locate` finds) with where it is reported and where its value starts.
type Members = std::collections::HashMap<String, Found>;

/// Locates many pointers in one text. The members of every mapping walked
/// are kept, and line numbers come from an index of line starts, so the
/// thousands of places of a `diff` report on a large spec cost about one
/// walk of each mapping they pass through instead of one scan of the text
/// each. Finds exactly what the walk for one pointer finds.
pub struct Locator<'t> {
    b: &'t [u8],
    root: Option<usize>,
    /// By the offset where a mapping starts.
    members: std::collections::HashMap<usize, Members>,
    /// Byte offsets where lines start (the first is 0).
    lines: Vec<usize>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        let b = text.as_bytes();
        // `split` on a char searches with memchr: several times faster than
        // testing each byte of a large spec.
        let mut lines = Vec::with_capacity(b.len() / 40);
        let mut start = 0;
        for line in text.split('\n') {
            lines.push(start);
            start += line.len() + 1;
        }
        Locator {
            b,
            root: root_node(b),
            members: std::collections::HashMap::new(),
            lines,
        }
    }

    /// 1-based line and column of what `pointer` names (see the module).
    pub fn locate(&mut self, pointer: &str) -> Option<(usize, usize)> {
        let b = self.b;
        let mut node = self.root;
        let mut pos = node?;
        for seg in pointer_segments(pointer) {
            let start = node?;
            let (p, next) = match at(b, start) {
                b'{' => self.member(start, &seg, true)?,
                b'[' => flow_item(b, start, &seg)?,
                _ if is_dash(b, start) => block_item(b, start, start - line_start(b, start), &seg)?,
                _ => self.member(start, &seg, false)?,
            };
            pos = p;
            node = next;
        }
        Some(self.line_col(pos))
    }

    fn member(&mut self, start: usize, seg: &str, flow: bool) -> Option<Found> {
        let b = self.b;
        let members = self.members.entry(start).or_insert_with(|| {
            if flow {
                flow_members(b, start)
            } else {
                block_members(b, start, start - line_start(b, start))
            }
        });
        members.get(seg).copied()
    }

    /// [`line_col`] with the line found in the index.
    fn line_col(&self, off: usize) -> (usize, usize) {
        let off = off.min(self.b.len());
        let line = self.lines.partition_point(|&start| start <= off);
        let ls = self.lines[line - 1].max(first_line_start(self.b));
        let chars = self.b.get(ls..off).unwrap_or_default();
        (
            line,
            1 + chars.iter().filter(|&&c| c & 0xC0 != 0x80).count(),
        )
    }
}

/// Decode a JSON pointer into its segments ("~1" -> "/", "~0" -> "~"). "" is the root (no segments).
///
/// Leniently, a leading `#` (URI fragment form, not percent-decoded) is
/// ignored and a pointer without its leading `/` is read as if it had one.
#[must_use]
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    let p = pointer.strip_prefix('#').unwrap_or(pointer);
    if p.is_empty() {
        return Vec::new();
    }
    let p = p.strip_prefix('/').unwrap_or(p);
    p.split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

// ---------------------------------------------------------------- bytes & lines

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Whitespace, line break or end of input (reported as 0 by `at`).
fn is_blank(c: u8) -> bool {
    matches!(c, 0 | b' ' | b'\t' | b'\r' | b'\n')
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

/// A block sequence entry indicator `- ` at `i`.
fn is_dash(b: &[u8], i: usize) -> bool {
    at(b, i) == b'-' && is_blank(at(b, i + 1))
}

fn is_doc_marker(b: &[u8], i: usize) -> bool {
    matches!(b.get(i..i + 3), Some(b"---" | b"...")) && is_blank(at(b, i + 3))
}

/// Skip spaces, tabs and carriage returns on the current line.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(at(b, i), b' ' | b'\t' | b'\r') {
        i += 1;
    }
    i
}

/// Start of the line after the one containing `i` (or the end of input).
fn next_line(b: &[u8], i: usize) -> usize {
    let rest = b.get(i..).unwrap_or_default();
    rest.iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p + 1)
}

/// Where the line holding `i` starts. A BOM is not part of the first line:
/// counted in, it would indent the first key by three columns, and the
/// keys of the lines after it would seem to end that mapping.
fn line_start(b: &[u8], i: usize) -> usize {
    let before = b.get(..i).unwrap_or_default();
    before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or_else(|| first_line_start(b).min(i), |p| p + 1)
}

/// Past the BOM, if the text starts with one.
fn first_line_start(b: &[u8]) -> usize {
    if b.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// 1-based line and character column of byte offset `off`.
#[cfg(test)]
fn line_col(b: &[u8], off: usize) -> (usize, usize) {
    let before = b.get(..off).unwrap_or(b);
    let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
    let ls = line_start(b, off);
    let chars = before.get(ls..).unwrap_or_default();
    (
        line,
        1 + chars.iter().filter(|&&c| c & 0xC0 != 0x80).count(),
    )
}

/// End of an anchor, tag or alias name starting before `i`.
fn token_end(b: &[u8], mut i: usize) -> usize {
    while !is_blank(at(b, i)) && !is_flow_indicator(at(b, i)) {
        i += 1;
    }
    i
}

/// Skip whitespace and node properties (`&anchor`, `!tag`); in flow context
/// also line breaks and comments.
fn skip_props(b: &[u8], mut i: usize, flow: bool) -> usize {
    loop {
        i = if flow {
            skip_flow_ws(b, i)
        } else {
            skip_ws(b, i)
        };
        if !matches!(at(b, i), b'&' | b'!') {
            return i;
        }
        i = token_end(b, i + 1);
    }
}

/// The first node of the document: skips a BOM, comments, directives, `---`
/// and root properties.
fn root_node(b: &[u8]) -> Option<usize> {
    let mut i = first_line_start(b);
    loop {
        i = skip_ws(b, i);
        match at(b, i) {
            _ if i >= b.len() => return None,
            b'\n' => i += 1,
            b'#' | b'%' => i = next_line(b, i),
            b'&' | b'!' => i = token_end(b, i + 1),
            b'-' if is_doc_marker(b, i) => i += 3,
            _ => return Some(i),
        }
    }
}

// ---------------------------------------------------------------- scalars

/// Past the closing quote of the quoted scalar at `i` (or the end of input).
fn skip_quoted(b: &[u8], i: usize) -> usize {
    let q = at(b, i);
    let mut j = i + 1;
    while j < b.len() {
        // Jump to the next quote or backslash in one tight loop: a large
        // spec's strings are megabytes long.
        match b[j..].iter().position(|&c| c == q || c == b'\\') {
            Some(n) => j += n,
            None => return b.len(),
        }
        match b[j] {
            b'\\' if q == b'"' => j += 2,
            c if c == q && q == b'\'' && at(b, j + 1) == b'\'' => j += 2,
            c if c == q => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// Decode the quoted scalar at `i`; returns its text and the position past it.
fn decode_quoted(b: &[u8], i: usize) -> (String, usize) {
    let q = at(b, i);
    let mut out = Vec::new();
    let mut j = i + 1;
    while j < b.len() {
        let c = b[j];
        if c == q && q == b'\'' && at(b, j + 1) == b'\'' {
            out.push(b'\'');
            j += 2;
        } else if c == q {
            j += 1;
            break;
        } else if c == b'\\' && q == b'"' {
            j = unescape(b, j + 1, &mut out);
        } else {
            out.push(c);
            j += 1;
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), j)
}

/// Single-letter escapes of YAML double-quoted scalars (a superset of JSON's).
const ESCAPES: &[u8] = b"ntrbf0aveN_LP";
const ESCAPED: [char; 13] = [
    '\n', '\t', '\r', '\u{8}', '\u{c}', '\0', '\u{7}', '\u{b}', '\u{1b}', '\u{85}', '\u{a0}',
    '\u{2028}', '\u{2029}',
];

/// Decode the escape whose letter is at `j` into `out`; returns the position after it.
fn unescape(b: &[u8], j: usize, out: &mut Vec<u8>) -> usize {
    match at(b, j) {
        _ if j >= b.len() => return j,
        b'x' => return hex_escape(b, j + 1, 2, out),
        b'u' => return unicode_escape(b, j + 1, out),
        b'U' => return hex_escape(b, j + 1, 8, out),
        b'\n' => {} // escaped line break: nothing
        c => match ESCAPES.iter().zip(ESCAPED).find(|&(&e, _)| e == c) {
            Some((_, decoded)) => push_char(out, decoded),
            None => out.push(c), // `"`, `\`, `/`, space, tab; unknown kept as is
        },
    }
    j + 1
}

fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

fn hex(b: &[u8], j: usize, n: usize) -> Option<u32> {
    let digits = b.get(j..j + n)?;
    digits
        .iter()
        .try_fold(0u32, |acc, &d| Some(acc * 16 + char::from(d).to_digit(16)?))
}

fn hex_escape(b: &[u8], j: usize, n: usize, out: &mut Vec<u8>) -> usize {
    let c = hex(b, j, n).and_then(char::from_u32);
    push_char(out, c.unwrap_or(char::REPLACEMENT_CHARACTER));
    if c.is_some() {
        j + n
    } else {
        j
    }
}

/// `\uXXXX`, combining a following `\uXXXX` low surrogate into one character.
fn unicode_escape(b: &[u8], j: usize, out: &mut Vec<u8>) -> usize {
    let Some(hi) = hex(b, j, 4) else {
        push_char(out, char::REPLACEMENT_CHARACTER);
        return j;
    };
    let (mut cp, mut end) = (hi, j + 4);
    if (0xD800..0xDC00).contains(&hi) && b.get(end..end + 2) == Some(b"\\u") {
        if let Some(lo) = hex(b, end + 2, 4).filter(|lo| (0xDC00..0xE000).contains(lo)) {
            cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            end += 6;
        }
    }
    push_char(
        out,
        char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER),
    );
    end
}

/// End of the plain scalar starting at `i`: before `: `, ` #`, a line break
/// (block context) or a flow indicator (flow context, where it may span lines).
fn plain_end(b: &[u8], mut i: usize, flow: bool) -> usize {
    let start = i;
    while i < b.len() {
        let stop = match b[i] {
            b'\n' => !flow,
            b':' => is_blank(at(b, i + 1)) || (flow && is_flow_indicator(at(b, i + 1))),
            b'#' => i > start && is_blank(b[i - 1]),
            c => flow && is_flow_indicator(c),
        };
        if stop {
            break;
        }
        i += 1;
    }
    i
}

fn plain_text(b: &[u8], i: usize, j: usize) -> String {
    String::from_utf8_lossy(b.get(i..j).unwrap_or_default())
        .trim_end()
        .to_string()
}

/// A JSON pointer array index: decimal digits, no leading zero.
fn parse_index(seg: &str) -> Option<usize> {
    let digits = !seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit());
    if !digits || (seg.len() > 1 && seg.starts_with('0')) {
        return None;
    }
    seg.parse().ok()
}

// ---------------------------------------------------------------- flow context

/// Skip whitespace, line breaks and comments inside a flow collection.
fn skip_flow_ws(b: &[u8], mut i: usize) -> usize {
    loop {
        match at(b, i) {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' if i == 0 || is_blank(b[i - 1]) => i = next_line(b, i),
            _ => return i,
        }
    }
}

/// The bytes [`skip_flow`] looks at.
const FLOW_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    let special = b"{}[]\"'#";
    while k < special.len() {
        table[special[k] as usize] = true;
        k += 1;
    }
    table
};

/// Past the flow collection opening at `i`, counting nesting instead of recursing.
fn skip_flow(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        // Only brackets, quotes and `#` matter here: jump to the next one.
        match b[i..].iter().position(|&c| FLOW_SPECIAL[usize::from(c)]) {
            Some(n) => i += n,
            None => return b.len(),
        }
        let prev = if i == 0 { b' ' } else { b[i - 1] };
        let token_start = is_blank(prev) || matches!(prev, b'[' | b'{' | b',' | b':');
        match b[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth <= 1 => return i + 1,
            b'}' | b']' => depth -= 1,
            b'"' | b'\'' if token_start => {
                i = skip_quoted(b, i);
                continue;
            }
            b'#' if is_blank(prev) => {
                i = next_line(b, i);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Past the flow node (with its properties) starting at `i`.
fn skip_flow_node(b: &[u8], i: usize) -> usize {
    let i = skip_props(b, i, true);
    match at(b, i) {
        b'{' | b'[' => skip_flow(b, i),
        b'"' | b'\'' => skip_quoted(b, i),
        _ => plain_end(b, i, true),
    }
}

/// Key at `i` inside a flow mapping: its text and the position past it.
fn flow_key(b: &[u8], i: usize) -> Option<(String, usize)> {
    match at(b, i) {
        b'"' | b'\'' => Some(decode_quoted(b, i)),
        c if is_flow_indicator(c) => None,
        _ => {
            let j = plain_end(b, i, true);
            Some((plain_text(b, i, j), j))
        }
    }
}

/// A flow value may only have children if it is itself a flow collection.
fn flow_children(b: &[u8], v: usize) -> Option<usize> {
    matches!(at(b, v), b'{' | b'[').then_some(v)
}

/// Member `seg` of the flow mapping whose `{` is at `i`.
#[cfg(test)]
fn flow_member(b: &[u8], i: usize, seg: &str) -> Option<Found> {
    let mut i = i + 1;
    loop {
        i = skip_flow_ws(b, i);
        if i >= b.len() || at(b, i) == b'}' {
            return None;
        }
        let (key, j) = flow_key(b, i)?;
        let j = skip_flow_ws(b, j);
        let has_value = at(b, j) == b':';
        let v = if has_value {
            skip_props(b, j + 1, true)
        } else {
            j
        };
        if key == seg {
            return Some((i, flow_children(b, v)));
        }
        let end = skip_flow_ws(b, if has_value { skip_flow_node(b, v) } else { v });
        if at(b, end) != b',' {
            return None;
        }
        i = end + 1;
    }
}

/// Every member of the flow mapping whose `{` is at `i`, up to the first
/// that does not parse (where `flow_member` stops too).
fn flow_members(b: &[u8], i: usize) -> Members {
    let mut out = Members::new();
    let mut i = i + 1;
    loop {
        i = skip_flow_ws(b, i);
        if i >= b.len() || at(b, i) == b'}' {
            return out;
        }
        let Some((key, j)) = flow_key(b, i) else {
            return out;
        };
        let j = skip_flow_ws(b, j);
        let has_value = at(b, j) == b':';
        let v = if has_value {
            skip_props(b, j + 1, true)
        } else {
            j
        };
        out.entry(key).or_insert((i, flow_children(b, v)));
        let end = skip_flow_ws(b, if has_value { skip_flow_node(b, v) } else { v });
        if at(b, end) != b',' {
            return out;
        }
        i = end + 1;
    }
}

/// Item `seg` of the flow sequence whose `[` is at `i`.
fn flow_item(b: &[u8], i: usize, seg: &str) -> Option<Found> {
    let idx = parse_index(seg)?;
    let mut i = i + 1;
    for _ in 0..idx {
        i = skip_flow_ws(b, i);
        if i >= b.len() || at(b, i) == b']' {
            return None;
        }
        i = skip_flow_ws(b, skip_flow_node(b, i));
        if at(b, i) == b':' {
            i = skip_flow_ws(b, skip_flow_node(b, i + 1)); // single-pair mapping `[a: 1]`
        }
        if at(b, i) != b',' {
            return None;
        }
        i += 1;
    }
    let v = skip_props(b, i, true);
    if v >= b.len() || matches!(at(b, v), b']' | b',') {
        return None;
    }
    Some((v, flow_children(b, v)))
}

// ---------------------------------------------------------------- block context

/// Skip the tokens from `i` to the end of its line, including any quoted
/// scalar, flow collection or block scalar that continues on later lines.
/// `parent` is the indentation block scalar content must exceed. Returns the
/// next line's start, plus the indentation plain-scalar continuation lines must
/// exceed if the line ended inside a plain scalar.
fn skip_line_tokens(b: &[u8], mut i: usize, mut parent: usize) -> (usize, Option<usize>) {
    let mut ls = line_start(b, i);
    let (mut tok, mut plain) = (i - ls, false);
    loop {
        i = skip_ws(b, i);
        let c = at(b, i);
        match c {
            _ if i >= b.len() => return (b.len(), None),
            b'\n' | b'#' => return (next_line(b, i), plain.then_some(parent)),
            b'-' | b'?' | b':' if is_blank(at(b, i + 1)) => {
                parent = if c == b':' { tok } else { i - ls };
                plain = false;
                i += 1;
            }
            b'|' | b'>' => return (skip_block_scalar(b, i, parent), None),
            _ => {
                tok = i - ls;
                let j = match c {
                    b'"' | b'\'' => skip_quoted(b, i),
                    b'{' | b'[' => skip_flow(b, i),
                    _ => plain_end(b, i, false),
                };
                plain = !matches!(c, b'"' | b'\'' | b'{' | b'[');
                if let Some(nl) = b
                    .get(i..j)
                    .and_then(|s| s.iter().rposition(|&x| x == b'\n'))
                {
                    ls = i + nl + 1;
                }
                i = j;
            }
        }
    }
}

/// Past the block scalar whose header (`|`, `>-`, `|+2` ...) is at `i`: its
/// content is every following line that is blank or indented beyond `parent`.
fn skip_block_scalar(b: &[u8], i: usize, parent: usize) -> usize {
    let mut i = next_line(b, i);
    while i < b.len() {
        let k = skip_ws(b, i);
        if k < b.len() && at(b, k) != b'\n' && k - i <= parent {
            break;
        }
        i = next_line(b, k);
    }
    i
}

/// First content line at or after the line starting at `i`, skipping blank and
/// comment lines: (its first non-blank position, its indent). None at the end
/// of the document.
fn content_line(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    while i < b.len() {
        let k = skip_ws(b, i);
        match at(b, k) {
            b'\n' => i = k + 1,
            b'#' => i = next_line(b, k),
            _ if k >= b.len() || (k == i && is_doc_marker(b, k)) => return None,
            _ => return Some((k, k - i)),
        }
    }
    None
}

/// Skip the rest of an entry of a block collection at column `col`, from `i`
/// (just after its `:` or `-`), to the next content line indented at most
/// `col`. With `same_dash`, `- ` lines at `col` still belong to the entry (a
/// mapping value written as a sequence at the key's indentation).
fn skip_entry(b: &[u8], i: usize, col: usize, same_dash: bool) -> Option<(usize, usize)> {
    let (mut i, mut plain) = skip_line_tokens(b, i, col);
    loop {
        let (k, ind) = content_line(b, i)?;
        if ind < col || (ind == col && !(same_dash && is_dash(b, k))) {
            return Some((k, ind));
        }
        if plain.is_some_and(|t| ind > t) {
            i = next_line(b, k); // continuation of a multi-line plain scalar
        } else {
            (i, plain) = skip_line_tokens(b, k, ind.saturating_sub(1));
        }
    }
}

/// Start of the value after an indicator ending at `i`, in a block collection
/// at column `col`: on the same line, or on a following, deeper line.
fn block_value(b: &[u8], i: usize, col: usize, same_dash: bool) -> Option<usize> {
    let mut j = skip_props(b, i, false);
    loop {
        if j < b.len() && !matches!(at(b, j), b'\n' | b'#') {
            return Some(j);
        }
        let (k, ind) = content_line(b, next_line(b, j))?;
        if !(ind > col || (same_dash && ind == col && is_dash(b, k))) {
            return None;
        }
        j = skip_props(b, k, false);
    }
}

/// Implicit key at `i`: its text and the position just past its `:`.
fn block_key(b: &[u8], i: usize) -> Option<(String, usize)> {
    let (key, j, quoted) = match at(b, i) {
        b'"' | b'\'' => {
            let (key, j) = decode_quoted(b, i);
            (key, j, true)
        }
        b'-' | b'?' | b':' if is_blank(at(b, i + 1)) => return None,
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => return None,
        _ => {
            let j = plain_end(b, i, false);
            (plain_text(b, i, j), j, false)
        }
    };
    let j = skip_ws(b, j);
    let colon = at(b, j) == b':' && (quoted || is_blank(at(b, j + 1)));
    colon.then_some((key, j + 1))
}

/// Child `seg` of the block node starting at `start` (a mapping or a sequence).
#[cfg(test)]
fn block_child(b: &[u8], start: usize, seg: &str) -> Option<Found> {
    let col = start - line_start(b, start);
    if is_dash(b, start) {
        block_item(b, start, col, seg)
    } else {
        block_member(b, start, col, seg)
    }
}

#[cfg(test)]
fn block_member(b: &[u8], mut e: usize, col: usize, seg: &str) -> Option<Found> {
    loop {
        let (key, after) = block_key(b, e)?;
        if key == seg {
            return Some((e, block_value(b, after, col, true)));
        }
        let (k, ind) = skip_entry(b, after, col, true)?;
        if ind != col {
            return None;
        }
        e = k;
    }
}

/// Every member of the block mapping starting at `e` (at column `col`), up
/// to the first that does not parse (where `block_member` stops too).
fn block_members(b: &[u8], mut e: usize, col: usize) -> Members {
    let mut out = Members::new();
    loop {
        let Some((key, after)) = block_key(b, e) else {
            return out;
        };
        out.entry(key)
            .or_insert_with(|| (e, block_value(b, after, col, true)));
        match skip_entry(b, after, col, true) {
            Some((k, ind)) if ind == col => e = k,
            _ => return out,
        }
    }
}

fn block_item(b: &[u8], mut e: usize, col: usize, seg: &str) -> Option<Found> {
    for _ in 0..parse_index(seg)? {
        let (k, ind) = skip_entry(b, e + 1, col, false)?;
        if ind != col || !is_dash(b, k) {
            return None;
        }
        e = k;
    }
    let v = block_value(b, e + 1, col, false);
    Some((v.unwrap_or(e), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Check a table of `pointer => needle` lines: the pointer must land on the
    /// first occurrence of the needle, or not resolve when the needle is `-`.
    fn check(text: &str, table: &str) {
        // One locator for the whole table: its kept members must not
        // change what later pointers find.
        let mut shared = Locator::new(text);
        for (ptr, needle) in table.lines().filter_map(|l| l.split_once("=>")) {
            let (ptr, needle) = (ptr.trim(), needle.trim());
            let want = (needle != "-").then(|| {
                let off = text
                    .find(needle)
                    .unwrap_or_else(|| panic!("no needle {needle:?}"));
                line_col(text.as_bytes(), off)
            });
            assert_eq!(locate_one(text, ptr), want, "pointer {ptr:?} in {text:?}");
            assert_eq!(Locator::new(text).locate(ptr), want, "Locator, {ptr:?}");
            assert_eq!(shared.locate(ptr), want, "shared Locator, {ptr:?}");
        }
    }

    const YAML: &str = r##"# Demo API – ñandú
openapi: 3.0.3
info:
  title: "Demo ñandú"
  description: |
    Multi-line text
    paths: not a key
  version: '1.0'
paths:
  /contacts/{id}:
    parameters:
    - name: id
      in: path
      required: true
    - $ref: '#/components/parameters/Page'
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Contact'}
      responses:
        '200':
          description: >-
            ok
        404:
          description: plain
            continued "quote {
        "500": {description: oops}
components:
  schemas:
    Contact:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            tags: {type: array, items: [x, {y: 1}]}
"##;

    const YAML_CASES: &str = r##"
        => openapi
        /openapi => openapi
        /info/title => title
        /info/version => version
        /info/paths => -
        /info/description/paths => -
        /paths/~1contacts~1{id} => /contacts/
        /paths/~1contacts => -
        /openapi/x => -
        /paths/~1contacts~1{id}/parameters/0 => name: id
        /paths/~1contacts~1{id}/parameters/0/in => in: path
        /paths/~1contacts~1{id}/parameters/1 => $ref: '#/components/p
        /paths/~1contacts~1{id}/parameters/1/$ref => $ref: '#/components/p
        /paths/~1contacts~1{id}/parameters/2 => -
        /paths/~1contacts~1{id}/put/requestBody => requestBody
        /paths/~1contacts~1{id}/put/requestBody/content/application~1json/schema/$ref => $ref: '#/components/schemas/C
        /paths/~1contacts~1{id}/put/responses/200 => '200'
        /paths/~1contacts~1{id}/put/responses/404 => 404
        /paths/~1contacts~1{id}/put/responses/500 => "500"
        /paths/~1contacts~1{id}/put/responses/500/description => description: oops
        /components => components:
        /components/schemas/Contact/allOf/0 => $ref: '#/components/schemas/B
        /components/schemas/Contact/allOf/2 => -
        /components/schemas/Contact/allOf/01 => -
        /components/schemas/Contact/allOf/- => -
        /components/schemas/Contact/allOf/1/properties/tags/items/0 => x, {
        /components/schemas/Contact/allOf/1/properties/tags/items/1/y => y: 1"##;

    const JSON: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Demo ñandú", "description": "Multi\n\"paths\": x", "version": "1.0"},
  "paths": {
    "/contacts/{id}": {
      "parameters": [
        {"name": "id", "in": "path", "required": true},
        {"$ref": "#/components/parameters/Page"}
      ],
      "put": {
        "requestBody": {"content": {"application/json": {
          "schema": {"$ref": "#/components/schemas/Contact"}}}},
        "responses": {"200": {"description": "ok"}, "404": {}, "500": {"description": "oops"}}
      }
    }
  },
  "components": {"schemas": {"Contact": {"allOf": [
    {"$ref": "#/components/schemas/Base"},
    {"type": "object", "properties": {"tags": {"type": "array", "items": ["x", {"y": 1}]}}}
  ]}}}
}
"##;

    const JSON_CASES: &str = r##"
        => {
        /openapi => "openapi"
        /info/version => "version"
        /info/paths => -
        /paths/~1contacts~1{id} => "/contacts/
        /paths/~1contacts => -
        /paths/~1contacts~1{id}/parameters/0 => {"name"
        /paths/~1contacts~1{id}/parameters/0/in => "in"
        /paths/~1contacts~1{id}/parameters/1/$ref => "$ref": "#/components/p
        /paths/~1contacts~1{id}/parameters/2 => -
        /paths/~1contacts~1{id}/put/requestBody/content/application~1json/schema/$ref => "$ref": "#/components/schemas/C
        /paths/~1contacts~1{id}/put/responses/200 => "200"
        /paths/~1contacts~1{id}/put/responses/500/description => "description": "oops
        /paths/~1contacts~1{id}/put/x => -
        /components/schemas/Contact/allOf/1/properties/tags/items/0 => "x"
        /components/schemas/Contact/allOf/1/properties/tags/items/1/y => "y"
        /components/schemas/Contact/allOf/1/properties/tags/items/2 => -
        /components/schemas/Contact/allOf/1/properties/tags/items/0/0 => -"##;

    #[test]
    fn openapi_documents() {
        check(YAML, YAML_CASES);
        check(JSON, JSON_CASES);
    }

    #[test]
    fn json_escapes_and_unicode() {
        let doc = r#"{"a\"b": 1, "\ud83d\ude00": 2, "caf\u00e9": 3, "x\/y": 4, "ñandú": "café", "z": [1, 2]}"#;
        check(
            doc,
            "/a\"b => \"a\\\n/😀 => \"\\ud83d\n/café => \"caf\\\n/x~1y => \"x\\/",
        );
        check(doc, "/z/1 => 2]\n/ñandú => \"ñ\n/nope => -");
        assert_eq!(locate(r#"{"ñandú": "café", "x": 1}"#, "/x"), Some((1, 19)));
        assert_eq!(
            locate("{\"\\ud800\": 1, \"\\u12\": 2}", "/\u{FFFD}"),
            Some((1, 2))
        );
    }

    #[test]
    fn yaml_keys_numbers_and_quotes() {
        let doc = "200: a\n'201': b\n\"202\": c\n'it''s': d\n\"tab\\tx\": e\nk ey : f\nurl: http://x:80/\n";
        check(
            doc,
            "/200 => 200\n/201 => '201'\n/202 => \"202\"\n/it's => 'it\n/tab\tx => \"tab",
        );
        check(doc, "/k ey => k ey\n/url => url\n/url/x => -\n/203 => -");
    }

    #[test]
    fn yaml_sequences() {
        let doc = "tags:\n- v0\n-   v1\n- - c\n  - v21\n-\n  k: v\n- {f: 1}\nnext:\n  - x: 1\n    y: 2\n  - [z]\n";
        check(
            doc,
            "/tags/0 => v0\n/tags/1 => v1\n/tags/2/1 => v21\n/tags/3/k => k: v\n/tags/4/f => f: 1",
        );
        check(
            doc,
            "/tags/5 => -\n/next => next\n/next/0/y => y: 2\n/next/1/0 => z]\n/next/0/z => -",
        );
    }

    #[test]
    fn yaml_flow_collections() {
        let doc = "a: {b: 1, c: [x, y], 'd': {e: f}}\ng: [ {h: 1},\n  [i, j] ]\nk: {l, m: n}\n";
        check(
            doc,
            "/a/c/1 => y]\n/a/d/e => e: f\n/g/0/h => h: 1\n/g/1/1 => j]",
        );
        check(doc, "/k/l => l,\n/k/m => m: n\n/a/z => -\n/g/2 => -");
    }

    #[test]
    fn yaml_skips_scalars_and_comments() {
        let doc = "a: |-\n  line\n  b: fake\n\n  [x\nb: >+2\n    {text\n\nc: \"first\n  d: not\" # c: no\n\
                   d: 'x\ny: z'\ne: plain\n  \"more\n  [text\nf: x#y\n  # comment: 1\ng: 1\n";
        check(doc, "/b => b: >\n/c => c: \"\n/d => d: '\n/y => -\n/e => e:\n/f => f:\n/g => g:\n/comment => -");
    }

    #[test]
    fn yaml_document_markers_anchors_tags() {
        check(
            "%YAML 1.2\n---\na: 1\n...\nb: 2\n",
            " => a\n/a => a\n/b => -",
        );
        check("--- {a: [1, 2]}\n", "/a/1 => 2]\n => {");
        let doc = "base: &b\n  x: 1\ntagged: !!str hi\nref: *b\nlist:\n  - &it !!map\n    k: v\n  - !t &a [q]\n";
        check(
            doc,
            "/base/x => x: 1\n/ref => ref\n/ref/x => -\n/list/0/k => k: v\n/list/1/0 => q]",
        );
    }

    #[test]
    fn crlf_bom_and_unicode_columns() {
        check("a:\r\n  b: 1\r\nc:\r\n- x\r\n", "/a/b => b: 1\n/c/0 => x");
        assert_eq!(locate("\u{FEFF}a: 1\nb: 2", "/a"), Some((1, 1)));
        // The BOM does not indent the first key: the root mapping goes on.
        let bom_first = "\u{FEFF}a: 1\nb:\n  c: [x, {d: 2}]\n";
        assert_eq!(locate(bom_first, "/b/c/1/d"), Some((3, 11)));
        assert_eq!(locate_one(bom_first, "/b/c/1/d"), Some((3, 11)));
        assert_eq!(locate("\u{FEFF}{\"a\": 1,\n\"b\": 2}", "/b"), Some((2, 1)));
        assert_eq!(locate("ñandú: {é: 1, x: 2}\n", "/ñandú/x"), Some((1, 15)));
        assert_eq!(locate("- ñandú\n- «b»: 1\n", "/1/«b»"), Some((2, 3)));
    }

    #[test]
    fn pointer_decoding() {
        assert!(pointer_segments("").is_empty());
        assert_eq!(pointer_segments("/"), [""]);
        assert_eq!(pointer_segments("/a~1b/c~0d/~01"), ["a/b", "c~d", "~1"]);
        assert_eq!(pointer_segments("#/a"), ["a"]);
        assert_eq!(locate("{\"\": 1}", "/"), Some((1, 2)));
    }

    #[test]
    fn degenerate_truncated_and_mutated_inputs_never_panic() {
        let ptrs = [
            "",
            "/a",
            "/0/a",
            "/paths/~1contacts~1{id}/put/responses/404",
            "/components/schemas/Contact/allOf/1",
        ];
        for doc in [
            "",
            " \n# c\n",
            "---\n",
            "{",
            "[",
            "- ",
            "{\"a\"",
            "\"",
            "'",
            "a: |",
            "[1,",
            "a:\n  - b: [",
        ] {
            for p in ptrs {
                let _ = locate(doc, p);
            }
        }
        let noise = b"{}[]:,-?\"'#|>&*!%\\ \n\t\r0a";
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut random = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 16) as usize % n
        };
        for doc in [YAML, JSON] {
            for end in (0..=doc.len()).filter(|&i| doc.is_char_boundary(i)) {
                for p in ptrs {
                    let _ = (locate(&doc[..end], p), locate(&doc[end..], p));
                }
            }
            for _ in 0..3000 {
                let mut bytes = doc.as_bytes().to_vec();
                for _ in 0..4 {
                    let i = random(bytes.len());
                    if bytes[i].is_ascii() {
                        bytes[i] = noise[random(noise.len())];
                    }
                }
                let text = String::from_utf8(bytes).expect("only ASCII bytes replaced");
                for p in ptrs {
                    let _ = locate(&text, p);
                }
            }
        }
    }

    #[test]
    fn deep_and_large_inputs() {
        let deep = format!(
            "{{\"a\": {}{}, \"b\": 1}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        assert_eq!(locate(&deep, "/b"), Some((1, 400_009)));
        assert_eq!(
            locate(&"[".repeat(100_000), &"/0".repeat(1000)),
            Some((1, 1001))
        );
        let nested: String = (0..2000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(locate(&format!("{nested}z: 1\n"), "/z"), Some((2001, 1)));
        let big: String = (0..100_000)
            .map(|i| format!("\"k{i}\": {{\"v\": [{i}, \"s\"]}}, "))
            .collect();
        let big = format!("{{{big}\"last\": 0}}");
        check(
            &big,
            "/last => \"last\"\n/k99999/v/1 => \"s\"]}, \"last\n/k5/w => -",
        );
    }

    /// Every pointer of every test spec (and the flagship's): one shared
    /// Locator finds what the walk for one pointer finds.
    #[test]
    fn locator_agrees_with_the_single_walk_on_the_test_specs() {
        fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
            out.push(at.clone());
            let esc = |k: &str| k.replace('~', "~0").replace('/', "~1");
            match v {
                serde_json::Value::Object(m) => {
                    for (k, c) in m {
                        pointers(c, format!("{at}/{}", esc(k)), out);
                    }
                }
                serde_json::Value::Array(a) => {
                    for (i, c) in a.iter().enumerate() {
                        pointers(c, format!("{at}/{i}"), out);
                    }
                }
                _ => {}
            }
        }
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(format!("{root}/tests/specs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.push(format!("{root}/spec/contacts.yaml").into());
        let mut checked = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let Ok(value) = serde_yaml::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let mut shared = Locator::new(&text);
            for p in &all {
                assert_eq!(shared.locate(p), locate_one(&text, p), "{p} in {file:?}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
