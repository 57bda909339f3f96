//! Halves of characters in JSON text. JavaScript, in which OVA is written, escapes a string
//! holding half of a character (an emoji cut in two) as a lone UTF-16 surrogate, `\ud83d`,
//! which JSON readers refuse, and with them the whole file. Each such escape becomes `\ufffd`
//! (�), of the same length, so every place in the file stays where it was.

/// The text with each lone surrogate escape replaced, the offset of the first and how many
/// there were; None when it has none.
pub(super) fn mend(text: &str) -> Option<(String, usize, usize)> {
    let bytes = text.as_bytes();
    let hex4 = |at: usize| {
        let digits = std::str::from_utf8(bytes.get(at..at + 4)?).ok()?;
        u32::from_str_radix(digits, 16).ok()
    };
    let mut lone = Vec::new();
    let mut i = 0;
    // `i` may pass the end, after an escape cut off there.
    while let Some(found) = bytes.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let at = i + found;
        if bytes.get(at + 1) != Some(&b'u') {
            // Another escape, `\\` among them: its second character is not an escape's start.
            i = at + 2;
            continue;
        }
        i = at + 6;
        match hex4(at + 2) {
            Some(0xD800..=0xDBFF) => {
                let low = (bytes.get(at + 6..at + 8) == Some(b"\\u"))
                    .then(|| hex4(at + 8))
                    .flatten();
                if low.is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) {
                    i = at + 12;
                } else {
                    lone.push(at);
                }
            }
            Some(0xDC00..=0xDFFF) => lone.push(at),
            _ => {}
        }
    }
    let &first = lone.first()?;
    let mut mended = bytes.to_vec();
    for &at in &lone {
        mended[at..at + 6].copy_from_slice(b"\\ufffd");
    }
    // Six ASCII bytes replaced six ASCII bytes: still UTF-8.
    let mended = String::from_utf8(mended).ok()?;
    Some((mended, first, lone.len()))
}

#[cfg(test)]
mod tests {
    use super::mend;

    #[test]
    fn lone_halves_are_replaced_and_whole_pairs_and_escaped_backslashes_kept() {
        let text =
            r#"{"a": "x\ud83d y", "b": "\ud83d\ude00", "c": "\\ud800", "d": "\udc00\u00e9"}"#;
        let (mended, first, count) = mend(text).expect("two lone halves");
        assert_eq!(
            mended,
            r#"{"a": "x\ufffd y", "b": "\ud83d\ude00", "c": "\\ud800", "d": "\ufffd\u00e9"}"#
        );
        assert_eq!((first, count), (8, 2));
        assert_eq!(mend(r#"{"b": "\ud83d\ude00 \\ \" \u0041"}"#), None);
        for cut_off in [r#"\u12"#, "\\", r#"x\ud83d"#, r#"\ud83d\"#, r#"\ud83d\u"#] {
            mend(cut_off);
        }
        assert_eq!(mend(r#"\u12"#), None);
    }
}
