//! `/can-bo/ngoai-le`: bank credits that did not pay a notice by themselves. Each can
//! be matched to a dossier's notice, accepted late or marked for refund, with a reason
//! (plain form posts, `server/src/web/back_office.rs`).

use crate::api::exceptions::{ExceptionRow, payment_exceptions};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use domain::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn kind_label(kind: &str, en: bool) -> &'static str {
    match (kind, en) {
        ("unknown_reference", false) => "Không rõ mã thanh toán",
        ("unknown_reference", true) => "Unknown reference",
        ("wrong_amount", false) => "Sai số tiền",
        ("wrong_amount", true) => "Wrong amount",
        ("late", false) => "Thanh toán muộn",
        ("late", true) => "Late payment",
        ("duplicate", false) => "Thanh toán trùng",
        ("duplicate", true) => "Duplicate payment",
        (_, false) => "Khác",
        (_, true) => "Other",
    }
}

fn resolution_label(r: &str, en: bool) -> &'static str {
    match (r, en) {
        ("matched", false) => "Đã ghép với hồ sơ",
        ("matched", true) => "Matched to a dossier",
        ("accepted_late", false) => "Chấp nhận thanh toán muộn",
        ("accepted_late", true) => "Accepted late",
        ("refund", false) => "Hoàn tiền",
        ("refund", true) => "Marked for refund",
        (_, _) => "",
    }
}

#[component]
pub fn StaffExceptionsPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let query = use_query_map();
    let all = move || query.with(|q| q.get("tat-ca").is_some());
    let data = Resource::new(all, payment_exceptions);
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{if en { "Staff home" } else { "Trang cán bộ" }}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{if en { "Payments to resolve" } else { "Khoản thanh toán cần xử lý" }}</h1>
        <p class="mt-1"><a class="text-blue-800 underline" href=move || if all() { "/can-bo/ngoai-le" } else { "/can-bo/ngoai-le?tat-ca=1" }>
            {move || match (all(), en) { (true, false) => "Chỉ khoản chưa xử lý", (true, true) => "Open only", (false, false) => "Xem cả khoản đã xử lý", (false, true) => "Include resolved" }}
        </a></p>
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-4" data-testid="exceptions-empty">{if en { "Nothing to resolve." } else { "Không có khoản nào cần xử lý." }}</p> }.into_any(),
                    Ok(rows) => rows.into_iter().map(|e| view! { <ExceptionCard e/> }).collect_view().into_any(),
                    Err(AppError::Unauthenticated | AppError::Forbidden) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ExceptionCard(e: ExceptionRow) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let money = |v: i64| lang.money(v);
    let id = e.id;
    let late = e.kind == "late";
    let can_match = e.kind == "unknown_reference" || e.kind == "wrong_amount";
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="exception" data-kind=e.kind.clone()>
            <h2 class="text-lg font-bold text-blue-950">{kind_label(&e.kind, en)} " · " {money(e.amount_vnd)}</h2>
            <dl class="mt-1 grid gap-x-4 sm:grid-cols-[max-content_1fr]">
                <dt class="font-medium">{if en { "Received" } else { "Nhận lúc" }}</dt><dd>{Date::time_vn(e.created_at)}</dd>
                <dt class="font-medium">{if en { "Transfer message" } else { "Nội dung chuyển khoản" }}</dt><dd class="break-all font-mono">{e.content.clone()}</dd>
                <dt class="font-medium">{if en { "Bank reference" } else { "Mã giao dịch ngân hàng" }}</dt><dd class="font-mono">{e.bank_reference.clone()}</dd>
                {e.dossier_code.clone().map(|c| view! {
                    <dt class="font-medium">{if en { "Dossier" } else { "Hồ sơ" }}</dt>
                    <dd><a class="text-blue-800 underline" href=format!("/can-bo/ho-so/{c}")>{c.clone()}</a>
                        {e.due_vnd.map(|d| format!(" ({} {})", if en { "due" } else { "phải nộp" }, money(d)))}</dd>
                })}
            </dl>
            {if e.open {
                view! {
                    <form method="post" action=format!("/can-bo/ngoai-le/{id}") class="mt-3 grid gap-3 sm:grid-cols-2">
                        <div class="sm:col-span-2">
                            <label for=format!("reason-{id}") class="block font-medium">{if en { "Reason (required)" } else { "Lý do xử lý (bắt buộc)" }}</label>
                            <input id=format!("reason-{id}") name="reason" required minlength="5" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"/>
                        </div>
                        {can_match.then(|| view! {
                            <div>
                                <label for=format!("code-{id}") class="block font-medium">{if en { "Dossier code to match" } else { "Mã hồ sơ để ghép" }}</label>
                                <input id=format!("code-{id}") name="code" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"/>
                            </div>
                        })}
                        <div class="flex flex-wrap items-end gap-3 sm:col-span-2">
                            {can_match.then(|| view! {
                                <button type="submit" name="action" value="match" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="exception-match">{if en { "Match" } else { "Ghép với hồ sơ" }}</button>
                            })}
                            {late.then(|| view! {
                                <button type="submit" name="action" value="accept_late" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="exception-accept">{if en { "Accept late" } else { "Chấp nhận muộn" }}</button>
                            })}
                            <button type="submit" name="action" value="refund" class="rounded border-2 border-red-800 px-4 py-2 font-semibold text-red-900" data-testid="exception-refund">{if en { "Mark for refund" } else { "Đánh dấu hoàn tiền" }}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="mt-2 rounded bg-slate-100 p-2" data-testid="exception-resolved">
                        {resolution_label(e.resolution.as_deref().unwrap_or_default(), en)} " — " {e.reason.clone()}
                        {e.resolved_by.clone().map(|n| format!(" ({n})"))}
                    </p>
                }.into_any()
            }}
        </section>
    }
}
