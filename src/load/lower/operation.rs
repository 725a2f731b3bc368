//! Paths and operations to IR operations: parameters, one body, responses by
//! status, and the security each needs.

use super::{docs, namespace, Lower, Lowered};
use crate::ir::naming::upper_camel;
use crate::ir::{
    Content, ContentKind, Docs, Header, Hook, Method, OAuth2, OAuthFlow, Operation, Param,
    ParamLocation, ParamStyle, RequestBody, Response, SecurityKind, SecurityScheme, Status, Ty,
};
use crate::load::normalize::escape;
use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, MediaType, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, SecurityRequirement, StatusCode,
};
use serde_json::Value;
use std::collections::HashMap;

const METHODS: &[(&str, Method)] = &[
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

/// Where an operation is written and served.
struct Place<'p> {
    item: &'p PathItem,
    item_ptr: &'p str,
    op_ptr: &'p str,
    method: Method,
    path: &'p str,
}

/// Each operation's `callbacks` as written, by method key.
type Callbacks<'a> = Vec<(&'static str, &'a Value)>;

/// The webhooks and callbacks lowered so far, and how many were not.
struct Hooks {
    names: crate::ir::naming::Namespace,
    paths: crate::ir::naming::Namespace,
    out: Vec<Operation>,
    skipped: usize,
}

/// A path item's operations, in method order.
fn methods(item: &PathItem) -> impl Iterator<Item = (&'static str, Method, &openapiv3::Operation)> {
    METHODS.iter().filter_map(|(key, method)| {
        let op = match *key {
            "get" => &item.get,
            "put" => &item.put,
            "post" => &item.post,
            "delete" => &item.delete,
            "options" => &item.options,
            "head" => &item.head,
            "patch" => &item.patch,
            _ => &item.trace,
        };
        op.as_ref().map(|op| (*key, *method, op))
    })
}

impl<'a> Lower<'a> {
    /// A path item (after its `$ref`s) with its pointer, and each
    /// operation's `callbacks` as written, by method key. openapiv3 reads
    /// callbacks with no `$ref`s, so a `$ref`'d callback would make the
    /// whole path item unreadable: they are taken out before parsing and
    /// lowered from the document (see [`Self::callbacks`]).
    fn path_item(
        &mut self,
        value: &'a Value,
        at: &str,
    ) -> Option<(PathItem, String, Callbacks<'a>)> {
        let (node, pointer) = self.follow(value, at)?;
        let mut callbacks = Vec::new();
        for (key, _) in METHODS {
            if let Some(raw) = node.get(*key).and_then(|op| op.get("callbacks")) {
                callbacks.push((*key, raw));
            }
        }
        let item = match node {
            Value::Object(obj) if !callbacks.is_empty() => {
                let mut copy = obj.clone();
                for (key, _) in &callbacks {
                    if let Some(Value::Object(op)) = copy.get_mut(*key) {
                        op.remove("callbacks");
                    }
                }
                self.parse::<PathItem>(&Value::Object(copy), &pointer)?
            }
            _ => self.parse::<PathItem>(node, &pointer)?,
        };
        Some((item, pointer, callbacks))
    }

    /// The callbacks of one operation (3.0 `callbacks`), as written: each a
    /// map (or a `$ref` to one) from URL expressions to path items.
    fn callbacks(
        &mut self,
        raw: &'a Value,
        op_ptr: &str,
        op_id: &str,
        hooks: &mut Hooks,
        schemes: &[SecurityScheme],
    ) {
        let Value::Object(map) = raw else {
            self.diags.warning(
                format!("{op_ptr}/callbacks"),
                "`callbacks` must be a map of callbacks; ignored",
            );
            return;
        };
        for (callback, value) in map {
            if callback.starts_with("x-") {
                continue;
            }
            let at = format!("{op_ptr}/callbacks/{}", escape(callback));
            let Some((Value::Object(expressions), callback_ptr)) = self.follow(value, &at) else {
                continue;
            };
            let expressions: Vec<(&String, &Value)> = expressions
                .iter()
                .filter(|(e, _)| !e.starts_with("x-"))
                .collect();
            let several = expressions.len() > 1;
            for (expression, item) in expressions {
                let item_at = format!("{callback_ptr}/{}", escape(expression));
                let Some((item, item_ptr, _)) = self.path_item(item, &item_at) else {
                    continue;
                };
                if !self.select.webhooks {
                    hooks.skipped += methods(&item).count();
                    continue;
                }
                let hook = Hook {
                    name: format!("{op_id}.{callback}"),
                    url: Some(expression.clone()),
                };
                let base = if several {
                    format!("{op_id} {callback} {expression}")
                } else {
                    format!("{op_id} {callback}")
                };
                self.hook_item(&item, &item_ptr, hook, &base, hooks, schemes);
            }
        }
    }
}

impl Lower<'_> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(Value::Object(map)) = self.root.pointer("/components/securitySchemes") else {
            return Vec::new();
        };
        let mut names = namespace(&[]);
        let mut out = Vec::new();
        for (key, value) in map {
            let at = format!("/components/securitySchemes/{}", escape(key));
            if value.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                self.diags.warning(
                    &at,
                    "mutual TLS is set up on the HTTP client and server, not per call; operations using it get no credentials",
                );
                continue;
            }
            let Some(item) = self.parse::<ReferenceOr<openapiv3::SecurityScheme>>(value, &at)
            else {
                continue;
            };
            let Some((scheme, scheme_ptr)) = self.deref(item, &at) else {
                continue;
            };
            let raw = self.root.pointer(&scheme_ptr);
            use openapiv3::SecurityScheme as S;
            let (kind, description) = match scheme {
                S::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (SecurityKind::ApiKey { location, name }, description)
                }
                S::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SecurityKind::Bearer, description),
                    "basic" => (SecurityKind::Basic, description),
                    other => {
                        self.diags.warning(
                            at,
                            format!("HTTP auth scheme {other:?} is not supported; operations using it get no credentials"),
                        );
                        continue;
                    }
                },
                // OAuth2 and OpenID Connect end in a bearer token; getting
                // one is the caller's business.
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer, description)
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                name: names.snake_name(key, "auth"),
                docs: docs(None, description.as_ref()),
                kind,
                deprecated: raw
                    .and_then(|s| s.get("deprecated"))
                    .and_then(Value::as_bool)
                    == Some(true),
                oauth2: oauth2(raw),
            });
        }
        out
    }

    /// The operations, then the webhooks and callbacks (lowered only when
    /// some part of them is generated; otherwise only counted).
    pub(super) fn operations(
        &mut self,
        schemes: &[SecurityScheme],
    ) -> (Vec<Operation>, Vec<Operation>, usize) {
        let global: Option<Vec<SecurityRequirement>> = match self.root.get("security") {
            Some(v) => self.parse(v, "/security"),
            None => None,
        };
        let mut names = namespace(&[]);
        let mut out = Vec::new();
        let mut hooks = Hooks {
            names: namespace(&[]),
            paths: namespace(&[]),
            out: Vec::new(),
            skipped: 0,
        };
        // Every operation id and tag of the spec, to check the selection.
        let mut ids = Vec::new();
        let mut tags = std::collections::BTreeSet::new();
        // Where each operationId was first met, to warn at a repeat.
        let mut first_ids: HashMap<String, String> = HashMap::new();
        let root = self.root;
        if let Some(Value::Object(paths)) = root.get("paths") {
            for (path, value) in paths {
                if path.starts_with("x-") {
                    continue;
                }
                let at = format!("/paths/{}", escape(path));
                let Some((item, item_ptr, callbacks)) = self.path_item(value, &at) else {
                    continue;
                };
                for (key, method, op) in methods(&item) {
                    let op_ptr = format!("{item_ptr}/{key}");
                    let id = op
                        .operation_id
                        .clone()
                        .unwrap_or_else(|| format!("{key} {path}"));
                    // Named before selecting, so a method keeps its name (and its
                    // inline types theirs) whatever else is selected.
                    let name = names.snake_name(&id, "operation");
                    if let Some(given) = &op.operation_id {
                        let here = format!("{} {path}", key.to_uppercase());
                        self.repeated_id(&mut first_ids, given, here, &op_ptr, &name);
                    }
                    tags.extend(op.tags.iter().cloned());
                    ids.push(id.clone());
                    if !self.select.selects(&id, &op.tags) {
                        continue;
                    }
                    let place = Place {
                        item: &item,
                        item_ptr: &item_ptr,
                        op_ptr: &op_ptr,
                        method,
                        path,
                    };
                    out.push(self.operation(op, place, id.clone(), name, global.as_ref(), schemes));
                    if let Some((_, raw)) = callbacks.iter().find(|(k, _)| *k == key) {
                        self.callbacks(raw, &op_ptr, &id, &mut hooks, schemes);
                    }
                }
            }
        }
        self.webhooks(&mut hooks, &mut ids, &mut tags, schemes);
        let selected = out.len() + hooks.out.len();
        for message in self.select.check(&ids, &tags, selected) {
            self.diags.error("/paths", message);
        }
        (out, hooks.out, hooks.skipped)
    }

    /// A warning when `id` was already the operationId of another operation
    /// (`first_ids`: id → that operation): the spec says ids are unique, and
    /// the generator names the second one's method apart.
    fn repeated_id(
        &mut self,
        first_ids: &mut HashMap<String, String>,
        id: &str,
        here: String,
        op_ptr: &str,
        name: &str,
    ) {
        match first_ids.get(id) {
            Some(first) => self.diags.warning(
                format!("{op_ptr}/operationId"),
                format!("operationId {id:?} is already the id of {first}; this operation's method is named `{name}`"),
            ),
            None => {
                first_ids.insert(id.to_owned(), here);
            }
        }
    }

    /// One operation of a path item (or of a webhook's or callback's).
    fn operation(
        &mut self,
        op: &openapiv3::Operation,
        place: Place,
        id: String,
        name: String,
        global: Option<&Vec<SecurityRequirement>>,
        schemes: &[SecurityScheme],
    ) -> Operation {
        let Place {
            item,
            item_ptr,
            op_ptr,
            method,
            path,
        } = place;
        let hint = upper_camel(&name, "Operation");
        let params = self.params(&item.parameters, &op.parameters, item_ptr, op_ptr, &hint);
        let body = op
            .request_body
            .clone()
            .and_then(|b| self.body(b, op_ptr, &hint));
        let responses = self.responses(&op.responses, op_ptr, &hint);
        let requirements = op.security.as_ref().or(global);
        let security = requirements
            .map(|reqs| {
                reqs.iter()
                    .map(|r| {
                        r.keys()
                            .filter(|k| schemes.iter().any(|s| &s.key == *k))
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let paging_hint = super::paging_hint::read(|key| op.extensions.get(key), op_ptr);
        Operation {
            id,
            name,
            method,
            path: path.to_owned(),
            template: crate::ir::PathTemplate::parse(path),
            pointer: op_ptr.to_owned(),
            docs: docs(op.summary.as_ref(), op.description.as_ref()),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            body,
            responses,
            security,
            paging: None,
            paging_hint,
            hook: None,
        }
    }

    /// A webhook's or callback's operations: they get the synthetic path
    /// `/{name}` and no paging. The API's top-level `security` is not
    /// theirs (it is what the API asks of its callers, not what its
    /// consumers ask of it): only a webhook's own `security` counts.
    fn hook_item(
        &mut self,
        item: &PathItem,
        item_ptr: &str,
        hook: Hook,
        base_id: &str,
        hooks: &mut Hooks,
        schemes: &[SecurityScheme],
    ) {
        let ops: Vec<_> = methods(item).collect();
        let several = ops.len() > 1;
        // One path per webhook (its methods share it), made of a Rust name,
        // so any key is a plain path segment: `order-created`.
        let path = format!(
            "/{}",
            hooks
                .paths
                .snake_name(base_id, "webhook")
                .trim_start_matches("r#")
                .replace('_', "-")
        );
        for (key, method, op) in ops {
            let id = match &op.operation_id {
                Some(id) => id.clone(),
                None if several => format!("{base_id} {key}"),
                None => base_id.to_owned(),
            };
            let name = hooks.names.snake_name(&id, "webhook");
            let op_ptr = format!("{item_ptr}/{key}");
            let place = Place {
                item,
                item_ptr,
                op_ptr: &op_ptr,
                method,
                path: &path,
            };
            let mut lowered = self.operation(op, place, id, name, None, schemes);
            lowered.paging_hint = None;
            lowered.hook = Some(hook.clone());
            hooks.out.push(lowered);
        }
    }

    /// The 3.1 `webhooks`.
    fn webhooks(
        &mut self,
        hooks: &mut Hooks,
        ids: &mut Vec<String>,
        tags: &mut std::collections::BTreeSet<String>,
        schemes: &[SecurityScheme],
    ) {
        let Some(Value::Object(map)) = self.root.get("webhooks") else {
            return;
        };
        for (key, value) in map {
            let at = format!("/webhooks/{}", escape(key));
            // A webhook's own callbacks (a callback of a callback) are not
            // followed.
            let Some((item, item_ptr, _)) = self.path_item(value, &at) else {
                continue;
            };
            if !self.select.webhooks {
                hooks.skipped += methods(&item).count();
                continue;
            }
            // The selection applies to webhooks too (by operation id, or
            // the key when there is none, and by tag).
            let selected: Vec<bool> = methods(&item)
                .map(|(_, _, op)| {
                    let id = op.operation_id.as_deref().unwrap_or(key);
                    ids.push(id.to_owned());
                    tags.extend(op.tags.iter().cloned());
                    self.select.selects(id, &op.tags)
                })
                .collect();
            if !selected.contains(&true) {
                continue;
            }
            let hook = Hook {
                name: key.clone(),
                url: None,
            };
            self.hook_item(&item, &item_ptr, hook, key, hooks, schemes);
        }
    }

    fn params(
        &mut self,
        shared: &[ReferenceOr<Parameter>],
        own: &[ReferenceOr<Parameter>],
        item_ptr: &str,
        op_ptr: &str,
        hint: &str,
    ) -> Vec<Param> {
        // Operation parameters override path-level ones with the same name
        // and location.
        let mut resolved: IndexMap<(String, ParamLocation), (Parameter, String)> = IndexMap::new();
        let lists = [
            (shared, format!("{item_ptr}/parameters")),
            (own, format!("{op_ptr}/parameters")),
        ];
        for (list, list_ptr) in lists {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{list_ptr}/{i}");
                let Some((p, ptr)) = self.deref(p.clone(), &at) else {
                    continue;
                };
                let loc = location(&p);
                resolved.insert((p.parameter_data_ref().name.clone(), loc), (p, ptr));
            }
        }
        let mut names = namespace(&["body", "self", "auth"]);
        let mut out = Vec::new();
        for ((json_name, loc), (p, ptr)) in resolved {
            let data = p.parameter_data_ref();
            let param_hint = format!("{hint}{}", upper_camel(&json_name, "Param"));
            let l = self.parameter_schema(&data.format, &ptr, &param_hint);
            let (style, default_explode) = match &p {
                Parameter::Query { style, .. } => match style {
                    QueryStyle::Form => (ParamStyle::Form, true),
                    QueryStyle::SpaceDelimited => (ParamStyle::SpaceDelimited, false),
                    QueryStyle::PipeDelimited => (ParamStyle::PipeDelimited, false),
                    QueryStyle::DeepObject => (ParamStyle::DeepObject, true),
                },
                Parameter::Path { style, .. } => match style {
                    openapiv3::PathStyle::Matrix => (ParamStyle::Matrix, false),
                    openapiv3::PathStyle::Label => (ParamStyle::Label, false),
                    openapiv3::PathStyle::Simple => (ParamStyle::Simple, false),
                },
                Parameter::Header { .. } => (ParamStyle::Simple, false),
                Parameter::Cookie { .. } => (ParamStyle::Form, true),
            };
            out.push(Param {
                name: names.snake_name(&json_name, "param"),
                json_name,
                location: loc,
                ty: l.ty,
                // Path parameters are always required, whatever the spec says.
                required: data.required || loc == ParamLocation::Path,
                docs: docs(None, data.description.as_ref()),
                deprecated: data.deprecated.unwrap_or(false),
                explode: data.explode.unwrap_or(default_explode),
                style,
                default: match &data.format {
                    openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                        s.schema_data.default.as_ref().and_then(super::example_text)
                    }
                    _ => None,
                },
                pointer: ptr,
            });
        }
        out
    }

    fn parameter_schema(
        &mut self,
        format: &ParameterSchemaOrContent,
        ptr: &str,
        hint: &str,
    ) -> Lowered {
        match format {
            ParameterSchemaOrContent::Schema(s) => self.lower(s, &format!("{ptr}/schema"), hint),
            ParameterSchemaOrContent::Content(content) => {
                match content
                    .iter()
                    .next()
                    .and_then(|(media, m)| Some((media, m.schema.as_ref()?)))
                {
                    Some((media, s)) => {
                        let at = format!("{ptr}/content/{}/schema", escape(media));
                        self.lower(s, &at, hint)
                    }
                    None => Lowered {
                        ty: Ty::String,
                        nullable: false,
                    },
                }
            }
        }
    }

    fn body(
        &mut self,
        body: ReferenceOr<openapiv3::RequestBody>,
        op_ptr: &str,
        hint: &str,
    ) -> Option<RequestBody> {
        let at = format!("{op_ptr}/requestBody");
        let (body, ptr) = self.deref(body, &at)?;
        let mut content =
            self.content(&body.content, &ptr, &format!("{hint}Body"), Side::Request)?;
        if content.kind == ContentKind::EventStream {
            // Events are what a server sends: a request body of this type
            // is sent as the text it is.
            content.kind = ContentKind::Text;
            content.ty = Ty::String;
        }
        Some(RequestBody {
            required: body.required,
            docs: Docs {
                example: media_example(&body.content),
                ..docs(None, body.description.as_ref())
            },
            content,
            offered: body.content.keys().cloned().collect(),
            pointer: ptr,
        })
    }

    /// Pick the media type we generate for, and warn about the others.
    fn content(
        &mut self,
        content: &IndexMap<String, MediaType>,
        ptr: &str,
        hint: &str,
        side: Side,
    ) -> Option<Content> {
        let (media, m, chosen) = choose_media(content)?;
        // Multipart is encoded by the client and parsed by the server only:
        // a multipart response is raw bytes, decided before its schema is
        // lowered into a type nothing would use.
        let kind = match (chosen, side) {
            (ContentKind::Multipart, Side::Response) => ContentKind::Binary,
            _ => chosen,
        };
        let others: Vec<&str> = content
            .keys()
            .map(String::as_str)
            .filter(|k| *k != media)
            .collect();
        if !others.is_empty() && kind != ContentKind::Json {
            self.diags.warning(
                format!("{ptr}/content"),
                format!(
                    "only {media} is generated; also offered: {}",
                    others.join(", ")
                ),
            );
        }
        let schema_ptr = format!("{ptr}/content/{}/schema", escape(media));
        let ty = match (&m.schema, kind) {
            (_, ContentKind::Binary) => Ty::Binary,
            (_, ContentKind::Text) | (None, ContentKind::EventStream) => Ty::String,
            (Some(s), _) => {
                let l = self.lower(s, &schema_ptr, hint);
                if l.nullable {
                    Ty::Nullable(Box::new(l.ty))
                } else {
                    l.ty
                }
            }
            (None, _) => Ty::Any,
        };
        if kind == ContentKind::Binary && media.starts_with("multipart/") {
            let message = match side {
                Side::Request => format!("{media} bodies are not generated yet (only multipart/form-data is); the body is sent as raw bytes"),
                Side::Response => format!("{media} responses are not generated as parts; the body is raw bytes"),
            };
            self.diags
                .warning(format!("{ptr}/content/{}", escape(media)), message);
        }
        Some(Content {
            media_type: media.to_owned(),
            kind,
            ty,
        })
    }

    fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        op_ptr: &str,
        hint: &str,
    ) -> Vec<Response> {
        let mut out = Vec::new();
        let mut first_success = true;
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r as u8),
                };
                (status, code.to_string(), r)
            })
            .chain(
                responses
                    .default
                    .iter()
                    .map(|r| (Status::Default, "default".to_owned(), r)),
            );
        for (status, key, r) in entries.collect::<Vec<_>>() {
            let at = format!("{op_ptr}/responses/{key}");
            let Some((r, ptr)) = self.deref(r.clone(), &at) else {
                continue;
            };
            let type_hint = if status.is_success() && first_success {
                first_success = false;
                format!("{hint}Response")
            } else {
                format!("{hint}Response{}", upper_camel(&key, "Status"))
            };
            let content = self.content(&r.content, &ptr, &type_hint, Side::Response);
            let mut names = namespace(&[]);
            let mut headers = Vec::new();
            for (h_name, h) in &r.headers {
                let h_at = format!("{ptr}/headers/{}", escape(h_name));
                let Some((h, h_ptr)) = self.deref(h.clone(), &h_at) else {
                    continue;
                };
                if h_name.eq_ignore_ascii_case("content-type") {
                    continue;
                }
                let l = self.parameter_schema(
                    &h.format,
                    &h_ptr,
                    &format!("{type_hint}{}", upper_camel(h_name, "Header")),
                );
                headers.push(Header {
                    json_name: h_name.clone(),
                    // Header names are case-insensitive: `ETag` is `etag`, not `e_tag`.
                    name: names.snake_name(&h_name.to_ascii_lowercase(), "header"),
                    ty: l.ty,
                    required: h.required,
                    docs: docs(None, h.description.as_ref()),
                    pointer: h_ptr,
                });
            }
            out.push(Response {
                status,
                description: r.description.clone(),
                content,
                headers,
                offered: r.content.keys().cloned().collect(),
                pointer: ptr,
            });
        }
        out
    }
}

/// An OAuth2 scheme's flows (3.2's `deviceAuthorization` too) and
/// `oauth2MetadataUrl`, read from the document: openapiv3 knows neither.
fn oauth2(scheme: Option<&Value>) -> Option<OAuth2> {
    let scheme = scheme.filter(|s| s.get("type").and_then(Value::as_str) == Some("oauth2"))?;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let flows = scheme
        .get("flows")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(kind, flow)| !kind.starts_with("x-") && flow.is_object())
        .map(|(kind, flow)| OAuthFlow {
            kind: kind.clone(),
            authorization_url: text(flow, "authorizationUrl"),
            device_authorization_url: text(flow, "deviceAuthorizationUrl"),
            token_url: text(flow, "tokenUrl"),
            refresh_url: text(flow, "refreshUrl"),
            scopes: flow
                .get("scopes")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(scope, what)| (scope.clone(), what.as_str().unwrap_or_default().to_owned()))
                .collect(),
        })
        .collect();
    Some(OAuth2 {
        flows,
        metadata_url: text(scheme, "oauth2MetadataUrl"),
    })
}

fn location(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// Which way a body goes: multipart is generated for requests only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// JSON first (any `+json` type too), then forms, text, then bytes.
fn choose_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType, ContentKind)> {
    let kind_of = |media: &str| {
        let m = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*" {
            ContentKind::Json
        } else if m == "application/x-www-form-urlencoded" {
            ContentKind::Form
        } else if m == "multipart/form-data" {
            ContentKind::Multipart
        } else if m == "text/event-stream" {
            ContentKind::EventStream
        } else if m.starts_with("text/") {
            ContentKind::Text
        } else {
            ContentKind::Binary
        }
    };
    let rank = |k: ContentKind| match k {
        ContentKind::Json => 0,
        ContentKind::Form => 1,
        ContentKind::Multipart => 2,
        ContentKind::EventStream => 3,
        ContentKind::Text => 4,
        ContentKind::Binary => 5,
    };
    content
        .iter()
        .map(|(media, m)| (media.as_str(), m, kind_of(media)))
        .min_by_key(|(media, _, k)| (rank(*k), *media != "application/json"))
}

/// The first example a request or response body gives: a media type's
/// `example`, else the first inline value of its `examples`.
fn media_example(content: &IndexMap<String, MediaType>) -> Option<String> {
    content.values().find_map(|media| {
        let inline = || {
            media.examples.values().find_map(|e| match e {
                ReferenceOr::Item(e) => e.value.clone(),
                ReferenceOr::Reference { .. } => None,
            })
        };
        media
            .example
            .clone()
            .or_else(inline)
            .as_ref()
            .and_then(super::example_text)
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::select::Selection;
    use crate::settings::{Settings, Webhooks};
    use std::path::Path;

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
security: [{token: []}]
paths:
  /jobs:
    post:
      operationId: start
      responses: {"202": {description: ok}}
      callbacks:
        done:
          '{$request.body#/url}':
            post:
              responses: {"204": {description: ok}}
webhooks:
  "order created":
    post:
      responses: {"204": {description: ok}}
    put:
      operationId: orderReplaced
      security: [{key: []}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
"#;

    fn load(webhooks: Webhooks) -> crate::load::Loaded {
        let settings = Settings::default().with_webhooks(webhooks);
        crate::load::load_str(
            SPEC,
            Path::new("hooks.yaml"),
            &[],
            &Selection::from_settings(&settings),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn webhooks_are_counted_unless_generated() {
        let loaded = load(Webhooks::None);
        assert!(loaded.api.webhooks.is_empty());
        assert_eq!(loaded.api.skipped_webhooks, 3);
        assert_eq!(loaded.api.operations.len(), 1);
        assert!(loaded.warnings.items().is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn webhooks_and_callbacks_become_operations_on_synthetic_paths() {
        let loaded = load(Webhooks::Both);
        let hooks: Vec<(&str, &str, &str, Option<&str>)> = loaded
            .api
            .webhooks
            .iter()
            .map(|op| {
                let hook = op.hook.as_ref().unwrap();
                (
                    op.name.as_str(),
                    op.path.as_str(),
                    hook.name.as_str(),
                    hook.url.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            hooks,
            [
                (
                    "start_done",
                    "/start-done",
                    "start.done",
                    Some("{$request.body#/url}")
                ),
                // In method order, as path operations.
                ("order_replaced", "/order-created", "order created", None),
                (
                    "order_created_post",
                    "/order-created",
                    "order created",
                    None
                ),
            ]
        );
        // The API's own security is not a webhook's; its own is.
        let security: Vec<&Vec<Vec<String>>> =
            loaded.api.webhooks.iter().map(|op| &op.security).collect();
        assert_eq!(security[0], &Vec::<Vec<String>>::new());
        assert_eq!(security[1], &vec![vec!["key".to_owned()]]);
        assert_eq!(security[2], &Vec::<Vec<String>>::new());
        assert_eq!(loaded.api.operations[0].security, [["token"]]);
        assert_eq!(
            loaded.api.webhooks[0].pointer,
            "/paths/~1jobs/post/callbacks/done/{$request.body#~1url}/post"
        );
    }

    #[test]
    fn a_callback_ref_to_nothing_is_a_located_error() {
        let settings = Settings::default().with_webhooks(Webhooks::Both);
        let spec = SPEC.replace(
            "webhooks:\n",
            "        bad: {$ref: '#/components/callbacks/Missing'}\nwebhooks:\n",
        );
        let err = crate::load::load_str(
            &spec,
            Path::new("hooks.yaml"),
            &[],
            &Selection::from_settings(&settings),
        );
        // `bad` names nothing: an error placed at the callback.
        let Err(err) = err else {
            panic!("a $ref to nothing loads")
        };
        let d = &err.diagnostics[0];
        assert_eq!(d.pointer, "/paths/~1jobs/post/callbacks/bad");
        assert!(d.message.contains("points to nothing"), "{}", d.message);
        assert!(d.position.is_some());
    }
}
