//! Small server-written HTML pages: the development sandboxes only (every other page is
//! rendered by the app, see `crate::web::render_with`).

/// Text made safe to put in HTML, inside elements or quoted attributes.
#[must_use]
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A whole page in the site's style: `title` (plain text, escaped here), the body's
/// class, and the body's markup (already safe).
#[must_use]
pub fn page(title: &str, body_class: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head>\
         <body class=\"{}\">{body}</body></html>",
        escape(title),
        escape(body_class)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape(r#"<a href="x">Tô & Lê</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tô &amp; Lê&lt;/a&gt;"
        );
    }
}
