//! The command line's shape, built with clap from the settings table: every
//! generation option comes from [`OPTIONS`] (flag, help line, accepted
//! values, help heading), so it is still declared once.

use clap::builder::{PossibleValuesParser, Styles};
use clap::parser::ValueSource;
use clap::{value_parser, Arg, ArgAction, ArgMatches, Command, ValueHint};
use openapi_forge::settings::OPTIONS;
use openapi_forge::Settings;
use std::path::PathBuf;

/// The version line: the package version and, in a build from a git
/// checkout, the commit (set by `src/build_version.rs`).
const VERSION: &str = match option_env!("FORGE_VERSION_LINE") {
    Some(line) => line,
    None => env!("CARGO_PKG_VERSION"),
};

const ABOUT: &str = "Generates Rust models, an async client and axum server stubs from an \
OpenAPI 3.0, 3.1 or 3.2 document, or a Swagger 2.0 one (YAML or JSON)";

const EXIT_CODES: &str = "Exit status: 0 done; 1 a stale output (--check) or a breaking change \
(diff); 2 bad input, a usage error or any other error.";

/// The whole command line.
pub fn command() -> Command {
    Command::new("openapi-forge")
        .version(VERSION)
        .about(ABOUT)
        .after_help(EXIT_CODES)
        .styles(Styles::styled())
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args())
        .subcommand(generate())
        .subcommand(deps())
        .subcommand(diff())
        .subcommand(init())
        .subcommand(completions())
}

fn global_args() -> [Arg; 4] {
    [
        Arg::new("message-format")
            .long("message-format")
            .global(true)
            .value_name("FMT")
            .value_parser(["human", "short", "json"])
            .default_value("human")
            .help("Diagnostics with source snippets, one line each, or one JSON object per line on stdout"),
        Arg::new("color")
            .long("color")
            .global(true)
            .value_name("WHEN")
            .value_parser(["auto", "always", "never"])
            .default_value("auto")
            .help("Colour in messages (auto: on a terminal, unless NO_COLOR, CLICOLOR=0 or CARGO_TERM_COLOR=never)"),
        Arg::new("quiet")
            .short('q')
            .long("quiet")
            .global(true)
            .action(ArgAction::SetTrue)
            .conflicts_with("verbose")
            .help("Print only warnings and errors"),
        Arg::new("verbose")
            .short('v')
            .long("verbose")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Print every note and the time each stage took"),
    ]
}

fn spec_arg(id: &'static str, name: &'static str, required: bool) -> Arg {
    Arg::new(id)
        .value_name(name)
        .value_parser(value_parser!(PathBuf))
        .value_hint(ValueHint::FilePath)
        .required(required)
        .help("An OpenAPI or Swagger document (YAML or JSON)")
}

fn config_arg() -> Arg {
    Arg::new("config")
        .long("config")
        .value_name("FILE")
        .value_parser(value_parser!(PathBuf))
        .value_hint(ValueHint::FilePath)
        .help_heading("Output")
}

/// The `-o`/`--crate`/`--name` trio that says where code goes.
fn output_args() -> [Arg; 3] {
    [
        Arg::new("output")
            .short('o')
            .long("output")
            .value_name("FILE")
            .value_parser(value_parser!(PathBuf))
            .value_hint(ValueHint::FilePath)
            .conflicts_with("crate")
            .help_heading("Output")
            .help("Write the code to one module file"),
        Arg::new("crate")
            .long("crate")
            .value_name("DIR")
            .value_parser(value_parser!(PathBuf))
            .value_hint(ValueHint::DirPath)
            .help_heading("Output")
            .help("Write a crate instead: Cargo.toml, README.md and src/, with the client and server behind cargo features"),
        Arg::new("name")
            .long("name")
            .value_name("NAME")
            .requires("crate")
            .help_heading("Output")
            .help("The crate's package name (default: from the spec's title)"),
    ]
}

/// One argument per option of the settings table.
fn option_args() -> Vec<Arg> {
    OPTIONS
        .iter()
        .map(|o| {
            let arg = Arg::new(o.flag)
                .long(o.flag)
                .help(o.doc.trim())
                .help_heading(o.group.heading());
            if !o.takes_value {
                return arg.action(ArgAction::SetTrue);
            }
            let arg = arg.action(ArgAction::Append).value_name("VALUE");
            if o.values.is_empty() {
                arg
            } else {
                arg.value_parser(PossibleValuesParser::new(o.values))
            }
        })
        .collect()
}

fn generate() -> Command {
    Command::new("generate")
        .about("Generate code from a spec, or every [[generate]] entry of the config file")
        .long_about(
            "Generate code from SPEC; without SPEC, generate every [[generate]] entry of the \
             config file (default: openapi-forge.toml in the current directory).",
        )
        .after_help(EXIT_CODES)
        .arg(spec_arg("spec", "SPEC", false))
        .args(output_args())
        .arg(
            Arg::new("check")
                .long("check")
                .action(ArgAction::SetTrue)
                .help_heading("Output")
                .help("Write nothing; exit 1 with a diff if an output is stale or missing"),
        )
        .arg(
            config_arg()
                .conflicts_with("spec")
                .help("The config file to read when no SPEC is given"),
        )
        .args(option_args())
}

fn deps() -> Command {
    Command::new("deps")
        .about("Print the [dependencies] block the code generated with these options needs")
        .arg(spec_arg("spec", "SPEC", true))
        .args(option_args())
}

fn diff() -> Command {
    Command::new("diff")
        .about("Report what changed from OLD to NEW: on the wire and for the generated Rust API")
        .long_about(
            "Report what changed from OLD to NEW, each change with its place in both and two \
             verdicts: on the wire and for the Rust API generated with these options. Exits 1 \
             when a change breaks what --fail-on names.",
        )
        .after_help(EXIT_CODES)
        .arg(spec_arg("old", "OLD", true))
        .arg(spec_arg("new", "NEW", true))
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["text", "markdown", "json"])
                .default_value("text")
                .help("The report's format"),
        )
        .arg(
            Arg::new("fail-on")
                .long("fail-on")
                .value_name("WHAT")
                .value_parser(["wire", "rust", "both"])
                .default_value("both")
                .help("Which breaking changes make the exit status 1"),
        )
        .args(option_args())
}

fn init() -> Command {
    Command::new("init")
        .about("Add a [[generate]] entry for SPEC to the config file and print how to use the code")
        .arg(spec_arg("spec", "SPEC", true))
        .args(output_args())
        .arg(
            config_arg()
                .default_value(openapi_forge::config::FILE_NAME)
                .help("The config file to add the entry to (created when missing)"),
        )
        .args(option_args())
}

fn completions() -> Command {
    Command::new("completions")
        .about("Print a shell completion script, e.g. `openapi-forge completions bash`")
        .arg(
            Arg::new("shell")
                .value_name("SHELL")
                .required(true)
                .value_parser(value_parser!(clap_complete::Shell)),
        )
}

/// The settings the option flags of `matches` set, in the table's order.
pub fn settings(matches: &ArgMatches) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for o in OPTIONS {
        if !o.takes_value {
            if matches.get_flag(o.flag) {
                settings.set(o.flag, "")?;
            }
            continue;
        }
        for value in matches.get_many::<String>(o.flag).into_iter().flatten() {
            settings
                .set(o.flag, value)
                .map_err(|e| format!("error: invalid value '{value}' for '--{}': {e}", o.flag))?;
        }
    }
    Ok(settings)
}

/// The options of the settings table given on the command line, with their
/// values, in the table's order (what `init` writes to the config file).
pub fn given_options(matches: &ArgMatches) -> Vec<(&'static str, Option<Vec<String>>)> {
    OPTIONS
        .iter()
        .filter(|o| matches.value_source(o.flag) == Some(ValueSource::CommandLine))
        .map(|o| {
            let values = o.takes_value.then(|| {
                matches
                    .get_many::<String>(o.flag)
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect()
            });
            (o.flag, values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_option_of_the_table_is_a_flag_of_generate() {
        let cmd = generate();
        for o in OPTIONS {
            assert!(
                cmd.get_arguments().any(|a| a.get_long() == Some(o.flag)),
                "--{}",
                o.flag
            );
        }
    }
}
