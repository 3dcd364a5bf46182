//! `sanshe-bench organizations COUNT XLSX_FILE QUERIES_FILE`: a registry of COUNT social
//! organisations in the import template (valid codes, unique names, Jiaxing's counties,
//! every category), and search requests a visitor would type, one URL path per line.

use std::io::Write;

use anyhow::Context;
use app::demo::demo_uscc;
use app::organization::ORGANIZATION_SHEET;
use app::sheet::{ImportFormat, Language, write_sheet};
use rand::Rng;
use rand::seq::IndexedRandom;

/// (code, the names an organisation's full name starts with).
const REGIONS: &[(&str, &str)] = &[
    ("330400", "嘉兴市"),
    ("330402", "嘉兴市南湖区"),
    ("330411", "嘉兴市秀洲区"),
    ("330421", "嘉善县"),
    ("330424", "海盐县"),
    ("330481", "海宁市"),
    ("330482", "平湖市"),
    ("330483", "桐乡市"),
];
const FIRST: &str =
    "书画音乐舞蹈戏曲摄影文学科技机械电子软件物流餐饮旅游养老托育慈善环保体育围棋武术茶艺花卉园艺农业渔业";
const SECOND: &str = "研究发展促进交流服务创新联谊爱好互助志愿公益合作教育培训保护传承推广振兴健康文明";
/// (suffix, kind, category).
const SUFFIXES: &[(&str, &str, &str)] = &[
    ("协会", "social_group", "culture_art"),
    ("学会", "social_group", "natural_science"),
    ("研究会", "social_group", "social_science"),
    ("商会", "social_group", "trade_association"),
    ("行业协会", "social_group", "trade_association"),
    ("联合会", "social_group", "professional"),
    ("服务中心", "private_non_enterprise", "community"),
    ("服务社", "private_non_enterprise", "charity"),
    ("基金会", "foundation", "charity"),
    ("促进会", "social_group", "other"),
];

fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

pub fn organizations(count: usize, xlsx_file: &str, queries_file: &str) -> anyhow::Result<()> {
    let (first, second) = (chars(FIRST), chars(SECOND));
    let topics = first.len() * second.len() * second.len();
    anyhow::ensure!(count <= REGIONS.len() * topics * SUFFIXES.len(), "at most that many distinct names");
    let mut rng = rand::rng();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(count);
    let mut short_names = Vec::with_capacity(count);
    for n in 0..count {
        // Walk the name space with a stride coprime to its size, so names spread over it.
        let slot = n * 7919 % (REGIONS.len() * topics * SUFFIXES.len());
        let (region, prefix) = REGIONS[slot % REGIONS.len()];
        let topic = slot / REGIONS.len() % topics;
        let (suffix, kind, category) = SUFFIXES[slot / REGIONS.len() / topics];
        let short = format!(
            "{}{}{}{suffix}",
            first[topic % first.len()],
            second[topic / first.len() % second.len()],
            second[topic / first.len() / second.len()]
        );
        let uscc = demo_uscc(kind, "330400", u32::try_from(100_000 + n)?);
        let registered =
            format!("{}-{:02}-{:02}", rng.random_range(1995..2025), rng.random_range(1..13), rng.random_range(1..29));
        rows.push(vec![
            format!("{prefix}{short}"),
            uscc,
            kind.into(),
            category.into(),
            region.into(),
            registered,
            format!("{prefix}某路{}号", rng.random_range(1..999)),
            String::new(),
            String::new(),
            format!("开展{}相关的交流、培训和咨询服务。", &short),
            format!("{}", rng.random_range(3..500) * 10_000),
        ]);
        short_names.push(short);
    }
    std::fs::write(xlsx_file, write_sheet(ImportFormat::Xlsx, &ORGANIZATION_SHEET.headers(Language::Chinese), &rows)?)
        .with_context(|| format!("writing {xlsx_file}"))?;
    // A third each: the start of a short name (two characters, as people type), of a full
    // name, and of a code.
    let mut out = std::io::BufWriter::new(std::fs::File::create(queries_file)?);
    for i in 0..30_000 {
        let row = rows.choose(&mut rng).context("rows")?;
        let q: String = match i % 3 {
            0 => short_names[rng.random_range(0..count)].chars().take(2).collect(),
            1 => row[0].chars().take(row[0].chars().count() - 2).collect(),
            _ => row[1].chars().take(rng.random_range(12..19)).collect(),
        };
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        writeln!(out, "/api/v1/public/organizations?q={encoded}")?;
    }
    out.flush()?;
    eprintln!("wrote {count} organisations to {xlsx_file} and 30000 searches to {queries_file}");
    Ok(())
}
