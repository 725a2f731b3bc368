/// A string or number that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEnumValue {
    /// The enum's name.
    pub type_name: &'static str,
    /// The rejected value, as text.
    pub value: ::std::string::String,
    /// The values the enum allows, as text.
    pub expected: &'static [&'static str],
}

impl ::std::fmt::Display for InvalidEnumValue {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(
            f,
            "invalid value {} for {}, expected one of {}",
            self.value,
            self.type_name,
            self.expected.join(", ")
        )
    }
}

impl ::std::error::Error for InvalidEnumValue {}
