//! Finding the comments (`/* … */`, `<!-- … -->`, and `// …` to the end of a line), which are
//! read as blanks, outside `{…}` data only. A large file is searched in two halves at once.
//!
//! What the search carries from one line to the next is small: the data braces open, the last
//! two characters read (a `//` glued to the text before it is part of a web address, not a
//! comment, and a blank line closes data left open). So the second half starts at a line break
//! near the middle with that state guessed (no data open, the last two characters as the text
//! has them), and its finds are kept only when the first half, searched to the same point, ends
//! there in the state guessed; else the file is searched whole, as if it had never been cut.

use super::{Braces, Problems, count_breaks, find_byte, halves};

/// The comments of a text: their byte ranges, and the indexes of the lines they touch, in order.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Comments {
    pub(super) blanks: Vec<(usize, usize)>,
    pub(super) touched: Vec<usize>,
}

/// What the search carries across a point of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Carried {
    braces: Braces,
    /// The last two characters of the text as cleaned (a comment reads as spaces).
    prev: Option<char>,
    before: Option<char>,
}

impl Carried {
    const START: Carried = Carried {
        braces: Braces {
            depth: 0,
            quote: None,
            escaped: false,
        },
        prev: None,
        before: None,
    };
}

/// The comments of `text`, with a problem for one never closed.
pub(super) fn find(text: &str, problems: &mut Problems) -> Comments {
    if halves::worth_it(text) {
        let middle = text.len() / 2;
        let cut = text.as_bytes()[middle..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|at| middle + at + 1);
        if let Some(cut) = cut.filter(|&cut| cut < text.len()) {
            return cut_at(text, cut, problems);
        }
    }
    search(text, 0, text.len(), Carried::START, 0, problems).comments
}

/// The comments of `text`, searched in two halves at once: from the start, and from `cut`
/// (just after a line break).
fn cut_at(text: &str, cut: usize, problems: &mut Problems) -> Comments {
    let guess = guessed(text, cut);
    let lines_before = count_breaks(&text.as_bytes()[..cut]);
    let mut first_problems = Problems::new(&problems.file);
    let mut later_problems = Problems::new(&problems.file);
    let (first, later) = crate::parallel::both(
        || search(text, 0, cut, Carried::START, 0, &mut first_problems),
        || {
            search(
                text,
                cut,
                text.len(),
                guess,
                lines_before,
                &mut later_problems,
            )
        },
    );
    if first.end != cut || first.carried != guess {
        return search(text, 0, text.len(), Carried::START, 0, problems).comments;
    }
    problems.absorb(first_problems);
    problems.absorb(later_problems);
    let mut comments = first.comments;
    comments.blanks.extend(later.comments.blanks);
    comments.touched.extend(later.comments.touched);
    comments
}

/// What the search is guessed to carry to `cut`, just after a line break: no data open, and
/// the line break after the last character of the line before.
fn guessed(text: &str, cut: usize) -> Carried {
    Carried {
        braces: Carried::START.braces,
        prev: Some('\n'),
        before: text[..cut - 1].chars().next_back(),
    }
}

/// What a search from one point to another found, and where it stopped, carrying what.
struct Searched {
    comments: Comments,
    /// Where the search stopped: the end asked for, or past it when a comment went on.
    end: usize,
    carried: Carried,
}

/// Searches `text` from `from` (in the state `carried`, on the line with index `line`) until
/// `to` or the end of a comment that goes past it.
fn search(
    text: &str,
    from: usize,
    to: usize,
    carried: Carried,
    mut line: usize,
    problems: &mut Problems,
) -> Searched {
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    // The line `k` is on is counted only when a comment needs it: `line` counts the breaks
    // before byte `counted`.
    let mut counted = from;
    let Carried {
        mut braces,
        mut prev,
        mut before,
    } = carried;
    let bytes = text.as_bytes();
    // Data still open where its paragraph ends was never closed, and the reader reads its `{`
    // as text. So the search goes back to just after it and reads on to the paragraph's end
    // with every `{` as text, which keeps it linear. While data is open, this is where it was
    // opened with the character before it, and whether the line holds more than spaces so far.
    let mut opened = (from, prev);
    let mut line_has_text = true;
    // Before this point, a `{` opens no data: the paragraph is being read again.
    let mut plain_until = from;
    let mut k = from;
    loop {
        if k >= to {
            if to == text.len() && braces.depth > 0 {
                plain_until = k;
                (k, braces, prev, before) = reopened(opened);
                continue;
            }
            break;
        }
        if !braces.escaped {
            // Only some bytes can open a comment or change what is read: skip the run before
            // the next one. Outside data, a line break changes nothing; inside, only quotes,
            // braces and backslashes matter, and line breaks, to find the paragraph's end.
            let run = if braces.depth == 0 {
                find_byte(&bytes[k..to], [b'/', b'<', b'\\', b'{'])
            } else {
                find_byte(&bytes[k..to], [b'"', b'\'', b'{', b'}', b'\\', b'\n'])
            };
            let run = run.unwrap_or(to - k);
            if run > 0 {
                if braces.depth > 0 {
                    line_has_text |= (bytes[k..k + run].iter()).any(|b| !b" \t\r".contains(b));
                }
                let mut last = text[k..k + run].chars().rev();
                let (end, end_before) = (last.next(), last.next());
                before = if end_before.is_some() {
                    end_before
                } else {
                    prev
                };
                prev = end;
                k += run;
                continue;
            }
        }
        let rest = &text[k..];
        let c = rest.chars().next().unwrap_or(' ');
        if braces.depth == 0 && !braces.escaped {
            let close = if rest.starts_with("/*") {
                Some("*/")
            } else if rest.starts_with("<!--") {
                Some("-->")
            } else if rest.starts_with("//") && opens_line_comment(prev) {
                Some("\n")
            } else {
                None
            };
            if let Some(close) = close {
                line += count_breaks(&bytes[counted..k]);
                let open_len = if close == "-->" { 4 } else { 2 };
                let end = match rest[open_len..].find(close) {
                    Some(e) if close == "\n" => k + open_len + e,
                    Some(e) => k + open_len + e + close.len(),
                    None => {
                        if close != "\n" {
                            problems.at(
                                line + 1,
                                text[..k].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                                format!("this comment is never closed with {close}; the rest of the file is read as part of it"),
                            );
                        }
                        text.len()
                    }
                };
                blanks.push((k, end));
                if touched.last() != Some(&line) {
                    touched.push(line);
                }
                for (i, _) in text[k..end].match_indices('\n') {
                    line += 1;
                    // A line is touched when a character of the comment stands on it.
                    if k + i + 1 < end {
                        touched.push(line);
                    }
                }
                (k, counted) = (end, end);
                // A comment has at least two characters, none of them read as a line break
                // at its end.
                (prev, before) = (Some(' '), Some(' '));
                continue;
            }
        }
        let was_open = braces.depth > 0;
        if c == '{' && k < plain_until {
            braces.escaped = false;
        } else {
            braces.feed(c);
        }
        if braces.depth > 0 {
            if !was_open {
                (opened, line_has_text) = ((k, prev), true);
            } else if c == '\n' {
                if !line_has_text {
                    plain_until = k;
                    (k, braces, prev, before) = reopened(opened);
                    continue;
                }
                line_has_text = false;
            } else if !matches!(c, ' ' | '\t' | '\r') {
                line_has_text = true;
            }
        }
        (prev, before) = (Some(c), prev);
        k += c.len_utf8();
    }
    Searched {
        comments: Comments { blanks, touched },
        end: k,
        carried: Carried {
            braces,
            prev,
            before,
        },
    }
}

/// Whether a `//` after `prev` (the character before it, as cleaned) begins a comment: at
/// the start of a line or after a blank. One glued to the text before it is part of a web
/// address (`https://example.org`, `example.org//report`, `a//b`), which stays in the text.
fn opens_line_comment(prev: Option<char>) -> bool {
    prev.is_none_or(char::is_whitespace)
}

/// Where the search goes on after a `{` at `at`, found never closed: just after it, outside
/// data, with the `{` read as text.
fn reopened((at, prev): (usize, Option<char>)) -> (usize, Braces, Option<char>, Option<char>) {
    (at + 1, Braces::default(), Some('{'), prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`find`] gives for `text` cut at `cut`: the comments and the problems.
    fn found_cut(text: &str, cut: usize) -> (Comments, Vec<crate::model::Problem>) {
        let mut problems = Problems::new("f.argdown");
        let comments = cut_at(text, cut, &mut problems);
        (comments, problems.list)
    }

    fn found_whole(text: &str) -> (Comments, Vec<crate::model::Problem>) {
        let mut problems = Problems::new("f.argdown");
        let comments = search(text, 0, text.len(), Carried::START, 0, &mut problems).comments;
        (comments, problems.list)
    }

    /// Random text made of what the search carries across lines: comments of each kind, over
    /// line breaks and left open, URLs, data over lines with comment marks and quotes inside,
    /// escapes, blank lines, CRLF line ends and characters beyond ASCII.
    fn text(rng: &mut fastrand::Rng) -> String {
        const PIECES: [&str; 24] = [
            "[A]: words",
            "<B>: more words ",
            "\n",
            "\n",
            "\n\n",
            "\r\n",
            "/* a block\nover lines */",
            "/* left open",
            "<!-- html\ncomment -->",
            "<!-- open",
            "// to the end of the line",
            "see https://example.org/a//b",
            ":// after a colon",
            "example.org//glued",
            "\t// after a tab",
            "{data: \"a // b\",\nmore: '/* c'}",
            "{open: {",
            "}",
            "\\{ escaped",
            "\\",
            "é “quoted” 中",
            "\"",
            "'",
            "  + [C] ",
        ];
        (0..rng.usize(1..40))
            .map(|_| PIECES[rng.usize(..PIECES.len())])
            .collect()
    }

    #[test]
    fn comment_marks_in_data_are_text_up_to_the_brace_that_closes_it() {
        // A brace quoted in the data, or nested in it, does not close it.
        let text = "[A]: a {k: \"} // text\", n: {m: '}//'}, o: 1} // a comment\n";
        let at = text.find("// a comment").unwrap();
        assert_eq!(
            found_whole(text).0.blanks,
            [(at, at + "// a comment".len())]
        );
    }

    #[test]
    fn a_double_slash_glued_to_text_is_an_address_and_one_after_a_blank_a_comment() {
        let text = "[A]: See https://example.com/report, example.org//x and a//b. // note\n\
                    // a line of comment\n\
                    \t+ [B]: b\t// after a tab\n";
        let comments: Vec<&str> = (found_whole(text).0.blanks.iter())
            .map(|&(from, to)| &text[from..to])
            .collect();
        assert_eq!(
            comments,
            ["// note", "// a line of comment", "// after a tab"]
        );
    }

    #[test]
    fn after_data_never_closed_in_its_paragraph_comment_marks_are_comments_again() {
        // The paragraph ends at the line of spaces, with the first `{` still open; the data
        // in the next paragraph is closed, so the marks quoted in it are text.
        let text = "[B]: b {open\n  - [C]: c // dropped\n  \n[D]: {note: \"// kept\"}\n";
        let at = text.find("// dropped").unwrap();
        assert_eq!(found_whole(text).0.blanks, [(at, at + "// dropped".len())]);
    }

    #[test]
    fn a_text_cut_at_any_line_has_the_comments_it_has_whole() {
        let mut rng = fastrand::Rng::with_seed(7);
        let (mut cuts, mut kept) = (0, 0);
        for _ in 0..2000 {
            let text = text(&mut rng);
            let whole = found_whole(&text);
            for (at, _) in text.match_indices('\n') {
                let cut = at + 1;
                if cut == text.len() {
                    continue;
                }
                assert_eq!(found_cut(&text, cut), whole, "cut at {cut} of {text:?}");
                let mut problems = Problems::new("f.argdown");
                let first = search(&text, 0, cut, Carried::START, 0, &mut problems);
                cuts += 1;
                kept += usize::from(first.end == cut && first.carried == guessed(&text, cut));
            }
        }
        // The halves' finds were kept at many cuts (the rest fall in comments or data left
        // open), so the joining was tested, not only the search of the whole.
        assert!(
            kept * 5 > cuts,
            "kept the halves' finds at {kept} of {cuts} cuts"
        );
    }
}
