//! `/can-bo/ki-ot`: every kiosk with its status (online, last seen, mode); admins
//! register new ones (the one-time code is shown once); any staff member switches a
//! kiosk to assisted mode (as the one assisting) and back.

use crate::api::staff::{RegisterKiosk, SetKioskMode, list_kiosks};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{Lang, Staff, use_lang};
use domain::Date;
use leptos::prelude::*;

#[component]
pub fn StaffKiosksPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let register = ServerAction::<RegisterKiosk>::new();
    let switch = ServerAction::<SetKioskMode>::new();
    let data = Resource::new(
        move || (register.version().get(), switch.version().get()),
        |_| list_kiosks(),
    );
    let tr = Lang::english_if(en).of::<Staff>();
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{tr.self_service_kiosks}</h1>
        <FlashNotice/>
        <ActionNotice action=register/>
        <ActionNotice action=switch/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((rows, admin)) => view! {
                        <div class="mt-4 overflow-x-auto">
                            <table class="w-full text-left" data-testid="kiosk-table">
                                <thead><tr class="border-b-2 border-slate-400">
                                    <th class="p-2">{tr.name}</th>
                                    <th class="p-2">{tr.location}</th>
                                    <th class="p-2">{tr.status}</th>
                                    <th class="p-2">{tr.last_seen}</th>
                                    <th class="p-2">{tr.mode}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|k| {
                                        let status = if k.revoked { tr.revoked }
                                            else if !k.enrolled { tr.not_enrolled }
                                            else if k.online { tr.online }
                                            else { tr.offline };
                                        let (next, button) = if k.assisted {
                                            ("self_service", tr.back_to_self_service)
                                        } else {
                                            ("assisted", tr.switch_to_assisted)
                                        };
                                        let mode = match (&k.assisted, &k.assisted_by) {
                                            (true, Some(by)) => format!("{} ({by})", tr.assisted),
                                            (true, None) => tr.assisted.to_owned(),
                                            _ => tr.self_service.to_owned(),
                                        };
                                        view! {
                                            <tr class="border-b border-slate-200" data-testid="kiosk-row">
                                                <td class="p-2 font-semibold">{k.name.clone()}</td>
                                                <td class="p-2">{k.location.clone()}</td>
                                                <td class="p-2" data-testid="kiosk-status">{status}</td>
                                                <td class="p-2">{k.last_seen_at.map(Date::time_vn).unwrap_or_default()}</td>
                                                <td class="p-2">
                                                    <span data-testid="kiosk-mode">{mode}</span>
                                                    {(!k.revoked).then(|| view! {
                                                        <ActionForm action=switch attr:class="mt-1">
                                                            <input type="hidden" name="id" value=k.id/>
                                                            <input type="hidden" name="mode" value=next/>
                                                            <button type="submit" class="rounded border border-blue-800 px-3 py-1 text-blue-900">{button}</button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {admin.then(|| view! {
                            <h2 class="mt-8 text-xl font-bold text-blue-950">{tr.register_kiosk}</h2>
                            <ActionForm action=register attr:class="mt-2 grid max-w-xl gap-3">
                                <label for="k-name" class="font-medium">{tr.kiosk_name}</label>
                                <input id="k-name" name="name" required maxlength="60" class="rounded border-2 border-slate-400 px-3 py-2"/>
                                <label for="k-location" class="font-medium">{tr.location_2}</label>
                                <input id="k-location" name="location" required maxlength="120" class="rounded border-2 border-slate-400 px-3 py-2"/>
                                <button type="submit" class="justify-self-start rounded bg-blue-800 px-6 py-3 font-semibold text-white">{tr.register}</button>
                            </ActionForm>
                        })}
                    }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline" href="/can-bo/dang-nhap">{lang.t().nav_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
