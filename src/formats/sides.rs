//! The sides outliners' users write, shared by the OPML and Markdown outline readers: side
//! headings ("Pros", "Arguments against:") that head the reasons indented under them, sides
//! named before a colon ("Cons: noisy") or with a dash ("Con – Costs"), and WorkFlowy's `#pro`/`#con` tags.

use crate::model::{Kind, Stance};

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
        let words = before_colon(text, &word[..word.len() - 1])?;
        let plural = word.ends_with("s:");
        (!(plural && words.trim().is_empty())).then_some((stance, words))
    })
}

/// The words after `word` (in any letters) and a colon at the start of `text`, blanks allowed
/// before the colon ("Con : x", as people type it).
fn before_colon<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let after = text[word.len()..].trim_start_matches([' ', '\t']);
    (head.eq_ignore_ascii_case(word))
        .then(|| after.strip_prefix(':'))
        .flatten()
}

/// Words that name an item's kind before a colon, as students label points in an outline,
/// compared in lowercase: "Objection: x" is an objection, "Evidence: x" evidence. Pro and Con
/// are [`colon`]'s; other languages' words are not guessed at.
const KIND_WORDS: [(&str, Kind); 23] = [
    ("objection", Kind::Objection),
    ("objections", Kind::Objection),
    ("counterargument", Kind::Objection),
    ("counterarguments", Kind::Objection),
    ("counter-argument", Kind::Objection),
    ("counter argument", Kind::Objection),
    ("against", Kind::Objection),
    ("argument against", Kind::Objection),
    ("reason against", Kind::Objection),
    ("rebuttal", Kind::Rebuttal),
    ("rebuttals", Kind::Rebuttal),
    ("caveat", Kind::Caveat),
    ("caveats", Kind::Caveat),
    ("question", Kind::Question),
    ("questions", Kind::Question),
    ("evidence", Kind::Evidence),
    ("example", Kind::Evidence),
    ("reason", Kind::Claim),
    ("reasons", Kind::Claim),
    ("reason for", Kind::Claim),
    ("argument for", Kind::Claim),
    ("supporting argument", Kind::Claim),
    ("for", Kind::Claim),
];

/// The kind a word before a colon names ("Objection: x", "Evidence : x", in any letters; see
/// [`KIND_WORDS`]), the word as the list writes it, and the words after the colon.
pub fn kind_word(text: &str) -> Option<(Kind, &'static str, &str)> {
    // Short words only, and a colon among the first characters: most texts name no kind.
    let colon_at = text.find(':').filter(|&at| at <= 24)?;
    let head = text[..colon_at].trim_end().to_ascii_lowercase();
    let (word, kind) = KIND_WORDS.into_iter().find(|(word, _)| *word == head)?;
    let words = &text[colon_at + 1..];
    // Alone, "Against:" is a side heading, and "Evidence:" no more than a word.
    (!words.trim().is_empty()).then_some((kind, word, words))
}

/// A side written with a dash (or a period) where a colon belongs: "Pro - x", "CON – x",
/// "Con — x", "Contra - x", "Con. x" (in any letters, the dash followed by a blank). The side, the words after the
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
    if !matches!(dash, '-' | '–' | '—' | '.') {
        return None;
    }
    let past = &after[blanks + dash.len_utf8()..];
    // "Con. x": a period where the colon belongs, with words after it.
    if dash == '.' && past.trim().is_empty() {
        return None;
    }
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
        assert_eq!(dashed("Con. x"), Some((Stance::Against, "x", "Con.")));
        for text in [
            "Pro-choice groups",
            "Contrast - x",
            "Pros - x",
            "Con",
            "Pr",
            "Con.",
            "Pro.x",
        ] {
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
        assert_eq!(colon("Con : x"), Some((Stance::Against, " x")));
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
    fn words_that_name_a_kind_before_a_colon_give_it() {
        assert_eq!(
            kind_word("Objection: free speech"),
            Some((Kind::Objection, "objection", " free speech"))
        );
        assert_eq!(
            kind_word("COUNTER-ARGUMENT : x").map(|(kind, _, _)| kind),
            Some(Kind::Objection)
        );
        for (text, kind) in [
            ("Against: it is expensive", Kind::Objection),
            ("Rebuttal: r", Kind::Rebuttal),
            ("caveat: c", Kind::Caveat),
            ("Question: who pays?", Kind::Question),
            ("Evidence: e", Kind::Evidence),
            ("Reason: r", Kind::Claim),
            ("Argument for: a", Kind::Claim),
        ] {
            assert_eq!(
                kind_word(text).map(|(kind, _, _)| kind),
                Some(kind),
                "{text}"
            );
        }
        for text in [
            "Kontra: k",
            "Dagegen: d",
            "Note: x",
            "Objection",
            "My objection: x",
            "Evidence:",
        ] {
            assert_eq!(kind_word(text), None, "{text}");
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
