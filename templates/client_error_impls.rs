// Emitted only when some operation has documented error responses, so a
// client without any has no unused macro.

/// `status()` and `Display` for an operation's enum of documented error
/// responses, from its `describe()` (status code and description).
macro_rules! api_error_impls {
    ($name:ident) => {
        impl $name {
            /// The response's HTTP status code.
            pub fn status(&self) -> u16 {
                self.describe().0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let (status, description) = self.describe();
                super::forge_support::describe_status(f, status, description)
            }
        }
    };
}
pub(crate) use api_error_impls;
