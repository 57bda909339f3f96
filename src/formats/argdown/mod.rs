//! Argdown (argdown.org): the text format, and the JSON that `argdown json` writes.
//!
//! Both read into the graph Argdown's own model holds: equivalence classes (statements keyed by
//! title) and arguments, joined by relations. The tree is derived from that graph afterwards
//! ([`build`]): roots are what nothing else supports or attacks, each node is shown in full
//! where a relation line defines it (else the first time a depth-first walk reaches it) and as
//! a reference everywhere else.
//!
//! The text reader works line by line with explicit stacks and never recurses over the input,
//! so any nesting depth is safe; it never gives up on a file: what does not parse is reported
//! as a warning with its line and column, and the rest is loaded. See
//! `docs/formats/argdown.md` in the shared docs for the behaviour it follows.
//!
//! argscope's kinds beyond support and attack travel as tags on the relation line that places
//! a statement (`- [Crimea]: … #caveat`); a tag on the statement's definition elsewhere applies
//! wherever no relation line says otherwise. A question at the top is marked
//! `{isQuestion: true}`, and a `{label: "…"}` keeps a headline the title cannot hold. [`write`]
//! writes maps this way, so they read back the same.

mod comments;
mod halves;
mod json_text;
mod mixed_indent;
mod unread;
mod write;
pub use write::write;
pub(crate) use write::written_schemes;

use halves::{Handover, Split};

use std::collections::HashSet;

use super::{
    Ids, Imported, is_web_address, label_and_text, label_and_text_owned, label_of, looks_like_json,
    read_it_as_what_it_is, tie_to_nodes, trim_owned,
};
use crate::model::problem::LineIndex;
use crate::model::{
    ArgMap, Body, FastMap, FastSet, Kind, Meta, NodeId, Place, Problem, SourceInfo, Stance,
    Statement,
};
use crate::source::collapse_whitespace;
use crate::text::{sanitize, sanitize_owned};

/// After this many problems a file is plainly not Argdown; the rest are summed up in one line.
const MAX_PROBLEMS: usize = 500;

/// Data and front matter keys are kept only this many levels deep (all that is read).
const MAX_DATA_DEPTH: usize = 4;

/// Parses Argdown text. `file` names the input in problems and titles a synthetic root.
pub fn parse(text: &str, file: &str) -> Imported {
    let empty = is_empty(text);
    let other = other_format(text);
    let mut parser = read(text, file);
    let plain = plain_text(&parser, other, text);
    let kialo = lost_kialo_header(other, plain, text);
    parser.graph.plain_text = plain.is_some() || kialo;
    if parser.graph.plain_text || other.is_some() {
        // Text that is no Argdown: its numbered lines are no Argdown mistake.
        parser.problems.list.retain(|p| !is_block_start_in_text(p));
    }
    let imported = with_plain_text(with_other_format(finish(parser), other, file), plain, file);
    refuse_if_empty(with_kialo_hint(imported, kialo, file), empty, file)
}

/// [`parse`] for text the caller no longer needs: it is freed once read into the graph,
/// before the tree is built, so a large file is not held beside its map.
pub fn parse_owned(text: String, file: &str) -> Imported {
    let empty = is_empty(&text);
    let other = other_format(&text);
    let mut parser = read(&text, file);
    let plain = plain_text(&parser, other, &text);
    let kialo = lost_kialo_header(other, plain, &text);
    parser.graph.plain_text = plain.is_some() || kialo;
    if parser.graph.plain_text || other.is_some() {
        // Text that is no Argdown: its numbered lines are no Argdown mistake.
        parser.problems.list.retain(|p| !is_block_start_in_text(p));
    }
    drop(text);
    let imported = with_plain_text(with_other_format(finish(parser), other, file), plain, file);
    refuse_if_empty(with_kialo_hint(imported, kialo, file), empty, file)
}

/// Whether a file read as Argdown numbers its claims as a Kialo export does (`1.1. Pro:`),
/// when no other warning says what it looks like: a Kialo export that lost its header reads as
/// Argdown, its `-> See 1.2.` lines as relations and its `[1]` markers as references, which
/// the plain-text warning (for files with no Argdown syntax) does not cover.
fn lost_kialo_header(
    other: Option<super::detect::Format>,
    plain: Option<PlainText>,
    text: &str,
) -> bool {
    other.is_none() && plain.is_none() && super::kialo::numbers_claims(text)
}

/// The map read, with a warning first when its lines number claims as Kialo does.
fn with_kialo_hint(mut imported: Imported, kialo: bool, file: &str) -> Imported {
    if kialo {
        let message = "the file looks like a Kialo export that lost its first line, as its claims are numbered as Kialo numbers them (1.1. Pro: …), so it was read as Argdown, which it is not; open it with --from kialo, or put its \"Discussion Name:\" line and title (\"Discussion Title: …\" in an old export) back at the top";
        imported
            .problems
            .insert(0, Problem::warning(Place::at(file, 1, 1), message));
    }
    imported
}

/// Whether the file holds nothing but white space (and a byte order mark).
fn is_empty(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim().is_empty()
}

/// An empty file is refused, as in every other format: any text is Argdown, but nothing is no
/// map, and a file an editor emptied while saving must not replace the map on screen.
fn refuse_if_empty(mut imported: Imported, empty: bool, file: &str) -> Imported {
    if empty {
        imported.problems = vec![Problem::error(
            Place::at(file, 1, 1),
            "the file is empty; write a statement in it, such as `[Title]: The claim.`, or open the map file meant",
        )];
    }
    imported
}

/// The format the text is plainly in when it is not Argdown (a file read as Argdown only
/// because `--from argdown` said so): AIF or Argdown JSON, a Kialo export, OPML, or argscope
/// JSON that opens with `{` (a first line `[2024]` could be an Argdown title).
fn other_format(text: &str) -> Option<super::detect::Format> {
    use super::detect::{Format, detect};
    match detect(text) {
        Format::Argdown => None,
        Format::Argscope
            if !text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{') =>
        {
            None
        }
        format => Some(format),
    }
}

/// The map read, with a warning first that the file looks like `other`, when it does: read as
/// Argdown, any text gives some map, and the warnings about it would not say why.
fn with_other_format(
    mut imported: Imported,
    other: Option<super::detect::Format>,
    file: &str,
) -> Imported {
    if let Some(other) = other {
        let message = format!(
            "this file is read as Argdown, but its content looks like the {} format: leave out --from to read it so, or name its format with --from",
            other.name()
        );
        imported
            .problems
            .insert(0, Problem::warning(Place::at(file, 1, 1), message));
    }
    imported
}

/// A file with no Argdown syntax at all: how many statements it was read as (each paragraph
/// one), and whether its lines are numbered as Kialo numbers its claims.
#[derive(Debug, Clone, Copy)]
struct PlainText {
    statements: usize,
    kialo_numbers: bool,
}

/// How the warning about a list item or heading inside a statement's text starts (see
/// [`Parser::warn_of_a_block_start_in_text`]): text that is no Argdown at all gets no such
/// warning.
const BLOCK_START_IN_TEXT: &str = "this line starts like ";

fn is_block_start_in_text(problem: &Problem) -> bool {
    problem.message.starts_with(BLOCK_START_IN_TEXT)
}

/// [`PlainText`] for `text`, read by `parser`, when it has no title, argument, relation,
/// heading or front matter, and nothing the reader found amiss. Prose opened by mistake
/// (notes saved as `.txt`) opens so without a word, as any text is Argdown. `None` for a file
/// that uses any of it, holds nothing, has problems of its own (an unclosed `[` is Argdown gone
/// wrong, and its warning says so), or looks like `other` format (its own warning says so).
fn plain_text(
    parser: &Parser,
    other: Option<super::detect::Format>,
    text: &str,
) -> Option<PlainText> {
    let graph = &parser.graph;
    let plain = other.is_none()
        && parser.problems.list.iter().all(is_block_start_in_text)
        && parser.problems.dropped == 0
        && !graph.nodes.is_empty()
        && graph.edges.is_empty()
        && parser.front.is_empty()
        && parser.first_heading.is_none()
        && graph.nodes.iter().all(|node| !node.is_arg && !node.titled);
    plain.then(|| PlainText {
        statements: graph.nodes.len(),
        kialo_numbers: super::kialo::numbers_claims(text),
    })
}

/// The map read, with a warning first when the file has no Argdown syntax: what it was read as,
/// and what to write or open instead.
fn with_plain_text(mut imported: Imported, plain: Option<PlainText>, file: &str) -> Imported {
    let Some(PlainText {
        statements,
        kialo_numbers,
    }) = plain
    else {
        return imported;
    };
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    let read_as = match statements {
        1 => "it was read as one statement".to_string(),
        n => format!("each of its {n} paragraphs was read as a statement of its own"),
    };
    let advice = if kialo_numbers {
        // A Kialo export whose first line was lost is told from Argdown by that line only.
        "its numbered claims (1.1. Pro: …) look like a Kialo export that lost its first line: open it with --from kialo, or put its \"Discussion Title: …\" line back at the top"
    } else {
        "write the map in Argdown, or open a JSON, Kialo, AIF or OPML file"
    };
    let message = format!(
        "{name} has no Argdown syntax (no [titles], relations or headings), so {read_as}; {advice}"
    );
    imported.problems.insert(
        0,
        Problem::warning(Place::at(file, 1, 1), message).nothing_left_out(),
    );
    imported
}

/// Reads the text into the graph: a large file in two halves at once (see [`halves`]).
fn read(text: &str, file: &str) -> Parser {
    if halves::worth_it(text)
        && let Some(parser) = read_lines(text, file, |lines, middle| {
            halves::split_near(lines, middle)
        })
    {
        return parser;
    }
    read_lines(text, file, |_, _| None).expect("a file read whole is never joined, so always read")
}

/// Reads the text into the graph, handing the lines from the split `split` finds (if any) to a
/// second reader; `None` when the two halves cannot be joined as one reading would have read
/// them (the caller then reads the text whole). `split` is given the lines and the index of
/// the first line in the second half of the text's bytes.
fn read_lines(
    text: &str,
    file: &str,
    split: impl FnOnce(&[Line], usize) -> Option<Split>,
) -> Option<Parser> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new(file);
    let comments::Comments { blanks, touched } = comments::find(text, &mut parser.problems);
    // The lines comments touched, with the comments blanked out; every other line is read
    // straight from `text`, uncopied.
    let mut replaced: Vec<(usize, String)> = Vec::with_capacity(touched.len());
    let mut next_touched = touched.iter().peekable();
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        if next_touched.peek().is_none() {
            break;
        }
        if next_touched.next_if_eq(&&i).is_some() {
            let blanked = blank_out(line, offset, &blanks);
            warn_of_a_comment_before_a_relation(line, &blanked, i + 1, &mut parser.problems);
            replaced.push((i, blanked));
        }
        offset += line.len() + 1;
    }
    let (lines, middle) = lines_of(text, &replaced);
    match split(&lines, middle) {
        Some(split) => halves::read(parser, &lines, split),
        None => {
            parser.run(&lines);
            Some(parser)
        }
    }
}

/// A comment at the start of a relation line (`  /* c */ + [A]`): argscope reads the line as
/// indented up to its symbol, but the Argdown CLI measures the indentation otherwise, and may
/// nest the line and those below it differently, so a word says to move the comment.
fn warn_of_a_comment_before_a_relation(
    line: &str,
    blanked: &str,
    no: usize,
    problems: &mut Problems,
) {
    let rest = line.trim_start_matches([' ', '\t']);
    let blanked_rest = blanked.trim_start_matches([' ', '\t']);
    if rest.starts_with("/*")
        && blanked_rest.len() < rest.len()
        && relation_symbol(blanked_rest).is_some()
    {
        let col = line[..line.len() - rest.len()].chars().count() + 1;
        problems.at_kept(
            no,
            col,
            "a comment before a relation's symbol makes its indentation unclear: argscope counts the comment's width as indentation, the Argdown CLI does not, so the two may nest this line and those below it differently; put the comment at the end of the line or on a line of its own",
        );
    }
}

/// The lines of `text`, those `replaced` names (by index) replaced; and the index of the first
/// line in the second half of the text's bytes. A large text's lines are found a half per core.
fn lines_of<'a>(text: &'a str, replaced: &'a [(usize, String)]) -> (Vec<Line<'a>>, usize) {
    let half = text.len() / 2;
    let cut = memchr::memchr(b'\n', &text.as_bytes()[half..]).map(|at| half + at);
    match cut.filter(|_| halves::worth_it(text)) {
        Some(cut) => lines_in_halves(text, cut, replaced),
        None => {
            let lines = lines_from(text, 0, replaced);
            let middle = lines.len() / 2;
            (lines, middle)
        }
    }
}

/// [`lines_of`] with the text cut at the line break at `cut`, each half on its own core; the
/// second half's first line is the middle one.
fn lines_in_halves<'a>(
    text: &'a str,
    cut: usize,
    replaced: &'a [(usize, String)],
) -> (Vec<Line<'a>>, usize) {
    // The first half ends before the line break, so that its last piece is its last line.
    let (first, second) = (&text[..cut], &text[cut + 1..]);
    let second_from = count_breaks(first.as_bytes()) + 1;
    let (replaced_first, replaced_second) =
        replaced.split_at(replaced.partition_point(|&(i, _)| i < second_from));
    let (mut lines, second) = crate::parallel::both(
        || lines_from(first, 0, replaced_first),
        || lines_from(second, second_from, replaced_second),
    );
    let middle = lines.len();
    lines.extend(second);
    (lines, middle)
}

/// The lines of `text`, which starts with the line of index `first`, those `replaced` names
/// replaced.
fn lines_from<'a>(text: &'a str, first: usize, replaced: &'a [(usize, String)]) -> Vec<Line<'a>> {
    let mut next_replaced = replaced.iter().peekable();
    let mut lines: Vec<Line> = Vec::with_capacity(count_breaks(text.as_bytes()) + 1);
    lines.extend(text.split('\n').enumerate().filter_map(|(i, line)| {
        let i = first + i;
        let line = match next_replaced.next_if(|(r, _)| *r == i) {
            // A line that held nothing but comments vanishes: it does not separate
            // paragraphs.
            Some((_, cleaned)) if cleaned.trim().is_empty() => return None,
            Some((_, cleaned)) => cleaned.as_str(),
            None => line,
        };
        Some(Line {
            no: i + 1,
            text: line.strip_suffix('\r').unwrap_or(line),
        })
    }));
    lines
}

/// The line breaks in `bytes`, counted in runs short enough for a byte counter (which the
/// compiler vectorises).
fn count_breaks(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
        .sum()
}

/// Builds the map from the graph read.
fn finish(parser: Parser) -> Imported {
    let Parser {
        mut problems,
        mut graph,
        front,
        first_heading,
        unread,
        ..
    } = parser;
    for ((line, col), message) in unread.warnings() {
        problems.at(line, col, message);
    }
    let get = |key: &str| {
        front
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let authors: Vec<&str> = front
        .iter()
        .filter(|(k, _)| k == "author" || k.starts_with("author."))
        .map(|(_, v)| v.as_str())
        .collect();
    graph.strict = get("model.mode").is_some_and(|m| m == "strict");
    graph.file_order = get("argscope.order").is_some_and(|o| o == "file");
    // A source written as one line (`source: Smith 2020`) is the document's title, or its
    // address when it is a web address.
    let whole_source = get("source").filter(|s| !s.trim().is_empty());
    let source = |key: &str| {
        let written = get(&format!("source.{key}")).or_else(|| {
            let whole = whole_source.as_ref()?;
            let fits = if is_web_address(whole) {
                "url"
            } else {
                "title"
            };
            (key == fits).then(|| whole.clone())
        });
        sanitize(written.as_deref().unwrap_or_default(), false)
    };
    let meta = Meta {
        title: sanitize(&get("title").or(first_heading).unwrap_or_default(), false),
        author: sanitize(&authors.join(", "), false),
        source: SourceInfo {
            file: source("file"),
            title: source("title"),
            publisher: source("publisher"),
            url: source("url"),
            argument_ends_before: get("source.argument_ends_before").map(|t| sanitize(&t, true)),
        },
    };
    let question = get("question").filter(|q| !q.trim().is_empty());
    let (map, written) = build(graph, meta, question, &mut problems);
    let mut problems = problems.finish();
    tie_to_nodes(&mut problems, written);
    Imported {
        map,
        problems,
        stable_ids: true,
    }
}

// ---------------------------------------------------------------------------------------------
// The graph both readers fill.

/// A relation as the explorer shows it. Order is the order of children under a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Rel {
    /// A premise of a reconstructed argument (premise -> argument).
    Premise,
    Support,
    Attack,
    /// Contradictory or contrary: symmetric, shown under both ends.
    Contradictory,
    Undercut,
}

/// An equivalence class or an argument. Kept small (a million of them make a large file):
/// what few nodes have waits in [`More`].
#[derive(Debug, Default)]
struct GNode {
    is_arg: bool,
    /// False for Argdown's anonymous "Untitled N".
    titled: bool,
    /// Tagged #thesis.
    thesis: bool,
    /// The kind its last kind tag names (`#caveat`): all the graph keeps of its tags.
    kind: Option<Kind>,
    line: usize,
    title: String,
    /// The text (or description) of its first definition; empty when it has none.
    text: String,
    more: Option<Box<More>>,
}

/// What only some nodes have.
#[derive(Debug, Default)]
struct More {
    /// The texts of its later definitions, in file order.
    texts: Vec<String>,
    /// Which text is canonical: 0 is [`GNode::text`], 1 the first of `texts`.
    canonical: Option<usize>,
    quote: String,
    /// Flattened `{data}` of all members, later ones win; only the keys read ([`DATA_KEYS`]).
    data: Vec<(&'static str, String)>,
    pcs: Option<Pcs>,
}

/// The data keys a node's statement is made with. [`LINK`] is not Argdown's: the reader
/// puts each link's address of a text there.
const DATA_KEYS: [&str; 9] = [
    "isThesis",
    "isQuestion",
    "id",
    "label",
    "quote",
    "url",
    "source",
    "scheme",
    LINK,
];

/// The data key under which a text's link `[words](address)` keeps its address.
const LINK: &str = "link";

impl GNode {
    /// Its title as the file writes it: `[Title]` for a statement, `<Title>` for an argument.
    fn written_title(&self) -> String {
        if self.is_arg {
            format!("<{}>", self.title)
        } else {
            format!("[{}]", self.title)
        }
    }

    /// "argument" or "statement".
    fn what(&self) -> &'static str {
        if self.is_arg { "argument" } else { "statement" }
    }

    fn data(&self, key: &str) -> Option<&str> {
        last_data(&self.more.as_ref()?.data, key)
    }

    fn more(&mut self) -> &mut More {
        self.more.get_or_insert_with(Box::default)
    }

    fn pcs(&self) -> Option<&Pcs> {
        self.more.as_ref()?.pcs.as_ref()
    }

    /// Adds the text of a definition (never empty); `canonical` when it is marked so.
    fn push_text(&mut self, mut text: String, canonical: bool) {
        text.shrink_to_fit();
        if self.text.is_empty() {
            self.text = text;
            if canonical {
                self.more().canonical = Some(0);
            }
        } else {
            let more = self.more();
            more.texts.push(text);
            if canonical {
                more.canonical = Some(more.texts.len());
            }
        }
    }

    /// Its texts in file order.
    fn texts(&self) -> impl DoubleEndedIterator<Item = &String> {
        let more = self.more.as_ref().map_or(&[][..], |m| &m.texts[..]);
        std::iter::once(&self.text)
            .filter(|t| !t.is_empty())
            .chain(more)
    }

    /// Takes in the tags of a definition.
    fn tag(&mut self, tags: &Tags) {
        self.thesis |= tags.thesis;
        if let Some(kind) = tags.kind {
            self.kind = Some(kind);
        }
    }

    /// Takes in the data of a definition, keeping the keys read.
    fn add_data(&mut self, data: Vec<(String, String)>) {
        let mut kept = data
            .into_iter()
            .filter_map(|(k, mut v)| {
                let key = DATA_KEYS.iter().find(|&&known| known == k)?;
                v.shrink_to_fit();
                Some((*key, v))
            })
            .peekable();
        if kept.peek().is_some() {
            let data = &mut self.more().data;
            data.extend(kept);
            data.shrink_to_fit();
        }
    }
}

#[derive(Debug, Default)]
struct Pcs {
    /// What the inference to the main conclusion draws on, in order: premises, and the
    /// intermediary conclusions before it.
    premises: Vec<usize>,
    /// (premise, the intermediary conclusion it leads to): each earlier step of the argument.
    steps: Vec<(usize, usize)>,
    /// The main conclusion, when the PCS ends as it must.
    conclusion: Option<usize>,
    /// The names of the rules of the inference to the main conclusion ("Modus Ponens"), the
    /// argument's scheme; empty when the inference names none.
    rules: String,
}

#[derive(Debug, Default)]
struct Graph {
    nodes: Vec<GNode>,
    /// Statements and arguments by title, without a second copy of each title: the hash of
    /// (statement or argument, title) leads to the last node added with that hash, and
    /// `same_hash` from each node to the one added before it with the same hash.
    titles: FastMap<u64, u32>,
    same_hash: Vec<u32>,
    /// The relations, in file order.
    edges: Vec<Edge>,
    untitled: usize,
    /// A title named in the file starts as untitled statements are named ("Untitled 3"), which
    /// numbering them could meet.
    names_untitled: bool,
    /// `model: {mode: strict}`: statement-to-statement attacks are contrary (symmetric).
    strict: bool,
    /// `argscope: {order: file}`: children in the order the file gives them, not grouped by
    /// relation (what argscope writes, so a map reads back in its own order).
    file_order: bool,
    /// The file has no Argdown syntax at all ([`PlainText`]), or looks like a Kialo export that
    /// lost its header: its own warning says what it was read as, so the one on several theses
    /// would only add Argdown advice.
    plain_text: bool,
}

/// A relation from one node to another, as a relation line (or the JSON) gives it.
#[derive(Debug, Clone, Copy)]
struct Edge {
    from: u32,
    to: u32,
    rel: Rel,
    /// The kind a tag on the relation line gives `from`.
    kind: Option<Kind>,
    /// The relation line defines `from` (`+ [Title]: text`): where the file shows it in full.
    defines: bool,
}

/// Marks the end of a chain in [`Graph::same_hash`].
const NO_NODE: u32 = u32::MAX;

fn title_hash(is_arg: bool, title: &str) -> u64 {
    crate::model::fast_hash::hash_one((is_arg, title))
}

impl Graph {
    /// The statement (or argument) with this title, if there is one.
    fn find(&self, is_arg: bool, title: &str) -> Option<usize> {
        self.find_hashed(title_hash(is_arg, title), is_arg, title)
    }

    /// [`Graph::find`] with the title's hash already made.
    fn find_hashed(&self, hash: u64, is_arg: bool, title: &str) -> Option<usize> {
        let mut at = *self.titles.get(&hash)?;
        while at != NO_NODE {
            let node = &self.nodes[at as usize];
            if node.is_arg == is_arg && node.title == title {
                return Some(at as usize);
            }
            at = self.same_hash[at as usize];
        }
        None
    }

    fn named(&mut self, is_arg: bool, title: &str, line: usize) -> usize {
        self.names_untitled |= title.starts_with("Untitled");
        if let Some(i) = self.find(is_arg, title) {
            return i;
        }
        self.add(is_arg, title.to_string(), true, line)
    }

    /// [`Graph::named`] for a title the caller gives away.
    fn named_owned(&mut self, is_arg: bool, title: String, line: usize) -> usize {
        self.names_untitled |= title.starts_with("Untitled");
        let hash = title_hash(is_arg, &title);
        if let Some(i) = self.find_hashed(hash, is_arg, &title) {
            return i;
        }
        self.add_hashed(hash, is_arg, title, true, line)
    }

    fn edge(&mut self, from: usize, to: usize, rel: Rel, kind: Option<Kind>, defines: bool) {
        // Node indexes fit: `add` refuses more than u32 can count.
        self.edges.push(Edge {
            from: from as u32,
            to: to as u32,
            rel,
            kind,
            defines,
        });
    }

    fn untitled(&mut self, is_arg: bool, line: usize) -> usize {
        let title = loop {
            self.untitled += 1;
            let title = format!("Untitled {}", self.untitled);
            if self.find(false, &title).is_none() && self.find(true, &title).is_none() {
                break title;
            }
        };
        self.add(is_arg, title, false, line)
    }

    fn add(&mut self, is_arg: bool, title: String, titled: bool, line: usize) -> usize {
        self.add_hashed(title_hash(is_arg, &title), is_arg, title, titled, line)
    }

    /// [`Graph::add`] with the title's hash already made.
    fn add_hashed(
        &mut self,
        hash: u64,
        is_arg: bool,
        title: String,
        titled: bool,
        line: usize,
    ) -> usize {
        let i = self.nodes.len();
        let index = u32::try_from(i).expect("more than 4 billion statements");
        let before = self.titles.insert(hash, index);
        self.same_hash.push(before.unwrap_or(NO_NODE));
        self.nodes.push(GNode {
            is_arg,
            title,
            titled,
            line,
            ..GNode::default()
        });
        i
    }
}

/// Problems with a cap, so a file that is not Argdown at all cannot bury the user (or the time).
struct Problems {
    file: String,
    list: Vec<Problem>,
    dropped: usize,
    /// Where the first problem left out is.
    first_dropped: Option<Place>,
}

impl Problems {
    fn new(file: &str) -> Problems {
        Problems {
            file: file.to_string(),
            list: Vec::new(),
            dropped: 0,
            first_dropped: None,
        }
    }

    /// Leaves out a problem at `place` (given the file's name), the list being full.
    fn drop_one(&mut self, place: impl FnOnce(&str) -> Place) {
        self.dropped += 1;
        if self.first_dropped.is_none() {
            self.first_dropped = Some(place(&self.file));
        }
    }

    fn full(&self) -> bool {
        self.list.len() >= MAX_PROBLEMS
    }

    fn at(&mut self, line: usize, col: usize, message: impl Into<String>) {
        self.push(Some((line, col)), Problem::warning, message);
    }

    /// [`Problems::at`] for what the map holds all of, in a shape or a wording argscope chose.
    fn at_kept(&mut self, line: usize, col: usize, message: impl Into<String>) {
        let kept = |place, message: String| Problem::warning(place, message).nothing_left_out();
        self.push(Some((line, col)), kept, message);
    }

    /// A problem at `place` (the whole file when none), made by `make` unless the list is full.
    fn push(
        &mut self,
        place: Option<(usize, usize)>,
        make: impl FnOnce(Place, String) -> Problem,
        message: impl Into<String>,
    ) {
        let at = |file: &str| match place {
            Some((line, col)) => Place::at(file, line, col),
            None => Place::whole(file),
        };
        if self.full() {
            self.drop_one(at);
        } else {
            let problem = make(at(&self.file), message.into());
            self.list.push(problem);
        }
    }

    /// Takes in the problems a later reading found, under the same cap.
    fn absorb(&mut self, later: Problems) {
        for problem in later.list {
            if self.full() {
                self.drop_one(|_| problem.place);
            } else {
                self.list.push(problem);
            }
        }
        self.dropped += later.dropped;
        self.first_dropped = self.first_dropped.take().or(later.first_dropped);
    }

    fn whole(&mut self, message: impl Into<String>) {
        self.push(None, Problem::warning, message);
    }

    /// [`Problems::whole`] for what the map holds all of.
    fn whole_kept(&mut self, message: impl Into<String>) {
        let kept = |place, message: String| Problem::warning(place, message).nothing_left_out();
        self.push(None, kept, message);
    }

    /// In file order; problems with the whole file come last.
    fn finish(mut self) -> Vec<Problem> {
        if self.dropped > 0 {
            let place = (self.first_dropped.take()).unwrap_or_else(|| Place::whole(&self.file));
            self.list.push(Problem::left_out(place, self.dropped));
        }
        self.list
            .sort_by_key(|p| p.place.line_col.unwrap_or((usize::MAX, usize::MAX)));
        self.list
    }
}

// ---------------------------------------------------------------------------------------------
// From the graph to the tree.

/// Derives the displayed tree from the graph (see the module docs and sec. 3 of the spec).
/// Builds the tree; returns it with the line each shown statement is first written on.
fn build(
    mut g: Graph,
    meta: Meta,
    question: Option<String>,
    problems: &mut Problems,
) -> (ArgMap, Vec<(usize, NodeId)>) {
    // The title indexes served reading; what follows needs memory more.
    g.titles = FastMap::default();
    g.same_hash = Vec::new();
    let edges = std::mem::take(&mut g.edges);
    // The tree's layout and the ids need little of each other: on a large map the ids are
    // handed out on the second core meanwhile. Only the statements that are no graph node's
    // take theirs from the layout, after the graph's, so that no node's id depends on them.
    let (synthetic_titles, titles_to_name) = std::sync::mpsc::channel();
    let lay_out = || lay_out(&g, edges, meta, question, problems, synthetic_titles);
    let ids = || ids_of(&g.nodes, titles_to_name);
    let (
        Layout {
            mut map,
            tree_of,
            synthetic,
        },
        (node_ids, synthetic_ids, said),
    ) = if g.nodes.len() >= STATEMENTS_IN_PARALLEL_FROM {
        crate::parallel::both(lay_out, ids)
    } else {
        // The layout sends its titles before the ids wait for them.
        (lay_out(), ids())
    };
    for (line, message) in said {
        problems.at(line, 1, message);
    }
    for (node, id) in synthetic.into_iter().zip(synthetic_ids) {
        if let Body::Statement(statement) = &mut map.nodes[node.index()].body {
            statement.id = id;
        }
    }
    let written = tree_of
        .iter()
        .zip(&g.nodes)
        .filter_map(|(tree, node)| tree.map(|id| (node.line, id)))
        .collect();
    make_statements(&mut map, g.nodes, node_ids, &tree_of);
    (map, written)
}

/// The tree laid out, with an empty statement where each graph node shows in full.
struct Layout {
    map: ArgMap,
    /// Where each graph node shows in full.
    tree_of: Vec<Option<NodeId>>,
    /// The statements that are no graph node's (the root over several theses, "Other
    /// statements"), in the order of the titles sent for their ids. Their ids are still empty.
    synthetic: Vec<NodeId>,
}

/// Lays out the tree from the graph and its `edges`: what shows under what, and as what.
/// Sends the titles of the statements that are no graph node's to `synthetic_titles` as soon
/// as they are known (see [`ids_of`]).
fn lay_out(
    g: &Graph,
    edges: Vec<Edge>,
    meta: Meta,
    question: Option<String>,
    problems: &mut Problems,
    synthetic_titles: std::sync::mpsc::Sender<Vec<String>>,
) -> Layout {
    let n = g.nodes.len();
    let Shape {
        children,
        homed,
        mut tops,
        mut others,
        marked,
    } = {
        warn_of_arguments_against_their_own_conclusion(g, &edges, problems);
        shape(g, edges)
    };
    // One circle and nothing else (no statement bears on nothing): the tree starts from it.
    if tops.is_empty() && others.len() == 1 {
        tops = std::mem::take(&mut others);
    }
    // The kind each statement's own tags give, for relation lines that name none.
    let kinds: Vec<Option<Kind>> = g.nodes.iter().map(|node| node.kind).collect();
    let synthetic_statement = |title: &str| {
        let (label, text) = label_and_text(title);
        Statement {
            label,
            text,
            ..Statement::default()
        }
    };
    let root_title = if meta.title.trim().is_empty() {
        // The file's name, not the way to it the command line gave.
        let path = std::path::Path::new(&problems.file);
        (path.file_name()).map_or_else(
            || problems.file.clone(),
            |name| name.to_string_lossy().into_owned(),
        )
    } else {
        meta.title.clone()
    };
    let single_top = tops.len() == 1 && question.is_none();
    // Several theses and no question they answer: the root is a group of them, and what no
    // thesis reaches goes into it too, since it bears on nothing either.
    let root_is_group = !single_top && question.is_none();
    let top_title = (!single_top).then(|| question.clone().unwrap_or_else(|| root_title.clone()));
    let other_title = (!others.is_empty() && !root_is_group).then_some("Other statements");
    let titles = top_title
        .iter()
        .cloned()
        .chain(other_title.map(String::from));
    // The ids wait for these after the graph's. Sending fails only when they are gone (their
    // thread panicked), and then no id is wanted.
    let _ = synthetic_titles.send(titles.collect());
    let mut synthetic = Vec::new();

    let mut tree_of: Vec<Option<NodeId>> = vec![None; n];
    // Each node of the tree is a top, one of the others or a child reached by the walk, and
    // there are the root and "Other statements": room for all, so the arena never regrows.
    let most = children.list.len() + tops.len() + others.len() + 2;
    let reserve = |map: &mut ArgMap| map.nodes.reserve(most);
    let mut stack: Vec<Visit> = Vec::new();
    let mut map;
    if single_top {
        let root = tops[0];
        let is_question = g.nodes[root].data("isQuestion") == Some("true");
        // Its statement is made with the others ([`make_statements`]).
        map = ArgMap::new(meta, Statement::default());
        reserve(&mut map);
        tree_of[root] = Some(map.root);
        let parent = if is_question {
            map.nodes[0].kind = Kind::Question;
            Parent::Question
        } else {
            Parent::of(&g.nodes[root])
        };
        push_children(&mut stack, children.of(root), map.root, parent, &kinds);
        if !marked && !g.plain_text {
            warn_of_a_first_statement_left_out(g, root, &others, problems);
        }
    } else {
        map = ArgMap::new(
            meta,
            synthetic_statement(top_title.as_deref().unwrap_or_default()),
        );
        synthetic.push(map.root);
        reserve(&mut map);
        map.nodes[0].kind = if question.is_some() {
            Kind::Question
        } else {
            Kind::Group
        };
        if tops.is_empty() && others.is_empty() {
            problems.whole_kept(
                "the file holds no statements or arguments; write one, such as `[Title]: The claim.`, or check that this is the file meant",
            );
        } else if tops.len() > 1 && question.is_none() && !g.plain_text {
            // Named as the group shows them: the theses, then what none of them reaches.
            let members: Vec<usize> = tops.iter().chain(&others).copied().collect();
            let named: Vec<String> = members
                .iter()
                .take(5)
                .map(|&i| {
                    let node = &g.nodes[i];
                    let text = node.texts().next_back().map_or("", String::as_str);
                    if node.titled {
                        format!("{} (line {})", node.written_title(), node.line)
                    } else if text.trim().is_empty() {
                        // A premise-conclusion structure with no title has no text either.
                        format!("an untitled {} (line {})", node.what(), node.line)
                    } else {
                        format!(
                            "\"{}\" (line {})",
                            crate::text::truncate(text, 30),
                            node.line
                        )
                    }
                })
                .collect();
            let more = if members.len() > 5 { ", …" } else { "" };
            let (what, fix) = if marked {
                let what = if others.is_empty() { "marks" } else { "has" };
                (what, "keep #thesis on the main one only")
            } else {
                ("has", "tag the main one #thesis")
            };
            let why = match (marked, others.is_empty()) {
                (true, true) => "statements tagged #thesis",
                (true, false) => "statements tagged #thesis, then those no thesis reaches",
                (false, _) => "statements that bear on nothing else",
            };
            let message = format!(
                "the file {what} {} theses ({why}): {}{more}; they are shown side by side, in a group named \"{}\"; {fix}, or name the question they answer in the front matter (question: …)",
                members.len(),
                named.join(", "),
                collapse_whitespace(&root_title)
            );
            // Said at the second thesis, where the file goes on past the first.
            match g.nodes[members[1]].line {
                0 => problems.whole_kept(message),
                line => problems.at_kept(line, 1, message),
            }
        }
        // The stack is walked from its end: what no thesis reaches goes in first, to come last.
        if root_is_group {
            push_starts(&mut stack, &others, map.root, Kind::Thesis);
        }
        push_starts(&mut stack, &tops, map.root, Kind::Thesis);
    }
    let shape = (&children, &homed[..]);
    walk(&mut map, &mut stack, shape, g, &kinds, &mut tree_of);
    if let Some(title) = other_title {
        let other = map.push(
            map.root,
            Kind::Group,
            Body::Statement(synthetic_statement(title)),
        );
        synthetic.push(other);
        push_starts(&mut stack, &others, other, Kind::Thesis);
        walk(&mut map, &mut stack, shape, g, &kinds, &mut tree_of);
    }
    Layout {
        map,
        tree_of,
        synthetic,
    }
}

/// A file's first statement is most often its thesis: when it relates to nothing and a later
/// statement with reasons becomes the thesis, the reasons were most likely meant to hang under
/// it, so a word says what was read and how to change it.
fn warn_of_a_first_statement_left_out(
    g: &Graph,
    thesis: usize,
    others: &[usize],
    problems: &mut Problems,
) {
    let thesis_line = g.nodes[thesis].line;
    let Some(first) = others
        .iter()
        .map(|&i| &g.nodes[i])
        .filter(|node| node.line > 0 && node.line < thesis_line)
        .min_by_key(|node| node.line)
    else {
        return;
    };
    // An untitled paragraph at the top is most often prose introducing the map, not a thesis;
    // and `+ [Title]`, the mending said, needs the thesis found to have a title.
    if !first.titled || !g.nodes[thesis].titled {
        return;
    }
    let thesis_node = &g.nodes[thesis];
    problems.at_kept(
        first.line,
        1,
        format!(
            "{first}, the file's first statement, is not part of the tree of {thesis} (line {thesis_line}), which has reasons and bears on nothing, so {thesis} is the thesis and {first} is shown under \"Other statements\"; if {first} is the thesis, write `  + {thesis}` on the line below it, or tag it #thesis",
            first = first.written_title(),
            thesis = thesis_node.written_title(),
        ),
    );
}

/// An argument whose premise-conclusion structure concludes a statement supports it, as
/// Argdown derives; a `-` (or undercut) written between the two is left out, as the Argdown
/// CLI leaves it out ([`shape`] moves the argument's relations onto its conclusion), so a word
/// says what was written and how to argue against the statement instead.
fn warn_of_arguments_against_their_own_conclusion(
    g: &Graph,
    edges: &[Edge],
    problems: &mut Problems,
) {
    let mut said = FastSet::default();
    for edge in edges {
        let (from, to) = (edge.from as usize, edge.to as usize);
        let against = rel_stance(edge.rel) == Stance::Against && edge.rel != Rel::Contradictory;
        let concludes = g.nodes[from].pcs().and_then(|p| p.conclusion) == Some(to);
        if !against || !concludes || !said.insert((from, to)) {
            continue;
        }
        let (argument, statement) = (&g.nodes[from], &g.nodes[to]);
        let name = |node: &GNode| {
            if node.titled {
                node.written_title()
            } else {
                format!("the untitled {} on line {}", node.what(), node.line)
            }
        };
        let message = format!(
            "{arg}, first named here, concludes {st}, so it supports {st}, as Argdown reads it; the relation written elsewhere against {st} from {arg} is left out, as the Argdown CLI leaves it out; to argue against {st}, make {arg} conclude a statement that contradicts it (`[Not {title}]` with `  >< {st}` below it)",
            arg = name(argument),
            st = name(statement),
            title = if statement.titled {
                statement.title.as_str()
            } else {
                "it"
            },
        );
        match argument.line {
            0 => problems.whole(message),
            line => problems.at(line, 1, message),
        }
    }
}

/// What the walk needs of the graph's shape: each node's children, and where to start.
struct Shape {
    children: Children,
    /// The nodes a relation line defines (`+ [Title]: text`): each shows in full there, its
    /// home, and as a reference wherever else the walk meets it.
    homed: Vec<bool>,
    /// The roots, each reaching what the ones before it did not.
    tops: Vec<usize>,
    /// What no root reaches, by the nodes it starts from.
    others: Vec<usize>,
    /// Whether the tops are the statements marked as theses (`#thesis`, `{isThesis: true}`).
    marked: bool,
}

/// Works out the children of every node from `edges` (the graph's, in file order) and the
/// nodes the tree starts from.
fn shape(g: &Graph, mut edges: Vec<Edge>) -> Shape {
    let n = g.nodes.len();
    // Argdown moves the outgoing relations of a reconstructed argument onto its main
    // conclusion, and derives "the argument supports its conclusion" from the PCS.
    for edge in &mut edges {
        if let Some(conclusion) = g.nodes[edge.from as usize].pcs().and_then(|p| p.conclusion)
            && edge.rel != Rel::Premise
        {
            edge.from = conclusion as u32;
            // The line defined the argument, not its conclusion.
            edge.defines = false;
        }
        let strict_contrary = g.strict
            && edge.rel == Rel::Attack
            && !g.nodes[edge.from as usize].is_arg
            && !g.nodes[edge.to as usize].is_arg;
        if strict_contrary {
            edge.rel = Rel::Contradictory;
            edge.defines = false;
        }
    }
    for (arg, node) in g.nodes.iter().enumerate() {
        if let Some(pcs) = node.pcs() {
            let derived = |from: usize, to: usize, rel: Rel| Edge {
                from: from as u32,
                to: to as u32,
                rel,
                kind: None,
                defines: false,
            };
            for &premise in &pcs.premises {
                edges.push(derived(premise, arg, Rel::Premise));
            }
            for &(premise, intermediary) in &pcs.steps {
                edges.push(derived(premise, intermediary, Rel::Premise));
            }
            if let Some(conclusion) = pcs.conclusion {
                edges.push(derived(arg, conclusion, Rel::Support));
            }
        }
    }
    let mut edges = distinct(edges);
    // A node's home is the first relation line that defines it.
    let mut homed = vec![false; n];
    for edge in &mut edges {
        if edge.defines {
            let from = edge.from as usize;
            edge.defines = !homed[from];
            homed[from] = true;
        }
    }
    let mut outgoing = vec![0u32; n];
    let mut incoming = vec![0u32; n];
    // A contradiction shows each end under the other, but not where one attacks the other
    // already (an argument against T whose conclusion contradicts T): it would show twice there.
    let attacks: FastSet<(u32, u32)> = if edges.iter().any(|e| e.rel == Rel::Contradictory) {
        (edges.iter())
            .filter(|e| e.rel != Rel::Contradictory && rel_stance(e.rel) == Stance::Against)
            .map(|e| (e.from, e.to))
            .collect()
    } else {
        FastSet::default()
    };
    // (shows `from` under `to`, shows `to` under `from`)
    let shown = |edge: &Edge| {
        if edge.rel == Rel::Contradictory {
            (
                !attacks.contains(&(edge.from, edge.to)),
                !attacks.contains(&(edge.to, edge.from)),
            )
        } else {
            (true, false)
        }
    };
    // How many children each node has.
    let mut sizes = vec![0u32; n];
    for edge in &edges {
        incoming[edge.to as usize] += 1;
        let (under_to, under_from) = shown(edge);
        sizes[edge.to as usize] += u32::from(under_to);
        sizes[edge.from as usize] += u32::from(under_from);
        if edge.rel != Rel::Contradictory {
            outgoing[edge.from as usize] += 1;
        }
    }
    let mut children = Children::with_sizes(&sizes);
    drop(sizes);
    for edge in &edges {
        let (under_to, under_from) = shown(edge);
        if under_to {
            children.push(
                edge.to as usize,
                Child {
                    node: edge.from,
                    rel: edge.rel,
                    kind: edge.kind,
                    home: edge.defines,
                },
            );
        }
        if under_from {
            children.push(
                edge.from as usize,
                Child {
                    node: edge.to,
                    rel: edge.rel,
                    kind: None,
                    home: false,
                },
            );
        }
    }
    drop(edges);
    children.filled = Vec::new();
    if !g.file_order {
        // As Argdown's maps show them: premises and reasons, then objections, undercuts last.
        for i in 0..n {
            children.of_mut(i).sort_by_key(|child| child.rel);
        }
    }

    // Roots: the theses marked as such; with none marked, what has reasons but bears on
    // nothing. A mark says which is the main one, so other such trees go under "Other
    // statements" rather than making the mark's thesis one of several.
    let forced = |node: &GNode| {
        node.thesis
            || node.data("isThesis") == Some("true")
            || node.data("isQuestion") == Some("true")
    };
    let mut roots: Vec<usize> = (0..n).filter(|&i| forced(&g.nodes[i])).collect();
    let marked = !roots.is_empty();
    if roots.is_empty() {
        roots = (0..n)
            .filter(|&i| outgoing[i] == 0 && incoming[i] > 0)
            .collect();
    }
    if roots.is_empty() {
        roots = (0..n).filter(|&i| outgoing[i] == 0).collect();
    }
    // Which roots are still unreached when their turn comes, and what no root reaches.
    let mut seen = vec![false; n];
    let mark = |start: usize, seen: &mut Vec<bool>| {
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(at) = stack.pop() {
            for child in children.of(at) {
                let node = child.node as usize;
                if !seen[node] {
                    seen[node] = true;
                    stack.push(node);
                }
            }
        }
    };
    let mut tops = Vec::new();
    for root in roots {
        if !seen[root] {
            tops.push(root);
            mark(root, &mut seen);
        }
    }
    let mut others = Vec::new();
    let unreached: Vec<usize> = (0..n)
        .filter(|&i| !seen[i] && outgoing[i] == 0)
        .chain((0..n).filter(|&i| !seen[i] && outgoing[i] > 0))
        .collect();
    for i in unreached {
        if !seen[i] {
            others.push(i);
            mark(i, &mut seen);
        }
    }
    Shape {
        children,
        homed,
        tops,
        others,
        marked,
    }
}

/// Each relation once (a contradiction either way round), where it is first written, and
/// defining its source when any of its lines does; a relation of a node to itself is dropped.
/// In place: a million relations are not copied.
fn distinct(mut edges: Vec<Edge>) -> Vec<Edge> {
    let mut kept_at: FastMap<(u32, u32, Rel), u32> = FastMap::default();
    let mut kept = 0;
    for i in 0..edges.len() {
        let edge = edges[i];
        if edge.from == edge.to {
            continue;
        }
        let key = if edge.rel == Rel::Contradictory {
            (edge.from.min(edge.to), edge.from.max(edge.to), edge.rel)
        } else {
            (edge.from, edge.to, edge.rel)
        };
        match kept_at.entry(key) {
            std::collections::hash_map::Entry::Occupied(at) => {
                edges[*at.get() as usize].defines |= edge.defines;
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(kept as u32);
                edges[kept] = edge;
                kept += 1;
            }
        }
    }
    edges.truncate(kept);
    edges
}

/// The ids of the graph's nodes, handed out in graph order (so they do not depend on the
/// walk), and then those of the titles `synthetic_titles` gives (none if it is gone), with what
/// to say, by line, of ids in the file that could not be kept. A statement's own id (`{id: …}`,
/// as argscope writes it, so that notes follow a map through Argdown) is taken first, so no id
/// made from a title takes it. The table of the ids taken is freed here, before the layout has
/// grown the map.
fn ids_of(
    nodes: &[GNode],
    synthetic_titles: std::sync::mpsc::Receiver<Vec<String>>,
) -> (Vec<String>, Vec<String>, Vec<(usize, String)>) {
    let mut ids = Ids::with_capacity(nodes.len() + 2);
    let mut said = Vec::new();
    let own: Vec<bool> = (nodes.iter())
        .map(|node| {
            let Some(id) = node.data("id").map(str::trim) else {
                return false;
            };
            let fault = if !crate::model::validate::is_valid_id(id) {
                "is not one argscope can use (lowercase letters, digits and hyphens, e.g. point-1)"
            } else if !ids.claim(id) {
                "is another statement's already"
            } else {
                return true;
            };
            said.push((
                node.line,
                format!("the id {id:?} {fault}; this statement gets one made from its title"),
            ));
            false
        })
        .collect();
    let claimed = own.iter().filter(|&&own| own).count();
    for (node, _) in nodes.iter().zip(&own).filter(|(_, own)| !**own) {
        // An untitled statement's id comes from its words, not from its place among the
        // untitled ("Untitled 3"): a statement added above it must not move its notes.
        let words = (!node.titled)
            .then(|| node.texts().next_back())
            .flatten()
            .filter(|text| !text.trim().is_empty());
        ids.unique(words.map_or(&node.title, |text| text));
    }
    let titles = synthetic_titles.recv().unwrap_or_default();
    for title in &titles {
        ids.unique(title);
    }
    // Taken in that order: the claimed ids, then those made for the other nodes, then the
    // synthetic ones. Each node takes its own back, in node order.
    let mut given = ids.into_given();
    let synthetic_ids = given.split_off(nodes.len());
    if claimed == 0 {
        // As most files are: the ids are in node order already.
        return (given, synthetic_ids, said);
    }
    let (mut next_own, mut next_made) = (0, claimed);
    let node_ids = (own.iter())
        .map(|&own| {
            let at = if own { &mut next_own } else { &mut next_made };
            *at += 1;
            std::mem::take(&mut given[*at - 1])
        })
        .collect();
    (node_ids, synthetic_ids, said)
}

/// Below this many statements their ids and statements are made on one thread: a second would
/// not pay for itself.
const STATEMENTS_IN_PARALLEL_FROM: usize = 20_000;

/// Makes the statement of each graph node in the node the walk placed for it, which holds an
/// empty one. The graph and its ids are put in the map's order first (in place: a copy of a
/// million nodes would raise the peak memory), so that two threads can each make a run of
/// them, each writing only its own part of the map.
fn make_statements(
    map: &mut ArgMap,
    mut nodes: Vec<GNode>,
    mut ids: Vec<String>,
    tree_of: &[Option<NodeId>],
) {
    // Where each graph node shows in full (each shows once: the walks reach every node), put
    // in the map's order by placing each in a table of the map's nodes rather than by sorting.
    let mut shown_at: Vec<u32> = vec![NOT_SHOWN; map.nodes.len()];
    for (graph, tree) in tree_of.iter().enumerate() {
        if let Some(id) = tree {
            shown_at[id.index()] = graph as u32;
        }
    }
    let (slots, from): (Vec<u32>, Vec<u32>) = (shown_at.iter().enumerate())
        .filter(|&(_, &graph)| graph != NOT_SHOWN)
        .map(|(slot, &graph)| (slot as u32, graph))
        .unzip();
    drop(shown_at);
    let make = |map_nodes: &mut [crate::model::Node],
                first_slot: usize,
                slots: &[u32],
                graph: &mut [GNode],
                ids: &mut [String]| {
        for ((&slot, node), id) in slots.iter().zip(graph).zip(ids) {
            let made = statement(node, std::mem::take(id));
            map_nodes[slot as usize - first_slot].body = Body::Statement(made);
        }
    };
    if slots.len() < STATEMENTS_IN_PARALLEL_FROM {
        permute(&mut nodes, &from);
        permute(&mut ids, &from);
        make(&mut map.nodes, 0, &slots, &mut nodes, &mut ids);
        return;
    }
    crate::parallel::both(|| permute(&mut nodes, &from), || permute(&mut ids, &from));
    let half = slots.len() / 2;
    let cut = slots[half] as usize;
    let (map_first, map_second) = map.nodes.split_at_mut(cut);
    let (slots_first, slots_second) = slots.split_at(half);
    let (graph_first, graph_second) = nodes.split_at_mut(half);
    let (ids_first, ids_second) = ids.split_at_mut(half);
    crate::parallel::both(
        || make(map_first, 0, slots_first, graph_first, ids_first),
        || make(map_second, cut, slots_second, graph_second, ids_second),
    );
}

/// In [`make_statements`], a node of the map that shows no graph node in full.
const NOT_SHOWN: u32 = u32::MAX;

/// Reorders `items` in place so that the item at `i` is the one that was at `from[i]`
/// (`from` is a permutation), following each cycle once.
fn permute<T: Default>(items: &mut [T], from: &[u32]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        let first = std::mem::take(&mut items[start]);
        let mut at = start;
        loop {
            placed[at] = true;
            let source = from[at] as usize;
            if source == start {
                items[at] = first;
                break;
            }
            items[at] = std::mem::take(&mut items[source]);
            at = source;
        }
    }
}

/// The children of every node in one list (a million small lists would cost more than they
/// hold): those of node i are `list[starts[i]..starts[i + 1]]`, in the order they were pushed.
struct Children {
    starts: Vec<usize>,
    list: Vec<Child>,
    /// While filling, where the next child of each node goes.
    filled: Vec<usize>,
}

impl Children {
    fn with_sizes(sizes: &[u32]) -> Children {
        let mut starts = Vec::with_capacity(sizes.len() + 1);
        let mut total = 0;
        starts.push(0);
        for &size in sizes {
            total += size as usize;
            starts.push(total);
        }
        let empty = Child {
            node: 0,
            rel: Rel::Support,
            kind: None,
            home: false,
        };
        Children {
            filled: starts[..sizes.len()].to_vec(),
            starts,
            list: vec![empty; total],
        }
    }

    fn push(&mut self, node: usize, child: Child) {
        self.list[self.filled[node]] = child;
        self.filled[node] += 1;
    }

    fn of(&self, node: usize) -> &[Child] {
        &self.list[self.starts[node]..self.starts[node + 1]]
    }

    fn of_mut(&mut self, node: usize) -> &mut [Child] {
        &mut self.list[self.starts[node]..self.starts[node + 1]]
    }
}

/// A node's place under another: by which relation, and the kind its relation line's tag gives.
#[derive(Debug, Clone, Copy)]
struct Child {
    node: u32,
    rel: Rel,
    kind: Option<Kind>,
    /// This is where the node shows in full: the relation line that defines it.
    home: bool,
}

/// A node waiting on the walk's stack, with where and as what it will show.
struct Visit {
    node: usize,
    parent: NodeId,
    kind: Kind,
    undercut: bool,
    /// The node's home (see [`Shape::homed`]).
    home: bool,
}

/// What a child hangs under, as far as its kind goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parent {
    Statement,
    Argument,
    /// The question at the top: what supports it is an answer, a thesis.
    Question,
}

impl Parent {
    fn of(node: &GNode) -> Parent {
        if node.is_arg {
            Parent::Argument
        } else {
            Parent::Statement
        }
    }
}

/// All that is read of an element's tags, taken in as they come (no list of them is kept).
#[derive(Debug, Default, Clone, Copy)]
struct Tags {
    /// It has at least one tag.
    any: bool,
    /// One of them is `#thesis`.
    thesis: bool,
    /// The kind a tag names (`#caveat`), the last one when there are several.
    kind: Option<Kind>,
    /// Where that tag is written (line, column), so a problem with it points at it even on
    /// a continuation line; None when it was not read from text.
    kind_at: Option<(usize, usize)>,
}

impl Tags {
    /// Takes in a tag; true when it names a kind.
    fn add(&mut self, tag: &str) -> bool {
        self.any = true;
        // In any letters (`#Caveat`); lowered only when it has capitals, as most tags have none.
        let lowered;
        let tag = if tag.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = tag.to_ascii_lowercase();
            lowered.as_str()
        } else {
            tag
        };
        self.thesis |= tag == "thesis";
        let kind = Kind::from_name(tag).filter(|&k| k != Kind::Thesis);
        if kind.is_some() {
            self.kind = kind;
        }
        kind.is_some()
    }
}

/// Which side of its parent a relation puts a node on.
fn rel_stance(rel: Rel) -> Stance {
    match rel {
        Rel::Premise | Rel::Support => Stance::For,
        Rel::Attack | Rel::Contradictory | Rel::Undercut => Stance::Against,
    }
}

/// The kind a child shows with: the tag on its relation line, else the kind its statement is
/// tagged with, else what the relation says (support → claim, attack → objection; under a
/// question, a thesis). A tag counts only on the relation's side. Every undercut is marked.
fn child_kind(child: &Child, parent: Parent, tagged: Option<Kind>) -> (Kind, bool) {
    let side = rel_stance(child.rel);
    let default = match side {
        Stance::For if parent == Parent::Question => Kind::Thesis,
        Stance::For | Stance::Root => Kind::Claim,
        Stance::Against => Kind::Objection,
    };
    let fits = |k: &Kind| k.stance() == side;
    // Under the question, what a statement is elsewhere does not make it less of an answer.
    let tagged = tagged.filter(|_| parent != Parent::Question);
    let kind = child
        .kind
        .filter(fits)
        .or(tagged.filter(fits))
        .unwrap_or(default);
    (kind, child.rel == Rel::Undercut)
}

fn push_children(
    stack: &mut Vec<Visit>,
    children: &[Child],
    parent: NodeId,
    under: Parent,
    kinds: &[Option<Kind>],
) {
    for child in children.iter().rev() {
        let (kind, undercut) = child_kind(child, under, kinds[child.node as usize]);
        stack.push(Visit {
            node: child.node as usize,
            parent,
            kind,
            undercut,
            home: child.home,
        });
    }
}

/// Puts the nodes a walk starts from on its stack, to show under `parent` as `kind`, first
/// one on top.
fn push_starts(stack: &mut Vec<Visit>, starts: &[usize], parent: NodeId, kind: Kind) {
    // A node the tree starts from shows in full there, wherever a relation line defines it.
    stack.extend(starts.iter().rev().map(|&node| Visit {
        node,
        parent,
        kind,
        undercut: false,
        home: true,
    }));
}

/// Depth first from what is on the stack: a node shows in full at its home (the relation
/// line that defines it) or, having none, at its first visit; elsewhere (and on its own path:
/// a cycle) as a reference. A node the walk never meets at its home (a home under a statement
/// no root reaches) shows in full where it was first met.
///
/// The file decides where a statement shows in full, not the order of the walk: a map whose
/// reference to a statement comes before the statement itself, written as Argdown, reads back
/// with the statement where it was.
fn walk(
    map: &mut ArgMap,
    stack: &mut Vec<Visit>,
    (children, homed): (&Children, &[bool]),
    g: &Graph,
    kinds: &[Option<Kind>],
    tree_of: &mut [Option<NodeId>],
) {
    // The places the walk met a node before its home, in the order met: references once the
    // node has shown in full, else the first one shows it.
    let mut met_early: Vec<(usize, NodeId)> = Vec::new();
    let mut next_met_early = 0;
    let show_in_full = |map: &mut ArgMap,
                        stack: &mut Vec<Visit>,
                        tree_of: &mut [Option<NodeId>],
                        node: usize,
                        id: NodeId| {
        // The statement is made afterwards ([`make_statements`]).
        map.nodes[id.index()].body = Body::Statement(Statement::default());
        tree_of[node] = Some(id);
        let under = Parent::of(&g.nodes[node]);
        push_children(stack, children.of(node), id, under, kinds);
    };
    loop {
        while let Some(visit) = stack.pop() {
            let (node, parent) = (visit.node, visit.parent);
            // A reference to the root for now: what each place is, is settled below.
            let id = map.push(parent, visit.kind, Body::Ref(map.root));
            map.nodes[id.index()].undercut = visit.undercut;
            // The rules of a reconstructed argument's last inference name its scheme; else
            // `{scheme: …}`, as argscope writes one.
            let rules = g.nodes[node].pcs().map(|pcs| pcs.rules.as_str());
            let scheme = rules
                .filter(|r| !r.is_empty())
                .or(g.nodes[node].data("scheme"));
            if let Some(scheme) = scheme {
                map.set_scheme(id, scheme);
            }
            if let Some(target) = tree_of[node] {
                map.nodes[id.index()].body = Body::Ref(target);
            } else if homed[node] && !visit.home {
                met_early.push((node, id));
            } else {
                show_in_full(map, stack, tree_of, node, id);
            }
        }
        let Some(&(node, id)) = met_early.get(next_met_early) else {
            break;
        };
        next_met_early += 1;
        match tree_of[node] {
            Some(target) => map.nodes[id.index()].body = Body::Ref(target),
            None => show_in_full(map, stack, tree_of, node, id),
        }
    }
}

/// The premises of an argument and the earlier steps of it, from the statements of its
/// premise–conclusion structure before the main conclusion, in order, each marked when an
/// inference leads to it (an intermediary conclusion): the statements since the last
/// conclusion are the premises of the next one, which is then a premise itself. What is left
/// at the end is what the last inference draws on.
fn premises_and_steps(
    statements: impl IntoIterator<Item = (usize, bool)>,
) -> (Vec<usize>, Vec<(usize, usize)>) {
    let mut pending = Vec::new();
    let mut steps = Vec::new();
    for (statement, concluded) in statements {
        if concluded {
            steps.extend(pending.drain(..).map(|premise| (premise, statement)));
        }
        pending.push(statement);
    }
    (pending, steps)
}

/// The rule names an inference gives, one or more a line, without its data (`{uses: [1, 2]}`,
/// which may span lines): "Modus Ponens, Universal Instantiation".
fn rule_names(inference: &str) -> String {
    let mut names = String::with_capacity(inference.len());
    let mut depth = 0usize;
    for c in inference.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => names.push(c),
            _ => {}
        }
    }
    let lines = names.lines().map(str::trim).filter(|line| !line.is_empty());
    lines.collect::<Vec<_>>().join(", ")
}

/// What a graph node shows: its title as the headline (as Argdown's maps do), its canonical
/// text as the paraphrase, other wordings as `also`, and quote and source from its data.
/// What the graph held for the node is freed, but for its kind and line.
fn statement(node: &mut GNode, id: String) -> Statement {
    let mut first = std::mem::take(&mut node.text);
    let More {
        texts: mut rest,
        canonical,
        quote: block_quote,
        mut data,
        ..
    } = node.more.take().map(|more| *more).unwrap_or_default();
    // Its texts are `first` (empty when it has none) and then `rest`.
    let count = if first.is_empty() { 0 } else { 1 + rest.len() };
    let text_at = |i: usize| if i == 0 { &first } else { &rest[i - 1] };
    let canonical = canonical.or_else(|| (0..count).rev().find(|&i| !text_at(i).trim().is_empty()));
    let mut also: Vec<String> = Vec::new();
    if count > 1 {
        let full = canonical.map_or("", |i| text_at(i).trim());
        let mut seen: HashSet<String> = HashSet::new();
        for i in (0..count).filter(|&i| Some(i) != canonical) {
            let t = sanitize(text_at(i).trim(), true);
            if !t.is_empty() && t != full && seen.insert(t.clone()) {
                also.push(t);
            }
        }
    }
    let full = match canonical {
        Some(0) => std::mem::take(&mut first),
        Some(i) => std::mem::take(&mut rest[i - 1]),
        None => String::new(),
    };
    drop((first, rest));
    let (label, text) = if node.titled || full.trim().is_empty() {
        let label = match last_data(&data, "label").map(|l| sanitize(l.trim(), false)) {
            Some(label) if !label.is_empty() => label,
            _ => label_of(&node.title),
        };
        let text = sanitize_owned(trim_owned(full), true);
        let text = if text == label { String::new() } else { text };
        (label, text)
    } else {
        label_and_text_owned(full)
    };
    let quote = match data.iter().rposition(|&(k, _)| k == "quote") {
        Some(i) => std::mem::take(&mut data[i].1),
        None => block_quote,
    };
    // One place holds where a statement comes from: a citation, a web address and the
    // addresses of the links in its text are kept together, as the detail pane shows them
    // ("Smith 2020, https://…").
    let links = data
        .iter()
        .filter(|(k, _)| *k == LINK)
        .map(|(_, v)| v.as_str());
    let given = [last_data(&data, "source"), last_data(&data, "url")];
    let mut seen = FastSet::default();
    let sources: Vec<&str> = (given.into_iter().flatten().chain(links))
        .map(str::trim)
        .filter(|source| !source.is_empty() && seen.insert(*source))
        .collect();
    let url = sources.join(", ");
    let statement = Statement {
        id,
        label,
        text,
        quote: sanitize_owned(trim_owned(quote), true),
        url: sanitize(&url, false),
        also,
        ..Statement::default()
    };
    node.title = String::new();
    statement
}

/// The value of the last `key` in flattened data.
fn last_data<'a>(data: &'a [(&str, String)], key: &str) -> Option<&'a str> {
    data.iter()
        .rev()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------------------------
// The text reader.

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based line number in the file.
    no: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn blank(&self) -> bool {
        self.indent_unless_blank().is_none()
    }

    /// [`Line::indent`], or None for a blank line: the indentation is scanned once for both.
    fn indent_unless_blank(&self) -> Option<usize> {
        let rest = self.rest();
        // Most lines show at once that they are not blank (a visible ASCII character after
        // the indentation).
        match rest.as_bytes().first() {
            Some(b) if b.is_ascii_graphic() => {}
            _ if self.text.trim().is_empty() => return None,
            _ => {}
        }
        Some(self.text.len() - rest.len())
    }

    /// Indentation in characters (a tab counts as one, as in Argdown).
    fn indent(&self) -> usize {
        self.text.len() - self.rest().len()
    }

    fn rest(&self) -> &'a str {
        let indent = self
            .text
            .bytes()
            .take_while(|&b| b == b' ' || b == b'\t')
            .count();
        &self.text[indent..]
    }
}

/// The level a relation line indented by `indent` hangs at, in a paragraph whose head is
/// at `base`: one deeper than the head when it is not indented further.
fn relation_level(indent: usize, base: usize) -> usize {
    if indent <= base { base + 1 } else { indent }
}

/// A line as messages name it: "line 3, `+ [A]: a.`".
fn quoted_line(l: &Line) -> String {
    format!(
        "line {}, `{}`",
        l.no,
        crate::text::truncate(l.text.trim(), 40)
    )
}

/// How a relation line's indentation fits the relation lines above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Deeper than the line above, or as deep as one it goes back to.
    Fits,
    /// Back from deeper lines to a depth no line above it has (less deep than one, deeper
    /// than the next): Argdown reads it beside the deepest line above that is less deep.
    BetweenLevels,
    /// Back from deeper lines to less deep than every relation line above it, but deeper than
    /// the head: the Argdown CLI refuses it; it is read under the head.
    BelowEvery,
}

/// The level a relation line at `level` (as [`relation_level`] gives it) takes in `stack`, as
/// Argdown's lexer has it: a line deeper than the top is one level deeper; one that goes
/// back takes the level of the deepest entry left that is not deeper than it, so a line
/// indented between two levels stands beside the shallower one.
fn argdown_level<T>(stack: &[(usize, T)], level: usize) -> (usize, Fit) {
    let top = stack.last().map_or(0, |s| s.0);
    if level > top || stack.len() <= 1 {
        return (level, Fit::Fits);
    }
    match stack[1..].iter().rev().find(|s| s.0 <= level) {
        Some(&(at, _)) if at == level => (level, Fit::Fits),
        Some(&(at, _)) => (at, Fit::BetweenLevels),
        None => (level, Fit::BelowEvery),
    }
}

/// How many entries of a relation stack stay when a line at `level` comes: the head, and
/// those less deep than it (the last of them is what the line hangs under).
fn hangs_under<T>(stack: &[(usize, T)], level: usize) -> usize {
    let mut kept = stack.len();
    while kept > 1 && stack[kept - 1].0 >= level {
        kept -= 1;
    }
    kept
}

/// A relation symbol, as the lexer reads it at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sym {
    /// `+` / `<+`: the child supports the parent.
    Support,
    Attack,
    Undercut,
    /// `+>`: the parent supports the child.
    SupportOut,
    AttackOut,
    UndercutOut,
    /// `><`
    Contradictory,
}

fn relation_symbol(rest: &str) -> Option<(Sym, usize)> {
    const TWO: [(&str, Sym); 7] = [
        ("+>", Sym::SupportOut),
        ("->", Sym::AttackOut),
        ("_>", Sym::UndercutOut),
        ("<+", Sym::Support),
        ("<-", Sym::Attack),
        ("<_", Sym::Undercut),
        ("><", Sym::Contradictory),
    ];
    for (text, sym) in TWO {
        if rest.starts_with(text) {
            return Some((sym, 2));
        }
    }
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some('+'), _) => Some((Sym::Support, 1)),
        (Some('-'), next) if next != Some('-') => Some((Sym::Attack, 1)),
        (Some('_'), Some(next)) if next.is_whitespace() => Some((Sym::Undercut, 1)),
        _ => None,
    }
}

/// The line that closes an inference opened above `from` (`--` alone), before the next blank
/// line.
fn closing_dashes(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len())
        .take_while(|&i| !lines[i].blank())
        .find(|&i| {
            let rest = lines[i].rest().trim_end();
            rest.len() >= 2 && rest.bytes().all(|b| b == b'-')
        })
}

/// `(12)` at the start: the length of the prefix.
fn pcs_start(rest: &str) -> Option<usize> {
    let digits = rest.strip_prefix('(')?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0 && digits[n..].starts_with(')')).then_some(n + 2)
}

fn is_inference(rest: &str) -> bool {
    rest.starts_with("--")
}

/// Whether `lines`, starting with a `---` line, open Markdown-style front matter rather than a
/// premise-conclusion structure's inference line: a `---` closes them, and every line between
/// is YAML (`key: value`, indented, a list item or a comment), beginning with a key.
fn dashes_fence_front_matter(lines: &[Line]) -> bool {
    let Some(close) = lines[1..].iter().position(|l| l.text.trim() == "---") else {
        return false;
    };
    let body = &lines[1..=close];
    let is_key = |text: &str| {
        text.split_once(':').is_some_and(|(key, value)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && (value.is_empty() || value.starts_with(' '))
        })
    };
    body.first().is_some_and(|l| is_key(l.text))
        && body.iter().all(|l| {
            l.blank()
                || l.text.starts_with([' ', '\t', '#'])
                || l.text.starts_with("- ")
                || is_key(l.text)
        })
}

fn is_heading(text: &str) -> bool {
    let after = text.trim_start_matches('#');
    after.len() < text.len() && (after.is_empty() || after.starts_with([' ', '\t']))
}

/// `* ` or `1. ` at the start: the length of the prefix.
fn list_item(rest: &str) -> Option<usize> {
    if rest.starts_with("* ") {
        return Some(2);
    }
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0 && rest[n..].starts_with(". ")).then_some(n + 2)
}

fn structural(line: &Line, list_mode: bool) -> bool {
    let rest = line.rest();
    relation_symbol(rest).is_some()
        || pcs_start(rest).is_some()
        || is_inference(rest)
        || is_heading(line.text)
        || (list_mode && list_item(rest).is_some())
}

/// The index of the line after the element that starts on `lines[start]`, `braces` being
/// what its text on that line left open: the next blank line, or the next structural line
/// outside `{…}` data (which may span lines).
///
/// A `{` never closed would take every line to the paragraph's end, relation lines and all.
/// The inline reader reads such a `{` as text, so the element then ends where it would have
/// without it: at the first structural line after it.
fn element_end(
    lines: &[Line],
    start: usize,
    mut braces: Braces,
    list_mode: bool,
    closes: &mut ClosesAhead,
) -> usize {
    // The first structural line read as data while the braces are open.
    let mut structural_inside = None;
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if line.blank() {
            end = i;
            break;
        }
        // Open deeper than the paragraph has `}` left: the data cannot close, and the element
        // ends where reading on would have found, at the first structural line or the
        // paragraph's end. (Reading on took a paragraph of many unclosed `{` a time growing
        // with the square of its length.)
        if braces.depth > 0 && braces.depth > closes.from(lines, i) {
            return structural_inside.unwrap_or_else(|| {
                let next = lines[i..]
                    .iter()
                    .position(|line| line.blank() || structural(line, list_mode));
                next.map_or(lines.len(), |n| i + n)
            });
        }
        if structural(line, list_mode) {
            if braces.depth == 0 {
                return i;
            }
            structural_inside.get_or_insert(i);
        }
        if braces.depth > 0 || !line.rest().starts_with('>') {
            braces.feed_str(line.text);
        }
        braces.escaped = false;
        if braces.depth == 0 {
            structural_inside = None;
        }
    }
    if braces.depth > 0 {
        structural_inside.unwrap_or(end)
    } else {
        end
    }
}

/// How many `}` each line and the lines after it in its paragraph hold, counted the first time
/// an element leaves a `{` open at the end of a line (most files never do).
#[derive(Debug, Default)]
struct ClosesAhead {
    /// The lines counted (their address and length), so other lines are counted afresh.
    of: (usize, usize),
    /// Indexed by line; a blank line holds 0.
    counts: Vec<u32>,
}

impl ClosesAhead {
    /// How many `}` `lines[i]` and the lines after it up to the next blank line hold.
    fn from(&mut self, lines: &[Line], i: usize) -> usize {
        let of = (lines.as_ptr() as usize, lines.len());
        if self.of != of || self.counts.len() != lines.len() {
            self.of = of;
            self.counts = vec![0; lines.len()];
            let mut ahead = 0u32;
            for (count, line) in self.counts.iter_mut().zip(lines).rev() {
                ahead = if line.blank() {
                    0
                } else {
                    let here = line.text.bytes().filter(|&b| b == b'}').count();
                    ahead.saturating_add(u32::try_from(here).unwrap_or(u32::MAX))
                };
                *count = ahead;
            }
        }
        self.counts[i] as usize
    }
}

/// Tracks `{…}` nesting across text, with YAML's quoted strings inside.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Braces {
    depth: usize,
    quote: Option<char>,
    escaped: bool,
}

impl Braces {
    /// Feeds every character of `text`.
    fn feed_str(&mut self, text: &str) {
        self.feed_through(text, false);
    }

    /// Where the data `text` opens with its `{` ends: just after the brace that closes it.
    fn data_end(text: &str) -> Option<usize> {
        Braces::default().feed_through(text, true)
    }

    /// Feeds the characters of `text`, skipping at once over each run of those that change
    /// nothing: outside braces all but braces and backslashes; inside, all but those and
    /// quotes. With `until_closed`, stops just after a brace that closes data, and says where.
    fn feed_through(&mut self, text: &str, until_closed: bool) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut k = 0;
        while k < bytes.len() {
            if !self.escaped {
                let skip = if self.depth == 0 {
                    find_byte(&bytes[k..], [b'{', b'\\'])
                } else {
                    find_byte(&bytes[k..], [b'{', b'}', b'"', b'\'', b'\\'])
                };
                k += skip?;
            }
            let c = text[k..].chars().next()?;
            let was_open = self.depth > 0;
            self.feed(c);
            k += c.len_utf8();
            if until_closed && was_open && self.depth == 0 {
                return Some(k);
            }
        }
        None
    }

    /// Where the quoted string that data (`text`, opened with its `{`) leaves open at its end
    /// starts, when one does: its `}` is then read as part of the string.
    fn unclosed_string(text: &str) -> Option<usize> {
        let mut braces = Braces::default();
        let mut opened = None;
        for (i, c) in text.char_indices() {
            let before = braces.quote;
            braces.feed(c);
            if before.is_none() && braces.quote.is_some() {
                opened = Some(i);
            }
        }
        braces.quote.and(opened)
    }

    fn feed(&mut self, c: char) {
        if self.depth == 0 {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '{' {
                self.depth = 1;
            }
            return;
        }
        match self.quote {
            Some(q) => {
                if self.escaped {
                    self.escaped = false;
                } else if c == '\\' && q == '"' {
                    self.escaped = true;
                } else if c == q {
                    self.quote = None;
                }
            }
            None => match c {
                '"' | '\'' => self.quote = Some(c),
                '{' => self.depth += 1,
                '}' => self.depth -= 1,
                _ => {}
            },
        }
    }
}

/// A member's head: what kind of occurrence it is.
#[derive(Debug, Clone, PartialEq)]
enum Head {
    Untitled,
    Statement { title: String, definition: bool },
    Argument { title: String, definition: bool },
}

#[derive(Debug)]
struct Element {
    head: Head,
    text: String,
    quote: String,
    tags: Tags,
    data: Vec<(String, String)>,
    /// The line and column of its first `{data}`.
    data_at: (usize, usize),
    line: usize,
}

/// Text gathered from several lines, with the way back to lines and columns.
struct Joined<'a> {
    /// The text of one line is borrowed; only text of several is copied together.
    text: std::borrow::Cow<'a, str>,
    /// (byte offset in `text`, line, column of that byte) for each line: the first line's is
    /// kept apart, so that text of one line allocates nothing.
    first: Option<(usize, usize, usize)>,
    marks: Vec<(usize, usize, usize)>,
    /// Column-counting cursor: (mark, byte offset, column), so a long line is counted once.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Joined<'a> {
    fn new() -> Joined<'a> {
        Joined {
            text: std::borrow::Cow::Borrowed(""),
            first: None,
            marks: Vec::new(),
            cursor: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    fn push(&mut self, piece: &'a str, line: usize, col: usize) {
        if self.first.is_none() {
            self.first = Some((0, line, col));
            self.text = std::borrow::Cow::Borrowed(piece);
        } else {
            let text = self.text.to_mut();
            text.push('\n');
            self.marks.push((text.len(), line, col));
            text.push_str(piece);
        }
    }

    fn place(&self, offset: usize) -> (usize, usize) {
        let Some(first) = self.first else {
            return (0, 1);
        };
        // The mark at or before `offset`: 0 is the first line's, k the one in `marks[k - 1]`.
        let k = self.marks.partition_point(|m| m.0 <= offset);
        let (start, line, col) = if k == 0 { first } else { self.marks[k - 1] };
        let cursor = self.cursor.get();
        let (from, from_col) = if cursor.0 == k && cursor.1 <= offset {
            (cursor.1, cursor.2)
        } else {
            (start, col)
        };
        let column = from_col + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.cursor.set((k, offset, column));
        (line, column)
    }
}

/// The position of the first byte `wanted` picks, looked for 16 bytes at a time (which the
/// compiler vectorises) and one by one only in the chunk that has it.
/// `wanted` is the set of bytes looked for: compared one by one (not as a `matches!`, which
/// the compiler turns into a bit test per byte that it does not vectorise).
fn find_byte<const N: usize>(bytes: &[u8], set: [u8; N]) -> Option<usize> {
    let wanted = |b: u8| set.iter().fold(false, |any, &s| any | (b == s));
    let mut chunks = bytes.chunks_exact(16);
    let mut at = 0;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | wanted(b)) {
            return chunk.iter().position(|&b| wanted(b)).map(|p| at + p);
        }
        at += 16;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| wanted(b))
        .map(|p| at + p)
}

/// Finds the next occurrence of a byte, remembering the answer: searches from rising offsets
/// cost linear time in all.
struct Next {
    byte: u8,
    found: Option<usize>,
    searched_from: usize,
}

impl Next {
    fn new(byte: u8) -> Next {
        Next {
            byte,
            found: None,
            searched_from: usize::MAX,
        }
    }

    fn from(&mut self, text: &str, offset: usize) -> Option<usize> {
        let stale = self.searched_from == usize::MAX
            || offset < self.searched_from
            || self.found.is_some_and(|f| f < offset);
        if stale {
            self.searched_from = offset;
            self.found = text.as_bytes()[offset.min(text.len())..]
                .iter()
                .position(|&b| b == self.byte)
                .map(|p| p + offset);
        }
        self.found
    }
}

struct Parser {
    problems: Problems,
    graph: Graph,
    /// Front matter, flattened (`model.mode`).
    front: Vec<(String, String)>,
    first_heading: Option<String>,
    /// The buffer [`Parser::inline`] builds each text in.
    scratch: String,
    /// The `{data}` keys the map has no place for.
    unread: unread::Unread,
    /// Where a second reader takes over, when one reads the rest of the file.
    split: Option<Split>,
    /// Set when this reader stopped at `split`, the place being as the second reader assumed.
    handed_over: Option<Handover>,
    /// For [`element_end`]: where data left open can no longer close.
    closes_ahead: ClosesAhead,
    /// Reading the relations under a list item, which end at the next item.
    in_list: bool,
}

/// Where a relation line hangs: a statement or argument, or the inference of an argument.
#[derive(Debug, Clone, Copy)]
enum Member {
    Node(usize),
    Inference(usize),
}

impl Parser {
    fn new(file: &str) -> Parser {
        Parser {
            problems: Problems::new(file),
            graph: Graph::default(),
            front: Vec::new(),
            first_heading: None,
            scratch: String::new(),
            unread: unread::Unread::default(),
            split: None,
            handed_over: None,
            closes_ahead: ClosesAhead::default(),
            in_list: false,
        }
    }

    fn run(&mut self, lines: &[Line]) {
        let mut i = lines.iter().take_while(|l| l.blank()).count();
        match lines.get(i).map(|l| l.text.trim()) {
            Some("===") => i = self.front_matter(lines, i, "==="),
            Some("---") if dashes_fence_front_matter(&lines[i..]) => {
                self.problems.at_kept(
                    lines[i].no,
                    1,
                    "Argdown's front matter is fenced with ===, not --- as in Markdown; this block is read as front matter (write === above and below it)",
                );
                i = self.front_matter(lines, i, "---");
            }
            _ => {}
        }
        self.run_from(lines, i, None);
    }

    /// Reads paragraphs from line `i`; `previous_argument` is the argument in the paragraph
    /// before it, which a PCS below it reconstructs.
    fn run_from(&mut self, lines: &[Line], mut i: usize, mut previous_argument: Option<usize>) {
        while i < lines.len() {
            if self.hands_over_paragraph(i) {
                return;
            }
            let line = lines[i];
            if line.blank() {
                i += 1;
                continue;
            }
            let rest = line.rest();
            if is_heading(line.text) {
                i = self.heading(lines, i);
                previous_argument = None;
            } else if pcs_start(rest).is_some() || is_inference(rest) {
                i = self.pcs(lines, i, previous_argument.take());
            } else if list_item(rest).is_some() {
                i = self.list(lines, i);
                previous_argument = None;
            } else {
                (i, previous_argument) = self.tree(lines, i);
                if self.handed_over.is_some() {
                    return;
                }
            }
        }
    }

    /// Reads the front matter from its opening `fence` at line `start`; returns the line after it.
    fn front_matter(&mut self, lines: &[Line], start: usize, fence: &str) -> usize {
        let close = lines[start + 1..]
            .iter()
            .position(|l| l.text.trim() == fence)
            .map(|p| start + 1 + p);
        let (end, next) = match close {
            Some(end) => (end, end + 1),
            None => {
                self.problems.at(
                    lines[start].no,
                    1,
                    "the front matter is never closed with ===; it is read up to the first empty line",
                );
                let end = lines[start + 1..]
                    .iter()
                    .position(Line::blank)
                    .map_or(lines.len(), |p| start + 1 + p);
                (end, end)
            }
        };
        let body: Vec<(usize, &str)> = lines[start + 1..end]
            .iter()
            .map(|l| (l.no, l.text))
            .collect();
        let mut errors = Vec::new();
        let mut kept_whole = Vec::new();
        self.front = yaml_block(&body, &mut errors, &mut kept_whole);
        for (line, message) in errors {
            self.problems
                .at(line, 1, format!("front matter: {message}"));
        }
        for (line, message) in kept_whole {
            self.problems
                .at_kept(line, 1, format!("front matter: {message}"));
        }
        self.unkept_metadata(&body);
        next
    }

    /// Says which of the metadata Argdown's front matter holds for a document the map has no
    /// place for: argscope's map keeps a title, an author and a source, not these.
    fn unkept_metadata(&mut self, body: &[(usize, &str)]) {
        const UNKEPT: [&str; 4] = ["subTitle", "subtitle", "date", "abstract"];
        let unkept: Vec<(usize, String)> = body
            .iter()
            .filter(|(_, text)| !text.starts_with(char::is_whitespace))
            .filter_map(|&(line, text)| {
                let key = text.split_once(':')?.0.trim_end();
                UNKEPT.contains(&key).then(|| (line, format!("`{key}`")))
            })
            .collect();
        let Some(&(line, _)) = unkept.first() else {
            return;
        };
        let keys: Vec<String> = unkept.into_iter().map(|(_, key)| key).collect();
        let (has, is) = if keys.len() == 1 {
            ("has", "it is")
        } else {
            ("have", "they are")
        };
        self.problems.at(
            line,
            1,
            format!(
                "front matter: {} {has} no place in argscope's map, which keeps a document's `title`, `author` and `source`, so {is} left out",
                crate::text::listed(&keys, "and")
            ),
        );
    }

    /// Reads the heading on line `start`; returns the line after it. The Argdown tools read
    /// the lines right below a heading as part of it, up to a blank line, and refuse a file with
    /// a statement or relation there: both are said, as a blank line after a heading is missing.
    fn heading(&mut self, lines: &[Line], start: usize) -> usize {
        let line = lines[start];
        let text = line.text.trim_start_matches('#');
        let mut joined = Joined::new();
        joined.push(text, line.no, line.text.len() - text.len() + 1);
        let mut end = start + 1;
        let element = |next: &Line| next.rest().starts_with(['[', '<']) || structural(next, true);
        // A paragraph below the heading with relations in it is a statement and its reasons
        // (`# Uniforms` over `Schools should…` over `+ They are cheap.`): read as such, with
        // the warning below, rather than taking its thesis into the heading.
        let paragraph =
            (lines[start + 1..].iter()).take_while(|next| !next.blank() && !is_heading(next.text));
        let heads_a_tree = paragraph.clone().any(&element);
        while let Some(&next) = lines.get(end) {
            if heads_a_tree || next.blank() || element(&next) || is_heading(next.text) {
                break;
            }
            joined.push(next.text, next.no, 1);
            end += 1;
        }
        // The heading's data may go on the next line (`{isGroup: true}`).
        let text_below = (lines[start + 1..end].iter()).find(|l| !l.rest().starts_with('{'));
        if let Some(below) = text_below {
            self.problems.at_kept(
                below.no,
                1,
                "this line is read as part of the heading above it, as the Argdown tools read it; leave a blank line after a heading to start a statement",
            );
        } else if let Some(next) = (lines.get(end)).filter(|l| !l.blank() && !is_heading(l.text)) {
            self.problems.at_kept(
                next.no,
                1,
                "the Argdown tools refuse a statement or relation right below a heading; argscope reads it, but leave a blank line after the heading",
            );
        }
        let element = self.inline(&mut joined, Head::Untitled, 0, line.no);
        if self.first_heading.is_none() && !element.text.is_empty() {
            self.first_heading = Some(element.text);
        }
        end
    }

    /// A paragraph of statements and arguments with relations hanging under them.
    fn tree(&mut self, lines: &[Line], start: usize) -> (usize, Option<usize>) {
        let line = lines[start];
        let mut from = line.indent();
        if let Some((_, len)) = relation_symbol(line.rest()) {
            self.problems.at(
                line.no,
                from + 1,
                "a relation must hang under a statement or argument of the same paragraph, with no empty line before it; this one is read as a statement of its own",
            );
            from += len;
        }
        let (element, i) = self.read_element(lines, start, from, false);
        let head = self.add(element);
        self.relations(lines, i, vec![(0, Member::Node(head))])
    }

    /// The relation lines of a paragraph from line `i`, hung in `stack` (which holds the
    /// paragraph's head and the lines above `i` they may hang under); returns the next line
    /// and the head when it is an argument.
    fn relations(
        &mut self,
        lines: &[Line],
        mut i: usize,
        mut stack: Vec<(usize, Member)>,
    ) -> (usize, Option<usize>) {
        let head_argument = match stack.first() {
            Some(&(_, Member::Node(head))) if self.graph.nodes[head].is_arg => Some(head),
            _ => None,
        };
        while i < lines.len() {
            let line = lines[i];
            let rest = line.rest();
            if line.blank() || is_heading(line.text) || (self.in_list && list_item(rest).is_some())
            {
                break;
            }
            if let Some((sym, len)) = relation_symbol(rest) {
                if self.hands_over_relation(i, line.indent(), &stack) {
                    return (i, head_argument);
                }
                i = self.relation_line(lines, i, sym, len, &mut stack);
            } else if pcs_start(rest).is_some() {
                self.problems.at(
                    line.no,
                    line.indent() + 1,
                    "a premise-conclusion structure needs an empty line before it",
                );
                return (self.pcs(lines, i, head_argument), None);
            } else {
                self.problems.at(
                    line.no,
                    line.indent() + 1,
                    "an inference line (--) belongs in a premise-conclusion structure, after its premises; it is skipped",
                );
                i += 1;
            }
        }
        (i, head_argument)
    }

    /// Reads a relation line (and its continuation lines) and hangs it in `stack`.
    fn relation_line(
        &mut self,
        lines: &[Line],
        i: usize,
        sym: Sym,
        len: usize,
        stack: &mut Vec<(usize, Member)>,
    ) -> usize {
        let line = lines[i];
        let indent = line.indent();
        let base = stack.first().map_or(0, |s| s.0);
        let (level, fit) = argdown_level(stack, relation_level(indent, base));
        if indent <= base {
            let message = self.not_indented(lines, i, base);
            self.problems.at(line.no, indent + 1, message);
        } else if let Some(message) = mixed_indent::warning(lines, i, base) {
            // Said first: a tab is the likelier cause of a line at an odd depth. The line is
            // read as Argdown reads it: nothing is left out.
            self.problems.at_kept(line.no, 1, message);
        } else if fit != Fit::Fits {
            let message = self.between_levels(lines, i, base, level, fit);
            self.problems.at_kept(line.no, indent + 1, message);
        }
        stack.truncate(hangs_under(stack, level));
        let (element, next) = self.read_element(lines, i, indent + len, false);
        if element.head == Head::Untitled
            && element.text.is_empty()
            && !element.tags.any
            && element.data.is_empty()
        {
            self.problems.at(
                line.no,
                indent + 1,
                "this relation names no statement or argument; it is skipped",
            );
            return next;
        }
        let relation_at = (line.no, indent + 1);
        let (kind, kind_at) = (element.tags.kind, element.tags.kind_at);
        let defines = matches!(
            element.head,
            Head::Statement {
                definition: true,
                ..
            } | Head::Argument {
                definition: true,
                ..
            }
        );
        let child = self.add(element);
        if let Some(&(_, parent)) = stack.last() {
            let kind = kind.map(|k| (k, kind_at.unwrap_or(relation_at)));
            self.relate(parent, sym, child, kind, defines, relation_at);
        }
        stack.push((level, Member::Node(child)));
        next
    }

    /// What to say of relation line `i`, indented no more than `base`, the head of its block
    /// (or the premise or inference it hangs under in a premise-conclusion structure): which
    /// line it is read under, and how to indent it. Told from the lines alone, as "line 3,
    /// `+ [A]: a.`", not from the graph or the stack, which a file read in halves has only in
    /// part here.
    fn not_indented(&self, lines: &[Line], i: usize, base: usize) -> String {
        let (under, fix) = self.under_head(lines, i, base);
        let fix = fix.unwrap_or_else(|| format!("indent it by {} spaces", base + 2));
        format!(
            "a relation line must be indented below the statement it belongs to; this one is not, so it is read under {under}, and the relation lines after it indented more are read under it; {fix}"
        )
    }

    /// What to say of relation line `i`, which goes back from deeper lines to a depth
    /// ([`Fit`]) no line above it has, and is read at `level`: beside which line Argdown
    /// reads it, and how to indent it. Told from the lines alone, as [`Parser::not_indented`].
    fn between_levels(
        &self,
        lines: &[Line],
        i: usize,
        base: usize,
        level: usize,
        fit: Fit,
    ) -> String {
        if fit == Fit::BelowEvery {
            let (under, fix) = self.under_head(lines, i, base);
            let fix = fix.map_or_else(String::new, |fix| format!("; {fix}"));
            return format!(
                "this relation line goes back less deep than every relation line above it, though deeper than {under}, which the Argdown CLI refuses as a syntax error; it is read under that line{fix}"
            );
        }
        let own = relation_level(lines[i].indent(), base);
        let above = || {
            lines[..i]
                .iter()
                .rev()
                .take_while(|l| !l.blank())
                .filter(|l| relation_symbol(l.rest()).is_some())
        };
        let beside = above().find(|l| relation_level(l.indent(), base) == level);
        // The line to indent it as to hang it under `beside`: the least deep of those between
        // (each deeper than `beside`), a child of it.
        let deeper = beside.and_then(|beside| {
            above()
                .take_while(|l| l.no != beside.no)
                .filter(|l| relation_level(l.indent(), base) > own)
                .min_by_key(|l| relation_level(l.indent(), base))
        });
        let (Some(beside), Some(deeper)) = (beside, deeper) else {
            return "this relation line goes back to a depth no relation line above it has, so Argdown reads it beside the nearest less deep one, not under it; indent it exactly as deep as a line above it".to_string();
        };
        format!(
            "this relation line goes back to a depth no line above it has, between {} and {}, so Argdown reads it beside line {}, not under it; indent it as line {} is to keep it there, or as line {} is to hang it under line {}",
            quoted_line(beside),
            quoted_line(deeper),
            beside.no,
            beside.no,
            deeper.no,
            beside.no,
        )
    }

    /// The line a relation line `i` that goes back to `base` or less is read under (the
    /// block's first line, or the nearest premise or inference line at `base`), quoted, and,
    /// when a relation line lies between, how to indent it to stand beside the least
    /// indented of those (the nearest of them), which it drops from the stack.
    fn under_head(&self, lines: &[Line], i: usize, base: usize) -> (String, Option<String>) {
        let mut head = None;
        let mut beside: Option<&Line> = None;
        for l in lines[..i].iter().rev().take_while(|l| !l.blank()) {
            let rest = l.rest();
            // Under a list item, the item is the head: the nearest item line above.
            let item = self.in_list && list_item(rest).is_some();
            if item || ((pcs_start(rest).is_some() || is_inference(rest)) && l.indent() == base) {
                head = Some(l);
                break;
            }
            if relation_symbol(rest).is_some()
                && beside.is_none_or(|b| {
                    relation_level(l.indent(), base) < relation_level(b.indent(), base)
                })
            {
                beside = Some(l);
            }
            head = Some(l);
        }
        let under = head.map_or_else(|| "the statement above it".to_string(), quoted_line);
        let fix = beside.filter(|b| b.indent() > base).map(|b| {
            format!(
                "indent it by {} spaces, as {}, is, to put it beside that line",
                b.indent(),
                quoted_line(b)
            )
        });
        (under, fix)
    }

    /// Records the relation a line makes, written at (`line`, `col`); `kind` is the kind its
    /// tag names for the child, with where the tag is written; `defines` when the line
    /// defines the child (`[Title]: text`).
    fn relate(
        &mut self,
        parent: Member,
        sym: Sym,
        child: usize,
        kind: Option<(Kind, (usize, usize))>,
        defines: bool,
        (line, col): (usize, usize),
    ) {
        if let Member::Inference(a) = parent {
            self.warn_of_a_relation_under_an_inference(a, sym, (line, col));
        }
        let g = &mut self.graph;
        let edge = match (parent, sym) {
            (Member::Node(p), Sym::Support) => (child, p, Rel::Support),
            (Member::Node(p), Sym::Attack) => (child, p, Rel::Attack),
            (Member::Node(p), Sym::Undercut) => (child, p, Rel::Undercut),
            (Member::Node(p), Sym::SupportOut) => (p, child, Rel::Support),
            (Member::Node(p), Sym::AttackOut) => (p, child, Rel::Attack),
            (Member::Node(p), Sym::UndercutOut) => (p, child, Rel::Undercut),
            (Member::Node(p), Sym::Contradictory) => {
                if g.nodes[p].is_arg || g.nodes[child].is_arg {
                    self.problems.at(
                        line,
                        col,
                        "only statements can contradict each other (><); this is read as an attack",
                    );
                    (child, p, Rel::Attack)
                } else {
                    (child, p, Rel::Contradictory)
                }
            }
            // A relation under an inference bears on the argument's step from its premises.
            (Member::Inference(a), Sym::Support) => (child, a, Rel::Support),
            (Member::Inference(a), Sym::SupportOut) => (a, child, Rel::Support),
            (Member::Inference(a), Sym::AttackOut) => (a, child, Rel::Attack),
            (Member::Inference(a), Sym::UndercutOut) => (a, child, Rel::Undercut),
            (Member::Inference(a), _) => (child, a, Rel::Undercut),
        };
        // A kind tag speaks of the line's own statement, which is the source only of an
        // inward relation (`+ [A]`, not `+> [A]`). Told by the symbol, not by comparing nodes,
        // so that a line relating a statement to itself reads the same in either half of a
        // file read in two (see `halves`); such a relation is dropped anyway.
        let outward = matches!(sym, Sym::SupportOut | Sym::AttackOut | Sym::UndercutOut);
        let kind = kind.filter(|_| !outward);
        if let Some((k, (tag_line, tag_col))) = kind
            && k.stance() != rel_stance(edge.2)
        {
            let (tag_side, symbol) = if k.stance() == Stance::For {
                ("supports", "+")
            } else {
                ("counts against", "-")
            };
            self.problems.at(
                tag_line,
                tag_col,
                format!(
                    "#{} is a kind that {tag_side} its parent, which this relation does not; the tag is ignored here (write {symbol} or drop the tag)",
                    k.name(),
                ),
            );
        }
        // The line shows its statement in full under its parent only when the statement is
        // the relation's source; a contradiction shows under both ends alike.
        let defines = defines && !outward && edge.2 != Rel::Contradictory;
        self.graph
            .edge(edge.0, edge.1, edge.2, kind.map(|(k, _)| k), defines);
    }

    /// Only an undercut (`_`, `<_`) can stand under an inference: the Argdown CLI refuses any
    /// other relation there as a syntax error. argscope reads the line (as below), and a word
    /// says how it was read and how to write it.
    fn warn_of_a_relation_under_an_inference(
        &mut self,
        argument: usize,
        sym: Sym,
        (line, col): (usize, usize),
    ) {
        let node = &self.graph.nodes[argument];
        let name = if node.titled {
            node.written_title()
        } else {
            "the argument".to_string()
        };
        let read_as = match sym {
            Sym::Undercut => return,
            Sym::Attack | Sym::Contradictory => {
                "an undercut of the inference, as attacking it means".to_string()
            }
            Sym::Support => format!("supporting {name}"),
            Sym::SupportOut => format!("{name} supporting the statement"),
            Sym::AttackOut => format!("{name} attacking the statement"),
            Sym::UndercutOut => format!("{name} undercutting the statement"),
        };
        self.problems.at_kept(
            line,
            col,
            format!(
                "only an undercut (<_) can stand under an inference line; the Argdown CLI refuses this relation there as a syntax error; argscope reads it as {read_as}; write <_ to undercut the inference, or move the line under the premise or conclusion it bears on"
            ),
        );
    }

    /// A premise-conclusion structure; `argument` is the one in the paragraph above, if any.
    fn pcs(&mut self, lines: &[Line], start: usize, argument: Option<usize>) -> usize {
        let first = lines[start];
        let argument = match argument {
            Some(a) if self.graph.nodes[a].pcs().is_some() => {
                let title = self.graph.nodes[a].title.clone();
                self.problems.at(
                    first.no,
                    first.indent() + 1,
                    format!("<{title}> already has a premise-conclusion structure; this one is read as an untitled argument"),
                );
                self.graph.untitled(true, first.no)
            }
            Some(a) => a,
            None => self.graph.untitled(true, first.no),
        };
        // (statement, or None for an inference)
        let mut items: Vec<Option<usize>> = Vec::new();
        // The rules of the last inference, the one to the main conclusion.
        let mut rules = String::new();
        let mut stack: Vec<(usize, Member)> = Vec::new();
        let mut i = start;
        while i < lines.len() {
            let line = lines[i];
            let rest = line.rest();
            if line.blank() || is_heading(line.text) {
                break;
            }
            if let Some(n) = pcs_start(rest) {
                let (element, next) = self.read_element(lines, i, line.indent() + n, false);
                let statement = self.add(element);
                items.push(Some(statement));
                stack = vec![(line.indent(), Member::Node(statement))];
                i = next;
            } else if is_inference(rest) {
                items.push(None);
                stack = vec![(line.indent(), Member::Inference(argument))];
                let inside;
                (i, rules, inside) = self.inference(lines, i);
                // Relation lines written between the inference's two `--` lines: read as they
                // would be after the closing one, where they belong.
                if let Some((mut at, end)) = inside {
                    while at < end {
                        at = match relation_symbol(lines[at].rest()) {
                            Some((sym, len)) => self.relation_line(lines, at, sym, len, &mut stack),
                            None => at + 1,
                        };
                    }
                }
            } else if let Some((sym, len)) = relation_symbol(rest) {
                if stack.is_empty() {
                    stack.push((0, Member::Node(argument)));
                }
                i = self.relation_line(lines, i, sym, len, &mut stack);
            } else {
                self.problems.at(
                    line.no,
                    line.indent() + 1,
                    "a statement in a premise-conclusion structure starts with its number, such as (2); this one is read on its own",
                );
                let (element, next) = self.read_element(lines, i, line.indent(), false);
                self.add(element);
                i = next;
            }
        }
        let ends_well = items.len() >= 3
            && items.last().is_some_and(Option::is_some)
            && items[items.len() - 2].is_none();
        if items.first().is_some_and(Option::is_none) {
            self.problems.at(
                first.no,
                first.indent() + 1,
                "a premise-conclusion structure starts with its first premise, (1), not an inference line",
            );
        }
        if !ends_well {
            self.problems.at(
                first.no,
                first.indent() + 1,
                "a premise-conclusion structure ends with an inference line (----) and its conclusion; without them its statements are read as premises",
            );
        }
        // Each statement, and whether an inference leads to it.
        let mut statements: Vec<(usize, bool)> = Vec::new();
        let mut after_inference = false;
        for item in items {
            match item {
                None => after_inference = true,
                Some(statement) => {
                    statements.push((statement, after_inference && ends_well));
                    after_inference = false;
                }
            }
        }
        let conclusion = if ends_well {
            statements.pop().map(|(last, _)| last)
        } else {
            None
        };
        let (premises, steps) = premises_and_steps(statements);
        self.graph.nodes[argument].more().pcs = Some(Pcs {
            premises,
            steps,
            conclusion,
            rules,
        });
        i
    }

    /// Reads an inference: `----`, `-- rule --`, or `--` / rules and data / `--`. Returns the
    /// line after it, the names of its rules ("Modus Ponens, Universal Instantiation"), when
    /// it gives any, and, when a relation line stands between its two `--` lines (a syntax
    /// error in Argdown), where the lines from the first such line on start and end: they are
    /// no rule names, and the caller reads them as relations on the inference, with a warning.
    fn inference(
        &mut self,
        lines: &[Line],
        start: usize,
    ) -> (usize, String, Option<(usize, usize)>) {
        let rest = lines[start].rest().trim_end();
        let dashes = rest.bytes().all(|b| b == b'-');
        if !dashes || rest.len() >= 4 {
            let rules = if dashes {
                String::new()
            } else {
                rule_names(rest.trim_matches('-'))
            };
            return (start + 1, rules, None);
        }
        let mut inside = String::new();
        let mut relations = None;
        let mut i = start + 1;
        while i < lines.len() && !lines[i].blank() {
            let rest = lines[i].rest().trim_end();
            if rest.len() >= 2 && rest.bytes().all(|b| b == b'-') {
                return (i + 1, rule_names(&inside), relations.map(|from| (from, i)));
            }
            if relations.is_none() && relation_symbol(rest).is_some() {
                relations = Some(i);
                let line = lines[i];
                let fix = match closing_dashes(lines, i) {
                    Some(at) => format!(
                        "as it would be below the closing -- on line {}: move it there, indented",
                        lines[at].no
                    ),
                    None => "as it would be below a closing --: close the inference with -- above it, and indent it below that".to_string(),
                };
                self.problems.at_kept(
                    line.no,
                    line.indent() + 1,
                    format!(
                        "a relation line cannot stand inside an inference, between its two -- lines (Argdown reports a syntax error there); it is read as bearing on the inference, {fix}"
                    ),
                );
            }
            if relations.is_none() {
                inside.push_str(rest);
                inside.push('\n');
            }
            i += 1;
        }
        self.problems.at(
            lines[start].no,
            lines[start].indent() + 1,
            "this inference is opened with -- but never closed with --",
        );
        (i, String::new(), relations.map(|from| (from, i)))
    }

    /// A `*` or `1.` list: each item is a statement or argument of its own, with no relations.
    fn list(&mut self, lines: &[Line], start: usize) -> usize {
        let mut i = start;
        while i < lines.len() && !lines[i].blank() && !is_heading(lines[i].text) {
            let line = lines[i];
            let rest = line.rest();
            let from = if let Some(n) = list_item(rest) {
                line.indent() + n
            } else {
                self.problems.at(
                    line.no,
                    line.indent() + 1,
                    "a list holds only items (* or 1.) and the relations under them, no reconstructions; this line is read as an item",
                );
                let skip = relation_symbol(rest)
                    .map(|(_, len)| len)
                    .or(pcs_start(rest))
                    .unwrap_or(0);
                line.indent() + skip
            };
            let (element, next) = self.read_element(lines, i, from, true);
            let item = self.add(element);
            i = next.max(i + 1);
            // A statement in a list may have relations hanging under it, as anywhere else;
            // they end at the next item. Argdown counts the item's `*` as one space deeper.
            if lines
                .get(i)
                .is_some_and(|l| relation_symbol(l.rest()).is_some())
            {
                self.in_list = true;
                (i, _) = self.relations(lines, i, vec![(line.indent() + 1, Member::Node(item))]);
                self.in_list = false;
            }
        }
        i
    }

    /// Reads one statement or argument from `lines[start][from..]` and the continuation lines
    /// after it; returns it and the index of the next line.
    fn read_element(
        &mut self,
        lines: &[Line],
        start: usize,
        from: usize,
        list_mode: bool,
    ) -> (Element, usize) {
        let list_mode = list_mode || self.in_list;
        let first = lines[start];
        let from = first.text.get(from..).map_or(first.text.len(), |_| from);
        let mut text = Joined::new();
        let mut quote = Joined::new();
        let mut braces = Braces::default();
        let col = first.text[..from].chars().count() + 1;
        text.push(&first.text[from..], first.no, col);
        braces.feed_str(&first.text[from..]);
        let end = element_end(lines, start, braces, list_mode, &mut self.closes_ahead);
        for line in &lines[start + 1..end] {
            let rest = line.rest();
            if braces.depth == 0 && rest.starts_with('>') {
                let body = &rest[1..];
                let col = line.text.len() - body.len();
                quote.push(body, line.no, line.text[..col].chars().count() + 1);
            } else {
                if braces.depth == 0 && !list_mode {
                    self.warn_of_a_block_start_in_text(line);
                }
                text.push(line.text, line.no, 1);
                braces.feed_str(line.text);
            }
            braces.escaped = false;
        }
        let (head, body) = self.head(&mut text);
        let mut element = self.inline(&mut text, head, body, first.no);
        if !quote.text.is_empty() {
            let quoted = self.inline(&mut quote, Head::Untitled, 0, first.no);
            let (words, attribution) = quote_and_attribution(&quoted.text);
            element.quote = words.to_string();
            // `> "…" (Mill 1859)`: the citation after the quotation marks is where the words
            // come from, a source that `{source: …}` data given with it overrides.
            if !attribution.is_empty() {
                element
                    .data
                    .insert(0, ("source".to_string(), attribution.to_string()));
            }
        }
        (element, end)
    }

    /// A line going on with a statement's text that starts like a list item (`* `, `1. `) or
    /// a heading (`# `): the Argdown CLI refuses the file there (a list or heading must be a
    /// block of its own), so a word says that it is read as text and how to make it a list.
    fn warn_of_a_block_start_in_text(&mut self, line: &Line) {
        let rest = line.rest();
        let what = if list_item(rest).is_some() {
            "a list item"
        } else if is_heading(rest) {
            "a heading"
        } else {
            return;
        };
        let col = line.text.len() - rest.len() + 1;
        self.problems.at_kept(
            line.no,
            col,
            format!(
                "{BLOCK_START_IN_TEXT}{what}, which the Argdown CLI refuses in the middle of a statement's text (it is a syntax error there); argscope reads it as more of the text above; to keep it as text, write \\ before its first character (`\\{}`), or leave a blank line before it to make it {what} of its own",
                rest.chars().next().unwrap_or(' ')
            ),
        );
    }

    /// Reads `[Title]:`, `[Title]`, `<Title>:` or `<Title>` at the start; returns the head and
    /// where the text after it starts.
    fn head(&mut self, joined: &mut Joined) -> (Head, usize) {
        let s = &joined.text;
        let start = s.len() - s.trim_start().len();
        let rest = &s[start..];
        let (open, close) = match rest.chars().next() {
            Some('[') => ('[', ']'),
            Some('<') if rest[1..].starts_with(|c: char| !c.is_whitespace()) => ('<', '>'),
            _ => return (Head::Untitled, start),
        };
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let Some(end) = rest[..line_end].find(close) else {
            let (line, col) = joined.place(start);
            self.problems.at(
                line,
                col,
                format!("this {open} is never closed with {close} on its line; it is read as text (write \\{open} for a plain {open})"),
            );
            return (Head::Untitled, start);
        };
        let title = collapse_whitespace(&rest[1..end]);
        if title.is_empty() {
            return (Head::Untitled, start);
        }
        if open == '[' && rest[1..].starts_with('-') {
            // argscope reads it as a title still (its own exports wrote them so).
            let (line, col) = joined.place(start);
            self.problems.at_kept(
                line,
                col,
                format!("the Argdown tools read \"[-\" as text, not as the title [{title}]; write a space after the [ (\"[ {title}]\") so that they read it as a title"),
            );
        }
        let after = &rest[end + 1..];
        let definition = after.starts_with(':');
        let body = start + end + 1 + usize::from(definition);
        let head = if open == '[' {
            Head::Statement { title, definition }
        } else {
            Head::Argument { title, definition }
        };
        (head, body)
    }

    /// Reads inline text from `from`: tags, data, mentions, links, emphasis and escapes.
    fn inline(&mut self, joined: &mut Joined, head: Head, from: usize, line: usize) -> Element {
        let s: &str = &joined.text;
        // Built in one buffer kept for every element; the text is copied out at its size.
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let mut tags = Tags::default();
        let mut data = Vec::new();
        let mut data_at = (line, 1);
        let mut data_open = true;
        // The emphasis markers open at this point: which (`*`, `__`, …) and where in `out`.
        let mut emphasis: Vec<((char, usize), usize)> = Vec::new();
        let (mut close_bracket, mut close_angle, mut close_paren, mut newline) = (
            Next::new(b']'),
            Next::new(b'>'),
            Next::new(b')'),
            Next::new(b'\n'),
        );
        let mut k = from;
        while k < s.len() {
            // Plain text up to the next character that may mean more: copied at once.
            let plain = find_byte(
                &s.as_bytes()[k..],
                [b'\\', b'#', b'{', b'@', b'[', b'<', b'*', b'_'],
            )
            .unwrap_or(s.len() - k);
            if plain > 0 {
                out.push_str(&s[k..k + plain]);
                k += plain;
                continue;
            }
            let rest = &s[k..];
            let Some(c) = rest.chars().next() else { break };
            let prev = s[..k].chars().next_back();
            let word_start = prev.is_none_or(char::is_whitespace);
            let line_end = newline.from(s, k).unwrap_or(s.len());
            match c {
                '\\' => {
                    let next = rest[1..].chars().next();
                    if let Some(next) = next {
                        out.push(next);
                        k += 1 + next.len_utf8();
                    } else {
                        k += 1;
                    }
                    continue;
                }
                '#' if word_start => {
                    let tag_rest = &rest[1..];
                    let tag = if tag_rest.starts_with('(') {
                        close_paren
                            .from(s, k)
                            .filter(|&e| e < line_end)
                            .map(|e| (&s[k + 2..e], e + 1 - k))
                    } else {
                        let n: usize = tag_rest
                            .chars()
                            .take_while(|&c| {
                                c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
                            })
                            .map(char::len_utf8)
                            .sum();
                        (n > 0).then(|| (&tag_rest[..n], n + 1))
                    };
                    if let Some((tag, len)) = tag {
                        let tag = crate::source::collapse_whitespace_cow(tag);
                        if tags.add(&tag) {
                            tags.kind_at = Some(joined.place(k));
                        } else if !tag.eq_ignore_ascii_case("thesis") {
                            self.unread.note_tag(&tag, || joined.place(k));
                        }
                        k += len;
                        continue;
                    }
                }
                '{' if data_open => {
                    match Braces::data_end(rest) {
                        Some(end) => {
                            match yaml(&rest[..end]) {
                                Ok(pairs) => {
                                    if data.is_empty() {
                                        data_at = joined.place(k);
                                    }
                                    data.extend(pairs);
                                }
                                Err((at, message)) => {
                                    let (line, col) = joined.place(k + at);
                                    self.problems.at(line, col, format!("data: {message}"));
                                }
                            }
                            k += end;
                        }
                        None => {
                            let (line, col) = joined.place(k);
                            let in_string = Braces::unclosed_string(rest)
                                .filter(|&at| rest[at..].contains('}'));
                            let message = match in_string {
                                // The `}` is there, inside a string that never ends.
                                Some(at) => {
                                    let (q_line, q_col) = joined.place(k + at);
                                    let quote = rest[at..].chars().next().unwrap_or('"');
                                    let place = if q_line == line {
                                        format!("column {q_col}")
                                    } else {
                                        format!("line {q_line}, column {q_col}")
                                    };
                                    format!(
                                        "this {{ is never closed: the quotation marks in it do not pair up, and the {quote} at {place} opens a string that takes in the }} and runs to the end; close that string, or, for an apostrophe in a value, put the value in double quotation marks (\"Smith's book\"); it is read as text"
                                    )
                                }
                                None => "this { is never closed with }; it is read as text (write \\{ for a plain brace)".to_string(),
                            };
                            self.problems.at(line, col, message);
                            data_open = false;
                            out.push('{');
                            k += 1;
                        }
                    }
                    continue;
                }
                '@' if rest[1..].starts_with(['[', '<']) => {
                    let finder = if rest[1..].starts_with('[') {
                        &mut close_bracket
                    } else {
                        &mut close_angle
                    };
                    if let Some(end) = finder.from(s, k).filter(|&e| e < line_end) {
                        out.push_str(&s[k + 1..=end]);
                        k = end + 1;
                        continue;
                    }
                }
                '[' | '<' => {
                    let finder = if c == '[' {
                        &mut close_bracket
                    } else {
                        &mut close_angle
                    };
                    let spaced = c == '<' && rest[1..].starts_with(char::is_whitespace);
                    if let Some(end) = finder.from(s, k).filter(|&e| e < line_end && !spaced) {
                        let link = c == '['
                            && s[end + 1..].starts_with('(')
                            && close_paren.from(s, end).is_some_and(|p| p < line_end);
                        if link {
                            let paren = close_paren.from(s, end).unwrap_or(end);
                            out.push_str(&s[k + 1..end]);
                            // The words stay in the text; the address is a source.
                            let address = s[end + 2..paren].trim();
                            if !address.is_empty() {
                                data.push((LINK.to_string(), address.to_string()));
                            }
                            k = paren + 1;
                            continue;
                        }
                        let (line, col) = joined.place(k);
                        let what = if c == '[' {
                            "a statement"
                        } else {
                            "an argument"
                        };
                        self.problems.at(
                            line,
                            col,
                            format!("Argdown reads {} inside a text as {what} reference, which is a syntax error there; it is kept as text (write \\{c} for a plain {c})", &s[k..=end]),
                        );
                        out.push_str(&s[k..=end]);
                        k = end + 1;
                        continue;
                    }
                }
                '*' | '_' => {
                    let double = rest[1..].starts_with(c);
                    let len = if double { 2 } else { 1 };
                    let next = rest[len..].chars().next();
                    let opens = word_start && next.is_some_and(|n| !n.is_whitespace());
                    let closes = prev.is_some_and(|p| !p.is_whitespace())
                        && next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation());
                    // As Argdown's lexer: a marker closes only the emphasis opened last, and
                    // only then are both dropped. An `_` in `Sati_(practice)` or a `*` never
                    // closed is the author's text.
                    if closes && emphasis.last().is_some_and(|&(m, _)| m == (c, len)) {
                        let (_, at) = emphasis.pop().unwrap_or_default();
                        out.replace_range(at..at + len, "");
                        k += len;
                        continue;
                    }
                    if opens {
                        emphasis.push(((c, len), out.len()));
                        out.push_str(&rest[..len]);
                        k += len;
                        continue;
                    }
                }
                _ => {}
            }
            out.push(c);
            k += c.len_utf8();
        }
        let mut text = collapse_whitespace(out.trim());
        self.scratch = out;
        let head = match head {
            Head::Statement {
                title,
                definition: false,
            } if !text.is_empty() => {
                let (line, col) = joined.place(0);
                self.problems.at(
                    line,
                    col,
                    format!("text after the reference [{title}] is read as its definition; write [{title}]: text"),
                );
                Head::Statement {
                    title,
                    definition: true,
                }
            }
            Head::Argument {
                title,
                definition: false,
            } if !text.is_empty() => {
                let (line, col) = joined.place(0);
                self.problems.at(
                    line,
                    col,
                    format!("text after the reference <{title}> is read as its description; write <{title}>: text"),
                );
                Head::Argument {
                    title,
                    definition: true,
                }
            }
            head => head,
        };
        if matches!(
            head,
            Head::Statement {
                definition: false,
                ..
            } | Head::Argument {
                definition: false,
                ..
            }
        ) {
            text.clear();
        }
        Element {
            head,
            text,
            quote: String::new(),
            tags,
            data,
            data_at,
            line,
        }
    }

    /// Adds an occurrence to the graph; returns its node.
    fn add(&mut self, element: Element) -> usize {
        if !element.data.is_empty() {
            self.unread.note(&element.data, element.data_at);
        }
        let g = &mut self.graph;
        let i = match element.head {
            Head::Untitled => g.untitled(false, element.line),
            Head::Statement { title, .. } => g.named_owned(false, title, element.line),
            Head::Argument { title, .. } => g.named_owned(true, title, element.line),
        };
        let node = &mut g.nodes[i];
        if !element.text.is_empty() {
            let canonical = element
                .data
                .iter()
                .any(|(k, v)| k == "isCanonical" && v == "true");
            node.push_text(element.text, canonical);
        }
        node.tag(&element.tags);
        node.add_data(element.data);
        if !element.quote.is_empty() {
            node.more().quote = element.quote;
        }
        i
    }
}

/// A line of the file (starting at byte `offset`) with the comments in it blanked out: each of
/// their characters becomes a space, so columns stay where they were.
fn blank_out(line: &str, offset: usize, blanks: &[(usize, usize)]) -> String {
    let mut next = blanks.partition_point(|&(_, end)| end <= offset);
    line.char_indices()
        .map(|(i, c)| {
            let at = offset + i;
            while blanks.get(next).is_some_and(|&(_, end)| end <= at) {
                next += 1;
            }
            let blank = blanks.get(next).is_some_and(|&(start, _)| start <= at);
            if blank { ' ' } else { c }
        })
        .collect()
}

/// A quote line's words and their attribution: `"A university is a place where ideas are
/// tested" (Mill 1859)` gives the words inside the quotation marks and "Mill 1859";
/// `“Families reported less time together,” the survey said.` gives the words (less the comma
/// that ends them before the attribution) and "the survey said". A quote with nothing after
/// its closing mark, or none, is [`unquote`]d, with no attribution.
pub(crate) fn quote_and_attribution(text: &str) -> (&str, &str) {
    let t = text.trim();
    for (open, close) in [('"', '"'), ('“', '”'), ('„', '“'), ('«', '»')] {
        let Some(rest) = t.strip_prefix(open) else {
            continue;
        };
        let Some(end) = rest.find(close) else {
            continue;
        };
        let words = rest[..end].trim();
        let tail = rest[end + close.len_utf8()..].trim();
        if tail.is_empty() {
            return (words, "");
        }
        let tail = tail.trim_start_matches([',', '—', '–', '-', ' ']);
        let tail = tail.strip_suffix('.').unwrap_or(tail).trim();
        let tail = (tail.strip_prefix('(').and_then(|t| t.strip_suffix(')')))
            .or_else(|| tail.strip_prefix('[').and_then(|t| t.strip_suffix(']')))
            .unwrap_or(tail)
            .trim();
        return (words.trim_end_matches(',').trim_end(), tail);
    }
    (unquote(t), "")
}

/// Strips one pair of surrounding quotation marks.
fn unquote(text: &str) -> &str {
    let t = text.trim();
    for (open, close) in [('"', '"'), ('“', '”'), ('„', '“'), ('\'', '\'')] {
        if let Some(inner) = t
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return inner.trim();
        }
    }
    t
}

// ---------------------------------------------------------------------------------------------
// YAML, the subset Argdown files use: flow style `{key: value, list: [a, b]}` in data, block
// style (`key: value` lines, nested by indentation) in front matter and in `{` + newline data.
// Results are flattened to dotted keys (`model.mode`), kept `MAX_DATA_DEPTH` levels deep.

/// Parses `{…}` data; errors carry a byte offset into `text`.
fn yaml(text: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    let inner = &text[1..text.len().saturating_sub(1).max(1)];
    let first_line = inner.split('\n').next().unwrap_or("");
    if inner.contains('\n') && first_line.trim().is_empty() {
        let lines: Vec<(usize, &str)> = inner.split('\n').enumerate().collect();
        let mut errors = Vec::new();
        // A value read whole in data is kept without a word: data has no place for one.
        let pairs = yaml_block(&lines, &mut errors, &mut Vec::new());
        if let Some((line, message)) = errors.into_iter().next() {
            let offset = 1 + lines[..line.min(lines.len())]
                .iter()
                .map(|(_, l)| l.len() + 1)
                .sum::<usize>();
            return Err((offset, message));
        }
        return Ok(pairs);
    }
    yaml_flow(text, "")
}

/// Block-style YAML from (line number, text) pairs. Errors are (line number, message);
/// `kept_whole` says the same of values YAML refuses but argscope reads whole.
fn yaml_block(
    lines: &[(usize, &str)],
    errors: &mut Vec<(usize, String)>,
    kept_whole: &mut Vec<(usize, String)>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // (indent, key, next list index)
    let mut stack: Vec<(usize, String, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (no, raw) = lines[i];
        i += 1;
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        while stack.last().is_some_and(|s| s.0 >= indent) {
            stack.pop();
        }
        let (key, value) = if let Some(item) =
            content
                .strip_prefix("- ")
                .or(if content == "-" { Some("") } else { None })
        {
            let index = stack.last_mut().map_or(0, |s| {
                s.2 += 1;
                s.2 - 1
            });
            (index.to_string(), item.trim())
        } else if let Some((key, value)) = split_key(content) {
            (unquote(key).to_string(), value.trim())
        } else {
            errors.push((
                no,
                format!("expected \"key: value\", found {:?}", content.trim()),
            ));
            continue;
        };
        if value.is_empty() {
            stack.push((indent, key, 0));
            continue;
        }
        if stack.len() >= MAX_DATA_DEPTH {
            continue;
        }
        let prefix: Vec<&str> = stack.iter().map(|s| s.1.as_str()).collect();
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{}.{key}", prefix.join("."))
        };
        if value.starts_with('|') || value.starts_with('>') {
            let mut text: Vec<&str> = Vec::new();
            while i < lines.len() {
                let (_, next) = lines[i];
                let next_indent = next.len() - next.trim_start().len();
                if !next.trim().is_empty() && next_indent <= indent {
                    break;
                }
                text.push(next.trim());
                i += 1;
            }
            let sep = if value.starts_with('|') { "\n" } else { " " };
            out.push((path, text.join(sep).trim().to_string()));
        } else if value.starts_with(['{', '[']) {
            match yaml_flow(value, &path) {
                Ok(pairs) => out.extend(pairs),
                Err((_, message)) => errors.push((no, message)),
            }
        } else if value.starts_with(['"', '\'']) {
            match scalar(value) {
                Ok((value, _)) => out.push((path, value)),
                Err(message) => errors.push((no, message)),
            }
        } else {
            let (value, colon) = plain_block_scalar(value);
            if colon {
                kept_whole.push((
                    no,
                    format!("{value:?} holds \": \", which YAML (and so Argdown) refuses in a value without quotes; argscope reads it whole; write it in quotes"),
                ));
            }
            out.push((path, value));
        }
    }
    out
}

/// A plain value in block style: the rest of its line, commas and brackets included, but
/// for a ` #` comment; and whether it holds ": ", which YAML refuses there.
fn plain_block_scalar(value: &str) -> (String, bool) {
    let value = match value.find(" #") {
        Some(comment) => &value[..comment],
        None => value,
    };
    let colon = value
        .match_indices(':')
        .any(|(i, _)| value[i + 1..].starts_with([' ', '\t']));
    (collapse_whitespace(value), colon)
}

/// `key: value` (the colon followed by a space or the end), outside quotes.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let mut quote = None;
    for (i, c) in content.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if i == 0 => quote = Some(c),
            (None, ':') => {
                let after = &content[i + 1..];
                if after.is_empty() || after.starts_with([' ', '\t']) {
                    return Some((&content[..i], after));
                }
            }
            _ => {}
        }
    }
    None
}

/// YAML folds a line break in a quoted string, with the spaces around it, into one space.
fn fold_line_break(out: &mut String, chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    out.truncate(out.trim_end_matches([' ', '\t', '\r']).len());
    while chars.next_if(|&(_, c)| c == ' ' || c == '\t').is_some() {}
    out.push(' ');
}

/// The character of a YAML `\uXXXX` escape, its four hex digits taken from `chars`; None
/// (nothing taken) when they are not four hex digits.
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::CharIndices>) -> Option<char> {
    let mut ahead = chars.clone();
    let digits: String = (0..4)
        .filter_map(|_| ahead.next().map(|(_, c)| c))
        .collect();
    let code = u32::from_str_radix(&digits, 16)
        .ok()
        .filter(|_| digits.len() == 4)?;
    let c = char::from_u32(code)?;
    *chars = ahead;
    Some(c)
}

/// A scalar at the start of `text`: quoted or plain (a plain one runs to `,` `]` `}` or `: `).
/// Returns the value and the bytes it took.
fn scalar(text: &str) -> Result<(String, usize), String> {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut out = String::new();
            let mut escaped = false;
            let mut chars = chars.peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\n' && !escaped {
                    fold_line_break(&mut out, &mut chars);
                } else if escaped {
                    out.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        'u' => unicode_escape(&mut chars).unwrap_or('u'),
                        c => c,
                    });
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    return Ok((out, i + 1));
                } else {
                    out.push(c);
                }
            }
            Err("a string is never closed with \"".to_string())
        }
        Some((_, '\'')) => {
            let mut out = String::new();
            let mut chars = chars.peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\n' {
                    fold_line_break(&mut out, &mut chars);
                } else if c == '\'' {
                    if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                        out.push('\'');
                    } else {
                        return Ok((out, i + 1));
                    }
                } else {
                    out.push(c);
                }
            }
            Err("a string is never closed with '".to_string())
        }
        _ => {
            let mut end = text.len();
            for (i, c) in text.char_indices() {
                let colon =
                    c == ':' && text[i + 1..].chars().next().is_none_or(char::is_whitespace);
                if matches!(c, ',' | ']' | '}' | '{' | '[') || colon {
                    end = i;
                    break;
                }
            }
            Ok((collapse_whitespace(&text[..end]), end))
        }
    }
}

/// Flow-style YAML: `{a: 1, b: [x, y], c: {d: e}}`, with an explicit stack. Keys are prefixed
/// with `prefix` (for a flow value inside block style).
fn yaml_flow(text: &str, prefix: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    struct Frame {
        is_map: bool,
        key: String,
        pending: Option<String>,
        index: usize,
    }
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let base_depth = usize::from(!prefix.is_empty());
    let path = |stack: &[Frame], key: &str| {
        let mut parts: Vec<&str> = Vec::new();
        if !prefix.is_empty() {
            parts.push(prefix);
        }
        parts.extend(stack.iter().skip(1).map(|f| f.key.as_str()));
        parts.push(key);
        parts.join(".")
    };
    let mut k = 0;
    loop {
        k += text[k..].len() - text[k..].trim_start().len();
        let Some(c) = text[k..].chars().next() else {
            return Err((k, "the data is never closed".to_string()));
        };
        if stack.is_empty() && !matches!(c, '{' | '[') {
            return Err((k, "data starts with { or [".to_string()));
        }
        match c {
            '{' | '[' => {
                let key = match stack.last_mut() {
                    None => String::new(),
                    Some(top) if top.is_map => match top.pending.take() {
                        Some(key) => key,
                        None => {
                            return Err((
                                k,
                                "a key is expected here, before the value".to_string(),
                            ));
                        }
                    },
                    Some(top) => {
                        top.index += 1;
                        (top.index - 1).to_string()
                    }
                };
                stack.push(Frame {
                    is_map: c == '{',
                    key,
                    pending: None,
                    index: 0,
                });
                k += 1;
            }
            '}' | ']' => {
                let top = stack.pop().unwrap_or(Frame {
                    is_map: false,
                    key: String::new(),
                    pending: None,
                    index: 0,
                });
                if top.is_map != (c == '}') {
                    return Err((k, format!("this {c} closes the wrong bracket")));
                }
                if let Some(key) = top.pending
                    && stack.len() + base_depth < MAX_DATA_DEPTH
                {
                    out.push((path(&stack, &key), String::new()));
                }
                k += 1;
                if stack.is_empty() {
                    if !text[k..].trim().is_empty() {
                        return Err((k, "more text after the data".to_string()));
                    }
                    return Ok(out);
                }
            }
            ',' => k += 1,
            _ => {
                let (value, len) = scalar(&text[k..]).map_err(|m| (k, m))?;
                k += len.max(usize::from(len == 0 && c != ':'));
                if len == 0 {
                    // A lone ':' (no key before it).
                    return Err((k, "a key is expected before :".to_string()));
                }
                let depth = stack.len() + base_depth;
                let Some(top) = stack.last_mut() else {
                    return Err((k, "data starts with { or [".to_string()));
                };
                if top.is_map && top.pending.is_none() {
                    let after = text[k..].trim_start();
                    if let Some(colon) = after.strip_prefix(':') {
                        k = text.len() - colon.len();
                        top.pending = Some(value);
                    } else if depth <= MAX_DATA_DEPTH {
                        // `{flag}`: a key without a value.
                        out.push((path(&stack, &value), String::new()));
                    }
                } else if top.is_map {
                    let key = top.pending.take().unwrap_or_default();
                    if depth <= MAX_DATA_DEPTH {
                        out.push((path(&stack, &key), value));
                    }
                } else {
                    top.index += 1;
                    let key = (top.index - 1).to_string();
                    if depth <= MAX_DATA_DEPTH {
                        out.push((path(&stack, &key), value));
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `argdown json`.

/// Parses the JSON that `argdown json` writes (sec. 7 of the spec): statements, arguments with
/// their PCS, and the top-level relations. It has no front matter and no source order beyond
/// line numbers, which order the nodes here. A file that is not JSON, or holds no statements or
/// arguments, gets an error, which refuses it, and a placeholder map.
pub fn parse_json(text: &str, file: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut problems = Problems::new(file);
    let mut graph = Graph::default();
    let mut meta = Meta::default();
    let refusal = match serde_json::from_str::<serde_json::Value>(text) {
        Err(error) => Some(json_refusal(text, file, &error)),
        Ok(value) => match value.as_object() {
            Some(top)
                if ["statements", "arguments"]
                    .iter()
                    .any(|key| top.get(*key).is_some_and(serde_json::Value::is_object)) =>
            {
                read_json(text, top, &mut graph, &mut meta, &mut problems);
                None
            }
            _ => Some(Problem::error(
                Place::at(file, 1, 1),
                format!(
                    "this is not Argdown JSON: it holds no object with \"statements\" and \"arguments\"; {}",
                    read_it_as_what_it_is(text, super::detect::Format::ArgdownJson)
                ),
            )),
        },
    };
    let (map, _) = build(graph, meta, None, &mut problems);
    Imported {
        map,
        problems: refusal.map_or_else(|| problems.finish(), |refusal| vec![refusal]),
        stable_ids: true,
    }
}

/// The error that refuses a file given as Argdown JSON that is not JSON.
fn json_refusal(text: &str, file: &str, error: &serde_json::Error) -> Problem {
    let place = Place::at(file, error.line().max(1), error.column().max(1));
    // serde_json's message ends with the place, which the problem gives already.
    let full = error.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(what, _)| what);
    let mend = || read_it_as_what_it_is(text, super::detect::Format::ArgdownJson);
    let message = if !looks_like_json(text) {
        format!(
            "the file is not JSON, so it holds no Argdown JSON (the JSON `argdown json` writes); {}",
            mend()
        )
    } else if what.starts_with("recursion limit exceeded") {
        // serde_json stops at 128 levels rather than overflow the stack.
        format!(
            "the JSON nests more than 128 levels deep, deeper than Argdown JSON ever does, so this does not look like an `argdown json` export; {}",
            mend()
        )
    } else {
        format!(
            "this is not valid JSON, so no Argdown JSON could be read: {what}; correct the JSON at this place"
        )
    };
    Problem::error(place, message)
}

fn read_json(
    text: &str,
    top: &serde_json::Map<String, serde_json::Value>,
    graph: &mut Graph,
    meta: &mut Meta,
    problems: &mut Problems,
) {
    use serde_json::Value;
    let empty = serde_json::Map::new();
    let object = |key: &str| top.get(key).and_then(Value::as_object).unwrap_or(&empty);
    let str_of =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let first_line = |v: &Value| {
        v.get("members")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m.get("startLine").and_then(Value::as_u64))
            .min()
            .unwrap_or(u64::MAX)
    };
    // Nodes in file order, as far as line numbers tell it.
    let mut entries: Vec<(u64, bool, &String, &Value)> = object("statements")
        .iter()
        .map(|(title, v)| (first_line(v), false, title, v))
        .chain(
            object("arguments")
                .iter()
                .map(|(title, v)| (first_line(v), true, title, v)),
        )
        .collect();
    entries.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    // Data keys the map has no place for, each first used at (its entry's index, 0).
    let mut unread = unread::Unread::default();
    // Entries whose "members", which hold their texts, are no list: (entry's index, what it is).
    let mut odd_members: Vec<(usize, &str)> = Vec::new();
    // Entries with members that are no objects, which hold no text: (entry's index, the first
    // such member's index in the list and what it is, how many there are, whether a member
    // that is an object is left beside them).
    let mut odd_items: Vec<(usize, usize, &str, usize, bool)> = Vec::new();
    for (n, &(line, is_arg, title, v)) in entries.iter().enumerate() {
        let line = usize::try_from(line).unwrap_or(0);
        let i = graph.named(is_arg, title, line);
        graph.nodes[i].titled = !title.starts_with("Untitled ");
        if let Some(members) = v.get("members").filter(|m| !m.is_array()) {
            odd_members.push((n, json_kind(members)));
        }
        if let Some(members) = v.get("members").and_then(Value::as_array) {
            let odd = || members.iter().enumerate().filter(|(_, m)| !m.is_object());
            if let Some((first, member)) = odd().next() {
                let count = odd().count();
                odd_items.push((n, first, json_kind(member), count, count < members.len()));
            }
        }
        let tag_names: Vec<&str> = (v.get("tags").and_then(Value::as_array).into_iter())
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for member in v
            .get("members")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let reference = member.get("isReference").and_then(Value::as_bool) == Some(true);
            let read = json_text::read(member, &tag_names);
            if !reference && !read.words.is_empty() {
                let canonical =
                    member.pointer("/data/isCanonical").and_then(Value::as_bool) == Some(true);
                graph.nodes[i].push_text(read.words, canonical);
            }
            let mut data: Vec<(String, String)> = Vec::new();
            if let Some((words, citation)) = read.quote {
                graph.nodes[i].more().quote = words;
                if !citation.is_empty() {
                    data.push(("source".to_string(), citation));
                }
            }
            data.extend(read.links.into_iter().map(|url| (LINK.to_string(), url)));
            graph.nodes[i].add_data(data);
        }
        let mut tags = Tags::default();
        for tag in v
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !tags.add(tag) && !tag.eq_ignore_ascii_case("thesis") {
                unread.note_tag(tag, || (n, 0));
            }
        }
        graph.nodes[i].tag(&tags);
        if let Some(data) = v.get("data").and_then(Value::as_object) {
            let mut pairs = Vec::new();
            for (key, value) in data {
                let value = match value {
                    Value::String(s) => s.clone(),
                    Value::Bool(_) | Value::Number(_) => value.to_string(),
                    _ => continue,
                };
                pairs.push((key.clone(), value));
            }
            graph.nodes[i].add_data(pairs);
            // Argdown gathers every member's data here; each member that gave a key is a use.
            let mut given: FastMap<&str, usize> = FastMap::default();
            let members = v.get("members").and_then(Value::as_array);
            for member in members.into_iter().flatten() {
                for key in member
                    .get("data")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    *given.entry(key.0.as_str()).or_default() += 1;
                }
            }
            for (top_key, value) in data {
                let times = given.get(top_key.as_str()).copied().unwrap_or(1);
                let mut last: Option<&str> = None;
                let keys = json_data_keys(top_key, value);
                for key in &keys {
                    // A list is one key, as the text reader says it.
                    let key = unread::list_key(key);
                    if last != Some(key) {
                        unread.note_key(key, times, (n, 0));
                    }
                    last = Some(key);
                }
            }
        }
    }
    if !odd_members.is_empty() {
        let wanted: Vec<(bool, &str)> = (odd_members.iter())
            .map(|&(n, _)| (entries[n].1, entries[n].2.as_str()))
            .collect();
        let starts = field_starts(text, &wanted, "members");
        let lines = LineIndex::new(text);
        for ((n, kind), start) in odd_members.into_iter().zip(starts) {
            let (is_arg, title) = (entries[n].1, entries[n].2);
            let what = if is_arg { "argument" } else { "statement" };
            let message = format!(
                "the \"members\" of the {what} {title:?} is {kind}, not the list of its texts `argdown json` writes ([{{\"text\": \"…\"}}]), so the {what} has no text here but its title"
            );
            match start {
                Some(offset) => {
                    let (line, col) = lines.line_col(offset);
                    problems.at(line, col, message);
                }
                None => problems.whole(message),
            }
        }
    }
    if !odd_items.is_empty() {
        let wanted: Vec<(bool, &str, usize)> = (odd_items.iter())
            .map(|&(n, first, ..)| (entries[n].1, entries[n].2.as_str(), first))
            .collect();
        let starts = member_starts(text, &wanted);
        let lines = LineIndex::new(text);
        for ((n, _, kind, count, others), start) in odd_items.into_iter().zip(starts) {
            let (is_arg, title) = (entries[n].1, entries[n].2);
            let what = if is_arg { "argument" } else { "statement" };
            let mut message = if count == 1 {
                format!(
                    "a member of the {what} {title:?} is {kind}, not an object with its text as `argdown json` writes it ({{\"text\": \"…\"}}), so it is left out"
                )
            } else {
                format!(
                    "{count} members of the {what} {title:?} are not objects with their text as `argdown json` writes them ({{\"text\": \"…\"}}) (the first is {kind}), so they are left out"
                )
            };
            if !others {
                message.push_str(&format!(" and the {what} has no text here but its title"));
            }
            match start {
                Some(offset) => {
                    let (line, col) = lines.line_col(offset);
                    problems.at(line, col, message);
                }
                None => problems.whole(message),
            }
        }
    }
    if let Some(((n, _), message)) = unread.tags_warning() {
        let (is_arg, title) = (entries[n].1, entries[n].2.as_str());
        match field_starts(text, &[(is_arg, title)], "tags")[0] {
            Some(offset) => {
                let (line, col) = LineIndex::new(text).line_col(offset);
                problems.at(line, col, message);
            }
            None => problems.whole(message),
        }
    }
    let left_out = unread.warnings_by_key();
    if !left_out.is_empty() {
        let wanted: Vec<(bool, &str, &str)> = (left_out.iter())
            .map(|(key, (n, _), _)| (entries[*n].1, entries[*n].2.as_str(), key.as_str()))
            .collect();
        let starts = data_key_starts(text, &wanted);
        let lines = LineIndex::new(text);
        for ((_, _, message), start) in left_out.into_iter().zip(starts) {
            match start {
                Some(offset) => {
                    let (line, col) = lines.line_col(offset);
                    problems.at(line, col, message);
                }
                None => problems.whole(message),
            }
        }
    }
    for &(_, is_arg, title, v) in &entries {
        if !is_arg {
            continue;
        }
        let Some(pcs) = v
            .get("pcs")
            .and_then(Value::as_array)
            .filter(|p| !p.is_empty())
        else {
            continue;
        };
        let Some(arg) = graph.find(true, title) else {
            continue;
        };
        let mut statements = Vec::new();
        let mut conclusion = None;
        let mut rules = String::new();
        for statement in pcs {
            let title = str_of(statement, "title");
            let line = statement
                .get("startLine")
                .and_then(Value::as_u64)
                .map_or(0, |l| usize::try_from(l).unwrap_or(0));
            let ec = graph.named(false, &title, line);
            if str_of(statement, "role") == "main-conclusion" {
                conclusion = Some(ec);
                // The inference to it names the argument's scheme.
                let names = (statement.pointer("/inference/inferenceRules"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str);
                rules = names.collect::<Vec<_>>().join(", ");
            } else {
                let intermediary = str_of(statement, "role") == "intermediary-conclusion";
                statements.push((ec, intermediary));
            }
        }
        let (premises, steps) = premises_and_steps(statements);
        graph.nodes[arg].more().pcs = Some(Pcs {
            premises,
            steps,
            conclusion,
            rules,
        });
    }
    // (which relation, why it is skipped): placed once all are read, as only a fault pays
    // for finding places in the file.
    let mut skipped: Vec<(usize, String)> = Vec::new();
    for (n, relation) in top
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let end = |key: &str, type_key: &str| {
            if relation.get(key).and_then(Value::as_str).is_none() {
                return Err(format!(
                    "this relation has no {key:?} naming a statement or argument (a title, as a string); it is skipped"
                ));
            }
            let title = str_of(relation, key);
            let is_arg = matches!(
                str_of(relation, type_key).as_str(),
                "argument" | "inference"
            );
            let what = if is_arg { "argument" } else { "statement" };
            graph.find(is_arg, &title).ok_or_else(|| {
                format!("this relation's {key:?} names the {what} {title:?}, which the file does not define; it is skipped (correct the title or add the {what})")
            })
        };
        let relation_type = str_of(relation, "relationType");
        let rel = match relation_type.as_str() {
            _ if relation.get("relationType").and_then(Value::as_str).is_none() => Err(
                "this relation has no \"relationType\" (support, attack, undercut, contrary, contradictory or entails); it is skipped".to_string(),
            ),
            "support" | "entails" => Ok(Rel::Support),
            "attack" => Ok(Rel::Attack),
            "contrary" | "contradictory" => Ok(Rel::Contradictory),
            "undercut" => Ok(Rel::Undercut),
            _ => Err(format!(
                "this relation's type {relation_type:?} is none Argdown writes (support, attack, undercut, contrary, contradictory, entails); it is skipped"
            )),
        };
        match (rel, end("from", "fromType"), end("to", "toType")) {
            (Ok(rel), Ok(from), Ok(to)) => graph.edge(from, to, rel, None, false),
            (Err(why), _, _) | (_, Err(why), _) | (_, _, Err(why)) => skipped.push((n, why)),
        }
    }
    if !skipped.is_empty() {
        let starts = relation_starts(text);
        let lines = LineIndex::new(text);
        for (n, why) in skipped {
            match starts.get(n) {
                Some(&offset) => {
                    let (line, col) = lines.line_col(offset);
                    problems.at(line, col, why);
                }
                None => problems.whole(why),
            }
        }
    }
    if let Some(first) = top
        .get("sections")
        .and_then(Value::as_array)
        .and_then(|s| s.first())
    {
        meta.title = sanitize(&strip_markup(&str_of(first, "title")), false);
    }
}

/// The object an Argdown JSON file holds, as a tree with places, for the places of what the
/// reader found odd (only then: the reader itself does without places).
fn top_object(text: &str) -> Option<jsonc_parser::ast::Object<'_>> {
    let (collect, parse) = (
        jsonc_parser::CollectOptions::default(),
        jsonc_parser::ParseOptions::default(),
    );
    match jsonc_parser::parse_to_ast(text, &collect, &parse)
        .ok()?
        .value?
    {
        jsonc_parser::ast::Value::Object(top) => Some(top),
        _ => None,
    }
}

/// Where each element of the top-level `relations` list of an Argdown JSON file begins.
fn relation_starts(text: &str) -> Vec<usize> {
    use jsonc_parser::ast::Value;
    use jsonc_parser::common::Ranged;
    let Some(top) = top_object(text) else {
        return Vec::new();
    };
    match top.get("relations").map(|p| &p.value) {
        Some(Value::Array(relations)) => relations.elements.iter().map(|e| e.start()).collect(),
        _ => Vec::new(),
    }
}

/// Where, in an Argdown JSON file, `field` (`members`, `tags`) of each node of `wanted` (whether
/// an argument, its title) is written: the byte offset of the property, `None` where it is not.
fn field_starts(text: &str, wanted: &[(bool, &str)], field: &str) -> Vec<Option<usize>> {
    use jsonc_parser::ast::Value;
    use jsonc_parser::common::Ranged;
    let Some(top) = top_object(text) else {
        return vec![None; wanted.len()];
    };
    (wanted.iter())
        .map(|&(is_arg, title)| {
            let group = if is_arg { "arguments" } else { "statements" };
            let Some(Value::Object(nodes)) = top.get(group).map(|p| &p.value) else {
                return None;
            };
            let Some(Value::Object(node)) = nodes.get(title).map(|p| &p.value) else {
                return None;
            };
            node.get(field).map(|p| p.start())
        })
        .collect()
}

/// Where, in an Argdown JSON file, one member of a node's `members` list is written (whether
/// the node is an argument, its title, the member's index in the list): the byte offset of
/// the member, `None` where the file does not have it so.
fn member_starts(text: &str, wanted: &[(bool, &str, usize)]) -> Vec<Option<usize>> {
    use jsonc_parser::ast::Value;
    use jsonc_parser::common::Ranged;
    let Some(top) = top_object(text) else {
        return vec![None; wanted.len()];
    };
    (wanted.iter())
        .map(|&(is_arg, title, index)| {
            let group = if is_arg { "arguments" } else { "statements" };
            let Some(Value::Object(nodes)) = top.get(group).map(|p| &p.value) else {
                return None;
            };
            let Some(Value::Object(node)) = nodes.get(title).map(|p| &p.value) else {
                return None;
            };
            let Some(Value::Array(members)) = node.get("members").map(|p| &p.value) else {
                return None;
            };
            members.elements.get(index).map(|m| m.start())
        })
        .collect()
}

/// What a JSON value is, for a message: "a string", "an object".
fn json_kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The keys of one value of a node's data in Argdown JSON, flattened as the text reader
/// flattens `{data}`: `meta.year` for a key in an object, `refs.0` for an item of a list.
fn json_data_keys(key: &str, value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    let mut keys = Vec::new();
    let mut stack = vec![(key.to_string(), value, 1)];
    while let Some((key, value, depth)) = stack.pop() {
        let inner: Vec<(String, &Value)> = match value {
            Value::Object(object) => (object.iter())
                .map(|(k, v)| (format!("{key}.{k}"), v))
                .collect(),
            Value::Array(items) => (items.iter().enumerate())
                .map(|(i, v)| (format!("{key}.{i}"), v))
                .collect(),
            _ => Vec::new(),
        };
        if inner.is_empty() || depth >= MAX_DATA_DEPTH {
            keys.push(key);
        } else {
            // Reversed onto the stack, so that keys come out in the order written.
            stack.extend(inner.into_iter().rev().map(|(k, v)| (k, v, depth + 1)));
        }
    }
    keys
}

/// Where, in an Argdown JSON file, each of the data keys `wanted` (whether of an argument, the
/// node's title, the key flattened) is written in its node's `data`: the byte offset of the
/// property, `None` where the file does not have it so.
fn data_key_starts(text: &str, wanted: &[(bool, &str, &str)]) -> Vec<Option<usize>> {
    use jsonc_parser::ast::{Object, Value};
    use jsonc_parser::common::Ranged;
    let Some(top) = top_object(text) else {
        return vec![None; wanted.len()];
    };
    let nodes = |key: &str| -> FastMap<&str, &Object> {
        let Some(Value::Object(nodes)) = top.get(key).map(|p| &p.value) else {
            return FastMap::default();
        };
        (nodes.properties.iter())
            .filter_map(|p| match &p.value {
                Value::Object(node) => Some((p.name.as_str(), node)),
                _ => None,
            })
            .collect()
    };
    let (statements, arguments) = (nodes("statements"), nodes("arguments"));
    (wanted.iter())
        .map(|&(is_arg, title, key)| {
            let node = if is_arg { &arguments } else { &statements }.get(title)?;
            let Some(Value::Object(data)) = node.get("data").map(|p| &p.value) else {
                return None;
            };
            let written = (data.properties.iter()).find(|p| {
                let name = p.name.as_str();
                key == name
                    || key
                        .strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with('.'))
            })?;
            Some(written.start())
        })
        .collect()
}

/// Text as `argdown json` keeps it, without tags and emphasis markers.
fn strip_markup(text: &str) -> String {
    let mut parser = Parser::new("");
    let mut joined = Joined::new();
    joined.push(text, 1, 1);
    // Warnings about the text were Argdown's to give; the JSON is already parsed.
    parser.inline(&mut joined, Head::Untitled, 0, 1).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_found_in_halves_are_the_lines_found_whole() {
        let texts = [
            "[A]: a\n  + [B]: b\n\n[C]: c\n",
            "x\r\ny\r\n\r\nz",
            "\n\n\n",
            "// only a comment\n[A]: a /* and */ more\n/* gone */\n\n[B]: b",
        ];
        for text in texts {
            // The lines the comments touched, as [`read_lines`] blanks them.
            let mut problems = Problems::new("t");
            let found = comments::find(text, &mut problems);
            let mut replaced = Vec::new();
            let mut offset = 0;
            for (i, line) in text.split('\n').enumerate() {
                if found.touched.contains(&i) {
                    replaced.push((i, blank_out(line, offset, &found.blanks)));
                }
                offset += line.len() + 1;
            }
            let whole: Vec<(usize, &str)> = (lines_from(text, 0, &replaced).iter())
                .map(|line| (line.no, line.text))
                .collect();
            for (cut, _) in text.match_indices('\n') {
                let (lines, middle) = lines_in_halves(text, cut, &replaced);
                let halves: Vec<(usize, &str)> =
                    lines.iter().map(|line| (line.no, line.text)).collect();
                assert_eq!(halves, whole, "{text:?} cut at {cut}");
                let second_no = text[..cut].matches('\n').count() + 2;
                assert_eq!(
                    middle,
                    lines.partition_point(|line| line.no < second_no),
                    "{text:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn permute_puts_each_item_where_it_is_asked_for() {
        let mut rng = fastrand::Rng::with_seed(7);
        for len in [0, 1, 2, 3, 10, 257] {
            for _ in 0..20 {
                let mut from: Vec<u32> = (0..len).collect();
                rng.shuffle(&mut from);
                let mut items: Vec<String> = (0..len).map(|i| i.to_string()).collect();
                permute(&mut items, &from);
                let wanted: Vec<String> = from.iter().map(u32::to_string).collect();
                assert_eq!(items, wanted);
            }
        }
    }

    #[test]
    fn many_statements_made_on_two_threads_each_land_in_their_node() {
        // Defined last to first, so the graph's order is the reverse of the map's.
        let count = STATEMENTS_IN_PARALLEL_FROM + 5;
        let mut text = String::new();
        for i in (0..count).rev() {
            text.push_str(&format!("[S{i}]: Said {i}.\n\n"));
        }
        text.push_str("[T]: The thesis. #thesis\n");
        for i in 0..count {
            text.push_str(&format!("  + [S{i}]\n"));
        }
        let map = parse(&text, "many.argdown").map;
        let statement = |id: NodeId| match &map.node(id).body {
            Body::Statement(s) => (s.id.clone(), s.label.clone(), s.text.clone()),
            Body::Ref(_) => panic!("a reference"),
        };
        assert_eq!(statement(map.root).1, "T");
        let children = &map.node(map.root).children;
        assert_eq!(children.len(), count);
        for (i, &child) in children.iter().enumerate() {
            let wanted = (format!("s{i}"), format!("S{i}"), format!("Said {i}."));
            assert_eq!(statement(child), wanted);
        }
    }

    #[test]
    fn relation_symbols_are_read_longest_first() {
        assert_eq!(relation_symbol("+> [A]"), Some((Sym::SupportOut, 2)));
        assert_eq!(relation_symbol("<- [A]"), Some((Sym::Attack, 2)));
        assert_eq!(relation_symbol("-[A]"), Some((Sym::Attack, 1)));
        assert_eq!(relation_symbol("_ [A]"), Some((Sym::Undercut, 1)));
        assert_eq!(relation_symbol("_x"), None);
        assert_eq!(relation_symbol("----"), None);
        assert_eq!(relation_symbol("><[A]"), Some((Sym::Contradictory, 2)));
    }

    #[test]
    fn flow_data_flattens_to_dotted_keys() {
        let pairs = yaml(
            r#"{source: "Sather 1999", quote: 'it''s', n: 0.8, m: {mode: strict}, l: [a, b]}"#,
        )
        .unwrap();
        let get = |k: &str| pairs.iter().find(|p| p.0 == k).map(|p| p.1.as_str());
        assert_eq!(get("source"), Some("Sather 1999"));
        assert_eq!(get("quote"), Some("it's"));
        assert_eq!(get("n"), Some("0.8"));
        assert_eq!(get("m.mode"), Some("strict"));
        assert_eq!(get("l.1"), Some("b"));
        assert!(yaml("{a: \"open}").is_err());
        assert!(yaml("{a: [b}").is_err());
    }

    #[test]
    fn deeply_nested_data_does_not_recurse() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        assert!(yaml_flow(&deep, "").is_ok());
    }

    #[test]
    fn block_data_reads_nested_keys_and_lists() {
        let lines = [
            "title: A map",
            "model:",
            "  mode: strict",
            "author:",
            "  - Ann",
            "  - Bo",
        ];
        let lines: Vec<(usize, &str)> = lines.iter().copied().enumerate().collect();
        let mut errors = Vec::new();
        let pairs = yaml_block(&lines, &mut errors, &mut Vec::new());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(pairs.contains(&("model.mode".into(), "strict".into())));
        assert!(pairs.contains(&("author.1".into(), "Bo".into())));
    }
}
