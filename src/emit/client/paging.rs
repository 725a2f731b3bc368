//! The streams of a list operation (see `ir::paging` for which operations
//! page and how): `<op>_pages`, the success bodies page after page, and
//! `<op>_stream`, their items one by one. Both take the operation's own
//! arguments (the paging parameter's value is where they start) and own
//! copies of them, so the stream borrows only the client.

use super::operation::{shape, Arg, Shape, Signature};
use crate::emit::context::{doc_lines, ident};
use crate::emit::support::Support;
use crate::emit::{Ctx, Scope};
use crate::ir::naming::Namespace;
use crate::ir::paging::{Next, Paging};
use crate::ir::{Operation, Param, Presence};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The two methods, `<op>_pages` and `<op>_stream`.
pub fn emit(
    ctx: &Ctx,
    op: &Operation,
    paging: &Paging,
    sig: &Signature,
    methods: &mut Namespace,
) -> [TokenStream; 2] {
    let pages_fn = ident(&methods.snake_name(&format!("{}_pages", op.name), "pages"));
    let stream_fn = ident(&methods.snake_name(&format!("{}_stream", op.name), "stream"));
    let pages = ctx.support(Support::ClientPaging, Scope::Child);
    let page_items = ctx.support(Support::ClientPageItems, Scope::Child);
    let last_page = ctx.support(Support::ClientLastPage, Scope::Child);

    let op_fn = &sig.name;
    let (ok_ty, err_ty) = (&sig.ok_ty, &sig.err_ty);
    let decls = &sig.decls;
    let names: Vec<&Ident> = sig.args.iter().map(|a| &a.name).collect();
    let item_ty = ctx.ty(&paging.item, Scope::Child);
    // The parameter that moves, or none: a `Link` names the whole next URL
    // (or why it is not followed).
    let moving = paging.next.param();
    let p = moving.map(|m| &op.params[m]);
    let cursor_ty = match p {
        Some(p) => ctx.ty(&p.ty, Scope::Child),
        None => quote!(::std::result::Result<::std::string::String, ::std::string::String>),
    };

    // Locals of the stream methods must not take an argument's name.
    let mut taken = Namespace::default();
    for a in &sig.args {
        taken.reserve(a.name.to_string().trim_start_matches("r#"));
    }
    let mut local = |name: &str| ident(&taken.snake_name(name, name));
    let at = local("at");
    let full = local("full");
    let page = local("page");
    let body = body_of(op, &page);

    // The moving parameter is an argument of its own, or a field of the
    // optional parameters' struct (this argument).
    let in_params = match moving {
        Some(m) if !sig.args.iter().any(|a| a.param == Some(m)) => sig.params_struct.as_ref(),
        _ => None,
    };
    let field = p.map(|p| ident(&p.name));
    let start = match (moving, p) {
        (Some(m), Some(p)) => start(sig, m, p, in_params),
        _ => quote!(::std::option::Option::None),
    };
    let call = call(sig, moving, &at);
    let owned = sig.args.iter().map(own);
    // Each page's call gets its own copy of what it borrows.
    let reborrow = reborrows(sig, moving, in_params, field.as_ref(), &at);
    let counted = matches!(paging.next, Next::Page { .. } | Next::Offset { .. });
    let full_decl = counted.then(
        || quote!(let mut #full: ::std::option::Option<usize> = ::std::option::Option::None;),
    );
    let next = next_page(
        ctx,
        paging,
        &body,
        &cursor_ty,
        &last_page,
        [&at, &page, &full],
    );
    // A link's next page does not depend on where this one was.
    let next_at = match sig.at_page {
        Some(_) => quote!(_),
        None => quote!(#at),
    };
    let fetch = fetch(sig, &call, &at);
    let take = take_items(paging, &body);
    let [pages_docs, stream_docs] = stream_docs(op, paging, op_fn);
    // A deprecated operation's streams are deprecated too (and may call it).
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    let pages_method = quote! {
        #pages_docs
        #deprecated
        // Each page's call gets copies of the arguments; whether a named
        // type is `Copy` is not known here.
        #[allow(clippy::clone_on_copy)]
        pub fn #pages_fn(&self, #(#decls),*)
            -> impl ::futures_util::Stream<Item = Result<#ok_ty, Error<#err_ty>>> + '_
        {
            #(#owned)*
            #full_decl
            #pages(
                #start,
                move |#at: ::std::option::Option<#cursor_ty>| {
                    #(#reborrow)*
                    async move { #fetch }
                },
                move |#next_at: &::std::option::Option<#cursor_ty>, #page: &#ok_ty| {
                    #next
                },
            )
        }
    };
    let stream_method = quote! {
        #stream_docs
        #deprecated
        pub fn #stream_fn(&self, #(#decls),*)
            -> impl ::futures_util::Stream<Item = Result<#item_ty, Error<#err_ty>>> + '_
        {
            #page_items(self.#pages_fn(#(#names),*), |#page: #ok_ty| #take)
        }
    };
    [pages_method, stream_method]
}

/// One page's call: the operation's method, or for a `Link`-paged list
/// the private method fetching a page's URL.
fn fetch(sig: &Signature, call: &[TokenStream], at: &Ident) -> TokenStream {
    let op_fn = &sig.name;
    // A link's page is fetched from its URL; one not followed is the
    // stream's error.
    match &sig.at_page {
        Some(next_fn) => quote! {
            match #at {
                ::std::option::Option::Some(::std::result::Result::Err(why)) => Err(Error::InvalidRequest(why)),
                #at => self.#next_fn(#at.as_ref().and_then(|url| url.as_deref().ok()), #(#call),*).await,
            }
        },
        None => quote!(self.#op_fn(#(#call),*).await),
    }
}

/// `let x = x.clone();` for each borrowed argument a page's call needs (the
/// optional parameters' struct with the moving parameter set to `at`).
fn reborrows(
    sig: &Signature,
    moving: Option<usize>,
    in_params: Option<&Ident>,
    field: Option<&Ident>,
    at: &Ident,
) -> Vec<TokenStream> {
    sig.args
        .iter()
        .filter(|a| a.shape != Shape::Value && (moving.is_none() || a.param != moving))
        .map(|a| {
            let n = &a.name;
            if in_params == Some(n) {
                // The optional parameters, with the moving one set.
                return quote! {
                    let #n = {
                        let mut #n = #n.clone();
                        #n.#field = #at;
                        #n
                    };
                };
            }
            quote!(let #n = #n.clone();)
        })
        .collect()
}

/// The docs of `<op>_pages` and `<op>_stream`.
fn stream_docs(op: &Operation, paging: &Paging, op_fn: &Ident) -> [TokenStream; 2] {
    let lists = list_docs(op, paging);
    let pages = doc_lines(&[
        format!(
            "The pages of [`Client::{}`], each sent only when the stream is asked for it.",
            plain(op_fn)
        ),
        String::new(),
        lists.clone(),
        String::new(),
        "The first error is the stream's last item.".to_owned(),
    ]);
    let stream = doc_lines(&[
        format!(
            "Every item of [`Client::{}`], page after page: the next page is requested only when the items of this one are used up.",
            plain(op_fn)
        ),
        String::new(),
        lists,
        String::new(),
        "An error ends the stream after the items before it.".to_owned(),
    ]);
    [pages, stream]
}

/// `name` without a raw prefix, for docs.
fn plain(name: &Ident) -> String {
    name.to_string().trim_start_matches("r#").to_owned()
}

/// The success body in a page: the page itself, or its `body` when the
/// response has documented headers (then the page is a struct of both).
fn body_of(op: &Operation, page: &Ident) -> TokenStream {
    match op.successes().next() {
        Some(r) if !r.headers.is_empty() => quote!(#page.body),
        _ => quote!(#page),
    }
}

/// An owned copy of an argument, so the stream outlives the borrows it was
/// called with.
fn own(arg: &Arg) -> TokenStream {
    let n = &arg.name;
    let value = match (arg.shape, arg.optional) {
        (Shape::Value, _) => return TokenStream::new(),
        (Shape::Str, false) => quote!(#n.to_owned()),
        (Shape::Slice, false) => quote!(#n.to_vec()),
        (Shape::Ref, false) => quote!(#n.clone()),
        (Shape::Str, true) => quote!(#n.map(str::to_owned)),
        (Shape::Slice, true) => quote!(#n.map(<[_]>::to_vec)),
        (Shape::Ref, true) => quote!(#n.cloned()),
    };
    quote!(let #n = #value;)
}

/// Where the stream starts: the moving parameter's value in the call.
fn start(sig: &Signature, moving: usize, p: &Param, in_params: Option<&Ident>) -> TokenStream {
    let (value, shape) = match in_params {
        Some(params) => {
            let field = ident(&p.name);
            (quote!(#params.#field), shape(&p.ty))
        }
        None => {
            let arg = sig.args.iter().find(|a| a.param == Some(moving));
            let arg = arg.expect("the moving parameter is an argument");
            let name = &arg.name;
            (quote!(#name), arg.shape)
        }
    };
    match shape {
        Shape::Value => value,
        _ => quote!(#value.clone()),
    }
}

/// The arguments of each page's call: the owned copies borrowed again, the
/// moving parameter replaced by `at` (in the optional parameters' struct,
/// the copy made for the page has it set).
fn call(sig: &Signature, moving: Option<usize>, at: &Ident) -> Vec<TokenStream> {
    sig.args
        .iter()
        .map(|a| {
            let n = &a.name;
            match (moving.is_some() && a.param == moving, a.shape, a.optional) {
                (true, Shape::Value, _) => quote!(#at),
                (true, _, _) => quote!(#at.as_deref()),
                (false, Shape::Value, _) => quote!(#n),
                (false, _, false) => quote!(&#n),
                (false, Shape::Ref, true) => quote!(#n.as_ref()),
                (false, _, true) => quote!(#n.as_deref()),
            }
        })
        .collect()
}

/// The length of a page's list and, for the last item, the list itself
/// borrowed.
fn list_ref(paging: &Paging, body: &TokenStream) -> TokenStream {
    match &paging.items {
        None => quote!(#body.as_slice()),
        Some(f) => {
            let field = ident(&f.name);
            match f.presence {
                Presence::Optional => quote!(#body.#field.as_deref().unwrap_or_default()),
                _ => quote!(#body.#field.as_slice()),
            }
        }
    }
}

/// The page's list, taken out of it.
fn take_items(paging: &Paging, body: &TokenStream) -> TokenStream {
    match &paging.items {
        None => quote!(#body),
        Some(f) => {
            let field = ident(&f.name);
            match f.presence {
                Presence::Optional => quote!(#body.#field.unwrap_or_default()),
                _ => quote!(#body.#field),
            }
        }
    }
}

/// Where the page after `page` is (`at` named this one), or `None`.
fn next_page(
    ctx: &Ctx,
    paging: &Paging,
    body: &TokenStream,
    cursor_ty: &TokenStream,
    last_page: &TokenStream,
    [at, page, full]: [&Ident; 3],
) -> TokenStream {
    let list = list_ref(paging, body);
    match &paging.next {
        Next::Page { first, .. } => {
            let first = proc_macro2::Literal::i64_unsuffixed(*first);
            quote! {
                if #last_page(#list.len(), &mut #full) {
                    return ::std::option::Option::None;
                }
                let this: #cursor_ty = #at.unwrap_or(#first);
                this.checked_add(1).map(::std::option::Option::Some)
            }
        }
        Next::Offset { .. } => quote! {
            let len = #list.len();
            if #last_page(len, &mut #full) {
                return ::std::option::Option::None;
            }
            let this: #cursor_ty = #at.unwrap_or(0);
            this.checked_add(<#cursor_ty>::try_from(len).ok()?).map(::std::option::Option::Some)
        },
        Next::Cursor { field, .. } => {
            let f = ident(&field.name);
            let next = match field.presence {
                Presence::Optional => quote!(#body.#f.as_deref()),
                _ => quote!(::std::option::Option::Some(#body.#f.as_str())),
            };
            // A cursor the server repeats would fetch the same page forever.
            quote! {
                let next = #next?;
                (!next.is_empty() && #at.as_deref() != ::std::option::Option::Some(next))
                    .then(|| ::std::option::Option::Some(next.to_owned()))
            }
        }
        Next::Link { header } => {
            // The client reads every response header as an `Option`.
            let next_link = ctx.support(Support::ClientNextLink, Scope::Child);
            let h = ident(header);
            quote!(#next_link(#page.#h.as_deref(), &self.base_url).map(::std::option::Option::Some))
        }
        Next::AfterLast { id, flag, .. } => {
            let flag_field = ident(&flag.name);
            let more = match flag.presence {
                Presence::Optional => quote!(#body.#flag_field.unwrap_or(false)),
                _ => quote!(#body.#flag_field),
            };
            let id = ident(&id.name);
            quote! {
                if !#more {
                    return ::std::option::Option::None;
                }
                let last = #list.last()?;
                (#at.as_deref() != ::std::option::Option::Some(last.#id.as_str()))
                    .then(|| ::std::option::Option::Some(last.#id.clone()))
            }
        }
    }
}

/// How the list pages, in a sentence for the docs.
fn list_docs(op: &Operation, paging: &Paging) -> String {
    let name = |i: usize| format!("`{}`", op.params[i].json_name);
    let how = match &paging.next {
        Next::Page { param, first, .. } => format!(
            "Pages are numbered by {} from {first}; an empty page, or one shorter than the first, is the last.",
            name(*param)
        ),
        Next::Offset { param, .. } => format!(
            "{} moves on by the items of each page; an empty page, or one shorter than the first, is the last.",
            name(*param)
        ),
        Next::Cursor { param, field } => format!(
            "{} takes the response's `{}`; the list ends when there is none (or it repeats).",
            name(*param),
            field.json_name
        ),
        Next::AfterLast { param, flag, .. } => format!(
            "{} takes the last item's `id` while the response's `{}` is true.",
            name(*param),
            flag.json_name
        ),
        Next::Link { .. } => "The next page is the URL of the response's `Link` header with `rel=\"next\"` (on the API's own origin only: another is the stream's error); the list ends when there is none.".to_owned(),
    };
    format!("{how} (Found by {}.)", paging.rule.describe())
}
