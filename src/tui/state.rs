//! What the view shows: the selection, which nodes are unfolded, scroll positions, focus.

use crate::model::{ArgMap, ChildTally, FastMap, FastSet, NodeId};

use super::keymap::KeyChord;
use super::notes_view::{NoteEditor, UnsavedPrompt};
use super::present::Presenter;
use std::borrow::Cow;
use std::sync::Arc;

use super::search::{Index, Matches, Query, Side, fold_query};
use super::source_view::{Quotes, SourceLayout, SourceView};
use super::theme::Theme;
use super::zoom::Zoom;
use crate::notes::{Keys, Notes};

/// The pane that takes keyboard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
}

pub use super::rows::Row;
use super::rows::Rows;

/// What narrows the tree. Each is independent; together a node must pass them all.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub search: Option<Search>,
    pub side: Option<Side>,
    /// `f`: only this node's ancestors and subtree.
    pub focus: Option<NodeId>,
}

impl Filters {
    pub fn active(&self) -> bool {
        self.search.as_ref().is_some_and(Search::has_words)
            || self.side.is_some()
            || self.focus.is_some()
    }
}

/// An incremental search: its query, the folded texts it searches, and what it found.
#[derive(Debug, Clone)]
pub struct Search {
    pub query: String,
    /// True while the query is being typed (keys go to it).
    pub typing: bool,
    /// The folded texts to search; `None` until the event loop's worker has made them (typing
    /// meanwhile only records the query).
    index: Option<Arc<Index>>,
    /// Matching nodes in reading order.
    pub matches: Arc<Vec<NodeId>>,
    /// Per node: its place among the matches counting from 1, or 0 when it is not one, so
    /// asking whether (and which) a node matches costs nothing per frame.
    rank: Vec<u32>,
    /// The folded queries typed so far that the current one contains, each with its matches
    /// and the match to select. A longer query only searches its predecessor's matches, and
    /// Backspace finds its result here.
    steps: Vec<Step>,
    /// The view before the search, restored exactly by Esc while typing.
    saved: Saved,
    /// True while the query is being searched on the event loop's worker (see
    /// [`ViewState::search_elsewhere`]): the matches shown are then an earlier query's, or
    /// (when `partial`) the ones found so far for this one.
    pub pending: bool,
    /// True while the matches shown are the first part of a search still running.
    pub partial: bool,
    /// Which query the pending search is for; results for any other are dropped.
    generation: u64,
}

/// A search for the event loop's worker thread: the folded query, the texts to look in and
/// the nodes to look at. Running it is pure; its results come back through
/// [`ViewState::search_found`].
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub generation: u64,
    index: Arc<Index>,
    folded: String,
    /// The nodes to look at, in reading order: an earlier query's matches, or (`None`) all.
    candidates: Option<Arc<Vec<NodeId>>>,
    /// The map in reading order, to lay out the rows of a result.
    outline: Arc<Outline>,
    /// Whether the rows of a large result are laid out here (no side or focus filter, which
    /// the view applies itself).
    rows: bool,
    /// How many rows fill the screen: a first part of the result that fills it is worth
    /// showing before the rest.
    pub screen: usize,
}

/// What a search job found: all of it, or (not `complete`) what it found so far.
#[derive(Debug, Clone)]
pub struct Found {
    pub generation: u64,
    folded: String,
    matches: Arc<Vec<NodeId>>,
    best: Option<NodeId>,
    /// Per node, its place among the matches (see [`Search`]).
    rank: Vec<u32>,
    /// The rows that show the matches, when the job laid them out.
    rows: Option<Rows>,
    /// False for a first part: the search goes on.
    pub complete: bool,
}

impl Found {
    /// How many matches it holds.
    pub fn count(&self) -> usize {
        self.matches.len()
    }
}

/// From this many candidates on, a search looks at them a half per core.
const SEARCH_IN_PARALLEL_FROM: usize = 16_384;

impl SearchJob {
    /// Searches; `None` when `stale` (asked now and then) says a newer query replaced it.
    pub fn run(self, stale: &(dyn Fn() -> bool + Sync)) -> Option<Found> {
        self.run_in_parts(stale, &mut |_, _| false, &mut |_| {})
    }

    /// Searches, handing `early` what it found so far whenever `due(found so far, whether
    /// that fills the screen)` says so (asked between chunks of the candidates), then returns
    /// the whole result; `None` when `stale` says a newer query replaced it.
    ///
    /// Many candidates are searched a half per core: the first half here, with the parts it
    /// finds shown as it goes (the screen shows the first matches), the second on the other.
    pub fn run_in_parts(
        self,
        stale: &(dyn Fn() -> bool + Sync),
        due: &mut dyn FnMut(usize, bool) -> bool,
        early: &mut dyn FnMut(Found),
    ) -> Option<Found> {
        let all = match &self.candidates {
            Some(candidates) => candidates.as_slice(),
            None => self.outline.order.as_slice(),
        };
        let query = Query::new(&self.folded);
        let cut = if all.len() >= SEARCH_IN_PARALLEL_FROM {
            all.len() / 2
        } else {
            all.len()
        };
        let (first, second) = all.split_at(cut);
        let index = &self.index;
        let mut scanned = 0;
        let mut show_part = |so_far: &Matches, chunk: &[NodeId]| {
            scanned += chunk.len();
            if scanned < all.len() && due(so_far.found.len(), so_far.found.len() >= self.screen) {
                let last = chunk.last().copied();
                early(self.result(so_far.found.clone(), so_far.best(), last));
            }
        };
        let (first, second) = crate::parallel::both(
            || index.search(&query, first, stale, &mut show_part),
            || index.search(&query, second, stale, &mut |_, _| {}),
        );
        let matches = first?.then(second?);
        let best = matches.best();
        Some(self.result(matches.found, best, None))
    }

    /// A result: the matches with their ranks and, when they are many and no other filter is
    /// on, their rows (up to the candidate `upto`, the last one looked at, for a first part).
    fn result(&self, matches: Vec<NodeId>, best: Option<NodeId>, upto: Option<NodeId>) -> Found {
        let n = self.outline.order.len();
        let mut rank = vec![0u32; n];
        for (at, &id) in matches.iter().enumerate() {
            rank[id.index()] = at as u32 + 1;
        }
        // Very few matches: the view lays out their rows faster from the matches themselves;
        // more, and one walk along the map here spares the view's thread the work.
        let rows = (self.rows && matches.len() * 256 >= n).then(|| {
            let mut rows = Rows::new();
            let passes = |id: NodeId| rank[id.index()] > 0;
            rows_along_outline(&self.outline, &passes, &|_, _| true, upto, &mut rows, None);
            rows
        });
        Found {
            generation: self.generation,
            folded: self.folded.clone(),
            matches: Arc::new(matches),
            best,
            rank,
            rows,
            complete: upto.is_none(),
        }
    }
}

/// Whether a search with `matches` matches among `n` nodes lays out its rows in one walk
/// along the whole map, rather than from the matches up.
fn dense(matches: usize, n: usize) -> bool {
    matches >= n / 16
}

/// One query's result, kept while typing.
#[derive(Debug, Clone)]
struct Step {
    folded: String,
    matches: Arc<Vec<NodeId>>,
    best: Option<NodeId>,
}

impl Search {
    /// Which of the matches is selected, if the selection is one: (1-based, total).
    pub fn position(&self, selected: NodeId) -> Option<(usize, usize)> {
        let rank = *self.rank.get(selected.index())?;
        (rank > 0).then_some((rank as usize, self.matches.len()))
    }

    /// Whether the query has a word to look for (spaces alone look for nothing).
    pub fn has_words(&self) -> bool {
        self.query.split_whitespace().next().is_some()
    }

    /// Whether the node is one of the matches.
    pub fn is_match(&self, id: NodeId) -> bool {
        self.rank.get(id.index()).is_some_and(|&rank| rank > 0)
    }

    /// Folds the query and drops the kept results it does not narrow.
    fn narrow(&mut self) -> String {
        let folded = fold_query(&self.query);
        // Keep the earlier results this query narrows (their query is part of this one).
        while self
            .steps
            .last()
            .is_some_and(|step| !folded.contains(step.folded.as_str()))
        {
            self.steps.pop();
        }
        folded
    }

    /// Whether the screen shows the whole result of the query folded as `folded`, and nothing
    /// waits for the worker.
    fn shows(&self, folded: &str) -> bool {
        !self.pending
            && !self.partial
            && self.steps.last().is_some_and(|step| {
                step.folded == folded && Arc::ptr_eq(&step.matches, &self.matches)
            })
    }

    /// Whether the query's result is at hand without searching (empty, or typed before).
    fn at_hand(&self, folded: &str) -> bool {
        folded.is_empty() || self.steps.last().is_some_and(|step| step.folded == folded)
    }

    /// The nodes the query can match: the matches of the query it narrows, or every node.
    fn candidates<'a>(&'a self, reading_order: &'a [NodeId]) -> &'a [NodeId] {
        self.steps
            .last()
            .map_or(reading_order, |step| step.matches.as_slice())
    }

    /// Runs the query (narrowing from an earlier result when it can) and returns the match to
    /// select, if any. The index must be there unless the result is at hand.
    fn run(&mut self, reading_order: &[NodeId]) -> Option<NodeId> {
        let folded = self.narrow();
        let (matches, best) = match self.steps.last() {
            _ if folded.is_empty() => (Arc::default(), None),
            Some(step) if step.folded == folded => (Arc::clone(&step.matches), step.best),
            _ => {
                let candidates = self.candidates(reading_order);
                let matches = (self.index.as_ref())
                    .and_then(|index| {
                        let query = Query::new(&folded);
                        index.search(&query, candidates, &|| false, &mut |_, _| {})
                    })
                    .unwrap_or_default();
                let best = matches.best();
                (Arc::new(matches.found), best)
            }
        };
        self.show(folded, matches, best);
        best
    }

    /// Shows a query's result: its matches and their ranks, kept as a step to narrow from.
    fn show(&mut self, folded: String, matches: Arc<Vec<NodeId>>, best: Option<NodeId>) {
        for &id in self.matches.iter() {
            self.rank[id.index()] = 0;
        }
        for (at, &id) in matches.iter().enumerate() {
            self.rank[id.index()] = at as u32 + 1;
        }
        self.matches = matches;
        self.finish(folded, best);
    }

    /// A result from the worker, with its ranks made there: all of it, or a first part.
    fn install(&mut self, found: Found) {
        self.rank = found.rank;
        self.matches = found.matches;
        if found.complete {
            self.finish(found.folded, found.best);
        } else {
            self.partial = true;
        }
    }

    /// The query's whole result is shown: kept as a step to narrow from.
    fn finish(&mut self, folded: String, best: Option<NodeId>) {
        self.pending = false;
        self.partial = false;
        if folded.is_empty() {
            self.steps.clear();
        } else if self.steps.last().is_none_or(|step| step.folded != folded) {
            self.steps.push(Step {
                folded,
                matches: Arc::clone(&self.matches),
                best,
            });
        }
    }
}

/// A search kept and then closed: its query and matches (in reading order).
#[derive(Debug, Clone)]
struct LastSearch {
    query: String,
    matches: Arc<Vec<NodeId>>,
}

/// A copy of what the view showed, to go back to.
#[derive(Debug, Clone)]
struct Saved {
    expanded: Vec<bool>,
    selected: NodeId,
    tree_offset: usize,
    detail_scroll: usize,
}

/// How the view starts, from the command line and the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// `--only for|against`: open showing one side of the argument.
    pub only: Option<Side>,
    /// The colours to start with (`t` changes them).
    pub theme: Theme,
    /// `--present`: open in presenter mode on the thesis.
    pub present: bool,
    /// The widest a presenter slide gets, in columns.
    pub presenter_width: u16,
    /// Whether the map's ids are stable, so notes are keyed by them (else by text).
    pub stable_ids: bool,
}

/// The presenter's column width unless the settings say otherwise.
pub const PRESENTER_WIDTH: u16 = 90;

impl Default for Start {
    fn default() -> Start {
        Start {
            only: None,
            theme: Theme::monochrome(),
            present: false,
            presenter_width: PRESENTER_WIDTH,
            stable_ids: true,
        }
    }
}

/// How many places jumped from `Ctrl-o` can go back to.
const JUMPS_KEPT: usize = 100;

/// How many levels a map opens with: the thesis and the points made for and against it.
pub const OPENING_LEVELS: usize = 2;

#[derive(Debug, Clone)]
pub struct ViewState {
    /// Per node: unfolded or not. A leaf's flag is ignored.
    expanded: Vec<bool>,
    /// The whole map in reading order, laid out once, so listing rows is a walk along arrays.
    outline: Arc<Outline>,
    /// The visible rows, derived from `expanded` and the filters: rebuilt when a filter
    /// changes, spliced when a fold does. Always in reading order, so a node's row is found
    /// by a binary search on its place in the outline.
    rows: Rows,
    /// Index into `rows` of the selection.
    cursor: usize,
    /// First tree row on screen.
    pub tree_offset: usize,
    /// First detail line on screen.
    pub detail_scroll: usize,
    pub focus: Pane,
    /// `Some(first line on screen)` while the help overlay is open.
    pub help: Option<usize>,
    /// The terminal's size, for layout-dependent actions (paging, clicks).
    pub width: u16,
    pub height: u16,
    /// Keys of an unfinished sequence (the first `g` of `gg`).
    pub pending: Vec<KeyChord>,
    /// A short note for the status line, cleared by the next action.
    pub message: Option<String>,
    /// Search, side and focus filters; rows are rebuilt when they change.
    filters: Filters,
    /// Under filters, per node, whether it is the last of its parent's children shown (its
    /// guide turns the corner there); empty without filters, when that is the map's last.
    last_shown: Vec<bool>,
    /// Folds made while a filter is on (node: open), over what the filter opens; dropped
    /// when the filters change.
    filter_folds: FastMap<NodeId, bool>,
    /// `1`–`9` pressed while a filter is on: how many levels it shows.
    filter_levels: Option<usize>,
    /// Under filters, the shown nodes that are folded with rows the filter would show
    /// beneath them (drawn as folds; every other closed node there is drawn as a leaf).
    hides_rows: FastSet<NodeId>,
    /// The last search kept and then closed (Esc): `n` and `N` go on through its matches in
    /// the whole tree.
    last_search: Option<LastSearch>,
    /// Where the jumps came from, the latest last, for `Ctrl-o` to go back through.
    jumps: Vec<NodeId>,
    /// The folded texts searches look in, made by the first search (or, in the event loop, by
    /// a thread of its own as the map opens) and kept for the next.
    search_index: Option<Arc<Index>>,
    /// Set by the event loop, which searches on a worker thread: typing then only records the
    /// query and marks the search pending, and the loop hands [`ViewState::search_job`] to
    /// the worker and its result to [`ViewState::search_found`]. Off (headless, in tests), the
    /// search runs at once.
    pub search_elsewhere: bool,
    /// Set by the event loop, which makes the search index on a thread of its own and hands
    /// it over with [`ViewState::set_search_index`]: a query typed before then waits for it.
    /// Off, the first search makes it.
    pub index_elsewhere: bool,
    /// Counts queries, so a result knows which one it answers.
    search_generation: u64,
    /// `Some` while stepped into a node.
    pub zoom: Option<Zoom>,
    /// The colours everything is drawn in.
    pub theme: Theme,
    /// `Some` while the source text stands in the detail pane's place.
    pub source: Option<SourcePane>,
    /// `Some` in presenter mode.
    pub present: Option<Presenter>,
    /// The widest a presenter slide gets.
    pub presenter_width: u16,
    /// The seminar's notes on this map.
    pub notes: Notes,
    /// Each node's key in the notes.
    pub note_keys: Keys,
    /// Why notes cannot be changed here, if they cannot (a notes file that does not parse, or
    /// one another argscope holds).
    pub notes_read_only: Option<String>,
    /// Read-only only because another argscope has the notes: this window follows their file,
    /// and takes them over once that argscope has closed, so a save tried again can work.
    pub notes_held_elsewhere: bool,
    /// Why the last save failed; cleared by a save that works.
    pub notes_error: Option<String>,
    /// `Some` while a note is being written.
    pub editor: Option<NoteEditor>,
    /// The editor whose changes were last thrown away, for undo to bring back until another
    /// change to the notes is made.
    pub thrown_away: Option<NoteEditor>,
    /// `Some(first row)` while the orphaned notes are listed.
    pub orphans: Option<usize>,
    /// `Some` while asking what to do with unsaved notes on quitting.
    pub unsaved: Option<UnsavedPrompt>,
    /// Quit once the notes are saved (the answer to that question).
    pub quit_after_save: bool,
    /// `Some(selected problem)` while the map file's problems are listed.
    pub problems: Option<usize>,
    /// Why the map file, as last saved, did not load (each problem with its place): the map
    /// shown is the last good one. Empty again once a reload works.
    pub not_reloaded: Vec<String>,
}

/// The source text beside the map: where its cursor and scroll are, its text laid out for the
/// pane's width (rebuilt when the width changes), and the map's quotes in it (gathered when it
/// opens; a reload opens it again).
#[derive(Debug, Clone)]
pub struct SourcePane {
    pub view: SourceView,
    pub layout: SourceLayout,
    pub quotes: Quotes,
}

impl ViewState {
    /// The view as the command line asks it to start.
    pub fn start(map: &ArgMap, width: u16, height: u16, start: &Start) -> ViewState {
        let keys = Keys::for_view(start.stable_ids);
        let mut state = ViewState::with_keys(map, width, height, keys);
        state.theme = start.theme;
        state.presenter_width = start.presenter_width;
        if start.present {
            state.start_presenting(map.root);
        }
        if start.only.is_some() {
            state.set_side(map, start.only);
        }
        state
    }

    pub fn new(map: &ArgMap, width: u16, height: u16) -> ViewState {
        ViewState::with_keys(map, width, height, Keys::for_view(true))
    }

    /// A fresh view with the notes keyed by `note_keys` (made once: on a large map they cost).
    fn with_keys(map: &ArgMap, width: u16, height: u16, note_keys: Keys) -> ViewState {
        let outline = Arc::new(Outline::new(map));
        let mut state = ViewState {
            expanded: vec![false; map.len()],
            outline,
            rows: Rows::new(),
            cursor: 0,
            tree_offset: 0,
            detail_scroll: 0,
            focus: Pane::Tree,
            help: None,
            width,
            height,
            pending: Vec::new(),
            message: None,
            filters: Filters::default(),
            last_shown: Vec::new(),
            filter_folds: FastMap::default(),
            filter_levels: None,
            hides_rows: FastSet::default(),
            last_search: None,
            jumps: Vec::new(),
            search_index: None,
            search_elsewhere: false,
            index_elsewhere: false,
            search_generation: 0,
            zoom: None,
            theme: Theme::monochrome(),
            source: None,
            present: None,
            presenter_width: PRESENTER_WIDTH,
            notes: Notes::default(),
            note_keys,
            notes_read_only: None,
            notes_held_elsewhere: false,
            notes_error: None,
            editor: None,
            orphans: None,
            unsaved: None,
            quit_after_save: false,
            thrown_away: None,
            problems: None,
            not_reloaded: Vec::new(),
        };
        state.show_levels(map, OPENING_LEVELS);
        state
    }

    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The children of `id` counted by kind: counted once as the map was laid out for a node
    /// with very many (a merged course can hang thousands under one thesis), else now.
    pub fn child_tally(&self, map: &ArgMap, id: NodeId) -> Cow<'_, ChildTally> {
        match self.outline.crowds.get(&id) {
            Some(tally) => Cow::Borrowed(tally),
            None => Cow::Owned(map.tally_children(id)),
        }
    }

    /// Presenter mode, on the slide of `at`.
    pub fn start_presenting(&mut self, at: NodeId) {
        self.present = Some(Presenter::start(&self.outline, at));
    }

    pub fn selected(&self) -> NodeId {
        self.rows[self.cursor].id
    }

    /// How many nodes a fold on `id` hides.
    pub fn descendants(&self, id: NodeId) -> usize {
        self.outline.size[self.outline.place(id)] as usize
    }

    /// A node's place in reading order (depth first, children in order): 0 for the thesis.
    pub fn reading_place(&self, id: NodeId) -> usize {
        self.outline.place(id)
    }

    /// Of `candidates`, the first after `from` in reading order (depth first, children in
    /// order), going round from the end to the start; `from` itself comes last.
    pub fn next_in_reading_order(
        &self,
        from: NodeId,
        candidates: impl IntoIterator<Item = NodeId>,
    ) -> Option<NodeId> {
        let (n, here) = (self.outline.order.len(), self.outline.place(from));
        // How far after the selection each candidate comes: 0 for the very next node.
        candidates
            .into_iter()
            .min_by_key(|&id| (self.outline.place(id) + n - here - 1) % n)
    }

    /// The index of `id`'s row, if it has one.
    fn row_of(&self, id: NodeId) -> Option<usize> {
        let outline = &self.outline;
        let place = outline.place(id);
        let at = self
            .rows
            .partition_point(|row| outline.place(row.id) < place);
        self.rows.get(at).filter(|row| row.id == id).map(|_| at)
    }

    /// The node the user is looking at: the slide on screen in presenter mode, the child
    /// selected in the step-into view (or its root when it has none), else the tree's selection.
    pub fn current(&self) -> NodeId {
        if let Some(presenter) = &self.present {
            return presenter.current();
        }
        match &self.zoom {
            Some(zoom) => zoom.selected().unwrap_or(zoom.root()),
            None => self.selected(),
        }
    }

    /// Whether the node is unfolded: in the tree, or under the filters as they show it.
    pub fn is_expanded(&self, id: NodeId) -> bool {
        if !self.filters.active() {
            return self.expanded[id.index()];
        }
        let depth = self.outline.depth[self.outline.place(id)] as usize;
        open_under_filters(
            &self.outline,
            &self.filter_folds,
            self.filter_levels,
            &self.expanded,
            self.opens_all(),
            self.filters.focus,
            id,
            depth,
        )
    }

    /// Whether a search or side filter is on, which opens every fold on the way to what it
    /// shows.
    fn opens_all(&self) -> bool {
        self.filters.side.is_some() || self.filters.search.as_ref().is_some_and(Search::has_words)
    }

    /// Whether the selected row's children follow it on screen.
    pub fn children_shown(&self) -> bool {
        let depth = self.rows[self.cursor].depth;
        self.rows
            .get(self.cursor + 1)
            .is_some_and(|next| next.depth > depth)
    }

    /// Whether unfolding `id` would show rows below it: children in the tree, or under the
    /// filters the nodes they show there.
    pub fn can_unfold(&self, map: &ArgMap, id: NodeId) -> bool {
        if self.filters.active() {
            self.hides_rows.contains(&id)
        } else {
            !self.expanded[id.index()] && !map.children(id).is_empty()
        }
    }

    /// Under filters: whether `id` is folded over rows they would show (drawn as a fold).
    pub fn hides_rows_below(&self, id: NodeId) -> bool {
        self.hides_rows.contains(&id)
    }

    /// The filters changed: folds made under the old ones no longer apply.
    fn filters_changed(&mut self) {
        self.filter_folds.clear();
        self.filter_levels = None;
    }

    /// Selects `id` for a key that goes to it (a bookmark, a reference, a match, a problem,
    /// leaving presenter mode): a filter that hides it comes off, and the words returned say
    /// so for the status line. Where it came from is kept for `Ctrl-o`.
    pub fn jump_to(&mut self, map: &ArgMap, id: NodeId) -> Option<String> {
        let from = self.selected();
        let said = self.go_to(map, id);
        self.record_jump(from);
        said
    }

    /// After a move that may have jumped far (`gg`, `G`, `n`): keeps where it came from.
    pub fn record_jump(&mut self, from: NodeId) {
        if from != self.selected() && self.jumps.last() != Some(&from) {
            if self.jumps.len() == JUMPS_KEPT {
                self.jumps.remove(0);
            }
            self.jumps.push(from);
        }
    }

    /// `Ctrl-o`: back to where the last jump came from; `None` when there was none, else the
    /// words of a filter taken off to show it.
    pub fn jump_back(&mut self, map: &ArgMap) -> Option<Option<String>> {
        let to = self.jumps.pop()?;
        Some(self.go_to(map, to))
    }

    /// Selects `id`, taking off a filter that hides it (see [`ViewState::jump_to`]).
    fn go_to(&mut self, map: &ArgMap, id: NodeId) -> Option<String> {
        self.select_node(map, id);
        if self.selected() == id {
            return None;
        }
        let mut cleared = Vec::new();
        // The focus hides what is neither below it nor on the way down to it.
        if let Some(focus) = self.filters.focus
            && !self.outline.contains(focus, id)
            && !self.outline.contains(id, focus)
        {
            self.filters.focus = None;
            cleared.push("the focus");
        }
        // Then the search and the side filter, each only while the node stays hidden.
        loop {
            if !cleared.is_empty() {
                self.filters_changed();
                self.unfilter(map, id);
                if self.selected() == id {
                    break;
                }
            }
            if let Some(search) = self.filters.search.take_if(|s| s.has_words()) {
                self.remember_search(search);
                cleared.push("the search");
            } else if self.filters.side.take().is_some() {
                cleared.push("the one-side view");
            } else {
                break;
            }
        }
        let said = match cleared.as_slice() {
            [] => return None,
            [one] => (*one).to_string(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
        };
        Some(format!("{said} hid it: now off"))
    }

    /// Keeps a closed search's query and matches for `n` and `N`.
    fn remember_search(&mut self, search: Search) {
        if search.has_words() && !search.pending && !search.partial {
            self.last_search = Some(LastSearch {
                query: search.query,
                matches: search.matches,
            });
        }
    }

    /// `n`/`N` after a search was closed: the next (or previous) of its matches in reading
    /// order, going round; the status line's words, or `None` when there was no such search.
    pub fn step_last_search(&mut self, map: &ArgMap, forward: bool) -> Option<String> {
        let last = self.last_search.clone()?;
        let query = last.query.trim();
        if last.matches.is_empty() {
            return Some(format!("nothing matches “{query}”"));
        }
        // The matches are in reading order: a binary search finds the next.
        let here = self.outline.place(self.selected());
        let after = last
            .matches
            .partition_point(|&id| self.outline.place(id) <= here);
        let before = last
            .matches
            .partition_point(|&id| self.outline.place(id) < here);
        let count = last.matches.len();
        let at = if forward {
            after % count
        } else {
            (before + count - 1) % count
        };
        let said = format!("match {} of {count} for “{query}”", at + 1);
        Some(match self.jump_to(map, last.matches[at]) {
            Some(cleared) => format!("{said}; {cleared}"),
            None => said,
        })
    }

    /// Moves the selection to a row, clamped to the rows there are.
    pub fn select_row(&mut self, row: usize) {
        let row = row.min(self.rows.len().saturating_sub(1));
        if row != self.cursor {
            self.cursor = row;
            self.detail_scroll = 0;
        }
    }

    /// Selects a node, unfolding its ancestors so it is visible (unless a filter hides it).
    pub fn select_node(&mut self, map: &ArgMap, id: NodeId) {
        // Nothing unfolded: the rows stand as they are, and if the node is one of them it is
        // selected there.
        if !self.unfold_ancestors(map, id)
            && let Some(row) = self.row_of(id)
        {
            self.select_row(row);
            return;
        }
        self.rebuild(map, id);
    }

    /// Unfolds every ancestor of `id`, in the tree and, while a filter is on, as the filter
    /// shows it (a fold made under the filter, or its levels, can close one); true when one
    /// was folded.
    fn unfold_ancestors(&mut self, map: &ArgMap, id: NodeId) -> bool {
        let mut unfolded = false;
        let mut at = map.parent(id);
        while let Some(ancestor) = at {
            unfolded |= !std::mem::replace(&mut self.expanded[ancestor.index()], true);
            if self.filters.active() && !self.is_expanded(ancestor) {
                self.filter_folds.insert(ancestor, true);
                unfolded = true;
            }
            at = map.parent(ancestor);
        }
        unfolded
    }

    /// The rows again after a filter came off, with `id` (the selected node) unfolded into
    /// view and selected. The rows are the filter's until rebuilt, so they always are.
    fn unfilter(&mut self, map: &ArgMap, id: NodeId) {
        self.unfold_ancestors(map, id);
        self.rebuild(map, id);
    }

    pub fn set_expanded(&mut self, map: &ArgMap, id: NodeId, expanded: bool) {
        if self.filters.active() {
            // Folded under the filters; where the tree's own folds show (inside a focus), so
            // in the tree too.
            if self.is_expanded(id) == expanded {
                return;
            }
            self.filter_folds.insert(id, expanded);
            let on_focus_path = self
                .filters
                .focus
                .is_some_and(|focus| self.outline.contains(id, focus));
            if !self.opens_all() && !on_focus_path {
                self.expanded[id.index()] = expanded;
            }
            let selected = self.selected();
            self.rebuild(map, selected);
            return;
        }
        if self.expanded[id.index()] == expanded {
            return;
        }
        self.expanded[id.index()] = expanded;
        let selected = self.selected();
        // Unfiltered, the selected node's subtree rows follow its row: only they change, so
        // they are spliced in or out instead of listing the whole tree again.
        if self.filters.active() || selected != id {
            self.rebuild(map, selected);
            return;
        }
        // The subtree's places in the outline follow the node's.
        let outline = &self.outline;
        let place = outline.place(id);
        let end = place + outline.size[place] as usize + 1;
        let at = self.cursor;
        if expanded {
            let below = outline.open_rows(&self.expanded, place + 1..end).collect();
            self.rows.insert(at + 1, below);
        } else {
            let after = self.rows.partition_point(|row| outline.place(row.id) < end);
            self.rows.remove(at + 1..after);
        }
    }

    /// Unfolds the nodes above `levels` and folds the rest; `1` shows the thesis alone.
    pub fn show_levels(&mut self, map: &ArgMap, levels: usize) {
        // Everything folds, then only the nodes above `levels` are visited to unfold them.
        self.expanded.fill(false);
        let mut stack = vec![(map.root, 0)];
        while let Some((id, depth)) = stack.pop() {
            if depth + 1 < levels {
                self.expanded[id.index()] = true;
                stack.extend(map.children(id).iter().map(|&child| (child, depth + 1)));
            }
        }
        // Under filters the levels close what the filters open, till the filters change.
        self.filter_folds.clear();
        self.filter_levels = self.filters.active().then_some(levels);
        let selected = self.rows.get(self.cursor).map_or(map.root, |row| row.id);
        self.rebuild(map, selected);
    }

    /// The view of `new`, a fresh reading of the map `old` was showing (the file changed on
    /// disk): what was unfolded, selected, stepped into or presented is found again by statement
    /// id, a node that is gone gives way to its nearest surviving ancestor, and everything that
    /// is not about the map (theme, notes, an open editor, the help) stays as it was.
    pub fn carry_over(&self, old: &ArgMap, new: &ArgMap, stable_ids: bool) -> ViewState {
        let mut next = ViewState::new(new, self.width, self.height);
        // An old node's counterpart: the new node with its statement's key, the one its notes
        // go by. That is its id when the format keeps ids; otherwise (Kialo's `1.2.`, an
        // outline's line) the id says where a node stood, which an added line changes, so it
        // is its words and its parent's.
        // A node whose own words were edited has no such key: it is found by its id then, the
        // place it had, as before.
        let (old_keys, new_keys) = (Keys::for_view(stable_ids), Keys::for_view(stable_ids));
        let (old_ids, new_ids) = (Keys::for_view(true), Keys::for_view(true));
        let counterpart = |id: NodeId| {
            let id = old.resolve(id);
            (new_keys.node_in(Some(new), &old_keys.key_in(old, id))).or_else(|| {
                (!stable_ids).then(|| new_ids.node_in(Some(new), &old_ids.key_in(old, id)))?
            })
        };
        next.expanded.fill(false);
        for id in old.preorder() {
            if self.expanded[id.index()]
                && let Some(found) = counterpart(id)
            {
                next.expanded[found.index()] = true;
            }
        }
        let survivor = |id: NodeId| {
            old.path_to(id)
                .into_iter()
                .rev()
                .find_map(counterpart)
                .unwrap_or(new.root)
        };
        let selected = survivor(self.selected());
        next.filters.side = self.filters.side;
        next.filters.focus = self.filters.focus.map(survivor);
        next.search_elsewhere = self.search_elsewhere;
        next.index_elsewhere = self.index_elsewhere;
        if let Some(search) = &self.filters.search {
            next.start_search(new);
            if let Some(fresh) = next.filters.search.as_mut() {
                fresh.typing = search.typing;
            }
            next.set_query(new, search.query.clone());
        }
        next.search_generation = self.search_generation + 1;
        next.rebuild(new, selected);
        next.tree_offset = self.tree_offset;
        if next.selected() == selected && counterpart(self.selected()) == Some(selected) {
            next.detail_scroll = self.detail_scroll;
        }
        next.focus = self.focus;
        next.help = self.help;
        next.theme = self.theme;
        next.presenter_width = self.presenter_width;
        next.zoom = self
            .zoom
            .as_ref()
            .map(|zoom| Zoom::new(new, survivor(zoom.root())));
        next.present = self
            .present
            .as_ref()
            .map(|p| Presenter::start(&next.outline, survivor(p.current())));
        next.notes = self.notes.clone();
        next.note_keys = Keys::for_view(stable_ids);
        next.notes_read_only = self.notes_read_only.clone();
        next.notes_held_elsewhere = self.notes_held_elsewhere;
        next.notes_error = self.notes_error.clone();
        // The notes' key stays as it was; the node, used to go back to it, is the new map's.
        let in_new = |editor: &NoteEditor| {
            let mut editor = editor.clone();
            editor.node = survivor(editor.node);
            editor
        };
        next.editor = self.editor.as_ref().map(in_new);
        next.orphans = self.orphans;
        next.unsaved = self.unsaved.clone();
        next.quit_after_save = self.quit_after_save;
        next.thrown_away = self.thrown_away.as_ref().map(in_new);
        next
    }

    pub fn expand_all(&mut self, map: &ArgMap) {
        self.expanded.fill(true);
        self.filters_changed();
        let selected = self.selected();
        self.rebuild(map, selected);
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// Which match of the search the selection is: (1-based, total).
    pub fn search_position(&self) -> Option<(usize, usize)> {
        self.filters.search.as_ref()?.position(self.selected())
    }

    /// Shows only one side of the argument (`None`: both), keeping the selection when it
    /// stays visible.
    pub fn set_side(&mut self, map: &ArgMap, side: Option<Side>) {
        self.filters.side = side;
        self.filters_changed();
        let selected = self.selected();
        self.rebuild(map, selected);
    }

    /// `f`: narrows the tree to `id`'s ancestors and subtree, or (`None`) shows it all again.
    pub fn set_focus(&mut self, map: &ArgMap, id: Option<NodeId>) {
        self.filters.focus = id;
        self.filters_changed();
        if let Some(id) = id {
            self.expanded[id.index()] = true;
        }
        let selected = self.selected();
        self.rebuild(map, selected);
    }

    /// Opens the search line, remembering the view for Esc.
    pub fn start_search(&mut self, map: &ArgMap) {
        let saved = Saved {
            expanded: self.expanded.clone(),
            selected: self.selected(),
            tree_offset: self.tree_offset,
            detail_scroll: self.detail_scroll,
        };
        // Searching again from a kept result starts from the view before it.
        let saved = match self.filters.search.take() {
            Some(previous) => previous.saved,
            None => saved,
        };
        // The event loop makes the index on a thread of its own and hands it over when it is
        // ready; until then a query waits for it.
        let index = if self.index_elsewhere {
            self.search_index.clone()
        } else {
            Some(self.index(map))
        };
        self.filters.search = Some(Search {
            query: String::new(),
            typing: true,
            index,
            matches: Arc::default(),
            rank: vec![0; map.len()],
            steps: Vec::new(),
            saved,
            pending: false,
            partial: false,
            generation: 0,
        });
        self.filters_changed();
        let selected = self.selected();
        self.rebuild(map, selected);
    }

    /// The folded texts searches look in, made now if they are not yet.
    fn index(&mut self, map: &ArgMap) -> Arc<Index> {
        self.search_index
            .get_or_insert_with(|| Arc::new(Index::new(map)))
            .clone()
    }

    /// The folded texts of this map, made elsewhere (by the event loop's thread).
    pub fn set_search_index(&mut self, index: Arc<Index>) {
        if let Some(search) = self.filters.search.as_mut()
            && search.index.is_none()
        {
            search.index = Some(Arc::clone(&index));
        }
        self.search_index = Some(index);
    }

    /// Whether the folded texts searches look in are made.
    pub fn has_search_index(&self) -> bool {
        self.search_index.is_some()
    }

    /// Sets the query, filters the tree to the matches and selects the best one.
    pub fn set_query(&mut self, map: &ArgMap, query: String) {
        let Some(search) = self.filters.search.as_mut() else {
            return;
        };
        // A space typed after a word, or a letter's case changed, leaves the words searched for
        // as they were: the result on screen is this query's already, and the selection stays
        // on the match the reader moved to. (Shown again, a result of 290,000 matches in a
        // million nodes took 15 ms.)
        let unchanged = search.shows(&fold_query(&query));
        search.query = query;
        self.search_generation += 1;
        search.generation = self.search_generation;
        if unchanged {
            return;
        }
        // What is shown is no longer part of this query's result.
        search.partial = false;
        self.filter_folds.clear();
        self.filter_levels = None;
        if self.search_elsewhere {
            let folded = search.narrow();
            if !search.at_hand(&folded) {
                search.pending = true;
                return;
            }
        }
        let best = search.run(&self.outline.order);
        let keep = best.unwrap_or(search.saved.selected);
        self.rebuild(map, keep);
    }

    /// The generation of the query waiting for the worker, if one is.
    pub fn pending_search(&self) -> Option<u64> {
        let search = self.filters.search.as_ref()?;
        search.pending.then_some(search.generation)
    }

    /// The work for the worker of the query waiting for it, if one is (and the index to
    /// search is made).
    pub fn search_job(&self) -> Option<SearchJob> {
        let search = self.filters.search.as_ref().filter(|s| s.pending)?;
        let folded = fold_query(&search.query);
        Some(SearchJob {
            generation: search.generation,
            index: Arc::clone(search.index.as_ref()?),
            candidates: search.steps.last().map(|step| Arc::clone(&step.matches)),
            outline: Arc::clone(&self.outline),
            rows: self.filters.side.is_none() && self.filters.focus.is_none(),
            screen: usize::from(self.height),
            folded,
        })
    }

    /// The worker's result, or the first part of it: shown when it answers the query waiting
    /// for it, else dropped.
    pub fn search_found(&mut self, map: &ArgMap, mut found: Found) {
        let Some(search) = self.filters.search.as_mut() else {
            return;
        };
        if !search.pending || search.generation != found.generation {
            return;
        }
        let rows = found.rows.take();
        let keep = found.best.unwrap_or(search.saved.selected);
        search.install(found);
        // The worker laid the rows out for the filters of its day: used if they still hold.
        match rows {
            Some(rows)
                if self.filters.side.is_none()
                    && self.filters.focus.is_none()
                    && self.filter_folds.is_empty()
                    && self.filter_levels.is_none() =>
            {
                self.hides_rows.clear();
                let before = self.rows.get(self.cursor).map(|row| row.id);
                self.rows = rows;
                self.mark_last_shown(map.len());
                self.place_cursor(map, keep, before);
            }
            _ => self.rebuild(map, keep),
        }
    }

    /// Searches here and now for a query still waiting for the worker (Enter, n and N need
    /// its result).
    pub fn finish_search(&mut self, map: &ArgMap) {
        if self.filters.search.as_ref().is_none_or(|s| !s.pending) {
            return;
        }
        let index = self.index(map);
        let Some(search) = self.filters.search.as_mut() else {
            return;
        };
        search.index.get_or_insert(index);
        let best = search.run(&self.outline.order);
        let keep = best.unwrap_or(search.saved.selected);
        self.rebuild(map, keep);
    }

    /// Enter: stop typing, keep the result on screen.
    pub fn keep_search(&mut self) {
        if let Some(search) = self.filters.search.as_mut() {
            search.typing = false;
        }
    }

    /// Esc while typing: the view exactly as it was before `/`.
    pub fn cancel_search(&mut self, map: &ArgMap) {
        let Some(search) = self.filters.search.take() else {
            return;
        };
        let saved = search.saved;
        self.filters_changed();
        self.expanded = saved.expanded;
        self.rebuild(map, saved.selected);
        self.tree_offset = saved.tree_offset;
        self.detail_scroll = saved.detail_scroll;
    }

    /// Esc on a kept result: the whole tree again, staying on the selected node.
    pub fn clear_search(&mut self, map: &ArgMap) {
        let selected = self.selected();
        if let Some(search) = self.filters.search.take() {
            self.remember_search(search);
            self.filters_changed();
            self.unfilter(map, selected);
        }
    }

    /// Search, side and focus filters off; the selection stays.
    pub fn clear_filters(&mut self, map: &ArgMap) {
        let selected = self.selected();
        if let Some(search) = std::mem::take(&mut self.filters).search {
            self.remember_search(search);
        }
        self.filters_changed();
        self.unfilter(map, selected);
    }

    /// The next (or previous) match after the selection in reading order, going round, that
    /// the side and focus filters show: selected, with any fold on the way to it opened. The
    /// status line's words when those filters hide every match.
    pub fn step_match(&mut self, map: &ArgMap, forward: bool) -> Option<String> {
        let search = self.filters.search.as_ref()?;
        let count = search.matches.len();
        if count == 0 {
            return None;
        }
        // The matches are in reading order: a binary search finds where the selection stands.
        let outline = &self.outline;
        let here = outline.place(self.selected());
        let start = if forward {
            search
                .matches
                .partition_point(|&id| outline.place(id) <= here)
        } else {
            search
                .matches
                .partition_point(|&id| outline.place(id) < here)
        };
        let (focus, side) = (self.filters.focus, self.filters.side);
        let shown = |id: NodeId| {
            focus.is_none_or(|focus| outline.contains(focus, id) || outline.contains(id, focus))
                && side.is_none_or(|side| id == map.root || side.includes(map.node(id).kind))
        };
        let next = (0..count)
            .map(|step| {
                if forward {
                    (start + step) % count
                } else {
                    (start + count - 1 - step) % count
                }
            })
            .map(|at| search.matches[at])
            .find(|&id| shown(id));
        let Some(next) = next else {
            let query = search.query.trim();
            let hiders = match (focus.is_some(), side.is_some()) {
                (true, true) => "the focus and the one-side view hide",
                (true, false) => "the focus hides",
                _ => "the one-side view hides",
            };
            return Some(format!("{hiders} every match for “{query}”"));
        };
        self.select_node(map, next);
        None
    }

    /// Recomputes the visible rows and puts the cursor on `keep`, or on its nearest visible
    /// ancestor when folding or a filter hid it.
    fn rebuild(&mut self, map: &ArgMap, keep: NodeId) {
        let before = self.rows.get(self.cursor).map(|row| row.id);
        self.rows.clear();
        if self.filters.active() {
            self.rebuild_filtered(map);
        } else {
            let everything = 0..self.outline.order.len();
            let rows = self.outline.open_rows(&self.expanded, everything);
            self.rows.extend(rows);
        }
        self.mark_last_shown(map.len());
        self.place_cursor(map, keep, before);
    }

    /// Whether `id` is the last of its parent's children on show, for its guide.
    pub fn is_last_shown(&self, map: &ArgMap, id: NodeId) -> bool {
        match self.last_shown.get(id.index()) {
            Some(&last) => last,
            None => map
                .parent(id)
                .is_some_and(|parent| map.children(parent).last() == Some(&id)),
        }
    }

    /// Fills [`ViewState::last_shown`] from the rows a filter left, in one pass from the end:
    /// a row is the last of its siblings shown when no row of its depth came after it before
    /// a shallower one. (Folding later hides children, never siblings, so it holds.)
    fn mark_last_shown(&mut self, nodes: usize) {
        self.last_shown.clear();
        if !self.filters.active() {
            return;
        }
        self.last_shown.resize(nodes, false);
        // For each depth on the way down to the row, whether a sibling row followed it.
        let mut sibling_after: Vec<bool> = Vec::new();
        for row in self.rows.iter().rev() {
            let depth = row.depth;
            sibling_after.truncate(depth + 1);
            sibling_after.resize(depth + 1, false);
            self.last_shown[row.id.index()] = !sibling_after[depth];
            sibling_after[depth] = true;
        }
    }

    /// Puts the cursor on `keep`'s row, or its nearest ancestor's; `before` was selected.
    fn place_cursor(&mut self, map: &ArgMap, keep: NodeId, before: Option<NodeId>) {
        let mut target = Some(keep);
        self.cursor = 0;
        while let Some(id) = target {
            if let Some(index) = self.row_of(id) {
                self.cursor = index;
                break;
            }
            target = map.parent(id);
        }
        if before != Some(self.selected()) {
            self.detail_scroll = 0;
        }
    }

    /// Rows when filters are on: nodes that pass every filter, with the ancestors that lead to
    /// them shown as context. Search and side filters open every fold on the way to a match;
    /// focus alone keeps the folds inside the focused subtree. Folds made under the filters
    /// (and `1`–`9`) close what they open.
    fn rebuild_filtered(&mut self, map: &ArgMap) {
        let n = map.len();
        let focus = self.filters.focus;
        let outline = &self.outline;
        // In focus: the focused node's subtree and the way down to it (by places in reading
        // order, where a subtree follows its root).
        let in_focus = |id: NodeId| {
            focus.is_none_or(|focus| outline.contains(focus, id) || outline.contains(id, focus))
        };
        let search = self.filters.search.as_ref().filter(|s| s.has_words());
        let side = self.filters.side;
        let passes = |id: NodeId| {
            in_focus(id)
                && search.is_none_or(|s| s.is_match(id))
                && side.is_none_or(|side| id == map.root || side.includes(map.node(id).kind))
        };
        let opens_all = search.is_some() || side.is_some();
        let (folds, levels, expanded) = (&self.filter_folds, self.filter_levels, &self.expanded);
        let open = |id: NodeId, depth: usize| {
            open_under_filters(
                outline, folds, levels, expanded, opens_all, focus, id, depth,
            )
        };
        self.hides_rows.clear();
        // Only a search's matches can pass it, so a search with few matches looks at them
        // alone; otherwise one walk along the reading order does it all.
        if search.is_none_or(|s| dense(s.matches.len(), n)) {
            rows_along_outline(
                outline,
                &passes,
                &open,
                None,
                &mut self.rows,
                Some(&mut self.hides_rows),
            );
            return;
        }
        // A node is shown when it passes or leads to one that does: each passing node marks
        // its ancestors up to the first one already marked, so every node is marked once.
        let mut shown = vec![false; n];
        let mut leads = vec![false; n];
        let mut mark = |id: NodeId| {
            if !passes(id) {
                return;
            }
            shown[id.index()] = true;
            let mut at = map.parent(id);
            while let Some(node) = at {
                if std::mem::replace(&mut leads[node.index()], true) {
                    break;
                }
                shown[node.index()] = true;
                at = map.parent(node);
            }
        };
        // Only a search's matches can pass it, so a search looks at them alone.
        if let Some(search) = search {
            search.matches.iter().for_each(|&id| mark(id));
        }
        let mut stack = vec![Row {
            id: map.root,
            depth: 0,
            context: !passes(map.root),
        }];
        while let Some(row) = stack.pop() {
            self.rows.push(row);
            if !open(row.id, row.depth) {
                if leads[row.id.index()] {
                    self.hides_rows.insert(row.id);
                }
                continue;
            }
            let depth = row.depth + 1;
            let children = map
                .children(row.id)
                .iter()
                .rev()
                .filter(|c| shown[c.index()]);
            stack.extend(children.map(|&id| Row {
                id,
                depth,
                context: !passes(id),
            }));
        }
    }
}

/// Whether a shown node is open under the filters: as folded there if it was, else closed
/// at the levels asked for, else open where a search or side filter opens everything, on
/// the way to the focus, or where the tree has it unfolded.
#[allow(clippy::too_many_arguments)]
fn open_under_filters(
    outline: &Outline,
    folds: &FastMap<NodeId, bool>,
    levels: Option<usize>,
    expanded: &[bool],
    opens_all: bool,
    focus: Option<NodeId>,
    id: NodeId,
    depth: usize,
) -> bool {
    if let Some(&open) = folds.get(&id) {
        return open;
    }
    if levels.is_some_and(|levels| depth + 1 >= levels) {
        return false;
    }
    opens_all || focus.is_some_and(|focus| outline.contains(id, focus)) || expanded[id.index()]
}

/// The filtered rows in one walk along the reading order: a node is shown when it passes or
/// leads to one that does, and the subtree of a hidden or closed node (`open(node, depth)`
/// false) is jumped over; `hides`, if given, gets the closed nodes that have shown nodes
/// beneath them. With `upto`, the walk stops after that node (the rows of the first part of a
/// search).
fn rows_along_outline(
    outline: &Outline,
    passes: &dyn Fn(NodeId) -> bool,
    open: &dyn Fn(NodeId, usize) -> bool,
    upto: Option<NodeId>,
    rows: &mut Rows,
    mut hides: Option<&mut FastSet<NodeId>>,
) {
    let mut n = outline.order.len();
    // Per position: shown, and whether it leads to a passing node below it. Each passing node
    // marks its ancestors (the stack of open positions) up to the first one already marked.
    let mut shown = vec![false; n];
    let mut leads = vec![false; n];
    let mut ancestors: Vec<usize> = Vec::new();
    for at in 0..n {
        ancestors.truncate(outline.depth[at] as usize);
        let id = outline.order[at];
        if passes(id) {
            shown[at] = true;
            for &above in ancestors.iter().rev() {
                if std::mem::replace(&mut leads[above], true) {
                    break;
                }
                shown[above] = true;
            }
        }
        ancestors.push(at);
        if upto == Some(id) {
            n = at + 1;
            break;
        }
    }
    // The root is always a row, even when nothing passes.
    if let Some(root) = shown.first_mut() {
        *root = true;
    }
    let mut at = 0;
    while at < n {
        let id = outline.order[at];
        if !shown[at] {
            at += outline.size[at] as usize + 1;
            continue;
        }
        let depth = outline.depth[at] as usize;
        rows.push(Row {
            id,
            depth,
            context: !passes(id),
        });
        at += if open(id, depth) {
            1
        } else {
            if leads[at]
                && let Some(hides) = hides.as_deref_mut()
            {
                hides.insert(id);
            }
            outline.size[at] as usize + 1
        };
    }
}

/// From this many children on, a node's children are counted by kind once, as the map is laid
/// out, not on every frame its detail is drawn.
const CROWD: usize = 1024;

/// The map in reading order with each node's depth and subtree size, made once per map and
/// shared by the tree's rows and presenter mode's slides.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Every node, depth first, children in order.
    order: Vec<NodeId>,
    /// Per position in `order`: the node's depth.
    depth: Vec<u32>,
    /// Per position in `order`: how many nodes stand below it (its subtree follows it).
    size: Vec<u32>,
    /// Per node: its position in `order`.
    places: Vec<u32>,
    /// The children of each node with [`CROWD`] or more, counted by kind.
    crowds: FastMap<NodeId, ChildTally>,
}

impl Outline {
    pub fn new(map: &ArgMap) -> Outline {
        let mut order = Vec::with_capacity(map.len());
        let mut depth = Vec::with_capacity(map.len());
        let mut crowds = FastMap::default();
        for (id, d) in map.preorder_with_depth() {
            order.push(id);
            depth.push(d as u32);
            if map.children(id).len() >= CROWD {
                crowds.insert(id, map.tally_children(id));
            }
        }
        // A subtree ends where a node no deeper than its root comes.
        let n = order.len();
        let mut size = vec![0u32; n];
        let mut open: Vec<usize> = Vec::new();
        for at in 0..n {
            while let Some(&top) = open.last() {
                if depth[top] < depth[at] {
                    break;
                }
                size[top] = (at - top - 1) as u32;
                open.pop();
            }
            open.push(at);
        }
        for top in open {
            size[top] = (n - top - 1) as u32;
        }
        let mut places = vec![0u32; n];
        for (at, id) in order.iter().enumerate() {
            places[id.index()] = at as u32;
        }
        Outline {
            order,
            depth,
            size,
            places,
            crowds,
        }
    }

    /// A node's position in reading order.
    fn place(&self, id: NodeId) -> usize {
        self.places[id.index()] as usize
    }

    /// Whether `id` is `top` or below it.
    fn contains(&self, top: NodeId, id: NodeId) -> bool {
        let (top, at) = (self.place(top), self.place(id));
        top <= at && at <= top + self.size[top] as usize
    }

    /// Every node, depth first, children in order.
    pub fn order(&self) -> &[NodeId] {
        &self.order
    }

    /// A node's position in reading order, if the map has it.
    pub fn position(&self, id: NodeId) -> Option<usize> {
        self.places.get(id.index()).map(|&at| at as usize)
    }

    /// The rows of the nodes at `positions` that no fold hides, in reading order: a walk
    /// along the outline that jumps over the subtree of every folded node.
    fn open_rows<'a>(
        &'a self,
        expanded: &'a [bool],
        positions: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Row> + 'a {
        let mut at = positions.start;
        std::iter::from_fn(move || {
            if at >= positions.end {
                return None;
            }
            let id = self.order[at];
            let row = Row {
                id,
                depth: self.depth[at] as usize,
                context: false,
            };
            at += if expanded[id.index()] {
                1
            } else {
                self.size[at] as usize + 1
            };
            Some(row)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::statement;
    use crate::model::{Body, Kind, Meta};
    use proptest::prelude::*;

    /// A map where each new node hangs under a node `back` places before it (a long `back`
    /// of 0 makes chains, so the map is deep as well as wide), or under any earlier one.
    fn map_from(links: &[(bool, usize)]) -> ArgMap {
        let mut map = ArgMap::new(Meta::default(), statement("n0", "thesis"));
        for (i, &(near, pick)) in links.iter().enumerate() {
            let parent = if near {
                i.saturating_sub(pick % 3)
            } else {
                pick % (i + 1)
            };
            let body = Body::Statement(statement(&format!("n{}", i + 1), "node"));
            map.push(NodeId(parent as u32), Kind::Claim, body);
        }
        map
    }

    /// Presenting follows a reload: the same node's slide, numbered in the new map, which the
    /// presenter reads from the new map's outline, not the old one's.
    #[test]
    fn a_reload_while_presenting_keeps_the_slide_and_counts_the_new_map() {
        let with = |extra: bool| {
            let mut map = ArgMap::new(Meta::default(), statement("t", "thesis"));
            let claim = |id: &str| Body::Statement(statement(id, id));
            map.push(map.root, Kind::Claim, claim("a"));
            if extra {
                let added = map.push(map.root, Kind::Objection, claim("added"));
                map.push(added, Kind::Claim, claim("below"));
            }
            map.push(map.root, Kind::Claim, claim("b"));
            map
        };
        let (old, new) = (with(false), with(true));
        let mut state = ViewState::new(&old, 80, 24);
        state.start_presenting(old.find("b").unwrap());
        assert_eq!(state.present.as_ref().unwrap().position(), (3, 3));
        let next = state.carry_over(&old, &new, true);
        let presenter = next.present.as_ref().expect("still presenting");
        assert_eq!(presenter.current(), new.find("b").unwrap());
        assert_eq!(presenter.position(), (5, 5));
        assert_eq!(presenter.slide_of(new.find("below").unwrap()), Some(4));
    }

    #[test]
    fn a_crowd_of_children_is_counted_once_and_as_a_count_on_the_spot_would() {
        let mut map = ArgMap::new(Meta::default(), statement("t", "thesis"));
        let kinds = [Kind::Claim, Kind::Objection, Kind::Evidence, Kind::Question];
        for i in 0..CROWD + 3 {
            let body = Body::Statement(statement(&format!("c{i}"), "child"));
            map.push(map.root, kinds[i % 4], body);
        }
        let few = map.children(map.root)[0];
        map.push(few, Kind::Caveat, Body::Statement(statement("k", "caveat")));
        let state = ViewState::new(&map, 120, 40);
        let crowd = state.child_tally(&map, map.root);
        assert!(matches!(crowd, Cow::Borrowed(_)), "counted as laid out");
        assert_eq!(*crowd, map.tally_children(map.root));
        assert_eq!(crowd.for_side, [(Kind::Claim, 257), (Kind::Evidence, 257)]);
        assert_eq!(
            crowd.against,
            [(Kind::Objection, 257), (Kind::Question, 256)]
        );
        let small = state.child_tally(&map, few);
        assert!(matches!(small, Cow::Owned(_)), "counted when asked");
        assert_eq!(small.against, [(Kind::Caveat, 1)]);
    }

    /// The rows by a plain walk: every node with no folded ancestor, in reading order.
    fn walked(state: &ViewState, map: &ArgMap) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut stack = vec![(map.root, 0)];
        while let Some((id, depth)) = stack.pop() {
            rows.push(Row {
                id,
                depth,
                context: false,
            });
            if state.is_expanded(id) {
                stack.extend(map.children(id).iter().rev().map(|&c| (c, depth + 1)));
            }
        }
        rows
    }

    fn links() -> impl Strategy<Value = Vec<(bool, usize)>> {
        prop::collection::vec((prop::bool::weighted(0.7), 0..usize::MAX), 1..4_000)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Folding and unfolding nodes anywhere in a large, deep map, starting fully open,
        /// leaves exactly the rows a walk of the unfolded nodes gives, with the selection
        /// on the node folded and `h` (to the parent) finding its row.
        #[test]
        fn folds_leave_the_rows_a_plain_walk_gives(
            links in links(),
            folds in prop::collection::vec((0..usize::MAX, prop::bool::ANY), 1..40),
        ) {
            let map = map_from(&links);
            let mut state = ViewState::new(&map, 120, 40);
            state.expand_all(&map);
            prop_assert_eq!(state.rows().to_vec(), walked(&state, &map));
            for (pick, open) in folds {
                let id = NodeId((pick % map.len()) as u32);
                state.select_node(&map, id);
                prop_assert_eq!(state.selected(), id);
                state.set_expanded(&map, id, open);
                prop_assert_eq!(state.selected(), id);
                prop_assert_eq!(state.rows().to_vec(), walked(&state, &map));
                if let Some(parent) = map.parent(id) {
                    state.select_node(&map, parent);
                    prop_assert_eq!(state.selected(), parent);
                    prop_assert_eq!(state.rows()[state.cursor()].id, parent);
                }
            }
            // A rebuild from scratch agrees with the splices.
            let spliced = state.rows().clone();
            let selected = state.selected();
            state.rebuild(&map, selected);
            prop_assert_eq!(state.rows(), &spliced);
        }
    }
}
