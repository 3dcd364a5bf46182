//! A service proof as a PDF, written here: one A4 page of text in the standard Chinese
//! font every PDF reader provides (STSong-Light, Adobe-GB1, not embedded, so the file is a
//! few kilobytes and no font ships in the binary), and the verification QR code drawn as
//! squares.

use std::fmt::Write;

use app::volunteer::ProofView;

/// Text in the UniGB-UCS2-H encoding: UTF-16BE code units, as a hex string.
fn hex_text(text: &str) -> String {
    let mut out = String::from("<");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// The page's drawing: lines of text from the top, then the QR code.
fn content(lines: &[(f32, String)], qr_text: &str) -> String {
    let mut out = String::new();
    let mut y = 780.0;
    for (size, line) in lines {
        let _ = writeln!(out, "BT /F1 {size} Tf 60 {y} Td {} Tj ET", hex_text(line));
        y -= size * 1.9;
    }
    if let Ok(code) = qrcode::QrCode::new(qr_text.as_bytes()) {
        let width = code.width();
        let module = 110.0 / width as f32;
        let (left, top) = (425.0, 780.0);
        out.push_str("0 0 0 rg\n");
        for (i, color) in code.to_colors().into_iter().enumerate() {
            if color == qrcode::Color::Dark {
                let (col, row) = ((i % width) as f32, (i / width) as f32);
                let _ = writeln!(
                    out,
                    "{:.2} {:.2} {module:.2} {module:.2} re",
                    left + col * module,
                    top - (row + 1.0) * module
                );
            }
        }
        out.push_str("f\n");
    }
    out
}

/// The proof's contents as 民发〔2015〕149号 lists them.
pub(super) fn proof(p: &ProofView, url: &str, duration: &str) -> Vec<u8> {
    let mut lines = vec![
        (20.0, "志愿服务记录证明".to_string()),
        (11.0, format!("证明编号：{}", p.number)),
        (12.0, format!("姓名：{}", p.name)),
        (12.0, format!("证件类型：{}    证件号码：{}", p.id_type, p.id_number)),
        (12.0, format!("志愿者编号：{}", p.volunteer_number)),
        (12.0, format!("服务时长：{}（{} 分钟，{} 条记录）", duration, p.minutes, p.entries)),
        (12.0, "服务内容：".to_string()),
    ];
    lines.extend(p.content.iter().take(12).map(|c| (11.0, format!("    {c}"))));
    lines.extend([
        (12.0, format!("出具单位：{}", p.issuer)),
        (12.0, format!("负责人：{}    经办人：{}    联系电话：{}", p.responsible, p.handler, p.contact)),
        (12.0, format!("出具日期：{}", p.issued_on)),
        (11.0, format!("验证码：{}", p.code)),
        (9.0, format!("扫描右上角二维码或访问 {url} 核验本证明与服务记录账本是否一致。")),
        (9.0, "本证明由记录服务的组织免费出具（谁组织谁记录，谁记录谁证明）。".to_string()),
        (12.0, "（出具单位盖章）".to_string()),
    ]);
    document(&content(&lines, url))
}

/// A one-page PDF around a content stream.
fn document(stream: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>"
            .to_string(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>".to_string(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_written_as_utf16_code_units() {
        assert_eq!(hex_text("志愿A"), "<5FD7613F0041>");
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let pdf = document("BT ET\n");
        let text = |from: usize| String::from_utf8_lossy(&pdf[from..]).into_owned();
        let tail = text(pdf.len() - 64);
        let start: usize = tail.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text(start).starts_with("xref"));
        let offsets: Vec<usize> = text(start).lines().skip(3).take(7).map(|l| l[..10].parse().unwrap()).collect();
        for (i, offset) in offsets.iter().enumerate() {
            assert!(text(*offset).starts_with(&format!("{} 0 obj", i + 1)), "object {}", i + 1);
        }
    }
}
