//! A value a server handler gives one render of the app (`server::web::render_with`):
//! the result of a post that is shown once (a new staff badge, a reconciliation), or a
//! [`crate::problem::Problem`]. It reaches the page as a resource, so the browser
//! hydrates the page the server sent instead of rendering its own.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The value of type `T` this render was given, if any.
pub fn provided<T>() -> Resource<Option<T>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    #[cfg(feature = "ssr")]
    let value = use_context::<T>();
    #[cfg(not(feature = "ssr"))]
    let value: Option<T> = None;
    Resource::new(
        || (),
        move |()| {
            let value = value.clone();
            async move { value }
        },
    )
}
