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

/// The next page of a list that pages by `Link` headers (RFC 8288): the
/// target of the link with `rel="next"` in `header`, resolved against
/// `base` (the client's base URL). `None` when there is no such link: the
/// list is over. A link to another origin (scheme, host, port) is
/// `Some(Err(..))`: the client sends its credentials with every request,
/// so it does not follow a server elsewhere.
pub fn next_link(header: ::std::option::Option<&str>, base: &str) -> ::std::option::Option<::std::result::Result<::std::string::String, ::std::string::String>> {
    let target = link_targets(header?).into_iter().find(|(_, rels)| rels.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next")))?.0;
    let base_url = match ::reqwest::Url::parse(&::std::format!("{base}/")) {
        ::std::result::Result::Ok(url) => url,
        ::std::result::Result::Err(e) => return ::std::option::Option::Some(::std::result::Result::Err(::std::format!("the base URL {base:?} does not parse: {e}"))),
    };
    let next = match base_url.join(target) {
        ::std::result::Result::Ok(url) => url,
        ::std::result::Result::Err(e) => return ::std::option::Option::Some(::std::result::Result::Err(::std::format!("the next page's link {target:?} does not parse: {e}"))),
    };
    if next.origin() != base_url.origin() {
        return ::std::option::Option::Some(::std::result::Result::Err(::std::format!("the next page's link leaves the API's origin ({next}); it is not followed")));
    }
    ::std::option::Option::Some(::std::result::Result::Ok(next.into()))
}

/// Each `<target>; rel="…"` of a `Link` header value: the target and its
/// `rel` (empty when it has none). Commas and semicolons inside `<…>` and
/// quoted values belong to them.
fn link_targets(value: &str) -> ::std::vec::Vec<(&str, &str)> {
    let mut out = ::std::vec::Vec::new();
    let mut rest = value;
    while let ::std::option::Option::Some(open) = rest.find('<') {
        let ::std::option::Option::Some(close) = rest[open..].find('>') else { break };
        let target = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        // The parameters run to the next comma outside quotes.
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == ',' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let params = &rest[..end];
        rest = &rest[end..];
        let rel = params
            .split(';')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("rel"))
            .map_or("", |(_, v)| v.trim().trim_matches('"'));
        out.push((target, rel));
    }
    out
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

    #[test]
    fn the_next_link_is_found_among_others_and_resolved() {
        let base = "https://api.example.com/v3";
        let github = r#"<https://api.example.com/v3/repos?page=2&per_page=2>; rel="next", <https://api.example.com/v3/repos?page=5>; rel="last""#;
        assert_eq!(next_link(Some(github), base), Some(Ok("https://api.example.com/v3/repos?page=2&per_page=2".to_owned())));
        // Order, case, unquoted and multi-valued rel, commas inside the URL.
        let odd = r#"<https://api.example.com/a?x=1,2>; rel="prev first", <https://api.example.com/b?x=3,4>; REL=Next"#;
        assert_eq!(next_link(Some(odd), base), Some(Ok("https://api.example.com/b?x=3,4".to_owned())));
        let several = r#"</v3/c>; title="a, b; c"; rel="last next""#;
        assert_eq!(next_link(Some(several), base), Some(Ok("https://api.example.com/v3/c".to_owned())));
        // Relative to the base URL.
        assert_eq!(next_link(Some("<items?page=3>; rel=next"), base), Some(Ok("https://api.example.com/v3/items?page=3".to_owned())));
    }

    #[test]
    fn no_next_link_ends_the_list() {
        let base = "https://api.example.com";
        assert_eq!(next_link(None, base), None);
        assert_eq!(next_link(Some(""), base), None);
        assert_eq!(next_link(Some(r#"<https://api.example.com/?page=1>; rel="prev""#), base), None);
        assert_eq!(next_link(Some("garbage without brackets; rel=next"), base), None);
        assert_eq!(next_link(Some("<unterminated; rel=next"), base), None);
    }

    #[test]
    fn a_link_to_another_origin_is_refused() {
        let base = "https://api.example.com";
        for other in ["https://evil.example/steal", "http://api.example.com/x", "https://api.example.com:8443/x", "//evil.example/x"] {
            let header = ::std::format!("<{other}>; rel=next");
            match next_link(Some(&header), base) {
                Some(Err(why)) => assert!(why.contains("origin"), "{why}"),
                other_result => panic!("{other}: {other_result:?}"),
            }
        }
        // The default port is the same origin.
        assert_eq!(next_link(Some("<https://api.example.com:443/x>; rel=next"), base), Some(Ok("https://api.example.com/x".to_owned())));
    }
}
