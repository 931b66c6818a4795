//! VNPAY's transaction query (`querydr`, research/payments.md §C.2): the request's and
//! the answer's fields, joined by `|` for their HMAC-SHA512 (computed in `services`).

use super::VERSION;
use std::collections::BTreeMap;

/// The fields of a `querydr` request (the transaction query API,
/// `merchant_webapi/api/transaction`), in the order its checksum joins them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryDr<'a> {
    pub request_id: &'a str,
    pub tmn_code: &'a str,
    pub txn_ref: &'a str,
    /// When the order was created (`yyyyMMddHHmmss`, GMT+7).
    pub transaction_date: &'a str,
    /// When this query is made.
    pub create_date: &'a str,
    pub ip_addr: &'a str,
    pub order_info: &'a str,
}

pub const QUERY_COMMAND: &str = "querydr";

/// The string a `querydr` request's `vnp_SecureHash` is the HMAC-SHA512 of: its
/// fields joined by `|` (unlike a payment URL, which signs its sorted parameters).
#[must_use]
pub fn query_request_data(q: &QueryDr<'_>) -> String {
    [
        q.request_id,
        VERSION,
        QUERY_COMMAND,
        q.tmn_code,
        q.txn_ref,
        q.transaction_date,
        q.create_date,
        q.ip_addr,
        q.order_info,
    ]
    .join("|")
}

/// The fields of a `querydr` answer its `vnp_SecureHash` covers, in order.
pub const QUERY_RESPONSE_FIELDS: [&str; 15] = [
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
];

/// The string a `querydr` answer's `vnp_SecureHash` is the HMAC-SHA512 of: its fields
/// joined by `|`, an absent one empty.
#[must_use]
pub fn query_response_data(answer: &BTreeMap<String, String>) -> String {
    QUERY_RESPONSE_FIELDS
        .iter()
        .map(|k| answer.get(*k).map_or("", String::as_str))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// research/payments.md §C.2 (querydr): fields joined by `|` in the documented
    /// order, the version and command fixed; an absent answer field is empty.
    #[test]
    fn query_checksums_join_fields_in_order() {
        let q = QueryDr {
            request_id: "R1",
            tmn_code: "MOTCUA01",
            txn_ref: "MC261124K7QX9M2A",
            transaction_date: "20261124090000",
            create_date: "20261124093000",
            ip_addr: "127.0.0.1",
            order_info: "Truy van MC261124K7QX9M2A",
        };
        assert_eq!(
            query_request_data(&q),
            "R1|2.1.0|querydr|MOTCUA01|MC261124K7QX9M2A|20261124090000|20261124093000|127.0.0.1|Truy van MC261124K7QX9M2A"
        );
        let mut a = BTreeMap::new();
        for (k, v) in [
            ("vnp_ResponseId", "X"),
            ("vnp_Command", "querydr"),
            ("vnp_ResponseCode", "00"),
            ("vnp_TxnRef", "MC1"),
            ("vnp_TransactionStatus", "00"),
        ] {
            a.insert(k.to_owned(), v.to_owned());
        }
        assert_eq!(query_response_data(&a), "X|querydr|00|||MC1||||||00|||");
    }
}
