//! The `openapi-forge` command: parses arguments into [`Settings`] and calls
//! the library. No generation logic lives here.

use openapi_forge::settings::OPTIONS;
use openapi_forge::write::{self, Check, Written};
use openapi_forge::{Error, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: openapi-forge generate SPEC -o OUT.rs [--check] [options]

Generates Rust code from an OpenAPI 3.0/3.1 document (YAML or JSON).

  -o, --output FILE   where to write the code
  --check             write nothing; exit 1 with a diff if FILE is stale or missing
";

/// Exit codes: 0 done, 1 stale output (--check), 2 any error.
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

struct Generate {
    spec: PathBuf,
    output: PathBuf,
    check: bool,
    settings: Settings,
}

fn usage() -> String {
    let mut text = USAGE.to_owned();
    for o in OPTIONS {
        let flag = if o.takes_value {
            format!("--{} VALUE", o.flag)
        } else {
            format!("--{}", o.flag)
        };
        text.push_str(&format!("  {flag:<20}{}\n", o.doc));
    }
    text
}

fn parse(args: &[String]) -> Result<Generate, String> {
    let mut spec = None;
    let mut output = None;
    let mut check = false;
    let mut settings = Settings::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-o" | "--output" => {
                output = Some(PathBuf::from(it.next().ok_or("-o needs a file name")?));
            }
            "--check" => check = true,
            flag if flag.starts_with("--") => {
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
                    (None, true) => it
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("--{name} needs a value"))?,
                    (None, false) => String::new(),
                };
                settings
                    .set(name, &value)
                    .map_err(|e| format!("--{name}: {e}"))?;
            }
            other if spec.is_none() => spec = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other:?}\n\n{}", usage())),
        }
    }
    Ok(Generate {
        spec: spec.ok_or_else(|| format!("missing SPEC\n\n{}", usage()))?,
        output: output.ok_or_else(|| format!("missing -o OUT.rs\n\n{}", usage()))?,
        check,
        settings,
    })
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("generate") => generate(parse(&args[1..])?),
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

fn generate(g: Generate) -> Result<ExitCode, String> {
    let out = openapi_forge::generate(&g.spec, &g.settings).map_err(|e: Error| e.to_string())?;
    for w in &out.warnings {
        eprintln!("{w}");
    }
    let shown = g.output.display();
    if g.check {
        return match write::check(&g.output, &out.code)
            .map_err(|e| format!("error: {shown}: {e}"))?
        {
            Check::UpToDate => {
                println!("{shown} is up to date with {}", g.spec.display());
                Ok(ExitCode::SUCCESS)
            }
            Check::Missing => {
                println!(
                    "{shown} is missing; run: openapi-forge generate {} -o {shown}",
                    g.spec.display()
                );
                Ok(ExitCode::from(1))
            }
            Check::Stale { diff } => {
                print!("{diff}");
                println!("{shown} is stale; regenerate it from {}", g.spec.display());
                Ok(ExitCode::from(1))
            }
        };
    }
    let written = write::write_if_changed(&g.output, &out.code)
        .map_err(|e| format!("error: cannot write {shown}: {e}"))?;
    println!(
        "{} {shown}: {} types, {} operations, {} bytes",
        match written {
            Written::Changed => "wrote",
            Written::Unchanged => "unchanged",
        },
        out.types,
        out.operations,
        out.code.len()
    );
    Ok(ExitCode::SUCCESS)
}
