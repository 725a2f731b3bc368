//! Generates every edge-case spec into OUT_DIR through the build.rs API.

use openapi_forge::Settings;

fn main() {
    let specs = [
        "nullability",
        "enums",
        "allof",
        "oneof",
        "maps",
        "recursion",
        "names",
        "formats",
        "openapi31",
        "repeats",
    ];
    for name in specs {
        openapi_forge::build::generate(format!("../specs/{name}.yaml"), &Settings::default());
    }
    openapi_forge::build::generate(
        "../specs/external/main.yaml",
        &Settings::default().with_file_name(Some("external.rs".into())),
    );
    // Dates as plain strings: no date crate in the generated code.
    openapi_forge::build::generate(
        "../specs/formats.yaml",
        &Settings::default()
            .with_date_time(openapi_forge::settings::DateTimeType::String)
            .with_file_name(Some("formats_strings.rs".into())),
    );
    // Client and server, exercised against each other over HTTP.
    for name in ["paths", "checks", "multipart", "operations"] {
        openapi_forge::build::generate(
            format!("../specs/{name}.yaml"),
            &Settings::default().with_client(true).with_server(true),
        );
    }
    // No operations at all (a components-only document, or only webhooks):
    // client and server must still compile without a warning.
    openapi_forge::build::generate(
        "../specs/names.yaml",
        &Settings::default()
            .with_client(true)
            .with_server(true)
            .with_file_name(Some("names_full.rs".into())),
    );
    // The same spec with closed enums, to compile that style too.
    openapi_forge::build::generate(
        "../specs/enums.yaml",
        &Settings::default()
            .with_enum_style(openapi_forge::settings::EnumStyle::Closed)
            .with_file_name(Some("enums_closed.rs".into())),
    );
}
