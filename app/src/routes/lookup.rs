//! `/tra-cuu`: anyone follows a dossier with its code and phone number, no sign-in.
//! A GET form, so it works without JavaScript and the result page can be bookmarked.

use crate::api::dossiers::lookup;
use crate::components::dossier_parts::StatusBadge;
use crate::components::notice::ErrorNotice;
use crate::i18n::{Dossiers, Lang, use_lang};

use domain::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LookupPage() -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let t = lang.of::<Dossiers>();
    let query = use_query_map();
    let code = move || query.with(|q| q.get("ma").unwrap_or_default());
    let phone = move || query.with(|q| q.get("sdt").unwrap_or_default());
    let result = Resource::new(move || (code(), phone()), |(c, p)| lookup(c, p));
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.lookup_heading}</h1>
        <p class="mt-2 max-w-prose">{t.lookup_intro}</p>
        <form method="get" action="/tra-cuu" class="mt-4 grid max-w-2xl gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
            <div>
                <label for="ma" class="block font-medium">{t.dossier_code}</label>
                <input id="ma" name="ma" value=code required placeholder="000.00.31.H53-261124-0001"
                    class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg" autocapitalize="characters"/>
            </div>
            <div>
                <label for="sdt" class="block font-medium">{lang.t().phone_label}</label>
                <input id="sdt" name="sdt" type="tel" inputmode="numeric" value=phone required
                    class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg"/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white">{t.lookup_button}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(None) => ().into_any(),
                    Ok(Some(d)) => view! {
                        <section class="mt-6 rounded border border-slate-300 p-4" data-testid="lookup-result">
                            <p class="font-semibold break-all">{d.code.clone()}</p>
                            <p>{lang.name(&d.procedure_name, &d.procedure_name_en).to_owned()}</p>
                            <p class="text-slate-700">{d.agency_name.clone()}</p>
                            <p class="mt-2"><StatusBadge status=d.status/></p>
                            <p class="mt-2">{d.status.next_step().get(english).to_owned()}</p>
                            {(d.fee_due_vnd > domain::Vnd::ZERO).then(|| view! { <p class="mt-2">{t.fee_due} ": " {lang.money(d.fee_due_vnd)}</p> })}
                            <ol class="mt-3">
                                {d.history.iter().map(|(at, st)| view! {
                                    <li class="border-l-4 border-blue-800 pl-3 pb-2">{Date::time_vn(*at)} " · " {st.label().get(english).to_owned()}</li>
                                }).collect_view()}
                            </ol>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
