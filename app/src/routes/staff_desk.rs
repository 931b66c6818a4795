//! `/can-bo/tiep-nhan`: an officer records a paper dossier received at the desk or by
//! post; a fee notice is issued at once and, if asked, texted to the applicant.
//! A plain form post (`server/src/desk.rs`), so it works with JavaScript off.

use crate::api::desk::{IntakeForm, desk_form};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg";

#[component]
pub fn StaffDeskPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |()| desk_form());
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{if lang == Lang::En { "Staff home" } else { "Trang cán bộ" }}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{if lang == Lang::En { "Record a desk or postal dossier" } else { "Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính" }}</h1>
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(form) => view! { <DeskForm form/> }.into_any(),
                    Err(AppError::Unauthenticated | AppError::Forbidden) => view! {
                        <p class="mt-4">{if lang == Lang::En { "Only officers of an agency can record dossiers." } else { "Chỉ cán bộ của một cơ quan mới tiếp nhận được hồ sơ." }}</p>
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
    let value = |name: &str| form.values.get(name).cloned().unwrap_or_default();
    let chosen = value("procedure");
    let postal = value("channel") == "postal";
    let send_sms = form.values.is_empty() || value("send_sms") == "1";
    let options = form
        .procedures
        .iter()
        .map(|p| {
            let fee = if p.fee_vnd > 0 {
                domain::Vnd::try_new(p.fee_vnd)
                    .unwrap_or_default()
                    .display_vi()
            } else if en {
                "no fee".to_owned()
            } else {
                "không thu phí".to_owned()
            };
            let label = format!("{} · {} ({fee})", p.code, p.name);
            view! { <option value=p.code.clone() selected=p.code == chosen>{label}</option> }
        })
        .collect_view();
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
    view! {
        <p class="mt-1 text-slate-700">{form.agency_name.clone()}</p>
        <form method="post" action="/can-bo/tiep-nhan" class="mt-4 max-w-2xl space-y-4" data-testid="desk-form">
            <div>
                <label for="d-procedure" class="block font-medium">{if en { "Procedure" } else { "Thủ tục" }}</label>
                <select id="d-procedure" name="procedure" required class=INPUT>{options}</select>
            </div>
            <fieldset>
                <legend class="font-medium">{if en { "Received" } else { "Hình thức nhận" }}</legend>
                <label class="mr-6 inline-flex items-center gap-2 py-2 text-lg">
                    <input type="radio" name="channel" value="desk" checked=!postal class="h-6 w-6"/>{if en { "at the desk" } else { "trực tiếp" }}
                </label>
                <label class="inline-flex items-center gap-2 py-2 text-lg">
                    <input type="radio" name="channel" value="postal" checked=postal class="h-6 w-6"/>{if en { "by post" } else { "qua bưu chính" }}
                </label>
            </fieldset>
            {field("d-name", "full_name", if en { "Applicant's full name" } else { "Họ và tên người nộp" }, "text", "text", value("full_name"))}
            {field("d-phone", "phone", if en { "Mobile phone (receives the payment link)" } else { "Số điện thoại di động (nhận đường dẫn thanh toán)" }, "tel", "numeric", value("phone"))}
            {field("d-national-id", "national_id", if en { "Citizen ID (CCCD, 12 digits)" } else { "Số định danh cá nhân (CCCD, 12 số)" }, "text", "numeric", value("national_id"))}
            {field("d-dob", "date_of_birth", if en { "Date of birth" } else { "Ngày sinh" }, "date", "numeric", value("date_of_birth"))}
            <label class="flex items-center gap-3 text-lg">
                <input type="checkbox" name="send_sms" value="1" checked=send_sms class="h-6 w-6" data-testid="d-send-sms"/>
                {if en { "Text the fee notice with the payment link now" } else { "Gửi ngay tin nhắn thông báo phí kèm đường dẫn thanh toán" }}
            </label>
            <button type="submit" class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white" data-testid="desk-submit">
                {if en { "Record and issue the fee notice" } else { "Tiếp nhận và phát hành thông báo phí" }}
            </button>
        </form>
    }
}
