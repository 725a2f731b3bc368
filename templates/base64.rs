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
        for c in text.trim_end_matches('=').bytes() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' | b'-' => 62,
                b'/' | b'_' => 63,
                b'\n' | b'\r' => continue,
                _ => return ::std::result::Result::Err(::std::format!("invalid base64 character {:?}", c as char)),
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
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
