//! `/ho-so/:code`: one dossier for its owner: status, what to do next, the officer's
//! note, the fee due, history, files, and the supplement or withdrawal forms.

use crate::api::dossiers::get_dossier;
use crate::components::dossier_parts::{
    AttachmentList, FileInputs, FlashNotice, StatusBadge, Timeline,
};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Dossiers, Lang, use_lang};

use domain::Date;
use domain::dossier::Status;
use domain::dossier::view::Dossier;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DossierPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_dossier);
    view! {
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DossierView d/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline text-lg" href=format!("/dang-nhap?next=/ho-so/{}", code())>{lang.t().nav_sign_in}</a></p>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The summary block shared by the citizen's and the staff's pages.
#[component]
pub fn DossierHeader(d: Dossier) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let t = lang.of::<Dossiers>();
    let s = d.summary;
    let name = lang
        .name(&s.procedure_name, &s.procedure_name_en)
        .to_owned();
    view! {
        <p class="text-sm text-slate-700">{t.dossier_code}</p>
        <h1 class="text-2xl font-bold text-blue-950 break-all" data-testid="dossier-code">{s.code.clone().unwrap_or_default()}</h1>
        <p class="mt-1 text-lg">{name}</p>
        <dl class="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            <dt class="font-medium">{t.status}</dt><dd><StatusBadge status=s.status/></dd>
            <dt class="font-medium">{lang.t().agency}</dt><dd>{s.agency_name.clone()}</dd>
            <dt class="font-medium">{t.submitted_on}</dt><dd>{s.submitted_at.map(Date::time_vn).unwrap_or_default()}</dd>
            <dt class="font-medium">{t.channel}</dt><dd>{s.channel.label().get(english).to_owned()}</dd>
            <dt class="font-medium">{t.fee_due}</dt>
            <dd data-testid="fee-due">{if s.fee_due_vnd > domain::Vnd::ZERO { lang.money(s.fee_due_vnd) } else { t.no_fee.to_owned() }}</dd>
        </dl>
    }
}

#[component]
fn DossierView(d: Dossier) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let t = lang.of::<Dossiers>();
    let status = d.summary.status;
    let code = d.summary.code.clone().unwrap_or_default();
    let action = format!("/ho-so/{code}");
    let note = (!d.citizen_note.is_empty()).then(|| view! {
        <div class="mt-4 rounded border-l-4 border-amber-600 bg-amber-50 p-3" data-testid="officer-note">
            <p class="font-semibold">{t.officer_note}</p>
            <p class="mt-1 whitespace-pre-line">{d.citizen_note.clone()}</p>
        </div>
    });
    let supplement = (status == Status::SupplementRequested).then(|| view! {
        <form method="post" action=action.clone() enctype="multipart/form-data" class="mt-4 space-y-3" data-testid="supplement-form">
            <h2 class="text-xl font-bold text-blue-950">{t.add_files}</h2>
            <FileInputs/>
            <div class="flex flex-wrap gap-3">
                <button type="submit" name="intent" value="resubmit" data-testid="resubmit"
                    class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white">{t.send_supplement}</button>
                <button type="submit" name="intent" value="upload"
                    class="rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900">{t.upload}</button>
            </div>
        </form>
    });
    let upload_more = (status == Status::Submitted).then(|| view! {
        <form method="post" action=action.clone() enctype="multipart/form-data" class="mt-4 space-y-3">
            <h2 class="text-xl font-bold text-blue-950">{t.add_files}</h2>
            <FileInputs/>
            <button type="submit" name="intent" value="upload"
                class="rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900">{t.upload}</button>
        </form>
    });
    let can_withdraw = matches!(
        status,
        Status::Submitted
            | Status::Resubmitted
            | Status::Received
            | Status::AwaitingPayment
            | Status::SupplementRequested
    );
    let withdraw = can_withdraw.then(|| view! {
        <details class="mt-6">
            <summary class="cursor-pointer py-2 text-red-800 underline">{t.withdraw}</summary>
            <form method="post" action=action.clone() enctype="multipart/form-data" class="mt-2 space-y-2">
                <label class="flex items-center gap-3"><input type="checkbox" required class="h-6 w-6"/>{t.withdraw_confirm}</label>
                <button type="submit" name="intent" value="withdraw"
                    class="rounded border-2 border-red-800 px-5 py-3 font-semibold text-red-900">{t.withdraw}</button>
            </form>
        </details>
    });
    let answers = d
        .schema
        .fields
        .iter()
        .filter_map(|f| {
            let v = d.form.get(&f.name)?.clone();
            let v = if v == "true" { "✓".to_owned() } else { v };
            Some(view! { <dt class="font-medium">{f.label_in(english).to_owned()}</dt><dd class="whitespace-pre-line">{v}</dd> })
        })
        .collect_view();
    view! {
        <DossierHeader d=d.clone()/>
        <div class="mt-4 rounded border-l-4 border-blue-800 bg-blue-50 p-3" data-testid="next-step">
            <p class="font-semibold">{t.next_step}</p>
            <p>{status.next_step().get(english).to_owned()}</p>
        </div>
        {note}
        <crate::components::payments::DossierPayments code=code/>
        {supplement}
        <Timeline history=d.history.clone()/>
        <h2 class="mt-6 text-xl font-bold text-blue-950">{t.attachments}</h2>
        <AttachmentList attachments=d.attachments.clone()/>
        {upload_more}
        <details class="mt-6">
            <summary class="cursor-pointer py-2 text-lg font-semibold text-blue-950">{t.answers}</summary>
            <dl class="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">{answers}</dl>
        </details>
        {withdraw}
    }
}
