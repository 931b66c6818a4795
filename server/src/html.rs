//! Small server-written HTML pages (sandboxes, the badge, expired links).

/// Text made safe to put in HTML, inside elements or quoted attributes.
#[must_use]
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
