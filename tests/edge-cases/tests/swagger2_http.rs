//! A Swagger 2.0 spec (`tests/specs/swagger2.yaml`) over real HTTP: the
//! `in: body` parameter, the `formData` parameters (URL-encoded, and
//! multipart with a `type: file`) and the 2.0 collection formats reach the
//! generated server as the generated client sent them, and response
//! headers come back.

mod common;

use edge_cases::swagger2::client::{Client, ListPetsParams};
use edge_cases::swagger2::forge_support::{Nullable, Upload};
use edge_cases::swagger2::server::{self, Api, ApiKey, CodeAuth};
use edge_cases::swagger2::{
    ListPetsStatusItem, NewPet, NewPetKind, Pet, PetKind, Photo, UpdatePetFormBody, UploadPhotoBody,
};
use std::sync::{Arc, Mutex};

/// Echoes what it read; keeps the list query it was given.
#[derive(Clone, Default)]
struct Store(Arc<Mutex<Vec<String>>>);

fn pet(id: i64, new: NewPet) -> Pet {
    Pet {
        id,
        name: new.name,
        tag: new.tag,
        kind: new.kind.map(|k| match k {
            NewPetKind::Cat => PetKind::Cat,
            NewPetKind::Dog => PetKind::Dog,
            NewPetKind::Unknown(s) => PetKind::Unknown(s),
        }),
    }
}

impl Api for Store {
    async fn list_pets(
        &self,
        _key: ApiKey,
        limit: i32,
        tags: Option<Vec<String>>,
        status: Option<Vec<ListPetsStatusItem>>,
        ids: Option<Vec<i64>>,
        words: Option<Vec<String>>,
        _trace: Option<String>,
    ) -> server::ListPetsResponse {
        self.0
            .lock()
            .unwrap()
            .push(format!("{limit:?} {tags:?} {status:?} {ids:?} {words:?}"));
        server::ListPetsResponse::Ok {
            body: Vec::new(),
            x_total: Some(0),
            x_next: None,
        }
    }

    async fn add_pet(&self, auth: CodeAuth, body: NewPet) -> server::AddPetResponse {
        assert_eq!(auth.0, "token");
        server::AddPetResponse::Created(pet(1, body))
    }

    async fn get_pet(&self, _key: ApiKey, _pet_id: i64) -> server::GetPetResponse {
        server::GetPetResponse::NotFound(edge_cases::swagger2::Error {
            message: "no such pet".into(),
        })
    }

    async fn replace_pet(
        &self,
        _key: ApiKey,
        pet_id: i64,
        body: Option<NewPet>,
    ) -> server::ReplacePetResponse {
        let body = body.unwrap_or(NewPet {
            name: "(none)".into(),
            tag: Nullable::Absent,
            kind: None,
        });
        server::ReplacePetResponse::Ok(pet(pet_id, body))
    }

    async fn update_pet_form(
        &self,
        _key: ApiKey,
        pet_id: i64,
        body: UpdatePetFormBody,
    ) -> server::UpdatePetFormResponse {
        let tag = format!("{:?} {:?}", body.age, body.vaccinated);
        server::UpdatePetFormResponse::Ok(Pet {
            id: pet_id,
            name: body.name,
            tag: Nullable::Value(tag),
            kind: None,
        })
    }

    async fn get_photo(&self, _key: ApiKey, _pet_id: i64) -> server::GetPhotoResponse {
        server::GetPhotoResponse::Ok(vec![0x89, b'P', b'N', b'G'].into())
    }

    async fn upload_photo(
        &self,
        _key: ApiKey,
        _pet_id: i64,
        body: UploadPhotoBody,
    ) -> server::UploadPhotoResponse {
        server::UploadPhotoResponse::Ok(Photo {
            caption: body.caption,
            bytes: Some(body.photo.bytes.len() as i64),
        })
    }
}

async fn start() -> (Client, Store) {
    let store = Store::default();
    let base = common::serve(server::router(store.clone())).await;
    let client = Client::new(&base)
        .with_api_key("key")
        .with_code_auth("token");
    (client, store)
}

#[tokio::test]
async fn a_body_parameter_is_the_request_body() {
    let (client, _) = start().await;
    let new = NewPet {
        name: "Rex".into(),
        tag: Nullable::Null,
        kind: Some(NewPetKind::Dog),
    };
    let stored = client.add_pet(&new).await.expect("add");
    assert_eq!(stored, pet(1, new.clone()));
    // An optional body (no `required: true`) may be left out.
    let replaced = client.replace_pet(9, None).await.expect("replace");
    assert_eq!((replaced.id, replaced.name.as_str()), (9, "(none)"));
    let replaced = client.replace_pet(9, Some(&new)).await.expect("replace");
    assert_eq!(replaced.name, "Rex");
}

#[tokio::test]
async fn form_data_parameters_are_a_form_body() {
    let (client, _) = start().await;
    let body = UpdatePetFormBody {
        name: "Tom & Jerry".into(),
        age: Some(3),
        vaccinated: Some(true),
    };
    let updated = client.update_pet_form(4, &body).await.expect("form");
    assert_eq!(updated.name, "Tom & Jerry");
    assert_eq!(updated.tag, Nullable::Value("Some(3) Some(true)".into()));
}

#[tokio::test]
async fn a_file_parameter_is_a_multipart_upload() {
    let (client, _) = start().await;
    let body = UploadPhotoBody {
        caption: Some("at the beach".into()),
        photo: Upload::new(vec![0u8, 255, 13, 10]).with_file_name("rex.png"),
    };
    let photo = client.upload_photo(4, &body).await.expect("upload");
    assert_eq!(photo.caption.as_deref(), Some("at the beach"));
    assert_eq!(photo.bytes, Some(4));
    // `schema: {type: file}` in a response is raw bytes, read as they
    // arrive or collected.
    let png = client.get_photo(4).await.expect("photo");
    assert_eq!(
        png.collect().await.expect("body"),
        vec![0x89, b'P', b'N', b'G']
    );
}

#[tokio::test]
async fn collection_formats_round_trip_and_headers_come_back() {
    let (client, store) = start().await;
    let params = ListPetsParams {
        limit: Some(5),
        tags: Some(vec!["a".into(), "b".into()]),
        status: Some(vec![
            ListPetsStatusItem::Available,
            ListPetsStatusItem::Sold,
        ]),
        ids: Some(vec![1, 2]),
        words: Some(vec!["x".into(), "y".into()]),
        x_trace: Some("t-1".into()),
    };
    let listed = client.list_pets(&params).await.expect("list");
    assert_eq!(listed.x_total, Some(0));
    assert_eq!(listed.x_next, None);
    assert_eq!(
        store.0.lock().unwrap().as_slice(),
        [r#"5 Some(["a", "b"]) Some([Available, Sold]) Some([1, 2]) Some(["x", "y"])"#]
    );
    // A `$ref`'d response of another status is the error it names.
    let err = client.get_pet(1).await.expect_err("404");
    assert!(format!("{err:?}").contains("no such pet"), "{err:?}");
}

/// What the client puts on the wire for the 2.0 collection formats: csv
/// (the default) and pipes/ssv joined in one value (a space is `+`), multi
/// repeated.
#[tokio::test]
async fn collection_formats_on_the_wire() {
    let seen: Arc<Mutex<Option<String>>> = Arc::default();
    let keep = seen.clone();
    let router = axum::Router::new().route(
        "/pets",
        axum::routing::get(move |uri: axum::http::Uri| async move {
            *keep.lock().unwrap() = uri.query().map(str::to_owned);
            ([("content-type", "application/json")], "[]")
        }),
    );
    let base = common::serve(router).await;
    let client = Client::new(&base).with_api_key("key");
    let params = ListPetsParams {
        tags: Some(vec!["a".into(), "b".into()]),
        status: Some(vec![
            ListPetsStatusItem::Available,
            ListPetsStatusItem::Sold,
        ]),
        ids: Some(vec![1, 2]),
        words: Some(vec!["x".into(), "y".into()]),
        ..Default::default()
    };
    client.list_pets(&params).await.expect("list");
    let query = seen.lock().unwrap().clone().expect("a query");
    let query = percent_encoding::percent_decode_str(&query)
        .decode_utf8()
        .unwrap()
        .into_owned();
    for part in [
        "tags=a,b",
        "status=available&status=sold",
        "ids=1|2",
        "words=x+y",
    ] {
        assert!(query.contains(part), "{part} in {query}");
    }
}
