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
    let expected = reference();
    assert_eq!(expected.lines().count(), OPTIONS.len() + 2);
    rewrite_or_compare("docs/config.md", START, END, &expected);
}

const RULES_START: &str = "<!-- Generated from the diagnostic rules";
const RULES_END: &str = "<!-- end of the generated rules -->";

/// The rules a diagnostic can carry (`--message-format json`), listed in
/// the troubleshooting chapter from the table itself.
#[test]
fn the_diagnostic_rules_are_listed_in_the_manual() {
    let mut expected = String::from("| rule | what it covers |\n|---|---|\n");
    for (rule, what) in openapi_forge::DIAGNOSTIC_RULES {
        expected.push_str(&format!("| `{rule}` | {what} |\n"));
    }
    rewrite_or_compare("docs/troubleshooting.md", RULES_START, RULES_END, &expected);
}

/// Compares the block between the line that starts with `start` and the
/// `end` marker with `expected`, or writes it when accepting
/// (`INSTA_UPDATE=always`, as every snapshot).
fn rewrite_or_compare(file: &str, start: &str, end: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let doc = std::fs::read_to_string(&path).unwrap();
    let from = doc.find(start).expect("the start marker");
    let body = from + doc[from..].find('\n').unwrap() + 1;
    let to = doc.find(end).expect("the end marker");
    if std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always") {
        let updated = format!("{}{expected}{}", &doc[..body], &doc[to..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &doc[body..to],
        expected,
        "{file}'s generated block is stale (INSTA_UPDATE=always rewrites it)"
    );
}
