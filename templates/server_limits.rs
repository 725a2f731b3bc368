/// A bound on a number: `minimum`/`maximum`, exclusive or not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// The limits a schema sets beyond the type (`minLength`, `maximum`,
/// `multipleOf`, `maxItems`, `uniqueItems`, …). Each applies only to the
/// kind of value it is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub min_length: ::std::option::Option<u64>,
    pub max_length: ::std::option::Option<u64>,
    pub minimum: ::std::option::Option<Bound>,
    pub maximum: ::std::option::Option<Bound>,
    pub multiple_of: ::std::option::Option<f64>,
    pub min_items: ::std::option::Option<u64>,
    pub max_items: ::std::option::Option<u64>,
    pub unique_items: bool,
}

impl Limits {
    pub const NONE: Limits = Limits {
        min_length: ::std::option::Option::None,
        max_length: ::std::option::Option::None,
        minimum: ::std::option::Option::None,
        maximum: ::std::option::Option::None,
        multiple_of: ::std::option::Option::None,
        min_items: ::std::option::Option::None,
        max_items: ::std::option::Option::None,
        unique_items: false,
    };

    pub const fn min_length(mut self, n: u64) -> Limits {
        self.min_length = ::std::option::Option::Some(n);
        self
    }

    pub const fn max_length(mut self, n: u64) -> Limits {
        self.max_length = ::std::option::Option::Some(n);
        self
    }

    pub const fn minimum(mut self, value: f64, exclusive: bool) -> Limits {
        self.minimum = ::std::option::Option::Some(Bound { value, exclusive });
        self
    }

    pub const fn maximum(mut self, value: f64, exclusive: bool) -> Limits {
        self.maximum = ::std::option::Option::Some(Bound { value, exclusive });
        self
    }

    pub const fn multiple_of(mut self, m: f64) -> Limits {
        self.multiple_of = ::std::option::Option::Some(m);
        self
    }

    pub const fn min_items(mut self, n: u64) -> Limits {
        self.min_items = ::std::option::Option::Some(n);
        self
    }

    pub const fn max_items(mut self, n: u64) -> Limits {
        self.max_items = ::std::option::Option::Some(n);
        self
    }

    pub const fn unique_items(mut self) -> Limits {
        self.unique_items = true;
        self
    }
}

/// A check that applies `item`, then `limits`.
pub fn limited(item: impl Fn(&::serde_json::Value) -> Checked, limits: Limits) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| {
        item(v)?;
        check_limits(v, &limits)
    }
}

fn check_limits(value: &::serde_json::Value, l: &Limits) -> Checked {
    let fail = |message: ::std::string::String| ::std::result::Result::Err(Violation::new(message));
    match value {
        ::serde_json::Value::String(s) => {
            let n = s.chars().count() as u64;
            if let ::std::option::Option::Some(min) = l.min_length {
                if n < min {
                    return fail(::std::format!("must be at least {min} characters long, found {n}"));
                }
            }
            if let ::std::option::Option::Some(max) = l.max_length {
                if n > max {
                    return fail(::std::format!("must be at most {max} characters long, found {n}"));
                }
            }
        }
        ::serde_json::Value::Number(number) => {
            let x = number.as_f64().unwrap_or(f64::NAN);
            if let ::std::option::Option::Some(b) = l.minimum {
                if b.exclusive && x <= b.value {
                    return fail(::std::format!("must be greater than {}, found {number}", b.value));
                }
                if x < b.value {
                    return fail(::std::format!("must be at least {}, found {number}", b.value));
                }
            }
            if let ::std::option::Option::Some(b) = l.maximum {
                if b.exclusive && x >= b.value {
                    return fail(::std::format!("must be less than {}, found {number}", b.value));
                }
                if x > b.value {
                    return fail(::std::format!("must be at most {}, found {number}", b.value));
                }
            }
            if let ::std::option::Option::Some(m) = l.multiple_of {
                if !is_multiple(number, m) {
                    return fail(::std::format!("must be a multiple of {m}, found {number}"));
                }
            }
        }
        ::serde_json::Value::Array(items) => {
            let n = items.len() as u64;
            if let ::std::option::Option::Some(min) = l.min_items {
                if n < min {
                    return fail(::std::format!("must have at least {min} items, found {n}"));
                }
            }
            if let ::std::option::Option::Some(max) = l.max_items {
                if n > max {
                    return fail(::std::format!("must have at most {max} items, found {n}"));
                }
            }
            if l.unique_items {
                for (i, item) in items.iter().enumerate() {
                    if let ::std::option::Option::Some(j) = items[..i].iter().position(|earlier| json_equal(earlier, item)) {
                        return fail(::std::format!("items must be unique, but items {j} and {i} are equal"));
                    }
                }
            }
        }
        _ => {}
    }
    ::std::result::Result::Ok(())
}

/// Equality as JSON Schema defines it: numbers by value (`1` equals
/// `1.0`), arrays item by item, objects by their keys and values.
fn json_equal(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
    use ::serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            // Integers exactly (an f64 would round large ones together).
            (::std::option::Option::Some(x), ::std::option::Option::Some(y), _, _) => x == y,
            (_, _, ::std::option::Option::Some(x), ::std::option::Option::Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Exact for integers; for other numbers, the quotient must be within a
/// relative 1e-9 of a whole number (binary floats make 0.3 / 0.01 come out
/// as 29.999999999999996). The tolerance is relative to the quotient, so a
/// tiny non-zero value is not "almost zero times" the multiple.
fn is_multiple(number: &::serde_json::Number, m: f64) -> bool {
    if m.fract() == 0.0 && m <= i64::MAX as f64 {
        if let ::std::option::Option::Some(i) = number.as_i64() {
            return i % (m as i64) == 0;
        }
        if let ::std::option::Option::Some(u) = number.as_u64() {
            return u % (m as u64) == 0;
        }
    }
    let q = number.as_f64().unwrap_or(f64::NAN) / m;
    (q - q.round()).abs() <= 1e-9 * q.abs()
}

/// The check for properties an `additionalProperties: false` object does
/// not list: there may be none.
pub fn no_other_properties(_: &::serde_json::Value) -> Checked {
    ::std::result::Result::Err(Violation::new("unknown property (the schema allows no others)"))
}

#[cfg(test)]
mod limits_tests {
    use super::*;
    use ::serde_json::{json, Value};

    fn message(checked: Checked) -> String {
        checked.unwrap_err().message().to_owned()
    }

    fn check(limits: Limits) -> impl Fn(&Value) -> Checked {
        limited(accept_any, limits)
    }

    #[test]
    fn builders_set_each_limit() {
        assert_eq!(
            Limits::NONE,
            Limits {
                min_length: None,
                max_length: None,
                minimum: None,
                maximum: None,
                multiple_of: None,
                min_items: None,
                max_items: None,
                unique_items: false,
            }
        );
        let l = Limits::NONE
            .min_length(1)
            .max_length(2)
            .minimum(0.5, true)
            .maximum(9.0, false)
            .multiple_of(0.5)
            .min_items(3)
            .max_items(4)
            .unique_items();
        assert_eq!(l.min_length, Some(1));
        assert_eq!(l.max_length, Some(2));
        assert_eq!(
            l.minimum,
            Some(Bound {
                value: 0.5,
                exclusive: true
            })
        );
        assert_eq!(
            l.maximum,
            Some(Bound {
                value: 9.0,
                exclusive: false
            })
        );
        assert_eq!(l.multiple_of, Some(0.5));
        assert_eq!(l.min_items, Some(3));
        assert_eq!(l.max_items, Some(4));
        assert!(l.unique_items);
    }

    #[test]
    fn no_limits_accept_everything() {
        let c = check(Limits::NONE);
        for v in [
            json!(null),
            json!(""),
            json!(-1e300),
            json!([1, 1]),
            json!({"a": 1}),
            json!(true),
        ] {
            assert!(c(&v).is_ok(), "{v}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let c = check(Limits::NONE.min_length(2).max_length(5));
        assert!(c(&json!("ab")).is_ok());
        assert!(c(&json!("abcde")).is_ok());
        // Five characters, six bytes.
        assert!(c(&json!("héllo")).is_ok());
        // Two characters, six bytes.
        assert!(c(&json!("日本")).is_ok());
        // Two characters, eight bytes.
        assert!(c(&json!("😀😀")).is_ok());
        assert_eq!(
            message(c(&json!("a"))),
            "must be at least 2 characters long, found 1"
        );
        assert_eq!(
            message(c(&json!(""))),
            "must be at least 2 characters long, found 0"
        );
        assert_eq!(
            message(c(&json!("abcdef"))),
            "must be at most 5 characters long, found 6"
        );
        assert_eq!(
            message(c(&json!("日本語日本語"))),
            "must be at most 5 characters long, found 6"
        );
        // One character, four bytes.
        assert_eq!(
            message(c(&json!("😀"))),
            "must be at least 2 characters long, found 1"
        );
    }

    #[test]
    fn zero_lengths() {
        let c = check(Limits::NONE.max_length(0));
        assert!(c(&json!("")).is_ok());
        assert_eq!(
            message(c(&json!(" "))),
            "must be at most 0 characters long, found 1"
        );
        assert!(check(Limits::NONE.min_length(0))(&json!("")).is_ok());
    }

    #[test]
    fn inclusive_minimum_and_maximum() {
        let c = check(Limits::NONE.minimum(1.0, false).maximum(10.0, false));
        assert!(c(&json!(1)).is_ok());
        assert!(c(&json!(10)).is_ok());
        assert!(c(&json!(1.0)).is_ok());
        assert!(c(&json!(5.5)).is_ok());
        assert_eq!(message(c(&json!(0))), "must be at least 1, found 0");
        assert_eq!(message(c(&json!(0.999))), "must be at least 1, found 0.999");
        assert_eq!(message(c(&json!(11))), "must be at most 10, found 11");
        assert_eq!(
            message(c(&json!(10.001))),
            "must be at most 10, found 10.001"
        );
        assert_eq!(message(c(&json!(-3))), "must be at least 1, found -3");
    }

    #[test]
    fn exclusive_minimum_and_maximum() {
        let c = check(Limits::NONE.minimum(0.0, true).maximum(1.5, true));
        assert!(c(&json!(0.0001)).is_ok());
        assert!(c(&json!(1)).is_ok());
        assert!(c(&json!(1.4999)).is_ok());
        assert_eq!(message(c(&json!(0))), "must be greater than 0, found 0");
        assert_eq!(
            message(c(&json!(-0.5))),
            "must be greater than 0, found -0.5"
        );
        assert_eq!(message(c(&json!(1.5))), "must be less than 1.5, found 1.5");
        assert_eq!(message(c(&json!(2))), "must be less than 1.5, found 2");
    }

    #[test]
    fn bounds_on_large_and_negative_numbers() {
        let c = check(Limits::NONE.minimum(-10.0, false).maximum(-1.0, true));
        assert!(c(&json!(-10)).is_ok());
        assert!(c(&json!(-1.5)).is_ok());
        assert_eq!(message(c(&json!(-1))), "must be less than -1, found -1");
        assert_eq!(message(c(&json!(-11))), "must be at least -10, found -11");
        let c = check(Limits::NONE.maximum(1e6, false));
        assert_eq!(
            message(c(&json!(u64::MAX))),
            "must be at most 1000000, found 18446744073709551615"
        );
    }

    #[test]
    fn integer_multiples() {
        let c = check(Limits::NONE.multiple_of(5.0));
        assert!(c(&json!(0)).is_ok());
        assert!(c(&json!(10)).is_ok());
        assert!(c(&json!(-15)).is_ok());
        assert!(c(&json!(10.0)).is_ok());
        assert!(c(&json!(u64::MAX)).is_ok());
        assert_eq!(message(c(&json!(7))), "must be a multiple of 5, found 7");
        assert_eq!(message(c(&json!(-7))), "must be a multiple of 5, found -7");
        assert_eq!(
            message(c(&json!(u64::MAX - 1))),
            "must be a multiple of 5, found 18446744073709551614"
        );
        assert_eq!(
            message(c(&json!(12.5))),
            "must be a multiple of 5, found 12.5"
        );
        let c = check(Limits::NONE.multiple_of(1.0));
        assert!(c(&json!(i64::MIN)).is_ok());
        assert_eq!(
            message(c(&json!(2.5))),
            "must be a multiple of 1, found 2.5"
        );
        // A tiny value is not "almost zero times" the multiple.
        assert_eq!(
            message(c(&json!(1e-12))),
            "must be a multiple of 1, found 1e-12"
        );
    }

    #[test]
    fn fractional_multiples_allow_for_binary_floats() {
        let c = check(Limits::NONE.multiple_of(0.1));
        for ok in [
            json!(0.3),
            json!(0.7),
            json!(1),
            json!(0),
            json!(-0.2),
            json!(123456.7),
        ] {
            assert!(c(&ok).is_ok(), "{ok}");
        }
        assert_eq!(
            message(c(&json!(0.35))),
            "must be a multiple of 0.1, found 0.35"
        );
        assert_eq!(
            message(c(&json!(0.01))),
            "must be a multiple of 0.1, found 0.01"
        );
        let c = check(Limits::NONE.multiple_of(0.01));
        assert!(c(&json!(19.99)).is_ok());
        assert!(c(&json!(0.29)).is_ok());
        assert_eq!(
            message(c(&json!(19.995))),
            "must be a multiple of 0.01, found 19.995"
        );
        let c = check(Limits::NONE.multiple_of(2.5));
        assert!(c(&json!(7.5)).is_ok());
        assert!(c(&json!(10)).is_ok());
        assert_eq!(message(c(&json!(8))), "must be a multiple of 2.5, found 8");
    }

    #[test]
    fn is_multiple_directly() {
        let n = |v: Value| match v {
            Value::Number(n) => n,
            _ => unreachable!(),
        };
        assert!(is_multiple(&n(json!(9)), 3.0));
        assert!(!is_multiple(&n(json!(10)), 3.0));
        assert!(is_multiple(&n(json!(0.0)), 0.3));
        assert!(is_multiple(&n(json!(0.9)), 0.3));
        // Beyond i64: the float test.
        assert!(is_multiple(&n(json!(1e20)), 1e19));
        assert!(!is_multiple(&n(json!(1.5e20)), 1e20));
    }

    #[test]
    fn item_counts() {
        let c = check(Limits::NONE.min_items(1).max_items(3));
        assert!(c(&json!([1])).is_ok());
        assert!(c(&json!([1, 2, 3])).is_ok());
        assert_eq!(
            message(c(&json!([]))),
            "must have at least 1 items, found 0"
        );
        assert_eq!(
            message(c(&json!([1, 2, 3, 4]))),
            "must have at most 3 items, found 4"
        );
    }

    #[test]
    fn unique_items() {
        let c = check(Limits::NONE.unique_items());
        assert!(c(&json!([])).is_ok());
        assert!(c(&json!([1, 2, "1", [1], {"a": 1}, {"a": 2}, null, true])).is_ok());
        assert_eq!(
            message(c(&json!([1, 2, 1]))),
            "items must be unique, but items 0 and 2 are equal"
        );
        assert_eq!(
            message(c(&json!(["a", "b", "b"]))),
            "items must be unique, but items 1 and 2 are equal"
        );
        // Objects are equal whatever their key order.
        assert_eq!(
            message(c(&json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]))),
            "items must be unique, but items 0 and 1 are equal"
        );
        assert_eq!(
            message(c(&json!([null, null]))),
            "items must be unique, but items 0 and 1 are equal"
        );
        // Without the flag repeats are fine.
        assert!(check(Limits::NONE)(&json!([1, 1])).is_ok());
    }

    #[test]
    fn unique_items_compares_numbers_by_value() {
        let c = check(Limits::NONE.unique_items());
        assert!(c(&json!([1, 1.0])).is_err());
        assert!(c(&json!([[1, {"a": 2}], [1.0, {"a": 2.0}]])).is_err());
        assert!(c(&json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}])).is_err());
        // Large integers stay exact (as f64 these two would be equal).
        assert!(c(&json!([9007199254740993u64, 9007199254740992u64])).is_ok());
        assert!(c(&json!([1, 1.5, "1", true])).is_ok());
    }

    #[test]
    fn limits_apply_only_to_their_kind_of_value() {
        let all = Limits::NONE
            .min_length(3)
            .minimum(10.0, false)
            .multiple_of(7.0)
            .min_items(2)
            .unique_items();
        let c = check(all);
        // String limits do not apply to numbers and so on.
        assert!(c(&json!("abc")).is_ok());
        assert!(c(&json!(14)).is_ok());
        assert!(c(&json!([1, 2])).is_ok());
        assert!(c(&json!(null)).is_ok());
        assert!(c(&json!(false)).is_ok());
        assert!(c(&json!({})).is_ok());
        // A numeric string is a string.
        assert_eq!(
            message(c(&json!("5"))),
            "must be at least 3 characters long, found 1"
        );
        assert_eq!(message(c(&json!(3))), "must be at least 10, found 3");
        assert_eq!(message(c(&json!(15))), "must be a multiple of 7, found 15");
        // Bounds are checked before multipleOf.
        assert_eq!(message(c(&json!(5))), "must be at least 10, found 5");
    }

    #[test]
    fn limited_checks_the_type_first() {
        let c = limited(expect_string, Limits::NONE.min_length(3));
        assert_eq!(
            message(c(&json!(12345))),
            "expected a string, found a number"
        );
        assert_eq!(
            message(c(&json!("ab"))),
            "must be at least 3 characters long, found 2"
        );
        assert!(c(&json!("abc")).is_ok());
    }

    #[test]
    fn limited_items_inside_arrays_name_the_item() {
        let c = limited(
            array(limited(
                expect_type::<i64>,
                Limits::NONE.maximum(3.0, false),
            )),
            Limits::NONE.max_items(2),
        );
        let v = c(&json!([1, 4])).unwrap_err();
        assert_eq!(v.path(), "[1]");
        assert_eq!(v.message(), "must be at most 3, found 4");
        let v = c(&json!([1, 2, 3])).unwrap_err();
        assert_eq!(v.path(), "");
        assert_eq!(v.message(), "must have at most 2 items, found 3");
    }

    #[test]
    fn closed_objects_refuse_unlisted_properties() {
        let closed = |v: &Value| {
            object_with(
                v,
                &[
                    ("id", true, &expect_string),
                    ("note", false, &expect_string),
                ],
                &no_other_properties,
            )
        };
        assert!(closed(&json!({"id": "1"})).is_ok());
        assert!(closed(&json!({"id": "1", "note": "n"})).is_ok());
        let v = closed(&json!({"id": "1", "extra": 0})).unwrap_err();
        assert_eq!(v.path(), "extra");
        assert_eq!(
            v.message(),
            "unknown property (the schema allows no others)"
        );
        // Even a null unlisted property is refused.
        assert_eq!(
            closed(&json!({"id": "1", "x": null})).unwrap_err().path(),
            "x"
        );
        assert_eq!(
            message(no_other_properties(&json!(1))),
            "unknown property (the schema allows no others)"
        );

        // As a request body: 422 naming the property.
        let r = decode_json::<Value>(br#"{"id":"1","extra":true}"#, closed).unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "invalid request body: `extra`: unknown property (the schema allows no others)"
        );
        assert_eq!(r.field.as_deref(), Some("extra"));
    }

    #[test]
    fn closed_objects_nested() {
        let inner = |v: &Value| object_with(v, &[("a", false, &accept_any)], &no_other_properties);
        let outer = |v: &Value| object(v, &[("items", true, &array(inner))]);
        assert!(outer(&json!({"items": [{"a": 1}, {}]})).is_ok());
        let v = outer(&json!({"items": [{"a": 1}, {"b": 2}]})).unwrap_err();
        assert_eq!(v.path(), "items[1].b");
    }

    #[test]
    fn length_limits_on_a_request_body_field() {
        let c = |v: &Value| {
            object(
                v,
                &[(
                    "name",
                    true,
                    &limited(expect_string, Limits::NONE.max_length(3)),
                )],
            )
        };
        assert!(decode_json::<Value>("{\"name\":\"äöü\"}".as_bytes(), c).is_ok());
        let r = decode_json::<Value>("{\"name\":\"äöüß\"}".as_bytes(), c).unwrap_err();
        assert_eq!(
            r.message,
            "invalid request body: `name`: must be at most 3 characters long, found 4"
        );
        assert_eq!(r.field.as_deref(), Some("name"));
    }
}
