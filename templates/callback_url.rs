/// The parts of the request that registered a callback which its URL
/// expression may name (see [`resolve_callback_url`]). Leave out what the
/// expressions do not use.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallbackRequest<'a> {
    /// The request's whole URL (`$url`).
    pub url: ::std::option::Option<&'a str>,
    /// The request's method (`$method`).
    pub method: ::std::option::Option<&'a str>,
    /// The request's JSON body (`$request.body#/pointer`).
    pub body: ::std::option::Option<&'a ::serde_json::Value>,
    /// Query parameters (`$request.query.name`), names as sent.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers (`$request.header.name`), names in any case.
    pub headers: &'a [(&'a str, &'a str)],
    /// Path parameters (`$request.path.name`).
    pub path: &'a [(&'a str, &'a str)],
}

/// A callback's URL from its runtime expression as the API description
/// writes it (`{$request.body#/callbackUrl}`,
/// `https://example.com/{$request.query.id}/done`), resolved against the
/// request that registered the callback. Text outside braces is kept.
/// `None` when the expression names something the request lacks (or a
/// body value that is an object, an array or null), or is not a runtime
/// expression this function knows.
pub fn resolve_callback_url(expression: &str, request: &CallbackRequest<'_>) -> ::std::option::Option<::std::string::String> {
    if expression.starts_with('$') {
        return resolve_one(expression, request);
    }
    let mut out = ::std::string::String::new();
    let mut rest = expression;
    while let ::std::option::Option::Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        out.push_str(&resolve_one(&rest[open + 1..close], request)?);
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return ::std::option::Option::None;
    }
    out.push_str(rest);
    ::std::option::Option::Some(out)
}

/// One runtime expression (without braces).
fn resolve_one(expression: &str, request: &CallbackRequest<'_>) -> ::std::option::Option<::std::string::String> {
    let find = |pairs: &[(&str, &str)], name: &str, any_case: bool| {
        pairs
            .iter()
            .find(|(k, _)| if any_case { k.eq_ignore_ascii_case(name) } else { *k == name })
            .map(|(_, v)| (*v).to_owned())
    };
    match expression {
        "$url" => return request.url.map(str::to_owned),
        "$method" => return request.method.map(str::to_owned),
        _ => {}
    }
    if let ::std::option::Option::Some(pointer) = expression.strip_prefix("$request.body#") {
        return match request.body?.pointer(pointer)? {
            ::serde_json::Value::String(s) => ::std::option::Option::Some(s.clone()),
            value @ (::serde_json::Value::Number(_) | ::serde_json::Value::Bool(_)) => ::std::option::Option::Some(value.to_string()),
            _ => ::std::option::Option::None,
        };
    }
    if let ::std::option::Option::Some(name) = expression.strip_prefix("$request.query.") {
        return find(request.query, name, false);
    }
    if let ::std::option::Option::Some(name) = expression.strip_prefix("$request.header.") {
        return find(request.headers, name, true);
    }
    if let ::std::option::Option::Some(name) = expression.strip_prefix("$request.path.") {
        return find(request.path, name, false);
    }
    ::std::option::Option::None
}

#[cfg(test)]
mod callback_url_tests {
    use super::*;

    #[test]
    fn expressions_resolve_against_the_registering_request() {
        let body = ::serde_json::json!({"callbackUrl": "https://a.example/hook", "id": 7, "deep": {"x~y": "z"}, "obj": {}});
        let request = CallbackRequest {
            url: Some("https://api.example/jobs?x=1"),
            method: Some("POST"),
            body: Some(&body),
            query: &[("notify", "https://b.example")],
            headers: &[("X-Hook", "https://c.example")],
            path: &[("job", "j1")],
        };
        let r = |e: &str| resolve_callback_url(e, &request);
        assert_eq!(r("{$request.body#/callbackUrl}").as_deref(), Some("https://a.example/hook"));
        assert_eq!(r("$request.body#/callbackUrl").as_deref(), Some("https://a.example/hook"));
        assert_eq!(r("{$request.query.notify}/progress/{$request.body#/id}").as_deref(), Some("https://b.example/progress/7"));
        assert_eq!(r("{$request.header.x-hook}").as_deref(), Some("https://c.example"));
        assert_eq!(r("https://d.example/{$request.path.job}?m={$method}").as_deref(), Some("https://d.example/j1?m=POST"));
        assert_eq!(r("{$request.body#/deep/x~1y}"), None);
        assert_eq!(r("{$request.body#/deep/x~0y}").as_deref(), Some("z"));
        assert_eq!(r("{$request.body#/obj}"), None);
        assert_eq!(r("{$request.query.missing}"), None);
        assert_eq!(r("{$response.body#/x}"), None);
        assert_eq!(r("{$request.body#/id"), None);
        assert_eq!(r("plain}"), None);
        assert_eq!(r("https://fixed.example").as_deref(), Some("https://fixed.example"));
        assert_eq!(resolve_callback_url("{$request.body#/id}", &CallbackRequest::default()), None);
    }
}
