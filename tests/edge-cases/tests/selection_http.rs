//! A selected file (`tests/specs/selection.yaml`, tag `pets` without
//! `admin`) over real HTTP: the selected operations work end to end, and
//! the server answers the operations left out as paths and methods it does
//! not serve.

mod common;

use edge_cases::selection_pets::client::Client;
use edge_cases::selection_pets::server::{self, Api, CreatePetResponse, ListPetsResponse};
use edge_cases::selection_pets::{Kind, NewPet, Pet};
use std::sync::Mutex;

#[derive(Default)]
struct Pets {
    all: Mutex<Vec<Pet>>,
}

impl Api for Pets {
    async fn list_pets(&self, kind: Option<Kind>) -> ListPetsResponse {
        let all = self.all.lock().unwrap().clone();
        ListPetsResponse::Ok(
            all.into_iter()
                .filter(|p| kind.is_none() || p.kind == kind)
                .collect(),
        )
    }

    async fn create_pet(&self, body: NewPet) -> CreatePetResponse {
        let mut all = self.all.lock().unwrap();
        let pet = Pet {
            id: format!("p{}", all.len() + 1),
            name: body.name,
            kind: body.kind,
            home: body.home,
            tags: body.tags,
            food: body.food,
        };
        all.push(pet.clone());
        CreatePetResponse::Created(pet)
    }
}

#[tokio::test]
async fn selected_operations_work_and_the_rest_are_not_served() {
    let base = common::serve(server::router(Pets::default())).await;
    let client = Client::new(&base);
    let new = |name: &str, kind| NewPet {
        name: name.into(),
        kind: Some(kind),
        home: None,
        tags: None,
        food: None,
    };
    let rex = client
        .create_pet(&new("Rex", Kind::Dog))
        .await
        .expect("create");
    assert_eq!(rex.id, "p1");
    client
        .create_pet(&new("Tom", Kind::Cat))
        .await
        .expect("create");
    let cats = client.list_pets(Some(&Kind::Cat)).await.expect("list");
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0].name, "Tom");

    let http = reqwest::Client::new();
    // `listStores` (another tag) and `deletePet` (excluded by `admin`).
    let stores = http.get(format!("{base}/stores")).send().await.unwrap();
    assert_eq!(stores.status(), 404);
    let delete = http.delete(format!("{base}/pets/p1")).send().await.unwrap();
    assert_eq!(
        delete.status(),
        404,
        "no operation serves /pets/{{id}} at all"
    );
}
