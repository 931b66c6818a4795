//! `/can-bo/cau-hinh` (agencies: collection account, receipt series, target; admins
//! edit) and `/can-bo/cau-hinh/thu-tuc` (procedures: online payment, fee lines with the
//! date they apply from; managers of the agency and admins). Every change is audited:
//! the history is in the audit log (`/can-bo/nhat-ky`).

use crate::api::config::{AgenciesView, AgencyRow, config_agencies, config_procedures};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-2";

fn refused(lang: Lang, e: AppError) -> AnyView {
    match e {
        AppError::Unauthenticated => view! {
            <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
        }.into_any(),
        AppError::Forbidden => view! {
            <p class="mt-4">{if lang == Lang::En { "Only managers and administrators configure procedures." } else { "Chỉ lãnh đạo và quản trị viên được cấu hình thủ tục." }}</p>
        }.into_any(),
        e => view! { <ErrorNotice message=e.text()/> }.into_any(),
    }
}

fn nav(en: bool) -> impl IntoView {
    view! {
        <p class="flex flex-wrap gap-4">
            <a class="text-blue-800 underline" href="/can-bo">{if en { "Staff home" } else { "Trang cán bộ" }}</a>
            <a class="text-blue-800 underline" href="/can-bo/cau-hinh">{if en { "Agencies" } else { "Cơ quan, tài khoản thu" }}</a>
            <a class="text-blue-800 underline" href="/can-bo/cau-hinh/thu-tuc">{if en { "Procedures and fees" } else { "Thủ tục và mức thu" }}</a>
            <a class="text-blue-800 underline" href="/can-bo/nhat-ky?q=agency">{if en { "History" } else { "Lịch sử thay đổi" }}</a>
        </p>
    }
}

#[component]
pub fn StaffConfigAgenciesPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let data = Resource::new(|| (), |()| config_agencies());
    view! {
        {nav(en)}
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{if en { "Agencies: collection accounts, receipts, targets" } else { "Cơ quan: tài khoản thu, biên lai, chỉ tiêu" }}</h1>
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => agencies(en, v).into_any(),
                    Err(e) => refused(lang, e),
                }
            })}
        </Suspense>
    }
}

fn agencies(en: bool, v: AgenciesView) -> impl IntoView {
    let banks = v.banks;
    let can_edit = v.can_edit;
    v.agencies
        .into_iter()
        .map(|a| agency_form(en, can_edit, &banks, a))
        .collect_view()
}

fn agency_form(
    en: bool,
    can_edit: bool,
    banks: &[(String, String)],
    a: AgencyRow,
) -> impl IntoView + use<> {
    let id = a.code.replace('.', "-");
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
            <form method="post" action=format!("/can-bo/cau-hinh/co-quan/{}", a.code) class="mt-2 grid gap-3 sm:grid-cols-3">
                <div>
                    <label for=format!("{}-bank", a.code.replace('.', "-")) class="block font-medium">{if en { "Bank" } else { "Ngân hàng" }}</label>
                    <select id=format!("{}-bank", a.code.replace('.', "-")) name="bank_bin" disabled=!can_edit class=INPUT>{options}</select>
                </div>
                {field("account", "account_number", if en { "Account number" } else { "Số tài khoản" }, a.account_number.clone())}
                {field("holder", "account_name", if en { "Account holder" } else { "Tên chủ tài khoản" }, a.account_name.clone())}
                {field("template", "receipt_template", if en { "Receipt template (EBL01)" } else { "Ký hiệu mẫu biên lai (EBL01)" }, a.receipt_template.clone())}
                {field("series", "receipt_series", if en { "Receipt series (e.g. TAB)" } else { "Ký hiệu biên lai (ví dụ TAB)" }, a.receipt_series.clone())}
                {field("target", "online_target_pct", if en { "Target paid online (%)" } else { "Chỉ tiêu thanh toán trực tuyến (%)" }, a.online_target_pct.to_string())}
                {can_edit.then(|| view! {
                    <div class="sm:col-span-3">
                        <button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="agency-save">{if en { "Save" } else { "Lưu" }}</button>
                    </div>
                })}
            </form>
        </section>
    }
}

#[component]
pub fn StaffConfigProceduresPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let data = Resource::new(|| (), |()| config_procedures());
    view! {
        {nav(en)}
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{if en { "Procedures: online payment and fees" } else { "Thủ tục: thanh toán trực tuyến và mức thu" }}</h1>
        <FlashNotice/>
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
