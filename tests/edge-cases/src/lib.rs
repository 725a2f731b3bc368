//! One module per edge-case spec; each `include!`s the code build.rs
//! generated, which is how users put generated code inside a module.

macro_rules! generated {
    ($($name:ident),* $(,)?) => {
        $(
            pub mod $name {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
            }
        )*
    };
}

generated!(
    nullability,
    enums,
    enums_closed,
    allof,
    oneof,
    maps,
    recursion,
    names,
    formats,
    formats_strings,
    openapi31,
    repeats,
    paths,
    checks,
    multipart,
    operations,
    names_full,
    external,
);
