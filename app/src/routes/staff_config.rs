//! `/can-bo/cau-hinh` (agencies: collection account, receipt series, target; admins
//! edit) and `/can-bo/cau-hinh/thu-tuc` (procedures: online payment, fee lines with the
//! date they apply from; managers of the agency and admins). Every change is audited:
//! the history is in the audit log (`/can-bo/nhat-ky`).

use crate::api::config::{
    AgenciesView, AgencyRow, ProcedureRow, config_agencies, config_procedures,
};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use domain::Vnd;
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
                    Ok(list) => list.into_iter().map(|p| procedure(en, p)).collect_view().into_any(),
                    Err(e) => refused(lang, e),
                }
            })}
        </Suspense>
    }
}

fn procedure(en: bool, p: ProcedureRow) -> impl IntoView {
    let money = move |v: i64| {
        let v = Vnd::try_new(v).unwrap_or_default();
        if en { v.display_en() } else { v.display_vi() }
    };
    let id = p.code.replace('.', "-");
    let fees = p
        .fees
        .iter()
        .map(|f| view! {
            <tr class="border-b border-slate-200 align-top">
                <td class="p-2">{f.name.clone()}</td>
                <td class="p-2 text-right">{money(f.amount_vnd)}</td>
                <td class="p-2 text-right">{f.online_amount_vnd.map(money).unwrap_or_default()}</td>
                <td class="p-2">{f.unit.clone()}</td>
                <td class="p-2">{f.valid_from.clone()}</td>
                <td class="p-2">{f.legal_basis.clone()}</td>
            </tr>
        })
        .collect_view();
    let input = move |suffix: &str,
                      name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      required: bool| {
        let fid = format!("{id}-{suffix}");
        view! {
            <div>
                <label for=fid.clone() class="block font-medium">{label}</label>
                <input id=fid name=name type=kind required=required class=INPUT/>
            </div>
        }
    };
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="procedure-config" data-code=p.code.clone()>
            <h2 class="text-lg font-bold text-blue-950"><span class="font-mono text-sm">{p.code.clone()}</span> " " {p.name.clone()}</h2>
            <form method="post" action=format!("/can-bo/cau-hinh/thu-tuc/{}/truc-tuyen", p.code) class="mt-2 flex flex-wrap items-center gap-3">
                <span data-testid="procedure-online">{match (p.online_payment, en) {
                    (true, false) => "Đang nhận thanh toán trực tuyến",
                    (true, true) => "Open to online payment",
                    (false, false) => "Chưa nhận thanh toán trực tuyến",
                    (false, true) => "Not open to online payment",
                }}</span>
                <input type="hidden" name="on" value=if p.online_payment { "0" } else { "1" }/>
                <button type="submit" class="rounded border-2 border-blue-800 px-3 py-1 font-semibold text-blue-900" data-testid="procedure-toggle">
                    {match (p.online_payment, en) { (true, false) => "Tắt", (true, true) => "Close", (false, false) => "Bật", (false, true) => "Open" }}
                </button>
            </form>
            <div class="mt-2 overflow-x-auto">
                <table class="w-full text-left text-sm">
                    <thead><tr class="border-b-2 border-slate-400">
                        <th class="p-2">{if en { "Fee" } else { "Khoản thu" }}</th>
                        <th class="p-2 text-right">{if en { "Amount" } else { "Mức thu" }}</th>
                        <th class="p-2 text-right">{if en { "Online" } else { "Trực tuyến" }}</th>
                        <th class="p-2">{if en { "Unit" } else { "Đơn vị" }}</th>
                        <th class="p-2">{if en { "From" } else { "Áp dụng từ" }}</th>
                        <th class="p-2">{if en { "Legal basis" } else { "Căn cứ" }}</th>
                    </tr></thead>
                    <tbody>{fees}</tbody>
                </table>
            </div>
            <details class="mt-2">
                <summary class="cursor-pointer font-semibold text-blue-900">{if en { "Add a fee line" } else { "Thêm mức thu" }}</summary>
                <form method="post" action=format!("/can-bo/cau-hinh/thu-tuc/{}/muc-phi", p.code) class="mt-2 grid gap-3 sm:grid-cols-3">
                    {input("fname", "name", if en { "Fee name" } else { "Tên khoản thu" }, "text", true)}
                    {input("amount", "amount_vnd", if en { "Amount (đồng)" } else { "Mức thu (đồng)" }, "text", true)}
                    {input("online", "online_amount_vnd", if en { "Online amount (optional)" } else { "Mức thu trực tuyến (nếu có)" }, "text", false)}
                    {input("unit", "unit", if en { "Unit" } else { "Đơn vị tính" }, "text", true)}
                    {input("from", "valid_from", if en { "Applies from" } else { "Áp dụng từ ngày" }, "date", true)}
                    {input("basis", "legal_basis", if en { "Legal basis" } else { "Căn cứ pháp lý" }, "text", true)}
                    <div class="sm:col-span-3"><button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white">{if en { "Add" } else { "Thêm" }}</button></div>
                </form>
            </details>
        </section>
    }
}
