//! The `openapi-forge` command: parses arguments (clap, `cli/args.rs`) into
//! [`Settings`], calls the library and reports (`cli/report.rs`). No
//! generation logic lives here.

mod cli;

use clap::error::ErrorKind;
use clap::ArgMatches;
use cli::args;
use cli::report::{Format, Reporter};
use openapi_forge::config::{self, Job, Output};
use openapi_forge::write::{self, Check, Written};
use openapi_forge::Settings;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Generation builds and drops millions of small token trees and strings;
// about a third of its time went to the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: 0 done, 1 stale output (--check) or a breaking change
/// (diff), 2 any error (clap's usage errors exit 2 as well).
fn main() -> ExitCode {
    no_huge_pages();
    let matches = args::command().get_matches();
    let format = match matches
        .get_one::<String>("message-format")
        .map(String::as_str)
    {
        Some("json") => Format::Json,
        Some("short") => Format::Short,
        _ => Format::Human,
    };
    let report = Reporter::new(
        format,
        matches
            .get_one::<String>("color")
            .map_or("auto", String::as_str),
        matches.get_flag("quiet"),
        matches.get_flag("verbose"),
    );
    let code = match matches.subcommand() {
        Some(("generate", m)) => generate(m, &report),
        Some(("deps", m)) => deps(m, &report),
        Some(("diff", m)) => diff(m, &report),
        Some(("init", m)) => cli::init::run(m, &report),
        Some(("completions", m)) => completions(m),
        _ => unreachable!("clap requires a known subcommand"),
    };
    ExitCode::from(code)
}

/// Turns transparent huge pages off for this process. mimalloc asks the
/// kernel for them, and the kernel then zeroes 2 MiB for each arena page a
/// thread touches first: for a small spec that zeroing was most of the run
/// and half its resident memory. A failure (an old kernel) changes nothing.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // From <linux/prctl.h>; the flag is checked on every page fault, so it
    // holds for memory mimalloc mapped before `main`.
    const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
    extern "C" {
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    // SAFETY: prctl with PR_SET_THP_DISABLE takes four unsigned long
    // arguments (the flag, then three zeros) and touches no memory of ours.
    unsafe {
        let zero: std::ffi::c_ulong = 0;
        prctl(PR_SET_THP_DISABLE, 1 as std::ffi::c_ulong, zero, zero, zero);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// A usage error of `sub`, printed the way clap prints its own (with the
/// usage line and a pointer to `--help`); exits 2.
fn usage_error(sub: &str, kind: ErrorKind, message: &str) -> ! {
    let mut cmd = args::command();
    let sub = cmd.find_subcommand_mut(sub).expect("a known subcommand");
    sub.error(kind, message).exit()
}

/// The jobs `generate` runs: one from the command line, or every entry of
/// the config file.
fn jobs(m: &ArgMatches) -> Result<Vec<Job>, String> {
    let output = m.get_one::<PathBuf>("output");
    let crate_dir = m.get_one::<PathBuf>("crate");
    let Some(spec) = m.get_one::<PathBuf>("spec") else {
        if output.is_some() || crate_dir.is_some() || !args::given_options(m).is_empty() {
            usage_error(
                "generate",
                ErrorKind::MissingRequiredArgument,
                "-o, --crate and option flags need a SPEC; without one, settings come from the config file",
            );
        }
        let path = m
            .get_one::<PathBuf>("config")
            .cloned()
            .unwrap_or_else(|| PathBuf::from(config::FILE_NAME));
        return config::load(&path);
    };
    let output = match (output, crate_dir) {
        // clap drops `--name`'s need for `--crate` when `-o` (which
        // excludes `--crate`) is given: say it here.
        (Some(_), _) if m.contains_id("name") => usage_error(
            "generate",
            ErrorKind::ArgumentConflict,
            "--name is for --crate outputs, not -o",
        ),
        (Some(file), _) => Output::File(file.clone()),
        (None, Some(dir)) => Output::Crate {
            dir: dir.clone(),
            name: m.get_one::<String>("name").cloned(),
        },
        (None, None) => usage_error(
            "generate",
            ErrorKind::MissingRequiredArgument,
            "missing -o OUT.rs or --crate DIR",
        ),
    };
    Ok(vec![Job {
        spec: spec.clone(),
        output,
        settings: args::settings(m)?,
    }])
}

/// Run every job; errors in one do not stop the others. The exit code is
/// the worst outcome: 2 for any error, 1 for any stale output.
fn generate(m: &ArgMatches, report: &Reporter) -> u8 {
    let jobs = match jobs(m) {
        Ok(jobs) => jobs,
        Err(message) => {
            report.error(&message);
            return 2;
        }
    };
    let check = m.get_flag("check");
    let mut worst = 0u8;
    for job in &jobs {
        let code = match &job.output {
            Output::File(file) => run_job(job, file, check, report),
            Output::Crate { dir, name } => run_crate_job(job, dir, name.as_deref(), check, report),
        };
        worst = worst.max(code);
    }
    worst
}

/// `deps SPEC [options]`: the `[dependencies]` block of the module the
/// same options generate.
fn deps(m: &ArgMatches, report: &Reporter) -> u8 {
    let spec = m.get_one::<PathBuf>("spec").expect("required");
    let settings = match args::settings(m) {
        Ok(s) => s,
        Err(message) => {
            report.error(&message);
            return 2;
        }
    };
    match openapi_forge::generate(spec, &settings) {
        Ok(out) => {
            warnings(report, &out.warnings);
            print!("{}", out.dependencies);
            0
        }
        Err(e) => {
            report.failure(&e.diagnostics);
            2
        }
    }
}

fn warnings(report: &Reporter, warnings: &[openapi_forge::Diagnostic]) {
    for w in warnings {
        report.diagnostic(w);
    }
}

/// The generator's notes: each one for a few, a count for many (GitHub
/// has hundreds of paged lists); every one with `--verbose`.
fn notes(report: &Reporter, notes: &[String]) {
    let listed = if report.verbose { usize::MAX } else { 12 };
    for n in notes.iter().take(listed) {
        report.note(n);
    }
    if notes.len() > listed {
        report.note(&format!(
            "... and {} more list operations with streams ({} in all; --verbose lists them)",
            notes.len() - listed,
            notes.len()
        ));
    }
}

fn run_job(job: &Job, output: &Path, check: bool, report: &Reporter) -> u8 {
    let out = match openapi_forge::generate(&job.spec, &job.settings) {
        Ok(out) => out,
        Err(e) => {
            report.failure(&e.diagnostics);
            return 2;
        }
    };
    warnings(report, &out.warnings);
    notes(report, &out.notes);
    if report.verbose || std::env::var_os("FORGE_TIMINGS").is_some() {
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
        return match write::check(output, &out.code) {
            Err(e) => {
                report.error(&format!("error: {shown}: {e}"));
                2
            }
            Ok(Check::UpToDate) => {
                report.status(&format!("{shown} is up to date with {spec}"));
                0
            }
            Ok(Check::Missing) => {
                println!("{shown} is missing; regenerate it from {spec}");
                1
            }
            Ok(Check::Stale { diff }) => {
                report.text(&diff);
                println!("{shown} is stale; regenerate it from {spec}");
                1
            }
        };
    }
    let written = match write::write_if_changed(output, &out.code) {
        Ok(w) => w,
        Err(e) => {
            report.error(&format!("error: cannot write {shown}: {e}"));
            return 2;
        }
    };
    let webhooks = match out.webhooks {
        0 => String::new(),
        n => format!("{n} webhooks, "),
    };
    report.status(&format!(
        "{} {shown}: {} types, {} operations, {webhooks}{} bytes",
        match written {
            Written::Changed => "wrote",
            Written::Unchanged => "unchanged",
        },
        out.types,
        out.operations,
        out.code.len()
    ));
    0
}

/// Generate, write or check one crate.
fn run_crate_job(job: &Job, dir: &Path, name: Option<&str>, check: bool, report: &Reporter) -> u8 {
    let hint = dir.display().to_string();
    let out = match openapi_forge::generate_crate(&job.spec, &job.settings, name, &hint) {
        Ok(out) => out,
        Err(e) => {
            report.failure(&e.diagnostics);
            return 2;
        }
    };
    warnings(report, &out.warnings);
    notes(report, &out.notes);
    let (shown, spec) = (dir.display(), job.spec.display());
    if check {
        let stale = match write::check_crate(dir, &out.files) {
            Ok(stale) => stale,
            Err(e) => {
                report.error(&format!("error: {shown}: {e}"));
                return 2;
            }
        };
        for (path, state) in &stale {
            match state {
                Check::Stale { diff } => report.text(diff),
                Check::Missing => println!("{} is missing", dir.join(path).display()),
                Check::UpToDate => {}
            }
        }
        if stale.is_empty() {
            report.status(&format!("crate {shown} is up to date with {spec}"));
            return 0;
        }
        println!(
            "crate {shown} is stale ({} files); regenerate it from {spec}",
            stale.len()
        );
        return 1;
    }
    let written = match write::write_crate(dir, &out.files) {
        Ok(w) => w,
        Err(e) => {
            report.error(&format!("error: cannot write crate {shown}: {e}"));
            return 2;
        }
    };
    let changed = written
        .iter()
        .filter(|(_, w)| *w == Written::Changed)
        .count();
    report.status(&format!(
        "{} crate {shown} ({} {}): {changed} of {} files changed, {} types, {} operations",
        if changed > 0 { "wrote" } else { "unchanged" },
        out.name,
        out.version,
        out.files.len(),
        out.types,
        out.operations
    ));
    0
}

/// `diff OLD NEW [--format F] [--fail-on W] [options]`: the report on
/// stdout; exit 1 when a change breaks what `--fail-on` names.
fn diff(m: &ArgMatches, report: &Reporter) -> u8 {
    use openapi_forge::diff::{self, FailOn, Format};
    let text = |id: &str| m.get_one::<String>(id).expect("has a default");
    let parsed = (|| -> Result<(Format, FailOn, Settings), String> {
        Ok((
            Format::parse(text("format"))?,
            FailOn::parse(text("fail-on"))?,
            args::settings(m)?,
        ))
    })();
    let (format, fail_on, settings) = match parsed {
        Ok(p) => p,
        Err(message) => {
            report.error(&message);
            return 2;
        }
    };
    let old = m.get_one::<PathBuf>("old").expect("required");
    let new = m.get_one::<PathBuf>("new").expect("required");
    match diff::diff_files(old, new, &settings) {
        Ok(diffed) => {
            print!("{}", diffed.render(format));
            u8::from(diffed.breaks(fail_on))
        }
        Err(e) => {
            report.failure(&e.diagnostics);
            2
        }
    }
}

/// `completions SHELL`: the completion script on stdout.
fn completions(m: &ArgMatches) -> u8 {
    let shell = *m
        .get_one::<clap_complete::Shell>("shell")
        .expect("required");
    clap_complete::generate(
        shell,
        &mut args::command(),
        "openapi-forge",
        &mut std::io::stdout(),
    );
    0
}
