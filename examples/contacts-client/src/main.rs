//! `contacts-client`: update or list contacts from the command line with
//! the client generated from `spec/contacts.yaml`.
//!
//! ```text
//! contacts-client [--base-url URL] [--api-key KEY] [--retries N] [--timeout SECS]
//!                 [--max-body BYTES] update ID '<json body>'
//! contacts-client [same options] list [--page-size N]
//! ```
//!
//! `list` prints every contact as one line of JSON, walking the pages with
//! the generated `list_contacts_stream` (`--page-size` contacts a request,
//! 1 to 100; the server's default when absent).
//!
//! The generated client's defaults apply unless a flag changes them: 2
//! retries (3 attempts) on 429, 503, 502, 504 and refused connections,
//! honouring `Retry-After`; 60 s per attempt; bodies up to 32 MiB. Each
//! retry is one line on stderr saying why and how long it waits.
//!
//! Exit codes: 0 success (the contact, or every contact, as JSON on stdout);
//! 1 the call failed
//! (one line on stderr: a documented error with its body, an undocumented
//! status, a body that does not match the schema, or no response); 2 bad
//! usage or a body that is not a valid `ContactUpdate` (nothing is sent).

use contacts_api::client::{
    Attempt, Client, Error, Hook, ListContactsError, Outcome, UpdateContactError, DEFAULT_BASE_URL,
};
use contacts_api::ContactUpdate;
use futures_util::StreamExt;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: contacts-client [--base-url URL] [--api-key KEY] [--retries N] \
[--timeout SECS] [--max-body BYTES] (update ID '<json body>' | list [--page-size N])";

/// What to do.
enum Command {
    Update { id: String, body: String },
    List { page_size: Option<i32> },
}

struct Args {
    base_url: String,
    api_key: Option<String>,
    retries: Option<u32>,
    timeout: Option<Duration>,
    max_body: Option<usize>,
    command: Command,
}

/// The value after `flag`, parsed.
fn value<T: std::str::FromStr>(
    flag: &str,
    args: &mut impl Iterator<Item = String>,
) -> Result<T, String> {
    let text = args.next().ok_or(format!("{flag} needs a value"))?;
    text.parse()
        .map_err(|_| format!("{flag}: {text:?} is not a valid value"))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut base_url = DEFAULT_BASE_URL.to_owned();
    let mut api_key = None;
    let (mut retries, mut timeout, mut max_body) = (None, None, None);
    let mut page_size = None;
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = args.next().ok_or("--base-url needs a value")?,
            "--api-key" => api_key = Some(args.next().ok_or("--api-key needs a value")?),
            "--retries" => retries = Some(value(&arg, &mut args)?),
            "--timeout" => {
                let seconds: f64 = value(&arg, &mut args)?;
                timeout = Some(
                    Duration::try_from_secs_f64(seconds)
                        .ok()
                        .filter(|d| !d.is_zero())
                        .ok_or("--timeout must be a positive number of seconds")?,
                );
            }
            "--max-body" => max_body = Some(value(&arg, &mut args)?),
            "--page-size" => {
                let n: i32 = value(&arg, &mut args)?;
                if !(1..=100).contains(&n) {
                    return Err("--page-size must be from 1 to 100".to_owned());
                }
                page_size = Some(n);
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg),
        }
    }
    let command = match positional.as_slice() {
        [command, id, body] if command == "update" => Command::Update {
            id: id.clone(),
            body: body.clone(),
        },
        [command] if command == "list" => Command::List { page_size },
        [command, ..] if command != "update" && command != "list" => {
            return Err(format!("unknown command {command:?}"))
        }
        _ => return Err("expected: update ID '<json body>' or list".to_owned()),
    };
    if page_size.is_some() && !matches!(command, Command::List { .. }) {
        return Err("--page-size is an option of list".to_owned());
    }
    Ok(Args {
        base_url,
        api_key,
        retries,
        timeout,
        max_body,
        command,
    })
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

/// One line for a failed call: how the last attempt failed, after how
/// many attempts when retries ran out, with the body of a documented error
/// (`documented` gives it, and the `Retry-After` of a 429).
fn describe<E>(
    error: &Error<E>,
    documented: &impl Fn(&E) -> Option<(&contacts_api::Error, Option<i32>)>,
) -> String
where
    Error<E>: std::fmt::Display,
{
    match error {
        Error::GaveUp {
            attempts,
            elapsed,
            last,
        } => format!(
            "gave up after {attempts} attempts in {:.1} s: {}",
            elapsed.as_secs_f64(),
            describe(last, documented)
        ),
        Error::Api(e) => match documented(e) {
            Some((body, Some(seconds))) => format!(
                "429 Too Many Requests: retry after {seconds} s: {}",
                json(body)
            ),
            Some((body, None)) => format!("{error}: {}", json(body)),
            None => error.to_string(),
        },
        other => other.to_string(),
    }
}

/// The body (and `Retry-After`) of an `update` error.
fn update_error(e: &UpdateContactError) -> Option<(&contacts_api::Error, Option<i32>)> {
    match e {
        UpdateContactError::TooManyRequests { body, retry_after } => Some((body, *retry_after)),
        UpdateContactError::Unauthorized(body)
        | UpdateContactError::NotFound(body)
        | UpdateContactError::UnprocessableEntity(body) => Some((body, None)),
        _ => None,
    }
}

/// The body (and `Retry-After`) of a `list` error: each has one.
fn list_error(e: &ListContactsError) -> Option<(&contacts_api::Error, Option<i32>)> {
    match e {
        ListContactsError::TooManyRequests { body, retry_after } => Some((body, *retry_after)),
        ListContactsError::BadRequest(body)
        | ListContactsError::Unauthorized(body)
        | ListContactsError::UnprocessableEntity(body) => Some((body, None)),
    }
}

/// Every contact, a JSON line each, page after page; a failed page ends
/// the list with its error (the lines before it are printed).
async fn list(client: &Client, page_size: Option<i32>) -> ExitCode {
    let mut contacts = std::pin::pin!(client.list_contacts_stream(page_size, None));
    let mut out = std::io::stdout().lock();
    while let Some(item) = contacts.next().await {
        match item {
            Ok(contact) => {
                if writeln!(out, "{}", json(&contact)).is_err() {
                    // stdout is closed (`| head`): stop quietly.
                    return ExitCode::SUCCESS;
                }
            }
            Err(error) => {
                let _ = out.flush();
                eprintln!("{}", describe(&error, &list_error));
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}

/// Says on stderr why the client waits before trying again.
struct ReportRetries;

impl Hook for ReportRetries {
    fn before_retry(&self, outcome: &Outcome<'_>, failed: &Attempt, wait: Duration) {
        let why = match outcome {
            Outcome::Response { status, headers } => match headers.get("retry-after") {
                Some(v) => format!("{status} (Retry-After: {})", v.to_str().unwrap_or("?")),
                None => status.to_string(),
            },
            Outcome::Failed(e) if e.is_timeout() => "timed out".to_owned(),
            Outcome::Failed(e) if e.is_connect() => "connection failed".to_owned(),
            Outcome::Failed(e) => e.to_string(),
            Outcome::TimedOut(_) => "timed out".to_owned(),
        };
        eprintln!(
            "contacts-client: attempt {}: {why}; retrying in {:.1} s",
            failed.number,
            wait.as_secs_f64()
        );
    }
}

/// The client the flags ask for.
fn client(args: &Args) -> Client {
    let mut client = Client::new(args.base_url.as_str());
    if let Some(key) = &args.api_key {
        client = client.with_api_key_auth(key.as_str());
    }
    client.with_hook(ReportRetries).with_options(|o| {
        if let Some(retries) = args.retries {
            o.retry.max_attempts = retries.saturating_add(1);
        }
        if let Some(timeout) = args.timeout {
            o.attempt_timeout = Some(timeout);
        }
        if let Some(max_body) = args.max_body {
            o.max_body_bytes = max_body;
        }
    })
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
    let (id, body) = match &args.command {
        Command::List { page_size } => return list(&client(&args), *page_size).await,
        Command::Update { id, body } => (id, body),
    };
    let body = match parse_body(body) {
        Ok(body) => body,
        Err(message) => {
            eprintln!("contacts-client: {message}");
            return ExitCode::from(2);
        }
    };
    match client(&args).update_contact(id, &body).await {
        Ok(contact) => {
            println!("{}", json(&contact));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", describe(&error, &update_error));
            ExitCode::from(1)
        }
    }
}
