//! The mock plan: per served operation, the names and shapes the mock
//! module spells (its input struct, its method on `MockServer`, the
//! server's trait method and response enum it answers with). Decided once
//! here from what the server handed over; the renderer only spells it.

use crate::emit::context::ident;
use crate::emit::server::{Handed, HandedOperation};
use crate::ir::naming::{upper_camel, Namespace};
use proc_macro2::{Ident, TokenStream};

/// The mock module's names and its operations.
pub struct Plan {
    /// `MockServer`, and the module's private types.
    pub server: Ident,
    pub handler: Ident,
    pub operations: Ident,
    pub served: Vec<Served>,
}

/// One operation as the mock serves it.
pub struct Served {
    /// The `MockServer` method (and the field of the operations struct).
    pub method: Ident,
    /// The server's trait method.
    pub api_method: Ident,
    /// The struct of the call's typed inputs.
    pub input: Ident,
    pub response: Ident,
    /// The input struct's fields: the trait method's arguments.
    pub fields: Vec<(Ident, TokenStream)>,
    /// Whether every field is `Debug` (a streamed request body is not).
    pub derive_debug: bool,
    /// How reports name the call (`update_contact (PUT /contacts/{id})`).
    pub label: String,
    /// The spec's `METHOD /path`, for the docs.
    pub code_label: String,
}

/// Names the `MockServer` methods take for itself.
const SERVER_METHODS: &[&str] = &[
    "start",
    "url",
    "verify",
    "report",
    "verify_on_drop",
    "violations",
    "take_violations",
    "operations",
    "running",
];

impl Plan {
    pub fn new(handed: &Handed) -> Plan {
        // The mock module imports the server's names; its own never
        // take one of them.
        let mut types: Namespace = handed.types.clone();
        for reserved in [
            "Api",
            "Rejection",
            "RejectionKind",
            "ServerConfig",
            "Events",
            "ServerEvent",
        ]
        .iter()
        .chain(crate::emit::context::UNQUALIFIED_PRELUDE)
        {
            types.reserve(reserved);
        }
        let server = ident(&types.type_name("MockServer"));
        let handler = ident(&types.type_name("Handler"));
        let operations = ident(&types.type_name("Operations"));
        let mut methods = Namespace::default();
        for reserved in SERVER_METHODS {
            methods.reserve(reserved);
        }
        let served = handed
            .operations
            .iter()
            .map(|h| Served::new(h, &mut types, &mut methods))
            .collect();
        Plan {
            server,
            handler,
            operations,
            served,
        }
    }
}

impl Served {
    fn new(handed: &HandedOperation, types: &mut Namespace, methods: &mut Namespace) -> Served {
        let bare = handed.name.trim_start_matches("r#");
        let input = ident(&types.type_name(&format!("{}Input", upper_camel(bare, "Operation"))));
        let method = ident(&methods.snake_name(bare, "operation"));
        Served {
            method,
            api_method: ident(&handed.name),
            input,
            response: handed.response.clone(),
            fields: handed
                .inputs
                .iter()
                .map(|i| (i.name.clone(), i.ty.clone()))
                .collect(),
            derive_debug: !handed.inputs.iter().any(|i| i.streamed),
            label: format!("{bare} ({})", handed.label),
            code_label: handed.code_label.clone(),
        }
    }
}
