//! The staff audit log.

use super::catalogue;

catalogue! {
    /// The staff audit log.
    Audit {
        staff_home: "Trang cán bộ",
            "Staff home";
        audit_log: "Nhật ký thao tác",
            "Audit log";
        action_record_or_detail: "Thao tác, đối tượng hoặc chi tiết có chứa",
            "Action, record or detail contains";
        filter: "Lọc",
            "Filter";
        when: "Thời điểm",
            "When";
        who: "Người thực hiện",
            "Who";
        action: "Thao tác",
            "Action";
        record: "Đối tượng",
            "Record";
        detail: "Chi tiết",
            "Detail";
        older_entries: "Cũ hơn",
            "Older entries";
        only_managers_and_administrators: "Chỉ lãnh đạo và quản trị viên được xem nhật ký thao tác.",
            "Only managers and administrators can read the audit log.";
        actor_citizen: "Công dân #{id}",
            "Citizen #{id}";
        actor_cli: "Dòng lệnh (CLI)",
            "Command line (CLI)";
        actor_system: "Hệ thống",
            "System";
    }
}
