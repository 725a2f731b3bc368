//! One module per spec in `tests/specs` and part combination (`paths`:
//! models, client and server; `paths_models`, `paths_client`,
//! `paths_server`), each `include!`ing the code build.rs generated, which is
//! how users put generated code inside a module. See `build.rs`.

include!(concat!(env!("OUT_DIR"), "/specs.rs"));
