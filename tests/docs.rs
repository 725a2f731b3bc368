//! The manual's configuration reference is the settings table itself: the
//! block in `docs/config.md` is written from `OPTIONS` (key, heading,
//! accepted values, help line), so a new option cannot go undocumented and
//! a changed one cannot leave a stale line. `INSTA_UPDATE=always cargo test --test docs` rewrites it, the one accept
//! command of every snapshot.

use openapi_forge::settings::OPTIONS;
use std::path::Path;

const START: &str = "<!-- Generated from the settings table";
const END: &str = "<!-- end of the generated options -->";

fn reference() -> String {
    let mut text =
        String::from("| key / flag | group | values | what it does |\n|---|---|---|---|\n");
    for o in OPTIONS {
        let values = match (o.takes_value, o.values) {
            (false, _) => "switch (`true`)".to_owned(),
            (true, []) => "text".to_owned(),
            (true, list) => list
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let doc = o.doc.trim().replace('|', "\\|");
        text.push_str(&format!(
            "| `{}` | {} | {values} | {doc} |\n",
            o.flag,
            o.group.heading()
        ));
    }
    text
}

#[test]
fn the_configuration_reference_is_the_settings_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc.find(START).expect("the start marker");
    let body = start + doc[start..].find('\n').unwrap() + 1;
    let end = doc.find(END).expect("the end marker");
    let expected = reference();
    // Accepted as every snapshot of the project is: `INSTA_UPDATE=always`.
    if std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always") {
        let updated = format!("{}{expected}{}", &doc[..body], &doc[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &doc[body..end],
        expected,
        "docs/config.md's options differ from the settings table (INSTA_UPDATE=always rewrites them)"
    );
    assert_eq!(expected.lines().count(), OPTIONS.len() + 2);
}
