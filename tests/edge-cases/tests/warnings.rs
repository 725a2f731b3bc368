//! The warnings the edge-case specs draw, asserted instead of printed: the
//! build collects them (see `build.rs`) so `cargo test` stays quiet, and a
//! change in what the generator says about these specs shows up here as an
//! insta snapshot (`tests/snapshots/warnings__expected.snap`); accept a
//! change with `INSTA_UPDATE=always` or `cargo insta review`, as every
//! snapshot of the project.

const ACTUAL: &str = include_str!(concat!(env!("OUT_DIR"), "/warnings.txt"));

#[test]
fn the_specs_draw_exactly_the_expected_warnings() {
    assert!(
        ACTUAL.lines().count() > 10,
        "the edge-case specs warn on purpose; no warnings means they were not collected"
    );
    insta::assert_snapshot!("expected", ACTUAL);
}
