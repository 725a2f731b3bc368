// Shared by the generated server (inlined next to `server_patterns.rs`) and
// by the generator itself, which compiles every pattern the way the server
// will at generation time, so a pattern the server could not run is a
// warning then rather than a check that silently never happens.

/// JSON Schema patterns are ECMA-262 regular expressions, where `\d` and
/// `\w` are ASCII (`[0-9]`, `[A-Za-z0-9_]`); Rust's are Unicode-aware
/// (`\d` takes Arabic-Indic digits). Spell them as ASCII classes, which also
/// works inside a class (`[\d.]` becomes `[[0-9].]`). An escaped backslash
/// stays as it is.
pub fn ecma_classes(pattern: &str) -> ::std::string::String {
    let mut out = ::std::string::String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let ::std::option::Option::Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            ::std::option::Option::Some('d') => out.push_str("[0-9]"),
            ::std::option::Option::Some('D') => out.push_str("[^0-9]"),
            ::std::option::Option::Some('w') => out.push_str("[0-9A-Za-z_]"),
            ::std::option::Option::Some('W') => out.push_str("[^0-9A-Za-z_]"),
            ::std::option::Option::Some(other) => {
                out.push('\\');
                out.push(other);
            }
            ::std::option::Option::None => out.push('\\'),
        }
    }
    out
}
