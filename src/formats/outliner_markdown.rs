//! The Markdown that Dynalist and Logseq leave in the texts of their OPML exports, read as
//! those tools show it: `**bold**`, `__bold__`, `*italic*`, `_italic_`, `~~struck~~` and
//! Logseq's `^^highlighted^^` and Obsidian's `==highlighted==` lose their markers; a link
//! `[words](address)` keeps its words (the address is given back, as a WorkFlowy link's is); a
//! page link `[[page]]` keeps the page's name, and Obsidian's `[[page|words]]` its words; `\*` is a `*` (and `\_`, `\~`, `\^`, `\[`, `\]`, `\\` likewise).
//!
//! Only what cannot be meant as plain text is read: markers come in pairs, hug the words they
//! mark (`2 * 3 * 4` and `snake_case_name` keep theirs), and a link's address holds no blank.
//! So any outliner's text is safe to read so, not only a file that names its tool (Logseq's
//! names none). Each pass is linear: every search stops at the next character that would
//! start another.

use std::borrow::Cow;

use super::is_web_address;

/// The text as Dynalist or Logseq shows it, and the address of its first link to the web.
/// Borrows the text back when it holds no Markdown.
pub(crate) fn read(text: Cow<'_, str>) -> (Cow<'_, str>, Option<String>) {
    if !text.contains(['*', '_', '~', '^', '=', '[', '\\']) {
        return (text, None);
    }
    let (linked, link) = links(&text);
    let plain = emphasis(&linked);
    if plain == *text {
        return (text, link);
    }
    (Cow::Owned(plain), link)
}

/// `[words](address)` as its words, and `[[page]]` as the page's name, with the first address
/// that is a web address.
fn links(text: &str) -> (String, Option<String>) {
    let mut out = String::with_capacity(text.len());
    let mut link = None;
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        // An escaped bracket is no link.
        if rest[..open].ends_with('\\') && !rest[..open].ends_with("\\\\") {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(inner) = after.strip_prefix('[')
            && let Some(close) = inner.find(['[', ']', '\n'])
            && inner[close..].starts_with("]]")
            && close > 0
        {
            // Obsidian's `[[page|shown words]]` shows its words.
            let page = &inner[..close];
            out.push_str(page.split_once('|').map_or(page, |(_, shown)| shown));
            rest = &inner[close + 2..];
            continue;
        }
        // The words, up to the first `]` (another `[` first: this one was text).
        let Some(close) = after.find(['[', ']', '\n']) else {
            out.push('[');
            rest = after;
            continue;
        };
        if !after[close..].starts_with("](") || close == 0 {
            out.push('[');
            rest = after;
            continue;
        }
        let words = &after[..close];
        let address_start = &after[close + 2..];
        match address_end(address_start) {
            Some(end) if end > 0 => {
                let address = &address_start[..end];
                if link.is_none() && is_web_address(address) {
                    link = Some(address.to_string());
                }
                out.push_str(words);
                rest = &address_start[end + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, link)
}

/// Where the address that `text` starts with ends: at the `)` that closes it, parentheses
/// inside it balanced (`wiki/Sati_(practice)`). None when a blank, a bracket or the end of the
/// text comes first.
fn address_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            '[' | ']' => return None,
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// A run of markers in the text: where it is, what it is, and whether it can open or close.
#[derive(Debug, Clone, Copy)]
struct Run {
    at: usize,
    marker: &'static str,
    opens: bool,
    closes: bool,
}

/// The markers, longest first, so that `**` is not read as two `*`.
const MARKERS: [&str; 7] = ["**", "__", "~~", "^^", "==", "*", "_"];

/// The text with its emphasis markers dropped where they pair up, and `\x` read as `x` for a
/// marker `x`.
fn emphasis(text: &str) -> String {
    let mut runs: Vec<Run> = Vec::new();
    let mut escapes: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = bytes.get(i + 1);
        if b == b'\\'
            && matches!(
                escaped,
                Some(b'*' | b'_' | b'~' | b'^' | b'[' | b']' | b'\\')
            )
        {
            escapes.push(i);
            i += 2;
            continue;
        }
        if !matches!(b, b'*' | b'_' | b'~' | b'^' | b'=') {
            i += 1;
            continue;
        }
        let len = bytes[i..].iter().take_while(|&&c| c == b).count();
        // A longer run (a rule, `***`) is text.
        let marker = MARKERS
            .iter()
            .find(|m| m.len() == len && m.as_bytes()[0] == b)
            .copied();
        if let Some(marker) = marker {
            let before = text[..i].chars().next_back();
            let after = text[i + len..].chars().next();
            let (left, right) = (flanks(before, after), flanks(after, before));
            // A single marker, and `_` or `==` of any length, marks whole words only
            // (`a==b` is code).
            let whole_words = len == 1 || b == b'_' || b == b'=';
            let (opens, closes) = if whole_words {
                (
                    left && before.is_none_or(|c| !c.is_alphanumeric()),
                    right && after.is_none_or(|c| !c.is_alphanumeric()),
                )
            } else {
                (left, right)
            };
            if opens || closes {
                runs.push(Run {
                    at: i,
                    marker,
                    opens,
                    closes,
                });
            }
        }
        i += len;
    }
    // Pair each closing run with the latest open one of its kind (a stack a kind).
    let mut open: [Vec<usize>; MARKERS.len()] = Default::default();
    let mut dropped = vec![false; runs.len()];
    for (n, run) in runs.iter().enumerate() {
        let kind = MARKERS.iter().position(|&m| m == run.marker).unwrap_or(0);
        if run.closes
            && let Some(opening) = open[kind].pop()
        {
            dropped[opening] = true;
            dropped[n] = true;
        } else if run.opens {
            open[kind].push(n);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut cuts: Vec<(usize, usize)> = (runs.iter().zip(&dropped))
        .filter(|&(_, &dropped)| dropped)
        .map(|(run, _)| (run.at, run.marker.len()))
        .chain(escapes.iter().map(|&at| (at, 1)))
        .collect();
    cuts.sort_unstable();
    for (at, len) in cuts {
        out.push_str(&text[from..at]);
        from = at + len;
    }
    out.push_str(&text[from..]);
    out
}

/// Whether a marker between `before` and `after` leans on `after`, as one opening before a
/// word does: the word starts right after it, and a punctuation mark right after it has a
/// blank or punctuation before the marker.
fn flanks(before: Option<char>, after: Option<char>) -> bool {
    let Some(after) = after else {
        return false;
    };
    if after.is_whitespace() {
        return false;
    }
    !is_punctuation(after) || before.is_none_or(|c| c.is_whitespace() || is_punctuation(c))
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        read(Cow::Borrowed(text)).0.into_owned()
    }

    #[test]
    fn emphasis_markers_that_pair_up_are_dropped() {
        assert_eq!(
            plain("**Uniforms** save __money__, *really* _do_, ~~not~~ ^^always^^"),
            "Uniforms save money, really do, not always"
        );
        assert_eq!(
            plain("A **bold *and italic* claim**."),
            "A bold and italic claim."
        );
        assert_eq!(plain("***"), "***");
        assert_eq!(
            plain("==highlighted== words, [[Peter Singer|Singer]] said"),
            "highlighted words, Singer said"
        );
    }

    #[test]
    fn markers_that_do_not_hug_words_or_pair_up_are_text() {
        for text in [
            "2 * 3 * 4 = 24",
            "snake_case_name and file_name.txt",
            "a ** b",
            "**never closed",
            "x^^2",
            "if a==b and c==d",
            "a == b == c",
            "5*3*2",
        ] {
            assert_eq!(plain(text), text);
        }
        assert_eq!(plain("\\*not italic\\*"), "*not italic*");
        assert_eq!(plain("\\[not a link](x)"), "[not a link](x)");
    }

    #[test]
    fn links_keep_their_words_and_give_the_first_web_address() {
        let (text, link) = read(Cow::Borrowed(
            "See [the study](https://example.org/a_(b)) and [[Homework]] or [notes](../assets/n.pdf).",
        ));
        assert_eq!(text, "See the study and Homework or notes.");
        assert_eq!(link.as_deref(), Some("https://example.org/a_(b)"));
        for text in ["[a] (b)", "[a](b c)", "[[]]", "[a]([b](c", "\\[a](b)"] {
            assert_eq!(read(Cow::Borrowed(text)).1, None, "{text}");
        }
        assert_eq!(plain("[a](b c)"), "[a](b c)");
        assert_eq!(plain("[a]([b](c"), "[a]([b](c");
    }

    proptest::proptest! {
        /// Pieces of Markdown strung at random: never a panic, and text with no marker comes
        /// back as it was.
        #[test]
        fn any_text_is_read_without_a_panic(
            text in r"(\*|_|~|\^|=|\[|\]|\(|\)|\\|\||a|é| |https://x|\.){0,40}"
        ) {
            let (plain, _) = read(Cow::Borrowed(&text));
            if !text.contains(['*', '_', '~', '^', '=', '[', '\\']) {
                proptest::prop_assert_eq!(plain, text.as_str());
            }
        }
    }
}
