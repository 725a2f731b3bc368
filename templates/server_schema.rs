/// A check that applies `item`, then the JSON Schema `schema` (JSON text):
/// the keywords the typed checks cannot express (`not`, `if`/`then`/`else`,
/// `prefixItems`, `patternProperties`, `unevaluatedProperties`, …).
/// `$ref`s are JSON pointers into `document`, the JSON text of the schemas
/// they reach. Both are parsed once, on first use.
pub fn schema(
    item: impl Fn(&::serde_json::Value) -> Checked,
    schema: &'static str,
    document: &'static str,
) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| {
        item(v)?;
        schema_walk::check(&schema_walk::parsed(schema), &schema_walk::parsed(document), v)
    }
}

/// The interpreter behind [`schema`]: JSON Schema 2020-12, in the form the
/// generator's loader leaves it (3.0's `nullable` and boolean
/// `exclusiveMinimum` are read too). Hostile values cannot make it work
/// without bound: every step is counted, and `$ref`s nest only so deep.
mod schema_walk {
    use super::{ecma_classes, is_multiple, json_equal, kind_of, Checked, Violation};
    use ::serde_json::{Map, Value};
    use ::std::cell::Cell;
    use ::std::collections::{HashMap, HashSet};
    use ::std::sync::{Arc, OnceLock, RwLock};

    /// How deep schemas may nest while checking one value (through `$ref`s
    /// and applicators together).
    const MAX_DEPTH: usize = 128;

    /// How many schema applications one value may take in all.
    const MAX_STEPS: usize = 1_000_000;

    /// `text` parsed, cached by its address (the texts are `'static`).
    pub fn parsed(text: &'static str) -> Arc<Value> {
        type Cache = RwLock<HashMap<usize, Arc<Value>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let key = text.as_ptr() as usize ^ (text.len() << 1);
        if let Some(v) = cache.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return v.clone();
        }
        // The generator wrote the text; if it were not JSON, nothing is checked.
        let v = Arc::new(::serde_json::from_str(text).unwrap_or(Value::Bool(true)));
        cache.write().unwrap_or_else(|e| e.into_inner()).insert(key, v.clone());
        v
    }

    /// Checks `value` against `schema`, whose `$ref`s point into `document`.
    pub fn check(schema: &Value, document: &Value, value: &Value) -> Checked {
        let walk = Walk { document, steps: Cell::new(0) };
        match walk.eval(schema, value, 0) {
            Ok(_) => Ok(()),
            Err(Stop::Invalid(v)) => Err(v),
            Err(Stop::TooComplex) => Err(Violation::new(
                "the value is too deeply nested or too complex to check against its schema",
            )),
        }
    }

    enum Stop {
        Invalid(Violation),
        /// Out of depth or steps: never turned into a success by `not`.
        TooComplex,
    }

    type Eval = Result<Seen, Stop>;

    fn invalid(message: impl Into<String>) -> Stop {
        Stop::Invalid(Violation::new(message))
    }

    /// What a successful evaluation looked at: the properties and items
    /// that `unevaluatedProperties`/`unevaluatedItems` must not check again.
    #[derive(Default)]
    struct Seen {
        properties: HashSet<String>,
        /// Items `0..prefix` were evaluated.
        prefix: usize,
        all_items: bool,
        items: HashSet<usize>,
    }

    impl Seen {
        fn add(&mut self, other: Seen) {
            self.properties.extend(other.properties);
            self.prefix = self.prefix.max(other.prefix);
            self.all_items |= other.all_items;
            self.items.extend(other.items);
        }

        fn item_seen(&self, i: usize) -> bool {
            self.all_items || i < self.prefix || self.items.contains(&i)
        }
    }

    struct Walk<'d> {
        document: &'d Value,
        steps: Cell<usize>,
    }

    /// A number keyword as a float, if it is one.
    fn number(s: &Map<String, Value>, key: &str) -> Option<f64> {
        s.get(key).and_then(Value::as_f64)
    }

    /// A count keyword (`minLength`, …): a non-negative integer.
    fn count(s: &Map<String, Value>, key: &str) -> Option<u64> {
        let v = s.get(key)?;
        v.as_u64().or_else(|| v.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))
    }

    fn is_integer(n: &::serde_json::Number) -> bool {
        n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
    }

    fn has_type(name: &str, value: &Value) -> bool {
        match (name, value) {
            ("null", Value::Null)
            | ("boolean", Value::Bool(_))
            | ("string", Value::String(_))
            | ("array", Value::Array(_))
            | ("object", Value::Object(_))
            | ("number", Value::Number(_)) => true,
            ("integer", Value::Number(n)) => is_integer(n),
            _ => false,
        }
    }

    /// The regex for a schema's pattern, cached (patterns come from the
    /// spec, never from a request); `None` if Rust's regex cannot compile
    /// it, and then it rejects nothing (the generator warned already).
    fn regex(pattern: &str) -> Option<::regex::Regex> {
        type Cache = RwLock<HashMap<String, Option<::regex::Regex>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(re) = cache.read().unwrap_or_else(|e| e.into_inner()).get(pattern) {
            return re.clone();
        }
        let re = ::regex::Regex::new(&ecma_classes(pattern)).ok();
        cache.write().unwrap_or_else(|e| e.into_inner()).insert(pattern.to_owned(), re.clone());
        re
    }

    /// `false`, or `{"not": {}}` (the loader's spelling of it).
    fn is_false(schema: &Value) -> bool {
        match schema {
            Value::Bool(b) => !b,
            Value::Object(map) => {
                map.len() == 1 && map.get("not").and_then(Value::as_object).is_some_and(Map::is_empty)
            }
            _ => false,
        }
    }

    fn matches(pattern: &str, text: &str) -> bool {
        regex(pattern).is_none_or(|re| re.is_match(text))
    }

    /// `%XX` in a `$ref`'s pointer, decoded.
    fn percent_decoded(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
    }

    impl Walk<'_> {
        fn eval(&self, schema: &Value, value: &Value, depth: usize) -> Eval {
            let steps = self.steps.get() + 1;
            self.steps.set(steps);
            if depth > MAX_DEPTH || steps > MAX_STEPS {
                return Err(Stop::TooComplex);
            }
            let s = match schema {
                Value::Bool(true) => return Ok(Seen::default()),
                Value::Bool(false) => return Err(invalid("no value is allowed here")),
                Value::Object(s) => s,
                _ => return Ok(Seen::default()),
            };
            let mut seen = Seen::default();
            self.assertions(s, value)?;
            if let Some(Value::String(reference)) = s.get("$ref") {
                seen.add(self.reference(reference, value, depth)?);
            }
            seen.add(self.applicators(s, value, depth)?);
            match value {
                Value::Object(object) => self.object(s, object, depth, &mut seen)?,
                Value::Array(items) => self.array(s, items, depth, &mut seen)?,
                _ => {}
            }
            Ok(seen)
        }

        fn reference(&self, reference: &str, value: &Value, depth: usize) -> Eval {
            let Some(pointer) = reference.strip_prefix('#') else {
                // Only local references remain after loading.
                return Ok(Seen::default());
            };
            match self.document.pointer(&percent_decoded(pointer)) {
                Some(target) => self.eval(target, value, depth + 1),
                None => Ok(Seen::default()),
            }
        }

        /// The keywords about the value itself: type, enum, numbers, strings
        /// and counts.
        fn assertions(&self, s: &Map<String, Value>, value: &Value) -> Result<(), Stop> {
            // 3.0's `nullable` admits `null` whatever `type` and `enum` say.
            let null_ok = s.get("nullable") == Some(&Value::Bool(true)) && value.is_null();
            let fits = |ok: bool| ok || null_ok;
            match s.get("type") {
                Some(Value::String(t)) if !fits(has_type(t, value)) => {
                    return Err(invalid(format!("expected {t}, found {}", kind_of(value))));
                }
                Some(Value::Array(types))
                    if !fits(types.iter().any(|t| t.as_str().is_some_and(|t| has_type(t, value)))) =>
                {
                    let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                    return Err(invalid(format!("expected {}, found {}", names.join(" or "), kind_of(value))));
                }
                _ => {}
            }
            if let Some(c) = s.get("const") {
                if !json_equal(c, value) {
                    return Err(invalid(format!("must be the constant {c}")));
                }
            }
            if let Some(Value::Array(values)) = s.get("enum") {
                if !fits(values.iter().any(|e| json_equal(e, value))) {
                    let list: Vec<String> = values.iter().map(Value::to_string).collect();
                    return Err(invalid(format!("must be one of {}", list.join(", "))));
                }
            }
            match value {
                Value::Number(n) => self.number(s, n)?,
                Value::String(text) => {
                    let length = text.chars().count() as u64;
                    if let Some(min) = count(s, "minLength").filter(|min| length < *min) {
                        return Err(invalid(format!("must be at least {min} characters long, found {length}")));
                    }
                    if let Some(max) = count(s, "maxLength").filter(|max| length > *max) {
                        return Err(invalid(format!("must be at most {max} characters long, found {length}")));
                    }
                    if let Some(Value::String(p)) = s.get("pattern") {
                        if !matches(p, text) {
                            return Err(invalid(format!("must match the pattern `{p}`")));
                        }
                    }
                    if let Some(Value::String(f)) = s.get("format") {
                        if !super::formats::valid(f, text) {
                            return Err(invalid(format!("must be a valid {f}")));
                        }
                    }
                }
                Value::Array(items) => {
                    let n = items.len() as u64;
                    if let Some(min) = count(s, "minItems").filter(|min| n < *min) {
                        return Err(invalid(format!("must have at least {min} items, found {n}")));
                    }
                    if let Some(max) = count(s, "maxItems").filter(|max| n > *max) {
                        return Err(invalid(format!("must have at most {max} items, found {n}")));
                    }
                    if s.get("uniqueItems") == Some(&Value::Bool(true)) {
                        for (i, item) in items.iter().enumerate() {
                            if let Some(j) = items[..i].iter().position(|e| json_equal(e, item)) {
                                return Err(invalid(format!("items must be unique, but items {j} and {i} are equal")));
                            }
                        }
                    }
                }
                Value::Object(object) => {
                    let n = object.len() as u64;
                    if let Some(min) = count(s, "minProperties").filter(|min| n < *min) {
                        return Err(invalid(format!("must have at least {min} properties, found {n}")));
                    }
                    if let Some(max) = count(s, "maxProperties").filter(|max| n > *max) {
                        return Err(invalid(format!("must have at most {max} properties, found {n}")));
                    }
                    self.required(s, object)?;
                }
                _ => {}
            }
            Ok(())
        }

        fn number(&self, s: &Map<String, Value>, n: &::serde_json::Number) -> Result<(), Stop> {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let flag = |key: &str| s.get(key) == Some(&Value::Bool(true));
            if let Some(min) = number(s, "minimum") {
                if flag("exclusiveMinimum") && x <= min {
                    return Err(invalid(format!("must be greater than {min}, found {n}")));
                }
                if x < min {
                    return Err(invalid(format!("must be at least {min}, found {n}")));
                }
            }
            if let Some(max) = number(s, "maximum") {
                if flag("exclusiveMaximum") && x >= max {
                    return Err(invalid(format!("must be less than {max}, found {n}")));
                }
                if x > max {
                    return Err(invalid(format!("must be at most {max}, found {n}")));
                }
            }
            if let Some(min) = number(s, "exclusiveMinimum").filter(|min| x <= *min) {
                return Err(invalid(format!("must be greater than {min}, found {n}")));
            }
            if let Some(max) = number(s, "exclusiveMaximum").filter(|max| x >= *max) {
                return Err(invalid(format!("must be less than {max}, found {n}")));
            }
            if let Some(m) = number(s, "multipleOf").filter(|m| *m > 0.0) {
                if !is_multiple(n, m) {
                    return Err(invalid(format!("must be a multiple of {m}, found {n}")));
                }
            }
            Ok(())
        }

        /// `required`, `dependentRequired` and the list form of draft 4's
        /// `dependencies`. A read-only property is not required of a request.
        fn required(&self, s: &Map<String, Value>, object: &Map<String, Value>) -> Result<(), Stop> {
            let read_only = |name: &str| {
                s.get("properties")
                    .and_then(|p| p.get(name))
                    .and_then(|p| p.get("readOnly"))
                    == Some(&Value::Bool(true))
            };
            if let Some(Value::Array(names)) = s.get("required") {
                for name in names.iter().filter_map(Value::as_str) {
                    if !object.contains_key(name) && !read_only(name) {
                        return Err(Stop::Invalid(Violation::new("missing required property").in_field(name)));
                    }
                }
            }
            for key in ["dependentRequired", "dependencies"] {
                let Some(Value::Object(dependencies)) = s.get(key) else { continue };
                for (present, needed) in dependencies {
                    let Value::Array(needed) = needed else { continue };
                    if !object.contains_key(present) {
                        continue;
                    }
                    for name in needed.iter().filter_map(Value::as_str) {
                        if !object.contains_key(name) {
                            return Err(Stop::Invalid(
                                Violation::new(format!("missing property required when `{present}` is present"))
                                    .in_field(name),
                            ));
                        }
                    }
                }
            }
            Ok(())
        }

        /// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` and
        /// `dependentSchemas`: schemas applied to the value itself.
        fn applicators(&self, s: &Map<String, Value>, value: &Value, depth: usize) -> Eval {
            let mut seen = Seen::default();
            let depth = depth + 1;
            if let Some(Value::Array(all)) = s.get("allOf") {
                for part in all {
                    seen.add(self.eval(part, value, depth)?);
                }
            }
            if let Some(Value::Array(any)) = s.get("anyOf") {
                let mut first = None;
                let mut matched = false;
                for part in any {
                    match self.eval(part, value, depth) {
                        Ok(more) => {
                            seen.add(more);
                            matched = true;
                        }
                        Err(Stop::TooComplex) => return Err(Stop::TooComplex),
                        Err(Stop::Invalid(v)) => {
                            first.get_or_insert(v);
                        }
                    }
                }
                if !matched {
                    return Err(Stop::Invalid(only_reason(any.len(), first, "does not match any schema of `anyOf`")));
                }
            }
            if let Some(Value::Array(one)) = s.get("oneOf") {
                let mut matched = Vec::new();
                let mut first = None;
                for (i, part) in one.iter().enumerate() {
                    match self.eval(part, value, depth) {
                        Ok(more) => matched.push((i, more)),
                        Err(Stop::TooComplex) => return Err(Stop::TooComplex),
                        Err(Stop::Invalid(v)) => {
                            first.get_or_insert(v);
                        }
                    }
                }
                match matched.len() {
                    0 => return Err(Stop::Invalid(only_reason(one.len(), first, "does not match any schema of `oneOf`"))),
                    1 => seen.add(matched.pop().map(|(_, m)| m).unwrap_or_default()),
                    _ => {
                        return Err(invalid(format!(
                            "must match exactly one schema of `oneOf`, but matches {} and {}",
                            matched[0].0, matched[1].0
                        )))
                    }
                }
            }
            if let Some(not) = s.get("not") {
                match self.eval(not, value, depth) {
                    Ok(_) => {
                        return Err(invalid(if not.as_object().is_some_and(Map::is_empty) {
                            "no value is allowed here".to_owned()
                        } else {
                            "must not match the schema in `not`".to_owned()
                        }))
                    }
                    Err(Stop::TooComplex) => return Err(Stop::TooComplex),
                    Err(Stop::Invalid(_)) => {}
                }
            }
            if let Some(condition) = s.get("if") {
                match self.eval(condition, value, depth) {
                    Ok(more) => {
                        seen.add(more);
                        if let Some(then) = s.get("then") {
                            seen.add(self.eval(then, value, depth)?);
                        }
                    }
                    Err(Stop::TooComplex) => return Err(Stop::TooComplex),
                    Err(Stop::Invalid(_)) => {
                        if let Some(otherwise) = s.get("else") {
                            seen.add(self.eval(otherwise, value, depth)?);
                        }
                    }
                }
            }
            if let Value::Object(object) = value {
                for key in ["dependentSchemas", "dependencies"] {
                    let Some(Value::Object(dependencies)) = s.get(key) else { continue };
                    for (present, schema) in dependencies {
                        if schema.is_array() || !object.contains_key(present) {
                            continue;
                        }
                        seen.add(self.eval(schema, value, depth)?);
                    }
                }
            }
            Ok(seen)
        }

        fn object(&self, s: &Map<String, Value>, object: &Map<String, Value>, depth: usize, seen: &mut Seen) -> Result<(), Stop> {
            let depth = depth + 1;
            if let Some(names) = s.get("propertyNames") {
                for key in object.keys() {
                    let name = Value::String(key.clone());
                    if let Err(e) = self.eval(names, &name, depth) {
                        return Err(match e {
                            Stop::Invalid(v) => Stop::Invalid(
                                Violation::new(format!("the property name is not allowed: {}", v.message())).in_field(key),
                            ),
                            other => other,
                        });
                    }
                }
            }
            let properties = s.get("properties").and_then(Value::as_object);
            let patterns = s.get("patternProperties").and_then(Value::as_object);
            let additional = s.get("additionalProperties");
            for (key, v) in object {
                let mut known = false;
                if let Some(schema) = properties.and_then(|p| p.get(key)) {
                    known = true;
                    self.eval(schema, v, depth).map_err(|e| in_field(e, key))?;
                }
                for (pattern, schema) in patterns.into_iter().flatten() {
                    if matches(pattern, key) && regex(pattern).is_some() {
                        known = true;
                        self.eval(schema, v, depth).map_err(|e| in_field(e, key))?;
                    }
                }
                if !known {
                    if let Some(schema) = additional {
                        if is_false(schema) {
                            return Err(Stop::Invalid(
                                Violation::new("unknown property (the schema allows no others)").in_field(key),
                            ));
                        }
                        self.eval(schema, v, depth).map_err(|e| in_field(e, key))?;
                        known = true;
                    }
                }
                if known {
                    seen.properties.insert(key.clone());
                }
            }
            if let Some(rest) = s.get("unevaluatedProperties") {
                for (key, v) in object {
                    if seen.properties.contains(key) {
                        continue;
                    }
                    if is_false(rest) {
                        return Err(Stop::Invalid(
                            Violation::new("unknown property (the schema allows no others)").in_field(key),
                        ));
                    }
                    self.eval(rest, v, depth).map_err(|e| in_field(e, key))?;
                    seen.properties.insert(key.clone());
                }
            }
            Ok(())
        }

        fn array(&self, s: &Map<String, Value>, items: &[Value], depth: usize, seen: &mut Seen) -> Result<(), Stop> {
            let depth = depth + 1;
            let prefix = match s.get("prefixItems") {
                Some(Value::Array(prefix)) => {
                    for (i, (schema, v)) in prefix.iter().zip(items).enumerate() {
                        self.eval(schema, v, depth).map_err(|e| in_item(e, i))?;
                    }
                    seen.prefix = seen.prefix.max(prefix.len().min(items.len()));
                    prefix.len()
                }
                _ => 0,
            };
            if let Some(schema) = s.get("items").filter(|i| !i.is_array()) {
                for (i, v) in items.iter().enumerate().skip(prefix) {
                    if is_false(schema) {
                        return Err(Stop::Invalid(Violation::new(format!(
                            "must have at most {prefix} items, found {}",
                            items.len()
                        ))));
                    }
                    self.eval(schema, v, depth).map_err(|e| in_item(e, i))?;
                }
                seen.all_items = true;
            }
            if let Some(contains) = s.get("contains") {
                let mut found = 0u64;
                for (i, v) in items.iter().enumerate() {
                    match self.eval(contains, v, depth) {
                        Ok(_) => {
                            found += 1;
                            seen.items.insert(i);
                        }
                        Err(Stop::TooComplex) => return Err(Stop::TooComplex),
                        Err(Stop::Invalid(_)) => {}
                    }
                }
                let min = count(s, "minContains").unwrap_or(1);
                if found < min {
                    return Err(invalid(if min == 1 {
                        "must contain an item that matches the schema in `contains`".to_owned()
                    } else {
                        format!("must contain at least {min} items that match the schema in `contains`, found {found}")
                    }));
                }
                if let Some(max) = count(s, "maxContains").filter(|max| found > *max) {
                    return Err(invalid(format!(
                        "must contain at most {max} items that match the schema in `contains`, found {found}"
                    )));
                }
            }
            if let Some(rest) = s.get("unevaluatedItems") {
                for (i, v) in items.iter().enumerate() {
                    if seen.item_seen(i) {
                        continue;
                    }
                    if is_false(rest) {
                        return Err(Stop::Invalid(Violation::new("unexpected item (the schema allows no more)").in_item(i)));
                    }
                    self.eval(rest, v, depth).map_err(|e| in_item(e, i))?;
                }
                seen.all_items = true;
            }
            Ok(())
        }
    }

    fn in_field(stop: Stop, key: &str) -> Stop {
        match stop {
            Stop::Invalid(v) => Stop::Invalid(v.in_field(key)),
            other => other,
        }
    }

    fn in_item(stop: Stop, i: usize) -> Stop {
        match stop {
            Stop::Invalid(v) => Stop::Invalid(v.in_item(i)),
            other => other,
        }
    }

    /// With a single branch its own reason is clearer than the summary.
    fn only_reason(branches: usize, first: Option<Violation>, summary: &str) -> Violation {
        match first {
            Some(v) if branches == 1 => v,
            _ => Violation::new(summary),
        }
    }
}

#[cfg(test)]
mod schema_tests {
    use super::schema_walk::check;
    use ::serde_json::{json, Value};

    fn verdict(schema: Value, value: Value) -> Result<(), (String, String)> {
        check(&schema, &schema, &value).map_err(|v| (v.path(), v.message().to_owned()))
    }

    #[test]
    fn refusals_name_the_field_and_say_why() {
        let s = json!({"type": "object",
            "properties": {"items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}},
            "patternProperties": {"^x-": {"type": "string"}},
            "additionalProperties": false,
            "propertyNames": {"maxLength": 5}});
        assert_eq!(verdict(s.clone(), json!({"items": ["a", 1], "x-a": "b"})), Ok(()));
        assert_eq!(
            verdict(s.clone(), json!({"items": ["a", "b"]})),
            Err(("items[1]".into(), "expected integer, found a string".into()))
        );
        assert_eq!(
            verdict(s.clone(), json!({"items": ["a", 1, 2]})),
            Err(("items".into(), "must have at most 2 items, found 3".into()))
        );
        assert_eq!(
            verdict(s.clone(), json!({"x-a": 1})),
            Err(("x-a".into(), "expected string, found a number".into()))
        );
        assert_eq!(
            verdict(s.clone(), json!({"y": 1})),
            Err(("y".into(), "unknown property (the schema allows no others)".into()))
        );
        assert_eq!(
            verdict(s, json!({"x-long": "a"})),
            Err((
                "x-long".into(),
                "the property name is not allowed: must be at most 5 characters long, found 6".into()
            ))
        );
    }

    #[test]
    fn conditionals_dependencies_and_counts() {
        let s = json!({
            "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
            "then": {"required": ["number"]},
            "else": {"not": {"required": ["number"]}},
            "dependentRequired": {"card": ["zip"]},
            "dependentSchemas": {"card": {"properties": {"zip": {"pattern": "^[0-9]{5}$"}}}},
            "minProperties": 1, "maxProperties": 3});
        assert_eq!(verdict(s.clone(), json!({"kind": "card", "number": "1"})), Ok(()));
        assert_eq!(
            verdict(s.clone(), json!({"kind": "card"})),
            Err(("number".into(), "missing required property".into()))
        );
        assert_eq!(
            verdict(s.clone(), json!({"kind": "cash", "number": "1"})),
            Err(("".into(), "must not match the schema in `not`".into()))
        );
        assert_eq!(
            verdict(s.clone(), json!({"card": "1"})),
            Err(("zip".into(), "missing property required when `card` is present".into()))
        );
        assert_eq!(
            verdict(s.clone(), json!({"card": "1", "zip": "1"})),
            Err(("zip".into(), "must match the pattern `^[0-9]{5}$`".into()))
        );
        assert_eq!(verdict(s.clone(), json!({})), Err(("".into(), "must have at least 1 properties, found 0".into())));
        assert!(verdict(s, json!({"a": 1, "b": 2, "c": 3, "d": 4})).is_err());
    }

    #[test]
    fn contains_and_unevaluated_items() {
        let s = json!({"contains": {"const": 1}, "minContains": 2, "maxContains": 3,
                       "prefixItems": [true], "unevaluatedItems": {"type": "integer"}});
        assert_eq!(verdict(s.clone(), json!(["a", 1, 1])), Ok(()));
        assert!(verdict(s.clone(), json!(["a", 1])).is_err());
        assert!(verdict(s.clone(), json!([1, 1, 1, 1])).is_err());
        assert_eq!(
            verdict(s, json!(["a", 1, 1, "b"])),
            Err(("[3]".into(), "expected integer, found a string".into()))
        );
    }

    #[test]
    fn nullable_and_boolean_exclusive_bounds_of_the_loader_form() {
        let s = json!({"type": "number", "nullable": true, "minimum": 1, "exclusiveMinimum": true});
        assert_eq!(verdict(s.clone(), Value::Null), Ok(()));
        assert!(verdict(s.clone(), json!(1)).is_err());
        assert_eq!(verdict(s, json!(1.5)), Ok(()));
    }

    #[test]
    fn reference_cycles_and_deep_values_are_refused_not_overflowed() {
        let s = json!({"$defs": {"a": {"not": {"$ref": "#/$defs/a"}}}, "$ref": "#/$defs/a"});
        assert!(verdict(s, json!(1)).unwrap_err().1.contains("too deeply nested"));
        let tree = json!({"$defs": {"t": {"type": "array", "items": {"$ref": "#/$defs/t"}}}, "$ref": "#/$defs/t"});
        let mut deep = json!([]);
        for _ in 0..100 {
            deep = json!([deep]);
        }
        assert!(verdict(tree.clone(), deep).is_err());
        let mut nested = json!([]);
        for _ in 0..40 {
            nested = json!([nested]);
        }
        assert_eq!(verdict(tree, nested), Ok(()));
        // A schema that doubles its work at each of 40 levels stops at the
        // step budget.
        let mut defs = ::serde_json::Map::new();
        defs.insert("d0".into(), json!({"type": "integer"}));
        for i in 1..=40 {
            let below = format!("#/$defs/d{}", i - 1);
            defs.insert(
                format!("d{i}"),
                json!({"anyOf": [{"allOf": [{"$ref": below}, {"const": 0}]}, {"$ref": below}]}),
            );
        }
        let wide = json!({"$defs": defs, "$ref": "#/$defs/d40"});
        assert!(verdict(wide, json!(1)).unwrap_err().1.contains("too complex"));
    }

    #[test]
    fn read_only_properties_are_not_required_of_requests() {
        let s = json!({"required": ["id", "name"], "properties": {"id": {"readOnly": true}}});
        assert_eq!(verdict(s.clone(), json!({"name": "x"})), Ok(()));
        assert!(verdict(s, json!({"id": 1})).is_err());
    }

    /// The official JSON Schema Test Suite (draft 2020-12), for the files of
    /// the keywords the interpreter claims, when `JSON_SCHEMA_TEST_SUITE`
    /// names a checkout (or its `tests/draft2020-12` folder). Groups that
    /// need remote references, `$id`, anchors or dynamic references are
    /// outside what the generator's loader produces and are skipped.
    #[test]
    fn json_schema_test_suite() {
        let Some(root) = ::std::env::var_os("JSON_SCHEMA_TEST_SUITE") else {
            return;
        };
        let mut dir = ::std::path::PathBuf::from(root);
        if dir.join("tests/draft2020-12").is_dir() {
            dir = dir.join("tests/draft2020-12");
        }
        let mut failures = Vec::new();
        let mut report = Vec::new();
        for file in SUITE_FILES {
            let text = ::std::fs::read_to_string(dir.join(format!("{file}.json"))).expect("suite file");
            let groups: Vec<Value> = ::serde_json::from_str(&text).expect("suite JSON");
            let (mut passed, mut total) = (0, 0);
            for group in &groups {
                let schema = &group["schema"];
                if uses_unsupported(schema) {
                    continue;
                }
                for test in group["tests"].as_array().into_iter().flatten() {
                    total += 1;
                    let valid = test["valid"].as_bool() == Some(true);
                    if check(schema, schema, &test["data"]).is_ok() == valid {
                        passed += 1;
                    } else {
                        failures.push(format!("{file}: {} / {}", group["description"], test["description"]));
                    }
                }
            }
            report.push(format!("{file}: {passed}/{total}"));
        }
        println!("{}", report.join("\n"));
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    const SUITE_FILES: &[&str] = &[
        "additionalProperties",
        "allOf",
        "anyOf",
        "boolean_schema",
        "const",
        "contains",
        "dependentRequired",
        "dependentSchemas",
        "enum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "if-then-else",
        "items",
        "maxContains",
        "maxItems",
        "maxLength",
        "maxProperties",
        "maximum",
        "minContains",
        "minItems",
        "minLength",
        "minProperties",
        "minimum",
        "multipleOf",
        "not",
        "oneOf",
        "pattern",
        "patternProperties",
        "prefixItems",
        "properties",
        "propertyNames",
        "required",
        "type",
        "unevaluatedItems",
        "unevaluatedProperties",
        "uniqueItems",
    ];

    /// `$id`, anchors, dynamic references and remote `$ref`s: the loader
    /// resolves references to local pointers before the server sees them.
    fn uses_unsupported(schema: &Value) -> bool {
        match schema {
            Value::Object(map) => map.iter().any(|(k, v)| {
                matches!(k.as_str(), "$id" | "$anchor" | "$dynamicRef" | "$dynamicAnchor")
                    || (k == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#')))
                    || uses_unsupported(v)
            }),
            Value::Array(items) => items.iter().any(uses_unsupported),
            _ => false,
        }
    }
}
