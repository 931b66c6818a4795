//! Accent-insensitive, forgiving ranking of procedures for a search box.
//!
//! Each query word is matched against the words of the procedure's name (Vietnamese or
//! English): exactly, as a prefix (typing in progress) or with one typo. A match in the
//! field name counts less. Names that contain the whole query as a phrase, start with it,
//! or are mostly made of it rank first.

use crate::text::{fold, words};

/// What the ranking sees of a procedure.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    pub code: &'a str,
    pub name_vi: &'a str,
    pub name_en: &'a str,
    pub field: &'a str,
}

/// A ranked hit: position in the input slice and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub score: f64,
}

/// Ranks `docs` for `query`, best first. An empty query keeps every document in input order.
///
/// Documents that match every query word come first; if none do, documents that match
/// at least half of the words are returned, so a stray word does not empty the list.
#[must_use]
pub fn rank(query: &str, docs: &[SearchDoc<'_>]) -> Vec<Hit> {
    let raw = query.trim().to_ascii_lowercase();
    if raw.contains('.') && !raw.contains(' ') {
        let mut hits: Vec<Hit> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.code.to_ascii_lowercase().starts_with(&raw))
            .map(|(index, d)| Hit {
                index,
                score: if d.code.eq_ignore_ascii_case(&raw) {
                    2.0
                } else {
                    1.0
                },
            })
            .collect();
        if !hits.is_empty() {
            hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
            return hits;
        }
    }
    let q = words(query);
    if q.is_empty() {
        return (0..docs.len())
            .map(|index| Hit { index, score: 0.0 })
            .collect();
    }
    let phrase = q.join(" ");
    let mut full = Vec::new();
    let mut partial = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        let Some(m) = score_doc(&q, &phrase, doc) else {
            continue;
        };
        let score = m.score;
        if m.matched == q.len() {
            full.push(Hit { index, score });
        } else if m.matched * 2 >= q.len() && m.strong_name_match {
            partial.push(Hit { index, score });
        }
    }
    let mut hits = if full.is_empty() { partial } else { full };
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    hits
}

struct DocMatch {
    matched: usize,
    score: f64,
    /// A word of three letters or more matched the name exactly or as a prefix.
    strong_name_match: bool,
}

fn score_doc(q: &[String], phrase: &str, doc: &SearchDoc<'_>) -> Option<DocMatch> {
    let name_vi = words(doc.name_vi);
    let name_en = words(doc.name_en);
    let field = words(doc.field);
    let mut matched = 0;
    let mut score = 0.0;
    let mut used_vi = 0usize;
    let mut strong_name_match = false;
    for token in q {
        let vi = best(token, &name_vi);
        let en = best(token, &name_en);
        let fi = best(token, &field) * 0.4;
        let s = vi.max(en).max(fi);
        if s > 0.0 {
            matched += 1;
            score += s;
        }
        if vi > 0.0 {
            used_vi += 1;
        }
        if vi.max(en) >= 0.7 && token.len() >= 3 {
            strong_name_match = true;
        }
    }
    if matched == 0 {
        return None;
    }
    let folded_vi = name_vi.join(" ");
    let folded_en = name_en.join(" ");
    if contains_phrase(&folded_vi, phrase) || contains_phrase(&folded_en, phrase) {
        score += 2.0;
        if folded_vi.starts_with(phrase) || folded_en.starts_with(phrase) {
            score += 1.0;
        }
    }
    if !name_vi.is_empty() {
        // Shorter names that are mostly the query are the general procedure people mean.
        #[expect(clippy::cast_precision_loss, reason = "word counts are tiny")]
        let coverage = used_vi as f64 / name_vi.len() as f64;
        score += coverage;
    }
    Some(DocMatch {
        matched,
        score,
        strong_name_match,
    })
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    // The last word may be unfinished: `tam tr` is in `dang ky tam tru`.
    format!(" {haystack}").contains(&format!(" {phrase}"))
}

fn best(token: &str, candidates: &[String]) -> f64 {
    let mut best = 0.0_f64;
    for word in candidates {
        let s = if word == token {
            1.0
        } else if token.chars().count() >= 2 && word.starts_with(token) {
            0.7
        } else if token.chars().count() >= 4 && within_one_edit(token, word) {
            0.6
        } else {
            0.0
        };
        best = best.max(s);
    }
    best
}

/// True when `a` becomes `b` with at most one insertion, deletion, substitution or
/// transposition of adjacent letters.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if ra.is_empty() && rb.is_empty() {
        return true;
    }
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

/// The folded form of a query, as shown back to the user in "no results for …".
#[must_use]
pub fn normalise_query(query: &str) -> String {
    fold(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(code: &'a str, name_vi: &'a str, field: &'a str) -> SearchDoc<'a> {
        SearchDoc {
            code,
            name_vi,
            name_en: "",
            field,
        }
    }

    fn catalog() -> Vec<SearchDoc<'static>> {
        vec![
            doc("1.004884", "Đăng ký lại khai sinh", "Hộ tịch"),
            doc(
                "2.000528",
                "Đăng ký khai sinh có yếu tố nước ngoài",
                "Hộ tịch",
            ),
            doc("1.003583", "Đăng ký khai sinh lưu động", "Hộ tịch"),
            doc("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
            doc("1.010028", "Xóa đăng ký tạm trú", "Đăng ký, quản lý cư trú"),
            doc("1.002755", "Gia hạn tạm trú", "Đăng ký, quản lý cư trú"),
            doc("1.004194", "Đăng ký tạm trú", "Đăng ký, quản lý cư trú"),
            doc(
                "2.000488",
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                "Lý lịch tư pháp",
            ),
            doc(
                "2.000815",
                "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
                "Chứng thực",
            ),
            doc("2.001019", "Chứng thực di chúc", "Chứng thực"),
        ]
    }

    fn top(query: &str) -> Vec<&'static str> {
        let docs = catalog();
        rank(query, &docs)
            .iter()
            .map(|h| docs[h.index].code)
            .collect()
    }

    #[test]
    fn finds_the_general_procedure_first_without_accents() {
        assert_eq!(top("khai sinh")[0], "1.001193");
        assert_eq!(top("dang ky tam tru")[0], "1.004194");
        assert_eq!(top("ly lich tu phap")[0], "2.000488");
        let chung_thuc = top("chung thuc");
        assert_eq!(chung_thuc.len(), 2);
        assert!(
            chung_thuc
                .iter()
                .all(|c| ["2.000815", "2.001019"].contains(c))
        );
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(top("KHAI SINH"), top("khai sinh"));
        assert_eq!(top("Khai Sinh"), top("khai sinh"));
        assert_eq!(top("khai sinh")[0], top("Khai sinh")[0]);
    }

    #[test]
    fn tolerates_one_typo_and_unfinished_words() {
        assert_eq!(top("ly lich tu phapp")[0], "2.000488");
        assert_eq!(top("dang ky tam tr")[0], "1.004194");
        assert_eq!(top("chung thucc").len(), 2);
    }

    #[test]
    fn a_stray_word_does_not_empty_the_list() {
        assert_eq!(top("khai sinh xyzw")[0], "1.001193");
    }

    #[test]
    fn finds_by_code_and_english_name() {
        assert_eq!(top("2.000488"), vec!["2.000488"]);
        let docs = [SearchDoc {
            code: "1",
            name_vi: "Đăng ký khai sinh",
            name_en: "Birth registration",
            field: "",
        }];
        assert_eq!(rank("birth", &docs).len(), 1);
    }

    #[test]
    fn no_match_gives_no_hits() {
        let hits = top("hộ chiếu");
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn empty_query_keeps_everything() {
        assert_eq!(top("  ").len(), catalog().len());
    }

    #[test]
    fn edit_distance_of_one() {
        assert!(within_one_edit("phap", "phap"));
        assert!(within_one_edit("phap", "phapp"));
        assert!(within_one_edit("phap", "pha"));
        assert!(within_one_edit("phap", "pahp"));
        assert!(within_one_edit("phap", "phep"));
        assert!(!within_one_edit("phap", "pxxp"));
        assert!(!within_one_edit("phap", "ph"));
    }
}
