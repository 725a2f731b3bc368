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
    let re = ::regex::Regex::new(&ecma_classes(pattern)).ok();
    cache.write().unwrap_or_else(|e| e.into_inner()).insert(pattern, re.clone());
    re
}

#[cfg(test)]
mod patterns_tests {
    use super::*;
    use ::serde_json::{json, Value};

    fn message(checked: Checked) -> String {
        checked.unwrap_err().message().to_owned()
    }

    #[test]
    fn patterns_are_not_anchored() {
        let c = pattern(expect_string, "[0-9]+");
        assert!(c(&json!("abc123def")).is_ok());
        assert!(c(&json!("7")).is_ok());
        assert_eq!(message(c(&json!("abc"))), "must match the pattern `[0-9]+`");
        assert_eq!(message(c(&json!(""))), "must match the pattern `[0-9]+`");
    }

    #[test]
    fn anchored_patterns_match_the_whole_string() {
        let c = pattern(expect_string, "^[a-z]+$");
        assert!(c(&json!("abc")).is_ok());
        assert_eq!(
            message(c(&json!("abc1"))),
            "must match the pattern `^[a-z]+$`"
        );
        assert_eq!(
            message(c(&json!(" abc"))),
            "must match the pattern `^[a-z]+$`"
        );
        assert_eq!(message(c(&json!(""))), "must match the pattern `^[a-z]+$`");
        let c = pattern(expect_string, "^[A-Z]{2}-\\d{4}$");
        assert!(c(&json!("AB-1234")).is_ok());
        assert_eq!(
            message(c(&json!("AB-12345"))),
            "must match the pattern `^[A-Z]{2}-\\d{4}$`"
        );
        let prefix = pattern(expect_string, "^ab");
        assert!(prefix(&json!("abc")).is_ok());
        assert!(prefix(&json!("cab")).is_err());
    }

    #[test]
    fn the_item_check_comes_first_and_non_strings_pass() {
        let c = pattern(expect_string, "^x$");
        assert_eq!(message(c(&json!(5))), "expected a string, found a number");
        let any = pattern(accept_any, "^x$");
        assert!(any(&json!(5)).is_ok());
        assert!(any(&Value::Null).is_ok());
        assert!(any(&json!(["y"])).is_ok());
        assert!(any(&json!("x")).is_ok());
        assert!(any(&json!("y")).is_err());
    }

    #[test]
    fn patterns_match_characters() {
        let c = pattern(expect_string, "^.{3}$");
        assert!(c(&json!("日本語")).is_ok());
        assert!(c(&json!("abcd")).is_err());
        let c = pattern(expect_string, "^\\p{Lu}");
        assert!(c(&json!("Élan")).is_ok());
        assert!(c(&json!("élan")).is_err());
    }

    #[test]
    fn ecma_classes_become_ascii_classes_outside_and_inside_brackets() {
        assert_eq!(ecma_classes(r"^\d{3}-\w+$"), "^[0-9]{3}-[0-9A-Za-z_]+$");
        assert_eq!(ecma_classes(r"[\d.]+\D\W"), "[[0-9].]+[^0-9][^0-9A-Za-z_]");
        // An escaped backslash followed by `d` is a backslash and a `d`.
        assert_eq!(ecma_classes(r"a\\d\s\."), r"a\\d\s\.");
        let c = pattern(expect_string, r"^[\w.]+@\w+$");
        assert!(c(&json!("a.b_c@x1")).is_ok());
        assert!(c(&json!("é@x")).is_err());
    }

    #[test]
    fn digit_class_is_ascii_as_in_ecma_262() {
        let c = pattern(expect_string, "^\\d+$");
        assert!(c(&json!("١٢٣")).is_err());
    }

    #[test]
    fn invalid_patterns_never_reject() {
        let c = pattern(expect_string, "([a-z");
        assert!(c(&json!("anything")).is_ok());
        assert!(c(&json!("")).is_ok());
        // ECMA-only syntax the regex crate cannot compile is ignored too.
        let lookahead = pattern(expect_string, "^(?=.*[0-9]).+$");
        assert!(lookahead(&json!("no digits")).is_ok());
        assert!(compiled("([a-z").is_none());
        // The type check still applies.
        assert_eq!(message(c(&json!(1))), "expected a string, found a number");
    }

    #[test]
    fn compiled_patterns_are_cached() {
        let first = compiled("^cache-[0-9]+$").unwrap();
        let second = compiled("^cache-[0-9]+$").unwrap();
        assert_eq!(first.as_str(), "^cache-[0-9]+$");
        assert_eq!(first.as_str(), second.as_str());
        assert!(second.is_match("cache-12"));
        // A failed compile is remembered as such.
        assert!(compiled("cache(").is_none());
        assert!(compiled("cache(").is_none());
        // Different patterns do not share an entry.
        assert_eq!(compiled("^other$").unwrap().as_str(), "^other$");
    }

    #[test]
    fn patterns_are_safe_to_use_from_many_threads() {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                ::std::thread::spawn(move || {
                    let c = pattern(expect_string, "^thread-[0-9]$");
                    let ok = c(&json!(format!("thread-{i}"))).is_ok();
                    let bad = c(&json!(format!("thread-{i}{i}"))).is_err();
                    ok && bad
                })
            })
            .collect();
        for h in handles {
            assert!(h.join().unwrap());
        }
    }

    #[test]
    fn patterns_with_limits_and_in_bodies() {
        let c = |v: &Value| {
            object(
                v,
                &[(
                    "code",
                    true,
                    &pattern(
                        limited(expect_string, Limits::NONE.max_length(4)),
                        "^[A-Z]+$",
                    ),
                )],
            )
        };
        assert!(c(&json!({"code": "ABCD"})).is_ok());
        let v = c(&json!({"code": "ABCDE"})).unwrap_err();
        assert_eq!(v.message(), "must be at most 4 characters long, found 5");
        let r = decode_json::<Value>(br#"{"code":"abc"}"#, c).unwrap_err();
        assert_eq!(
            r.message,
            "invalid request body: `code`: must match the pattern `^[A-Z]+$`"
        );
        assert_eq!(r.field.as_deref(), Some("code"));
    }
}
