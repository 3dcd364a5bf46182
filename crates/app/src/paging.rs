//! Lists a page at a time: the page sizes a user may choose and where a page falls.

/// The page sizes a list offers; any other size asked for gets the list's default.
pub const PAGE_SIZES: [u64; 4] = [20, 50, 100, 200];

/// The page a caller asks for: zero-based `page` of `size` rows (0: the list's default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub size: u64,
}

impl PageRequest {
    pub fn new(page: u64, size: u64) -> Self {
        Self { page, size }
    }

    fn size_or(self, default: u64) -> u64 {
        if PAGE_SIZES.contains(&self.size) { self.size } else { default }
    }
}

/// Where a page falls in a list of `total` rows: a page past the end is the last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PageSpan {
    /// Zero-based.
    pub page: u64,
    pub pages: u64,
    pub size: u64,
    pub total: u64,
}

impl PageSpan {
    pub fn new(request: PageRequest, default_size: u64, total: u64) -> Self {
        let size = request.size_or(default_size);
        let pages = total.div_ceil(size).max(1);
        Self { page: request.page.min(pages - 1), pages, size, total }
    }

    /// The rows of this page among all of them.
    pub fn slice<T>(&self, items: Vec<T>) -> Vec<T> {
        let skip = usize::try_from(self.page * self.size).unwrap_or(usize::MAX);
        items.into_iter().skip(skip).take(self.size as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_not_offered_falls_back_to_the_lists_default() {
        assert_eq!(PageSpan::new(PageRequest::new(0, 37), 20, 100).size, 20);
        assert_eq!(PageSpan::new(PageRequest::new(0, 100), 20, 100).size, 100);
    }

    #[test]
    fn a_page_past_the_end_is_the_last_page() {
        let span = PageSpan::new(PageRequest::new(99, 50), 20, 1202);
        assert_eq!((span.page, span.pages), (24, 25));
        assert_eq!(span.slice((0..1202).collect()), (1200..1202).collect::<Vec<_>>());
    }

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let span = PageSpan::new(PageRequest::default(), 20, 0);
        assert_eq!((span.page, span.pages), (0, 1));
        assert!(span.slice(Vec::<u8>::new()).is_empty());
    }
}
