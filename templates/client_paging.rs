/// The pages of a list operation, one request per page, each sent only
/// when the stream is asked for the page after the last one it gave.
/// `fetch` gets the page `at` names (the first is `first`); `next` reads a
/// page and says where the next one is (`None`: this one was the last).
/// The first error is the stream's last item.
pub fn pages<'a, P, B, E, Fut>(
    first: P,
    fetch: impl FnMut(P) -> Fut + 'a,
    next: impl FnMut(&P, &B) -> ::std::option::Option<P> + 'a,
) -> impl ::futures_util::Stream<Item = ::std::result::Result<B, E>> + 'a
where
    P: ::std::clone::Clone + 'a,
    B: 'a,
    E: 'a,
    Fut: ::std::future::Future<Output = ::std::result::Result<B, E>> + 'a,
{
    let state = ::std::option::Option::Some((first, fetch, next));
    ::futures_util::stream::unfold(state, |state| async move {
        let (at, mut fetch, mut next) = state?;
        match fetch(at.clone()).await {
            ::std::result::Result::Ok(page) => {
                let after = next(&at, &page).map(|n| (n, fetch, next));
                ::std::option::Option::Some((::std::result::Result::Ok(page), after))
            }
            ::std::result::Result::Err(e) => {
                ::std::option::Option::Some((::std::result::Result::Err(e), ::std::option::Option::None))
            }
        }
    })
}

/// The items of a stream of pages, in order: `items` takes a page's list
/// out of it. The next page is fetched only when the consumer asks for the
/// item after the last of this page.
pub fn page_items<'a, B, T, E>(
    pages: impl ::futures_util::Stream<Item = ::std::result::Result<B, E>> + 'a,
    mut items: impl FnMut(B) -> ::std::vec::Vec<T> + 'a,
) -> impl ::futures_util::Stream<Item = ::std::result::Result<T, E>> + 'a
where
    B: 'a,
    T: 'a,
    E: 'a,
{
    use ::futures_util::TryStreamExt as _;
    pages
        .map_ok(move |page| {
            ::futures_util::stream::iter(items(page).into_iter().map(::std::result::Result::Ok))
        })
        .try_flatten()
}

/// Whether a page with `len` items ends a counted list: an empty page
/// does, and so does one shorter than the first page (remembered in
/// `full`). The first page, not the size the call asked for, says what a
/// full page is: servers cap page sizes (ask for 200, get 100).
pub fn last_page(len: usize, full: &mut ::std::option::Option<usize>) -> bool {
    let full = *full.get_or_insert(len);
    len == 0 || len < full
}

#[cfg(test)]
mod paging_tests {
    use super::*;
    use ::futures_util::StreamExt as _;
    use ::std::cell::RefCell;

    /// Three pages of two items, counted from 1.
    fn book(page: u32) -> ::std::result::Result<::std::vec::Vec<u32>, &'static str> {
        match page {
            1..=3 => Ok(vec![page * 10, page * 10 + 1]),
            _ => Ok(vec![]),
        }
    }

    #[test]
    fn every_item_once_in_order_and_a_page_only_when_asked_for() {
        let asked = RefCell::new(::std::vec::Vec::new());
        let stream = page_items(
            pages(
                1u32,
                |p| {
                    asked.borrow_mut().push(p);
                    async move { book(p) }
                },
                |p, page: &::std::vec::Vec<u32>| (!page.is_empty()).then(|| p + 1),
            ),
            |page| page,
        );
        let mut stream = ::std::pin::pin!(stream);
        let first = ::futures_util::FutureExt::now_or_never(stream.next()).flatten();
        assert_eq!(first, Some(Ok(10)));
        assert_eq!(*asked.borrow(), [1], "page 2 is not fetched before it is needed");
        let rest: ::std::vec::Vec<_> =
            ::futures_util::FutureExt::now_or_never(stream.collect::<::std::vec::Vec<_>>()).unwrap();
        assert_eq!(rest, [Ok(11), Ok(20), Ok(21), Ok(30), Ok(31)]);
        assert_eq!(*asked.borrow(), [1, 2, 3, 4], "the empty page ends it");
    }

    #[test]
    fn an_error_comes_after_the_items_before_it_and_ends_the_stream() {
        let stream = page_items(
            pages(
                1u32,
                |p| async move { if p == 2 { Err("down") } else { book(p) } },
                |p, _: &::std::vec::Vec<u32>| Some(p + 1),
            ),
            |page| page,
        );
        let all: ::std::vec::Vec<_> =
            ::futures_util::FutureExt::now_or_never(stream.collect::<::std::vec::Vec<_>>()).unwrap();
        assert_eq!(all, [Ok(10), Ok(11), Err("down")]);
    }

    #[test]
    fn a_short_or_empty_page_is_the_last() {
        let mut full = None;
        assert!(!last_page(20, &mut full), "the first page sets the size");
        assert!(!last_page(20, &mut full));
        assert!(last_page(7, &mut full));
        let mut capped = None;
        assert!(!last_page(100, &mut capped), "a capped page is full");
        assert!(!last_page(100, &mut capped));
        assert!(last_page(0, &mut None), "an empty first page is the last");
    }
}
