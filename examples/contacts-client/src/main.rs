//! `contacts-client`: update a contact from the command line with the
//! client generated from `spec/contacts.yaml`.
//!
//! ```text
//! contacts-client [--base-url URL] [--api-key KEY] update ID '<json body>'
//! ```
//!
//! Exit codes: 0 success (the contact as JSON on stdout); 1 the call failed
//! (one line on stderr: a documented error with its body, an undocumented
//! status, a body that does not match the schema, or no response); 2 bad
//! usage or a body that is not a valid `ContactUpdate` (nothing is sent).

use contacts_api::client::{Client, Error, UpdateContactError, DEFAULT_BASE_URL};
use contacts_api::ContactUpdate;
use std::process::ExitCode;

const USAGE: &str =
    "usage: contacts-client [--base-url URL] [--api-key KEY] update ID '<json body>'";

struct Args {
    base_url: String,
    api_key: Option<String>,
    id: String,
    body: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut base_url = DEFAULT_BASE_URL.to_owned();
    let mut api_key = None;
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = args.next().ok_or("--base-url needs a value")?,
            "--api-key" => api_key = Some(args.next().ok_or("--api-key needs a value")?),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg),
        }
    }
    match <[String; 3]>::try_from(positional) {
        Ok([command, id, body]) if command == "update" => Ok(Args {
            base_url,
            api_key,
            id,
            body,
        }),
        Ok([command, ..]) => Err(format!("unknown command {command:?}")),
        Err(_) => Err("expected: update ID '<json body>'".to_owned()),
    }
}

/// The body as a `ContactUpdate`: absent, `null` and values stay apart.
/// Properties the schema does not have are an error rather than silently
/// dropped.
fn parse_body(text: &str) -> Result<ContactUpdate, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("the body is not valid JSON: {e}"))?;
    let update: ContactUpdate = serde_json::from_value(json.clone())
        .map_err(|e| format!("the body is not a valid ContactUpdate: {e}"))?;
    let known = serde_json::to_value(&update).map_err(|e| e.to_string())?;
    if let (Some(given), Some(known)) = (json.as_object(), known.as_object()) {
        let unknown: Vec<&str> = given
            .keys()
            .filter(|k| !known.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "the body is not a valid ContactUpdate: unknown properties {}",
                unknown.join(", ")
            ));
        }
    }
    Ok(update)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("<unprintable: {e}>"))
}

/// One line for a failed call.
fn describe(error: &Error<UpdateContactError>) -> String {
    match error {
        Error::Api(UpdateContactError::TooManyRequests {
            retry_after: Some(seconds),
            body,
        }) => format!(
            "429 Too Many Requests: retry after {seconds} s: {}",
            json(body)
        ),
        Error::Api(UpdateContactError::TooManyRequests { body, .. })
        | Error::Api(UpdateContactError::Unauthorized(body))
        | Error::Api(UpdateContactError::NotFound(body))
        | Error::Api(UpdateContactError::UnprocessableEntity(body)) => {
            format!("{error}: {}", json(body))
        }
        other => other.to_string(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("contacts-client: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let body = match parse_body(&args.body) {
        Ok(body) => body,
        Err(message) => {
            eprintln!("contacts-client: {message}");
            return ExitCode::from(2);
        }
    };
    let mut client = Client::new(args.base_url);
    if let Some(key) = args.api_key {
        client = client.with_api_key_auth(key);
    }
    match client.update_contact(&args.id, &body).await {
        Ok(contact) => {
            println!("{}", json(&contact));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", describe(&error));
            ExitCode::from(1)
        }
    }
}
