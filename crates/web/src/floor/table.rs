//! Paged lists: the page a list page asks for, and the pager under its table (first,
//! previous, next, last, a jump to any page and a choice of page size, all keeping the
//! list's filters).

use app::paging::{PAGE_SIZES, PageRequest, PageSpan};
use serde::Deserialize;

use super::view::urlencode;

/// The paging part of a list page's query, read beside the list's own filters:
/// `page` (zero-based, from the pager's links), `go` (one-based, typed in the jump box;
/// it wins) and `size`.
#[derive(Deserialize, Default)]
pub struct PageParams {
    #[serde(default)]
    page: u64,
    #[serde(default)]
    go: String,
    #[serde(default)]
    size: u64,
}

impl PageParams {
    pub fn request(&self) -> PageRequest {
        let typed = self.go.trim().parse::<u64>().ok().and_then(|go| go.checked_sub(1));
        PageRequest::new(typed.unwrap_or(self.page), self.size)
    }
}

/// The pager under a list.
pub struct Pager {
    /// One-based, as people count pages.
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub size: u64,
    pub first: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
    /// The list's filters, which the jump form carries along.
    pub filters: Vec<(String, String)>,
    pub sizes: &'static [u64],
}

impl Pager {
    /// `filters`: the list's own query parameters (empty ones are left out of links).
    pub fn new(filters: &[(&str, &str)], span: &PageSpan) -> Self {
        let filters: Vec<(String, String)> =
            filters.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut base: String = filters.iter().map(|(k, v)| format!("{k}={}&", urlencode(v))).collect();
        base.push_str(&format!("size={}", span.size));
        let link = |p: u64| format!("?{base}&page={p}");
        let last = span.pages - 1;
        Self {
            page: span.page + 1,
            pages: span.pages,
            total: span.total,
            size: span.size,
            first: (span.page > 0).then(|| link(0)),
            prev: (span.page > 0).then(|| link(span.page - 1)),
            next: (span.page < last).then(|| link(span.page + 1)),
            last: (span.page < last).then(|| link(last)),
            filters,
            sizes: &PAGE_SIZES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_the_size() {
        let span = PageSpan::new(PageRequest::new(1, 50), 20, 1202);
        let pager = Pager::new(&[("q", "南湖 区"), ("within", "")], &span);
        assert_eq!(pager.next.as_deref(), Some("?q=%E5%8D%97%E6%B9%96+%E5%8C%BA&size=50&page=2"));
        assert_eq!(pager.last.as_deref(), Some("?q=%E5%8D%97%E6%B9%96+%E5%8C%BA&size=50&page=24"));
        assert_eq!(pager.filters, vec![("q".to_string(), "南湖 区".to_string())]);
        assert_eq!((pager.page, pager.pages), (2, 25));
    }

    #[test]
    fn the_first_and_last_pages_have_no_links_beyond_them() {
        let only = Pager::new(&[], &PageSpan::new(PageRequest::default(), 20, 5));
        assert!(only.first.is_none() && only.prev.is_none() && only.next.is_none() && only.last.is_none());
    }

    #[test]
    fn a_typed_page_counts_from_one_and_wins_over_the_link() {
        let typed = PageParams { page: 3, go: " 7 ".into(), size: 100 };
        assert_eq!(typed.request(), PageRequest::new(6, 100));
        let blank = PageParams { page: 3, go: String::new(), size: 0 };
        assert_eq!(blank.request(), PageRequest::new(3, 0));
        let zero = PageParams { page: 3, go: "0".into(), size: 0 };
        assert_eq!(zero.request().page, 3);
    }
}
