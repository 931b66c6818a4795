//! Pages that tell a person why something could not be done (a phone link that has
//! expired, a fee-notice link that no longer works), rendered by the app like every
//! other page: in the Layout or the kiosk frame, in Vietnamese and English, at the URL
//! that failed and with its HTTP status. A server handler provides the [`Problem`]
//! when it renders the app (`server::web::problem_page`, through [`crate::provided`]);
//! the not-found route shows it.

use domain::Text;
use serde::{Deserialize, Serialize};

/// What went wrong, for the person who reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The HTTP status of the page.
    pub status: u16,
    pub title: Text,
    pub message: Text,
    /// The message's test id (the browser tests find it by that).
    pub testid: String,
    /// Where to go on from here: a path on this site and its label.
    pub next: Option<(String, Text)>,
}
