//! Exercise the code generated for the edge-case specs: every construct
//! round-trips through JSON the way its schema says.

use edge_cases::*;
use serde_json::{json, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(input: Value) -> Value {
    let parsed: T = serde_json::from_value(input.clone())
        .unwrap_or_else(|e| panic!("{input} should parse: {e}"));
    serde_json::to_value(&parsed).unwrap()
}

#[test]
fn nullability_matrix() {
    use nullability::Matrix;
    let full = json!({
        "req": "a", "opt": "b", "req_null": null, "opt_null": null,
        "req_ref": {"x": 1}, "opt_ref": {}, "req_null_ref": null, "opt_null_ref": null,
        "opt_null_via_allof": null, "req_list": ["x", null], "opt_map": {"k": null, "j": 2}
    });
    assert_eq!(round_trip::<Matrix>(full.clone()), full);
    let minimal = json!({"req": "a", "req_null": "v", "req_ref": {}, "req_null_ref": {"x": 2}, "req_list": []});
    assert_eq!(round_trip::<Matrix>(minimal.clone()), minimal);
    // Required nullable fields must be present (null is fine, absent is not).
    let mut missing = minimal.clone();
    missing.as_object_mut().unwrap().remove("req_null");
    let err = serde_json::from_value::<Matrix>(missing).unwrap_err();
    assert!(
        err.to_string().contains("missing field `req_null`"),
        "{err}"
    );
}

#[test]
fn open_and_closed_enums() {
    use enums::{Color, Level, Named, OddValues};
    assert_eq!(round_trip::<Color>(json!("green")), json!("green"));
    assert_eq!(
        serde_json::from_value::<Color>(json!("mauve")).unwrap(),
        Color::Unknown("mauve".into())
    );
    let err = serde_json::from_value::<enums_closed::Color>(json!("mauve")).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown variant `mauve`, expected one of `red`, `green`, `blue`"),
        "{err}"
    );
    assert_eq!(
        "red".parse::<enums_closed::Color>().unwrap(),
        enums_closed::Color::Red
    );
    assert!("mauve".parse::<enums_closed::Color>().is_err());
    // Odd values keep their exact spelling, including ones named like the catch-all.
    for v in OddValues::VALUES {
        let parsed: OddValues = serde_json::from_value(json!(v)).unwrap();
        assert!(parsed.is_known(), "{v}");
        assert_eq!(parsed.as_str(), *v);
    }
    assert_eq!(round_trip::<Level>(json!(-1)), json!(-1));
    assert!(serde_json::from_value::<Level>(json!(2)).is_err());
    assert_eq!(
        serde_json::from_value::<Named>(json!(3)).unwrap(),
        Named::High
    );
}

#[test]
fn nullable_enum_values() {
    use enums::{Holder, NullableStatus};
    let h = json!({"color": "red", "status": null});
    assert_eq!(round_trip::<Holder>(h.clone()), h);
    let parsed: Holder =
        serde_json::from_value(json!({"color": "red", "status": "active"})).unwrap();
    assert_eq!(parsed.status, Some(NullableStatus::Active));
}

#[test]
fn all_of_merges_properties() {
    use allof::{Dog, Pet};
    let dog = json!({"id": "1", "name": "Rex", "tag": "good", "bark": true});
    assert_eq!(round_trip::<Dog>(dog.clone()), dog);
    let err = serde_json::from_value::<Pet>(json!({"id": "1"})).unwrap_err();
    assert!(
        err.to_string().contains("missing field `name`"),
        "required from a referenced part: {err}"
    );
    let pet: Pet = serde_json::from_value(
        json!({"id": "1", "name": "Tom", "created": "2024-01-02T03:04:05Z"}),
    )
    .unwrap();
    assert!(pet.created.is_some());
}

#[test]
fn tagged_union_uses_the_discriminator() {
    use oneof::{Cat, Pet, PetByName};
    let cat = json!({"pet_type": "cat", "meows": true});
    let parsed: Pet = serde_json::from_value(cat.clone()).unwrap();
    assert!(matches!(parsed, Pet::Cat(Cat { meows: true, .. })));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), cat);
    // The error names the variant chosen by the tag and what failed.
    let err =
        serde_json::from_value::<Pet>(json!({"pet_type": "dog", "barks": "loud"})).unwrap_err();
    assert!(
        err.to_string().contains("as Dog (pet_type = \"dog\")"),
        "{err}"
    );
    let err = serde_json::from_value::<Pet>(json!({"pet_type": "cow"})).unwrap_err();
    assert!(err.to_string().contains("unknown variant `cow`"), "{err}");
    // Without a mapping the schema names are the tag values.
    let by_name: PetByName =
        serde_json::from_value(json!({"pet_type": "Dog", "barks": 2})).unwrap();
    assert!(matches!(by_name, PetByName::Dog(_)));
}

#[test]
fn untagged_union_says_why_nothing_matched() {
    use oneof::{Scalar, Shape};
    for v in [json!("s"), json!(3), json!(true), json!(["a"])] {
        assert_eq!(round_trip::<Scalar>(v.clone()), v);
    }
    let err = serde_json::from_value::<Scalar>(json!({"a": 1}))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("did not match any variant of Scalar") && err.contains("as Integer"),
        "{err}"
    );
    let sq: Shape = serde_json::from_value(json!({"side": 2.0})).unwrap();
    assert!(matches!(sq, Shape::Square(_)));
}

#[test]
fn maps_and_free_form() {
    use maps::{Counts, Labels, Nested};
    let counts: Counts = serde_json::from_value(json!({"a": 1, "b": 2})).unwrap();
    assert_eq!(counts["b"], 2);
    let labels = json!({"name": "n", "extra": "x", "more": "y"});
    assert_eq!(round_trip::<Labels>(labels.clone()), labels);
    let parsed: Labels = serde_json::from_value(labels).unwrap();
    assert_eq!(parsed.additional_properties.len(), 2);
    let nested = json!({"groups": {"g": [{"id": 1}, {}]}});
    assert_eq!(round_trip::<Nested>(nested.clone()), nested);
    let free: maps::FreeForm = json!([1, "two"]);
    assert!(free.is_array());
}

#[test]
fn recursive_types_are_boxed_and_work() {
    use recursion::{Expr, List, Tree};
    let tree = json!({"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]});
    assert_eq!(round_trip::<Tree>(tree.clone()), tree);
    let list = json!({"head": "a", "next": {"head": "b", "next": {"head": "c"}}});
    assert_eq!(round_trip::<List>(list.clone()), list);
    let expr = json!({"left": 1, "right": {"left": 2, "right": 3}});
    assert_eq!(round_trip::<Expr>(expr.clone()), expr);
}

#[test]
fn names_that_shadow_std_still_work() {
    use names::{Keywords, Option as SpecOption};
    let k = json!({"type": "t", "match": "m", "Self": "s", "1st": "f", "fooBar": "a", "foo_bar": "b", "": "empty", "$ref": "r", "additional_properties": "p", "option": {"some": "x"}, "extra": 5});
    assert_eq!(round_trip::<Keywords>(k.clone()), k);
    let parsed: Keywords = serde_json::from_value(k).unwrap();
    assert_eq!(parsed.r#type.as_deref(), Some("t"));
    assert_eq!(parsed.foo_bar_2.as_deref(), Some("b"));
    assert_eq!(parsed.additional_properties_2["extra"], 5);
    assert_eq!(
        parsed.option,
        Some(SpecOption {
            some: Some("x".into())
        })
    );
}

#[test]
fn formats_map_to_fitting_types() {
    use formats::Formats;
    let f = json!({
        "when": "2024-01-02T03:04:05Z", "day": "2024-01-02", "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "small": 1, "big": 9007199254740993i64, "unsigned": 18446744073709551615u64, "ratio": 0.5, "precise": 0.1,
        "blob": "aGVsbG8=", "file": "raw", "plain": "a@b.c"
    });
    assert_eq!(round_trip::<Formats>(f.clone()), f);
    let parsed: Formats = serde_json::from_value(f).unwrap();
    assert_eq!(parsed.blob.0, b"hello");
    assert_eq!(
        parsed.id.to_string(),
        "67e55044-10b1-426f-9247-bb680e5fe0c8"
    );
    assert!(serde_json::from_value::<Formats>(json!({"when": "yesterday"})).is_err());
}

#[test]
fn openapi_31_constructs() {
    use openapi31::{MaybeOwner, Thing};
    let t = json!({"kind": "thing", "name": null, "count": 2, "either": 3, "nested": {"deep": true}, "owner": {"id": 1}, "data": "AAE="});
    assert_eq!(round_trip::<Thing>(t.clone()), t);
    let m: Option<MaybeOwner> = serde_json::from_value(json!(null)).unwrap();
    assert!(m.is_none());
}

#[test]
fn external_refs_are_bundled() {
    use external::Order;
    let o = json!({"item": {"sku": "x", "price": {"amount": 3, "currency": "EUR"}}, "address": {"city": "Madrid"}});
    assert_eq!(round_trip::<Order>(o.clone()), o);
}

#[test]
fn dates_can_stay_strings() {
    let f = formats_strings::Formats {
        when: "2024-01-02T03:04:05+02:00".to_owned(),
        day: "2024-01-02".to_owned(),
        ..serde_json::from_value(json!({
            "when": "x", "day": "y", "id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "small": 1, "big": 2,
            "ratio": 0.5, "precise": 0.1, "blob": "", "file": "", "plain": ""
        }))
        .unwrap()
    };
    // The offset survives as written (chrono would normalise it to UTC).
    assert_eq!(
        serde_json::to_value(&f).unwrap()["when"],
        json!("2024-01-02T03:04:05+02:00")
    );
}

#[test]
fn a_tag_value_claimed_twice_falls_back_to_shape() {
    use oneof::SameTag;
    let b = json!({"kind": "body", "b": 2});
    assert_eq!(round_trip::<SameTag>(b.clone()), b);
    let parsed: SameTag = serde_json::from_value(b).unwrap();
    assert!(matches!(parsed, SameTag::Body2(_)), "{parsed:?}");
}

#[test]
fn repeated_inline_schemas_share_one_type() {
    use repeats::*;
    // Every repeat of an inline schema is the same Rust type as the first
    // identical one: values move between them without conversion.
    let level: RepoAccessLevel = Permission::Write;
    let team = TeamAccess {
        level,
        owner: Some(RepoAccessOwner {
            login: Some("octocat".into()),
            kind: Some(TeamAccessOwnerKind::Bot),
        }),
    };
    // Named components stay their own types; their inline parts are shared.
    let repo = RepoAccess {
        level: team.level.clone(),
        owner: team.owner.clone(),
    };
    assert_eq!(repo.owner, team.owner);
    let json = json!({"level": "write", "owner": {"login": "octocat", "kind": "bot"}});
    assert_eq!(round_trip::<TeamAccess>(json.clone()), json);
    let priority: JobAgain = Priority::Value2;
    let job = Job {
        priority: Some(priority),
        retry_priority: Some(JobRetryPriority::Value3),
        again: Some(Priority::Value1),
    };
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        json!({"priority": 2, "retry_priority": 3, "again": 1})
    );
    // Types that differ (in values, order, integer width or field docs) stay
    // distinct types, and so do identical named components; each still
    // parses its own values.
    use std::any::TypeId;
    assert_ne!(TypeId::of::<Ordering>(), TypeId::of::<Permission>());
    assert_ne!(TypeId::of::<SamePermission>(), TypeId::of::<Permission>());
    assert_ne!(TypeId::of::<JobRetryPriority>(), TypeId::of::<Priority>());
    assert_ne!(
        TypeId::of::<AppAccessOwner>(),
        TypeId::of::<RepoAccessOwner>()
    );
    assert_ne!(TypeId::of::<TeamAccess>(), TypeId::of::<RepoAccess>());
    assert_eq!(
        TypeId::of::<AppAccessOwnerKind>(),
        TypeId::of::<RepoAccessOwnerKind>()
    );
    assert_eq!(round_trip::<Ordering>(json!("read")), json!("read"));
    assert_eq!(round_trip::<SamePermission>(json!("read")), json!("read"));
    let owner = json!({"login": "hubot", "kind": "user"});
    assert_eq!(round_trip::<AppAccessOwner>(owner.clone()), owner);
}

/// Enum values and variant names the generated impls also use (`Err`,
/// `Error`, `Unknown`) keep their meaning (`tests/specs/hostile_text.yaml`).
#[test]
fn variants_named_like_the_impls_items() {
    use hostile_text_models::{NoteLevel, NoteMood};
    assert_eq!("err".parse::<NoteMood>().unwrap(), NoteMood::Err);
    assert_eq!("Err".parse::<NoteMood>().unwrap(), NoteMood::Err2);
    assert_eq!("unknown".parse::<NoteMood>().unwrap(), NoteMood::Unknown2);
    assert_eq!(
        "later".parse::<NoteMood>().unwrap(),
        NoteMood::Unknown("later".into())
    );
    assert_eq!(round_trip::<NoteMood>(json!("values")), json!("values"));
    assert_eq!(NoteLevel::try_from(1).unwrap(), NoteLevel::Error);
    assert_eq!(NoteLevel::try_from(3).unwrap(), NoteLevel::Unknown2);
    let err = NoteLevel::try_from(9).unwrap_err();
    assert!(err.to_string().contains("one of 1, 2, 3"), "{err}");
}

/// Self-reference broken at generation time (`tests/specs/cycles.yaml`):
/// the types compile, a union that listed itself as a variant reads a value
/// instead of recursing until the stack overflows, and an array or map of
/// itself keeps its structure as a one-variant enum.
#[test]
fn self_referential_schemas_read_values() {
    use cycles_models::{Dict, Maybe, Wrapper};
    assert_eq!(
        serde_json::from_value::<Maybe>(json!("x")).unwrap(),
        Maybe::String("x".into())
    );
    assert!(serde_json::from_value::<Maybe>(json!(1)).is_err());
    assert_eq!(round_trip::<Wrapper>(json!([[[]], []])), json!([[[]], []]));
    assert!(serde_json::from_value::<Wrapper>(json!([1])).is_err());
    let nested = Wrapper::List(vec![Wrapper::List(vec![])]);
    assert_eq!(serde_json::to_value(&nested).unwrap(), json!([[]]));
    assert_eq!(
        round_trip::<Dict>(json!({"a": {"b": {}}})),
        json!({"a": {"b": {}}})
    );
    let Dict::Map(entries) = serde_json::from_value(json!({"a": {}})).unwrap();
    assert_eq!(entries["a"], Dict::Map(Default::default()));
    assert!(serde_json::from_value::<Dict>(json!({"a": 1})).is_err());
}
