//! Generates the contact API's models and client at build time.

fn main() {
    let settings = openapi_forge::Settings::default().with_client(true);
    openapi_forge::build::generate("../../spec/contacts.yaml", &settings);
}
