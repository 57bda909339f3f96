//! The HTML other tools leave in the texts they export: entities (`&amp;`, `&mdash;`,
//! `&#x2019;`; AIF corpora and WorkFlowy), and the inline formatting WorkFlowy writes into an
//! OPML outline's text (`<b>`, `<i>`, `<a href="…">`, `<span class="colored c-red">`).
//! What these give back is plain text, as a reader sees it in the tool.

use std::borrow::Cow;

/// The text with its HTML entities decoded; an `&` that starts no entity known here is kept.
/// Borrows the text back when it has none.
pub(crate) fn unescape<'a>(text: impl Into<Cow<'a, str>>) -> Cow<'a, str> {
    let text = text.into();
    if !text.contains('&') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = &*text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character an entity at the start of `text` stands for, and the entity's length.
pub(crate) fn entity(text: &str) -> Option<(char, usize)> {
    // The longest name known here, `&thetasym;`, and the longest number, `&#x10FFFF;`, fit.
    // Looked for among bytes: a window of characters could end inside one ("&amp;é…").
    let window = &text.as_bytes()[1.min(text.len())..12.min(text.len())];
    let semi = window.iter().position(|&b| b == b';')? + 1;
    let name = &text[1..semi];
    let c = match name.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        }
        .and_then(char::from_u32),
        None => named(name),
    }?;
    Some((c, semi + 1))
}

/// Latin-1's named characters, from U+00A0 on, in order.
const LATIN_1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// The named entities people's texts hold: XML's five, Latin-1's letters and signs, and
/// typography (dashes, curly quotes, ellipsis).
fn named(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "hellip" => '…',
        "bull" => '•',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "prime" => '′',
        "Prime" => '″',
        "euro" => '€',
        "trade" => '™',
        "minus" => '−',
        "larr" => '←',
        "rarr" => '→',
        "harr" => '↔',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "infin" => '∞',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        _ => {
            let at = LATIN_1.iter().position(|&known| known == name)?;
            return char::from_u32(0xa0 + at as u32);
        }
    };
    Some(c)
}

/// Inline elements an outliner puts around words; anything else that looks like a tag is text.
const INLINE: [&str; 22] = [
    "a", "b", "i", "u", "s", "em", "strong", "code", "span", "time", "mark", "del", "ins",
    "strike", "sub", "sup", "small", "big", "tt", "font", "kbd", "br",
];

/// Rich text as an outliner exports it, as plain text, with the address of its first link.
/// The text is read as HTML only when it closes an inline element (`</b>`) or breaks a line
/// (`<br>`): a plain text that mentions `<b>` keeps it. Entities are decoded either way.
pub(crate) fn rich_text<'a>(text: Cow<'a, str>) -> (Cow<'a, str>, Option<String>) {
    if !text.contains(['<', '&']) {
        return (text, None);
    }
    let is_html = tags(&text).any(|(_, tag)| tag.closing || tag.name == "br");
    if !is_html {
        return (unescape(text), None);
    }
    let mut plain = String::with_capacity(text.len());
    let mut link = None;
    let mut from = 0;
    for (start, tag) in tags(&text) {
        plain.push_str(&text[from..start]);
        from = start + tag.len;
        if tag.name == "br" {
            plain.push('\n');
        }
        if link.is_none() && tag.href.is_some() {
            link = tag.href.map(|href| unescape(href).into_owned());
        }
    }
    plain.push_str(&text[from..]);
    (Cow::Owned(unescape(plain).into_owned()), link)
}

/// A tag of an inline element, as found in a text.
struct Tag<'a> {
    /// Lower case.
    name: String,
    closing: bool,
    /// Its length in the text, `<` to `>`.
    len: usize,
    /// The `href` of an `<a>`, as written (entities not yet decoded).
    href: Option<&'a str>,
}

/// The inline elements' tags in `text`, with where each starts.
fn tags(text: &str) -> impl Iterator<Item = (usize, Tag<'_>)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text[at..].find('<') {
            let start = at + found;
            at = start + 1;
            if let Some(tag) = tag_at(&text[start..]) {
                at = start + tag.len;
                return Some((start, tag));
            }
        }
        at = text.len();
        None
    })
}

/// The inline element's tag that `text` starts with, if it starts with one.
fn tag_at(text: &str) -> Option<Tag<'_>> {
    let closing = text[1..].starts_with('/');
    let name_start = if closing { 2 } else { 1 };
    let name_len = text[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(text.len() - name_start);
    let name = text[name_start..name_start + name_len].to_ascii_lowercase();
    if !INLINE.contains(&name.as_str()) {
        return None;
    }
    let after = &text[name_start + name_len..];
    // Up to the `>`, skipping quoted attribute values. A `<` first, even quoted, means this
    // was no tag: so no text is read further than its next `<`, and a text costs one pass.
    let mut quote = None;
    let mut end = None;
    for (i, c) in after.char_indices() {
        match (quote, c) {
            (_, '<') => return None,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    let attributes = &after[..end];
    let well_formed = attributes.is_empty()
        || attributes.starts_with(char::is_whitespace)
        || (attributes == "/" && !closing);
    if !well_formed || (closing && !attributes.trim().is_empty()) {
        return None;
    }
    let href = (name == "a" && !closing)
        .then(|| attribute(attributes, "href"))
        .flatten();
    Some(Tag {
        name,
        closing,
        len: name_start + name_len + end + 1,
        href,
    })
}

/// The value of attribute `name` among `attributes` (` href="…" class='…'`), when quoted.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
            let value = &value[1..];
            return value.find(quote).map(|end| &value[..end]);
        }
        rest = &rest[at + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_and_stray_ampersands_kept() {
        assert_eq!(
            unescape("Tom &amp; Jerry&#39;s &#x2019; &lt;b&gt; & co &bogus; &"),
            "Tom & Jerry's \u{2019} <b> & co &bogus; &"
        );
        assert_eq!(unescape("&#1114112; &#"), "&#1114112; &#");
        // What follows an entity does not hide it, whatever its characters.
        assert_eq!(unescape("R&amp;éééé &#39;éééé"), "R&éééé 'éééé");
        assert_eq!(
            unescape("A &mdash; B&hellip; &ldquo;caf&eacute;&rdquo; &Uuml;ber &yuml;"),
            "A — B… “café” Über ÿ"
        );
    }

    #[test]
    fn inline_formatting_is_dropped_and_the_first_link_kept() {
        let (plain, link) = rich_text(Cow::Borrowed(
            "<b>Uniforms</b> save <span class=\"colored c-red\">money</span>, see <a href=\"https://example.org/?a=1&amp;b=2\">the study</a>",
        ));
        assert_eq!(plain, "Uniforms save money, see the study");
        assert_eq!(link.as_deref(), Some("https://example.org/?a=1&b=2"));
        let (plain, _) = rich_text(Cow::Borrowed("One<br>two<br/>R&amp;D &lt;b&gt;"));
        assert_eq!(plain, "One\ntwo\nR&D <b>");
    }

    #[test]
    fn a_plain_text_that_mentions_a_tag_keeps_it() {
        for text in [
            "Use <b> for bold",
            "x < y and y > z",
            "<b unclosed",
            "a <ab>x</ab>",
        ] {
            assert_eq!(rich_text(Cow::Borrowed(text)).0, text);
        }
        assert_eq!(rich_text(Cow::Borrowed("<<b>x</b>")).0, "<x");
    }

    proptest::proptest! {
        /// Pieces of markup strung at random: never a panic, and text with neither `<` nor
        /// `&` comes back as it was.
        #[test]
        fn any_text_is_read_without_a_panic(
            text in r#"(<|>|/|b|a|br|span| |"|'|=|href|&|;|amp|#|x|1|é|Ж){0,40}"#
        ) {
            let (plain, _) = rich_text(Cow::Borrowed(&text));
            if !text.contains(['<', '&']) {
                proptest::prop_assert_eq!(plain, text.as_str());
            }
        }
    }
}
