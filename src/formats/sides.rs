//! The sides outliners' users write, shared by the OPML and Markdown outline readers: side
//! headings ("Pros", "Arguments against:") that head the reasons indented under them, sides
//! named before a colon ("Cons: noisy") or with a dash ("Con – Costs"), and WorkFlowy's `#pro`/`#con` tags.

use crate::model::Stance;

/// The texts of side headings that head reasons for their parent, compared in lowercase with
/// their blanks collapsed, one colon at the end left out.
pub const FOR_HEADINGS: [&str; 10] = [
    "pro",
    "pros",
    "for",
    "arguments for",
    "reasons for",
    "advantages",
    "benefits",
    "in favour",
    "in favor",
    "supporting arguments",
];

/// The texts of side headings that head reasons against their parent.
pub const AGAINST_HEADINGS: [&str; 11] = [
    "con",
    "cons",
    "contra",
    "against",
    "arguments against",
    "reasons against",
    "objections",
    "disadvantages",
    "drawbacks",
    "counterarguments",
    "counter-arguments",
];

/// The side a heading names when `text` (as its reader shows it: bold marks dropped) is one
/// whole side heading, such as "Pros", "CONS:" or "Arguments against"; None for any other text.
pub fn heading(text: &str) -> Option<Stance> {
    let text = text.trim();
    let text = text.strip_suffix(':').unwrap_or(text);
    // Short texts only, starting as a heading does: a heading is a few words, and most texts
    // are told apart without a copy.
    let first = text.chars().next().map(|c| c.to_ascii_lowercase());
    if text.len() > 40 || !first.is_some_and(|c| "abcdfioprs".contains(c)) {
        return None;
    }
    let words = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if FOR_HEADINGS.contains(&words.as_str()) {
        Some(Stance::For)
    } else if AGAINST_HEADINGS.contains(&words.as_str()) {
        Some(Stance::Against)
    } else {
        None
    }
}

/// A side written before the words with a colon, in any letters: "Pro:" and "Pros:" for,
/// "Con:", "Cons:" and "Contra:" against; the words after the colon. A plural side needs words
/// after it: "Cons:" alone is a side heading.
pub fn colon(text: &str) -> Option<(Stance, &str)> {
    [
        (Stance::For, "pro:"),
        (Stance::Against, "con:"),
        (Stance::Against, "contra:"),
        (Stance::For, "pros:"),
        (Stance::Against, "cons:"),
    ]
    .into_iter()
    .find_map(|(stance, word)| {
        let head = text.get(..word.len())?;
        let words = &text[word.len()..];
        let plural = word.ends_with("s:");
        (head.eq_ignore_ascii_case(word) && !(plural && words.trim().is_empty()))
            .then_some((stance, words))
    })
}

/// A side written with a dash where a colon belongs: "Pro - x", "CON – x", "Con — x",
/// "Contra - x" (in any letters, the dash followed by a blank). The side, the words after the
/// dash, and the prefix as written (for the warning that says how to write it).
pub fn dashed(text: &str) -> Option<(Stance, &str, &str)> {
    let (stance, word) = [
        (Stance::Against, "contra"),
        (Stance::For, "pro"),
        (Stance::Against, "con"),
    ]
    .into_iter()
    .find(|(_, word)| {
        text.get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    })?;
    let after = &text[word.len()..];
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    let dash = after[blanks..].chars().next()?;
    if !matches!(dash, '-' | '–' | '—') {
        return None;
    }
    let past = &after[blanks + dash.len_utf8()..];
    // "Pro-choice" and "Con—" glued to a word are words, not sides.
    if !past.is_empty() && !past.starts_with([' ', '\t']) {
        return None;
    }
    let prefix_len = text.len() - past.len();
    Some((stance, past.trim_start(), &text[..prefix_len]))
}

/// The side WorkFlowy's tag `#pro` or `#con` (in any letters) names, when the text has exactly
/// one such tag, as a word of its own; the text without it. None when it has none, or both.
pub fn tag(text: &str) -> Option<(Stance, String)> {
    let mut found: Option<(Stance, usize, usize)> = None;
    for (at, _) in text.match_indices('#') {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace()) {
            continue;
        }
        let after = &text[at + 1..];
        let stance = match after.get(..3) {
            Some(word) if word.eq_ignore_ascii_case("pro") => Stance::For,
            Some(word) if word.eq_ignore_ascii_case("con") => Stance::Against,
            _ => continue,
        };
        let end = at + 4;
        let next = text[end..].chars().next();
        if next.is_some_and(|c| !c.is_whitespace() && !matches!(c, '.' | ',' | ';' | '!' | '?')) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some((stance, at, end));
    }
    let (stance, start, end) = found?;
    let words = format!("{} {}", text[..start].trim_end(), text[end..].trim_start());
    Some((stance, words.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_side_headings_name_a_side_in_any_letters() {
        for text in [
            "Pros",
            "PROS:",
            "Pro",
            "For",
            "Arguments  for",
            "advantages:",
        ] {
            assert_eq!(heading(text), Some(Stance::For), "{text}");
        }
        for text in ["Cons:", "con", "Against", "Arguments against", "Objections"] {
            assert_eq!(heading(text), Some(Stance::Against), "{text}");
        }
        for text in [
            "Pros and cons",
            "Pro: cheap",
            "Forests",
            "",
            "Against all odds",
        ] {
            assert_eq!(heading(text), None, "{text}");
        }
    }

    #[test]
    fn a_dash_after_a_side_is_read_as_its_colon() {
        assert_eq!(
            dashed("CON - Loneliness"),
            Some((Stance::Against, "Loneliness", "CON -"))
        );
        assert_eq!(
            dashed("Con – Costs"),
            Some((Stance::Against, "Costs", "Con –"))
        );
        assert_eq!(dashed("Pro- x"), Some((Stance::For, "x", "Pro-")));
        assert_eq!(
            dashed("contra — x"),
            Some((Stance::Against, "x", "contra —"))
        );
        for text in ["Pro-choice groups", "Contrast - x", "Pros - x", "Con", "Pr"] {
            assert_eq!(dashed(text), None, "{text}");
        }
    }

    #[test]
    fn a_side_before_a_colon_names_it_in_the_singular_or_plural() {
        assert_eq!(colon("Contra: Costs"), Some((Stance::Against, " Costs")));
        assert_eq!(colon("CONS: noisy"), Some((Stance::Against, " noisy")));
        assert_eq!(colon("Pros: cheap"), Some((Stance::For, " cheap")));
        assert_eq!(colon("pro:x"), Some((Stance::For, "x")));
        assert_eq!(colon("Con:"), Some((Stance::Against, "")));
        for text in [
            "Cons:",
            "Pros: ",
            "Contrary: x",
            "Prose: x",
            "Con",
            "Consent: x",
        ] {
            assert_eq!(colon(text), None, "{text}");
        }
    }

    #[test]
    fn one_pro_or_con_tag_names_the_side_and_is_dropped() {
        assert_eq!(
            tag("Uniforms are cheap #pro"),
            Some((Stance::For, "Uniforms are cheap".to_string()))
        );
        assert_eq!(
            tag("#Con They cost money."),
            Some((Stance::Against, "They cost money.".to_string()))
        );
        for text in ["#pro and #con", "#progress", "a#con", "no tag", "#pros"] {
            assert_eq!(tag(text), None, "{text}");
        }
    }
}
