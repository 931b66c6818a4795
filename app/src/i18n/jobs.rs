//! The job queue screen.

use super::catalogue;

catalogue! {
    /// The job queue screen.
    Jobs {
        job_queue: "Hàng đợi công việc",
            "Job queue";
        explanation: "Tin nhắn và các việc chạy nền khác được xếp hàng trong cơ sở dữ liệu và thử lại khi lỗi. Việc đã thử hết số lần sẽ dừng ở đây để quản trị viên xem và cho chạy lại.",
            "Text messages and other background work are queued in the database and retried when they fail. Work that has used up its attempts stops here for an administrator to see and run again.";
        kind: "Loại",
            "Kind";
        status: "Trạng thái",
            "Status";
        count: "Số việc",
            "Jobs";
        status_queued: "Đang chờ",
            "Queued";
        status_running: "Đang chạy",
            "Running";
        status_done: "Đã xong",
            "Done";
        status_dead: "Đã dừng (lỗi)",
            "Given up";
        kind_sms: "Tin nhắn SMS",
            "Text message";
        given_up: "Việc đã dừng",
            "Given-up jobs";
        none_given_up: "Không có việc nào phải dừng.",
            "No job has been given up.";
        subject: "Nội dung",
            "For";
        attempts: "Số lần thử",
            "Attempts";
        last_error: "Lỗi gần nhất",
            "Last error";
        stopped_at: "Dừng lúc",
            "Given up at";
        run_again: "Chạy lại",
            "Run again";
        queued_again: "Đã xếp lại việc #{id} vào hàng đợi.",
            "Job #{id} is queued again.";
        only_administrators: "Chỉ quản trị viên được xem hàng đợi công việc.",
            "Only administrators can see the job queue.";
    }
}
