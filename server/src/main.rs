//! `motcua`: the Một Cửa server and its administration commands.

use clap::Parser as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = server::cli::Cli::parse();
    match server::cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("motcua: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
