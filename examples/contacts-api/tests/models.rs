//! JSON round trips of the generated contact models: what the spec says
//! about presence and nullability must survive deserialize → serialize.

use contacts_api::forge_support::Nullable;
use contacts_api::{Contact, ContactPriority, ContactSource, ContactUpdate, CustomAttributeValue};
use serde_json::{json, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(input: Value) -> Value {
    let parsed: T = serde_json::from_value(input).expect("valid input");
    serde_json::to_value(&parsed).expect("serializes")
}

#[test]
fn custom_attributes_keep_three_states() {
    let absent = json!({"first_name": "Ana"});
    let null = json!({"first_name": "Ana", "custom_attributes": null});
    let value =
        json!({"first_name": "Ana", "custom_attributes": [{"key": "tier", "value": "gold"}]});

    for input in [&absent, &null, &value] {
        assert_eq!(&round_trip::<ContactUpdate>(input.clone()), input);
    }
    let parsed = |v: &Value| serde_json::from_value::<ContactUpdate>(v.clone()).unwrap();
    assert_eq!(parsed(&absent).custom_attributes, Nullable::Absent);
    assert_eq!(parsed(&null).custom_attributes, Nullable::Null);
    assert!(matches!(parsed(&value).custom_attributes, Nullable::Value(ref v) if v.len() == 1));
}

#[test]
fn an_empty_update_is_an_empty_object() {
    let update = ContactUpdate::default();
    assert_eq!(serde_json::to_value(&update).unwrap(), json!({}));
    let clear = ContactUpdate {
        custom_attributes: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&clear).unwrap(),
        json!({"custom_attributes": null})
    );
}

#[test]
fn every_source_value_round_trips() {
    let all = ["manual", "csv", "api", "call", "whatsapp", "email", "crm"];
    assert_eq!(ContactSource::VALUES, all);
    for s in all {
        let input = json!({"source": s});
        assert_eq!(round_trip::<ContactUpdate>(input.clone()), input);
        let parsed: ContactSource = serde_json::from_value(json!(s)).unwrap();
        assert!(parsed.is_known());
        assert_eq!(parsed.to_string(), s);
        assert_eq!(s.parse::<ContactSource>().unwrap(), parsed);
    }
    assert_eq!(
        serde_json::from_value::<ContactSource>(json!("whatsapp")).unwrap(),
        ContactSource::Whatsapp
    );
}

#[test]
fn unknown_sources_are_kept_not_rejected() {
    // A server that adds a source must not break a client's whole response.
    let parsed: ContactSource = serde_json::from_value(json!("fax")).unwrap();
    assert_eq!(parsed, ContactSource::Unknown("fax".into()));
    assert!(!parsed.is_known());
    assert_eq!(serde_json::to_value(&parsed).unwrap(), json!("fax"));
}

#[test]
fn priority_is_an_integer_enum() {
    for n in 1..=5 {
        let p: ContactPriority = serde_json::from_value(json!(n)).unwrap();
        assert_eq!(i64::from(p.value()), n);
        assert_eq!(
            serde_json::to_value(p).unwrap(),
            json!(n),
            "serialized as a JSON integer"
        );
        assert_eq!(ContactPriority::try_from(n).unwrap(), p);
    }
    for bad in [json!(0), json!(6), json!(7)] {
        let err = serde_json::from_value::<ContactPriority>(bad.clone())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("expected one of 1, 2, 3, 4, 5"),
            "{bad}: {err}"
        );
    }
    let err = serde_json::from_value::<ContactPriority>(json!("3"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type: string"), "{err}");
    let err = ContactPriority::try_from(7).unwrap_err().to_string();
    assert_eq!(
        err,
        "invalid value 7 for ContactPriority, expected one of 1, 2, 3, 4, 5"
    );
    // Inside the request body the error names the field.
    let err = serde_json::from_value::<ContactUpdate>(json!({"priority": 7}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected one of 1, 2, 3, 4, 5"), "{err}");
}

/// A full response as the product documents it (every attribute present).
fn full_contact() -> Value {
    json!({
        "id": "c_123",
        "first_name": "Ana",
        "last_name": "García",
        "second_last_name": null,
        "email": "ana@example.com",
        "phone": "+34 600 000 000",
        "company_name": "Acme",
        "additional_phones": [{"phone": "+34 911 000 000", "label": "work"}],
        "additional_emails": [{"email": "ana.work@example.com"}],
        "priority": 3,
        "source": "crm",
        "country_code": "ES",
        "language": "es",
        "whatsapp_transactional_opt_in": true,
        "email_transactional_opt_in": false,
        "whatsapp_marketing_opt_in": null,
        "email_marketing_opt_in": false,
        "external_reference_id": "crm/42 #A",
        "external_reference_url": "https://crm.example.com/42",
        "ignored": false,
        "is_client": true,
        "last_close_won_reason": null,
        "last_close_lost_reason": null,
        "skills": [{"id": "s1", "name": "Spanish"}],
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-06-01T12:30:00Z",
        "title": "CTO",
        "closed_won_reason": null,
        "closed_lost_reason": null,
        "custom_attributes": [
            {"key": "tier", "value": "gold"},
            {"key": "score", "value": 4.5},
            {"key": "vip", "value": true},
            {"key": "note", "value": null}
        ]
    })
}

#[test]
fn a_full_contact_round_trips() {
    let input = full_contact();
    assert_eq!(round_trip::<Contact>(input.clone()), input);
    let c: Contact = serde_json::from_value(input).unwrap();
    assert_eq!(c.priority, Nullable::Value(ContactPriority::Value3));
    assert_eq!(c.second_last_name, Nullable::Null);
    assert_eq!(
        c.created_at.value().map(|d| d.timestamp()),
        Some(1714557600)
    );
    let values: Vec<_> = match &c.custom_attributes {
        Nullable::Value(v) => v.iter().map(|a| a.value.clone()).collect(),
        other => panic!("expected attributes, got {other:?}"),
    };
    assert_eq!(
        values,
        [
            Some(CustomAttributeValue::String("gold".into())),
            Some(CustomAttributeValue::Number(4.5)),
            Some(CustomAttributeValue::Boolean(true)),
            None,
        ]
    );
}

#[test]
fn a_minimal_contact_keeps_absent_fields_absent() {
    let input = json!({"id": "c_1"});
    assert_eq!(round_trip::<Contact>(input.clone()), input);
    let err = serde_json::from_value::<Contact>(json!({"first_name": "x"})).unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

#[test]
fn custom_attribute_value_is_required_but_nullable() {
    use contacts_api::CustomAttribute;
    let err = serde_json::from_value::<CustomAttribute>(json!({"key": "k"})).unwrap_err();
    assert!(err.to_string().contains("missing field `value`"), "{err}");
    let null: CustomAttribute = serde_json::from_value(json!({"key": "k", "value": null})).unwrap();
    assert_eq!(
        serde_json::to_value(&null).unwrap(),
        json!({"key": "k", "value": null})
    );
    // A value of none of the listed kinds says what each variant expected.
    let err = serde_json::from_value::<CustomAttribute>(json!({"key": "k", "value": [1]}))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("did not match any variant of CustomAttributeValue")
            && err.contains("as String")
            && err.contains("as Boolean"),
        "{err}"
    );
}
