//! `/can-bo/bao-cao?thang=YYYY-MM`: the monthly online-payment report per agency and
//! procedure, with each agency's rate against its target, a bar chart (SVG), CSV
//! export and an A4 print layout.

use crate::api::reports::get_monthly_report;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, Reports, use_lang};
use domain::report::{AgencyReport, MonthlyReport};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffReportsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let month = move || query.with(|q| q.get("thang").unwrap_or_default());
    let data = Resource::new(month, get_monthly_report);
    view! {
        <div class="report-page">
            <p class="no-print"><a class="text-blue-800 underline" href="/can-bo">{lang.of::<Reports>().staff_home}</a></p>
            <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(r) => view! { <Report r/> }.into_any(),
                        Err(AppError::Unauthenticated | AppError::Forbidden) => view! {
                            <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Report(r: MonthlyReport) -> impl IntoView {
    let en = use_lang() == Lang::En;
    let tr = Lang::english_if(en).of::<Reports>();
    let month = r.month.to_string();
    let csv = format!("/api/v1/staff/reports/monthly.csv?month={month}");
    let xlsx = format!("/api/v1/staff/reports/monthly.xlsx?month={month}");
    let prev = format!("/can-bo/bao-cao?thang={}", r.month.previous());
    let next = format!("/can-bo/bao-cao?thang={}", r.month.next());
    let rows = r.agencies.iter().map(|a| agency_row(en, a)).collect_view();
    let total = &r.total;
    view! {
        <h1 class="mt-2 text-2xl font-bold text-blue-950">
            {tr.online_payment_report}
            <span data-testid="report-month">{format!("{:02}/{}", r.month.month, r.month.year)}</span>
        </h1>
        <form method="get" action="/can-bo/bao-cao" class="no-print mt-3 flex flex-wrap items-end gap-3">
            <a class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900" href=prev>{tr.previous}</a>
            <div>
                <label for="thang" class="block font-medium">{tr.month}</label>
                <input id="thang" name="thang" type="month" value=month class="mt-1 rounded border-2 border-slate-400 px-3 py-2"/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white">{tr.show}</button>
            <a class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900" href=next>{tr.next}</a>
            <a class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900" href=csv data-testid="report-csv" rel="external" download>{tr.export_csv}</a>
            <a class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900" href=xlsx data-testid="report-xlsx" rel="external" download>{tr.export_xlsx}</a>
        </form>
        <p class="mt-3 max-w-prose text-slate-700">{tr.paid_online_dossiers_submitted}</p>
        <Chart r=r.clone()/>
        <div class="mt-4 overflow-x-auto">
            <table class="w-full text-left" data-testid="report-table">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class="p-2">{tr.agency}</th>
                    <th class="p-2 text-right">{tr.fee_bearing_dossiers}</th>
                    <th class="p-2 text-right">{tr.paid_by_qr}</th>
                    <th class="p-2 text-right">{tr.rate}</th>
                    <th class="p-2 text-right">{tr.target}</th>
                    <th class="p-2">{tr.result}</th>
                    <th class="p-2 text-right">{tr.procedures_online}</th>
                    <th class="p-2 text-right">{tr.collected}</th>
                    <th class="p-2 text-right">{tr.refunded}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr class="border-t-2 border-slate-400 font-semibold">
                    <td class="p-2">{tr.total}</td>
                    <td class="p-2 text-right">{total.fee_bearing_dossiers}</td>
                    <td class="p-2 text-right">{total.paid_online_qr}</td>
                    <td class="p-2 text-right">{total.paid_online().display(en)}</td>
                    <td class="p-2"></td><td class="p-2"></td>
                    <td class="p-2 text-right">{format!("{}/{} ({})", total.procedures_online, total.fee_bearing_procedures, total.procedures_configured().display(en))}</td>
                    <td class="p-2 text-right">{use_lang().money(total.collected_vnd)}</td>
                    <td class="p-2 text-right">{use_lang().money(total.refunded_vnd)}</td>
                </tr></tfoot>
            </table>
        </div>
        <h2 class="mt-6 text-xl font-bold text-blue-950">{tr.by_procedure}</h2>
        {r.agencies.iter().filter(|a| !a.procedures.is_empty()).map(|a| procedures(en, a)).collect_view()}
    }
}

fn agency_row(en: bool, a: &AgencyReport) -> impl IntoView + use<> {
    let tr = Lang::english_if(en).of::<Reports>();
    let f = &a.figures;
    let (label, class) = match a.target_met {
        Some(true) => (
            tr.target_met,
            "rounded bg-green-700 px-2 py-1 font-semibold text-white",
        ),
        Some(false) => (
            tr.target_not_met,
            "rounded bg-red-700 px-2 py-1 font-semibold text-white",
        ),
        None => (tr.no_fee_bearing_dossier, "text-slate-700"),
    };
    view! {
        <tr class="border-b border-slate-200 align-top" data-testid="report-agency" data-code=a.code.clone()>
            <td class="p-2">{a.name.clone()} <span class="block text-sm text-slate-700">{a.code.clone()}</span></td>
            <td class="p-2 text-right">{f.fee_bearing_dossiers}</td>
            <td class="p-2 text-right">{f.paid_online_qr}</td>
            <td class="p-2 text-right font-semibold" data-testid="report-rate">{f.paid_online().display(en)}</td>
            <td class="p-2 text-right">{format!("{} %", a.target_pct)}</td>
            <td class="p-2"><span class=class data-testid="report-met">{label}</span></td>
            <td class="p-2 text-right">{format!("{}/{} ({})", f.procedures_online, f.fee_bearing_procedures, f.procedures_configured().display(en))}</td>
            <td class="p-2 text-right">{use_lang().money(f.collected_vnd)}</td>
            <td class="p-2 text-right" data-testid="report-refunded">{use_lang().money(f.refunded_vnd)}</td>
        </tr>
    }
}

fn procedures(en: bool, a: &AgencyReport) -> impl IntoView + use<> {
    let tr = Lang::english_if(en).of::<Reports>();
    let rows = a
        .procedures
        .iter()
        .map(|p| {
            let f = &p.figures;
            view! {
                <tr class="border-b border-slate-200 align-top">
                    <td class="p-2"><span class="font-mono text-sm">{p.code.clone()}</span> " " {p.name.clone()}</td>
                    <td class="p-2">{if p.online_payment { tr.yes } else { tr.no }}</td>
                    <td class="p-2 text-right">{f.fee_bearing_dossiers}</td>
                    <td class="p-2 text-right">{f.paid_online_qr}</td>
                    <td class="p-2 text-right">{f.paid_online().display(en)}</td>
                    <td class="p-2 text-right">{use_lang().money(f.collected_vnd)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3 class="mt-4 text-lg font-semibold">{a.name.clone()}</h3>
        <div class="overflow-x-auto">
            <table class="w-full text-left text-sm">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class="p-2">{tr.procedure}</th>
                    <th class="p-2">{tr.online_payment}</th>
                    <th class="p-2 text-right">{tr.fee_bearing}</th>
                    <th class="p-2 text-right">{tr.paid_by_qr}</th>
                    <th class="p-2 text-right">{tr.rate}</th>
                    <th class="p-2 text-right">{tr.collected}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Horizontal bars: each agency's rate, with its target as a tick; green when met.
#[component]
fn Chart(r: MonthlyReport) -> impl IntoView {
    let en = use_lang() == Lang::En;
    let tr = Lang::english_if(en).of::<Reports>();
    let row_h = 34;
    let label_w = 260;
    let bar_w = 400;
    let height = 30 + row_h * i32::try_from(r.agencies.len()).unwrap_or(0);
    let bars = r
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let y = 20 + row_h * i32::try_from(i).unwrap_or(0);
            let permille = a.figures.paid_online().permille();
            let w = permille.map_or(0, |p| i32::try_from(p.min(1000)).unwrap_or(0) * bar_w / 1000);
            let target_x = label_w + i32::try_from(a.target_pct.clamp(0, 100)).unwrap_or(0) * bar_w / 100;
            let fill = match a.target_met {
                Some(true) => "#15803d",
                Some(false) => "#b91c1c",
                None => "#94a3b8",
            };
            let name: String = a.name.chars().take(34).collect();
            view! {
                <text x="0" y=y + 17 font-size="13" fill="#0f172a">{name}</text>
                <rect x=label_w y=y width=bar_w height="22" fill="#e2e8f0"/>
                <rect x=label_w y=y width=w height="22" fill=fill/>
                <line x1=target_x x2=target_x y1=y - 3 y2=y + 25 stroke="#0f172a" stroke-width="2"/>
                <text x=label_w + bar_w + 8 y=y + 17 font-size="13" fill="#0f172a">{a.figures.paid_online().display(en)}</text>
            }
        })
        .collect_view();
    let title = tr.share_of_fee_bearing;
    view! {
        <figure class="mt-4">
            <svg role="img" aria-label=title viewBox=format!("0 0 {} {height}", label_w + bar_w + 70) class="w-full max-w-3xl" data-testid="report-chart">
                <title>{title}</title>
                {bars}
            </svg>
            <figcaption class="text-sm text-slate-700">{title}</figcaption>
        </figure>
    }
}
