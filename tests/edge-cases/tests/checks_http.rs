//! What the generated server checks beyond types (`minLength`, `maximum`,
//! `multipleOf`, `maxItems`, `uniqueItems`, `pattern`, closed objects,
//! discriminated unions): the generated client sends values that pass, raw
//! requests try every edge.

mod common;

use edge_cases::checks::client::Client;
use edge_cases::checks::server::{self, Api, PutOrderResponse};
use edge_cases::checks::Order;
use serde_json::{json, Value};

struct Store;

impl Api for Store {
    async fn put_order(&self, code: String, limit: Option<i32>, body: Order) -> PutOrderResponse {
        assert_eq!(code.chars().count(), 3);
        assert!(limit.is_none_or(|l| (1..=100).contains(&l)));
        PutOrderResponse::Ok(body)
    }
}

async fn start() -> String {
    common::serve(server::router(Store)).await
}

async fn put(base: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .put(format!("{base}{path}"))
        .json(body)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn valid() -> Value {
    json!({"sku": "AB-1", "quantity": 15, "discount": 0.25, "price": 19.99,
           "tags": ["red", "xl"], "note": null})
}

#[tokio::test]
async fn values_inside_the_limits_are_accepted() {
    let base = start().await;
    let order: Order = serde_json::from_value(valid()).unwrap();
    let stored = Client::new(&base).put_order("ABC", Some(100), &order).await;
    assert_eq!(stored.unwrap(), order);
    // Edges that are still inside: lengths counted in characters, inclusive
    // bounds, an exclusive maximum approached from below, decimal multiples.
    for (field, value) in [
        ("sku", json!("AB")),
        ("sku", json!("ABCD-123")),
        ("batch", json!("lot 2024 b")),
        ("quantity", json!(1000)),
        ("discount", json!(0)),
        ("discount", json!(0.999)),
        ("price", json!(0.3)),
        ("price", json!(1234567.89)),
        ("tags", json!(["a", "b", "cccccccccc"])),
        ("note", json!("fünf!")),
        ("size", json!({"w": 2, "h": 1})),
        ("payment", json!({"method": "card", "last4": "4242"})),
        ("payment", json!({"method": "invoice"})),
        // The tag picks the variant: a card's rules do not apply to an invoice.
        ("payment", json!({"method": "invoice", "last4": "12"})),
        // An open object takes properties it does not list.
        ("colour", json!("teal")),
    ] {
        let mut body = valid();
        body[field] = value.clone();
        let (status, answer) = put(&base, "/orders/ABC?limit=1", &body).await;
        assert_eq!(status, 200, "{field} = {value}: {answer}");
    }
}

#[tokio::test]
async fn values_outside_the_limits_are_422_naming_the_field() {
    let base = start().await;
    let cases = [
        ("sku", json!("A"), "sku", "at least 2 characters"),
        ("sku", json!("ABCDE-1234"), "sku", "at most 8 characters"),
        (
            "sku",
            json!("ab-1"),
            "sku",
            "must match the pattern `^[A-Z]+(-[0-9]+)?$`",
        ),
        ("sku", json!("AB-"), "sku", "must match the pattern"),
        (
            "batch",
            json!("lot 202"),
            "batch",
            "must match the pattern `[0-9]{4}`",
        ),
        ("quantity", json!(0), "quantity", "at least 1"),
        ("quantity", json!(1005), "quantity", "at most 1000"),
        ("quantity", json!(12), "quantity", "multiple of 5"),
        ("discount", json!(-0.5), "discount", "at least 0"),
        ("discount", json!(1), "discount", "less than 1"),
        ("price", json!(0.005), "price", "multiple of 0.01"),
        (
            "tags",
            json!(["a", "b", "c", "d"]),
            "tags",
            "at most 3 items",
        ),
        ("tags", json!(["a", "b", "a"]), "tags", "unique"),
        (
            "tags",
            json!(["ok", ""]),
            "tags[1]",
            "at least 1 characters",
        ),
        ("note", json!("sixsix"), "note", "at most 5 characters"),
        ("size", json!({"w": 2, "h": 0}), "size.h", "at least 1"),
        // Only the tagged variant's rules apply, and the error names the
        // property inside it.
        (
            "payment",
            json!({"method": "card"}),
            "payment.last4",
            "missing required property",
        ),
        (
            "payment",
            json!({"method": "card", "last4": "12"}),
            "payment.last4",
            "must match the pattern",
        ),
        (
            "payment",
            json!({"method": "cash"}),
            "payment.method",
            "unknown value \"cash\"; expected one of card, invoice",
        ),
        (
            "payment",
            json!({"last4": "4242"}),
            "payment.method",
            "missing required property",
        ),
        (
            "payment",
            json!({"method": 7}),
            "payment.method",
            "expected a string, found a number",
        ),
        (
            "size",
            json!({"w": 2, "d": 3}),
            "size.d",
            "unknown property",
        ),
    ];
    for (field, value, named, says) in cases {
        let mut body = valid();
        body[field] = value.clone();
        let (status, answer) = put(&base, "/orders/ABC", &body).await;
        assert_eq!(status, 422, "{field} = {value}: {answer}");
        assert_eq!(answer["field"], named, "{field} = {value}: {answer}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{field} = {value}: {message}");
        if field == "tags" && says == "at most 3 items" {
            // The exact shape the README shows.
            assert_eq!(
                answer,
                json!({"message": "invalid request body: `tags`: must have at most 3 items, found 4", "field": "tags"})
            );
        }
    }
}

#[tokio::test]
async fn parameters_outside_the_limits_are_422_naming_the_parameter() {
    let base = start().await;
    for (path, named) in [
        ("/orders/AB", "code"),
        ("/orders/ABCD", "code"),
        ("/orders/ABC?limit=0", "limit"),
        ("/orders/ABC?limit=101", "limit"),
    ] {
        let (status, answer) = put(&base, path, &valid()).await;
        assert_eq!(status, 422, "{path}: {answer}");
        assert_eq!(answer["field"], named, "{path}: {answer}");
    }
}
