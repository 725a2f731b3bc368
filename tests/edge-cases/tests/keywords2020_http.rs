//! The JSON Schema 2020-12 keywords the Rust types do not express, checked
//! by the generated server's schema interpreter (`tests/specs/keywords2020.yaml`):
//! each echo operation accepts the values a conforming validator accepts
//! and answers 422 naming the field for those it rejects.

mod common;

use edge_cases::keywords2020::server::{self, *};
use edge_cases::keywords2020::*;
use serde_json::{json, Value};

struct Echo;

impl Api for Echo {
    async fn echo_const_number(&self, body: ConstNumber) -> EchoConstNumberResponse {
        EchoConstNumberResponse::Ok(body)
    }
    async fn echo_not_string(&self, body: NotString) -> EchoNotStringResponse {
        EchoNotStringResponse::Ok(body)
    }
    async fn echo_payment(&self, body: Payment) -> EchoPaymentResponse {
        EchoPaymentResponse::Ok(body)
    }
    async fn echo_shipping(&self, body: Shipping) -> EchoShippingResponse {
        EchoShippingResponse::Ok(body)
    }
    async fn echo_scores(&self, body: Scores) -> EchoScoresResponse {
        EchoScoresResponse::Ok(body)
    }
    async fn echo_counted(&self, body: Counted) -> EchoCountedResponse {
        EchoCountedResponse::Ok(body)
    }
    async fn echo_pair(&self, body: Pair) -> EchoPairResponse {
        EchoPairResponse::Ok(body)
    }
    async fn echo_headers(&self, body: Headers) -> EchoHeadersResponse {
        EchoHeadersResponse::Ok(body)
    }
    async fn echo_closed(&self, body: Closed) -> EchoClosedResponse {
        EchoClosedResponse::Ok(body)
    }
    async fn echo_tagged(&self, body: Tagged) -> EchoTaggedResponse {
        EchoTaggedResponse::Ok(body)
    }
    async fn echo_sealed(&self, body: Sealed) -> EchoSealedResponse {
        EchoSealedResponse::Ok(body)
    }
    async fn echo_contains(&self, body: Vec<i64>) -> EchoContainsResponse {
        EchoContainsResponse::Ok(body)
    }
    async fn echo_not_ref(&self, body: Value) -> EchoNotRefResponse {
        EchoNotRefResponse::Ok(body)
    }
    async fn echo_contact(&self, body: Contact) -> EchoContactResponse {
        EchoContactResponse::Ok(body)
    }
}

async fn post(base: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(body)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn valid_values_are_accepted_and_echoed() {
    let base = common::serve(server::router(Echo)).await;
    for (path, value) in [
        ("/constNumber", json!(42)),
        ("/constNumber", json!(42.0)),
        ("/notString", json!(1)),
        ("/notString", json!({"a": "b"})),
        ("/payment", json!({"kind": "card", "number": "4242"})),
        ("/payment", json!({"kind": "cash"})),
        ("/shipping", json!({"card": "1", "zip": "12345"})),
        ("/shipping", json!({"street": "Main", "zip": "x"})),
        ("/scores", json!({"ann": 1, "bob": 2})),
        ("/counted", json!({"a": "x"})),
        ("/counted", json!({"a": "x", "b": 1})),
        ("/pair", json!(["a", 1])),
        ("/pair", json!(["a"])),
        ("/headers", json!({"name": "n", "x-a": "b"})),
        ("/headers", json!({"x-a": "b", "x-b": "c"})),
        ("/closed", json!({"a": "x", "b": 1})),
        ("/tagged", json!(["a", 1, 2])),
        ("/sealed", json!({"name": "n", "lucky": [7, 12]})),
        ("/contains", json!([1, 10])),
        ("/contains", json!([10, 1, 11])),
        ("/notRef", json!("s")),
    ] {
        let (status, answer) = post(&base, path, &value).await;
        assert_eq!(status, 200, "{path} {value}: {answer}");
        // What the handler received is what was sent: nothing dropped,
        // pattern-matched properties included. (An open object without
        // `patternProperties` drops what it does not list, as everywhere.)
        let mut expected = value.clone();
        if path == "/counted" {
            expected.as_object_mut().unwrap().retain(|k, _| k == "a");
        }
        if path == "/constNumber" {
            // `42.0` is the constant 42 too, and may come back as either.
            assert!(answer == json!(42) || answer == value, "{path}: {answer}");
            expected = answer.clone();
        }
        assert_eq!(answer, expected, "{path}: sent {value}");
    }
}

#[tokio::test]
async fn invalid_values_are_422_naming_the_field() {
    let base = common::serve(server::router(Echo)).await;
    for (path, value, field, says) in [
        ("/constNumber", json!(41), "", "must be one of 42"),
        (
            "/notString",
            json!("s"),
            "",
            "must not match the schema in `not`",
        ),
        (
            "/payment",
            json!({"kind": "card"}),
            "number",
            "missing required property",
        ),
        (
            "/payment",
            json!({"kind": "cash", "number": "1"}),
            "",
            "must not match",
        ),
        (
            "/shipping",
            json!({"card": "1"}),
            "zip",
            "missing required property",
        ),
        (
            "/shipping",
            json!({"card": "1", "zip": "1"}),
            "zip",
            "must match the pattern",
        ),
        (
            "/shipping",
            json!({"street": "Main"}),
            "zip",
            "required when `street` is present",
        ),
        (
            "/scores",
            json!({"Ann": 1}),
            "Ann",
            "the property name is not allowed",
        ),
        (
            "/scores",
            json!({"annabella": 1}),
            "annabella",
            "at most 8 characters",
        ),
        ("/counted", json!({}), "", "at least 1 properties"),
        (
            "/counted",
            json!({"a": "x", "b": 1, "c": 2}),
            "",
            "at most 2 properties",
        ),
        ("/pair", json!([1, 1]), "[0]", "expected string"),
        (
            "/pair",
            json!(["a", 1, 2]),
            "",
            "must have at most 2 items, found 3",
        ),
        ("/headers", json!({"y": "b"}), "y", "unknown property"),
        (
            "/headers",
            json!({"x-a": "long!"}),
            "x-a",
            "at most 4 characters",
        ),
        (
            "/closed",
            json!({"a": "x", "c": 1}),
            "c",
            "unknown property",
        ),
        ("/tagged", json!(["a", "b"]), "[1]", "expected integer"),
        (
            "/sealed",
            json!({"never": 1}),
            "never",
            "no value is allowed here",
        ),
        (
            "/sealed",
            json!({"lucky": [7, 13]}),
            "lucky[1]",
            "must not match",
        ),
        ("/contains", json!([1, 2]), "", "must contain an item"),
        (
            "/contains",
            json!([10, 11, 12]),
            "",
            "at most 2 items that match",
        ),
        (
            "/notRef",
            json!(5),
            "",
            "must not match the schema in `not`",
        ),
    ] {
        let (status, answer) = post(&base, path, &value).await;
        assert_eq!(status, 422, "{path} {value}: {answer}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{path} {value}: {answer}");
        let named = answer.get("field").and_then(Value::as_str).unwrap_or("");
        assert_eq!(named, field, "{path} {value}: {answer}");
    }
}

#[tokio::test]
async fn formats_are_checked_exactly_with_lengths_and_patterns() {
    let base = common::serve(server::router(Echo)).await;
    let valid = json!({"email": "a.b@example.com", "host": "api.example.com", "ip": "10.0.0.1",
        "ip6": "::1", "site": "https://example.com/a?b#c", "at": "2024-02-29T12:00:00Z",
        "day": "2024-02-29", "clock": "23:59:60Z", "span": "P1DT2H", "id": "0b8aa08a-aa98-11ea-b4aa-73b441d16380",
        "small": 2147483647});
    let (status, answer) = post(&base, "/contact", &valid).await;
    assert_eq!(status, 200, "{answer}");
    for (field, value, says) in [
        ("email", json!("a@@example.com"), "must be a valid email"),
        (
            "host",
            json!("-api.example.com"),
            "must be a valid hostname",
        ),
        ("ip", json!("10.0.0.256"), "must be a valid ipv4"),
        ("ip6", json!("1::2::3"), "must be a valid ipv6"),
        (
            "site",
            json!("example.com/no-scheme"),
            "must be a valid uri",
        ),
        (
            "at",
            json!("2024-02-29T12:00:00+01:00"),
            "must match the pattern `Z$`",
        ),
        ("day", json!("2023-02-29"), ""),
        ("clock", json!("24:00:00Z"), "must be a valid time"),
        ("span", json!("P1D2H"), "must be a valid duration"),
        (
            "id",
            json!("1b8aa08a-aa98-11ea-b4aa-73b441d16380"),
            "must match the pattern `^0`",
        ),
        ("small", json!(2147483648u64), ""),
    ] {
        let mut body = valid.clone();
        body[field] = value.clone();
        let (status, answer) = post(&base, "/contact", &body).await;
        assert_eq!(status, 422, "{field} = {value}: {answer}");
        assert_eq!(answer["field"], field, "{field} = {value}: {answer}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{field} = {value}: {answer}");
    }
}
