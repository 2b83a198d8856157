//! `saltatory audit` against the committed NEST snapshot (`tests/fixtures/nest_defaults.json`)
//! and parity report, the `saltatory` binary, and the generated model pages (`docs/models`).

use std::path::Path;
use std::process::{Command, Output};

use saltatory::audit::{self, NestSnapshot, Status};
use saltatory::models::ALL;
use saltatory::scenario::ParityReport;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn saltatory(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saltatory"))
        .args(args)
        .output()
        .expect("the saltatory binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn iaf_psc_alpha_has_no_unexplained_difference_from_nest() {
    let a = audit::audit_model(root(), "iaf_psc_alpha").unwrap();
    assert_eq!(a.exit_code(), 0, "{}", a.text());
    let status = |name: &str| {
        a.params
            .iter()
            .chain(&a.state)
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row {name}"))
            .status
    };
    // NEST reports -inf for iaf_psc_alpha's V_min (and -DBL_MAX for iaf_psc_delta's).
    assert_eq!(status("V_min"), Status::Equal);
    assert_eq!(status("V_m"), Status::Equal);
    assert_eq!(status("ignore_and_spike"), Status::UnsupportedDefaultOnly);
    assert_eq!(status("I_syn_ex"), Status::RecordedByNest);
    assert_eq!(status("dI_syn_ex"), Status::Internal);
    assert!(
        matches!(a.parity, audit::Parity::Measured { .. }),
        "{:?}",
        a.parity
    );

    let out = saltatory(&["audit", "iaf_psc_alpha"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    for expected in [
        "V_min",
        "-inf",
        "unsupported (default only)",
        "d/dt V_m = -(V_m - E_L) / tau_m",
        "Reset: V_m = V_reset",
        "Update scheme: exact propagator",
        "worst relative deviation",
        "OK: no unexplained difference",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn iaf_psc_delta_v_min_is_minus_dbl_max_on_both_sides() {
    let a = audit::audit_model(root(), "iaf_psc_delta").unwrap();
    let v_min = a.params.iter().find(|r| r.name == "V_min").unwrap();
    assert_eq!(v_min.status, Status::Equal, "{}", a.text());
    assert_eq!(v_min.nest, "-1.7976931348623157e308");
}

#[test]
fn snapshot_lists_every_model() {
    let snapshot = NestSnapshot::load(root()).unwrap();
    for m in ALL {
        let listed = snapshot.model(m.name);
        assert!(
            listed.is_ok(),
            "{}; models in the snapshot: {:?}",
            listed.unwrap_err(),
            snapshot.models.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        snapshot.not_in_nest.iter().any(|m| m == "lif_adapt"),
        "lif_adapt is not a NEST model"
    );
    for name in snapshot.models.keys().chain(&snapshot.not_in_nest) {
        assert!(
            ALL.iter().any(|m| m.name == name),
            "{name} is in the snapshot but not a saltatory model; regenerate it with `{}`",
            audit::NEST_SNAPSHOT_REGENERATE
        );
    }
}

#[test]
fn parity_report_covers_the_nest_models_with_scenarios() {
    let report = ParityReport::load(root()).unwrap();
    for model in ["iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha"] {
        let p = &report.models[model];
        assert!(
            p.scenarios > 0 && p.worst <= report.tolerance,
            "{model}: {p:?}"
        );
    }
}

#[test]
fn models_lists_every_model_with_its_scheme() {
    let out = saltatory(&["models"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ALL.len(), "{text}");
    for (line, m) in lines.iter().zip(ALL) {
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some(m.name), "{line}");
        assert_eq!(
            words.collect::<Vec<_>>().join(" "),
            m.scheme.to_string(),
            "{line}"
        );
    }
}

#[test]
fn all_prints_one_line_per_model() {
    let out = saltatory(&["audit", "--all"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), ALL.len(), "{text}{}", stderr(&out));
    let audits = audit::audit_all(root()).unwrap();
    assert_eq!(out.status.code(), Some(audit::exit_code(&audits)));
    for (line, m) in text.lines().zip(ALL) {
        assert!(line.starts_with(m.name), "{line}");
        assert!(
            line.ends_with("OK") || line.ends_with("DIFF") || line.ends_with("(not a NEST model)"),
            "{line}"
        );
    }
    let lif = text.lines().find(|l| l.starts_with("lif_adapt")).unwrap();
    assert!(lif.contains("not a NEST model"), "{lif}");

    let md = stdout(&saltatory(&["audit", "--all", "--markdown"]));
    assert!(md.starts_with("| model | scheme |"), "{md}");
    assert_eq!(md.lines().count(), ALL.len() + 2, "{md}");
}

#[test]
fn markdown_of_one_model() {
    let out = saltatory(&["audit", "iaf_psc_exp", "--markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.starts_with("# iaf_psc_exp\n"), "{md}");
    assert!(
        md.contains("| rho | Hz | 0.01 |  | 0.01 | unsupported (default only) |"),
        "{md}"
    );
}

#[test]
fn unknown_model_names_the_closest_ones() {
    let out = saltatory(&["audit", "iaf_psc_alfa"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown model \"iaf_psc_alfa\""), "{err}");
    assert!(err.contains("closest: iaf_psc_alpha"), "{err}");
}

#[test]
fn missing_snapshot_says_how_to_regenerate_it() {
    let empty = std::env::temp_dir().join("saltatory-audit-empty-root");
    std::fs::create_dir_all(&empty).unwrap();
    let out = saltatory(&["--root", empty.to_str().unwrap(), "audit", "iaf_psc_alpha"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("tests/fixtures/nest_defaults.json"), "{err}");
    assert!(err.contains("python tests/nest/nest_defaults.py"), "{err}");
    assert!(err.contains("NEST 3.10"), "{err}");
}

#[test]
fn trace_overlay_writes_a_png() {
    let dir = std::env::temp_dir().join("saltatory-audit-trace");
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("alpha_exc_inh.png");
    let _ = std::fs::remove_file(&png);
    let out = saltatory(&[
        "audit",
        "iaf_psc_alpha",
        "--trace",
        "alpha_exc_inh",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        stdout(&out).contains("spikes: saltatory 8, NEST 8"),
        "{}",
        stdout(&out)
    );

    let out = saltatory(&["audit", "iaf_psc_alpha", "--trace", "alpha_exc_ihn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("closest: alpha_exc_inh"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn model_pages_are_current() {
    let stale = audit::stale_docs(root()).unwrap();
    assert!(
        stale.is_empty(),
        "stale model pages:\n  {}\nregenerate them with `{}`",
        stale.join("\n  "),
        audit::DOCS_REGENERATE
    );
}
