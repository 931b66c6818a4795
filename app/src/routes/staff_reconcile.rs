//! `/can-bo/doi-soat`: reconcile a bank statement (CSV) with the payments recorded here.
//! The form posts the file to `server/src/web/reconcile.rs`, which answers with this page
//! showing the result (given to the render, see [`crate::provided`]) or, with "Xuất
//! CSV", the result as a file; nothing is kept between the two.

use crate::i18n::{Lang, use_lang};
use domain::statement::{Credit, RowProblem};
use domain::{Date, Text};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A reconciliation's result, for the one render that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileResult {
    pub from: Date,
    pub to: Date,
    pub matched: Vec<MatchedRow>,
    pub bank_only: Vec<BankOnlyRow>,
    pub system_only: Vec<SystemOnlyRow>,
    /// Rows of the file that could not be read.
    pub unread: Vec<RowProblem>,
}

/// A credit matched to a payment recorded here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedRow {
    pub credit: Credit,
    pub reference: String,
    pub dossier_code: String,
}

/// A credit on the statement with no payment here, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankOnlyRow {
    pub credit: Credit,
    pub reason: Text,
}

/// A payment recorded here that the statement does not show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemOnlyRow {
    pub paid_at: i64,
    pub amount_vnd: i64,
    pub reference: String,
    pub dossier_code: String,
}

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-2";

#[component]
pub fn StaffReconcilePage() -> impl IntoView {
    let shown = crate::provided::provided::<ReconcileResult>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match shown.await {
                    Some(r) => result_view(r).into_any(),
                    None => form_view().into_any(),
                }
            })}
        </Suspense>
    }
}

const TH: &str = "p-2 text-left";
const TD: &str = "p-2 align-top";

fn result_view(r: ReconcileResult) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let title = if en {
        format!("Reconciliation {} – {}", r.from, r.to)
    } else {
        format!("Kết quả đối soát {} – {}", r.from, r.to)
    };
    let (m, b, sys) = (r.matched.len(), r.bank_only.len(), r.system_only.len());
    let matched = r
        .matched
        .into_iter()
        .map(|row| {
            view! {
                <tr class="border-b border-slate-200">
                    <td class=TD>{row.credit.row}</td><td class=TD>{row.credit.date.to_string()}</td>
                    <td class=TD>{lang.money(row.credit.amount_vnd)}</td><td class=TD>{row.credit.content}</td>
                    <td class=TD>{row.credit.bank_reference}</td><td class=TD>{row.reference}</td>
                    <td class=TD>{row.dossier_code}</td>
                </tr>
            }
        })
        .collect_view();
    let bank = r
        .bank_only
        .into_iter()
        .map(|row| {
            view! {
                <tr class="border-b border-slate-200">
                    <td class=TD>{row.credit.row}</td><td class=TD>{row.credit.date.to_string()}</td>
                    <td class=TD>{lang.money(row.credit.amount_vnd)}</td><td class=TD>{row.credit.content}</td>
                    <td class=TD>{row.credit.bank_reference}</td><td class=TD>{row.reason.get(en).to_owned()}</td>
                </tr>
            }
        })
        .collect_view();
    let system = r
        .system_only
        .into_iter()
        .map(|row| {
            view! {
                <tr class="border-b border-slate-200">
                    <td class=TD>{Date::time_vn(row.paid_at)}</td><td class=TD>{lang.money(row.amount_vnd)}</td>
                    <td class=TD>{row.reference}</td><td class=TD>{row.dossier_code}</td>
                </tr>
            }
        })
        .collect_view();
    let unread = (!r.unread.is_empty()).then(|| {
        let items = r
            .unread
            .into_iter()
            .map(|p| view! { <li>{p.message.get(en).to_owned()}</li> })
            .collect_view();
        view! {
            <h2 class="mt-6 text-xl font-bold">{if en { "Rows that could not be read" } else { "Dòng không đọc được" }}</h2>
            <ul class="list-disc pl-5" data-testid="reconcile-unread">{items}</ul>
        }
    });
    view! {
        <div class="report-page">
            <p class="no-print"><a class="text-blue-800 underline" href="/can-bo">{if en { "Staff home" } else { "Trang cán bộ" }}</a></p>
            <h1 class="mt-2 text-2xl font-bold text-blue-950">{title}</h1>
            <p class="mt-2 text-lg" data-testid="reconcile-summary" data-matched=m data-bank-only=b data-system-only=sys>
                {if en {
                    format!("Matched: {m} · Only at the bank: {b} · Only here: {sys}")
                } else {
                    format!("Khớp: {m} · Chỉ có ở ngân hàng: {b} · Chỉ có ở hệ thống: {sys}")
                }}
            </p>
            {unread}
            <h2 class="mt-6 text-xl font-bold">{if en { "Matched" } else { "Khớp" }}</h2>
            <div class="overflow-x-auto"><table class="mt-2 w-full border-collapse" data-testid="reconcile-matched">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class=TH>{if en { "Row" } else { "Dòng" }}</th><th class=TH>{if en { "Date" } else { "Ngày" }}</th>
                    <th class=TH>{if en { "Amount" } else { "Số tiền" }}</th><th class=TH>{if en { "Message" } else { "Nội dung" }}</th>
                    <th class=TH>{if en { "Bank reference" } else { "Mã GD ngân hàng" }}</th><th class=TH>{if en { "Payment reference" } else { "Mã thanh toán" }}</th>
                    <th class=TH>{if en { "Dossier" } else { "Hồ sơ" }}</th>
                </tr></thead>
                <tbody>{matched}</tbody>
            </table></div>
            <h2 class="mt-6 text-xl font-bold">{if en { "Only at the bank" } else { "Chỉ có ở ngân hàng" }}</h2>
            <p class="mt-1">
                {if en { "Resolve them in " } else { "Xử lý tại " }}
                <a class="text-blue-800 underline" href="/can-bo/ngoai-le">{if en { "Payments to resolve" } else { "Khoản thanh toán cần xử lý" }}</a>
                {if en { " if they are not there yet." } else { " nếu chưa có ở đó." }}
            </p>
            <div class="overflow-x-auto"><table class="mt-2 w-full border-collapse" data-testid="reconcile-bank-only">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class=TH>{if en { "Row" } else { "Dòng" }}</th><th class=TH>{if en { "Date" } else { "Ngày" }}</th>
                    <th class=TH>{if en { "Amount" } else { "Số tiền" }}</th><th class=TH>{if en { "Message" } else { "Nội dung" }}</th>
                    <th class=TH>{if en { "Bank reference" } else { "Mã GD ngân hàng" }}</th><th class=TH>{if en { "Reason" } else { "Lý do" }}</th>
                </tr></thead>
                <tbody>{bank}</tbody>
            </table></div>
            <h2 class="mt-6 text-xl font-bold">{if en { "Only here" } else { "Chỉ có ở hệ thống" }}</h2>
            <div class="overflow-x-auto"><table class="mt-2 w-full border-collapse" data-testid="reconcile-system-only">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class=TH>{if en { "Time" } else { "Thời điểm" }}</th><th class=TH>{if en { "Amount" } else { "Số tiền" }}</th>
                    <th class=TH>{if en { "Payment reference" } else { "Mã thanh toán" }}</th><th class=TH>{if en { "Dossier" } else { "Hồ sơ" }}</th>
                </tr></thead>
                <tbody>{system}</tbody>
            </table></div>
            <p class="mt-6 no-print">
                <a class="text-blue-800 underline" href="/can-bo/doi-soat">{if en { "Reconcile another file" } else { "Đối soát tệp khác" }}</a>
                " · "
                <a class="text-blue-800 underline" href="/can-bo">{if en { "Staff home" } else { "Trang cán bộ" }}</a>
            </p>
        </div>
    }
}

fn form_view() -> impl IntoView {
    let en = use_lang() == Lang::En;
    let number = move |id: &'static str, name: &'static str, label: &'static str| {
        view! {
            <div>
                <label for=id class="block font-medium">{label}</label>
                <input id=id name=name type="number" min="1" max="50" class=INPUT/>
            </div>
        }
    };
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{if en { "Staff home" } else { "Trang cán bộ" }}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{if en { "Reconcile a bank statement" } else { "Đối soát sao kê ngân hàng" }}</h1>
        <p class="mt-2 max-w-prose">{if en {
            "Upload the collection account's statement (CSV) for a date range. Credits are matched to payments by the payment reference in the transfer message, or the bank reference already recorded, and the exact amount."
        } else {
            "Tải lên sao kê tài khoản thu (CSV) của một khoảng ngày. Các khoản ghi có được đối chiếu với các khoản đã thanh toán theo mã thanh toán trong nội dung chuyển khoản (hoặc mã giao dịch ngân hàng đã ghi nhận) và đúng số tiền."
        }}</p>
        <form method="post" action="/can-bo/doi-soat" enctype="multipart/form-data" class="mt-4 grid max-w-3xl gap-4 sm:grid-cols-2" data-testid="reconcile-form">
            <div class="sm:col-span-2">
                <label for="r-file" class="block font-medium">{if en { "Statement file (CSV, at most 5 MB)" } else { "Tệp sao kê (CSV, tối đa 5 MB)" }}</label>
                <input id="r-file" name="statement" type="file" accept=".csv,text/csv" required class="mt-1 block w-full text-lg"/>
            </div>
            <div>
                <label for="r-from" class="block font-medium">{if en { "From" } else { "Từ ngày" }}</label>
                <input id="r-from" name="from" type="date" required class=INPUT/>
            </div>
            <div>
                <label for="r-to" class="block font-medium">{if en { "To" } else { "Đến ngày" }}</label>
                <input id="r-to" name="to" type="date" required class=INPUT/>
            </div>
            <div class="sm:col-span-2">
                <label for="r-layout" class="block font-medium">{if en { "Layout" } else { "Mẫu sao kê" }}</label>
                <select id="r-layout" name="layout" class=INPUT>
                    <option value="mau-a">{if en { "Sample A: comma; date, reference, debit, credit, balance, message" } else { "Mẫu A: dấu phẩy; ngày, số tham chiếu, ghi nợ, ghi có, số dư, nội dung" }}</option>
                    <option value="mau-b">{if en { "Sample B: semicolon; no., date (ISO), message, debit, credit, entry no." } else { "Mẫu B: dấu chấm phẩy; STT, ngày (YYYY-MM-DD), mô tả, nợ, có, số bút toán" }}</option>
                    <option value="tuy-chinh">{if en { "Custom columns (below)" } else { "Tự khai báo cột (bên dưới)" }}</option>
                </select>
            </div>
            <fieldset class="sm:col-span-2 grid gap-3 sm:grid-cols-3 rounded border border-slate-300 p-3">
                <legend class="px-1 font-medium">{if en { "Custom columns (numbered from 1)" } else { "Cột tự khai báo (đánh số từ 1)" }}</legend>
                {number("r-date", "date_col", if en { "Date column" } else { "Cột ngày" })}
                {number("r-credit", "credit_col", if en { "Credit column" } else { "Cột ghi có" })}
                {number("r-content", "content_col", if en { "Message column" } else { "Cột nội dung" })}
                {number("r-ref", "reference_col", if en { "Bank reference column" } else { "Cột mã giao dịch" })}
                {number("r-skip", "skip_rows", if en { "Header rows" } else { "Số dòng tiêu đề" })}
                <div>
                    <label for="r-delim" class="block font-medium">{if en { "Separator" } else { "Dấu phân cách" }}</label>
                    <select id="r-delim" name="delimiter" class=INPUT>
                        <option value=",">","</option><option value=";">";"</option><option value="tab">"Tab"</option>
                    </select>
                </div>
                <div>
                    <label for="r-datefmt" class="block font-medium">{if en { "Date format" } else { "Dạng ngày" }}</label>
                    <select id="r-datefmt" name="date_format" class=INPUT>
                        <option value="dmy">"DD/MM/YYYY"</option><option value="iso">"YYYY-MM-DD"</option>
                    </select>
                </div>
            </fieldset>
            <div class="sm:col-span-2 flex flex-wrap gap-3">
                <button type="submit" name="format" value="html" class="rounded bg-blue-800 px-5 py-3 font-semibold text-white" data-testid="reconcile-run">{if en { "Reconcile" } else { "Đối soát" }}</button>
                <button type="submit" name="format" value="csv" class="rounded border-2 border-blue-800 px-5 py-3 font-semibold text-blue-900" data-testid="reconcile-csv">{if en { "Export the result (CSV)" } else { "Xuất kết quả (CSV)" }}</button>
            </div>
        </form>
    }
}
