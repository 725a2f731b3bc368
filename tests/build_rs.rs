//! The build.rs path with real cargo: a throwaway crate whose build script
//! calls `openapi_forge::build::generate`. Proves that cargo reruns it when
//! the spec or a file it `$ref`s changes and not otherwise, and that an
//! unchanged result does not rewrite the generated file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Probe, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        part: {$ref: 'parts.yaml#/Part'}
"#;

const PARTS: &str = "Part:\n  type: object\n  properties:\n    name: {type: string}\n";

const BUILD_RS: &str = r#"
fn main() {
    // Count the runs, so the test can tell when cargo reran us.
    use std::io::Write;
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open("runs.log").unwrap();
    writeln!(log, "run").unwrap();
    openapi_forge::build::generate("spec.yaml", &openapi_forge::Settings::default());
}
"#;

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// Move a file's mtime forward, as an editor save would.
fn touch(path: &Path, step: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(step))
        .unwrap();
}

struct Probe {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Probe {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
        write(
            &dir.path().join("Cargo.toml"),
            &format!(
                "[package]\nname = \"forge-build-probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n\
                 [build-dependencies]\nopenapi-forge = {{ path = \"{root}\" }}\n\n[workspace]\n"
            ),
        );
        std::fs::create_dir(dir.path().join("src")).unwrap();
        write(
            &dir.path().join("src/lib.rs"),
            "include!(concat!(env!(\"OUT_DIR\"), \"/spec.rs\"));\n",
        );
        write(&dir.path().join("build.rs"), BUILD_RS);
        write(&dir.path().join("spec.yaml"), SPEC);
        write(&dir.path().join("parts.yaml"), PARTS);
        // Its own target dir (kept between runs) so it never waits on ours.
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/build-rs-probe");
        Probe { dir, target }
    }

    fn build(&self) {
        let out = self.cargo_build();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn cargo_build(&self) -> std::process::Output {
        // Reuse the workspace's lock file so the probe resolves offline.
        let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
        if !self.dir.path().join("Cargo.lock").exists() {
            std::fs::copy(lock, self.dir.path().join("Cargo.lock")).unwrap();
        }
        Command::new(env!("CARGO"))
            .args(["build", "--offline", "--quiet"])
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .unwrap()
    }

    fn runs(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("runs.log")).map_or(0, |s| s.lines().count())
    }

    fn generated(&self) -> (PathBuf, SystemTime) {
        let build = self.target.join("debug/build");
        let mut found: Vec<(PathBuf, SystemTime)> = std::fs::read_dir(build)
            .unwrap()
            .filter_map(|e| {
                let p = e.ok()?.path().join("out/spec.rs");
                let m = std::fs::metadata(&p).ok()?.modified().ok()?;
                Some((p, m))
            })
            .collect();
        found.sort_by_key(|(_, m)| *m);
        found.pop().expect("generated file in OUT_DIR")
    }
}

#[test]
fn cargo_reruns_generation_exactly_when_inputs_change() {
    let p = Probe::new();
    p.build();
    assert_eq!(p.runs(), 1);
    let (file, first) = p.generated();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("pub struct Part"));

    // Nothing changed: the build script does not run.
    p.build();
    assert_eq!(p.runs(), 1, "unchanged inputs must not rerun generation");

    // Only the crate's own source changed: still no rerun.
    touch(&p.dir.path().join("src/lib.rs"), 2);
    p.build();
    assert_eq!(p.runs(), 1, "editing src must not rerun generation");

    // The spec was saved without changes: rerun, but the file keeps its bytes
    // and its mtime (so nothing downstream recompiles for it).
    touch(&p.dir.path().join("spec.yaml"), 4);
    p.build();
    assert_eq!(p.runs(), 2, "touching the spec reruns generation");
    assert_eq!(
        p.generated().1,
        first,
        "same bytes: the file is not rewritten"
    );

    // A file the spec references is watched too.
    write(
        &p.dir.path().join("parts.yaml"),
        &PARTS.replace("name", "label"),
    );
    touch(&p.dir.path().join("parts.yaml"), 6);
    p.build();
    assert_eq!(p.runs(), 3, "editing a $ref'd file reruns generation");
    let text = std::fs::read_to_string(&p.generated().0).unwrap();
    assert!(
        text.contains("pub label:") && !text.contains("pub name:"),
        "{text}"
    );

    // A broken spec fails the build with located errors, and no panic.
    write(
        &p.dir.path().join("spec.yaml"),
        &SPEC.replace("parts.yaml#/Part", "parts.yaml#/Nope"),
    );
    touch(&p.dir.path().join("spec.yaml"), 8);
    let out = p.cargo_build();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("openapi-forge could not generate code from spec.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("spec.yaml:10:9: at /components/schemas/Thing/properties/part"),
        "{stderr}"
    );
    assert!(
        stderr.contains("$ref \"parts.yaml#/Nope\" points to nothing"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
