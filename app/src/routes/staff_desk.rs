//! `/can-bo/tiep-nhan`: an officer records a paper dossier received at the desk or by
//! post; a fee notice is issued at once and, if asked, texted to the applicant.
//! Two steps that work with JavaScript off: pick the procedure (`?thu-tuc=`, a plain
//! GET form), then the applicant, what the fee counts (copies, pages) and a category of
//! payer checked in person, with the fee priced live (an `ActionForm` over
//! `api::desk::record_desk_dossier`, which leads to the dossier recorded).

use crate::api::desk::{ChosenProcedure, IntakeForm, RecordDeskDossier, desk_form};
use crate::components::dossier_parts::FlashNotice;
use crate::components::fee_preview::{FeeCategories, FeePreview, Schedule};
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{Desk, Lang, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg";

#[component]
pub fn StaffDeskPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let chosen = move || query.with(|q| q.get("thu-tuc").unwrap_or_default());
    let data = Resource::new(chosen, desk_form);
    let record = ServerAction::<RecordDeskDossier>::new();
    provide_context(record);
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{lang.of::<Desk>().staff_home}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{lang.of::<Desk>().record_desk_or_postal}</h1>
        <FlashNotice/>
        <ActionNotice action=record/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(form) => view! { <DeskForm form/> }.into_any(),
                    Err(AppError::Unauthenticated | AppError::Forbidden) => view! {
                        <p class="mt-4">{lang.of::<Desk>().only_officers_of_agency}</p>
                        <p class="mt-2"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeskForm(form: IntakeForm) -> impl IntoView {
    let en = use_lang() == Lang::En;
    let tr = Lang::english_if(en).of::<Desk>();
    let chosen_code = form
        .chosen
        .as_ref()
        .map(|c| c.procedure.code.clone())
        .unwrap_or_default();
    let options = form
        .procedures
        .iter()
        .map(|p| {
            let fee = if p.has_fee { "" } else { tr.no_fee_suffix };
            let label = format!("{} · {}{fee}", p.code, p.name);
            view! { <option value=p.code.clone() selected=p.code == chosen_code>{label}</option> }
        })
        .collect_view();
    let step2 = form
        .chosen
        .clone()
        .map(|c| view! { <IntakeDetails chosen=c values=form.values.clone() today=form.today/> });
    view! {
        <p class="mt-1 text-slate-700">{form.agency_name.clone()}</p>
        <form method="get" action="/can-bo/tiep-nhan" class="mt-4 flex max-w-2xl flex-wrap items-end gap-3" data-testid="desk-choose">
            <div class="grow">
                <label for="d-procedure" class="block font-medium">{tr.procedure}</label>
                <select id="d-procedure" name="thu-tuc" required class=INPUT>{options}</select>
            </div>
            <button type="submit" class="rounded border-2 border-blue-800 px-5 py-3 text-lg font-semibold text-blue-900" data-testid="desk-choose-submit">
                {tr.choose}
            </button>
        </form>
        {step2}
    }
}

#[component]
fn IntakeDetails(
    chosen: ChosenProcedure,
    values: std::collections::BTreeMap<String, String>,
    today: domain::Date,
) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Desk>();
    let p = chosen.procedure;
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let postal = value("channel") == "postal";
    let send_sms = values.is_empty() || value("send_sms") == "1";
    let field = move |id: &'static str,
                      name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      mode: &'static str,
                      v: String| {
        view! {
            <div>
                <label for=id class="block font-medium">{label}</label>
                <input id=id name=name type=kind inputmode=mode value=v required class=INPUT autocomplete="off"/>
            </div>
        }
    };
    let counts = chosen
        .count_fields
        .iter()
        .map(|f| {
            let id = format!("d-{}", f.name);
            let label_for = id.clone();
            view! {
                <div>
                    <label for=label_for class="block font-medium">{f.label_in(en).to_owned()}</label>
                    <input id=id name=f.name.clone() type="number" min="1" inputmode="numeric" required
                        value=value(&f.name) class=INPUT autocomplete="off"/>
                </div>
            }
        })
        .collect_view();
    let schedule = Schedule {
        fees: p.fees.clone(),
        categories: p.fee_categories.clone(),
        fee_summary: p.fee_summary.clone(),
        unsure: p.fee_unsure.clone(),
        // Desk and post pay the normal rate.
        online: false,
        today,
    };
    let (answers, on_input) = schedule.live_answers(&values);
    let on_change = on_input.clone();
    let record = expect_context::<ServerAction<RecordDeskDossier>>();
    let categories = (!p.fee_categories.is_empty()).then(|| {
        view! {
            <FeeCategories categories=p.fee_categories.clone()
                chosen=value(domain::fees::CATEGORY_INPUT) proof_attached=false upload=false/>
            <p class="text-sm text-slate-700">{tr.check_proof_in_person}</p>
        }
    });
    // When the identity check asks the officer to create or verify the applicant's
    // account (domain::identity), the button that says so, posting the same form.
    let identity_offer = move || {
        let refusal = record.value().get().and_then(Result::err)?;
        let (value, label) = match refusal.field()?.as_str() {
            "identity_create" => ("create", tr.create_verified_account),
            "identity_verify" => ("verify", tr.verify_account),
            _ => return None,
        };
        Some(view! {
            <button type="submit" name="identity" value=value data-testid="desk-identity"
                class="block rounded bg-green-700 px-6 py-3 text-left text-lg font-semibold text-white">
                {label}
            </button>
        })
    };
    // Built before the form: its children must own what they show.
    let inputs = view! {
        <input type="hidden" name="procedure" value=p.code.clone()/>
        <h2 class="text-xl font-bold text-blue-950" data-testid="desk-procedure">{format!("{} · {}", p.code, p.name)}</h2>
        <fieldset>
            <legend class="font-medium">{tr.received}</legend>
            <label class="mr-6 inline-flex items-center gap-2 py-2 text-lg">
                <input type="radio" name="channel" value="desk" checked=!postal class="h-6 w-6"/>{tr.at_desk}
            </label>
            <label class="inline-flex items-center gap-2 py-2 text-lg">
                <input type="radio" name="channel" value="postal" checked=postal class="h-6 w-6"/>{tr.by_post}
            </label>
        </fieldset>
        {field("d-name", "full_name", tr.applicant_s_full_name, "text", "text", value("full_name"))}
        {field("d-phone", "phone", tr.mobile_phone_receives_payment, "tel", "numeric", value("phone"))}
        {field("d-national-id", "national_id", tr.citizen_id_cccd_12, "text", "numeric", value("national_id"))}
        {field("d-dob", "date_of_birth", tr.date_of_birth, "date", "numeric", value("date_of_birth"))}
        <section>
            <h3 class="text-lg font-semibold">{lang.t().fees}</h3>
            {counts}
            {categories}
            <FeePreview schedule answers=answers.into()/>
        </section>
        <label class="flex items-center gap-3 text-lg">
            <input type="checkbox" name="send_sms" value="1" checked=send_sms class="h-6 w-6" data-testid="d-send-sms"/>
            {tr.text_fee_notice_with}
        </label>
        <button type="submit" class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white" data-testid="desk-submit">
            {tr.record_and_issue_fee}
        </button>
        {identity_offer}
    }
    .into_any();
    view! {
        <ActionForm action=record attr:class="mt-6 max-w-2xl space-y-4" attr:data-testid="desk-form"
            on:input=on_input on:change=on_change>
            {inputs}
        </ActionForm>
    }
}
