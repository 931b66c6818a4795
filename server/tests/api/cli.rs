//! The `motcua vietqr` subcommands, run as a real process.

use serde_json::Value;
use std::process::Command;

fn motcua(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .output()
        .expect("run motcua");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn vietqr_encode_then_decode() {
    let (code, payload) = motcua(&[
        "vietqr",
        "encode",
        "--bin",
        "970415",
        "--account",
        "113000000001",
        "--amount",
        "200000",
        "--purpose",
        "LE PHI LLTP",
    ]);
    assert_eq!(code, 0);
    let payload = payload.trim();
    assert!(payload.starts_with("000201010212"), "dynamic: {payload}");
    let (code, out) = motcua(&["vietqr", "decode", payload]);
    assert_eq!(code, 0, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["valid"], true);
    assert_eq!(json["crc_valid"], true);
    assert_eq!(json["bank_bin"], "970415");
    assert_eq!(json["account"], "113000000001");
    assert_eq!(json["amount"], "200000");
    assert_eq!(json["purpose"], "LE PHI LLTP");
    assert_eq!(json["point_of_initiation"], "12");
    assert_eq!(json["tags"]["58"], "VN");
    assert_eq!(json["errors"], Value::Array(vec![]));
}

#[test]
fn vietqr_decode_lists_errors_and_exits_1() {
    let (code, out) = motcua(&["vietqr", "decode", "0002010102116304ABCD"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["crc_valid"], false);
    assert!(json["errors"].as_array().unwrap().len() >= 3, "{json}");
    assert_eq!(json["amount"], Value::Null);
}

/// Issue 17, item 6: the load-test fixture writes dossiers and citizens, so a
/// production node's binary refuses it before it opens the database.
#[test]
fn the_load_fixture_is_refused_in_production() {
    let dir = std::env::temp_dir().join(format!("motcua-loadtest-{}", uuid::Uuid::new_v4()));
    let db = dir.join("motcua.db");
    let out = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["loadtest", "prepare", "--attempts", "1"])
        .env("MOTCUA_ENV", "production")
        .env("MOTCUA_SANDBOX", "false")
        .env("MOTCUA_SECRET_KEY", "0123456789abcdef0123456789abcdef")
        .env(
            "MOTCUA_BANK_WEBHOOK_SECRET",
            "fedcba9876543210fedcba9876543210",
        )
        .env("MOTCUA_PUBLIC_URL", "https://motcua.example.gov.vn")
        .envs(crate::helpers::REAL_SMS)
        .env("MOTCUA_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("MOTCUA_DATA_DIR", &dir)
        .output()
        .expect("run motcua");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("load-test fixtures are refused outside development"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no attempt printed");
    assert!(!db.exists(), "the database was not even opened");
}
