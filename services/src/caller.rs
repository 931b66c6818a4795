//! Who is calling: the one place where the credentials a request carries (a session,
//! a fee-notice link's cookie, a guided-assist credential) become a person. The web
//! edge reads the credentials (`app::caller`); nothing else resolves them.

use crate::Services;
use crate::accounts::{self, Identity};
use crate::dossiers::Who;
use crate::error::ServiceResult;
use crate::kiosks::Kiosk;
use crate::payments;
use crate::staff::Staff;

/// The credentials of one request, as the web edge read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// A session token: the bearer token, or else the session cookie.
    pub session: Option<String>,
    /// The cookie a fee-notice link leaves.
    pub notice: Option<String>,
    /// A kiosk's guided-assist credential (an officer's short session).
    pub assist: Option<String>,
}

/// The signed-in caller of a session token: a citizen or a member of staff.
///
/// # Errors
/// Database errors.
pub async fn who(s: &Services, session: &str) -> ServiceResult<Option<Who>> {
    Ok(match accounts::resolve_session(s, session).await? {
        Some(Identity::Citizen(id)) => Some(Who::Citizen(id)),
        Some(Identity::Staff(id)) => Some(Who::Staff(crate::staff::get(s, id).await?)),
        None => None,
    })
}

/// The holder of a fee-notice link's cookie, while the link is genuine and its notice
/// not cancelled: they may see and pay that dossier's fees, nothing else.
///
/// # Errors
/// Database errors.
pub async fn notice_holder(s: &Services, token: &str) -> ServiceResult<Option<Who>> {
    payments::links::holder(s, token).await
}

/// The officer who opened this session at a kiosk after checking the citizen's
/// identity in person (guided assist), if it was opened that way.
///
/// # Errors
/// Database errors.
pub async fn assisted_by(s: &Services, session: &str) -> ServiceResult<Option<Staff>> {
    match crate::assist::assisted_by(s, session).await? {
        Some(id) => Ok(Some(crate::staff::get(s, id).await?)),
        None => Ok(None),
    }
}

/// The officer behind a guided-assist credential, only while `kiosk` is in assisted
/// mode by that officer: once the console switches the kiosk back, or another
/// officer takes it over, the credential opens nothing.
///
/// # Errors
/// Database errors.
pub async fn assistant(s: &Services, token: &str, kiosk: &Kiosk) -> ServiceResult<Option<Staff>> {
    match crate::sessions::resolve_assist(s, token).await? {
        Some(id) if kiosk.assisted_by_staff(id) => Ok(Some(crate::staff::get(s, id).await?)),
        _ => Ok(None),
    }
}
