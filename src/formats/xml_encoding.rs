//! The encoding an XML file's declaration names, `<?xml version="1.0" encoding="ISO-8859-1"?>`,
//! and the file's text read in it. Older outliners (OmniOutliner, Radio UserLand, many OPML
//! exports made on Windows) save OPML in ISO-8859-1 or windows-1252 and say so there.
//!
//! This is only asked of bytes that are not UTF-8: a UTF-8 file is read as UTF-8 whatever its
//! declaration says (ASCII reads the same in all of them), and costs nothing more. Encodings
//! are the WHATWG Encoding Standard's, as browsers read them (`encoding_rs`): "ISO-8859-1" is
//! read as windows-1252, its superset.

use encoding_rs::{DecoderResult, Encoding};

/// The bytes read by their declared encoding, or why they could not be.
#[derive(Debug, PartialEq, Eq)]
pub enum Declared {
    /// The text, in the encoding the declaration names.
    Text(String),
    /// The declaration names an encoding argscope cannot read; `offset` is where its name
    /// starts.
    Unknown { label: String, offset: usize },
    /// The bytes at `offset` are not text in the declared encoding (`label`); `before` is the
    /// text read up to them.
    Malformed {
        label: String,
        before: String,
        offset: usize,
    },
}

/// The text of bytes that are not UTF-8, read by the encoding their XML declaration names;
/// `None` when they have no declaration, or it names no encoding or UTF-8 (so the bytes are
/// simply not what they say they are).
pub fn decode(bytes: &[u8]) -> Option<Declared> {
    let (label, offset) = declared_label(bytes)?;
    let unknown = || Declared::Unknown {
        label: label.to_string(),
        offset,
    };
    let Some(encoding) = Encoding::for_label(label.as_bytes()) else {
        return Some(unknown());
    };
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    // A declaration that could be read as ASCII is not in UTF-16; "replacement" stands for
    // encodings browsers refuse to read, and x-user-defined is no encoding a file is saved in.
    if !encoding.is_ascii_compatible() || encoding == encoding_rs::X_USER_DEFINED {
        return Some(unknown());
    }
    Some(match read_as(encoding, bytes) {
        Ok(text) => Declared::Text(text),
        Err((before, offset)) => Declared::Malformed {
            label: label.to_string(),
            before,
            offset,
        },
    })
}

/// The encoding's name in the XML declaration that opens `bytes`, and the byte where it starts.
fn declared_label(bytes: &[u8]) -> Option<(&str, usize)> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes[start..].strip_prefix(b"<?xml")?;
    if !rest.first()?.is_ascii_whitespace() {
        return None;
    }
    // The declaration is short and in ASCII; its end (`?>`) bounds the search.
    let end = rest.windows(2).take(512).position(|pair| pair == b"?>")?;
    let declaration = std::str::from_utf8(&rest[..end]).ok()?;
    let after_name = declaration.find("encoding")? + "encoding".len();
    let value = declaration[after_name..].trim_start().strip_prefix('=')?;
    let value = value.trim_start();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    // `value` ends the declaration, so its length says where it starts.
    let label_at = declaration.len() - value.len() + quote.len_utf8();
    let label = &declaration[label_at..];
    let label = &label[..label.find(quote)?];
    Some((label, start + "<?xml".len() + label_at))
}

/// `bytes` in `encoding`, or the text before the first byte that is not in it and that byte's
/// offset.
fn read_as(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, (String, usize)> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // Most of an outline is ASCII, one byte a character in either encoding: room for that and
    // a little more, grown if the text needs it.
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8 + 16);
    let mut read = 0;
    loop {
        let (result, taken) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += taken;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => text.reserve(bytes.len() - read + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err((text, read - usize::from(bad) - usize::from(after)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_1_and_windows_1252_are_read_by_their_declaration() {
        let latin_1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml>caf\xe9</opml>";
        assert_eq!(
            decode(latin_1),
            Some(Declared::Text(
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml>café</opml>".to_string()
            ))
        );
        let windows = b"<?xml version='1.0' encoding = 'windows-1252' ?><a>\x93quoted\x94 \x80</a>";
        assert_eq!(
            decode(windows),
            Some(Declared::Text(
                "<?xml version='1.0' encoding = 'windows-1252' ?><a>\u{201c}quoted\u{201d} €</a>"
                    .to_string()
            ))
        );
    }

    #[test]
    fn no_declaration_or_one_saying_utf_8_leaves_the_bytes_not_utf_8() {
        assert_eq!(decode(b"<opml>caf\xe9</opml>"), None);
        assert_eq!(decode(b"<?xml version=\"1.0\"?><opml>caf\xe9</opml>"), None);
        assert_eq!(
            decode(b"<?xml version=\"1.0\" encoding=\"utf-8\"?><opml>caf\xe9</opml>"),
            None
        );
        assert_eq!(decode(b"caf\xe9 <?xml encoding=\"latin1\"?>"), None);
    }

    #[test]
    fn an_encoding_argscope_cannot_read_is_named_with_its_place() {
        let text = b"<?xml version=\"1.0\" encoding=\"x-mac-klingon\"?>\n<opml>\xe9</opml>";
        assert_eq!(
            decode(text),
            Some(Declared::Unknown {
                label: "x-mac-klingon".to_string(),
                offset: 30
            })
        );
        let utf16 = b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<opml>\xe9</opml>";
        assert!(matches!(decode(utf16), Some(Declared::Unknown { .. })));
    }

    #[test]
    fn a_byte_the_declared_encoding_lacks_is_found() {
        // 0x81 followed by a byte below 0x40 is no Shift_JIS character.
        let text = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<a>ok\x81\x20</a>";
        let Some(Declared::Malformed { before, offset, .. }) = decode(text) else {
            panic!("{:?}", decode(text));
        };
        assert_eq!(offset, text.iter().position(|&b| b == 0x81).unwrap());
        assert!(before.ends_with("<a>ok"), "{before:?}");
    }
}
