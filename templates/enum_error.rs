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

#[cfg(test)]
mod enum_error_tests {
    use super::*;

    #[test]
    fn display_names_the_value_type_and_allowed_values() {
        let e = InvalidEnumValue {
            type_name: "Color",
            value: "\"purple\"".to_owned(),
            expected: &["red", "green", "blue"],
        };
        assert_eq!(
            e.to_string(),
            "invalid value \"purple\" for Color, expected one of red, green, blue"
        );
    }

    #[test]
    fn display_with_a_single_allowed_value_has_no_separator() {
        let e = InvalidEnumValue {
            type_name: "Only",
            value: "2".to_owned(),
            expected: &["1"],
        };
        assert_eq!(e.to_string(), "invalid value 2 for Only, expected one of 1");
    }

    #[test]
    fn is_a_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(InvalidEnumValue {
            type_name: "T",
            value: "x".to_owned(),
            expected: &["a"],
        });
        assert!(e.source().is_none());
        assert_eq!(e.to_string(), "invalid value x for T, expected one of a");
    }

    #[test]
    fn equality_compares_every_field() {
        let a = InvalidEnumValue {
            type_name: "T",
            value: "x".to_owned(),
            expected: &["a"],
        };
        assert_eq!(a.clone(), a);
        assert_ne!(
            a,
            InvalidEnumValue {
                value: "y".to_owned(),
                ..a.clone()
            }
        );
        assert_ne!(
            a,
            InvalidEnumValue {
                type_name: "U",
                ..a.clone()
            }
        );
    }
}
