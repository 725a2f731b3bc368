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
                    if let ::std::option::Option::Some(j) = items[..i].iter().position(|earlier| earlier == item) {
                        return fail(::std::format!("items must be unique, but items {j} and {i} are equal"));
                    }
                }
            }
        }
        _ => {}
    }
    ::std::result::Result::Ok(())
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
