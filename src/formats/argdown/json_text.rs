//! A statement's text as `argdown json` writes it: already parsed, so plain words. The CLI
//! takes the markup out (`*not*` is `not`, `\#1` is `#1`) and says where it was in `ranges`;
//! only tags stay in the words. So the words are never read as Argdown again (that would
//! take an escaped `#1` for a tag, or `*` written as a star for emphasis): the ranges say
//! which parts are tags (left out, as the text reader leaves them out), mentions (shown as
//! the text reader shows them, `[Title]`) and links (whose addresses are kept). A `> "…"` line
//! below a statement arrives joined onto its words, and is its quote, as in the text.

use serde_json::Value;

/// What a member's text holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct MemberText {
    /// The words, without tags.
    pub words: String,
    /// The addresses of the links in the words, in order.
    pub links: Vec<String>,
    /// The words of a `> "…"` line, and the citation after them (empty when none).
    pub quote: Option<(String, String)>,
}

/// Reads a member (an object of `members` in `argdown json`'s output) of a statement or
/// argument whose tags are `tags`.
pub(super) fn read(member: &Value, tags: &[&str]) -> MemberText {
    let text = member.get("text").and_then(Value::as_str).unwrap_or("");
    let ranges = member.get("ranges").and_then(Value::as_array);
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut links = Vec::new();
    let mut tag_ranges = false;
    for range in ranges.into_iter().flatten() {
        let kind = range.get("type").and_then(Value::as_str).unwrap_or("");
        let bound = |key: &str| {
            let at = range.get(key).and_then(Value::as_u64)?;
            usize::try_from(at).ok()
        };
        // Ranges count UTF-16 units (JavaScript's string indexes), `stop` included.
        match kind {
            "tag" => {
                // The tag and the space after it.
                tag_ranges = true;
                if let (Some(start), Some(stop)) = (bound("start"), bound("stop")) {
                    cuts.push((start, stop.saturating_add(1)));
                }
            }
            "bold" | "italic" => {
                // The CLI writes the words without their markers; a writer that kept them
                // (`**hard**`) has them at the range's ends.
                if let (Some(start), Some(stop)) = (bound("start"), bound("stop")) {
                    let width = if kind == "bold" { 2 } else { 1 };
                    let end = stop.saturating_add(1);
                    if end >= start.saturating_add(2 * width)
                        && is_marker_run(text, start, width)
                        && is_marker_run(text, end - width, width)
                    {
                        cuts.push((start, start + width));
                        cuts.push((end - width, end));
                    }
                }
            }
            "statement-mention" | "argument-mention" => {
                // `@[Title]` is shown as `[Title]`, as the text reader shows it.
                if let Some(start) = bound("start") {
                    cuts.push((start, start.saturating_add(1)));
                }
            }
            "link" => {
                if let Some(url) = range.get("url").and_then(Value::as_str) {
                    links.push(url.to_string());
                }
            }
            _ => {}
        }
    }
    if !tag_ranges {
        // A file written without ranges: the tags the statement lists are still in its words.
        cuts.extend(tag_spans(text, tags));
    }
    let kept = cut_out(text, &mut cuts);
    let (words, quote) = split_quote(&kept);
    MemberText {
        words: crate::source::collapse_whitespace(words),
        links,
        quote,
    }
}

/// Whether `text` has `width` emphasis markers (`*` or `_`) at UTF-16 index `at`.
fn is_marker_run(text: &str, at: usize, width: usize) -> bool {
    let mut index = 0usize;
    let mut chars = text.chars().skip_while(|c| {
        let before = index < at;
        index += c.len_utf16();
        before
    });
    let first = chars.next();
    matches!(first, Some('*' | '_')) && (1..width).all(|_| chars.next() == first)
}

/// The spans (UTF-16 indexes, end excluded) of `#tag` and `#(tag)` for each of `tags` in
/// `text`, with the space after each.
fn tag_spans(text: &str, tags: &[&str]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for tag in tags {
        for written in [format!("#({tag})"), format!("#{tag}")] {
            let mut from = 0;
            while let Some(found) = text[from..].find(&written) {
                let at = from + found;
                let end = at + written.len();
                from = end;
                let rest = &text[end..];
                // `#eco` is not the tag `#economy`.
                if rest.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_') {
                    continue;
                }
                let space = rest.len() - rest.trim_start().len();
                let utf16 = |s: &str| s.encode_utf16().count();
                let start = utf16(&text[..at]);
                spans.push((start, start + utf16(&text[at..end + space])));
            }
        }
    }
    spans
}

/// `text` without the spans in `cuts` (UTF-16 indexes, end excluded). Spans the text does not
/// have, or that overlap, are the file's mistakes: what lies outside the text is ignored.
fn cut_out(text: &str, cuts: &mut [(usize, usize)]) -> String {
    if cuts.is_empty() {
        return text.to_string();
    }
    cuts.sort_unstable();
    let mut kept = String::with_capacity(text.len());
    let mut cut = cuts.iter().peekable();
    let mut at = 0usize;
    for c in text.chars() {
        while cut.peek().is_some_and(|&&(_, end)| end <= at) {
            cut.next();
        }
        let inside = cut.peek().is_some_and(|&&(start, _)| start <= at);
        if !inside {
            kept.push(c);
        }
        at += c.len_utf16();
    }
    kept
}

/// Splits off a `> "…"` line that the CLI joined onto the words with a space: the words
/// before it, and the quote's words and citation.
fn split_quote(text: &str) -> (&str, Option<(String, String)>) {
    let mut from = 0;
    while let Some(found) = text[from..].find(" > ") {
        let at = from + found;
        let rest = &text[at + 3..];
        if rest.trim_start().starts_with(['"', '“', '„', '«']) {
            let (words, citation) = super::quote_and_attribution(rest);
            if !words.is_empty() {
                return (&text[..at], Some((words.to_string(), citation.to_string())));
            }
        }
        from = at + 3;
    }
    (text, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escaped_characters_stay_and_tags_go() {
        // As `argdown json` writes `[T]: Uniforms are the \#1 fix. #main #(long term)`.
        let member = json!({
            "text": "Uniforms are the #1 fix. #main #(long term)",
            "ranges": [
                {"type": "tag", "start": 25, "stop": 30, "tag": "main"},
                {"type": "tag", "start": 31, "stop": 42, "tag": "long term"}
            ]
        });
        assert_eq!(read(&member, &[]).words, "Uniforms are the #1 fix.");
    }

    #[test]
    fn links_mentions_and_a_joined_quote_line_are_read() {
        let member = json!({
            "text": "Not about clothes, as @[T] says: link here. #evidence > \"The exact words here,\" the author said.",
            "ranges": [
                {"type": "statement-mention", "title": "T", "start": 22, "stop": 26},
                {"type": "link", "start": 33, "stop": 36, "url": "https://ex.org/a"},
                {"type": "tag", "start": 44, "stop": 53, "tag": "evidence"}
            ]
        });
        let read = read(&member, &[]);
        assert_eq!(read.words, "Not about clothes, as [T] says: link here.");
        assert_eq!(read.links, ["https://ex.org/a"]);
        assert_eq!(
            read.quote,
            Some((
                "The exact words here".to_string(),
                "the author said".to_string()
            ))
        );
    }

    #[test]
    fn indexes_count_utf16_units_and_bad_ranges_are_ignored() {
        // "😀" is two UTF-16 units: the tag after it starts at 5, not 4.
        let member = json!({
            "text": "a 😀 #x b",
            "ranges": [
                {"type": "tag", "start": 5, "stop": 7, "tag": "x"},
                {"type": "tag", "start": 400, "stop": 2, "tag": "y"},
                {"type": "tag", "start": "nine"}
            ]
        });
        assert_eq!(read(&member, &[]).words, "a 😀 b");
    }

    #[test]
    fn without_ranges_the_listed_tags_go_and_kept_markers_are_taken_out() {
        let member = json!({
            "text": "Soft drugs lead to **hard** ones. #liberal #(long term) #1",
            "ranges": [{"type": "bold", "start": 19, "stop": 26}]
        });
        assert_eq!(
            read(&member, &["liberal", "long term"]).words,
            "Soft drugs lead to hard ones. #1"
        );
        // As the CLI writes it: the markers are gone already.
        let member = json!({
            "text": "Soft drugs lead to hard ones.",
            "ranges": [{"type": "bold", "start": 19, "stop": 22}]
        });
        assert_eq!(read(&member, &[]).words, "Soft drugs lead to hard ones.");
    }

    #[test]
    fn a_greater_than_sign_in_the_words_is_no_quote() {
        let member = json!({"text": "Costs > benefits, \"so\" they say"});
        let read = read(&member, &[]);
        assert_eq!(read.words, "Costs > benefits, \"so\" they say");
        assert_eq!(read.quote, None);
    }
}
