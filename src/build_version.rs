//! Cargo build script of this package (not the `build.rs` API, which is
//! `src/build.rs`): puts the git commit into `--version`, so a bug report
//! says exactly which code ran. Outside a git checkout (a published
//! package) the version is the package's alone.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn main() {
    // Rerun when the checked-out commit moves: HEAD, and the one branch it
    // names (its loose file, or packed-refs when it has none). Only files
    // that exist: cargo reruns a script on every build for a missing one.
    let mut watched = vec!["HEAD".to_owned()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
        watched.push("packed-refs".to_owned());
    }
    for name in &watched {
        if let Some(p) = git(&["rev-parse", "--git-path", name]) {
            if std::path::Path::new(&p).is_file() {
                println!("cargo:rerun-if-changed={p}");
                if name.starts_with("refs/") {
                    break; // a loose branch file wins over packed-refs
                }
            }
        }
    }
    println!("cargo:rerun-if-changed=src/build_version.rs");
    let Some(commit) = git(&["rev-parse", "--short=10", "HEAD"]) else {
        return;
    };
    let date = git(&["log", "-1", "--format=%cs", "HEAD"]).unwrap_or_default();
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=FORGE_VERSION_LINE={version} ({commit} {date})");
}
