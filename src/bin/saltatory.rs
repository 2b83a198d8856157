//! The `saltatory` command: audit the models against NEST, list them, write their pages.
//!
//! ```text
//! saltatory models                              # every model and its category (update scheme)
//! saltatory audit iaf_psc_alpha                 # one model side by side with NEST 3.10
//! saltatory audit --all [--markdown]            # one summary line (or table row) per model
//! saltatory audit iaf_psc_alpha --markdown      # the same as Markdown
//! saltatory audit iaf_psc_alpha --trace alpha_exc_inh [--out FILE]
//!                                               # our V_m and NEST's overlaid, to a PNG
//! saltatory docs [--check]                      # write (or check) docs/models/*.md
//! ```
//!
//! Exit status: 0 when everything agrees with NEST or is explained by a note, 1 when a model
//! differs from NEST without a note (or `docs --check` finds stale pages), 2 on errors (unknown
//! model, missing NEST snapshot, bad arguments).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use saltatory::audit::{self, AuditError};

#[derive(Parser)]
#[command(
    name = "saltatory",
    version,
    about = "Audit saltatory's models against NEST 3.10"
)]
struct Cli {
    /// Repository root holding tests/fixtures and docs (default: the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lists the models with their category (update scheme), one per line.
    Models,
    /// Shows a model side by side with NEST: parameters, state, equations, parity.
    Audit {
        /// The model (NEST's name, e.g. iaf_psc_alpha).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        model: Option<String>,
        /// One summary line per model.
        #[arg(long)]
        all: bool,
        /// Markdown instead of plain text.
        #[arg(long, conflicts_with = "trace")]
        markdown: bool,
        /// Replays this scenario of tests/nest/scenarios.json and writes our V_m and NEST's,
        /// with their difference, to <SCENARIO>.png.
        #[arg(long, value_name = "SCENARIO", requires = "model")]
        trace: Option<String>,
        /// Where --trace writes the PNG.
        #[arg(long, value_name = "FILE", requires = "trace")]
        out: Option<PathBuf>,
    },
    /// Prints the CUDA C++ source the GPU path compiles for a model, with its data layout.
    Kernel {
        /// The model (NEST's name, e.g. aeif_cond_alpha).
        model: String,
    },
    /// Writes docs/models/<model>.md for every model, and docs/models/README.md.
    Docs {
        /// Only checks that the committed pages are current (exit status 1 if not).
        #[arg(long)]
        check: bool,
    },
}

fn run(cli: Cli) -> Result<u8, AuditError> {
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Models => {
            print!("{}", audit::models_listing());
            Ok(0)
        }
        Command::Kernel { model } => {
            print!("{}", audit::kernel_listing(&model)?);
            Ok(0)
        }
        Command::Audit {
            all: true,
            markdown,
            ..
        } => {
            let audits = audit::audit_all(&root)?;
            if markdown {
                print!("{}", audit::summary_markdown(&audits));
            } else {
                print!("{}", audit::summary_text(&audits));
            }
            Ok(audit::exit_code(&audits) as u8)
        }
        Command::Audit {
            model: Some(model),
            trace: Some(scenario),
            out,
            ..
        } => {
            let meta = audit::find_model(&model)?;
            let out = out.unwrap_or_else(|| PathBuf::from(format!("{scenario}.png")));
            let t = audit::trace(&root, meta, &scenario, &out)?;
            println!(
                "wrote {}: V_m of {model} in {} ({} samples; spikes: saltatory {}, NEST {}); \
                 largest |saltatory - NEST| = {:e} mV",
                out.display(),
                t.scenario,
                t.samples,
                t.spikes.0,
                t.spikes.1,
                t.max_abs_difference
            );
            Ok(0)
        }
        Command::Audit {
            model: Some(model),
            markdown,
            ..
        } => {
            let a = audit::audit_model(&root, &model)?;
            if markdown {
                print!("{}", a.markdown());
            } else {
                print!("{}", a.text());
            }
            Ok(a.exit_code() as u8)
        }
        Command::Audit { model: None, .. } => {
            unreachable!("clap requires a model unless --all")
        }
        Command::Docs { check: false } => {
            for path in audit::write_docs(&root)? {
                println!("wrote {path}");
            }
            Ok(0)
        }
        Command::Docs { check: true } => {
            let stale = audit::stale_docs(&root)?;
            if stale.is_empty() {
                println!("{} is up to date", audit::DOCS_DIR);
                return Ok(0);
            }
            println!("stale model pages:");
            for s in &stale {
                println!("  {s}");
            }
            println!("regenerate them with `{}`", audit::DOCS_REGENERATE);
            Ok(1)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
