//! Kialo discussion exports (.txt), in both layouts: the old one that starts
//! `Discussion Title: …` with one line a claim (`1.2.3. Pro: text`), and the new one that starts
//! `Discussion Name:` with a label line (`  1.2. Con:`) above indented text lines and a
//! `Sources:` bibliography at the end. See `docs/formats/kialo.md` for the rules, which come from
//! real exports.
//!
//! Reading builds the map as it goes, in one iterative pass over the lines: a numbered line
//! counts as a record only when its parent is already there (so lists inside claims stay text),
//! and each claim becomes its node once its text is complete, so that only the file and the map
//! are held at the end. A claim's statement (label, cleaned text, id) depends on its text alone,
//! so in a big file it is made on a second core while reading goes on ([`super::finishing`]).
//! The new layout's `Sources:` bibliography is read first, as claims cite it; `-> See 1.2.3.`
//! links become references at the end, when every claim is known. Kialo numbers are positions,
//! not identities, so the ids made from them (`k-1-2-3`) are unique but not stable across
//! exports.
//!
//! Writing ([`write`], for `argscope export --format kialo`) gives the new layout:
//! `Discussion Name:`, the map's title (or its thesis's label), then one block a node in reading
//! order, its number and label (`1. Thesis:`, or `1. Question:` with its children as the options,
//! `1.1. Thesis:`; below them `Pro:` or `Con:`) over its text indented two more spaces, and a
//! `Sources:` list. What Kialo can hold, and so what comes back when the file is read again:
//!
//! - The tree, the order of siblings and references (`-> See 1.2.`). A reference with claims
//!   below it is written as a copy of its statement, since a Kialo link holds none.
//! - Only Pro and Con: a node is a Pro when it stands for its parent and a Con when it stands
//!   against it ([`Kind::stance`]), so evidence reads back as a claim, and caveats, questions,
//!   rebuttals and undercuts as objections. Kialo has no other kinds; that is the format's limit.
//! - One text a claim, where argscope has a label and a text. The label alone is written when
//!   the text is empty or says the same; the text alone when its first sentence (or its first
//!   line, for a text of several lines) is the label; else the label as a paragraph of its own
//!   above the text. The reader makes the label from the first line's first sentence (cut to 60
//!   columns) and keeps the whole claim as text when it says more, so a one-sentence label always
//!   comes back, a text that starts with its label comes back as it was, and any other text
//!   comes back with the label's paragraph in front of it.
//! - A quote and a url: a footnote marker ` [n]` at the end of the text and a source `[n] url`
//!   with the quote below it in double quotes. A quote without url is a source without url, a
//!   line `[n]` alone, which reads back as the quote with no url.
//! - White space at the ends of lines and of a whole text or quote is not kept: the reader trims
//!   it (real exports carry stray trailing spaces). Line breaks and blank lines are kept.
//! - Not kept: statement ids (numbers are positions), other phrasings (`also`), undercut marks,
//!   the author and the source document.
//!
//! The new layout has no escapes, and Kialo's exports have no backslashes outside urls, so the
//! writer marks with a backslash what the reader would otherwise misread, and the reader removes
//! a backslash only there: before a text line that would read as a label line (`1.2. Pro:`), a
//! claim whose whole text would read as a link (`-> See 1.2.`), a title that would read as the
//! thesis's label line, a quote line that would start a new source (`[2] …`), and before `[2]` in
//! a text (a footnote marker otherwise). A text that itself starts with backslashes before such a
//! thing gets one more. Backslashes in urls are doubled, as the reader removes escapes there. A
//! text line `Sources:` needs nothing: text lines are indented, and only an unindented
//! `Sources:` starts the list.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::finishing::{self, Finishing};
use super::{
    Imported, label_and_text, label_and_text_owned, label_of, read_it_as_what_it_is, trim_owned,
};
use crate::model::problem::Loss;
use crate::model::{
    ArgMap, Body, FastMap, Kind, Meta, NodeId, Place, Problem, Stance as Side, Statement,
};
use crate::text::{sanitize, sanitize_owned};

/// Ids made from very deep numbers would be unreadable (and as long as the line): past this
/// length a node's id is made from its position in the file instead (`k-r123`).
const MAX_ID_CHARS: usize = 64;

/// How a link to another Kialo discussion is written in a statement's `url`.
pub const DISCUSSION_URL_PREFIX: &str = "kialo:discussion/";

/// The characters Kialo's old layout escapes with a backslash.
const ESCAPED: &[char] = &['(', ')', '[', ']', '>', '<', '@', '\\', '*', '_', '#', '`'];

/// Reads a Kialo export. `file` names the input in problems. What cannot be read is reported as a
/// warning with its line; a file that is not a Kialo export at all gives an error, which refuses
/// it, and a placeholder map with only a thesis named after the file.
pub fn parse(text: &str, file: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        text,
        file,
        layout: Layout::Title,
        crlf_records: false,
        map: ArgMap::new(Meta::default(), Statement::default()),
        open: None,
        claim_text: Paragraphs::default(),
        claim_lines: Vec::new(),
        numbers: FastMap::default(),
        links: Vec::new(),
        unread_labels: FastMap::default(),
        root_is_question: false,
        first_option: None,
        first_sided: None,
        sources: FastMap::default(),
        problems: Vec::new(),
    };
    let Some((title, body)) = reader.header() else {
        let message = if text.trim().is_empty() {
            "the file is empty; a Kialo export starts with \"Discussion Title:\" or \"Discussion Name:\"".to_string()
        } else {
            format!(
                "this is not a Kialo export: it has no \"Discussion Title:\" or \"Discussion Name:\" line and no thesis line \"1. …\"; {}",
                read_it_as_what_it_is(text, super::detect::Format::Kialo)
            )
        };
        return Imported {
            map: ArgMap::new(file_meta(file), file_thesis(file)),
            problems: vec![Problem::error(Place::at(file, 1, 1), message)],
            stable_ids: false,
        };
    };
    if reader.layout == Layout::Name {
        // Claims cite the bibliography at the end of the file, so it is read first.
        reader.read_sources(body.clone());
    }
    finishing::alongside(text.len(), finish_claim, |finishing| {
        reader.read_claims(body, finishing);
    });
    reader.complete(&title);
    reader.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Until 2022: `Discussion Title: …`, one line a claim, Markdown in the text.
    Title,
    /// Since 2023: `Discussion Name:`, label lines over indented text, footnotes and `Sources:`.
    Name,
}

/// What a record says about its parent, as written after its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stance {
    /// No label: the thesis of the old layout, or an option of a multi-thesis discussion.
    None,
    Pro,
    Con,
    Thesis,
    Question,
}

/// One line of the file, without its line break and trailing white space.
struct Line<'a> {
    text: &'a str,
    /// Its line number, from 1.
    number: usize,
    /// Whether the line break ending this line was CRLF.
    crlf: bool,
    /// Whether the previous line ended with a bare LF (inside a claim, in raw old exports).
    after_bare_lf: bool,
}

/// The file's lines from a line start on, cut as `str::split('\n')` cuts them (a file that ends
/// with a line break has a last, empty line). Made as they are read, so a big file is not held
/// twice.
#[derive(Clone)]
struct Lines<'a> {
    text: &'a str,
    /// Where the next line starts; `None` once the last line was given.
    next: Option<usize>,
    number: usize,
    after_bare_lf: bool,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            next: Some(0),
            number: 1,
            after_bare_lf: false,
        }
    }

    /// Where the next line starts (the end of the file after the last).
    fn offset(&self) -> usize {
        self.next.unwrap_or(self.text.len())
    }

    /// The lines after the line `Sources:` that ends the claims of the new layout, when one
    /// follows. Found by looking for the word rather than by cutting every line.
    fn after_sources_line(&self) -> Option<Lines<'a>> {
        let from = self.next?;
        let text = self.text;
        let mut at = from;
        while let Some(found) = text[at..].find("Sources:") {
            let start = at + found;
            let end = text[start..]
                .find('\n')
                .map_or(text.len(), |end| start + end);
            let line = &text[start..end];
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line_start = start == from || text.as_bytes()[start - 1] == b'\n';
            if line_start && line.trim_end() == "Sources:" {
                let before = text[from..start].bytes().filter(|&b| b == b'\n').count();
                let mut lines = Lines {
                    text,
                    next: Some(start),
                    number: self.number + before,
                    after_bare_lf: false,
                };
                lines.next();
                return Some(lines);
            }
            at = start + 1;
        }
        None
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let start = self.next?;
        let rest = &self.text[start..];
        // The memchr crate's search, which reads 32 bytes a step: this cut is a tenth of
        // reading a Kialo export.
        let raw = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => {
                self.next = Some(start + end + 1);
                &rest[..end]
            }
            None => {
                self.next = None;
                rest
            }
        };
        let (body, crlf) = match raw.strip_suffix('\r') {
            Some(body) => (body, true),
            None => (raw, false),
        };
        let line = Line {
            text: body.trim_end(),
            number: self.number,
            crlf,
            after_bare_lf: self.after_bare_lf,
        };
        self.number += 1;
        self.after_bare_lf = !crlf;
        Some(line)
    }
}

/// Lines of text gathered into one, keeping blank lines between paragraphs but none at the ends.
#[derive(Debug, Default)]
struct Paragraphs {
    text: String,
    blanks: usize,
}

impl Paragraphs {
    fn add(&mut self, line: &str) {
        if line.trim().is_empty() {
            if !self.text.is_empty() {
                self.blanks += 1;
            }
            return;
        }
        if !self.text.is_empty() {
            for _ in 0..=self.blanks {
                self.text.push('\n');
            }
        }
        self.blanks = 0;
        self.text.push_str(line);
    }

    /// Empty again, keeping the buffer for the next text.
    fn clear(&mut self) {
        self.text.clear();
        self.blanks = 0;
    }
}

/// The claim whose text lines are being read: the last one placed.
struct Claim<'a> {
    /// Its node: claims become nodes in file order.
    index: usize,
    /// Its Kialo number, `1.2.3.`.
    number: Cow<'a, str>,
    /// Index of the parent claim (the root's is its own, 0).
    parent: usize,
    depth: usize,
    stance: Stance,
    line: usize,
    column: usize,
    /// Indent (in columns, a tab two) stripped from the start of text lines (new layout).
    text_indent: usize,
}

/// A `Sources:` entry of the new layout, as places in the file: it is read when a claim cites
/// it, so a big bibliography is not held twice.
struct Source<'a> {
    /// As written, with its escapes.
    url: &'a str,
    /// Where the lines of its quoted excerpt start and end.
    quote: (usize, usize),
}

/// A line that looks like the start of a record.
struct Candidate<'a> {
    number: Cow<'a, str>,
    stance: Stance,
    /// The text on the record's own line (old layout).
    text: &'a str,
    /// Bytes of spaces and tabs before the number.
    indent: usize,
    /// Their width in columns, a tab two (one level of Kialo's indent).
    width: usize,
    /// How a label line of the new layout written not quite as Kialo writes it (`1.2 Pro:`,
    /// `1.2. Con`) differs from that, with how to write it.
    slip: Option<String>,
}

/// What a claim's text links to, when it is a link.
enum Link {
    None,
    /// `-> See 1.2.3.`: the number, with its final dot.
    Claim(String),
    /// `-> See discussion #123: Title`.
    Discussion {
        number: String,
        title: String,
    },
}

/// A claim that is a link `-> See 1.2.3.`, resolved once the whole file is read (a link may
/// point further down).
struct ClaimLink<'a> {
    /// The link's node.
    index: usize,
    /// The link's own number.
    number: Cow<'a, str>,
    /// The number it names, with its final dot.
    target: String,
    line: usize,
    column: usize,
}

/// Which reading found a warning. Warnings are listed by place; on one line they keep the order
/// a reader meets them in: the line itself, then where its link leads, then its claim's text
/// and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pass {
    Lines,
    Links,
    Claims,
}

struct Reader<'a, 'f> {
    text: &'a str,
    file: &'f str,
    layout: Layout,
    /// Whether records end with CRLF, so that a line after a bare LF continues a claim.
    crlf_records: bool,
    /// The map as far as it is read: node i is the i-th claim of the file.
    map: ArgMap,
    open: Option<Claim<'a>>,
    /// The open claim's text so far (one buffer, reused claim after claim).
    claim_text: Paragraphs,
    /// The line of each claim, by node.
    claim_lines: Vec<usize>,
    /// Claim index by Kialo number.
    numbers: FastMap<Cow<'a, str>, usize>,
    links: Vec<ClaimLink<'a>>,
    /// The lines of label lines that start no claim (`1.2.` with no side, `1.2. Maybe:`), by
    /// the number they give, so that a claim below one can name it.
    unread_labels: FastMap<&'a str, usize>,
    root_is_question: bool,
    /// The first claim below the thesis that is an option (no side, or `Thesis:`), and the
    /// first that takes a side: a discussion holds one sort or the other, so both is a slip.
    first_option: Option<String>,
    first_sided: Option<String>,
    /// Sources by footnote number, with their lines.
    sources: FastMap<u64, (Source<'a>, usize)>,
    /// Each problem with its line, column and the pass that found it, to sort them by.
    problems: Vec<(usize, usize, Pass, Problem)>,
}

impl<'a> Reader<'a, '_> {
    fn warn(&mut self, line: usize, column: usize, message: impl Into<String>) {
        let problem = Problem::warning(Place::at(self.file, line, column), message);
        self.problems.push((line, column, Pass::Lines, problem));
    }

    fn warn_link(&mut self, link: usize, message: String) {
        let ClaimLink { line, column, .. } = self.links[link];
        let problem = Problem::warning(Place::at(self.file, line, column), message);
        self.problems.push((line, column, Pass::Links, problem));
    }

    /// Warns, once, where the claims below the thesis first mix options (which make the
    /// discussion several theses under a question) with claims that take a side: one claim
    /// written without its side turns the thesis into a question.
    fn note_side_below_the_thesis(&mut self, claim: &Claim<'a>) {
        let number = claim.number.trim_end_matches('.');
        let first = if is_option(claim.stance) {
            &mut self.first_option
        } else {
            &mut self.first_sided
        };
        if first.is_some() {
            return;
        }
        *first = Some(number.to_string());
        // A side Kialo does not write (`pro:`) has its own warning on the line.
        let said = self.problems.iter().any(|&(line, ..)| line == claim.line);
        if let (Some(option), Some(sided), false) = (&self.first_option, &self.first_sided, said) {
            let message = format!(
                "the claim {option} takes no side while {sided} takes one, so the discussion is read as several theses under a question; if {option} is a reason for or against the thesis, write Pro: or Con: before its text"
            );
            self.warn_claim(claim, message);
        }
    }

    fn warn_claim(&mut self, claim: &Claim, message: String) {
        let (line, column) = (claim.line, claim.column);
        let problem = Problem::warning(Place::at(self.file, line, column), message);
        self.problems.push((line, column, Pass::Claims, problem));
    }

    /// Marks the problem just found as one of which the map holds all, in a shape or with a
    /// placeholder argscope chose (see [`Loss::Nothing`]).
    fn nothing_left_out(&mut self) {
        if let Some((.., problem)) = self.problems.last_mut() {
            problem.loss = Loss::Nothing;
        }
    }

    fn finish(self) -> Imported {
        let mut problems = self.problems;
        problems.sort_by_key(|&(line, column, pass, _)| (line, column, pass));
        let mut problems: Vec<Problem> =
            problems.into_iter().map(|(.., problem)| problem).collect();
        if !problems.is_empty() {
            let written = (self.claim_lines.iter().enumerate())
                .map(|(i, &line)| (line, NodeId(i as u32)))
                .collect();
            super::tie_to_nodes(&mut problems, written);
        }
        Imported {
            map: self.map,
            problems,
            stable_ids: false,
        }
    }

    /// Finds the layout and the title; returns the title and the lines after the header, or
    /// `None` when the file is not a Kialo export.
    fn header(&mut self) -> Option<(String, Lines<'a>)> {
        let mut lines = Lines::new(self.text);
        let first = lines.clone().find(|l| !l.text.trim().is_empty())?;
        // The header, in any letters, may follow a few lines typed above it.
        let mut found = None;
        for line in lines.by_ref().take(HEADER_LINES) {
            if let Some(header) = header_word(line.text) {
                found = Some((line, header));
                break;
            }
        }
        let Some((line, (name, after))) = found else {
            return self.no_header(first);
        };
        if line.number != first.number {
            let word = if name { "Name" } else { "Title" };
            self.warn(
                first.number,
                1,
                format!(
                    "the lines above the \"Discussion {word}:\" line (line {}) are left out; a Kialo export starts with it",
                    line.number
                ),
            );
        }
        self.crlf_records = line.crlf;
        let title = after.trim();
        if !name {
            self.layout = Layout::Title;
            return Some((unescape(title), lines));
        }
        if title.is_empty() {
            self.layout = Layout::Name;
            let mut after_title = lines.clone();
            return match after_title.next() {
                Some(next) if !next.text.trim().is_empty() && self.candidate(&next).is_none() => {
                    let title = unescape_if(next.text.trim(), is_label_line);
                    Some((title.to_string(), after_title))
                }
                _ => Some((String::new(), lines)),
            };
        }
        // "Discussion Name: Title" on one line, as the old layout's header.
        self.layout = Layout::Title;
        Some((title.to_string(), lines))
    }

    /// A file without header (`first` its first line that is not blank): read from the first
    /// thesis line, if there is one.
    fn no_header(&mut self, first: Line<'a>) -> Option<(String, Lines<'a>)> {
        let mut lines = Lines::new(self.text);
        let (start, layout) = loop {
            let from_here = lines.clone();
            let line = lines.next()?;
            let Some((number, rest)) = split_number(line.text.trim_start()) else {
                continue;
            };
            if number != "1." || !(rest.is_empty() || rest.starts_with(' ')) {
                continue;
            }
            let layout = match rest.trim() {
                "Thesis:" | "Question:" => Layout::Name,
                _ => Layout::Title,
            };
            self.crlf_records = line.crlf;
            break (from_here, layout);
        };
        self.layout = layout;
        self.warn(
            first.number,
            1,
            format!(
                "the file has no \"Discussion Title:\" or \"Discussion Name:\" line; it is read as a Kialo export from its thesis on line {}",
                start.number
            ),
        );
        Some((String::new(), start))
    }

    /// A line shaped like a record of the file's layout, before checking where it would go.
    fn candidate(&self, line: &Line<'a>) -> Option<Candidate<'a>> {
        let mut candidate = self.record_shape(line)?;
        candidate.width = indent_width(&line.text[..candidate.indent]);
        Some(candidate)
    }

    /// [`Self::candidate`], its indent's width not yet measured.
    fn record_shape(&self, line: &Line<'a>) -> Option<Candidate<'a>> {
        match self.layout {
            Layout::Title => {
                // Records re-indented by hand (with spaces or tabs) are still records.
                let (indent, _, unindented) = split_indent(line.text);
                let strict = split_number(unindented).and_then(|(number, rest)| {
                    let rest = match rest.strip_prefix(' ') {
                        Some(rest) => rest,
                        None if rest.is_empty() => rest,
                        None => return None,
                    };
                    let (stance, text) = [("Pro:", Stance::Pro), ("Con:", Stance::Con)]
                        .into_iter()
                        .find_map(|(word, stance)| {
                            let after = rest.strip_prefix(word)?;
                            (after.is_empty() || after.starts_with(' ')).then_some((stance, after))
                        })
                        .unwrap_or((Stance::None, rest));
                    Some((number, stance, text))
                });
                if let Some((number, stance @ (Stance::Pro | Stance::Con), text)) = strict {
                    return Some(Candidate {
                        number: Cow::Borrowed(number),
                        stance,
                        text: text.trim_start(),
                        indent,
                        width: 0,
                        slip: None,
                    });
                }
                // A record's number and side written not quite as Kialo writes them
                // (`1.2 Con: …`, `1.2.Con: …`, `1.2. con: …`), as the new layout reads its
                // label lines.
                if let Some((loose, text)) = loose_record(line.text, Layout::Title) {
                    return Some(Candidate {
                        number: loose.number,
                        stance: loose.stance,
                        text,
                        indent: loose.indent,
                        width: 0,
                        slip: Some(loose.slip),
                    });
                }
                let (number, stance, text) = strict?;
                Some(Candidate {
                    number: Cow::Borrowed(number),
                    stance,
                    text: text.trim_start(),
                    indent,
                    width: 0,
                    slip: None,
                })
            }
            Layout::Name => {
                if let Some((indent, number, stance)) = label_line(line.text) {
                    return Some(Candidate {
                        number: Cow::Borrowed(number),
                        stance,
                        text: "",
                        indent,
                        width: 0,
                        slip: None,
                    });
                }
                if let Some((indent, number, stance, text)) = label_with_text(line.text) {
                    return Some(Candidate {
                        number: Cow::Borrowed(number),
                        stance,
                        text,
                        indent,
                        width: 0,
                        slip: None,
                    });
                }
                let loose = loose_label(line.text)?;
                Some(Candidate {
                    number: loose.number,
                    stance: loose.stance,
                    text: "",
                    indent: loose.indent,
                    width: 0,
                    slip: Some(loose.slip),
                })
            }
        }
    }

    /// Reads the claims into the map, each made into its node once its text is complete; the
    /// statements are finished by `finishing`, and all of them are in the map on return.
    fn read_claims(&mut self, lines: Lines<'a>, finishing: &mut Finishing<RawClaim<'a>, Finished>) {
        let mut ignored_before_thesis = false;
        for line in lines {
            if self.layout == Layout::Name && line.text == "Sources:" {
                break;
            }
            if self.layout == Layout::Name
                && let Some((column, word)) = misspelt_stance(line.text)
            {
                self.warn(
                    line.number,
                    column,
                    format!(
                        "\"{word}\" is not a side Kialo writes; its line is read as text of the claim above (write Pro:, Con:, Thesis: or Question: as Kialo does)"
                    ),
                );
                if let Some((number, _)) = split_number(split_indent(line.text).2) {
                    self.unread_labels.entry(number).or_insert(line.number);
                }
            }
            if let Some(candidate) = self.candidate(&line) {
                let (number, column) = (candidate.number.clone(), candidate.indent + 1);
                let text_on_label = self.layout == Layout::Name && !candidate.text.is_empty();
                let slip = candidate.slip.clone();
                if self.accept(candidate, &line, finishing) {
                    if let Some(slip) = slip {
                        self.warn(line.number, column, slip);
                        self.nothing_left_out();
                    }
                    if text_on_label {
                        let shown = number.trim_end_matches('.');
                        self.warn(
                            line.number,
                            column,
                            format!("the claim {shown} has its text on its label's line; it is read as the claim's text (Kialo writes the label alone, the text on the lines below)"),
                        );
                        self.nothing_left_out();
                    }
                    continue;
                }
            }
            // Not a claim: a line that looks like a label missing its side is said so.
            if self.layout == Layout::Name
                && let Some((column, number)) = sideless_label(line.text)
            {
                let shown = number.trim_end_matches('.');
                self.warn(
                    line.number,
                    column,
                    format!("\"{number}\" has no side after its number, so it starts no claim; its line is read as text of the claim above (write \"{shown}. Pro:\" or \"{shown}. Con:\" as Kialo does)"),
                );
                self.unread_labels.entry(number).or_insert(line.number);
            }
            match &self.open {
                Some(claim) => {
                    let text = strip_indent(line.text, claim.text_indent);
                    self.claim_text.add(text);
                }
                None if !line.text.trim().is_empty() && !ignored_before_thesis => {
                    ignored_before_thesis = true;
                    self.warn(
                        line.number,
                        1,
                        "text before the thesis (the line \"1. …\") is left out",
                    );
                }
                None => {}
            }
        }
        self.close_claim(finishing);
        finishing.wait(|finished| self.place(finished));
    }

    /// Writes a finished statement into its node.
    fn place(&mut self, (index, statement): Finished) {
        self.map.nodes[index].body = Body::Statement(statement);
    }

    /// Places a candidate record, or says why it is read as text of the claim above.
    fn accept(
        &mut self,
        candidate: Candidate<'a>,
        line: &Line,
        finishing: &mut Finishing<RawClaim<'a>, Finished>,
    ) -> bool {
        let shaped = candidate.stance != Stance::None;
        let column = candidate.indent + 1;
        let shown = candidate.number.trim_end_matches('.');
        if self.claim_lines.is_empty() {
            if candidate.number == "1." {
                self.open_claim(&candidate, 0, 1, line.number);
                return true;
            }
            if shaped {
                self.warn(
                    line.number,
                    column,
                    format!(
                        "the claim {shown} comes before the thesis (\"1.\") and is left out; a Kialo export starts with its thesis"
                    ),
                );
            }
            return false;
        }
        if candidate.number == "1." {
            if self.layout == Layout::Name {
                self.warn(
                    line.number,
                    column,
                    "a second thesis \"1.\" is read as text of the claim above; a discussion has one",
                );
            }
            return false;
        }
        let depth = candidate.number.bytes().filter(|&b| b == b'.').count();
        if self.layout == Layout::Title {
            // A numbered list inside a claim: below the options every record has a stance, and
            // in a raw export records start after CRLF while lines inside a claim start after LF.
            if (depth >= 3 && !shaped) || (self.crlf_records && line.after_bare_lf) {
                return false;
            }
        }
        if let Some(&first) = self.numbers.get(&*candidate.number) {
            if shaped {
                let first_line = self.claim_lines[first];
                self.warn(
                    line.number,
                    column,
                    format!(
                        "the claim number {shown} is used a second time (first on line {first_line}); this line is read as text of the claim above"
                    ),
                );
            }
            return false;
        }
        let parent_number = parent_number(&candidate.number);
        let Some(&parent) = self.numbers.get(parent_number) else {
            if shaped {
                let parent_shown = parent_number.trim_end_matches('.');
                let message = match self.unread_labels.get(parent_number) {
                    Some(at) => format!(
                        "the claim {shown} could not be placed: its parent {parent_shown} on line {at} starts no claim (see the warning there); this line is read as text of the claim above"
                    ),
                    None => format!(
                        "the claim {shown} could not be placed: there is no claim {parent_shown} above it; this line is read as text of the claim above"
                    ),
                };
                self.warn(line.number, column, message);
            }
            return false;
        };
        self.close_claim(finishing);
        self.open_claim(&candidate, parent, depth, line.number);
        true
    }

    /// Starts reading the claim a record begins.
    fn open_claim(&mut self, record: &Candidate<'a>, parent: usize, depth: usize, line: usize) {
        let index = self.claim_lines.len();
        self.numbers.insert(record.number.clone(), index);
        self.claim_lines.push(line);
        self.claim_text.add(record.text);
        self.open = Some(Claim {
            index,
            number: record.number.clone(),
            parent,
            depth,
            stance: record.stance,
            line,
            column: record.indent + 1,
            text_indent: text_indent(self.layout, record.width),
        });
    }

    /// Makes the open claim, its text complete, into its node; its statement is left to
    /// `finishing` to make.
    fn close_claim(&mut self, finishing: &mut Finishing<RawClaim<'a>, Finished>) {
        let Some(claim) = self.open.take() else {
            return;
        };
        let mut text = std::mem::take(&mut self.claim_text);
        let mut raw = None;
        let statement = match read_link(&text.text) {
            Link::None => {
                raw = Some(self.raw_statement(&claim, &text.text));
                // Until it is finished.
                Statement::default()
            }
            Link::Discussion { number, title } => discussion_statement(&claim, &number, &title),
            Link::Claim(target) => {
                self.links.push(ClaimLink {
                    index: claim.index,
                    number: claim.number.clone(),
                    target,
                    line: claim.line,
                    column: claim.column,
                });
                // Made once the links are resolved.
                Statement::default()
            }
        };
        text.clear();
        self.claim_text = text;
        if claim.index == 0 {
            self.root_is_question |= claim.stance == Stance::Question;
            self.map.nodes[0].body = Body::Statement(statement);
        } else {
            let kind = self.kind(&claim);
            let parent = NodeId(claim.parent as u32);
            self.map.push(parent, kind, Body::Statement(statement));
        }
        // The node is there now, for its statement to be written into.
        if let Some(raw) = raw {
            finishing.add(raw, |finished| self.place(finished));
        }
    }

    /// The kind a claim's stance gives its node.
    fn kind(&mut self, claim: &Claim<'a>) -> Kind {
        if claim.depth == 2 {
            self.note_side_below_the_thesis(claim);
        }
        match claim.stance {
            Stance::Pro => Kind::Claim,
            Stance::Con => Kind::Objection,
            stance if claim.depth == 2 && is_option(stance) => {
                // An option: the root is the question they answer.
                self.root_is_question = true;
                Kind::Thesis
            }
            _ => {
                let message = format!(
                    "the claim {} is labelled as a thesis below the options; it is read as a pro",
                    claim.number.trim_end_matches('.')
                );
                self.warn_claim(claim, message);
                Kind::Claim
            }
        }
    }

    /// The `Sources:` section, when the file has one: `[n] url` lines, each followed by an
    /// optional quoted excerpt.
    fn read_sources(&mut self, body: Lines<'a>) {
        let Some(mut lines) = body.after_sources_line() else {
            return;
        };
        let mut current: Option<u64> = None;
        let mut ignored = false;
        loop {
            let start = lines.offset();
            let Some(line) = lines.next() else {
                break;
            };
            if let Some((n, url)) = source_line(line.text) {
                self.end_quote(current, start);
                if let Some((_, first)) = self.sources.get(&n) {
                    let first = *first;
                    self.warn(
                        line.number,
                        1,
                        format!(
                            "the source [{n}] is listed a second time (first on line {first}); the first is used"
                        ),
                    );
                    current = None;
                } else {
                    let quote = (lines.offset(), lines.offset());
                    self.sources.insert(n, (Source { url, quote }, line.number));
                    current = Some(n);
                }
                continue;
            }
            if current.is_none() && !line.text.trim().is_empty() && !ignored {
                ignored = true;
                self.warn(
                    line.number,
                    1,
                    "this line of the Sources section belongs to no source \"[n] url\" and is left out",
                );
            }
        }
        self.end_quote(current, self.text.len());
    }

    /// Ends the quote of the source being read where the next source (or the file) starts.
    fn end_quote(&mut self, current: Option<u64>, end: usize) {
        if let Some((source, _)) = current.and_then(|n| self.sources.get_mut(&n)) {
            source.quote.1 = end;
        }
    }

    /// A source's url and its quote, without the quotation marks around it.
    fn read_source(&self, source: &Source) -> (String, String) {
        let (start, end) = source.quote;
        let mut quote = Paragraphs::default();
        for line in Lines::new(&self.text[start..end]) {
            quote.add(unescape_if(line.text, is_source_line));
        }
        (unescape(source.url), strip_quotes(&quote.text))
    }

    /// Once every claim is read: links resolved, the root's kind and the map's title.
    fn complete(&mut self, title: &str) {
        if self.claim_lines.is_empty() {
            let line = self.text.bytes().filter(|&b| b == b'\n').count() + 1;
            self.warn(
                line,
                1,
                "the discussion has no thesis: no line \"1. …\" follows the header",
            );
            let file = self.file;
            let mut thesis = file_thesis(file);
            let mut meta = file_meta(file);
            if !title.trim().is_empty() {
                (thesis.label, thesis.text) = label_and_text(title);
                meta.title = sanitize(title.trim(), false);
            }
            self.map = ArgMap::new(meta, thesis);
            return;
        }
        let targets = self.resolve_links();
        self.make_links(&targets);
        if self.root_is_question {
            self.map.nodes[0].kind = Kind::Question;
        }
        let mut meta = Meta {
            title: if title.trim().is_empty() {
                match &self.map.nodes[0].body {
                    Body::Statement(root) => root.label.clone(),
                    Body::Ref(_) => String::new(),
                }
            } else {
                sanitize(title.trim(), false)
            },
            ..Meta::default()
        };
        meta.sanitize();
        self.map.meta = meta;
    }

    /// Whether claim `index` is a link with no claims below it, which becomes a reference when
    /// it leads somewhere: the link's position in `links`.
    fn reference_link(&self, index: usize) -> Option<usize> {
        let link = self.links.binary_search_by_key(&index, |l| l.index).ok()?;
        self.map.nodes[index].children.is_empty().then_some(link)
    }

    /// For each link, the claim whose statement it shows: links to links are followed, and
    /// links that lead nowhere or in a circle are reported.
    fn resolve_links(&mut self) -> Vec<Option<usize>> {
        // The claim each link names, when it names one of this file.
        let direct: Vec<Option<usize>> = (self.links.iter())
            .map(|link| self.numbers.get(link.target.as_str()).copied())
            .collect();
        #[derive(Clone, Copy)]
        enum State {
            Todo,
            Busy,
            Done(Option<usize>),
        }
        let mut state = vec![State::Todo; self.links.len()];
        let mut result: Vec<Option<usize>> = vec![None; self.links.len()];
        let mut path = Vec::new();
        for k in 0..self.links.len() {
            let number = &self.links[k].target;
            let shown = number.trim_end_matches('.');
            let Some(first) = direct[k] else {
                let message = format!(
                    "the link \"-> See {number}\" points at no claim of this discussion; it is kept as a claim that says so"
                );
                self.warn_link(k, message);
                continue;
            };
            path.clear();
            let mut at = first;
            let end = loop {
                let Some(link) = self.reference_link(at) else {
                    break Some(at);
                };
                match state[link] {
                    State::Done(end) => break end,
                    State::Busy => break None,
                    State::Todo => {}
                }
                state[link] = State::Busy;
                path.push(link);
                match direct[link] {
                    Some(next) => at = next,
                    None => break None,
                }
            };
            for &on in &path {
                state[on] = State::Done(end);
            }
            result[k] = end;
            let has_children = !self.map.nodes[self.links[k].index].children.is_empty();
            let message = if end.is_none() {
                format!(
                    "the link \"-> See {number}\" leads through other links back to itself or to a missing claim; it is kept as a claim that says so"
                )
            } else if has_children {
                format!(
                    "the link to {shown} has claims below it, which a reference cannot hold; it is kept as a claim that names its target"
                )
            } else {
                continue;
            };
            self.warn_link(k, message);
        }
        result
    }

    /// Each link as a reference to the claim it leads to, or, when it leads nowhere or has
    /// claims below it, as a claim that says where it points.
    fn make_links(&mut self, targets: &[Option<usize>]) {
        for (link, &target) in self.links.iter().zip(targets) {
            let i = link.index;
            let has_children = !self.map.nodes[i].children.is_empty();
            let shown = link.target.trim_end_matches('.');
            let full = match target {
                // The thesis cannot be a reference: it stays empty.
                Some(_) if !has_children && i == 0 => continue,
                Some(t) if !has_children => {
                    self.map.nodes[i].body = Body::Ref(NodeId(t as u32));
                    continue;
                }
                Some(t) => {
                    let label = match &self.map.nodes[t].body {
                        Body::Statement(statement) => statement.label.as_str(),
                        Body::Ref(_) => "",
                    };
                    format!("See {shown}: {label}")
                }
                None if self.numbers.contains_key(link.target.as_str()) => {
                    format!("See {shown} (a link that leads nowhere)")
                }
                None => format!("See {shown} (not found in this discussion)"),
            };
            let (label, text) = label_and_text(&full);
            self.map.nodes[i].body = Body::Statement(Statement {
                id: node_id(&link.number, i),
                label,
                text,
                ..Statement::default()
            });
        }
    }

    /// What a claim's own statement is made of: its text without markup, escapes and footnote
    /// markers, and its sources; [`finish_claim`] makes the statement.
    fn raw_statement(&mut self, claim: &Claim<'a>, text: &str) -> RawClaim<'a> {
        // What `plain` borrows from, when reading changed the text.
        let (markdown, unescaped, footnoted);
        let (plain, sources) = match self.layout {
            Layout::Title => {
                let urls;
                (markdown, urls) = read_markdown(text);
                let sources = urls.into_iter().map(|url| (url, String::new())).collect();
                (&*markdown, sources)
            }
            Layout::Name => {
                unescaped = unescape_label_lines(text);
                let sources;
                (footnoted, sources) = self.footnotes(claim, &unescaped);
                (unescape_if(footnoted.trim(), is_link), sources)
            }
        };
        if plain.trim().is_empty() && sources.is_empty() {
            let number = claim.number.trim_end_matches('.');
            let place = match self.layout {
                Layout::Title => "after its number and side",
                Layout::Name => "on the lines below its label",
            };
            let message = format!(
                "the claim {number} has no text; it is shown as \"(empty)\", so write its words {place}"
            );
            self.warn_claim(claim, message);
            self.nothing_left_out();
        }
        RawClaim {
            index: claim.index,
            number: claim.number.clone(),
            // Trimmed, as the statement is made from it, and its own size, as it is most often
            // kept as the statement's text.
            plain: plain.trim().to_owned(),
            sources,
        }
    }

    /// The new layout's text without its footnote markers, and the sources they name (url,
    /// quote) in order of first mention.
    fn footnotes<'t>(
        &mut self,
        claim: &Claim,
        text: &'t str,
    ) -> (Cow<'t, str>, Vec<(String, String)>) {
        if !text.contains('[') {
            return (Cow::Borrowed(text), Vec::new());
        }
        let mut out = String::with_capacity(text.len());
        let mut found: Vec<u64> = Vec::new();
        let mut missing: Vec<u64> = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let number = marker(after);
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if number.is_some() && rest[..open].ends_with('\\') {
                // `\[2]` is the text "[2]", not a citation (argscope writes it so).
                out.push_str(&rest[..open - 1]);
                out.push('[');
                rest = after;
                continue;
            }
            match number {
                Some(n) if self.sources.contains_key(&n) => {
                    out.push_str(rest[..open].trim_end_matches(' '));
                    if !found.contains(&n) {
                        found.push(n);
                    }
                    rest = &after[digits + 1..];
                }
                Some(n) => {
                    if !self.sources.is_empty() && !missing.contains(&n) {
                        missing.push(n);
                    }
                    out.push_str(&rest[..open + 1]);
                    rest = after;
                }
                None => {
                    out.push_str(&rest[..open + 1]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        for n in missing {
            let message = format!(
                "the claim {} cites [{n}], which the Sources section does not list",
                claim.number.trim_end_matches('.')
            );
            self.warn_claim(claim, message);
        }
        let sources = found
            .into_iter()
            .filter_map(|n| self.sources.get(&n))
            .map(|(source, _)| self.read_source(source))
            .collect();
        (Cow::Owned(out), sources)
    }
}

/// A claim's statement before it is finished (see [`finish_claim`]).
struct RawClaim<'a> {
    /// Its node.
    index: usize,
    /// Its Kialo number, `1.2.3.`.
    number: Cow<'a, str>,
    /// Its whole text without markup, escapes and footnote markers, trimmed.
    plain: String,
    /// The sources it cites (url, quote), in order of first mention.
    sources: Vec<(String, String)>,
}

/// A finished statement and the node it is for.
type Finished = (usize, Statement);

/// A claim's statement: label and text, with its sources. Depends on the claim alone, so it is
/// made alongside the reading (see [`finishing`]).
fn finish_claim(raw: RawClaim) -> Finished {
    let RawClaim {
        index,
        number,
        plain,
        mut sources,
    } = raw;
    let (url, quote) = if sources.is_empty() {
        (String::new(), String::new())
    } else {
        sources.remove(0)
    };
    let (label, text) = if sources.is_empty() {
        claim_label_and_text_owned(plain)
    } else {
        let (label, mut text) = claim_label_and_text(&plain);
        if text.is_empty() {
            text = sanitize(plain.trim(), true);
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("Other sources:");
        for (url, quote) in &sources {
            text.push_str("\n- ");
            text.push_str(url);
            let quote = crate::source::collapse_whitespace(quote);
            if !quote.is_empty() {
                text.push_str(&format!(" “{quote}”"));
            }
        }
        (label, sanitize(&text, true))
    };
    let statement = Statement {
        id: node_id(&number, index),
        label,
        text,
        quote: sanitize(&quote, true),
        url: sanitize(&url, false),
        ..Statement::default()
    };
    (index, statement)
}

/// A claim that links to another discussion: it says so, and its url names the discussion.
fn discussion_statement(claim: &Claim, number: &str, title: &str) -> Statement {
    let full = if title.is_empty() {
        format!("See discussion #{number}")
    } else {
        format!("See discussion #{number}: {title}")
    };
    let (label, text) = label_and_text(&full);
    Statement {
        id: node_id(&claim.number, claim.index),
        label,
        text,
        url: format!("{DISCUSSION_URL_PREFIX}{number}"),
        ..Statement::default()
    }
}

/// The new layout's text without the backslash the writer puts before a text line that would
/// read as a label line. Text without backslashes (nearly all) is not copied.
fn unescape_label_lines(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = (text.split('\n'))
        .map(|line| unescape_if(line, is_label_line))
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// What a claim's whole text (without markers and escapes) becomes: a claim of several lines is
/// headed by its first line (often the lead-in to a list) and keeps all of them as its text; a
/// claim of one line is split by [`label_and_text`].
fn claim_label_and_text(plain: &str) -> (String, String) {
    let trimmed = plain.trim();
    match trimmed.split_once('\n') {
        Some((first, _)) => (label_of(first), sanitize(trimmed, true)),
        None => label_and_text(trimmed),
    }
}

/// [`claim_label_and_text`] of a claim's text the caller gives away: the text, when kept, is
/// the string given.
fn claim_label_and_text_owned(plain: String) -> (String, String) {
    let trimmed = trim_owned(plain);
    match trimmed.find('\n') {
        Some(newline) => {
            let label = label_of(&trimmed[..newline]);
            (label, sanitize_owned(trimmed, true))
        }
        None => label_and_text_owned(trimmed),
    }
}

/// Whether a stance makes a depth-2 record an option of a multi-thesis discussion.
fn is_option(stance: Stance) -> bool {
    matches!(stance, Stance::None | Stance::Thesis | Stance::Question)
}

/// How far text lines of a record are indented: two more than its label line in the new
/// layout; the old layout keeps its lines as they are.
fn text_indent(layout: Layout, indent: usize) -> usize {
    match layout {
        Layout::Title => 0,
        Layout::Name => indent + 2,
    }
}

/// The sides a label line of the new layout names, as written after its number.
const LABELS: [(&str, Stance); 4] = [
    (" Pro:", Stance::Pro),
    (" Con:", Stance::Con),
    (" Thesis:", Stance::Thesis),
    (" Question:", Stance::Question),
];

/// A numbered line naming a side (`1.2. Con:…`): its number, its side and what follows the
/// side's colon, which on a label line as Kialo writes it is nothing.
fn numbered_side(trimmed: &str) -> Option<(&str, Stance, &str)> {
    let (number, rest) = split_number(trimmed)?;
    LABELS.iter().find_map(|&(label, stance)| {
        let after = rest.strip_prefix(label)?;
        Some((number, stance, after))
    })
}

/// Whether `text` numbers its claims as a Kialo export does (`1.2. Con:` on a line, with or
/// without text after it), on one of its first hundred lines: a file that lost its
/// `Discussion Title:` line is told from Argdown by that line only.
pub fn numbers_claims(text: &str) -> bool {
    text.lines()
        .take(100)
        .any(|line| numbered_side(line.trim_start_matches([' ', '\t'])).is_some())
}

/// How far down the `Discussion Title:` line is looked for, below lines typed above it.
const HEADER_LINES: usize = 10;

/// `Discussion Title: …` or `Discussion Name:` in any letters: whether it is the name, and
/// what follows the colon.
fn header_word(line: &str) -> Option<(bool, &str)> {
    let head = line.trim_start_matches('\u{feff}').trim_start();
    [("discussion title:", false), ("discussion name:", true)]
        .into_iter()
        .find_map(|(word, name)| {
            let written = head.get(..word.len())?;
            written
                .eq_ignore_ascii_case(word)
                .then(|| (name, &head[word.len()..]))
        })
}

/// Whether a `Discussion Title:` or `Discussion Name:` line (in any letters) is among the
/// first lines of `text`, as a Kialo export starts with it.
pub fn has_header(text: &str) -> bool {
    text.lines()
        .take(HEADER_LINES)
        .any(|line| header_word(line).is_some())
}

/// A label line of the new layout, `  1.2. Con:`: its indent, number and stance.
fn label_line(line: &str) -> Option<(usize, &str, Stance)> {
    let (indent, _, trimmed) = split_indent(line);
    let (number, stance, after) = numbered_side(trimmed)?;
    after.is_empty().then_some((indent, number, stance))
}

/// A label line of the new layout written not quite as Kialo writes it, but plainly a label:
/// a number and a side alone on the line, with a dot, a space or the colon missing or one too
/// many, or the side in other letters (`1.2 Pro:`, `1.2.Pro:`, `1.2.  Pro:`, `1.2. Pro :`,
/// `1.2. Con`, `1.2. pro:`). In the old layout, the same slips in a record's number and side,
/// with the claim's text after the colon (`1.2 Con: Text`).
struct LooseLabel<'a> {
    indent: usize,
    /// The number with its final dot, `1.2.`.
    number: Cow<'a, str>,
    stance: Stance,
    /// The warning: what is wrong, how it is read and how to write it.
    slip: String,
}

/// A [`LooseLabel`], when `line` is one (and not a label line as Kialo writes it).
fn loose_label(line: &str) -> Option<LooseLabel<'_>> {
    loose_record(line, Layout::Name).map(|(label, _)| label)
}

/// A [`LooseLabel`] of `layout`, when `line` starts one (and not a record as Kialo writes it),
/// with the claim's text after it (none in the new layout, where the text is below).
fn loose_record(line: &str, layout: Layout) -> Option<(LooseLabel<'_>, &str)> {
    let (indent, _, trimmed) = split_indent(line);
    let digits = trimmed
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(trimmed.len());
    let written = &trimmed[..digits];
    let parts: Vec<&str> = written.split('.').collect();
    let (last, parts) = parts.split_last()?;
    let well_formed = parts.first() == Some(&"1")
        && parts.iter().all(|part| !part.is_empty())
        && last.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    let mut faults = Vec::new();
    let number = if last.is_empty() {
        Cow::Borrowed(written)
    } else {
        faults.push("no dot after its number".to_string());
        Cow::Owned(format!("{written}."))
    };
    let rest = &trimmed[digits..];
    let word = rest.trim_start_matches(' ');
    match rest.len() - word.len() {
        0 => faults.push("no space after its number".to_string()),
        1 => {}
        _ => faults.push("more than one space after its number".to_string()),
    }
    // The old layout knows only Pro and Con.
    let sides = match layout {
        Layout::Name => &LABELS[..],
        Layout::Title => &LABELS[..2],
    };
    let (side, stance, after) = sides.iter().find_map(|&(label, stance)| {
        let side = label.trim_start_matches(' ').trim_end_matches(':');
        let head = word.get(..side.len())?;
        if !head.eq_ignore_ascii_case(side) {
            return None;
        }
        if head != side {
            faults.push(format!("\"{head}\" for \"{side}\""));
        }
        Some((side, stance, &word[side.len()..]))
    })?;
    let colon = after.trim_start_matches(' ');
    let spaced = colon.len() < after.len();
    let text = match layout {
        Layout::Name => {
            if spaced && !colon.is_empty() {
                faults.push("a space before its colon".to_string());
            }
            match colon {
                ":" => {}
                "" => faults.push("no colon after its side".to_string()),
                _ => return None,
            }
            ""
        }
        Layout::Title => {
            // The text follows the colon after a space, as on every record.
            let text = colon.strip_prefix(':')?;
            if !(text.is_empty() || text.starts_with(' ')) {
                return None;
            }
            if spaced {
                faults.push("a space before its colon".to_string());
            }
            text
        }
    };
    let (last_fault, others) = faults.split_last()?;
    let wrong = match others {
        [] => last_fault.to_string(),
        _ => format!("{} and {last_fault}", others.join(", ")),
    };
    let shown = number.trim_end_matches('.');
    let label = trimmed[..trimmed.len() - text.len()].trim_end();
    let slip = format!(
        "the label \"{label}\" has {wrong}; it is read as the claim {shown} (write \"{number} {side}:\" as Kialo does)"
    );
    let label = LooseLabel {
        indent,
        number,
        stance,
        slip,
    };
    Some((label, text.trim_start()))
}

/// A label line of the new layout with the claim's text after its side (`  1.1. Pro: Text`),
/// as a hand-written file may have it: the indent, number, side and text. Only at the indent
/// a label of that depth has, so a numbered line inside a claim's indented text stays text.
fn label_with_text(line: &str) -> Option<(usize, &str, Stance, &str)> {
    let (indent, width, trimmed) = split_indent(line);
    let (number, stance, text) = side_and_text(trimmed)?;
    let depth = number.matches('.').count();
    (width == 2 * depth.saturating_sub(1)).then_some((indent, number, stance, text))
}

/// A number, a side and text after it (`1.1. Pro: Text`), at any indent.
fn side_and_text(trimmed: &str) -> Option<(&str, Stance, &str)> {
    let (number, stance, after) = numbered_side(trimmed)?;
    let text = after.strip_prefix(' ')?.trim();
    (!text.is_empty()).then_some((number, stance, text))
}

/// A numbered line of the new layout whose side is a word Kialo does not write there, as
/// `1.2. Maybe:`: the column of the word, and the word with its colon. (A side Kialo writes, in
/// other letters, `1.2. pro:`, is a [`LooseLabel`]; so it is in the old layout, which knows no
/// other sides.)
fn misspelt_stance(line: &str) -> Option<(usize, &str)> {
    let (_, _, trimmed) = split_indent(line);
    let (number, rest) = split_number(trimmed)?;
    let word = rest.strip_prefix(' ')?;
    let column = line.len() - trimmed.len() + number.len() + 2;
    // A label line holds its side and nothing else.
    let name = word.strip_suffix(':')?;
    let misspelt = !name.is_empty()
        && name.chars().all(char::is_alphabetic)
        && label_line(line).is_none()
        && loose_label(line).is_none();
    misspelt.then_some((column, word))
}

/// A label line of the new layout with its number and nothing after it (`  1.2.`), at the
/// indent a label of that depth has: the column past the number, and the number.
fn sideless_label(line: &str) -> Option<(usize, &str)> {
    let (indent, width, trimmed) = split_indent(line);
    let (number, rest) = split_number(trimmed)?;
    let depth = number.matches('.').count();
    let at_label_indent = depth > 1 && width == 2 * (depth - 1);
    (at_label_indent && rest.trim().is_empty()).then_some((indent + number.len() + 1, number))
}

/// Removes leading spaces and tabs up to `width` columns, a tab two.
fn strip_indent(line: &str, width: usize) -> &str {
    let mut columns = 0;
    let mut end = 0;
    for b in line.bytes() {
        columns += match b {
            b' ' => 1,
            b'\t' => 2,
            _ => break,
        };
        if columns > width {
            break;
        }
        end += 1;
    }
    &line[end..]
}

/// The spaces and tabs a line starts with: their bytes, their width (a tab two columns: one
/// level of Kialo's two-space indent, as when a file was re-indented with tabs) and the rest.
fn split_indent(line: &str) -> (usize, usize, &str) {
    let rest = line.trim_start_matches([' ', '\t']);
    let indent = line.len() - rest.len();
    (indent, indent_width(&line[..indent]), rest)
}

/// The width of an indent of spaces and tabs, a tab two columns.
fn indent_width(indent: &str) -> usize {
    indent.bytes().map(|b| if b == b'\t' { 2 } else { 1 }).sum()
}

/// `1.2.3.` at the start of `text`: the number and what follows it.
fn split_number(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    if !bytes.starts_with(b"1.") {
        return None;
    }
    // `end` is just past the last dot that closes a run of digits.
    let mut end = 2;
    let mut i = 2;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            i += 1;
        } else if b == b'.' && i > end {
            i += 1;
            end = i;
        } else {
            break;
        }
    }
    Some((&text[..end], &text[end..]))
}

/// `1.2.3.` → `1.2.`; the root `1.` is its own parent.
fn parent_number(number: &str) -> &str {
    let without_dot = &number[..number.len().saturating_sub(1)];
    match without_dot.rfind('.') {
        Some(dot) => &number[..dot + 1],
        None => number,
    }
}

/// A node id from a Kialo number (`1.2.3.` → `k-1-2-3`), or from the record's position when
/// the number is too long to read.
fn node_id(number: &str, index: usize) -> String {
    let digits = number.trim_end_matches('.');
    if digits.len() + 2 > MAX_ID_CHARS || digits.is_empty() {
        format!("k-r{index}")
    } else {
        format!("k-{}", digits.replace('.', "-"))
    }
}

/// The number of a footnote marker `[12]`, given the text just after its `[`.
fn marker(after: &str) -> Option<u64> {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && after[digits..].starts_with(']') {
        after[..digits].parse().ok()
    } else {
        None
    }
}

/// `[12] https://…` → (12, url).
fn source_line(line: &str) -> Option<(u64, &str)> {
    let rest = line.strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n = rest[..digits].parse().ok()?;
    let after = rest[digits..].strip_prefix(']')?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((n, after.trim()))
}

/// Removes the backslash argscope's writer puts before `text` when what follows it (past any
/// further backslashes) would be misread without it. Kialo's own exports have no backslashes
/// outside urls, so files Kialo wrote read as before; a text that really starts with
/// backslashes was written with one more, and keeps its own.
fn unescape_if(text: &str, misread: fn(&str) -> bool) -> &str {
    match text.strip_prefix('\\') {
        Some(rest) if misread(rest.trim_start_matches('\\')) => rest,
        _ => text,
    }
}

/// The writer's side of [`unescape_if`]: a backslash before `text` when it would be misread.
fn escape_if(text: &str, misread: fn(&str) -> bool) -> String {
    if misread(text.trim_start_matches('\\')) {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

/// Whether a line would read as a label line of the new layout (`1.2. Pro:`), as one with its
/// claim's text after it (`1.2. Pro: Text`), which the reader takes for a claim at a label's
/// indent, or as one missing its side (`1.2.`), which the reader warns of: the writer escapes
/// them, at any indent, and the reader unescapes them.
fn is_label_line(line: &str) -> bool {
    let (_, _, trimmed) = split_indent(line);
    label_line(line).is_some()
        || loose_label(line).is_some()
        || side_and_text(trimmed).is_some()
        || split_number(trimmed).is_some_and(|(_, rest)| rest.trim().is_empty())
}

/// Whether a line of the `Sources:` section would start a new source (`[2] …`).
fn is_source_line(line: &str) -> bool {
    source_line(line).is_some()
}

/// Whether a claim's whole text would read as a link (`-> See 1.2.`).
fn is_link(text: &str) -> bool {
    !matches!(read_link(text), Link::None)
}

/// Reads a claim's text as a link, when it is one.
fn read_link(text: &str) -> Link {
    let text = text.trim();
    let Some(rest) = text
        .strip_prefix("-> See ")
        .or_else(|| text.strip_prefix("-\\> See "))
    else {
        return Link::None;
    };
    if let Some(after) = rest.strip_prefix("discussion #") {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Link::None;
        }
        let title = after[digits..].trim_start_matches(':').trim();
        return Link::Discussion {
            number: after[..digits].to_string(),
            title: unescape(title),
        };
    }
    let Some((number, tail)) = split_number(rest) else {
        return Link::None;
    };
    if tail.is_empty() {
        Link::Claim(number.to_string())
    } else if tail.bytes().all(|b| b.is_ascii_digit()) {
        // Written without its final dot: `-> See 1.2.3`.
        Link::Claim(format!("{number}{tail}."))
    } else {
        Link::None
    }
}

/// Removes the backslashes of the old layout's escapes (`\(` → `(`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && ESCAPED.contains(&next)
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// The old layout's Markdown: `[text](url)` links become their text, and their urls are
/// returned in order; escapes are removed. One scan, so long lines of brackets stay linear.
fn read_markdown(text: &str) -> (Cow<'_, str>, Vec<String>) {
    if !text.contains(['\\', '[']) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut urls = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(|n| ESCAPED.contains(n)) {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '['
            && let Some((close, url_end)) = markdown_link(&chars, i)
        {
            let label: String = chars[i + 1..close].iter().collect();
            let url: String = chars[close + 2..url_end].iter().collect();
            out.push_str(&unescape(&label));
            urls.push(unescape(&url));
            i = url_end + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (Cow::Owned(out), urls)
}

/// For a `[` at `open`: the index of its `]` and of the `)` closing the url, when a link
/// `[text](url)` starts there. The text holds no `[` and the url no space or `[`.
fn markdown_link(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            ']' => break,
            '[' | '\n' => return None,
            '\\' => i += 2,
            _ => i += 1,
        }
    }
    let close = i;
    if chars.get(close) != Some(&']') || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = close + 2;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                i += 2;
                continue;
            }
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            '[' => return None,
            c if c.is_whitespace() => return None,
            _ => {}
        }
        i += 1;
    }
    (i < chars.len() && i > close + 2).then_some((close, i))
}

/// A quoted excerpt without the quotation marks around it.
fn strip_quotes(quote: &str) -> String {
    let trimmed = quote.trim();
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = trimmed
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return inner.trim().to_string();
        }
    }
    trimmed.to_string()
}

/// The file's name without its folders.
fn file_name(file: &str) -> &str {
    std::path::Path::new(file)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(file)
}

fn file_meta(file: &str) -> Meta {
    Meta {
        title: sanitize(file_name(file), false),
        ..Meta::default()
    }
}

fn file_thesis(file: &str) -> Statement {
    let (label, text) = label_and_text(file_name(file));
    Statement {
        id: "k-1".to_string(),
        label,
        text,
        ..Statement::default()
    }
}

/// Records deeper than this are written at this indent (the number says where a record
/// belongs; the reader takes a record's text as indented past its own label line), so that
/// indents do not grow a deep map's file with its depth squared on top of its numbers.
const MAX_INDENT_LEVELS: usize = 64;

/// The map as a Kialo export in the current layout (`Discussion Name:`), which [`parse`] reads
/// back; see the module documentation for what survives.
pub fn write(map: &ArgMap) -> String {
    let rows = numbered(map);
    let mut row_of: Vec<Option<usize>> = vec![None; map.len()];
    for (i, (id, _, _)) in rows.iter().enumerate() {
        row_of[id.index()] = Some(i);
    }
    // A group of theses at the root is written as Kialo writes several theses: under a question.
    let question = map.node(map.root).kind.holds_theses();
    let mut out = String::from("Discussion Name:\n");
    out.push_str(&title_line(map));
    out.push_str("\n\n");
    let mut sources: Vec<(String, String)> = Vec::new();
    // The widest indent any record gets, sliced for each record rather than made again.
    let pad = "  ".repeat(MAX_INDENT_LEVELS);
    for (id, number, depth) in &rows {
        let node = map.node(*id);
        let indent = &pad[..2 * (*depth).min(MAX_INDENT_LEVELS)];
        let label = if *id == map.root {
            if question { "Question" } else { "Thesis" }
        } else if question && node.parent == Some(map.root) {
            "Thesis"
        } else if node.kind.stance() == Side::Against {
            "Con"
        } else {
            "Pro"
        };
        let _ = writeln!(out, "{indent}{number} {label}:");
        let text = match &node.body {
            Body::Statement(statement) => claim(statement, &mut sources),
            Body::Ref(target) => {
                let target = final_target(map, *target);
                let target_row = row_of.get(target.index()).copied().flatten();
                match (&map.node(target).body, target_row) {
                    // Kialo's links hold no claims below them: a reference that has some is
                    // written as a copy of its statement.
                    (Body::Statement(_), Some(row)) if node.children.is_empty() => {
                        format!("-> See {}", rows[row].1)
                    }
                    (Body::Statement(statement), _) => claim(statement, &mut sources),
                    (Body::Ref(_), _) => String::new(),
                }
            }
        };
        for line in text.split('\n').filter(|_| !text.is_empty()) {
            if !line.is_empty() {
                out.push_str(indent);
                out.push_str("  ");
                out.push_str(line);
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !sources.is_empty() {
        out.push_str("Sources:\n");
        for (i, (url, quote)) in sources.iter().enumerate() {
            let n = i + 1;
            if url.is_empty() {
                let _ = writeln!(out, "[{n}]");
            } else {
                // The reader removes backslash escapes from urls.
                let _ = writeln!(out, "[{n}] {}", url.replace('\\', "\\\\"));
            }
            if !quote.is_empty() {
                for line in format!("\"{quote}\"").split('\n') {
                    out.push_str(&escape_if(line, is_source_line));
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// The statement a reference shows, following references to references (which loaded maps
/// never have) as far as they go without a circle.
fn final_target(map: &ArgMap, mut target: NodeId) -> NodeId {
    for _ in 0..map.len() {
        match map.node(target).body {
            Body::Ref(next) => target = next,
            Body::Statement(_) => break,
        }
    }
    target
}

/// Every node in reading order with its Kialo number (`1.2.3.`) and depth (the root is 0).
fn numbered(map: &ArgMap) -> Vec<(NodeId, String, usize)> {
    let mut rows = Vec::with_capacity(map.len());
    let mut stack = vec![(map.root, "1.".to_string(), 0)];
    while let Some((id, number, depth)) = stack.pop() {
        for (i, &child) in map.children(id).iter().enumerate().rev() {
            stack.push((child, format!("{number}{}.", i + 1), depth + 1));
        }
        rows.push((id, number, depth));
    }
    rows
}

/// The line under `Discussion Name:`: the map's title, or its thesis's label when it has none.
fn title_line(map: &ArgMap) -> String {
    let title = sanitize(&map.meta.title, false);
    let mut title = title.trim().to_string();
    if title.is_empty()
        && let Body::Statement(root) = &map.node(map.root).body
    {
        title = crate::source::collapse_whitespace(&sanitize(&root.label, false));
    }
    if title.is_empty() {
        title = "(empty)".to_string();
    }
    escape_if(&title, is_label_line)
}

/// A statement's text lines, escaped, with a footnote marker when it has a quote or url (which
/// go to `sources`).
fn claim(statement: &Statement, sources: &mut Vec<(String, String)>) -> String {
    if let Some(link) = discussion_link(statement) {
        return link;
    }
    let content = claim_content(statement);
    let mut text = escape_markers(&content);
    if is_link(content.trim_start_matches('\\')) {
        text.insert(0, '\\');
    }
    let url = sanitize(&statement.url, false).trim().to_string();
    let quote = tidy(&statement.quote);
    if !url.is_empty() || !quote.is_empty() {
        sources.push((url, quote));
        let n = sources.len();
        if text.is_empty() {
            text = format!("[{n}]");
        } else {
            let _ = write!(text, " [{n}]");
        }
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| escape_if(line, is_label_line))
        .collect();
    lines.join("\n")
}

/// What a claim says, before escapes: Kialo has one text a claim, argscope a label and a text.
/// The label alone when the text is empty or says the same; the text alone when the reader
/// makes the label from it (its first sentence or line); else the label as a paragraph of its
/// own above the text.
fn claim_content(statement: &Statement) -> String {
    let label = crate::source::collapse_whitespace(&sanitize(&statement.label, false));
    let text = tidy(&statement.text);
    if label.is_empty() || (label == "(empty)" && text.is_empty()) {
        return text;
    }
    if text.is_empty() || crate::source::collapse_whitespace(&text) == label {
        return label;
    }
    if claim_label_and_text(&text).0 == label {
        return text;
    }
    format!("{label}\n\n{text}")
}

/// A statement read from `-> See discussion #123: Title`, written back as that link when it
/// reads back the same.
fn discussion_link(statement: &Statement) -> Option<String> {
    let number = statement.url.strip_prefix(DISCUSSION_URL_PREFIX)?;
    if number.is_empty()
        || !number.bytes().all(|b| b.is_ascii_digit())
        || !statement.quote.trim().is_empty()
    {
        return None;
    }
    let full = if statement.text.is_empty() {
        &statement.label
    } else {
        &statement.text
    };
    let line = format!("-> {}", full.trim());
    if line.contains('\n') {
        return None;
    }
    let Link::Discussion {
        number: read,
        title,
    } = read_link(&line)
    else {
        return None;
    };
    let back = if title.is_empty() {
        format!("See discussion #{read}")
    } else {
        format!("See discussion #{read}: {title}")
    };
    let (label, text) = label_and_text(&back);
    (read == number && label == statement.label && text == statement.text).then_some(line)
}

/// Text as the reader gives it back: white space at the ends of lines and of the whole gone,
/// lines of white space empty (the reader trims every line and the claim).
fn tidy(text: &str) -> String {
    let clean = sanitize(text, true);
    let lines: Vec<&str> = clean.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// `[2]` in a claim's text written `\[2]`, so that it is not read as a footnote marker (a
/// backslash already before it gets one more).
fn escape_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        if marker(&rest[open + 1..]).is_some() {
            out.push('\\');
        }
        out.push('[');
        rest = &rest[open + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_split_from_the_line_and_find_their_parent() {
        assert_eq!(split_number("1.2.3. Pro: x"), Some(("1.2.3.", " Pro: x")));
        assert_eq!(split_number("1. x"), Some(("1.", " x")));
        assert_eq!(split_number("1.2.3 x"), Some(("1.2.", "3 x")));
        assert_eq!(split_number("2. x"), None);
        assert_eq!(parent_number("1.2.3."), "1.2.");
        assert_eq!(parent_number("1.2."), "1.");
        assert_eq!(parent_number("1."), "1.");
        assert_eq!(node_id("1.2.3.", 5), "k-1-2-3");
        assert_eq!(node_id(&"1.".repeat(40), 5), "k-r5");
    }

    #[test]
    fn markdown_links_become_text_and_sources() {
        let (text, urls) =
            read_markdown(r"See [the study](https://e.org/a_\(b\)) and \[this\] [x](y z) [[a](b)");
        assert_eq!(text, "See the study and [this] [x](y z) [a");
        assert_eq!(urls, ["https://e.org/a_(b)", "b"]);
    }

    #[test]
    fn a_backslash_is_removed_only_where_the_writer_put_it() {
        assert_eq!(unescape_if("\\1.2. Pro:", is_label_line), "1.2. Pro:");
        assert_eq!(unescape_if("\\  1. Thesis:", is_label_line), "  1. Thesis:");
        // Read with its text as a claim too, so it is written with a backslash.
        assert_eq!(
            unescape_if("\\1.2. Pro: and more", is_label_line),
            "1.2. Pro: and more"
        );
        assert_eq!(
            unescape_if("\\1.2. Pro:and more", is_label_line),
            "\\1.2. Pro:and more"
        );
        assert_eq!(unescape_if("\\(x)", is_label_line), "\\(x)");
        assert_eq!(unescape_if("\\-> See 1.2.", is_link), "-> See 1.2.");
        assert_eq!(unescape_if("\\[2] x", is_source_line), "[2] x");
        for text in [
            "1.2. Pro:",
            "\\1.2. Pro:",
            "\\\\ 1. Question:",
            "-> See 1.",
            "\\-> See discussion #4",
            "[3] https://e.org",
            "\\[3]",
            "\\",
            "plain",
            "",
        ] {
            for misread in [is_label_line, is_source_line, is_link] {
                let written = escape_if(text, misread);
                assert!(!misread(&written), "{written:?} would be misread");
                assert_eq!(unescape_if(&written, misread), text);
            }
        }
    }

    #[test]
    fn numbers_in_brackets_are_escaped_so_they_are_not_markers() {
        assert_eq!(
            escape_markers("see [2] and [x] [] [12a]"),
            "see \\[2] and [x] [] [12a]"
        );
        assert_eq!(escape_markers("\\[2][3]"), "\\\\[2]\\[3]");
        // Too large for a marker, so the reader keeps it as it is.
        assert_eq!(
            escape_markers("[99999999999999999999]"),
            "[99999999999999999999]"
        );
    }

    #[test]
    fn a_claim_is_written_as_label_text_or_both() {
        let claim = |label: &str, text: &str| {
            claim_content(&Statement {
                label: label.to_string(),
                text: text.to_string(),
                ..Statement::default()
            })
        };
        assert_eq!(claim("Short.", ""), "Short.");
        assert_eq!(claim("Short.", " Short. \n"), "Short.");
        assert_eq!(claim("Short.", "Short. And more."), "Short. And more.");
        assert_eq!(
            claim("A list:", "A list:\n- one  \n\n- two"),
            "A list:\n- one\n\n- two"
        );
        assert_eq!(
            claim("Headline", "A paraphrase."),
            "Headline\n\nA paraphrase."
        );
        assert_eq!(claim("(empty)", ""), "");
        for (label, text) in [
            ("Short.", "Short. And more."),
            ("A list:", "A list:\n- one\n\n- two"),
            ("Headline", "A paraphrase."),
        ] {
            let (back_label, back_text) = claim_label_and_text(&claim(label, text));
            assert_eq!(back_label, label);
            assert!(back_text.ends_with(text), "{back_text:?}");
        }
    }

    #[test]
    fn links_read_with_or_without_their_final_dot() {
        assert!(matches!(read_link(" -> See 1.2.3. "), Link::Claim(n) if n == "1.2.3."));
        assert!(matches!(read_link("-> See 1.2.3"), Link::Claim(n) if n == "1.2.3."));
        assert!(matches!(read_link("-> See 1.2.3. and more"), Link::None));
        assert!(matches!(
            read_link("-> See discussion #12: Other"),
            Link::Discussion { number, title } if number == "12" && title == "Other"
        ));
        assert!(matches!(read_link("-> See discussion #x"), Link::None));
    }
}
