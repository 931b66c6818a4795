//! `/can-bo/doi-soat`: reconcile a bank statement (CSV) with the payments recorded here.
//! The form posts the file to `server/src/web/reconcile.rs`, which answers with this page
//! showing the result (given to the render, see [`crate::provided`]) or, with "Xuất
//! CSV", the result as a file; nothing is kept between the two.

use crate::i18n::{Lang, Reconcile, fill, use_lang};
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
    pub amount_vnd: domain::Vnd,
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
    let tr = Lang::english_if(en).of::<Reconcile>();
    let title = fill!(tr.title, from = r.from, to = r.to);
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
            <h2 class="mt-6 text-xl font-bold">{tr.rows_that_could_not}</h2>
            <ul class="list-disc pl-5" data-testid="reconcile-unread">{items}</ul>
        }
    });
    view! {
        <div class="report-page">
            <p class="no-print"><a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a></p>
            <h1 class="mt-2 text-2xl font-bold text-blue-950">{title}</h1>
            <p class="mt-2 text-lg" data-testid="reconcile-summary" data-matched=m data-bank-only=b data-system-only=sys>
                {fill!(tr.matched_m_only_at, b = b, m = m, sys = sys)}
            </p>
            {unread}
            <h2 class="mt-6 text-xl font-bold">{tr.matched}</h2>
            <div class="overflow-x-auto"><table class="mt-2 w-full border-collapse" data-testid="reconcile-matched">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class=TH>{tr.row}</th><th class=TH>{tr.date}</th>
                    <th class=TH>{tr.amount}</th><th class=TH>{tr.message}</th>
                    <th class=TH>{tr.bank_reference}</th><th class=TH>{tr.payment_reference}</th>
                    <th class=TH>{tr.dossier}</th>
                </tr></thead>
                <tbody>{matched}</tbody>
            </table></div>
            <h2 class="mt-6 text-xl font-bold">{tr.only_at_bank}</h2>
            <p class="mt-1">
                {tr.resolve_them_in}
                <a class="text-blue-800 underline" href="/can-bo/ngoai-le">{tr.payments_to_resolve}</a>
                {tr.if_they_are_not}
            </p>
            <div class="overflow-x-auto"><table class="mt-2 w-full border-collapse" data-testid="reconcile-bank-only">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class=TH>{tr.row}</th><th class=TH>{tr.date}</th>
                    <th class=TH>{tr.amount}</th><th class=TH>{tr.message}</th>
                    <th class=TH>{tr.bank_reference}</th><th class=TH>{tr.reason}</th>
                </tr></thead>
                <tbody>{bank}</tbody>
            </table></div>
            <h2 class="mt-6 text-xl font-bold">{tr.only_here}</h2>
            <div class="overflow-x-auto"><table class="mt-2 w-full border-collapse" data-testid="reconcile-system-only">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class=TH>{tr.time}</th><th class=TH>{tr.amount}</th>
                    <th class=TH>{tr.payment_reference}</th><th class=TH>{tr.dossier}</th>
                </tr></thead>
                <tbody>{system}</tbody>
            </table></div>
            <p class="mt-6 no-print">
                <a class="text-blue-800 underline" href="/can-bo/doi-soat">{tr.reconcile_another_file}</a>
                " · "
                <a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a>
            </p>
        </div>
    }
}

fn form_view() -> impl IntoView {
    let en = use_lang() == Lang::En;
    let tr = Lang::english_if(en).of::<Reconcile>();
    let number = move |id: &'static str, name: &'static str, label: &'static str| {
        view! {
            <div>
                <label for=id class="block font-medium">{label}</label>
                <input id=id name=name type="number" min="1" max="50" class=INPUT/>
            </div>
        }
    };
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.reconcile_bank_statement}</h1>
        <p class="mt-2 max-w-prose">{tr.upload_collection_account_s}</p>
        <form method="post" action="/can-bo/doi-soat" enctype="multipart/form-data" class="mt-4 grid max-w-3xl gap-4 sm:grid-cols-2" data-testid="reconcile-form">
            <div class="sm:col-span-2">
                <label for="r-file" class="block font-medium">{tr.statement_file_csv_at}</label>
                <input id="r-file" name="statement" type="file" accept=".csv,text/csv" required class="mt-1 block w-full text-lg"/>
            </div>
            <div>
                <label for="r-from" class="block font-medium">{tr.from}</label>
                <input id="r-from" name="from" type="date" required class=INPUT/>
            </div>
            <div>
                <label for="r-to" class="block font-medium">{tr.to}</label>
                <input id="r-to" name="to" type="date" required class=INPUT/>
            </div>
            <div class="sm:col-span-2">
                <label for="r-layout" class="block font-medium">{tr.layout}</label>
                <select id="r-layout" name="layout" class=INPUT>
                    <option value="mau-a">{tr.sample_comma_date_reference}</option>
                    <option value="mau-b">{tr.sample_b_semicolon_no}</option>
                    <option value="tuy-chinh">{tr.custom_columns_below}</option>
                </select>
            </div>
            <fieldset class="sm:col-span-2 grid gap-3 sm:grid-cols-3 rounded border border-slate-300 p-3">
                <legend class="px-1 font-medium">{tr.custom_columns_numbered_from}</legend>
                {number("r-date", "date_col", tr.date_column)}
                {number("r-credit", "credit_col", tr.credit_column)}
                {number("r-content", "content_col", tr.message_column)}
                {number("r-ref", "reference_col", tr.bank_reference_column)}
                {number("r-skip", "skip_rows", tr.header_rows)}
                <div>
                    <label for="r-delim" class="block font-medium">{tr.separator}</label>
                    <select id="r-delim" name="delimiter" class=INPUT>
                        <option value=",">","</option><option value=";">";"</option><option value="tab">"Tab"</option>
                    </select>
                </div>
                <div>
                    <label for="r-datefmt" class="block font-medium">{tr.date_format}</label>
                    <select id="r-datefmt" name="date_format" class=INPUT>
                        <option value="dmy">"DD/MM/YYYY"</option><option value="iso">"YYYY-MM-DD"</option>
                    </select>
                </div>
            </fieldset>
            <div class="sm:col-span-2 flex flex-wrap gap-3">
                <button type="submit" name="format" value="html" class="rounded bg-blue-800 px-5 py-3 font-semibold text-white" data-testid="reconcile-run">{tr.reconcile}</button>
                <button type="submit" name="format" value="csv" class="rounded border-2 border-blue-800 px-5 py-3 font-semibold text-blue-900" data-testid="reconcile-csv">{tr.export_result_csv}</button>
            </div>
        </form>
    }
}
