//! `/can-bo/cau-hinh` (agencies: collection account, receipt series, target; admins
//! edit) and `/can-bo/cau-hinh/thu-tuc` (procedures: online payment, fee lines with the
//! date they apply from; managers of the agency and admins). Every change is audited:
//! the history is in the audit log (`/can-bo/nhat-ky`).

use crate::api::config::{
    AddFeeLine, AgenciesView, AgencyRow, SaveAgency, SaveFeeCategories, SetOnlinePayment,
    config_agencies, config_procedures,
};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{Config, Lang, use_lang};
use leptos::prelude::*;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-2";

/// The procedures screen's writes, for each procedure's forms.
#[derive(Clone, Copy)]
pub(crate) struct ProcedureActions {
    pub(crate) online: ServerAction<SetOnlinePayment>,
    pub(crate) categories: ServerAction<SaveFeeCategories>,
    pub(crate) fee_line: ServerAction<AddFeeLine>,
}

fn refused(lang: Lang, e: AppError) -> AnyView {
    match e {
        AppError::Unauthenticated => view! {
            <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
        }.into_any(),
        AppError::Forbidden => view! {
            <p class="mt-4">{lang.of::<Config>().only_managers_and_administrators}</p>
        }.into_any(),
        e => view! { <ErrorNotice message=e.text()/> }.into_any(),
    }
}

fn nav(en: bool) -> impl IntoView {
    let tr = Lang::english_if(en).of::<Config>();
    view! {
        <p class="flex flex-wrap gap-4">
            <a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a>
            <a class="text-blue-800 underline" href="/can-bo/cau-hinh">{tr.agencies}</a>
            <a class="text-blue-800 underline" href="/can-bo/cau-hinh/thu-tuc">{tr.procedures_and_fees}</a>
            <a class="text-blue-800 underline" href="/can-bo/nhat-ky?q=agency">{tr.history}</a>
        </p>
    }
}

#[component]
pub fn StaffConfigAgenciesPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Config>();
    let save = ServerAction::<SaveAgency>::new();
    let data = Resource::new(move || save.version().get(), |_| config_agencies());
    view! {
        {nav(en)}
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.agencies_collection_accounts_receipts}</h1>
        <FlashNotice/>
        <ActionNotice action=save/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => agencies(en, v, save).into_any(),
                    Err(e) => refused(lang, e),
                }
            })}
        </Suspense>
    }
}

fn agencies(en: bool, v: AgenciesView, save: ServerAction<SaveAgency>) -> impl IntoView {
    let banks = v.banks;
    let can_edit = v.can_edit;
    v.agencies
        .into_iter()
        .map(|a| agency_form(en, can_edit, &banks, a, save))
        .collect_view()
}

fn agency_form(
    en: bool,
    can_edit: bool,
    banks: &[(String, String)],
    a: AgencyRow,
    save: ServerAction<SaveAgency>,
) -> impl IntoView + use<> {
    let tr = Lang::english_if(en).of::<Config>();
    let id = a.code.replace('.', "-");
    let code = a.code.clone();
    let bank_id = format!("{id}-bank");
    let options = banks
        .iter()
        .map(|(bin, name)| view! { <option value=bin.clone() selected=*bin == a.bank_bin>{format!("{name} ({bin})")}</option> })
        .collect_view();
    let field = move |suffix: &str, name: &'static str, label: &'static str, value: String| {
        let fid = format!("{id}-{suffix}");
        view! {
            <div>
                <label for=fid.clone() class="block font-medium">{label}</label>
                <input id=fid name=name value=value disabled=!can_edit class=INPUT/>
            </div>
        }
    };
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="agency-config" data-code=a.code>
            <h2 class="text-lg font-bold text-blue-950">{a.name.clone()} <span class="text-sm font-normal text-slate-700">{a.code.clone()}</span></h2>
            <ActionForm action=save attr:class="mt-2 grid gap-3 sm:grid-cols-3">
                <input type="hidden" name="code" value=code/>
                <div>
                    <label for=bank_id.clone() class="block font-medium">{tr.bank}</label>
                    <select id=bank_id.clone() name="bank_bin" disabled=!can_edit class=INPUT>{options}</select>
                </div>
                {field("account", "account_number", tr.account_number, a.account_number.clone())}
                {field("holder", "account_name", tr.account_holder, a.account_name.clone())}
                {field("template", "receipt_template", tr.receipt_template_ebl01, a.receipt_template.clone())}
                {field("series", "receipt_series", tr.receipt_series_e_g, a.receipt_series.clone())}
                {field("target", "online_target_pct", tr.target_paid_online, a.online_target_pct.to_string())}
                {can_edit.then(|| view! {
                    <div class="sm:col-span-3">
                        <button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="agency-save">{tr.save}</button>
                    </div>
                })}
            </ActionForm>
        </section>
    }
}

#[component]
pub fn StaffConfigProceduresPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Config>();
    let actions = ProcedureActions {
        online: ServerAction::new(),
        categories: ServerAction::new(),
        fee_line: ServerAction::new(),
    };
    provide_context(actions);
    // The list is read again after a fee line is saved, not after a preview or a
    // refusal: the form keeps what was typed.
    let fee_saves = Memo::new(move |last: Option<&usize>| {
        let saved = actions
            .fee_line
            .value()
            .with(|v| matches!(v, Some(Ok(a)) if a.saved));
        if saved {
            actions.fee_line.version().get()
        } else {
            actions.fee_line.version().track();
            last.copied().unwrap_or(0)
        }
    });
    let data = Resource::new(
        move || {
            (
                actions.online.version().get(),
                actions.categories.version().get(),
                fee_saves.get(),
            )
        },
        |_| config_procedures(),
    );
    view! {
        {nav(en)}
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.procedures_online_payment_and}</h1>
        <FlashNotice/>
        <ActionNotice action=actions.online/>
        <ActionNotice action=actions.categories/>
        <ActionNotice action=actions.fee_line/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => list
                        .into_iter()
                        .map(|p| view! { <crate::routes::staff_config_fees::ProcedureFees p/> })
                        .collect_view()
                        .into_any(),
                    Err(e) => refused(lang, e),
                }
            })}
        </Suspense>
    }
}
