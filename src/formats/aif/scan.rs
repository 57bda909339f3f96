//! The quick way in: a strict JSON reader made for AIF, in one pass over the bytes, keeping only
//! the fields the tree needs and borrowing every text that has no escapes. It holds no general
//! JSON tree, so a file costs a few small records a node instead of a tree ten times its size.
//!
//! It reads plain RFC 8259 JSON only. Anything else (comments, trailing commas, single quotes, a
//! lone surrogate, deep nesting, a syntax error, a top that is not an object) makes it give up
//! with `None`, and the caller reads the file the slow, lenient way, which also words the error:
//! so what this reader accepts it reads exactly as that one would, and it never words a problem.
//!
//! Fields follow JSON-with-duplicates as the lenient reader does: the first property of a name
//! counts, later ones are passed over.

use std::borrow::Cow;

use super::{Document, EdgeFields, Element, List, NodeFields};

/// Why the reader gave up; the caller then reads the file the lenient way.
pub(super) struct GiveUp;

type Step<T> = Result<T, GiveUp>;

/// Containers nested deeper than this are left to the lenient reader (which has its own limit,
/// and its own message past it); AIF nests four or five deep.
const MAX_DEPTH: usize = 64;

/// A property value, as far as AIF cares.
enum Val<'a> {
    Str(Cow<'a, str>),
    /// A number, as written.
    Num(&'a str),
    /// An object: the scalar under its `nodeID` (or `id`), for OVA2's edges.
    Obj(Option<Cow<'a, str>>),
    Other,
}

impl<'a> Val<'a> {
    /// A string (trimmed) or a number (as written), as text: AIF ids come as both.
    fn scalar(self) -> Option<Cow<'a, str>> {
        match self {
            Val::Str(s) => Some(trimmed(s)),
            Val::Num(n) => Some(Cow::Borrowed(n)),
            Val::Obj(_) | Val::Other => None,
        }
    }
}

/// `s` without white space at its ends, borrowing when it can.
pub(super) fn trimmed(s: Cow<'_, str>) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

/// Below this size a file is read on one thread: a second one would not pay for itself.
const SECOND_THREAD_FROM: usize = 2 << 20;

/// Reads `text` when it is strict JSON with an object at the top; `None` otherwise.
///
/// A large file is read on two threads. The second reads the node list from a place the text
/// suggests an element starts (a `{` after `},`). The first reads up to there; when it meets
/// that place as the start of an element of a node list, it reads the edge list from where the
/// text suggests it stands (after the last `"edges":`) while the second finishes, takes the
/// second's elements, and goes on after the node list, taking the edges read ahead when it
/// meets them at that place. A guess that does not hold (the place was inside a string, say)
/// is not used, and the first reads on by itself. Lists read alike wherever they stand, so
/// either way the document is the one a single reading makes.
pub(super) fn read(text: &str) -> Option<Document<'_>> {
    if text.len() >= SECOND_THREAD_FROM && crate::parallel::has_two_cores() {
        let edges_key = memchr::memmem::rfind(text.as_bytes(), EDGES_KEY);
        if let Some(start) = later_start(text, edges_key) {
            return read_in_two(
                text,
                start,
                edges_key.and_then(|key| edges_start(text, key)),
            );
        }
    }
    Scanner::new(text, None).document().ok()
}

/// [`read`] with a second reader of the node list from `start`, and the edge list read ahead
/// from `edges_at` (if the text shows where it stands).
fn read_in_two(text: &str, start: usize, edges_at: Option<usize>) -> Option<Document<'_>> {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new()
            .name("argscope-aif-nodes".into())
            .spawn_scoped(scope, move || {
                let mut scanner = Scanner::new(text, None);
                scanner.pos = start;
                let read = scanner
                    .elements(Scanner::node, |_, _| None)
                    .map(|items| (items, scanner.pos));
                // The first reader may have finished without it.
                let _ = send.send(read);
            });
        let later = spawned.is_ok().then_some(Later {
            start,
            edges_at,
            read: receive,
        });
        Scanner::new(text, later).document().ok()
    })
}

/// The key the edge list stands under; where it last stands is taken as where the node list
/// ends and the edge list starts (a guess, checked as the text is read).
const EDGES_KEY: &[u8] = b"\"edges\"";

/// Where a second reader starts in the node list, if the text shows a place: a `{` after `},`
/// past the point that leaves both readers about as much to do. The first reads up to there
/// and then the edges, which take about twice as long a byte as the nodes (small objects, many
/// keys). The node list is taken to end at `edges_key`, the last [`EDGES_KEY`] (only a guess,
/// for the balance).
fn later_start(text: &str, edges_key: Option<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    let edges = edges_key.unwrap_or(bytes.len());
    let target = edges.saturating_sub(2 * (bytes.len() - edges)) / 2;
    let is_ws = |b: &u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let window = &bytes[target..bytes.len().min(target + (1 << 20))];
    memchr::memchr_iter(b'}', window).find_map(|close| {
        let mut at = target + close + 1;
        let skip_ws = |at: &mut usize| {
            while bytes.get(*at).is_some_and(is_ws) {
                *at += 1;
            }
        };
        skip_ws(&mut at);
        (bytes.get(at) == Some(&b',')).then_some(())?;
        at += 1;
        skip_ws(&mut at);
        (bytes.get(at) == Some(&b'{')).then_some(at)
    })
}

/// Where the edge list's value starts when the [`EDGES_KEY`] at `key` is followed by `:` and a
/// list.
fn edges_start(text: &str, key: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let is_ws = |b: &&u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let after_key = key + EDGES_KEY.len();
    let colon = after_key + bytes[after_key..].iter().take_while(is_ws).count();
    (bytes.get(colon) == Some(&b':')).then_some(())?;
    let value = colon + 1 + bytes[colon + 1..].iter().take_while(is_ws).count();
    (bytes.get(value) == Some(&b'[')).then_some(value)
}

/// The edge list as read ahead, and where it ends.
type ReadAhead<'a> = Step<(List<EdgeFields<'a>>, usize)>;

/// What another reader read of a list's elements from a place on, and where the list ends.
type ReadElsewhere<T> = Step<(Vec<Element<T>>, usize)>;

/// The second reader, for the first: where it started, what it read, and where the edge list
/// is to be read ahead from.
struct Later<'a> {
    start: usize,
    edges_at: Option<usize>,
    read: std::sync::mpsc::Receiver<ReadElsewhere<NodeFields<'a>>>,
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    later: Option<Later<'a>>,
    /// The edge list read ahead from a place, for when the reading meets it there: the place,
    /// the list and its end.
    edges_ahead: Option<(usize, ReadAhead<'a>)>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, later: Option<Later<'a>>) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            later,
            edges_ahead: None,
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Step<u8> {
        self.bytes.get(self.pos).copied().ok_or(GiveUp)
    }

    fn expect(&mut self, byte: u8) -> Step<()> {
        if self.peek()? != byte {
            return Err(GiveUp);
        }
        self.pos += 1;
        Ok(())
    }

    fn document(&mut self) -> Step<Document<'a>> {
        self.ws();
        if self.peek()? != b'{' {
            return Err(GiveUp);
        }
        let top_offset = self.pos;
        let mut aif: Option<Option<Holder<'a>>> = None;
        let mut top = Holder::default();
        self.object(|scanner, key| {
            match key {
                "AIF" if aif.is_none() => {
                    aif = Some(if scanner.peek()? == b'{' {
                        let mut holder = Holder::default();
                        scanner.object(|scanner, key| scanner.holder_field(&mut holder, key))?;
                        Some(holder)
                    } else {
                        scanner.skip()?;
                        None
                    });
                }
                _ => scanner.holder_field(&mut top, key)?,
            }
            Ok(())
        })?;
        self.ws();
        if self.pos != self.bytes.len() {
            return Err(GiveUp);
        }
        // The lists under "AIF" when that object has "nodes" (OVA3, xAIF), else those at the top.
        let holder = match aif {
            Some(Some(holder)) if holder.has_nodes => holder,
            _ => top,
        };
        // Without "nodes" the file is no AIF map, and its edges are not read either.
        Ok(Document {
            top_offset,
            edges: holder.edges.filter(|_| holder.has_nodes),
            nodes: holder.nodes,
        })
    }

    /// One property of an object that may hold the lists.
    fn holder_field(&mut self, holder: &mut Holder<'a>, key: &str) -> Step<()> {
        match key {
            "nodes" if !holder.has_nodes => {
                holder.has_nodes = true;
                holder.nodes = Some(self.list(Self::node, Self::nodes_read_later)?);
            }
            "edges" if holder.edges.is_none() => {
                let read_ahead = (self.edges_ahead.as_ref()).is_some_and(|(at, _)| *at == self.pos);
                holder.edges = Some(match self.edges_ahead.take() {
                    Some((_, read)) if read_ahead => {
                        #[cfg(test)]
                        tests::EDGES_AHEAD_TAKEN.set(tests::EDGES_AHEAD_TAKEN.get() + 1);
                        let (edges, end) = read?;
                        self.pos = end;
                        edges
                    }
                    _ => self.list(Self::edge, |_, _| None)?,
                });
            }
            _ => self.skip()?,
        }
        Ok(())
    }

    /// Reads an object at `pos`, handing each key to `field`, which must read or skip its value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Step<()>) -> Step<()> {
        self.expect(b'{')?;
        self.ws();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek()? != b'"' {
                return Err(GiveUp);
            }
            let key = self.string()?;
            self.ws();
            self.expect(b':')?;
            self.ws();
            field(self, &key)?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// A list of objects read by `item`, or where a list should have been. `read_later` gives
    /// the elements from a place on, and the end of the list, when another reader read them.
    fn list<T>(
        &mut self,
        item: fn(&mut Self) -> Step<T>,
        read_later: fn(&mut Self, usize) -> Option<ReadElsewhere<T>>,
    ) -> Step<List<T>> {
        let start = self.pos;
        if self.peek()? != b'[' {
            self.skip()?;
            return Ok(List::NotList(start));
        }
        self.pos += 1;
        self.ws();
        if self.peek()? == b']' {
            self.pos += 1;
            return Ok(List::Items(Vec::new()));
        }
        self.elements(item, read_later).map(List::Items)
    }

    /// The elements of a list from `pos` (the start of one) to the list's end, and past it.
    fn elements<T>(
        &mut self,
        item: fn(&mut Self) -> Step<T>,
        read_later: fn(&mut Self, usize) -> Option<ReadElsewhere<T>>,
    ) -> Step<Vec<Element<T>>> {
        let mut items = Vec::new();
        loop {
            self.ws();
            if let Some(later) = read_later(self, self.pos) {
                // The second reader's are most, so the first's go in front of them.
                let (mut rest, end) = later?;
                rest.splice(0..0, items);
                self.pos = end;
                return Ok(rest);
            }
            self.element(&mut items, item)?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Ok(items);
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// The node list from `at` on, when the second reader started there.
    fn nodes_read_later(&mut self, at: usize) -> Option<ReadElsewhere<NodeFields<'a>>> {
        if self.later.as_ref()?.start != at {
            return None;
        }
        let later = self.later.take()?;
        // The list's end is not known until the second reader is done: meanwhile the edges
        // are read from where the text suggests they stand.
        self.edges_ahead = later.edges_at.map(|at| {
            let mut scanner = Scanner::new(self.text, None);
            scanner.pos = at;
            let read = scanner.list(Self::edge, |_, _| None);
            (at, read.map(|edges| (edges, scanner.pos)))
        });
        #[cfg(test)]
        tests::TAKEN_OVER.set(tests::TAKEN_OVER.get() + 1);
        // A second reader that stopped without a word panicked; the scope passes that on.
        Some(later.read.recv().unwrap_or(Err(GiveUp)))
    }

    /// One element of a list: an object read by `item`, or anything else passed over.
    fn element<T>(
        &mut self,
        items: &mut Vec<Element<T>>,
        item: fn(&mut Self) -> Step<T>,
    ) -> Step<()> {
        let at = self.pos;
        if self.peek()? == b'{' {
            items.push(Element::Object(item(self)?));
        } else {
            self.skip()?;
            items.push(Element::Other(at));
        }
        Ok(())
    }

    fn node(&mut self) -> Step<NodeFields<'a>> {
        let offset = self.pos;
        let (mut node_id, mut id, mut ty, mut text, mut scheme) = (None, None, None, None, None);
        self.object(|scanner, key| {
            let slot = match key {
                "nodeID" => &mut node_id,
                "id" => &mut id,
                "type" => &mut ty,
                "text" => &mut text,
                "scheme" => &mut scheme,
                _ => return scanner.skip(),
            };
            if slot.is_some() {
                return scanner.skip();
            }
            *slot = Some(scanner.value(false)?);
            Ok(())
        })?;
        Ok(NodeFields {
            offset,
            id: node_id.or(id).and_then(Val::scalar),
            ty: ty.and_then(Val::scalar),
            text: match text {
                Some(Val::Str(s)) => Some(s),
                _ => None,
            },
            scheme: match scheme {
                Some(Val::Str(s)) => Some(s),
                _ => None,
            },
        })
    }

    fn edge(&mut self) -> Step<EdgeFields<'a>> {
        let offset = self.pos;
        let (mut from_id, mut to_id, mut from, mut to) = (None, None, None, None);
        self.object(|scanner, key| {
            let slot = match key {
                "fromID" => &mut from_id,
                "toID" => &mut to_id,
                "from" => &mut from,
                "to" => &mut to,
                _ => return scanner.skip(),
            };
            if slot.is_some() {
                return scanner.skip();
            }
            *slot = Some(scanner.value(true)?);
            Ok(())
        })?;
        // An id field wins; else a whole node object (OVA2) gives its id, or a scalar is one.
        let endpoint = |id: Option<Val<'a>>, node: Option<Val<'a>>| match (id, node) {
            (Some(id), _) => id.scalar(),
            (None, Some(Val::Obj(id))) => id,
            (None, Some(other)) => other.scalar(),
            (None, None) => None,
        };
        Ok(EdgeFields {
            offset,
            from: endpoint(from_id, from),
            to: endpoint(to_id, to),
        })
    }

    /// A value: strings and numbers kept, an object (when `objects`) read for its id, the rest
    /// passed over.
    fn value(&mut self, objects: bool) -> Step<Val<'a>> {
        match self.peek()? {
            b'"' => Ok(Val::Str(self.string()?)),
            b'-' | b'0'..=b'9' => Ok(Val::Num(self.number()?)),
            b'{' if objects => {
                let (mut node_id, mut id) = (None, None);
                self.object(|scanner, key| {
                    let slot = match key {
                        "nodeID" => &mut node_id,
                        "id" => &mut id,
                        _ => return scanner.skip(),
                    };
                    if slot.is_some() {
                        return scanner.skip();
                    }
                    *slot = Some(scanner.value(false)?);
                    Ok(())
                })?;
                Ok(Val::Obj(node_id.or(id).and_then(Val::scalar)))
            }
            _ => {
                self.skip()?;
                Ok(Val::Other)
            }
        }
    }

    /// Passes over one value, checking it is strict JSON. Iterative: the nesting is a byte stack.
    fn skip(&mut self) -> Step<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value starts here.
            self.ws();
            match self.peek()? {
                b'{' | b'[' => {
                    let close = if self.bytes[self.pos] == b'{' {
                        b'}'
                    } else {
                        b']'
                    };
                    self.pos += 1;
                    self.ws();
                    if self.peek()? == close {
                        self.pos += 1;
                    } else {
                        if open.len() >= MAX_DEPTH {
                            return Err(GiveUp);
                        }
                        open.push(close);
                        if close == b'}' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b'-' | b'0'..=b'9' => {
                    self.number()?;
                }
                b't' => self.word(b"true")?,
                b'f' => self.word(b"false")?,
                b'n' => self.word(b"null")?,
                _ => return Err(GiveUp),
            }
            // After a value: close what ends here, then go on after a comma.
            loop {
                let Some(&close) = open.last() else {
                    return Ok(());
                };
                self.ws();
                let byte = self.peek()?;
                self.pos += 1;
                if byte == close {
                    open.pop();
                } else if byte == b',' {
                    if close == b'}' {
                        self.ws();
                        self.key()?;
                    }
                    break;
                } else {
                    return Err(GiveUp);
                }
            }
        }
    }

    /// `"key" :` inside an object.
    fn key(&mut self) -> Step<()> {
        if self.peek()? != b'"' {
            return Err(GiveUp);
        }
        self.string()?;
        self.ws();
        self.expect(b':')
    }

    /// `true`, `false` or `null`, standing alone.
    fn word(&mut self, word: &[u8]) -> Step<()> {
        if !self.bytes[self.pos..].starts_with(word) {
            return Err(GiveUp);
        }
        self.pos += word.len();
        self.end_of_token()
    }

    /// A token must be followed by white space or punctuation (else the lenient reader decides).
    fn end_of_token(&self) -> Step<()> {
        match self.bytes.get(self.pos) {
            None | Some(b' ' | b'\n' | b'\r' | b'\t' | b',' | b']' | b'}') => Ok(()),
            Some(_) => Err(GiveUp),
        }
    }

    /// A number in JSON's grammar, as written.
    fn number(&mut self) -> Step<&'a str> {
        let start = self.pos;
        let bytes = self.bytes;
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos > from
        };
        let mut pos = self.pos;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        match bytes.get(pos) {
            Some(b'0') => pos += 1,
            Some(b'1'..=b'9') => {
                digits(&mut pos);
            }
            _ => return Err(GiveUp),
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !digits(&mut pos) {
                return Err(GiveUp);
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if !digits(&mut pos) {
                return Err(GiveUp);
            }
        }
        self.pos = pos;
        self.end_of_token()?;
        Ok(&self.text[start..pos])
    }

    /// A string at `pos` (its opening quote), unescaped; borrowed when it has no escapes.
    fn string(&mut self) -> Step<Cow<'a, str>> {
        let bytes = self.bytes;
        let start = self.pos + 1;
        // The common case: no escapes. Quotes and backslashes are ASCII, so the slice is whole
        // characters.
        let mut i = plain_run_end(bytes, start);
        match bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                return Ok(Cow::Borrowed(&self.text[start..i]));
            }
            Some(b'\\') => {}
            _ => return Err(GiveUp),
        }
        let mut out = String::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..i]);
                    let escaped = *bytes.get(i + 1).ok_or(GiveUp)?;
                    i += 2;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4(i)?;
                            i += 4;
                            match high {
                                0xD800..=0xDBFF => {
                                    // Only a whole surrogate pair; a lone half is left to the
                                    // lenient reader.
                                    if bytes.get(i..i + 2) != Some(b"\\u") {
                                        return Err(GiveUp);
                                    }
                                    let low = self.hex4(i + 2)?;
                                    if !(0xDC00..=0xDFFF).contains(&low) {
                                        return Err(GiveUp);
                                    }
                                    i += 6;
                                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                                    char::from_u32(code).ok_or(GiveUp)?
                                }
                                0xDC00..=0xDFFF => return Err(GiveUp),
                                code => char::from_u32(code).ok_or(GiveUp)?,
                            }
                        }
                        _ => return Err(GiveUp),
                    };
                    out.push(c);
                    run = i;
                }
                Some(&b) if b < 0x20 => return Err(GiveUp),
                Some(_) => i = plain_run_end(bytes, i + 1),
                None => return Err(GiveUp),
            }
        }
    }

    fn hex4(&self, at: usize) -> Step<u32> {
        let digits = self.bytes.get(at..at + 4).ok_or(GiveUp)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + (d as char).to_digit(16).ok_or(GiveUp)?;
        }
        Ok(value)
    }
}

/// Where the plain text of a string that starts at `from` ends: at the first quote, backslash
/// or control byte (or the end of the file). Statements run long, so the bytes are tested 16 at
/// a time, a whole chunk with no early exit, which the compiler turns into a few vector compares.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    let stops = |b: u8| (b == b'"') | (b == b'\\') | (b < 0x20);
    let rest = &bytes[from.min(bytes.len())..];
    let mut plain = 0;
    for chunk in rest.chunks_exact(16) {
        if chunk.iter().fold(false, |any, &b| any | stops(b)) {
            break;
        }
        plain += 16;
    }
    let tail = rest[plain..].iter().position(|&b| stops(b));
    from + plain + tail.unwrap_or(rest.len() - plain)
}

/// What one object that may hold the lists (the top, or `"AIF"`) holds.
#[derive(Default)]
struct Holder<'a> {
    has_nodes: bool,
    nodes: Option<List<NodeFields<'a>>>,
    edges: Option<List<EdgeFields<'a>>>,
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// [`read_in_two`] with the second reader from `start`, the edges read ahead as [`read`]
    /// finds them.
    fn read_from(text: &str, start: usize) -> Option<Document<'_>> {
        let edges_key = memchr::memmem::rfind(text.as_bytes(), EDGES_KEY);
        read_in_two(
            text,
            start,
            edges_key.and_then(|key| edges_start(text, key)),
        )
    }

    thread_local! {
        /// How many times a first reader on this thread has taken the second's elements (to
        /// show the tests below do split files, and do not only read them alone).
        pub(super) static TAKEN_OVER: Cell<usize> = const { Cell::new(0) };
        /// How many times it has taken the edge list it read ahead.
        pub(super) static EDGES_AHEAD_TAKEN: Cell<usize> = const { Cell::new(0) };
    }

    /// Node lists to split: the fixtures, and texts whose strings hold what looks like the
    /// start of an element, with node lists under "AIF" and at the top, lists of other things,
    /// escapes, nested objects and a fault after the split.
    fn texts() -> Vec<String> {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aif");
        let mut texts: Vec<String> = std::fs::read_dir(folder)
            .expect("the fixtures")
            .map(|entry| {
                std::fs::read_to_string(entry.expect("an entry").path()).expect("a fixture")
            })
            .collect();
        texts.extend([
            r#"{"nodes": [{"nodeID": "1", "text": "a }, {\"x\": 1} b", "type": "I"}, {"nodeID": "2", "text": "}, {", "type": "I"},{"id":3,"type":"RA","more":{"deep":[{"a":1},{"b":"},{"}]}}], "edges": [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"}]}"#.to_string(),
            r#"{"AIF": {"nodes": [{"nodeID": "1", "text": "x", "type": "I"}, 7, {"nodeID": "2", "text": "y\u00e9", "type": "I"}], "edges": []}, "nodes": [{"nodeID": "9"}, {"nodeID": "8"}]}"#.to_string(),
            r#"{"other": [{"a": 1}, {"b": 2}], "nodes": [{"nodeID": "1"}, {"nodeID": "2"}, {"nodeID": "3", "type": tru}]}"#.to_string(),
            r#"{"nodes": [{"nodeID": "1"}, {"nodeID": "2"}], "edges": [{"from": {"nodeID": "1"}, "to": {"id": 2}}, {"fromID": "2", "toID": "1"}]}"#.to_string(),
            r#"{"nodes": [{"nodeID": "1"}, {"nodeID": "2"}], "edges": [{"fromID": "2", "toID": "1"}], "meta": {"edges": [{"fromID": "1", "toID": "2"}]}}"#.to_string(),
            r#"{"meta": {"edges": []}, "nodes": [{"nodeID": "1"}, {"nodeID": "2"}], "edges" : [{"fromID": "2", "toID": "1"}, 3]}"#.to_string(),
            r#"{"edges": [{"fromID": "2", "toID": "1"}], "nodes": [{"nodeID": "1"}, {"nodeID": "2"}], "edges": [{"fromID": "1", "toID": "2"}]}"#.to_string(),
            r#"{"nodes": [{"nodeID": "1"}, {"nodeID": "2"}, {"nodeID": "3"}], "edges": [{"fromID": "2", "toID": "1"}, {"fromID": 1 2}]}"#.to_string(),
        ]);
        texts
    }

    #[test]
    fn a_second_reader_started_at_any_brace_reads_what_one_reader_reads() {
        let before = (TAKEN_OVER.get(), EDGES_AHEAD_TAKEN.get());
        for text in texts() {
            let alone = Scanner::new(&text, None).document().ok();
            for start in memchr::memchr_iter(b'{', text.as_bytes()) {
                assert_eq!(
                    read_from(&text, start),
                    alone,
                    "second reader from {start} in {text}"
                );
            }
        }
        assert!(TAKEN_OVER.get() - before.0 > 20);
        assert!(EDGES_AHEAD_TAKEN.get() - before.1 > 10);
    }

    #[test]
    fn a_large_node_list_is_split_near_its_balance_point() {
        let nodes: Vec<String> = (0..2000)
            .map(|i| {
                let text = format!("Statement {i}, which says a good deal more than its number. ");
                format!(
                    r#"{{"nodeID": "{i}", "text": "{}", "type": "I"}}"#,
                    text.repeat(3)
                )
            })
            .collect();
        let edges: Vec<String> = (1..2000)
            .map(|i| format!(r#"{{"fromID": "{i}", "toID": "{}"}}"#, i / 2))
            .collect();
        let text = format!(
            "{{\"nodes\": [\n{}\n],\n\"edges\": [\n{}\n]}}",
            nodes.join(",\n"),
            edges.join(",\n")
        );
        let start = later_start(&text, text.rfind("\"edges\"")).expect("a place to start");
        assert_eq!(text.as_bytes()[start], b'{');
        let edges_at = text.find("\"edges\"").expect("edges");
        // The first reader reads up to the start and the edges (twice the work a byte); the
        // second the nodes between.
        let (first, second) = (start + 2 * (text.len() - edges_at), edges_at - start);
        assert!(
            first.abs_diff(second) < text.len() / 50,
            "{first} and {second} bytes"
        );
        let before = TAKEN_OVER.get();
        let alone = Scanner::new(&text, None).document();
        assert_eq!(read_from(&text, start), alone.ok());
        assert_eq!(TAKEN_OVER.get(), before + 1);
    }
}
