/// A check that applies `item`, then requires a string to match `pattern`
/// somewhere (JSON Schema patterns are not anchored: `^…$` anchors them).
/// Each pattern is compiled once, on first use.
pub fn pattern(item: impl Fn(&::serde_json::Value) -> Checked, pattern: &'static str) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| {
        item(v)?;
        let ::serde_json::Value::String(s) = v else {
            return ::std::result::Result::Ok(());
        };
        match compiled(pattern) {
            ::std::option::Option::Some(re) if !re.is_match(s) => {
                ::std::result::Result::Err(Violation::new(::std::format!("must match the pattern `{pattern}`")))
            }
            _ => ::std::result::Result::Ok(()),
        }
    }
}

type PatternCache = ::std::sync::RwLock<::std::collections::HashMap<&'static str, ::std::option::Option<::regex::Regex>>>;

/// The compiled pattern (`None` if it does not compile, which the generator
/// has already ruled out, so a bad pattern never rejects a request).
fn compiled(pattern: &'static str) -> ::std::option::Option<::regex::Regex> {
    static CACHE: ::std::sync::OnceLock<PatternCache> = ::std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(::std::default::Default::default);
    if let ::std::option::Option::Some(re) = cache.read().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return re.clone();
    }
    let re = ::regex::Regex::new(pattern).ok();
    cache.write().unwrap_or_else(|e| e.into_inner()).insert(pattern, re.clone());
    re
}
