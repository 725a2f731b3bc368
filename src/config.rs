//! The config file, `openapi-forge.toml`: every output a project generates,
//! with its settings, so `openapi-forge generate` needs no arguments and
//! `openapi-forge generate --check` checks them all.
//!
//! ```toml
//! [[generate]]
//! spec = "spec/contacts.yaml"
//! output = "examples/contacts-api/src/generated.rs"
//! client = true
//! server = true
//! enum-style = "open"
//! derive = ["Hash"]
//! type-override = ["Money=rust_decimal::Decimal"]
//! ```
//!
//! An entry writes a crate instead of a module file with `crate = "DIR"`
//! (and optionally `name = "package-name"`) in place of `output`.
//!
//! Other keys are the CLI flags without `--` (see
//! [`crate::settings::OPTIONS`]); paths are relative to the config file.

use crate::Settings;
use std::path::{Path, PathBuf};

/// The default config file name, looked up in the current directory.
pub const FILE_NAME: &str = "openapi-forge.toml";

/// One `[[generate]]` entry.
#[derive(Debug, Clone)]
pub struct Job {
    /// The spec (a path in the file is relative to the file's folder).
    pub spec: PathBuf,
    /// Where the code goes.
    pub output: Output,
    /// The entry's options.
    pub settings: Settings,
}

/// What a job writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One module file.
    File(PathBuf),
    /// A crate in this folder, with this package name (default: from the
    /// spec's title).
    Crate {
        /// The crate's folder (it holds `Cargo.toml`).
        dir: PathBuf,
        /// The package name.
        name: Option<String>,
    },
}

/// Read a config file; errors name the file and the entry.
pub fn load(path: &Path) -> Result<Vec<Job>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("error: {}: cannot read: {e}", path.display()))?;
    parse(&text, path.parent().unwrap_or(Path::new("")))
        .map_err(|e| format!("error: {}: {e}", path.display()))
}

/// Parse config text; relative paths are taken from `base`.
pub fn parse(text: &str, base: &Path) -> Result<Vec<Job>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let entries = match table.get("generate") {
        Some(toml::Value::Array(entries)) => entries,
        Some(_) => return Err("`generate` must be an array of tables ([[generate]])".into()),
        None => return Err("no [[generate]] entries".into()),
    };
    if let Some(key) = table.keys().find(|k| *k != "generate") {
        return Err(format!("unknown top-level key `{key}`"));
    }
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| job(entry, base).map_err(|e| format!("[[generate]] #{}: {e}", i + 1)))
        .collect()
}

fn job(entry: &toml::Value, base: &Path) -> Result<Job, String> {
    let table = entry.as_table().ok_or("must be a table")?;
    let path = |key: &str| -> Result<PathBuf, String> {
        match table.get(key) {
            Some(toml::Value::String(s)) => Ok(base.join(s)),
            Some(_) => Err(format!("`{key}` must be a string")),
            None => Err(format!("missing `{key}`")),
        }
    };
    let mut settings = Settings::default();
    for (key, value) in table {
        if ["spec", "output", "crate", "name"].contains(&key.as_str()) {
            continue;
        }
        let texts: Vec<String> = match value {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Boolean(b) => vec![b.to_string()],
            toml::Value::Array(items) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or(format!("`{key}` must list strings"))
                })
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(format!(
                    "`{key}` must be a string, a boolean or a list of strings"
                ))
            }
        };
        for t in texts {
            settings.set(key, &t).map_err(|e| format!("`{key}`: {e}"))?;
        }
    }
    let output = match (table.contains_key("output"), table.contains_key("crate")) {
        (true, true) => return Err("give `output` (a file) or `crate` (a folder), not both".into()),
        (_, false) => {
            if table.contains_key("name") {
                return Err("`name` is for `crate` outputs".into());
            }
            Output::File(path("output")?)
        }
        (false, true) => Output::Crate {
            dir: path("crate")?,
            name: match table.get("name") {
                None => None,
                Some(toml::Value::String(s)) => Some(s.clone()),
                Some(_) => return Err("`name` must be a string".into()),
            },
        },
    };
    Ok(Job {
        spec: path("spec")?,
        output,
        settings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::EnumStyle;

    #[test]
    fn entries_set_the_same_options_as_flags() {
        let jobs = parse(
            r#"
            [[generate]]
            spec = "spec/a.yaml"
            output = "out/a.rs"
            client = true
            enum-style = "closed"
            derive = ["Hash", "Eq"]
            type-override = ["Money=rust_decimal::Decimal"]

            [[generate]]
            spec = "b.json"
            output = "b.rs"
            "#,
            Path::new("/proj"),
        )
        .unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].spec, Path::new("/proj/spec/a.yaml"));
        assert_eq!(jobs[0].output, Output::File("/proj/out/a.rs".into()));
        assert!(jobs[0].settings.client && !jobs[0].settings.server);
        assert_eq!(jobs[0].settings.enum_style, EnumStyle::Closed);
        assert_eq!(jobs[0].settings.extra_derives, ["Hash", "Eq"]);
        assert_eq!(jobs[1].settings, Settings::default());
    }

    #[test]
    fn an_entry_may_write_a_crate() {
        let jobs = parse(
            "[[generate]]\nspec = \"a.yaml\"\ncrate = \"gen/a\"\nname = \"a-api\"\n",
            Path::new("/proj"),
        )
        .unwrap();
        assert_eq!(
            jobs[0].output,
            Output::Crate {
                dir: "/proj/gen/a".into(),
                name: Some("a-api".into())
            }
        );
        let both = "[[generate]]\nspec = \"a\"\noutput = \"b\"\ncrate = \"c\"\n";
        assert!(parse(both, Path::new("")).unwrap_err().contains("not both"));
        let stray = "[[generate]]\nspec = \"a\"\noutput = \"b\"\nname = \"c\"\n";
        assert!(parse(stray, Path::new(""))
            .unwrap_err()
            .contains("`name` is for"));
    }

    #[test]
    fn mistakes_are_named() {
        let err = parse(
            "[[generate]]\nspec = \"a\"\noutput = \"b\"\nclinet = true\n",
            Path::new(""),
        )
        .unwrap_err();
        assert!(
            err.contains("#1") && err.contains("unknown option --clinet"),
            "{err}"
        );
        let err = parse("[[generate]]\nspec = \"a\"\n", Path::new("")).unwrap_err();
        assert!(err.contains("missing `output`"), "{err}");
        assert!(parse("x = 1", Path::new("")).is_err());
    }
}
