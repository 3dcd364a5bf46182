//! Social organisations (4A–4D): kinds, categories and the rules that decide a
//! registration's validity, its supervising unit's category and how names are searched.

pub mod application;
pub mod complaint;
pub mod credit;
pub mod cultivation;
pub mod evaluation;
pub mod inspection;

use chrono::NaiveDate;

use crate::Violation;
use crate::identifiers::uscc::{CivilAffairsKind, Uscc};

named_enum! {
    /// The three legal forms civil affairs registers.
    OrgKind {
        /// 社会团体
        SocialGroup = "social_group",
        /// 民办非企业单位 (社会服务机构)
        PrivateNonEnterprise = "private_non_enterprise",
        /// 基金会
        Foundation = "foundation",
    }
}

impl OrgKind {
    fn civil_affairs_kind(self) -> CivilAffairsKind {
        match self {
            Self::SocialGroup => CivilAffairsKind::SocialGroup,
            Self::PrivateNonEnterprise => CivilAffairsKind::PrivateNonEnterprise,
            Self::Foundation => CivilAffairsKind::Foundation,
        }
    }
}

named_enum! {
    /// What an organisation does; the category decides its supervising unit (classified
    /// supervision) and which priority kind of cultivation it counts for.
    Category {
        /// Economic trade associations and chambers of commerce → 工商联.
        TradeAssociation = "trade_association",
        /// Social-science societies → 社科联.
        SocialScience = "social_science",
        /// Natural-science societies → 科协.
        NaturalScience = "natural_science",
        /// Culture and art associations → 文联.
        CultureArt = "culture_art",
        Charity = "charity",
        Community = "community",
        Professional = "professional",
        Other = "other",
    }
}

named_enum! {
    /// The five kinds the policy gives priority in cultivation (4B).
    PriorityKind {
        /// 行业协会商会
        TradeAssociation = "trade_association",
        /// 民办非企业单位
        PrivateNonEnterprise = "private_non_enterprise",
        /// 公益慈善类
        Charity = "charity",
        /// 城乡社区服务类
        Community = "community",
        /// 专业服务类
        Professional = "professional",
    }
}

/// The priority kinds an organisation counts for: by its legal form and by its category
/// (a private non-enterprise unit serving a community counts twice).
pub fn priority_kinds(kind: OrgKind, category: Category) -> Vec<PriorityKind> {
    let by_category = match category {
        Category::TradeAssociation => Some(PriorityKind::TradeAssociation),
        Category::Charity => Some(PriorityKind::Charity),
        Category::Community => Some(PriorityKind::Community),
        Category::Professional => Some(PriorityKind::Professional),
        _ => None,
    };
    let by_kind = (kind == OrgKind::PrivateNonEnterprise).then_some(PriorityKind::PrivateNonEnterprise);
    by_kind.into_iter().chain(by_category).collect()
}

named_enum! {
    OrgStatus {
        Active = "active",
        Suspended = "suspended",
        Deregistered = "deregistered",
    }
}

/// The status after civil affairs orders an organisation to stop its activities
/// (`suspend`: 责令停止活动, an administrative penalty) or lets it resume; only an active
/// organisation is suspended, only a suspended one resumes, a deregistered one stays so.
pub fn suspension(status: OrgStatus, suspend: bool) -> Result<OrgStatus, Violation> {
    match (status, suspend) {
        (OrgStatus::Active, true) => Ok(OrgStatus::Suspended),
        (OrgStatus::Suspended, false) => Ok(OrgStatus::Active),
        (OrgStatus::Suspended, true) => Err(Violation::new("organization-suspended")),
        (OrgStatus::Active, false) => Err(Violation::new("organization-not-suspended")),
        (OrgStatus::Deregistered, _) => Err(Violation::new("organization-deregistered")),
    }
}

/// The grade an organisation holds on `today`: none once its validity has ended.
pub fn grade_in_force(grade: Option<&str>, expires_on: Option<NaiveDate>, today: NaiveDate) -> Option<&str> {
    match (grade, expires_on) {
        (Some(grade), Some(expires)) if today <= expires => Some(grade),
        _ => None,
    }
}

/// Validates a USCC for a civil-affairs registration of `kind`: the code itself, then
/// that civil affairs issued it (51, 52, 53, 59) for an organisation of that kind.
pub fn registration_code(input: &str, kind: OrgKind) -> Result<Uscc, Violation> {
    let code = Uscc::parse(input)?;
    code.check_civil_affairs(kind.civil_affairs_kind())?;
    Ok(code)
}

/// The part of a name after the region names it starts with, so "书法" finds
/// "嘉兴市南湖区书法家协会": `regions` are the names of the organisation's region and its
/// ancestors, in any order. Returns the whole name when nothing is stripped.
pub fn short_name<'a>(name: &'a str, regions: &[&str]) -> &'a str {
    let mut rest = name;
    while let Some(next) = regions.iter().filter(|r| !r.is_empty()).find_map(|r| rest.strip_prefix(r)) {
        rest = next;
    }
    if rest.is_empty() { name } else { rest }
}

/// The smallest text greater than every text that starts with `prefix`, for an index range
/// scan `prefix <= key < upper` under binary (code point) ordering; `None` when no such
/// bound exists (an empty prefix, or one of only U+10FFFF).
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (last as u32 + 1..=0x10FFFF).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_agrees_only_with_its_own_civil_affairs_code() {
        let group = Uscc::complete("51330400MJ917000").unwrap();
        assert!(registration_code(group.as_str(), OrgKind::SocialGroup).is_ok());
        assert_eq!(registration_code(group.as_str(), OrgKind::Foundation).unwrap_err().code, "uscc-kind-mismatch");
        let foundation = Uscc::complete("53330400MJ917001").unwrap();
        assert!(registration_code(foundation.as_str(), OrgKind::Foundation).is_ok());
        assert_eq!(
            registration_code("91350100M000100Y43", OrgKind::SocialGroup).unwrap_err().code,
            "uscc-not-civil-affairs"
        );
        assert_eq!(registration_code("123", OrgKind::SocialGroup).unwrap_err().code, "uscc-length");
    }

    #[test]
    fn only_an_active_organisation_is_suspended_and_only_a_suspended_one_resumes() {
        use OrgStatus::*;
        assert_eq!(suspension(Active, true), Ok(Suspended));
        assert_eq!(suspension(Suspended, false), Ok(Active));
        assert_eq!(suspension(Suspended, true).unwrap_err().code, "organization-suspended");
        assert_eq!(suspension(Active, false).unwrap_err().code, "organization-not-suspended");
        for suspend in [true, false] {
            assert_eq!(suspension(Deregistered, suspend).unwrap_err().code, "organization-deregistered");
        }
    }

    #[test]
    fn a_grade_holds_through_its_last_valid_day_only() {
        let expires = NaiveDate::from_ymd_opt(2031, 11, 26).unwrap();
        assert_eq!(grade_in_force(Some("5A"), Some(expires), expires), Some("5A"));
        assert_eq!(grade_in_force(Some("5A"), Some(expires), expires.succ_opt().unwrap()), None);
        assert_eq!(grade_in_force(None, None, expires), None);
    }

    #[test]
    fn priority_kinds_come_from_the_legal_form_and_the_category() {
        use PriorityKind as P;
        assert_eq!(
            priority_kinds(OrgKind::PrivateNonEnterprise, Category::Community),
            [P::PrivateNonEnterprise, P::Community]
        );
        assert_eq!(priority_kinds(OrgKind::SocialGroup, Category::TradeAssociation), [P::TradeAssociation]);
        assert_eq!(priority_kinds(OrgKind::Foundation, Category::Charity), [P::Charity]);
        assert!(priority_kinds(OrgKind::SocialGroup, Category::CultureArt).is_empty());
    }

    #[test]
    fn region_names_are_stripped_from_the_front_only() {
        let regions = ["嘉兴市", "南湖区", "浙江省"];
        assert_eq!(short_name("嘉兴市南湖区书法家协会", &regions), "书法家协会");
        assert_eq!(short_name("浙江省嘉兴市南湖区书法家协会", &regions), "书法家协会");
        assert_eq!(short_name("南湖书法家协会", &regions), "南湖书法家协会");
        assert_eq!(short_name("书法家协会嘉兴市", &regions), "书法家协会嘉兴市");
        assert_eq!(short_name("嘉兴市", &regions), "嘉兴市", "a name that is only a region stays whole");
    }

    #[test]
    fn the_prefix_bound_is_just_above_every_text_with_the_prefix() {
        let upper = prefix_upper_bound("书法").unwrap();
        for inside in ["书法", "书法家协会", "书法\u{10FFFF}"] {
            assert!(inside >= "书法" && inside < upper.as_str(), "{inside}");
        }
        for outside in ["书画", "书", "乐"] {
            assert!(!(outside >= "书法" && outside < upper.as_str()), "{outside}");
        }
        // U+D7FF's successor skips the surrogates.
        assert_eq!(prefix_upper_bound("a\u{D7FF}").unwrap(), "a\u{E000}");
        assert_eq!(prefix_upper_bound("a\u{10FFFF}").unwrap(), "b");
        assert_eq!(prefix_upper_bound(""), None);
    }
}
