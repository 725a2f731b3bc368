//! Swagger 2.0 → OpenAPI 3.0. A 2.0 document is rewritten into the 3.0 form
//! the rest of the loader reads, before bundling, so that nothing after
//! this module knows the older format existed.
//!
//! The rewrite moves things: `definitions` become `components/schemas`, a
//! `body` parameter becomes a `requestBody`, a parameter's `type` moves into
//! its `schema`, parameter lists lose their body and form entries (so the
//! indices of the rest change). [`PointerMap`] remembers, for each place
//! of the new document, the place of the original it came from, so every
//! diagnostic names the line the user wrote.

use super::normalize::{escape, kind_name, unescape};
use crate::diag::Diagnostics;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// New-document pointer prefixes → the original pointers they came from.
#[derive(Debug, Clone, Default)]
pub struct PointerMap {
    prefixes: BTreeMap<String, String>,
}

impl PointerMap {
    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    fn add(&mut self, new: impl Into<String>, original: impl Into<String>) {
        self.prefixes.insert(new.into(), original.into());
    }

    /// The original pointer of a pointer into the converted document: the
    /// longest mapped prefix (whole segments) is replaced. `None` when no
    /// prefix is mapped (the place did not move).
    pub fn original(&self, pointer: &str) -> Option<String> {
        if self.prefixes.is_empty() {
            return None;
        }
        let mut prefix = pointer;
        loop {
            if let Some(original) = self.prefixes.get(prefix) {
                return Some(format!("{original}{}", &pointer[prefix.len()..]));
            }
            prefix = &prefix[..prefix.rfind('/')?];
        }
    }
}

/// What the conversion leaves for the rest of loading.
#[derive(Debug, Default)]
pub struct Converted {
    /// Where each moved place came from.
    pub map: PointerMap,
    /// Each rewritten `$ref` with the text the spec wrote, so that messages
    /// quote the original.
    pub renamed: Vec<(String, String)>,
}

/// The methods a 2.0 path item may hold.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Schema keywords a 2.0 non-body parameter (or `items` object, or header)
/// holds directly, which 3.0 keeps in its `schema`.
const SCHEMA_KEYWORDS: [&str; 17] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// Whether the document is a Swagger document (of any version).
pub fn is_swagger(root: &Value) -> bool {
    root.get("swagger").is_some()
}

/// Rewrite a Swagger document into OpenAPI 3.0. Diagnostics name places of
/// the original document. Returns None (with an error) when it is not a
/// Swagger 2.0 document.
pub fn convert(root: &mut Value, diags: &mut Diagnostics) -> Option<Converted> {
    let Value::Object(src) = root else {
        return None;
    };
    match src.get("swagger") {
        Some(Value::String(v)) if v == "2.0" => {}
        Some(Value::String(v)) => {
            diags.error(
                "/swagger",
                format!(
                    "unsupported Swagger version {v:?}; openapi-forge reads OpenAPI 3.0, 3.1 \
                     and 3.2, Swagger 2.0"
                ),
            );
            return None;
        }
        Some(other) => {
            diags.error(
                "/swagger",
                format!(
                    "`swagger` must be the version string \"2.0\", found {}",
                    kind_name(other)
                ),
            );
            return None;
        }
        None => return None,
    }
    let src = std::mem::take(src);
    let mut c = Converter {
        body_params: BTreeSet::new(),
        form_params: BTreeSet::new(),
        parameters: match src.get("parameters") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        },
        consumes: media_list(src.get("consumes")),
        produces: media_list(src.get("produces")),
        out: Converted::default(),
        diags,
    };
    for (name, p) in &c.parameters {
        match p.get("in").and_then(Value::as_str) {
            Some("body") => {
                c.body_params.insert(name.clone());
            }
            Some("formData") => {
                c.form_params.insert(name.clone());
            }
            _ => {}
        }
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.3"));
    for (key, value) in &src {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            "info" | "tags" | "externalDocs" | "security" => {
                doc.insert(key.clone(), value.clone());
            }
            "paths" | "definitions" | "parameters" | "responses" | "securityDefinitions" => {}
            k if k.starts_with("x-") => {
                doc.insert(key.clone(), value.clone());
            }
            k => c.diags.warning(
                format!("/{}", escape(k)),
                format!("`{k}` is not a Swagger 2.0 field; ignored"),
            ),
        }
    }
    if let Some(servers) = c.servers(&src) {
        doc.insert("servers".into(), servers);
    }
    let mut paths = Map::new();
    if let Some(Value::Object(items)) = src.get("paths") {
        for (path, item) in items {
            let ptr = format!("/paths/{}", escape(path));
            if path.starts_with("x-") {
                paths.insert(path.clone(), item.clone());
                continue;
            }
            paths.insert(path.clone(), c.path_item(item, &ptr));
        }
    }
    doc.insert("paths".into(), Value::Object(paths));
    let components = c.components(&src);
    if !components.is_empty() {
        doc.insert("components".into(), Value::Object(components));
    }
    let mut doc = Value::Object(doc);
    c.refs(&mut doc);
    *root = doc;
    Some(c.out)
}

/// The media types a `consumes`/`produces` list names (None if absent).
fn media_list(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

struct Converter<'a> {
    /// Names of the shared parameters that are `in: body` / `in: formData`.
    body_params: BTreeSet<String>,
    form_params: BTreeSet<String>,
    /// The document's shared parameters, to resolve `$ref`s in lists.
    parameters: Map<String, Value>,
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    out: Converted,
    diags: &'a mut Diagnostics,
}

/// A parameter of an operation, resolved, with where it was written.
struct Param {
    /// The parameter as written (a `$ref` object, or the parameter).
    written: Value,
    /// The parameter itself (the `$ref` resolved when it is local).
    resolved: Value,
    /// Its pointer in the original document.
    ptr: String,
    /// The shared parameter's name, when `written` is a `$ref` to one.
    shared: Option<String>,
}

impl Param {
    fn location(&self) -> &str {
        self.resolved
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    fn name(&self) -> &str {
        self.resolved
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

impl Converter<'_> {
    /// `host`, `basePath` and `schemes` → `servers`.
    fn servers(&mut self, src: &Map<String, Value>) -> Option<Value> {
        let host = src.get("host").and_then(Value::as_str);
        if let Some(h) = src.get("host").filter(|h| !h.is_string()) {
            // Seen in the corpus: `"host": ["api.klout.com"]`. Guessing which
            // entry is meant would hide the error; the servers are relative.
            self.diags.warning(
                "/host",
                format!("`host` must be a string, found {}; ignored", kind_name(h)),
            );
        }
        let base = src.get("basePath").and_then(Value::as_str).unwrap_or("");
        let base = base.trim_end_matches('/');
        let Some(host) = host else {
            if base.is_empty() {
                return None;
            }
            self.out.map.add("/servers", "/basePath");
            return Some(json!([{ "url": base }]));
        };
        self.out.map.add("/servers", "/host");
        let schemes: Vec<&str> = match src.get("schemes") {
            Some(Value::Array(s)) => s.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let schemes = if schemes.is_empty() {
            vec!["https"]
        } else {
            schemes
        };
        let host = host.trim_end_matches('/');
        Some(Value::Array(
            schemes
                .iter()
                .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
                .collect(),
        ))
    }

    fn components(&mut self, src: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(Value::Object(defs)) = src.get("definitions") {
            self.out.map.add("/components/schemas", "/definitions");
            let mut schemas = Map::new();
            for (name, s) in defs {
                let mut s = s.clone();
                schema(&mut s);
                schemas.insert(name.clone(), s);
            }
            out.insert("schemas".into(), Value::Object(schemas));
        }
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, p) in self.parameters.clone() {
            let ptr = format!("/parameters/{}", escape(&name));
            match p.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let new = format!("/components/requestBodies/{}", escape(&name));
                    let body = self.body(&p, &ptr, &new, None);
                    bodies.insert(name, body);
                }
                // Form parameters have no component form: each use is
                // inlined into its operation's form body.
                Some("formData") => {}
                _ => {
                    let new = format!("/components/parameters/{}", escape(&name));
                    self.out.map.add(&new, &ptr);
                    self.out.map.add(format!("{new}/schema"), &ptr);
                    parameters.insert(name, self.parameter(&p, &ptr));
                }
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            out.insert("requestBodies".into(), Value::Object(bodies));
        }
        if let Some(Value::Object(responses)) = src.get("responses") {
            let mut converted = Map::new();
            for (name, r) in responses {
                let ptr = format!("/responses/{}", escape(name));
                let new = format!("/components/responses/{}", escape(name));
                converted.insert(name.clone(), self.response(r, &ptr, &new, None));
            }
            out.insert("responses".into(), Value::Object(converted));
        }
        if let Some(Value::Object(schemes)) = src.get("securityDefinitions") {
            self.out
                .map
                .add("/components/securitySchemes", "/securityDefinitions");
            let mut converted = Map::new();
            for (name, s) in schemes {
                let ptr = format!("/securityDefinitions/{}", escape(name));
                if let Some(s) = self.security_scheme(s, &ptr) {
                    converted.insert(name.clone(), s);
                }
            }
            out.insert("securitySchemes".into(), Value::Object(converted));
        }
        out
    }

    fn security_scheme(&mut self, s: &Value, ptr: &str) -> Option<Value> {
        let Value::Object(s) = s else {
            self.diags
                .warning(ptr, "a security scheme must be an object; ignored");
            return None;
        };
        let mut out = Map::new();
        let get = |k: &str| s.get(k).cloned().unwrap_or(json!(""));
        match s.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => {
                out.insert("type".into(), json!("apiKey"));
                out.insert("name".into(), get("name"));
                out.insert("in".into(), get("in"));
            }
            Some("oauth2") => {
                let scopes = s.get("scopes").cloned().unwrap_or(json!({}));
                let (flow, urls): (&str, &[&str]) = match s.get("flow").and_then(Value::as_str) {
                    Some("implicit") => ("implicit", &["authorizationUrl"]),
                    Some("password") => ("password", &["tokenUrl"]),
                    Some("application") => ("clientCredentials", &["tokenUrl"]),
                    Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                    other => {
                        self.diags.warning(
                            format!("{ptr}/flow"),
                            format!(
                                "unknown OAuth2 flow {:?}; the scheme is ignored",
                                other.unwrap_or("")
                            ),
                        );
                        return None;
                    }
                };
                let mut f = Map::new();
                for url in urls {
                    f.insert((*url).into(), get(url));
                }
                f.insert("scopes".into(), scopes);
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ flow: f }));
            }
            other => {
                self.diags.warning(
                    format!("{ptr}/type"),
                    format!(
                        "unknown security scheme type {:?}; the scheme is ignored",
                        other.unwrap_or("")
                    ),
                );
                return None;
            }
        }
        for (k, v) in s {
            if k == "description" || k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        Some(Value::Object(out))
    }

    /// Resolve a parameter list entry: a local `$ref` to a shared parameter
    /// is looked up (its `in` decides how it converts).
    fn param(&mut self, written: &Value, ptr: String) -> Param {
        let reference = written.get("$ref").and_then(Value::as_str);
        if reference.is_some_and(|r| !r.starts_with('#')) {
            self.diags.warning(
                format!("{ptr}/$ref"),
                "a parameter in another file is used as it is: it must be an OpenAPI 3.0 \
                 parameter (a Swagger 2.0 one there, body and form parameters above all, is not converted)",
            );
        }
        let shared = reference
            .and_then(|r| r.strip_prefix("#/parameters/"))
            .map(unescape);
        let resolved = match &shared {
            Some(name) => self.parameters.get(name).cloned().unwrap_or(Value::Null),
            None => written.clone(),
        };
        Param {
            written: written.clone(),
            resolved,
            ptr,
            shared,
        }
    }

    /// The parameters of a path item or operation (at `ptr`), as body and
    /// form parameters (they become the request body) and the others.
    fn split_params(&mut self, list: Option<&Value>, ptr: &str) -> (Vec<Param>, Vec<Param>) {
        let mut bodies = Vec::new();
        let mut others = Vec::new();
        if let Some(Value::Array(list)) = list {
            for (i, p) in list.iter().enumerate() {
                let p = self.param(p, format!("{ptr}/parameters/{i}"));
                match p.location() {
                    "body" | "formData" => bodies.push(p),
                    _ => others.push(p),
                }
            }
        }
        (bodies, others)
    }

    fn path_item(&mut self, item: &Value, ptr: &str) -> Value {
        let Value::Object(item) = item else {
            return item.clone();
        };
        let mut out = Map::new();
        // Body and form parameters shared by the path's operations move
        // into each operation's body; the others stay shared.
        let (shared_bodies, shared) = self.split_params(item.get("parameters"), ptr);
        if !shared.is_empty() {
            let list = self.parameter_list(&shared, &format!("{ptr}/parameters"));
            out.insert("parameters".into(), list);
        }
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let op_ptr = format!("{ptr}/{key}");
                let op = self.operation(value, &op_ptr, &shared_bodies);
                out.insert(key.clone(), op);
            } else if key == "$ref" || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            } else if key != "parameters" {
                self.diags.warning(
                    format!("{ptr}/{}", escape(key)),
                    format!("`{key}` is not a Swagger 2.0 path item field; ignored"),
                );
            }
        }
        Value::Object(out)
    }

    /// Non-body parameters as a 3.0 list at `new_ptr`, mapping each entry's
    /// new index to its original place.
    fn parameter_list(&mut self, params: &[Param], new_ptr: &str) -> Value {
        let mut list = Vec::new();
        for (i, p) in params.iter().enumerate() {
            let new = format!("{new_ptr}/{i}");
            self.out.map.add(&new, &p.ptr);
            if p.shared.is_some() || p.written.get("$ref").is_some() {
                list.push(p.written.clone());
            } else {
                self.out.map.add(format!("{new}/schema"), &p.ptr);
                list.push(self.parameter(&p.written, &p.ptr));
            }
        }
        Value::Array(list)
    }

    fn operation(&mut self, op: &Value, ptr: &str, shared_bodies: &[Param]) -> Value {
        let Value::Object(op) = op else {
            return op.clone();
        };
        let mut out = Map::new();
        let consumes = media_list(op.get("consumes"))
            .or_else(|| self.consumes.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| vec!["application/json".to_owned()]);
        let produces = media_list(op.get("produces"))
            .or_else(|| self.produces.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| vec!["application/json".to_owned()]);
        let (mut bodies, params) = self.split_params(op.get("parameters"), ptr);
        // A shared body or form parameter applies unless the operation
        // declares one of the same name and place.
        for p in shared_bodies {
            if !bodies
                .iter()
                .any(|b| b.name() == p.name() && b.location() == p.location())
            {
                bodies.push(Param {
                    written: p.written.clone(),
                    resolved: p.resolved.clone(),
                    ptr: p.ptr.clone(),
                    shared: p.shared.clone(),
                });
            }
        }
        for (key, value) in op {
            match key.as_str() {
                "tags" | "summary" | "description" | "externalDocs" | "operationId"
                | "deprecated" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                "consumes" | "produces" | "parameters" | "responses" => {}
                "schemes" => self.diags.warning(
                    format!("{ptr}/schemes"),
                    "per-operation `schemes` have no OpenAPI 3.0 form; the document's servers are used",
                ),
                k if k.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                k => self.diags.warning(
                    format!("{ptr}/{}", escape(k)),
                    format!("`{k}` is not a Swagger 2.0 operation field; ignored"),
                ),
            }
        }
        if !params.is_empty() {
            let list = self.parameter_list(&params, &format!("{ptr}/parameters"));
            out.insert("parameters".into(), list);
        }
        let body_ptr = format!("{ptr}/requestBody");
        let body = bodies.iter().find(|b| b.location() == "body");
        let form: Vec<&Param> = bodies
            .iter()
            .filter(|b| b.location() == "formData")
            .collect();
        if let Some(b) = body {
            if let Some(extra) = form.first() {
                self.diags.warning(
                    &extra.ptr,
                    "an operation cannot have both a body and form parameters; the form parameters are ignored",
                );
            }
            for extra in bodies.iter().filter(|x| x.location() == "body").skip(1) {
                self.diags.warning(
                    &extra.ptr,
                    "an operation can have only one body parameter; this one is ignored",
                );
            }
            let value = match &b.shared {
                Some(name) => {
                    self.out.map.add(&body_ptr, &b.ptr);
                    json!({ "$ref": format!("#/components/requestBodies/{}", escape(name)) })
                }
                None => self.body(&b.resolved, &b.ptr, &body_ptr, Some(&consumes)),
            };
            out.insert("requestBody".into(), value);
        } else if !form.is_empty() {
            let value = self.form_body(&form, &consumes, &body_ptr);
            out.insert("requestBody".into(), value);
        }
        let mut responses = Map::new();
        match op.get("responses") {
            Some(Value::Object(rs)) => {
                for (code, r) in rs {
                    if code.starts_with("x-") {
                        continue;
                    }
                    let old = format!("{ptr}/responses/{}", escape(code));
                    let value = self.response(r, &old, &old, Some(&produces));
                    responses.insert(code.clone(), value);
                }
            }
            _ => {
                self.diags
                    .warning(ptr, "the operation has no `responses`; none are generated");
            }
        }
        if responses.is_empty() {
            responses.insert("default".into(), json!({ "description": "" }));
        }
        out.insert("responses".into(), Value::Object(responses));
        Value::Object(out)
    }

    /// A body parameter → a request body at `new`; `consumes` is None for a
    /// shared one (its operations' lists are not known): it is offered as
    /// the document's.
    fn body(&mut self, p: &Value, ptr: &str, new: &str, consumes: Option<&[String]>) -> Value {
        let mut out = Map::new();
        let media = consumes
            .map(<[String]>::to_vec)
            .or_else(|| self.consumes.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| vec!["application/json".to_owned()]);
        // 2.0 requires `schema` on a body parameter. One written without it
        // but with the keywords of a non-body parameter (`type: string`, ...)
        // means those: they become the schema, as other converters read it,
        // rather than an any-value body.
        let own_keywords = p.get("schema").is_none()
            && ["type", "format", "items", "enum"]
                .iter()
                .any(|k| p.get(k).is_some());
        let (s, schema_ptr) = if own_keywords {
            self.diags.warning(
                ptr.to_owned(),
                "a body parameter needs `schema`; its own type keywords are used as the schema",
            );
            (param_schema(p, ptr, self.diags), ptr.to_owned())
        } else {
            let mut s = p.get("schema").cloned().unwrap_or(json!({}));
            schema(&mut s);
            (s, format!("{ptr}/schema"))
        };
        let mut content = Map::new();
        self.out.map.add(format!("{new}/content"), ptr);
        for m in &media {
            self.out
                .map
                .add(format!("{new}/content/{}", escape(m)), ptr);
            self.out.map.add(
                format!("{new}/content/{}/schema", escape(m)),
                schema_ptr.clone(),
            );
            content.insert(m.clone(), json!({ "schema": s }));
        }
        self.out.map.add(new, ptr);
        out.insert("content".into(), Value::Object(content));
        if let Value::Object(p) = p {
            for (k, v) in p {
                if k == "description" || k == "required" || k.starts_with("x-") {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// `formData` parameters → one object-schema body.
    fn form_body(&mut self, form: &[&Param], consumes: &[String], new: &str) -> Value {
        let has_file = form
            .iter()
            .any(|p| p.resolved.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = has_file || consumes.iter().any(|c| c == "multipart/form-data");
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        if has_file && !consumes.iter().any(|c| c == "multipart/form-data") {
            self.diags.warning(
                &form[0].ptr,
                "a `file` form parameter needs multipart/form-data, which `consumes` does not list; it is sent as multipart/form-data",
            );
        }
        let schema_ptr = format!("{new}/content/{}/schema", escape(media));
        self.out.map.add(new, &form[0].ptr);
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in form {
            let name = p.name().to_owned();
            self.out
                .map
                .add(format!("{schema_ptr}/properties/{}", escape(&name)), &p.ptr);
            let mut s = param_schema(&p.resolved, &p.ptr, self.diags);
            if let (Value::Object(s), Some(d)) = (&mut s, p.resolved.get("description")) {
                s.insert("description".into(), d.clone());
            }
            if p.resolved.get("collectionFormat").and_then(Value::as_str) == Some("multi")
                || p.resolved.get("type").and_then(Value::as_str) != Some("array")
            {
            } else {
                self.diags.warning(
                    &p.ptr,
                    "form array fields are sent as repeated fields (`collectionFormat: multi`); other collection formats are not expressible",
                );
            }
            if p.resolved.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            properties.insert(name, s);
        }
        let mut s = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            s["required"] = Value::Array(required);
        }
        let required = form
            .iter()
            .any(|p| p.resolved.get("required") == Some(&Value::Bool(true)));
        json!({
            "required": required,
            "content": { media: { "schema": s } },
        })
    }

    /// A non-body parameter: schema keywords move into `schema`, and the
    /// collection format becomes a style.
    fn parameter(&mut self, p: &Value, ptr: &str) -> Value {
        let Value::Object(obj) = p else {
            return p.clone();
        };
        let mut out = Map::new();
        for (k, v) in obj {
            match k.as_str() {
                "name" | "in" | "description" | "required" | "allowEmptyValue" => {
                    out.insert(k.clone(), v.clone());
                }
                k if k.starts_with("x-") && k != "x-nullable" => {
                    out.insert(k.to_owned(), v.clone());
                }
                _ => {}
            }
        }
        let location = obj.get("in").and_then(Value::as_str).unwrap_or("");
        if location == "path" {
            out.insert("required".into(), json!(true));
        }
        out.insert("schema".into(), param_schema(p, ptr, self.diags));
        let is_array = obj.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = obj
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let style = match (location, format) {
                ("query", "csv") => Some(("form", false)),
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("path" | "header", "csv") => Some(("simple", false)),
                _ => None,
            };
            match style {
                Some((style, explode)) => {
                    out.insert("style".into(), json!(style));
                    out.insert("explode".into(), json!(explode));
                }
                None => {
                    self.diags.warning(
                        format!("{ptr}/collectionFormat"),
                        format!(
                            "collectionFormat {format:?} has no OpenAPI 3.0 form for a {location} parameter; the values are sent comma-separated"
                        ),
                    );
                    if location == "query" {
                        out.insert("style".into(), json!("form"));
                        out.insert("explode".into(), json!(false));
                    }
                }
            }
        }
        Value::Object(out)
    }

    /// A response at `new` (converted from `ptr`); `produces` is None for a
    /// shared one, offered as the document's.
    fn response(&mut self, r: &Value, ptr: &str, new: &str, produces: Option<&[String]>) -> Value {
        let Value::Object(obj) = r else {
            return r.clone();
        };
        if obj.contains_key("$ref") {
            return r.clone();
        }
        let mut out = Map::new();
        out.insert(
            "description".into(),
            obj.get("description").cloned().unwrap_or(json!("")),
        );
        if let Some(s) = obj.get("schema") {
            let media = produces
                .map(<[String]>::to_vec)
                .or_else(|| self.produces.clone())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| vec!["application/json".to_owned()]);
            let mut s = s.clone();
            schema(&mut s);
            let mut content = Map::new();
            self.out.map.add(format!("{new}/content"), ptr);
            for m in &media {
                let mut entry = json!({ "schema": s });
                if let Some(example) = obj.get("examples").and_then(|e| e.get(m)) {
                    entry["example"] = example.clone();
                }
                self.out
                    .map
                    .add(format!("{new}/content/{}", escape(m)), ptr);
                self.out.map.add(
                    format!("{new}/content/{}/schema", escape(m)),
                    format!("{ptr}/schema"),
                );
                content.insert(m.clone(), entry);
            }
            out.insert("content".into(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = obj.get("headers") {
            let mut converted = Map::new();
            for (name, h) in headers {
                let h_ptr = format!("{ptr}/headers/{}", escape(name));
                let h_new = format!("{new}/headers/{}", escape(name));
                self.out.map.add(&h_new, &h_ptr);
                self.out.map.add(format!("{h_new}/schema"), &h_ptr);
                let mut header = Map::new();
                if let Some(d) = h.get("description") {
                    header.insert("description".into(), d.clone());
                }
                header.insert("schema".into(), param_schema(h, &h_ptr, self.diags));
                converted.insert(name.clone(), Value::Object(header));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        for (k, v) in obj {
            if k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        Value::Object(out)
    }

    /// Rewrite every `$ref` of the converted document to its 3.0 place.
    fn refs(&mut self, node: &mut Value) {
        match node {
            Value::Object(obj) => {
                if let Some(Value::String(r)) = obj.get_mut("$ref") {
                    if let Some(new) = self.reference(r) {
                        self.out.renamed.push((new.clone(), r.clone()));
                        *r = new;
                    }
                }
                for (k, v) in obj.iter_mut() {
                    match (k.as_str(), v) {
                        // Maps of named things: a property or response
                        // named `default` or `example` is not data.
                        (
                            "properties" | "patternProperties" | "responses" | "schemas"
                            | "parameters" | "requestBodies" | "headers" | "content",
                            Value::Object(named),
                        ) => named.values_mut().for_each(|n| self.refs(n)),
                        ("$ref" | "example" | "examples" | "default" | "enum", _) => {}
                        (_, v) => self.refs(v),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.refs(v)),
            _ => {}
        }
    }

    fn reference(&self, r: &str) -> Option<String> {
        let (file, fragment) = r.split_once('#')?;
        let (section, rest) = fragment.strip_prefix('/')?.split_once('/')?;
        let name = unescape(rest.split('/').next().unwrap_or(rest));
        // Another file is read as it is (bundled raw), so only the
        // document's own sections moved.
        if !file.is_empty() {
            return None;
        }
        let section = match section {
            "definitions" => "schemas",
            "parameters" if self.body_params.contains(&name) => "requestBodies",
            "parameters" => "parameters",
            "responses" => "responses",
            _ => return None,
        };
        Some(format!("#/components/{section}/{rest}"))
    }
}

/// The schema of a non-body parameter, a header or an `items` object: the
/// schema keywords it holds, `file` as binary and `x-nullable` as
/// `nullable`.
fn param_schema(p: &Value, ptr: &str, diags: &mut Diagnostics) -> Value {
    let mut s = Map::new();
    if let Value::Object(obj) = p {
        for key in SCHEMA_KEYWORDS {
            if let Some(v) = obj.get(key) {
                s.insert(key.to_owned(), v.clone());
            }
        }
        if let Some(Value::Object(_)) = obj.get("items") {
            let items = param_schema(&obj["items"], &format!("{ptr}/items"), diags);
            s.insert("items".into(), items);
            if let Some(f) = obj["items"].get("collectionFormat").and_then(Value::as_str) {
                diags.warning(
                    format!("{ptr}/items/collectionFormat"),
                    format!("nested collectionFormat {f:?} has no OpenAPI 3.0 form; ignored"),
                );
            }
        }
        // A parameter with a `schema` (not 2.0, but written) keeps it.
        if s.is_empty() {
            if let Some(inner) = obj.get("schema") {
                let mut inner = inner.clone();
                schema(&mut inner);
                return inner;
            }
        }
    }
    let mut s = Value::Object(s);
    schema(&mut s);
    s
}

/// The 2.0-only schema keywords of one schema and the schemas in it:
/// `type: file`, `x-nullable`, a string `discriminator`.
pub fn schema(node: &mut Value) {
    let Value::Object(obj) = node else { return };
    keywords(obj);
    for (key, child) in obj.iter_mut() {
        match key.as_str() {
            "items" | "additionalProperties" | "not" => schema(child),
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(items) = child {
                    items.iter_mut().for_each(schema);
                }
            }
            "properties" | "patternProperties" => {
                if let Value::Object(map) = child {
                    map.values_mut().for_each(schema);
                }
            }
            _ => {}
        }
    }
}

/// The 2.0-only schema keywords anywhere in a file a 2.0 document
/// references (read as it is): `x-nullable` and `type: file`.
pub fn external(node: &mut Value) {
    match node {
        Value::Object(obj) => {
            keywords(obj);
            for (k, v) in obj.iter_mut() {
                if !matches!(k.as_str(), "example" | "examples" | "default" | "enum")
                    && !k.starts_with("x-")
                {
                    external(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(external),
        _ => {}
    }
}

/// `type: file` → a binary string, `x-nullable` → `nullable`, a string
/// `discriminator` → a discriminator object.
fn keywords(obj: &mut Map<String, Value>) {
    if obj.get("type").and_then(Value::as_str) == Some("file") {
        obj.insert("type".into(), json!("string"));
        obj.insert("format".into(), json!("binary"));
    }
    if let Some(n) = obj.remove("x-nullable") {
        if n.is_boolean() {
            obj.insert("nullable".into(), n);
        }
    }
    if let Some(Value::String(d)) = obj.get("discriminator").cloned() {
        obj.insert("discriminator".into(), json!({ "propertyName": d }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_ok(mut v: Value) -> (Value, Converted, Diagnostics) {
        let mut d = Diagnostics::default();
        let c = convert(&mut v, &mut d).expect("a 2.0 document");
        (v, c, d)
    }

    #[test]
    fn document_sections_move_to_components() {
        let (v, c, d) = convert_ok(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "host": "api.example.com", "basePath": "/v1/", "schemes": ["http", "https"],
            "definitions": {"A": {"type": "object", "x-nullable": true,
                "properties": {"f": {"type": "file"}, "b": {"$ref": "#/definitions/B"},
                    "default": {"$ref": "#/definitions/B"}}},
                "B": {"type": "string"}},
            "parameters": {"q": {"name": "q", "in": "query", "type": "string"},
                "body": {"name": "b", "in": "body", "schema": {"$ref": "#/definitions/A"}}},
            "responses": {"E": {"description": "e", "schema": {"$ref": "#/definitions/B"}}},
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "name": "k", "in": "query"},
                "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {}},
                "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a",
                    "tokenUrl": "https://t", "scopes": {"s": "d"}},
            },
            "paths": {}
        }));
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(v["openapi"], "3.0.3");
        assert_eq!(
            v["servers"],
            json!([{"url": "http://api.example.com/v1"}, {"url": "https://api.example.com/v1"}])
        );
        let s = &v["components"]["schemas"]["A"];
        assert_eq!(s["nullable"], true);
        assert_eq!(
            s["properties"]["f"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(s["properties"]["b"]["$ref"], "#/components/schemas/B");
        // A property named like a data keyword is a schema all the same.
        assert_eq!(s["properties"]["default"]["$ref"], "#/components/schemas/B");
        assert_eq!(
            v["components"]["parameters"]["q"]["schema"],
            json!({"type": "string"})
        );
        assert_eq!(
            v["components"]["requestBodies"]["body"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/A"
        );
        let schemes = &v["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(schemes["key"]["in"], "query");
        assert_eq!(
            schemes["app"]["flows"]["clientCredentials"]["tokenUrl"],
            "https://t"
        );
        assert_eq!(
            schemes["code"]["flows"]["authorizationCode"]["authorizationUrl"],
            "https://a"
        );
        assert!(c
            .renamed
            .contains(&("#/components/schemas/B".into(), "#/definitions/B".into())));
    }

    #[test]
    fn operations_get_bodies_and_pointers_map_back() {
        let (v, c, _) = convert_ok(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "produces": ["application/json", "application/xml"],
            "paths": {"/p/{id}": {
                "parameters": [{"name": "id", "in": "path", "type": "string"}],
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"name": "file", "in": "formData", "type": "file", "required": true},
                        {"name": "n", "in": "query", "type": "array", "items": {"type": "integer"},
                            "collectionFormat": "pipes"},
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"type": "string"},
                        "headers": {"X-R": {"type": "integer"}}}}
                }
            }}
        }));
        let op = &v["paths"]["/p/{id}"]["post"];
        let form = &op["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(form["properties"]["file"]["format"], "binary");
        assert_eq!(form["required"], json!(["file"]));
        assert_eq!(op["parameters"][0]["style"], "pipeDelimited");
        assert_eq!(op["parameters"][0]["explode"], false);
        let ok = &op["responses"]["200"];
        assert!(ok["content"]["application/xml"]["schema"].is_object());
        assert_eq!(ok["headers"]["X-R"]["schema"], json!({"type": "integer"}));
        assert_eq!(
            v["paths"]["/p/{id}"]["parameters"][0]["required"],
            json!(true)
        );
        let original = |p: &str| c.map.original(p).unwrap_or_else(|| p.to_owned());
        assert_eq!(
            original("/paths/~1p~1{id}/post/parameters/0/schema/items"),
            "/paths/~1p~1{id}/post/parameters/1/items"
        );
        assert_eq!(
            original(
                "/paths/~1p~1{id}/post/requestBody/content/multipart~1form-data/schema/properties/file"
            ),
            "/paths/~1p~1{id}/post/parameters/0"
        );
        assert_eq!(
            original("/paths/~1p~1{id}/post/responses/200/content/application~1xml/schema"),
            "/paths/~1p~1{id}/post/responses/200/schema"
        );
        assert_eq!(
            original("/paths/~1p~1{id}/post/responses/200/headers/X-R/schema"),
            "/paths/~1p~1{id}/post/responses/200/headers/X-R"
        );
    }

    #[test]
    fn other_versions_are_located_errors() {
        for version in [json!("1.2"), json!("3.0"), json!(2.0)] {
            let mut d = Diagnostics::default();
            let mut v = json!({"swagger": version, "paths": {}});
            assert!(convert(&mut v, &mut d).is_none());
            assert_eq!(d.items()[0].pointer, "/swagger");
            assert!(d.has_errors());
        }
    }

    #[test]
    fn what_has_no_form_is_a_located_warning() {
        let (_, _, d) = convert_ok(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "securityDefinitions": {"x": {"type": "oauth2", "flow": "weird"}},
            "paths": {"/p": {"get": {
                "schemes": ["ws"],
                "parameters": [{"name": "h", "in": "header", "type": "array",
                    "collectionFormat": "multi", "items": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}
            }}}
        }));
        let pointers: Vec<&str> = d.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1p/get/schemes",
                "/paths/~1p/get/parameters/0/collectionFormat",
                "/securityDefinitions/x/flow",
            ]
        );
        assert!(!d.has_errors());
    }

    #[test]
    fn a_body_parameter_without_schema_uses_its_own_keywords() {
        // Seen in the corpus (Egnyte): `in: body` with `type: string` and no
        // `schema`. It is a string body, not an any-value one.
        let (v, _, d) = convert_ok(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/p": {"post": {
                "parameters": [
                    {"name": "b", "in": "body", "type": "string", "default": "x"},
                ],
                "responses": {"200": {"description": "ok"}}
            }}}
        }));
        assert_eq!(
            v["paths"]["/p"]["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"type": "string", "default": "x"})
        );
        let pointers: Vec<&str> = d.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1p/post/parameters/0"]);
        // With neither, the body stays any value, without a warning.
        let (v, _, d) = convert_ok(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/p": {"post": {
                "parameters": [{"name": "b", "in": "body"}],
                "responses": {"200": {"description": "ok"}}
            }}}
        }));
        assert_eq!(
            v["paths"]["/p"]["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({})
        );
        assert!(d.items().is_empty());
    }

    #[test]
    fn a_host_that_is_not_a_string_is_a_warning() {
        let (v, _, d) = convert_ok(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "host": ["api.example.com"], "basePath": "/v2", "paths": {}
        }));
        assert_eq!(v["servers"], json!([{"url": "/v2"}]));
        assert_eq!(d.items()[0].pointer, "/host");
        assert!(d.items()[0].message.contains("an array"));
    }
}
