//! Paged lists.

/// Pagination links for a list page.
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `base` is the page's query string without `page`.
    pub fn new(base: &str, page: usize, pages: usize, total: usize) -> Self {
        let link = |p: usize| format!("?{base}&page={p}");
        Self {
            page: page + 1,
            pages,
            total,
            prev: (page > 0).then(|| link(page - 1)),
            next: (page + 1 < pages).then(|| link(page + 1)),
        }
    }
}
