//! The dossier workflow. Internal statuses are finer than the ten national status
//! codes (`TrangThaiHoSo`) and each maps onto one of them; every move is an [`Action`]
//! by an [`Actor`], checked here by [`Status::apply`].

use crate::{Localized, Text};
use serde::{Deserialize, Serialize};

/// Where a dossier is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being filled in; not sent yet, no code yet.
    Draft,
    /// Sent, waiting for the one-stop desk.
    Submitted,
    /// Accepted by the one-stop desk.
    Received,
    /// The fee must be paid before processing.
    AwaitingPayment,
    /// The desk asked the citizen for more documents.
    SupplementRequested,
    /// The citizen sent the supplement; waiting for the desk again.
    Resubmitted,
    /// Refused at intake.
    Refused,
    /// With the specialised unit.
    Processing,
    /// Processing stopped.
    Stopped,
    /// The result is ready to be returned.
    ResultReady,
    /// The result was handed over.
    Returned,
    /// Withdrawn by the citizen.
    Withdrawn,
}

/// The national status codes used to synchronise with the national portal and for
/// the indicators (research/product.md §4c).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalStatus {
    pub code: u8,
    pub name: &'static str,
}

impl Status {
    pub const ALL: [Self; 12] = [
        Self::Draft,
        Self::Submitted,
        Self::Received,
        Self::AwaitingPayment,
        Self::SupplementRequested,
        Self::Resubmitted,
        Self::Refused,
        Self::Processing,
        Self::Stopped,
        Self::ResultReady,
        Self::Returned,
        Self::Withdrawn,
    ];

    /// The stored name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Received => "received",
            Self::AwaitingPayment => "awaiting_payment",
            Self::SupplementRequested => "supplement_requested",
            Self::Resubmitted => "resubmitted",
            Self::Refused => "refused",
            Self::Processing => "processing",
            Self::Stopped => "stopped",
            Self::ResultReady => "result_ready",
            Self::Returned => "returned",
            Self::Withdrawn => "withdrawn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The national code this status is reported as; none for a draft.
    #[must_use]
    pub fn national(self) -> Option<NationalStatus> {
        let (code, name) = match self {
            Self::Draft => return None,
            Self::Submitted | Self::Resubmitted => (1, "Mới đăng ký"),
            Self::Received => (2, "Được tiếp nhận"),
            Self::Refused => (3, "Không được tiếp nhận"),
            Self::Processing => (4, "Đang xử lý"),
            Self::SupplementRequested => (5, "Yêu cầu bổ sung giấy tờ"),
            Self::AwaitingPayment => (6, "Yêu cầu thực hiện nghĩa vụ tài chính"),
            Self::Withdrawn => (7, "Công dân yêu cầu rút hồ sơ"),
            Self::Stopped => (8, "Dừng xử lý"),
            Self::ResultReady => (9, "Đã xử lý xong"),
            Self::Returned => (10, "Đã trả kết quả"),
        };
        Some(NationalStatus { code, name })
    }

    /// The name shown to people.
    #[must_use]
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            Self::Draft => ("Bản nháp", "Draft"),
            Self::Submitted => ("Mới đăng ký, chờ tiếp nhận", "Submitted, awaiting intake"),
            Self::Received => ("Đã tiếp nhận", "Received"),
            Self::AwaitingPayment => ("Chờ nộp phí, lệ phí", "Awaiting fee payment"),
            Self::SupplementRequested => ("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
            Self::Resubmitted => ("Đã bổ sung, chờ tiếp nhận", "Supplemented, awaiting intake"),
            Self::Refused => ("Không được tiếp nhận", "Refused"),
            Self::Processing => ("Đang xử lý", "Being processed"),
            Self::Stopped => ("Dừng xử lý", "Processing stopped"),
            Self::ResultReady => ("Đã có kết quả", "Result ready"),
            Self::Returned => ("Đã trả kết quả", "Result returned"),
            Self::Withdrawn => ("Đã rút hồ sơ", "Withdrawn"),
        };
        Text::new(vi, en)
    }

    /// What the citizen should do now, in one sentence.
    #[must_use]
    pub fn next_step(self) -> Text {
        let (vi, en) = match self {
            Self::Draft => (
                "Hoàn thành tờ khai, đính kèm giấy tờ rồi bấm \"Nộp hồ sơ\".",
                "Complete the form, attach the documents and press \"Submit\".",
            ),
            Self::Submitted | Self::Resubmitted => (
                "Bộ phận Một cửa đang kiểm tra hồ sơ. Bạn sẽ nhận tin nhắn khi có kết quả kiểm tra.",
                "The one-stop desk is checking the dossier. You will get a text message when it has been checked.",
            ),
            Self::Received => (
                "Hồ sơ đã được tiếp nhận và sẽ được chuyển xử lý.",
                "The dossier was accepted and will be passed on for processing.",
            ),
            Self::AwaitingPayment => (
                "Vui lòng nộp phí, lệ phí để hồ sơ được xử lý.",
                "Please pay the fee so the dossier can be processed.",
            ),
            Self::SupplementRequested => (
                "Đọc yêu cầu của cán bộ, bổ sung giấy tờ rồi bấm \"Gửi bổ sung\".",
                "Read the officer's request, add the documents and press \"Send supplement\".",
            ),
            Self::Refused => (
                "Hồ sơ không được tiếp nhận. Xem lý do bên dưới; bạn có thể nộp hồ sơ mới.",
                "The dossier was refused. See the reason below; you may submit a new dossier.",
            ),
            Self::Processing => (
                "Hồ sơ đang được xử lý. Không cần làm gì thêm.",
                "The dossier is being processed. Nothing to do for now.",
            ),
            Self::Stopped => (
                "Việc xử lý đã dừng. Xem lý do bên dưới hoặc liên hệ Bộ phận Một cửa.",
                "Processing has stopped. See the reason below or contact the one-stop desk.",
            ),
            Self::ResultReady => (
                "Kết quả đã sẵn sàng. Mang CCCD đến Bộ phận Một cửa để nhận.",
                "The result is ready. Bring your citizen ID to the one-stop desk to collect it.",
            ),
            Self::Returned => ("Đã hoàn thành.", "Completed."),
            Self::Withdrawn => ("Hồ sơ đã được rút.", "The dossier was withdrawn."),
        };
        Text::new(vi, en)
    }

    /// No further move is possible.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Refused | Self::Stopped | Self::Returned | Self::Withdrawn
        )
    }

    /// The citizen may add attachments (a draft, or answering a supplement request).
    #[must_use]
    pub fn accepts_citizen_files(self) -> bool {
        matches!(
            self,
            Self::Draft | Self::Submitted | Self::SupplementRequested
        )
    }

    /// The citizen must act, so they are told by SMS when the dossier gets here.
    #[must_use]
    pub fn notifies_citizen(self) -> bool {
        matches!(
            self,
            Self::SupplementRequested
                | Self::AwaitingPayment
                | Self::Refused
                | Self::Stopped
                | Self::ResultReady
        )
    }

    /// What the system does at once after a move: fees are paid before processing,
    /// so intake of a dossier whose fee is still unpaid asks for payment.
    #[must_use]
    pub fn follow_up(self, fee_outstanding: bool) -> Option<Action> {
        (self == Self::Received && fee_outstanding).then_some(Action::RequestPayment)
    }

    /// Applies an action by an actor, or says why it is not allowed.
    ///
    /// # Errors
    /// `TransitionError` when the actor may not take this action, when it does not
    /// apply to this status, or when a required note is missing.
    pub fn apply(self, action: Action, actor: Actor, note: &str) -> Result<Self, TransitionError> {
        if !action.allowed_for(actor) {
            return Err(TransitionError::NotAllowed { action });
        }
        if action.needs_note() && note.trim().is_empty() {
            return Err(TransitionError::NoteRequired { action });
        }
        use Action as A;
        use Status as S;
        let next = match (action, self) {
            (A::Submit, S::Draft) => S::Submitted,
            (A::Receive, S::Submitted | S::Resubmitted) => S::Received,
            (A::RequestSupplement, S::Submitted | S::Resubmitted | S::Received | S::Processing) => {
                S::SupplementRequested
            }
            (A::Resubmit, S::SupplementRequested) => S::Resubmitted,
            (A::Refuse, S::Submitted | S::Resubmitted) => S::Refused,
            (A::RequestPayment, S::Received) => S::AwaitingPayment,
            (A::ConfirmPayment, S::AwaitingPayment) => S::Received,
            (A::StartProcessing, S::Received) => S::Processing,
            (A::Stop, S::Processing) => S::Stopped,
            (A::MarkResultReady, S::Processing) => S::ResultReady,
            (A::Return, S::ResultReady) => S::Returned,
            (
                A::Withdraw,
                S::Submitted
                | S::Resubmitted
                | S::Received
                | S::AwaitingPayment
                | S::SupplementRequested,
            ) => S::Withdrawn,
            (action, from) => return Err(TransitionError::Invalid { action, from }),
        };
        Ok(next)
    }
}

/// Who moves a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Citizen,
    Staff,
    /// The system itself (payments).
    System,
}

/// A move in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Receive,
    RequestSupplement,
    Resubmit,
    Refuse,
    RequestPayment,
    ConfirmPayment,
    StartProcessing,
    Stop,
    MarkResultReady,
    Return,
    Withdraw,
}

impl Action {
    pub const ALL: [Self; 12] = [
        Self::Submit,
        Self::Receive,
        Self::RequestSupplement,
        Self::Resubmit,
        Self::Refuse,
        Self::RequestPayment,
        Self::ConfirmPayment,
        Self::StartProcessing,
        Self::Stop,
        Self::MarkResultReady,
        Self::Return,
        Self::Withdraw,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Receive => "receive",
            Self::RequestSupplement => "request_supplement",
            Self::Resubmit => "resubmit",
            Self::Refuse => "refuse",
            Self::RequestPayment => "request_payment",
            Self::ConfirmPayment => "confirm_payment",
            Self::StartProcessing => "start_processing",
            Self::Stop => "stop",
            Self::MarkResultReady => "mark_result_ready",
            Self::Return => "return",
            Self::Withdraw => "withdraw",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Who may take this action. Staff also submit dossiers received at the desk.
    #[must_use]
    pub fn allowed_for(self, actor: Actor) -> bool {
        match self {
            Self::Submit => matches!(actor, Actor::Citizen | Actor::Staff),
            Self::Resubmit | Self::Withdraw => actor == Actor::Citizen,
            Self::RequestPayment | Self::ConfirmPayment => actor == Actor::System,
            Self::Receive
            | Self::RequestSupplement
            | Self::Refuse
            | Self::StartProcessing
            | Self::Stop
            | Self::MarkResultReady
            | Self::Return => actor == Actor::Staff,
        }
    }

    /// The action must say why (the citizen reads it).
    #[must_use]
    pub fn needs_note(self) -> bool {
        matches!(self, Self::RequestSupplement | Self::Refuse | Self::Stop)
    }

    /// The name on buttons and in the history.
    #[must_use]
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            Self::Submit => ("Nộp hồ sơ", "Submit"),
            Self::Receive => ("Tiếp nhận", "Receive"),
            Self::RequestSupplement => ("Yêu cầu bổ sung", "Request a supplement"),
            Self::Resubmit => ("Gửi bổ sung", "Send supplement"),
            Self::Refuse => ("Từ chối tiếp nhận", "Refuse"),
            Self::RequestPayment => ("Yêu cầu nộp phí", "Request payment"),
            Self::ConfirmPayment => ("Đã nộp phí", "Fee paid"),
            Self::StartProcessing => ("Chuyển xử lý", "Start processing"),
            Self::Stop => ("Dừng xử lý", "Stop processing"),
            Self::MarkResultReady => ("Đã có kết quả", "Mark result ready"),
            Self::Return => ("Trả kết quả", "Return the result"),
            Self::Withdraw => ("Rút hồ sơ", "Withdraw"),
        };
        Text::new(vi, en)
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    NotAllowed { action: Action },
    NoteRequired { action: Action },
    Invalid { action: Action, from: Status },
}

impl Localized for TransitionError {
    fn text(&self) -> Text {
        match self {
            Self::NotAllowed { action } => {
                let a = action.label();
                Text::new(
                    format!("Bạn không được thực hiện thao tác \"{}\"", a.vi),
                    format!("You may not \"{}\"", a.en),
                )
            }
            Self::NoteRequired { action } => {
                let a = action.label();
                Text::new(
                    format!("Vui lòng ghi rõ lý do hoặc nội dung để \"{}\"", a.vi),
                    format!("Please write the reason or request to \"{}\"", a.en),
                )
            }
            Self::Invalid { action, from } => {
                let (a, s) = (action.label(), from.label());
                Text::new(
                    format!("Không thể \"{}\" khi hồ sơ ở trạng thái \"{}\"", a.vi, s.vi),
                    format!("Cannot \"{}\" a dossier that is \"{}\"", a.en, s.en),
                )
            }
        }
    }
}
crate::localized_error!(TransitionError);

/// How the dossier reached the agency (`KenhThucHien`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Trực tuyến: the citizen's own browser or the API.
    Online,
    /// Trực tiếp: at the one-stop desk.
    Desk,
    /// Bưu chính công ích: by post.
    Postal,
    /// At a self-service kiosk.
    Kiosk,
    /// At a kiosk with a member of staff helping.
    KioskAssisted,
}

impl Channel {
    pub const ALL: [Self; 5] = [
        Self::Online,
        Self::Desk,
        Self::Postal,
        Self::Kiosk,
        Self::KioskAssisted,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Desk => "desk",
            Self::Postal => "postal",
            Self::Kiosk => "kiosk",
            Self::KioskAssisted => "kiosk_assisted",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    /// The national `KenhThucHien` code: 1 trực tiếp, 2 trực tuyến, 3 bưu chính.
    /// Kiosks are online self-service.
    #[must_use]
    pub fn national_code(self) -> u8 {
        match self {
            Self::Desk => 1,
            Self::Online | Self::Kiosk | Self::KioskAssisted => 2,
            Self::Postal => 3,
        }
    }

    #[must_use]
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            Self::Online => ("Trực tuyến", "Online"),
            Self::Desk => ("Trực tiếp", "At the desk"),
            Self::Postal => ("Bưu chính công ích", "By post"),
            Self::Kiosk => ("Ki-ốt tự phục vụ", "Self-service kiosk"),
            Self::KioskAssisted => ("Ki-ốt, có cán bộ hỗ trợ", "Kiosk, assisted by staff"),
        };
        Text::new(vi, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unpaid_fee_holds_the_dossier_before_processing() {
        assert_eq!(
            Status::Received.follow_up(true),
            Some(Action::RequestPayment)
        );
        assert_eq!(Status::Received.follow_up(false), None);
        for st in Status::ALL {
            if st != Status::Received {
                assert_eq!(st.follow_up(true), None, "{st:?}");
            }
        }
        let held = Status::Received
            .apply(Action::RequestPayment, Actor::System, "")
            .unwrap();
        assert_eq!(held, Status::AwaitingPayment);
        assert!(
            held.apply(Action::StartProcessing, Actor::Staff, "")
                .is_err()
        );
        assert_eq!(
            held.apply(Action::ConfirmPayment, Actor::System, ""),
            Ok(Status::Received)
        );
    }
    use Action as A;
    use Status as S;

    /// Every (status, action) pair that is allowed, with its result; all others fail.
    const TABLE: &[(Status, Action, Status)] = &[
        (S::Draft, A::Submit, S::Submitted),
        (S::Submitted, A::Receive, S::Received),
        (S::Resubmitted, A::Receive, S::Received),
        (S::Submitted, A::RequestSupplement, S::SupplementRequested),
        (S::Resubmitted, A::RequestSupplement, S::SupplementRequested),
        (S::Received, A::RequestSupplement, S::SupplementRequested),
        (S::Processing, A::RequestSupplement, S::SupplementRequested),
        (S::SupplementRequested, A::Resubmit, S::Resubmitted),
        (S::Submitted, A::Refuse, S::Refused),
        (S::Resubmitted, A::Refuse, S::Refused),
        (S::Received, A::RequestPayment, S::AwaitingPayment),
        (S::AwaitingPayment, A::ConfirmPayment, S::Received),
        (S::Received, A::StartProcessing, S::Processing),
        (S::Processing, A::Stop, S::Stopped),
        (S::Processing, A::MarkResultReady, S::ResultReady),
        (S::ResultReady, A::Return, S::Returned),
        (S::Submitted, A::Withdraw, S::Withdrawn),
        (S::Resubmitted, A::Withdraw, S::Withdrawn),
        (S::Received, A::Withdraw, S::Withdrawn),
        (S::AwaitingPayment, A::Withdraw, S::Withdrawn),
        (S::SupplementRequested, A::Withdraw, S::Withdrawn),
    ];

    fn actor_for(a: Action) -> Actor {
        [Actor::Citizen, Actor::Staff, Actor::System]
            .into_iter()
            .find(|actor| a.allowed_for(*actor))
            .unwrap()
    }

    #[test]
    fn the_transition_table_is_exactly_this() {
        for from in Status::ALL {
            for action in Action::ALL {
                let expected = TABLE
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                let got = from.apply(action, actor_for(action), "lý do").ok();
                assert_eq!(got, expected, "{from:?} --{action:?}-->");
            }
        }
    }

    #[test]
    fn final_statuses_go_nowhere() {
        for from in Status::ALL.into_iter().filter(|s| s.is_final()) {
            for action in Action::ALL {
                assert!(from.apply(action, actor_for(action), "x").is_err());
            }
        }
    }

    #[test]
    fn only_the_right_actor_moves_a_dossier() {
        assert_eq!(
            S::Submitted.apply(A::Receive, Actor::Citizen, ""),
            Err(TransitionError::NotAllowed { action: A::Receive })
        );
        assert!(
            S::SupplementRequested
                .apply(A::Resubmit, Actor::Staff, "")
                .is_err()
        );
        assert!(
            S::Received
                .apply(A::RequestPayment, Actor::Staff, "")
                .is_err()
        );
        assert!(
            S::Draft.apply(A::Submit, Actor::Staff, "").is_ok(),
            "desk intake"
        );
    }

    #[test]
    fn supplement_refusal_and_stop_need_a_note() {
        for action in [A::RequestSupplement, A::Refuse] {
            assert_eq!(
                S::Submitted.apply(action, Actor::Staff, "  "),
                Err(TransitionError::NoteRequired { action })
            );
        }
        assert!(S::Processing.apply(A::Stop, Actor::Staff, "").is_err());
        assert!(
            S::Processing
                .apply(A::Stop, Actor::Staff, "Hết thẩm quyền")
                .is_ok()
        );
    }

    #[test]
    fn every_status_but_draft_has_a_national_code() {
        let codes: std::collections::BTreeSet<u8> = Status::ALL
            .iter()
            .filter_map(|s| s.national())
            .map(|n| n.code)
            .collect();
        assert_eq!(codes, (1..=10).collect());
        assert_eq!(S::Draft.national(), None);
        assert_eq!(S::Returned.national().unwrap().name, "Đã trả kết quả");
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::Postal.national_code(), 3);
    }

    #[test]
    fn errors_explain_themselves() {
        let e = S::Returned.apply(A::Receive, Actor::Staff, "").unwrap_err();
        assert_eq!(
            e.text().vi,
            "Không thể \"Tiếp nhận\" khi hồ sơ ở trạng thái \"Đã trả kết quả\""
        );
    }
}
