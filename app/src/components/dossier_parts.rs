//! Pieces of the dossier pages: the one-time message, the status badge, the history
//! timeline, the list of files and the file inputs.

use crate::api::dossiers::take_flash;
use crate::i18n::{Dossiers, Lang, use_lang};

use domain::Date;
use domain::dossier::Status;
use domain::dossier::view::{Attachment, Event};
use leptos::prelude::*;

/// The message a form post left for this page (success in green, problems in red).
#[component]
pub fn FlashNotice() -> impl IntoView {
    let english = use_lang() == Lang::En;
    let flash = Resource::new(|| (), |()| take_flash());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                flash
                    .await
                    .ok()
                    .flatten()
                    .map(|f| crate::components::notice::outcome(f.ok, &f.message, english))
            })}
        </Suspense>
    }
}

/// The status as a coloured label with its national code.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let english = use_lang() == Lang::En;
    let class = match status {
        Status::SupplementRequested | Status::AwaitingPayment => {
            "bg-amber-100 text-amber-950 border-amber-700"
        }
        Status::Refused | Status::Stopped | Status::Withdrawn => {
            "bg-red-50 text-red-900 border-red-700"
        }
        Status::ResultReady | Status::Returned => "bg-green-50 text-green-900 border-green-700",
        _ => "bg-blue-50 text-blue-950 border-blue-700",
    };
    view! {
        <span class=format!("inline-block rounded border px-2 py-1 font-semibold {class}") data-testid="status">
            {status.label().get(english).to_owned()}
        </span>
    }
}

/// Every change of the dossier, oldest first.
#[component]
pub fn Timeline(history: Vec<Event>) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let d = lang.of::<Dossiers>();
    let items = history
        .into_iter()
        .map(|e| {
            let who = match e.actor_kind.as_str() {
                "citizen" => d.by_citizen.to_owned(),
                "staff" if !e.actor_name.is_empty() => format!("{} ({})", d.by_staff, e.actor_name),
                "staff" => d.by_staff.to_owned(),
                _ => d.by_system.to_owned(),
            };
            view! {
                <li class="relative border-l-4 border-blue-800 pl-4 pb-4">
                    <p class="font-semibold">{e.to.label().get(english).to_owned()}</p>
                    <p class="text-sm text-slate-700">{Date::time_vn(e.at)} " · " {e.action.label().get(english).to_owned()} " · " {who}</p>
                    {(!e.note.is_empty()).then(|| view! { <p class="mt-1 whitespace-pre-line">{e.note.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 class="mt-6 text-xl font-bold text-blue-950">{d.timeline}</h2>
        <ol class="mt-3" data-testid="timeline">{items}</ol>
    }
}

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// The files of a dossier with download links.
#[component]
pub fn AttachmentList(attachments: Vec<Attachment>) -> impl IntoView {
    let d = use_lang().of::<Dossiers>();
    if attachments.is_empty() {
        return view! { <p class="text-slate-700" data-testid="attachments">{d.no_files}</p> }
            .into_any();
    }
    let items = attachments
        .into_iter()
        .map(|a| {
            view! {
                <li class="flex flex-wrap items-center gap-x-3 py-2 border-b border-slate-200">
                    <a class="text-blue-800 underline text-lg py-1" href=format!("/api/v1/attachments/{}", a.id) rel="external">
                        {a.file_name.clone()}
                    </a>
                    <span class="text-sm text-slate-700">{a.kind.as_str().to_uppercase()} " · " {size(a.size_bytes)}</span>
                    {(a.round > 0).then(|| view! { <span class="text-sm text-slate-700">{d.round} " " {a.round}</span> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul data-testid="attachments">{items}</ul> }.into_any()
}

/// Two ways to add files: the phone camera straight away, or files already there.
#[component]
pub fn FileInputs() -> impl IntoView {
    let d = use_lang().of::<Dossiers>();
    view! {
        <p class="text-sm text-slate-700" id="files-hint">{d.attachments_hint}</p>
        <div class="mt-2 grid gap-3 sm:grid-cols-2">
            <label class="block rounded border-2 border-dashed border-slate-400 p-3">
                <span class="block font-medium">{d.take_photo}</span>
                <input type="file" name="file" accept="image/jpeg,image/png" capture="environment"
                    aria-describedby="files-hint" class="mt-2 w-full" data-testid="file-camera"/>
            </label>
            <label class="block rounded border-2 border-dashed border-slate-400 p-3">
                <span class="block font-medium">{d.choose_files}</span>
                <input type="file" name="file" multiple accept="application/pdf,image/jpeg,image/png"
                    aria-describedby="files-hint" class="mt-2 w-full" data-testid="file-input"/>
            </label>
        </div>
    }
}
