//! `openapi-forge init SPEC`: add a `[[generate]]` entry for SPEC to the
//! config file (created when missing) and print how to use the code, so a
//! new project starts from a working drift check. It never replaces an
//! entry: an output already in the file is an error.

use super::args;
use super::report::Reporter;
use clap::ArgMatches;
use openapi_forge::config::{self, Output};
use std::path::{Path, PathBuf};

pub fn run(m: &ArgMatches, report: &Reporter) -> u8 {
    match init(m, report) {
        Ok(()) => 0,
        Err(message) => {
            report.error(&message);
            2
        }
    }
}

fn init(m: &ArgMatches, report: &Reporter) -> Result<(), String> {
    let spec = m.get_one::<PathBuf>("spec").expect("required");
    let config_path = m.get_one::<PathBuf>("config").expect("has a default");
    let output = match (
        m.get_one::<PathBuf>("output"),
        m.get_one::<PathBuf>("crate"),
    ) {
        (Some(file), _) => Output::File(file.clone()),
        (None, Some(dir)) => Output::Crate {
            dir: dir.clone(),
            name: m.get_one::<String>("name").cloned(),
        },
        (None, None) => Output::File(default_output(spec)),
    };
    // The spec must load with these options before anything is written.
    let settings = args::settings(m)?;
    let generated = openapi_forge::generate(spec, &settings).map_err(|e| {
        report.failure(&e.diagnostics);
        format!(
            "error: {} cannot be generated; the config file is unchanged",
            spec.display()
        )
    })?;
    let existing = match std::fs::read_to_string(config_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(format!(
                "error: {}: cannot read: {e}",
                config_path.display()
            ))
        }
    };
    let base = config_path.parent().unwrap_or(Path::new(""));
    let entry = entry(m, spec, &output, base);
    if !existing.trim().is_empty() {
        let jobs = config::parse(&existing, base)
            .map_err(|e| format!("error: {}: {e}", config_path.display()))?;
        let target = resolved(&output, base);
        if let Some(i) = jobs
            .iter()
            .position(|j| resolved(&j.output, Path::new("")) == target)
        {
            return Err(format!(
                "error: {} already has an entry (#{}) that writes {}; edit it instead",
                config_path.display(),
                i + 1,
                target.display()
            ));
        }
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
    }
    text.push_str(&entry);
    std::fs::write(config_path, text)
        .map_err(|e| format!("error: cannot write {}: {e}", config_path.display()))?;
    report.status(&format!(
        "added an entry for {} to {}; run `openapi-forge generate` to write the code and \
         `openapi-forge generate --check` in CI",
        spec.display(),
        config_path.display()
    ));
    report.status(&usage_hint(m, &output, &generated.dependencies, spec));
    Ok(())
}

/// `src/<spec stem>.rs`, in snake case (heck, as the generator names
/// everything else).
fn default_output(spec: &Path) -> PathBuf {
    use heck::ToSnakeCase;
    let stem = spec
        .file_stem()
        .map_or("api".into(), |s| s.to_string_lossy());
    let name: String = stem
        .to_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name = if name.is_empty() {
        "api".to_owned()
    } else {
        name
    };
    PathBuf::from("src").join(format!("{name}.rs"))
}

/// Where an output lands, for comparing entries.
fn resolved(output: &Output, base: &Path) -> PathBuf {
    match output {
        Output::File(f) => base.join(f),
        Output::Crate { dir, .. } => base.join(dir),
    }
}

/// A path as the config file must spell it (relative to its folder).
fn relative(path: &Path, base: &Path) -> String {
    let shown = if base.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        match (std::path::absolute(path), std::path::absolute(base)) {
            (Ok(p), Ok(b)) => p.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(p),
            _ => path.to_path_buf(),
        }
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// The entry's TOML: every value quoted by the toml crate, so no path or
/// option can break the file.
fn entry(m: &ArgMatches, spec: &Path, output: &Output, base: &Path) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut lines = vec![
        "[[generate]]".to_owned(),
        format!("spec = {}", quote(&relative(spec, base))),
    ];
    match output {
        Output::File(file) => lines.push(format!("output = {}", quote(&relative(file, base)))),
        Output::Crate { dir, name } => {
            lines.push(format!("crate = {}", quote(&relative(dir, base))));
            if let Some(name) = name {
                lines.push(format!("name = {}", quote(name)));
            }
        }
    }
    for (flag, values) in args::given_options(m) {
        match values {
            None => lines.push(format!("{flag} = true")),
            Some(v) if v.len() == 1 => lines.push(format!("{flag} = {}", quote(&v[0]))),
            Some(v) => {
                let items: Vec<String> = v.iter().map(|s| quote(s)).collect();
                lines.push(format!("{flag} = [{}]", items.join(", ")));
            }
        }
    }
    lines.join("\n") + "\n"
}

/// How to use what `generate` will write: the module line and its
/// dependencies, or the crate as a path dependency; and the build-script
/// alternative.
fn usage_hint(m: &ArgMatches, output: &Output, dependencies: &str, spec: &Path) -> String {
    let mut settings = String::from("openapi_forge::Settings::default()");
    for part in ["client", "server"] {
        if m.get_flag(part) {
            settings.push_str(&format!(".with_{part}(true)"));
        }
    }
    let stem = spec
        .file_stem()
        .map_or("api".into(), |s| s.to_string_lossy().into_owned());
    let build_rs = format!(
        "Or generate at build time instead: in build.rs (openapi-forge as a build-dependency),\n\n    \
         openapi_forge::build::generate({:?}, &{settings});\n\nand in your crate: \
         include!(concat!(env!(\"OUT_DIR\"), \"/{stem}.rs\"));\n",
        spec.display().to_string()
    );
    match output {
        Output::File(file) => {
            let module = file
                .file_stem()
                .map_or("api".into(), |s| s.to_string_lossy().into_owned());
            format!(
                "\nUse it from your crate as `mod {module};` ({}), with these dependencies:\n\n{}\n\n{build_rs}",
                file.display(),
                dependencies.trim_end(),
            )
        }
        Output::Crate { dir, name } => {
            let package = name.clone().unwrap_or_else(|| "NAME".into());
            format!(
                "\nDepend on the crate it writes (NAME: the package name `generate` prints):\n\n    \
                 [dependencies]\n    {package} = {{ path = {:?}, features = [\"client\"] }}\n",
                dir.display().to_string()
            )
        }
    }
}
