//! `/can-bo/doi-soat`: reconcile a bank statement (CSV) with the payments recorded here.
//! The form posts the file to `server/src/web/reconcile.rs`, which answers with the result
//! page or, with "Xuất CSV", the result as a file; nothing is kept between the two.

use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-2";

#[component]
pub fn StaffReconcilePage() -> impl IntoView {
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
