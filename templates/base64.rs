/// Bytes that travel as base64 text in JSON (`format: byte`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Base64(pub ::std::vec::Vec<u8>);

const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Base64 {
    /// Standard base64 with padding.
    pub fn encode(&self) -> ::std::string::String {
        let mut out = ::std::string::String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(BASE64_ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Accepts standard and URL-safe alphabets, with or without padding.
    pub fn decode(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
        let mut out = ::std::vec::Vec::with_capacity(text.len() * 3 / 4);
        let mut acc: u32 = 0;
        let mut bits = 0;
        // By character, not byte, so a message names what was sent.
        for c in text.trim_end_matches('=').chars() {
            let v = match c {
                'A'..='Z' => c as u8 - b'A',
                'a'..='z' => c as u8 - b'a' + 26,
                '0'..='9' => c as u8 - b'0' + 52,
                '+' | '-' => 62,
                '/' | '_' => 63,
                '\n' | '\r' => continue,
                _ => return ::std::result::Result::Err(::std::format!("invalid base64 character {c:?}")),
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        // One character left over holds 6 bits, less than a byte: the text
        // was cut short (2 or 3 left over are unpadded, and fine).
        if bits == 6 {
            return ::std::result::Result::Err("truncated base64: one character too many or three too few".into());
        }
        ::std::result::Result::Ok(Base64(out))
    }
}

impl ::serde::Serialize for Base64 {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> ::serde::Deserialize<'de> for Base64 {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        let text: ::std::string::String = ::serde::Deserialize::deserialize(deserializer)?;
        Base64::decode(&text).map_err(<D::Error as ::serde::de::Error>::custom)
    }
}

#[cfg(test)]
mod base64_tests {
    use super::*;

    /// RFC 4648, section 10.
    const VECTORS: &[(&str, &str)] = &[
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    fn decoded(text: &str) -> Vec<u8> {
        Base64::decode(text).unwrap().0
    }

    #[test]
    fn encodes_the_rfc_4648_vectors_with_padding() {
        for (plain, encoded) in VECTORS {
            assert_eq!(
                Base64(plain.as_bytes().to_vec()).encode(),
                *encoded,
                "encoding {plain:?}"
            );
        }
    }

    #[test]
    fn decodes_the_rfc_4648_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(decoded(encoded), plain.as_bytes(), "decoding {encoded:?}");
        }
    }

    #[test]
    fn decodes_without_padding() {
        for (plain, encoded) in VECTORS {
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decoded(unpadded), plain.as_bytes(), "decoding {unpadded:?}");
        }
    }

    #[test]
    fn encodes_with_the_standard_alphabet() {
        // 0xfb 0xff 0xbf uses both characters that differ between alphabets.
        assert_eq!(Base64(vec![0xfb, 0xff, 0xbf]).encode(), "+/+/");
        assert_eq!(Base64(vec![0xff, 0xff, 0xff]).encode(), "////");
        assert_eq!(Base64(vec![0, 0, 0]).encode(), "AAAA");
    }

    #[test]
    fn decodes_standard_and_url_safe_alphabets() {
        assert_eq!(decoded("+/+/"), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(decoded("-_-_"), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(decoded("+_-/"), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(decoded("__8"), vec![0xff, 0xff]);
        assert_eq!(decoded("__8="), vec![0xff, 0xff]);
    }

    #[test]
    fn skips_line_breaks() {
        assert_eq!(decoded("Zm9v\r\nYmFy"), b"foobar");
        assert_eq!(decoded("Zm9v\nYmFy\n"), b"foobar");
    }

    #[test]
    fn rejects_characters_outside_both_alphabets() {
        assert_eq!(
            Base64::decode("Zm9v!").unwrap_err(),
            "invalid base64 character '!'"
        );
        assert_eq!(
            Base64::decode("Zm 9v").unwrap_err(),
            "invalid base64 character ' '"
        );
        assert_eq!(
            Base64::decode("Zm9v\t").unwrap_err(),
            "invalid base64 character '\\t'"
        );
        assert_eq!(
            Base64::decode("Zm.v").unwrap_err(),
            "invalid base64 character '.'"
        );
    }

    #[test]
    fn rejects_padding_in_the_middle() {
        assert_eq!(
            Base64::decode("Zg==Zg==").unwrap_err(),
            "invalid base64 character '='"
        );
    }

    #[test]
    fn rejects_non_ascii() {
        assert!(Base64::decode("Zm9vé")
            .unwrap_err()
            .starts_with("invalid base64 character"));
    }

    #[test]
    fn rejects_non_ascii_naming_the_character_given() {
        assert_eq!(
            Base64::decode("Zm9vé").unwrap_err(),
            "invalid base64 character 'é'"
        );
    }

    #[test]
    fn rejects_a_dangling_character() {
        for text in ["Z", "Zm9vY", "Zm9vY==="] {
            let err = Base64::decode(text).unwrap_err();
            assert!(err.starts_with("truncated base64"), "{text}: {err}");
        }
        assert_eq!(decoded("Zm9vYg"), b"foob");
        assert_eq!(decoded("Zm9vYmE"), b"fooba");
    }

    #[test]
    fn padding_alone_is_empty() {
        assert_eq!(decoded("=="), Vec::<u8>::new());
        assert_eq!(decoded(""), Vec::<u8>::new());
    }

    #[test]
    fn round_trips_every_byte_value_and_length() {
        let all: Vec<u8> = (0..=255u8).collect();
        for len in 0..all.len() {
            let original = Base64(all[..len].to_vec());
            let text = original.encode();
            assert_eq!(text.len(), len.div_ceil(3) * 4);
            assert_eq!(Base64::decode(&text).unwrap(), original, "length {len}");
        }
    }

    #[test]
    fn serde_is_a_json_string() {
        let value = Base64(b"hello".to_vec());
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""aGVsbG8=""#);
        assert_eq!(
            serde_json::from_str::<Base64>(r#""aGVsbG8=""#).unwrap(),
            value
        );
        assert_eq!(
            serde_json::from_str::<Base64>(r#""aGVsbG8""#).unwrap(),
            value
        );
        assert_eq!(
            serde_json::from_str::<Base64>(r#""""#).unwrap(),
            Base64(Vec::new())
        );
    }

    #[test]
    fn serde_reports_invalid_text_and_types() {
        let err = serde_json::from_str::<Base64>(r#""a*b""#).unwrap_err();
        assert!(
            err.to_string().contains("invalid base64 character '*'"),
            "{err}"
        );
        let err = serde_json::from_str::<Base64>("[1,2]").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: sequence, expected a string"),
            "{err}"
        );
    }

    #[test]
    fn serde_in_a_struct() {
        #[derive(Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        struct Doc {
            data: Base64,
        }
        let doc = Doc {
            data: Base64(vec![0, 1, 2, 253, 254, 255]),
        };
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(json, r#"{"data":"AAEC/f7/"}"#);
        assert_eq!(serde_json::from_str::<Doc>(&json).unwrap(), doc);
    }
}
