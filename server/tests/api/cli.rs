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
