//! The `openapi-forge` command: parses arguments into [`Settings`] and calls
//! the library. No generation logic lives here.

use openapi_forge::config::{self, Job, Output};
use openapi_forge::settings::OPTIONS;
use openapi_forge::write::{self, Check, Written};
use openapi_forge::{Error, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Generation builds and drops millions of small token trees and strings;
// about a third of its time went to the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: openapi-forge generate SPEC -o OUT.rs [--check] [options]
       openapi-forge generate SPEC --crate DIR [--name NAME] [--check] [options]
       openapi-forge generate [--config FILE] [--check]
       openapi-forge deps SPEC [options]
       openapi-forge diff OLD NEW [--format text|markdown|json] [--fail-on wire|rust|both] [options]

Generates Rust code from a document in OpenAPI 3.0, 3.1 and 3.2, Swagger 2.0
(YAML or JSON). Without SPEC, generates every [[generate]] entry of the
config file (default: openapi-forge.toml in the current directory). `deps` prints the
[dependencies] block the code generated with these options needs. `diff`
reports what changed from OLD to NEW, each change with its place in both and
two verdicts: on the wire and for the Rust API generated with these options;
it exits 1 when a change breaks what --fail-on names (default both).

  -o, --output FILE   where to write the code (one module file)
  --crate DIR         write a crate instead: Cargo.toml, README.md and src/, with
                      the client and server behind cargo features
  --name NAME         the crate's package name (default: from the spec's title)
  --check             write nothing; exit 1 with a diff if an output is stale or missing
  --config FILE       the config file to read when no SPEC is given
";

/// Exit codes: 0 done, 1 stale output (--check) or a breaking change
/// (diff), 2 any error.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// What the command line asked for.
struct Generate {
    /// One spec from the command line, or every entry of a config file.
    jobs: Vec<Job>,
    check: bool,
}

fn usage() -> String {
    let mut text = USAGE.to_owned();
    for o in OPTIONS {
        let flag = if o.takes_value {
            format!("--{} VALUE", o.flag)
        } else {
            format!("--{}", o.flag)
        };
        text.push_str(&format!("  {flag:<21} {}\n", o.doc.trim()));
    }
    text
}

fn parse(args: &[String]) -> Result<Generate, String> {
    let mut spec = None;
    let mut output = None;
    let mut crate_dir = None;
    let mut name = None;
    let mut config_file = None;
    let mut check = false;
    let mut settings = Settings::default();
    let mut flags_given = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-o" | "--output" => {
                output = Some(PathBuf::from(it.next().ok_or("-o needs a file name")?));
            }
            "--crate" => {
                crate_dir = Some(PathBuf::from(it.next().ok_or("--crate needs a folder")?));
            }
            "--name" => name = Some(it.next().ok_or("--name needs a package name")?.clone()),
            "--check" => check = true,
            "--config" => {
                config_file = Some(PathBuf::from(
                    it.next().ok_or("--config needs a file name")?,
                ));
            }
            flag if flag.starts_with("--") => {
                set_option(flag, &mut it, &mut settings)?;
                flags_given = true;
            }
            other if spec.is_none() => spec = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other:?}\n\n{}", usage())),
        }
    }
    let jobs = match spec {
        Some(spec) => {
            let output = match (output, crate_dir) {
                (Some(_), Some(_)) => return Err("give -o FILE or --crate DIR, not both".into()),
                (Some(file), None) if name.is_none() => Output::File(file),
                (Some(_), None) => return Err("--name is for --crate outputs".into()),
                (None, Some(dir)) => Output::Crate { dir, name },
                (None, None) => {
                    return Err(format!("missing -o OUT.rs or --crate DIR\n\n{}", usage()))
                }
            };
            vec![Job {
                spec,
                output,
                settings,
            }]
        }
        None => {
            if output.is_some() || crate_dir.is_some() || name.is_some() || flags_given {
                return Err(format!(
                    "-o and option flags need a SPEC; without one, settings come from the config file\n\n{}",
                    usage()
                ));
            }
            let path = config_file.unwrap_or_else(|| PathBuf::from(config::FILE_NAME));
            config::load(&path)?
        }
    };
    Ok(Generate { jobs, check })
}

/// Apply one generation flag (`--name VALUE`, `--name=VALUE` or a switch)
/// to `settings`, taking its value from `rest` when it needs one.
fn set_option<'a>(
    flag: &str,
    rest: &mut impl Iterator<Item = &'a String>,
    settings: &mut Settings,
) -> Result<(), String> {
    let (name, inline) = match flag[2..].split_once('=') {
        Some((n, v)) => (n, Some(v.to_owned())),
        None => (&flag[2..], None),
    };
    let info = OPTIONS
        .iter()
        .find(|o| o.flag == name)
        .ok_or_else(|| format!("unknown option {flag}\n\n{}", usage()))?;
    let value = match (inline, info.takes_value) {
        (Some(v), _) => v,
        (None, true) => rest
            .next()
            .cloned()
            .ok_or_else(|| format!("--{name} needs a value"))?,
        (None, false) => String::new(),
    };
    settings
        .set(name, &value)
        .map_err(|e| format!("--{name}: {e}"))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("generate") => generate(parse(&args[1..])?),
        Some("deps") => deps(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{}", usage());
            Ok(ExitCode::SUCCESS)
        }
        Some("-V" | "--version") => {
            println!("openapi-forge {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(usage()),
    }
}

/// `deps SPEC [options]`: the `[dependencies]` block of the module the
/// same options generate.
fn deps(args: &[String]) -> Result<ExitCode, String> {
    let mut with_output = args.to_vec();
    with_output.extend(["-o".to_owned(), "-".to_owned()]);
    let parsed = parse(&with_output).map_err(|e| {
        if e.starts_with("-o and option flags need a SPEC") {
            format!("deps needs a SPEC\n\n{}", usage())
        } else {
            e
        }
    })?;
    let [job] = parsed.jobs.as_slice() else {
        return Err(format!("deps needs a SPEC\n\n{}", usage()));
    };
    if parsed.check {
        return Err("deps takes no --check".into());
    }
    let out = openapi_forge::generate(&job.spec, &job.settings).map_err(|e| e.to_string())?;
    for w in &out.warnings {
        eprintln!("{w}");
    }
    print!("{}", out.dependencies);
    Ok(ExitCode::SUCCESS)
}

/// The generator's notes: each one for a few, a count for many (GitHub
/// has hundreds of paged lists).
fn print_notes(notes: &[String]) {
    const LISTED: usize = 12;
    for n in notes.iter().take(LISTED) {
        eprintln!("note: {n}");
    }
    if notes.len() > LISTED {
        eprintln!(
            "note: ... and {} more list operations with streams ({} in all)",
            notes.len() - LISTED,
            notes.len()
        );
    }
}

/// Run every job; errors in one do not stop the others. The exit code is
/// the worst outcome: 2 for any error, 1 for any stale output.
fn generate(g: Generate) -> Result<ExitCode, String> {
    let mut worst = 0u8;
    for job in &g.jobs {
        let code = match run_job(job, g.check) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                2
            }
        };
        worst = worst.max(code);
    }
    Ok(ExitCode::from(worst))
}

fn run_job(job: &Job, check: bool) -> Result<u8, String> {
    let output = match &job.output {
        Output::File(file) => file,
        Output::Crate { dir, name } => return run_crate_job(job, dir, name.as_deref(), check),
    };
    let out =
        openapi_forge::generate(&job.spec, &job.settings).map_err(|e: Error| e.to_string())?;
    for w in &out.warnings {
        eprintln!("{w}");
    }
    print_notes(&out.notes);
    if std::env::var_os("FORGE_TIMINGS").is_some() {
        let t = out.timings;
        eprintln!(
            "timings: load {:.3} s, emit+format {:.3} s",
            t.load.as_secs_f64(),
            t.emit_and_format.as_secs_f64()
        );
    }
    let shown = output.display();
    let spec = job.spec.display();
    if check {
        return match write::check(output, &out.code).map_err(|e| format!("error: {shown}: {e}"))? {
            Check::UpToDate => {
                println!("{shown} is up to date with {spec}");
                Ok(0)
            }
            Check::Missing => {
                println!("{shown} is missing; regenerate it from {spec}");
                Ok(1)
            }
            Check::Stale { diff } => {
                print!("{diff}");
                println!("{shown} is stale; regenerate it from {spec}");
                Ok(1)
            }
        };
    }
    let written = write::write_if_changed(output, &out.code)
        .map_err(|e| format!("error: cannot write {shown}: {e}"))?;
    let webhooks = match out.webhooks {
        0 => String::new(),
        n => format!("{n} webhooks, "),
    };
    println!(
        "{} {shown}: {} types, {} operations, {webhooks}{} bytes",
        match written {
            Written::Changed => "wrote",
            Written::Unchanged => "unchanged",
        },
        out.types,
        out.operations,
        out.code.len()
    );
    Ok(0)
}

/// Generate, write or check one crate.
fn run_crate_job(job: &Job, dir: &Path, name: Option<&str>, check: bool) -> Result<u8, String> {
    let hint = dir.display().to_string();
    let out = openapi_forge::generate_crate(&job.spec, &job.settings, name, &hint)
        .map_err(|e| e.to_string())?;
    for w in &out.warnings {
        eprintln!("{w}");
    }
    print_notes(&out.notes);
    let (shown, spec) = (dir.display(), job.spec.display());
    if check {
        let stale =
            write::check_crate(dir, &out.files).map_err(|e| format!("error: {shown}: {e}"))?;
        for (path, state) in &stale {
            match state {
                Check::Stale { diff } => print!("{diff}"),
                Check::Missing => println!("{} is missing", dir.join(path).display()),
                Check::UpToDate => {}
            }
        }
        if stale.is_empty() {
            println!("crate {shown} is up to date with {spec}");
            return Ok(0);
        }
        println!(
            "crate {shown} is stale ({} files); regenerate it from {spec}",
            stale.len()
        );
        return Ok(1);
    }
    let written = write::write_crate(dir, &out.files)
        .map_err(|e| format!("error: cannot write crate {shown}: {e}"))?;
    let changed = written
        .iter()
        .filter(|(_, w)| *w == Written::Changed)
        .count();
    println!(
        "{} crate {shown} ({} {}): {changed} of {} files changed, {} types, {} operations",
        if changed > 0 { "wrote" } else { "unchanged" },
        out.name,
        out.version,
        out.files.len(),
        out.types,
        out.operations
    );
    Ok(0)
}

/// `diff OLD NEW [--format F] [--fail-on W] [options]`: the report on
/// stdout; exit 1 when a change breaks what `--fail-on` names.
fn diff(args: &[String]) -> Result<ExitCode, String> {
    use openapi_forge::diff::{self, FailOn, Format};
    let mut specs = Vec::new();
    let mut format = Format::Text;
    let mut fail_on = FailOn::Both;
    let mut settings = Settings::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if arg.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name {
            "--format" => format = Format::parse(&value("text, markdown or json")?)?,
            "--fail-on" => fail_on = FailOn::parse(&value("wire, rust or both")?)?,
            flag if flag.starts_with("--") => set_option(arg, &mut it, &mut settings)?,
            other if specs.len() < 2 => specs.push(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other:?}\n\n{}", usage())),
        }
    }
    let [old, new] = specs.as_slice() else {
        return Err(format!("diff needs OLD and NEW specs\n\n{}", usage()));
    };
    let report = diff::diff_files(old, new, &settings).map_err(|e| e.to_string())?;
    print!("{}", report.render(format));
    Ok(ExitCode::from(u8::from(report.breaks(fail_on))))
}
