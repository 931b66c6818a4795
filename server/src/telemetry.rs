//! Logging: level from `RUST_LOG` (default `info`); human-readable lines, or one JSON
//! object per line with `MOTCUA_LOG_FORMAT=json` (for a log collector). Either way every
//! line written while a request is handled carries the request's span (its id, method
//! and path: `web::request_span`).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt as _;

/// How log lines are written (`MOTCUA_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `text` (or unset) and `json`.
    ///
    /// # Errors
    /// Any other value, named in the message.
    pub fn from_setting(value: Option<&str>) -> anyhow::Result<Self> {
        match value.map(str::trim) {
            None | Some("" | "text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => {
                anyhow::bail!("MOTCUA_LOG_FORMAT must be `text` or `json`, not {other:?}")
            }
        }
    }
}

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"))
}

/// The subscriber for `format`, writing to `writer`.
fn subscriber<W>(format: LogFormat, writer: W) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_target(false)
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(
            builder
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        ),
    }
}

/// Installs the process's logger (a bad `MOTCUA_LOG_FORMAT` is refused by the
/// settings; here it falls back to text so that refusal is printed).
pub fn init() {
    let format = LogFormat::from_setting(std::env::var("MOTCUA_LOG_FORMAT").ok().as_deref())
        .unwrap_or(LogFormat::Text);
    let _ = subscriber(format, std::io::stderr).try_init();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Self;
        fn make_writer(&'a self) -> Self {
            self.clone()
        }
    }

    /// Issue 17, item 4: JSON logs, one object per line, each line of a request
    /// carrying the request's id.
    #[test]
    fn json_lines_carry_the_request_id() {
        let buffer = Buffer::default();
        let sub = subscriber(LogFormat::Json, buffer.clone());
        tracing::subscriber::with_default(sub, || {
            let span = tracing::info_span!("request", id = "4f3c9a", method = "GET", path = "/");
            let _entered = span.enter();
            tracing::info!(answers = 2, "VNPAY status queries applied");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.trim()).expect("one JSON object");
        assert_eq!(line["fields"]["message"], "VNPAY status queries applied");
        assert_eq!(line["span"]["id"], "4f3c9a");
        assert_eq!(line["level"], "INFO");
    }

    #[test]
    fn the_format_is_text_or_json() {
        assert_eq!(LogFormat::from_setting(None).unwrap(), LogFormat::Text);
        assert_eq!(
            LogFormat::from_setting(Some("json")).unwrap(),
            LogFormat::Json
        );
        let err = LogFormat::from_setting(Some("xml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("MOTCUA_LOG_FORMAT"), "{err}");
    }
}
