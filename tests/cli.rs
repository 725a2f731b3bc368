//! The command line as users (and CI) run it: exit codes, messages that
//! name the place, files left untouched on error, the drift check, and
//! byte-identical output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A run with diagnostics one line each (`--message-format short`), the
/// form these tests search; the default snippets have tests of their own.
fn forge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-forge"))
        .args(args)
        .arg("--message-format=short")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn broken(name: &str) -> String {
    format!("tests/specs/broken/{name}")
}

/// Run on a broken spec with an existing output file: exit 2, the message
/// contains every `expected` piece, and the file is untouched.
fn fails_cleanly(spec: &str, expected: &[&str]) {
    fails_cleanly_with(&[], spec, expected);
}

/// [`fails_cleanly`] with flags.
fn fails_cleanly_with(flags: &[&str], spec: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.rs");
    std::fs::write(&out_file, "// precious\n").unwrap();
    let mut args = vec!["generate", spec, "-o", out_file.to_str().unwrap()];
    args.extend_from_slice(flags);
    let out = forge(&args);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(2), "{msg}");
    for e in expected {
        assert!(msg.contains(e), "expected {e:?} in:\n{msg}");
    }
    assert!(!msg.contains("panicked"), "{msg}");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "// precious\n");
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(entries, 1, "no temp files left behind");
}

#[test]
fn ref_to_nowhere_names_both_places_with_line_and_column() {
    fails_cleanly(
        &broken("ref-to-nowhere.yaml"),
        &[
            "ref-to-nowhere.yaml:9:9: at /components/schemas/A/properties/b",
            "#/components/schemas/Missing",
            "ref-to-nowhere.yaml:10:9: at /components/schemas/A/properties/c",
            "2 errors found",
        ],
    );
}

#[test]
fn ref_cycles_are_errors_not_hangs() {
    fails_cleanly(
        &broken("ref-cycle.yaml"),
        &["$ref cycle", "/components/schemas/A"],
    );
}

#[test]
fn swagger_1_2_is_named() {
    fails_cleanly(
        &broken("swagger12.json"),
        &[
            "swagger12.json:1:2: at /swagger",
            "unsupported Swagger version \"1.2\"",
            "Swagger 2.0",
        ],
    );
}

/// A converted 2.0 spec's mistakes are placed in the file the user wrote.
#[test]
fn swagger_2_mistakes_name_the_original_place() {
    fails_cleanly(
        &broken("swagger2-bad-ref.yaml"),
        &[
            "swagger2-bad-ref.yaml:31:7: at /definitions/Pet/properties/owner: $ref \"#/definitions/Missing\" points to nothing",
            "swagger2-bad-ref.yaml:24:11: at /paths/~1pets/post/parameters/0/schema: $ref \"#/definitions/Nowhere\"",
            "warning: tests/specs/broken/swagger2-bad-ref.yaml:12:11: at /paths/~1pets/get/parameters/0/collectionFormat: collectionFormat \"tsv\"",
        ],
    );
}

#[test]
fn non_object_root() {
    fails_cleanly(
        &broken("not-an-object.yaml"),
        &["must be an object, found an array"],
    );
}

#[test]
fn truncated_file_reports_line_and_column() {
    fails_cleanly(
        &broken("truncated.json"),
        &["truncated.json:2:1", "invalid JSON"],
    );
}

#[test]
fn every_prefix_of_the_flagship_spec_is_handled_without_panic() {
    let spec =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/contacts.yaml"))
            .unwrap();
    let settings = openapi_forge::Settings::default()
        .with_client(true)
        .with_server(true);
    // Cut at every line end (and mid-line): each must load or fail, not panic.
    let mut cuts: Vec<usize> = spec.match_indices('\n').map(|(i, _)| i).collect();
    cuts.extend(
        (0..spec.len())
            .step_by(97)
            .filter(|i| spec.is_char_boundary(*i)),
    );
    let mut failures = 0;
    for cut in cuts {
        match openapi_forge::generate_str(&spec[..cut], Path::new("contacts.yaml"), &settings) {
            Ok(out) => assert!(out.code.contains("@generated"), "cut at {cut}"),
            Err(e) => {
                failures += 1;
                // A failure is reported, with at least one located error.
                let error = e
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == openapi_forge::Severity::Error)
                    .unwrap_or_else(|| panic!("cut at {cut}: an Err without an error diagnostic"));
                assert!(
                    !error.message.is_empty() && error.file.is_some(),
                    "cut at {cut}: {e}"
                );
            }
        }
    }
    assert!(failures > 0, "short prefixes must be rejected");
    assert!(
        openapi_forge::generate_str(&spec, Path::new("contacts.yaml"), &settings).is_ok(),
        "the whole spec loads"
    );
}

#[test]
fn missing_spec_file() {
    let out = forge(&[
        "generate",
        "no/such/spec.yaml",
        "-o",
        "/tmp/never-written.rs",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("cannot read the spec"),
        "{}",
        text(&out)
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let out = forge(&[
        "generate",
        "spec/contacts.yaml",
        "-o",
        "x.rs",
        "--enum-style",
        "maybe",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let msg = text(&out);
    assert!(
        msg.contains("invalid value 'maybe' for '--enum-style") && msg.contains("open, closed"),
        "{msg}"
    );
    let out = forge(&[
        "generate",
        "spec/contacts.yaml",
        "-o",
        "x.rs",
        "--frobnicate",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("unexpected argument '--frobnicate'"));
}

/// A run exactly as a user types it (no format flag), colour off.
fn plain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-forge"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CARGO_TERM_COLOR")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs")
}

/// Exit code, stdout and stderr of a run, for a snapshot.
fn transcript(out: &Output) -> String {
    format!(
        "exit code: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn typos_get_a_suggestion_and_exit_2() {
    let typo = plain(&["generate", "spec/contacts.yaml", "-o", "x.rs", "--clinet"]);
    insta::assert_snapshot!("typo_option", transcript(&typo));
    let command = plain(&["gen", "spec/contacts.yaml"]);
    insta::assert_snapshot!("typo_command", transcript(&command));
    let value = plain(&[
        "generate",
        "spec/contacts.yaml",
        "-o",
        "x.rs",
        "--webhooks",
        "recieve",
    ]);
    assert_eq!(value.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&value.stderr).contains("'receive'"),
        "{}",
        transcript(&value)
    );
}

#[test]
fn every_command_has_help_and_help_exits_0() {
    for sub in ["generate", "deps", "diff", "init", "completions"] {
        let flag = plain(&[sub, "--help"]);
        assert_eq!(flag.status.code(), Some(0), "{}", transcript(&flag));
        let word = plain(&["help", sub]);
        assert_eq!(word.stdout, flag.stdout, "`help {sub}` and `{sub} --help`");
        insta::assert_snapshot!(format!("help_{sub}"), transcript(&flag));
    }
    let top = plain(&["--help"]);
    insta::assert_snapshot!("help", transcript(&top));
    let version = plain(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("openapi-forge 0."));
}

#[test]
fn a_located_error_shows_its_source_line_with_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.rs");
    let out = plain(&[
        "generate",
        "tests/specs/broken/ref-to-nowhere.yaml",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("error_snippet", transcript(&out));
    assert!(!out_file.exists());
}

#[test]
fn message_format_json_prints_one_object_per_diagnostic() {
    let out = plain(&[
        "generate",
        "tests/specs/broken/ref-to-nowhere.yaml",
        "-o",
        "unused.rs",
        "--message-format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let messages: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    insta::assert_snapshot!("error_json", stdout);
    assert_eq!(messages.len(), 2, "{stdout}");
    for m in &messages {
        assert_eq!(m["level"], "error");
        assert_eq!(m["file"], "tests/specs/broken/ref-to-nowhere.yaml");
        assert!(m["line"].as_u64().is_some() && m["column"].as_u64().is_some());
        assert!(m["pointer"]
            .as_str()
            .unwrap()
            .starts_with("/components/schemas/A"));
    }
}

#[test]
fn quiet_prints_only_problems() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.rs");
    let out = plain(&[
        "generate",
        "spec/contacts.yaml",
        "-o",
        out_file.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "{}",
        transcript(&out)
    );
    assert!(out_file.exists());
}

#[test]
fn completions_are_scripts_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = plain(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("openapi-forge") && script.contains("enum-style"),
            "{shell}: {script}"
        );
    }
}

#[test]
fn init_adds_an_entry_that_generate_then_uses_and_never_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = temp_copy_of_spec(dir.path());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_openapi-forge"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let name = spec.file_name().unwrap().to_str().unwrap();
    let out = run(&["init", name, "--client", "--derive", "Hash"]);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let config = std::fs::read_to_string(dir.path().join("openapi-forge.toml")).unwrap();
    assert_eq!(
        config,
        "[[generate]]\nspec = \"contacts.yaml\"\noutput = \"src/contacts.rs\"\nclient = true\nderive = \"Hash\"\n"
    );
    let hint = String::from_utf8_lossy(&out.stdout);
    assert!(
        hint.contains("mod contacts;") && hint.contains("reqwest"),
        "{hint}"
    );
    let again = run(&["init", name]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has an entry (#1)"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("openapi-forge.toml")).unwrap(),
        config,
        "a refused init leaves the file as it was"
    );
    let generated = run(&["generate"]);
    assert_eq!(
        generated.status.code(),
        Some(0),
        "{}",
        transcript(&generated)
    );
    let code = std::fs::read_to_string(dir.path().join("src/contacts.rs")).unwrap();
    assert!(code.contains("pub mod client") && !code.contains("pub mod server"));
    let check = run(&["generate", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", transcript(&check));
}

fn temp_copy_of_spec(dir: &Path) -> PathBuf {
    let spec = dir.join("contacts.yaml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/contacts.yaml"),
        &spec,
    )
    .unwrap();
    spec
}

#[test]
fn check_passes_when_current_and_fails_with_a_diff_when_stale() {
    let dir = tempfile::tempdir().unwrap();
    let spec = temp_copy_of_spec(dir.path());
    let out_file = dir.path().join("contacts.rs");
    let (s, o) = (spec.to_str().unwrap(), out_file.to_str().unwrap());

    let missing = forge(&["generate", s, "-o", o, "--check"]);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing));
    assert!(!out_file.exists(), "--check writes nothing");

    let wrote = forge(&["generate", s, "-o", o]);
    assert_eq!(wrote.status.code(), Some(0), "{}", text(&wrote));
    assert!(
        text(&wrote).contains("10 types, 2 operations"),
        "{}",
        text(&wrote)
    );
    let current = forge(&["generate", s, "-o", o, "--check"]);
    assert_eq!(current.status.code(), Some(0), "{}", text(&current));

    // Make the committed output stale: rename a property in the spec.
    let edited = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("        company_name:\n", "        company:\n");
    std::fs::write(&spec, edited).unwrap();
    let stale = forge(&["generate", s, "-o", o, "--check"]);
    let msg = text(&stale);
    assert_eq!(stale.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("-    pub company_name:") && msg.contains("+    pub company:"),
        "{msg}"
    );
    assert!(msg.contains("is stale"), "{msg}");
}

#[test]
fn output_is_byte_identical_across_runs_and_directories() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let spec_a = temp_copy_of_spec(a.path());
    let spec_b = temp_copy_of_spec(b.path());
    let mut outputs = Vec::new();
    for (spec, dir) in [
        (&spec_a, a.path()),
        (&spec_a, a.path()),
        (&spec_b, b.path()),
    ] {
        let out_file = dir.join(format!("out{}.rs", outputs.len()));
        let out = forge(&[
            "generate",
            spec.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
            "--client",
            "--server",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        outputs.push(std::fs::read(&out_file).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    let code = String::from_utf8(outputs.remove(0)).unwrap();
    assert!(
        !code.contains(a.path().to_str().unwrap()),
        "no absolute paths in output"
    );
}

#[test]
fn config_file_regenerates_and_checks_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let spec = temp_copy_of_spec(dir.path());
    std::fs::write(
        dir.path().join("openapi-forge.toml"),
        "[[generate]]\nspec = \"contacts.yaml\"\noutput = \"gen/models.rs\"\n\n\
         [[generate]]\nspec = \"contacts.yaml\"\noutput = \"gen/full.rs\"\nclient = true\nserver = true\n",
    )
    .unwrap();
    let config = dir.path().join("openapi-forge.toml");
    let c = config.to_str().unwrap();

    let check = forge(&["generate", "--config", c, "--check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "both missing: {}",
        text(&check)
    );
    let wrote = forge(&["generate", "--config", c]);
    assert_eq!(wrote.status.code(), Some(0), "{}", text(&wrote));
    let models = std::fs::read_to_string(dir.path().join("gen/models.rs")).unwrap();
    let full = std::fs::read_to_string(dir.path().join("gen/full.rs")).unwrap();
    assert!(
        !models.contains("pub mod client")
            && full.contains("pub mod client")
            && full.contains("pub mod server")
    );
    let check = forge(&["generate", "--config", c, "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));

    // One spec edit makes both outputs stale; one run reports both.
    let edited = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("        language:\n", "        locale:\n");
    std::fs::write(&spec, edited).unwrap();
    let check = forge(&["generate", "--config", c, "--check"]);
    let msg = text(&check);
    assert_eq!(check.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("gen/models.rs is stale") && msg.contains("gen/full.rs is stale"),
        "{msg}"
    );
    assert!(msg.contains("+    pub locale:"), "{msg}");

    // A broken entry is exit 2, and the other entries still run.
    std::fs::write(&config, "[[generate]]\nspec = \"nope.yaml\"\noutput = \"x.rs\"\n\n[[generate]]\nspec = \"contacts.yaml\"\noutput = \"gen/models.rs\"\n").unwrap();
    let run = forge(&["generate", "--config", c]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    assert!(
        text(&run).contains("wrote") && text(&run).contains("cannot read the spec"),
        "{}",
        text(&run)
    );
}

#[test]
fn the_header_fingerprint_covers_referenced_files() {
    let dir = tempfile::tempdir().unwrap();
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/external");
    for f in ["main.yaml", "common.yaml", "address.yaml"] {
        std::fs::copy(specs.join(f), dir.path().join(f)).unwrap();
    }
    let main = dir.path().join("main.yaml");
    let settings = openapi_forge::Settings::default();
    let from_file = openapi_forge::generate(&main, &settings).unwrap().code;
    let text = std::fs::read_to_string(&main).unwrap();
    let from_text = openapi_forge::generate_str(&text, &main, &settings)
        .unwrap()
        .code;
    assert_eq!(
        from_file, from_text,
        "both entry points fingerprint the same sources"
    );
    // Editing only a referenced file changes the fingerprint in the header.
    let common = dir.path().join("common.yaml");
    let edited = std::fs::read_to_string(&common)
        .unwrap()
        .replace("currency", "currency_code");
    std::fs::write(&common, edited).unwrap();
    let after = openapi_forge::generate(&main, &settings).unwrap().code;
    assert_ne!(
        from_file.lines().next(),
        after.lines().next(),
        "header must change"
    );
}

#[test]
fn patterns_rust_cannot_run_are_located_warnings_and_not_checked() {
    let spec = r#"openapi: 3.0.3
info: {title: Patterns, version: "1"}
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        "204": {description: Added.}
components:
  schemas:
    Thing:
      type: object
      properties:
        code: {type: string, pattern: '^[A-Z]{3}$'}
        password: {type: string, pattern: '^(?=.*[0-9]).{8,}$'}
        handle: {type: string, pattern: '^\p{L}{1,5000}$'}
"#;
    let settings = openapi_forge::Settings::default().with_server(true);
    let out = openapi_forge::generate_str(spec, Path::new("patterns.yaml"), &settings).unwrap();
    let warnings: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    // Valid syntax, but too large for the regex crate's default limit,
    // which the generated server would hit at its first request.
    let big = &warnings[1];
    assert!(
        big.contains("patterns.yaml:20:32:")
            && big.contains("/components/schemas/Thing/properties/handle/pattern")
            && big.contains("compiles to more than the regex crate's limit of"),
        "{big}"
    );
    assert!(!out.code.contains("5000"));
    let w = &warnings[0];
    assert!(
        w.contains("patterns.yaml:19:34:")
            && w.contains("/components/schemas/Thing/properties/password/pattern")
            && w.contains("not supported by Rust's regex engine")
            && w.contains("(look-around, including look-ahead and look-behind, is not supported)"),
        "{w}"
    );
    // The supported pattern is checked; the lookahead is left out.
    assert!(out.code.contains(r#""^[A-Z]{3}$""#));
    assert!(!out.code.contains("(?=.*[0-9])"));
}

/// A warning raised while emitting names the file the construct is in: an
/// operation from a `$ref`'d path item is located in that file, with the
/// pointer as that file spells it, not in the bundled main spec.
#[test]
fn emitter_warnings_are_located_in_the_referenced_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.yaml"),
        "openapi: 3.0.3\ninfo: {title: Split, version: \"1\"}\npaths:\n  /things/{id}:\n    $ref: 'paths.yaml#/thing'\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("paths.yaml"),
        "thing:\n  get:\n    operationId: getThing\n    responses:\n      \"204\": {description: Got.}\n",
    )
    .unwrap();
    let settings = openapi_forge::Settings::default().with_client(true);
    let out = openapi_forge::generate(&dir.path().join("main.yaml"), &settings).unwrap();
    assert_eq!(out.warnings.len(), 1, "{:#?}", out.warnings);
    let w = &out.warnings[0];
    assert!(
        w.message.contains("names a parameter that is not declared"),
        "{w}"
    );
    assert_eq!(
        w.file.as_deref(),
        Some(dir.path().join("paths.yaml").as_path()),
        "{w}"
    );
    assert_eq!(w.pointer, "/thing/get", "{w}");
    assert_eq!(w.position, Some((2, 3)), "{w}");
}

/// A spec is untrusted: a `$ref` may read only files in the spec's folder
/// (and below), or in folders the `allow-refs-outside` setting names; never
/// a FIFO or a device; and a refused file's content never reaches a message.
#[test]
fn refs_stay_inside_the_spec_folder() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("api");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.yaml"),
        "Secret:\n  type: object\n  description: TOP-SECRET-TEXT\n",
    )
    .unwrap();
    let spec_with = |reference: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Refs, version: \"1\"}}\npaths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: '{reference}'\n"
        )
    };
    let generate = |reference: &str, settings: &openapi_forge::Settings| {
        std::fs::write(api.join("spec.yaml"), spec_with(reference)).unwrap();
        openapi_forge::generate(&api.join("spec.yaml"), settings)
    };
    let refused = |reference: &str, why: &str| {
        let err = generate(reference, &openapi_forge::Settings::default())
            .expect_err(reference)
            .to_string();
        assert!(err.contains(why), "{reference}: {err}");
        assert!(
            !err.contains("TOP-SECRET-TEXT") && !err.contains("root:"),
            "{err}"
        );
    };
    refused(
        "../outside/secret.yaml#/Secret",
        "outside the spec's folder",
    );
    refused("/etc/passwd#/x", "outside the spec's folder");
    // A symlink inside the folder that points outside it is outside.
    std::os::unix::fs::symlink(outside.join("secret.yaml"), api.join("link.yaml")).unwrap();
    refused("link.yaml#/Secret", "outside the spec's folder");
    // A FIFO would block the generator forever: refused without opening it.
    let fifo = api.join("pipe.yaml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    refused("pipe.yaml#/Secret", "not a regular file");
    // The setting opens a named folder (relative to the spec's folder).
    let settings = openapi_forge::Settings::default()
        .with_allow_refs_outside(vec![PathBuf::from("../outside")]);
    let out = generate("../outside/secret.yaml#/Secret", &settings).unwrap();
    assert!(
        out.code.contains("TOP-SECRET-TEXT"),
        "the allowed file is read"
    );
    // Files in the folder itself and below still work.
    std::fs::create_dir_all(api.join("parts")).unwrap();
    std::fs::write(api.join("parts/ok.yaml"), "Ok:\n  type: string\n").unwrap();
    assert!(generate("parts/ok.yaml#/Ok", &openapi_forge::Settings::default()).is_ok());
}

/// `--deny-warnings`: a spec that only warns fails like a broken one (exit
/// 2, every warning reported as an error, the output untouched), for a
/// strict CI; without it the same spec generates.
#[test]
fn deny_warnings_makes_warnings_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.rs");
    std::fs::write(&out_file, "// precious\n").unwrap();
    let out = forge(&[
        "generate",
        "tests/specs/cycles.yaml",
        "-o",
        out_file.to_str().unwrap(),
        "--deny-warnings",
    ]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("error: tests/specs/cycles.yaml:26:5: at /components/schemas/Self"),
        "{msg}"
    );
    assert!(msg.contains("4 errors found"), "{msg}");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "// precious\n");
    let out = forge(&[
        "generate",
        "tests/specs/cycles.yaml",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("warning: tests/specs/cycles.yaml:26:5"));
}

#[test]
fn selections_naming_nothing_are_errors_with_hints() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.rs");
    std::fs::write(&out_file, "// precious\n").unwrap();
    let o = out_file.to_str().unwrap();
    let spec = "tests/specs/selection.yaml";
    let out = forge(&[
        "generate",
        spec,
        "-o",
        o,
        "--include-tags",
        "pet",
        "--include-operations",
        "listPet,nothing*",
    ]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(2), "{msg}");
    for expected in [
        "include-tags: the spec has no tag \"pet\"; did you mean \"pets\"?",
        "include-operations: the spec has no operation id \"listPet\"; did you mean \"listPets\"",
        "include-operations: no operation id matches \"nothing*\"",
        "3 errors found",
    ] {
        assert!(msg.contains(expected), "expected {expected:?} in:\n{msg}");
    }
    // Patterns that exist but cancel out leave nothing: an error too.
    let out = forge(&[
        "generate",
        spec,
        "-o",
        o,
        "--include-tags",
        "stores",
        "--exclude-operations",
        "list*",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("the selection leaves no operation (of 5)"));
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "// precious\n");
}

#[test]
fn a_changed_selection_is_drift() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/specs/selection.yaml", dir.path().join("pets.yaml")).unwrap();
    let config = dir.path().join("openapi-forge.toml");
    let c = config.to_str().unwrap();
    let write_config = |ops: &str| {
        std::fs::write(
            &config,
            format!(
                "[[generate]]\nspec = \"pets.yaml\"\noutput = \"pets.rs\"\nclient = true\n\
                 include-operations = [{ops}]\n"
            ),
        )
        .unwrap();
    };
    write_config("\"listPets\"");
    let run = forge(&["generate", "--config", c]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let code = std::fs::read_to_string(dir.path().join("pets.rs")).unwrap();
    assert!(code.contains("// Selection: include-operations = listPets; models = reachable."));
    assert!(code.contains("fn list_pets(") && !code.contains("fn create_pet("));
    let check = forge(&["generate", "--config", c, "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));

    write_config("\"listPets\", \"createPet\"");
    let check = forge(&["generate", "--config", c, "--check"]);
    let msg = text(&check);
    assert_eq!(check.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("+// Selection: include-operations = listPets,createPet; models = reachable."),
        "{msg}"
    );
}

fn diff_pair(rule: &str) -> (String, String) {
    let dir = format!("tests/specs/diff/{rule}");
    (format!("{dir}/old.yaml"), format!("{dir}/new.yaml"))
}

/// `diff` exits 0 when nothing breaks, 1 when something does, and
/// `--fail-on` picks whether the wire, the Rust API or both count.
#[test]
fn diff_exit_codes_follow_fail_on() {
    let code = |rule: &str, extra: &[&str]| {
        let (old, new) = diff_pair(rule);
        let mut args = vec!["diff", old.as_str(), new.as_str(), "--client"];
        args.extend_from_slice(extra);
        let out = forge(&args);
        assert!(!text(&out).contains("panicked"), "{}", text(&out));
        out.status.code()
    };
    // Nothing at all.
    assert_eq!(code("ref-moved", &[]), Some(0));
    // Breaks clients on the wire and the Rust API.
    assert_eq!(code("operation-removed", &[]), Some(1));
    assert_eq!(code("operation-removed", &["--fail-on", "wire"]), Some(1));
    assert_eq!(code("operation-removed", &["--fail-on=rust"]), Some(1));
    // Breaks the wire only (a tighter maxLength changes no Rust type).
    assert_eq!(
        code("max-length-decreased-request", &["--fail-on", "rust"]),
        Some(0)
    );
    assert_eq!(
        code("max-length-decreased-request", &["--fail-on", "wire"]),
        Some(1)
    );
    assert_eq!(code("max-length-decreased-request", &[]), Some(1));
    // Breaks the Rust API only (a renamed component).
    assert_eq!(code("component-renamed", &["--fail-on", "wire"]), Some(0));
    assert_eq!(code("component-renamed", &["--fail-on", "rust"]), Some(1));
    assert_eq!(code("component-renamed", &["--fail-on", "both"]), Some(1));
    // Compatible everywhere (a minor addition).
    assert_eq!(code("field-added-optional", &[]), Some(0));
    // Generation flags count: with the server, a new operation is major.
    assert_eq!(code("operation-added", &[]), Some(0));
    assert_eq!(code("operation-added", &["--server"]), Some(1));
}

#[test]
fn diff_formats() {
    let (old, new) = diff_pair("operation-removed");
    let json = forge(&["diff", &old, &new, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["changes"][0]["rule"], "operation-removed");
    assert_eq!(v["changes"][0]["old"]["line"], 27);
    let md = forge(&["diff", &old, &new, "--format=markdown"]);
    assert!(String::from_utf8_lossy(&md.stdout).contains("| **breaks-clients** |"));
}

/// A spec that does not load is exit 2 with its located diagnostics, and
/// so is a bad command line; never a panic, never a report.
#[test]
fn diff_errors_exit_2() {
    let (old, _) = diff_pair("operation-removed");
    let broken = broken("ref-to-nowhere.yaml");
    let out = forge(&["diff", &old, &broken]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("ref-to-nowhere.yaml:9:9: at /components/schemas/A/properties/b"),
        "{msg}"
    );
    assert!(!msg.contains("panicked"), "{msg}");
    for args in [
        vec!["diff", old.as_str()],
        vec!["diff", old.as_str(), old.as_str(), "--format", "html"],
        vec!["diff", old.as_str(), old.as_str(), "--fail-on", "never"],
        vec!["diff", old.as_str(), old.as_str(), "--no-such-flag"],
        vec!["diff", old.as_str(), "tests/specs/diff/missing.yaml"],
    ] {
        let out = forge(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_default_that_does_not_fit_is_a_located_warning_and_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("defaults.rs");
    let out = forge(&[
        "generate",
        "tests/specs/defaults.yaml",
        "--server",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stderr = text(&out);
    for expected in [
        "defaults.yaml:82:9: at /components/schemas/Search/properties/misfit: the default \"twenty\" does not fit its type; it is documented, not applied",
        "defaults.yaml:83:9: at /components/schemas/Search/properties/outside: the default 0 is below the minimum 1 of its schema; it is documented, not applied",
        "defaults.yaml:84:9: at /components/schemas/Search/properties/huge: the default 3.4028236e+38 does not fit its type (f32 goes up to 3.4028235e38); it is documented, not applied",
        "defaults.yaml:44:133: at /paths/~1echo/get/parameters/8/schema/default: the default 3.4028236e+38 of parameter \"scale\" does not fit its type (f32 goes up to 3.4028235e38); the server does not apply it",
        "defaults.yaml:41:58: at /paths/~1echo/get/parameters/5/schema/default: the default \"x\" of parameter \"bad\" does not fit its type; the server does not apply it",
        "defaults.yaml:42:140: at /paths/~1echo/get/parameters/6/schema/default: the default 50 of parameter \"size\" is above the maximum 10 of its schema; the server does not apply it",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
}

#[test]
fn generation_notes_each_streamed_list_and_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("paging.rs");
    let out = forge(&[
        "generate",
        "tests/specs/paging.yaml",
        "--client",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stderr = text(&out);
    for expected in [
        "note: GET /shelves/{shelf}/books (list_books) streams its items by a page number parameter",
        "note: GET /books/by-offset (list_books_by_offset) streams its items by an offset parameter",
        "note: GET /books/by-cursor (list_books_by_cursor) streams its items by a cursor in the response",
        "note: GET /books/after (list_books_after) streams its items by has_more and the last item's id",
        "note: GET /books/declared (list_books_declared) streams its items by the pagination extension",
        "at /paths/~1books~1broken/get/x-forge-pagination: the pagination extension is not followed (the response has no string field \"nothing\")",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    for quiet in ["(list_books_ambiguous)", "(list_books_not_paged)"] {
        assert!(!stderr.contains(quiet), "{quiet} got a stream:\n{stderr}");
    }
    // Models only: no client, so no streams to note.
    let models = forge(&[
        "generate",
        "tests/specs/paging.yaml",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(!text(&models).contains("note:"), "{}", text(&models));
}

/// Cargo reads a version's three numbers as `u64`: a larger one in
/// `info.version` must not reach `Cargo.toml` (cargo would reject the
/// crate), and the version the crate gets instead is a located warning.
#[test]
fn a_crate_version_above_u64_is_a_located_warning_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("big.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: 18446744073709551616.0.0}\npaths: {}\n",
    )
    .unwrap();
    let krate = dir.path().join("big");
    let out = forge(&[
        "generate",
        spec.to_str().unwrap(),
        "--crate",
        krate.to_str().unwrap(),
    ]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(0), "{msg}");
    assert!(
        msg.contains("big.yaml:2:18: at /info/version: `info.version` \"18446744073709551616.0.0\" has a number above 18446744073709551615")
            && msg.contains("the crate's version is `0.0.0+18446744073709551616.0.0` instead"),
        "{msg}"
    );
    let toml = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(
        toml.contains("\nversion = \"0.0.0+18446744073709551616.0.0\"\n"),
        "{toml}"
    );
}

/// An override of a schema the spec does not have would leave the user's
/// type unused without a word: an error, with the nearest schema name.
#[test]
fn a_type_override_of_no_schema_is_an_error_with_a_hint() {
    fails_cleanly_with(
        &["--type-override", "Contac=my::Contact"],
        "spec/contacts.yaml",
        &[
            "contacts.yaml:159:3: at /components/schemas: type-override: the spec has no schema \"Contac\"; did you mean \"Contact\"",
            "1 error found",
        ],
    );
}

/// The spec says operation ids are unique; a repeat is generated (its
/// method named apart) with a warning at the repeat that names both.
#[test]
fn a_repeated_operation_id_is_a_located_warning_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("dup.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getThing\n      responses: {\"200\": {description: ok}}\n  /b:\n    post:\n      operationId: getThing\n      responses: {\"200\": {description: ok}}\n",
    )
    .unwrap();
    let out_file = dir.path().join("dup.rs");
    let out = forge(&[
        "generate",
        spec.to_str().unwrap(),
        "--client",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(0), "{msg}");
    assert!(
        msg.contains("dup.yaml:10:7: at /paths/~1b/post/operationId: operationId \"getThing\" is already the id of GET /a; this operation's method is named `get_thing_2`"),
        "{msg}"
    );
    let code = std::fs::read_to_string(&out_file).unwrap();
    assert!(code.contains("pub async fn get_thing_2("), "{code}");
}

/// Std derive names are not crates; one the generator already writes is
/// not written twice (E0119); one a type cannot carry (a float has no
/// `Hash`) is left off that type with a located warning (E0277 otherwise).
#[test]
fn std_derives_are_deduplicated_and_left_off_where_they_cannot_apply() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("derive.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    F: {type: object, properties: {x: {type: string}}}\n    P: {type: object, properties: {x: {type: number}}}\n",
    )
    .unwrap();
    let out_file = dir.path().join("derive.rs");
    let out = forge(&[
        "generate",
        spec.to_str().unwrap(),
        "--derive",
        "Default,Debug,Hash,Eq,schemars::JsonSchema",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(0), "{msg}");
    assert!(
        msg.contains("derive.yaml:7:5: at /components/schemas/P: `--derive Hash, Eq` left off `P`: not every field or variant of it implements Hash, Eq"),
        "{msg}"
    );
    assert_eq!(msg.matches("warning").count(), 1, "{msg}");
    let code = std::fs::read_to_string(&out_file).unwrap();
    // Without whitespace: the formatter breaks long derive lists.
    let compact = code
        .split_whitespace()
        .collect::<String>()
        .replace(",)]", ")]");
    for derive in [
        "#[derive(Debug,Clone,PartialEq,Eq,Default,::serde::Serialize,Hash,schemars::JsonSchema)]pubstructF",
        "#[derive(Debug,Clone,PartialEq,Default,::serde::Serialize,schemars::JsonSchema)]pubstructP",
    ] {
        assert!(compact.contains(derive), "{derive} in:\n{code}");
    }
    let header: String = code.lines().take_while(|l| l.starts_with("//")).collect();
    assert!(!header.is_empty());
    assert!(header.contains("schemars = \"*\""), "{header}");
    for std_name in ["Hash", "Eq", "Default", "Debug"] {
        assert!(!header.contains(&format!("{std_name} = ")), "{header}");
    }
}

/// Multipart shapes with no part-by-part form are each a located warning
/// (the code still compiles: tests/specs/multipart_edges.yaml is in the
/// edge-case crate), and a multipart response declares no model type.
#[test]
fn unsupported_multipart_shapes_are_located_warnings() {
    let settings = openapi_forge::Settings::default()
        .with_client(true)
        .with_server(true);
    let spec = std::path::Path::new("tests/specs/multipart_edges.yaml");
    let out = openapi_forge::generate(spec, &settings).unwrap();
    let warnings: Vec<(String, String)> = out
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.message.clone()))
        .collect();
    let has = |pointer: &str, text: &str| {
        assert!(
            warnings
                .iter()
                .any(|(p, m)| p == pointer && m.contains(text)),
            "no warning at {pointer} with {text:?}: {warnings:#?}"
        )
    };
    has("/paths/~1scalar/post", "must be an object");
    has("/paths/~1flag/post", "must be an object");
    has(
        "/paths/~1parts/get/responses/200/content/multipart~1form-data",
        "responses are not generated as parts; the body is raw bytes",
    );
    assert!(
        !out.code.contains("pub struct GetPartsResponse"),
        "no unused model for the response"
    );
    assert!(out.code.contains("pub struct PostNestedBody"));
}

/// Past 64 paths the router goes on in `let router = router …;` statements
/// (one chain of Graph's 5,000 routes overflowed the formatter's stack):
/// every path is still routed, once, in the spec's order.
#[test]
fn long_route_lists_are_split_and_keep_every_route() {
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths:\n");
    for i in 0..150 {
        spec.push_str(&format!(
            "  /r{i}:\n    get:\n      operationId: get{i}\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    }
    let settings = openapi_forge::Settings::default().with_server(true);
    let out =
        openapi_forge::generate_str(&spec, std::path::Path::new("many.yaml"), &settings).unwrap();
    let positions: Vec<usize> = (0..150)
        .map(|i| {
            let route = format!(".route(\"/r{i}\",");
            assert_eq!(out.code.matches(&route).count(), 1, "{route}");
            out.code.find(&route).unwrap()
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "routes keep the spec's order"
    );
    // 150 routes: one chain of 64, then two statements (64 and 22).
    assert_eq!(out.code.matches("let router = router").count(), 2);
}
