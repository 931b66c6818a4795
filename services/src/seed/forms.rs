//! The dossier forms of the seeded procedures, by field of activity.

use domain::catalog::{FieldType, FormField, FormSchema, field};

/// The dossier form of a seeded procedure: the applicant block, the part its field
/// needs, and the declaration every Vietnamese form ends with.
pub(super) fn form_for(field_name: &str, procedure_name: &str) -> FormSchema {
    let mut fields = FormSchema::applicant_fields();
    let folded = domain::text::fold(field_name);
    let name = domain::text::fold(procedure_name);
    if folded == "ho tich" {
        fields.push(
            field(
                "ten_nguoi_duoc_dang_ky",
                "Họ và tên người được đăng ký",
                FieldType::Text,
                true,
            )
            .en("Full name of the person registered"),
        );
        fields.push(
            field(
                "ngay_su_kien",
                "Ngày xảy ra sự kiện hộ tịch",
                FieldType::Date,
                name.contains("khai sinh") || name.contains("khai tu"),
            )
            .en("Date of the civil-status event"),
        );
        fields.push(FormField {
            options: vec!["Nam".to_owned(), "Nữ".to_owned()],
            ..field(
                "gioi_tinh",
                "Giới tính người được đăng ký",
                FieldType::Select,
                false,
            )
            .en("Sex of the person registered")
        });
        fields.push(FormField {
            options: vec![
                "Bản thân".to_owned(),
                "Cha, mẹ".to_owned(),
                "Vợ, chồng".to_owned(),
                "Con".to_owned(),
                "Người thân khác".to_owned(),
            ],
            ..field(
                "quan_he",
                "Quan hệ với người được đăng ký",
                FieldType::Select,
                true,
            )
            .en("Relationship to the person registered")
        });
        if name.contains("ban sao trich luc") {
            fields.push(
                field("so_ban", "Số bản sao trích lục", FieldType::Number, true)
                    .en("Number of copies of the extract"),
            );
        }
    } else if folded == "chung thuc" {
        fields.push(
            field(
                "ten_giay_to",
                "Tên giấy tờ, văn bản cần chứng thực",
                FieldType::Text,
                true,
            )
            .en("Document to be certified"),
        );
        fields.push(field("so_trang", "Số trang", FieldType::Number, true).en("Number of pages"));
        fields.push(
            field("so_ban", "Số bản cần chứng thực", FieldType::Number, true)
                .en("Number of certified copies"),
        );
    } else if folded.contains("cu tru") {
        fields.push(
            field(
                "dia_chi_cu_tru",
                "Địa chỉ đăng ký cư trú",
                FieldType::Address,
                true,
            )
            .en("Residence address to register"),
        );
        fields.push(FormField {
            options: vec![
                "Chủ hộ".to_owned(),
                "Vợ, chồng".to_owned(),
                "Con".to_owned(),
                "Cha, mẹ".to_owned(),
                "Khác".to_owned(),
            ],
            ..field(
                "quan_he_chu_ho",
                "Quan hệ với chủ hộ",
                FieldType::Select,
                true,
            )
            .en("Relationship to the head of household")
        });
    } else if folded == "ly lich tu phap" {
        fields.push(FormField {
            options: vec!["Phiếu số 1".to_owned(), "Phiếu số 2".to_owned()],
            ..field(
                "loai_phieu",
                "Loại Phiếu đề nghị cấp",
                FieldType::Select,
                true,
            )
            .en("Type of record requested")
        });
        fields.push(
            field("so_phieu", "Số lượng Phiếu", FieldType::Number, true).en("Number of copies"),
        );
        fields.push(
            field(
                "muc_dich",
                "Mục đích sử dụng Phiếu",
                FieldType::Textarea,
                true,
            )
            .en("Purpose of the record"),
        );
    } else {
        if name.contains("karaoke") {
            fields.push(
                field("so_phong", "Số phòng hát", FieldType::Number, true)
                    .en("Number of karaoke rooms"),
            );
        }
        fields.push(
            field("noi_dung", "Nội dung đề nghị", FieldType::Textarea, true)
                .en("What you are requesting"),
        );
    }
    fields.push(
        field(
            "cam_doan",
            "Tôi xin cam đoan những nội dung khai trên là đúng sự thật",
            FieldType::Checkbox,
            true,
        )
        .en("I declare that the information above is true"),
    );
    FormSchema { fields }
}
