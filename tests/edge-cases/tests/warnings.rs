//! The warnings the edge-case specs draw, asserted instead of printed: the
//! build collects them (see `build.rs`) so `cargo test` stays quiet, and a
//! change in what the generator says about these specs shows up here.
//! Accept a change with `FORGE_BLESS=1 cargo test -p edge-cases --test warnings`.

const ACTUAL: &str = include_str!(concat!(env!("OUT_DIR"), "/warnings.txt"));

#[test]
fn the_specs_draw_exactly_the_expected_warnings() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("expected-warnings.txt");
    if std::env::var_os("FORGE_BLESS").is_some() {
        std::fs::write(&path, ACTUAL).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != ACTUAL {
        let diff = similar::TextDiff::from_lines(expected.as_str(), ACTUAL)
            .unified_diff()
            .header("expected-warnings.txt", "this build")
            .to_string();
        panic!("the edge-case specs' warnings changed (FORGE_BLESS=1 accepts):\n{diff}");
    }
    assert!(
        ACTUAL.lines().count() > 10,
        "the edge-case specs warn on purpose; no warnings means they were not collected"
    );
}
