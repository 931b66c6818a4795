//! Messages shown above or beside form fields, in the page's language.

use crate::i18n::{Lang, use_lang};
use domain::Text;
use leptos::prelude::*;

/// An error box announced to screen readers.
#[component]
pub fn ErrorNotice(message: Text) -> impl IntoView {
    let english = use_lang() == Lang::En;
    view! {
        <p role="alert" class="my-3 rounded border-l-4 border-red-700 bg-red-50 p-3 text-red-900" data-testid="error">
            {message.get(english).to_owned()}
        </p>
    }
}

/// What the last post of a form answered, when the page's script made it: the message
/// of a success, or the refusal (a post made without JavaScript comes back with it in
/// the flash instead, shown by `FlashNotice` or, for a refusal, by the action itself).
/// Same look and test id as `FlashNotice`, so a page reads the same either way.
#[component]
pub fn ActionNotice<A>(action: ServerAction<A>) -> impl IntoView
where
    A: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    A::Output: Answer + Clone + Send + Sync + 'static,
{
    let english = use_lang() == Lang::En;
    move || {
        action.value().get().and_then(|answer| match answer {
            Ok(answer) => answer
                .message()
                .map(|message| outcome(true, &message, english)),
            Err(e) => Some(outcome(false, &e.text(), english)),
        })
    }
}

/// What a server function's success says on the page: a message, or nothing when the
/// browser goes on to another page (a kiosk unlocked, a payment opened).
pub trait Answer {
    fn message(&self) -> Option<Text>;
}

impl Answer for Text {
    fn message(&self) -> Option<Text> {
        Some(self.clone())
    }
}

impl Answer for () {
    fn message(&self) -> Option<Text> {
        None
    }
}

/// How the outcome of a post reads, whoever shows it (`ActionNotice`, `FlashNotice`): a
/// green status or a red alert, test id `flash`.
pub fn outcome(ok: bool, message: &Text, english: bool) -> impl IntoView + use<> {
    let (class, role) = if ok {
        (
            "my-3 rounded border-l-4 border-green-700 bg-green-50 p-3 text-green-900",
            "status",
        )
    } else {
        (
            "my-3 rounded border-l-4 border-red-700 bg-red-50 p-3 text-red-900",
            "alert",
        )
    };
    view! { <p class=class role=role data-testid="flash">{message.get(english).to_owned()}</p> }
}

/// The error under a field, linked to it by `aria-describedby`.
#[component]
pub fn FieldError(id: &'static str, message: Option<Text>) -> impl IntoView {
    let english = use_lang() == Lang::En;
    message.map(|m| {
        view! { <p id=id class="mt-1 text-red-800 font-medium" data-testid=id>{m.get(english).to_owned()}</p> }
    })
}
