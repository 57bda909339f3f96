//! Presenter mode: the map as slides, one node at a time, for a teacher sharing a terminal with a
//! class. This is the state and its pure transitions; `ui::present` draws it.
//!
//! The slides follow the map's reading order (depth first, as [`ArgMap::preorder`] walks it).
//! A slide lists the node's children; they are revealed one at a time, so `forward` first
//! reveals the next child and only then moves on to the next slide, and `back` undoes that.

use std::sync::Arc;

use super::state::Outline;
use crate::model::{ArgMap, NodeId};

#[derive(Debug, Clone)]
pub struct Presenter {
    /// The map in reading order, shared with the tree's view, which laid it out as the map
    /// opened: presenting a million nodes starts at once.
    outline: Arc<Outline>,
    /// The current slide, an index into the reading order.
    index: usize,
    /// How many of the current node's children are shown.
    revealed: usize,
    overview: bool,
    /// Rows the slide is scrolled down, to read a slide too tall for the screen; 0 shows it
    /// shortened to fit. Reset by any move.
    scroll: usize,
    /// The slide chosen in the overview, an index into the reading order: the overview's keys
    /// move it, and the slide on screen changes only when it is shown.
    chosen: usize,
    /// Rows the overview is scrolled by the user (the wheel), away from centring the chosen
    /// slide; the renderer still keeps the chosen slide in view. Reset by any move.
    overview_scroll: isize,
    /// The seminar notes (marks and notes) are left off the slides: a teacher's own notes need
    /// not be projected. Kept whatever the slide.
    notes_hidden: bool,
    /// The slide number typed so far, which `G` goes to (`12G`).
    number: Option<usize>,
}

impl Presenter {
    /// The slide of `at` (the thesis when `at` is not in the map), nothing revealed.
    pub fn start(outline: &Arc<Outline>, at: NodeId) -> Presenter {
        Presenter {
            outline: Arc::clone(outline),
            index: outline.position(at).unwrap_or(0),
            revealed: 0,
            overview: false,
            scroll: 0,
            chosen: 0,
            overview_scroll: 0,
            notes_hidden: false,
            number: None,
        }
    }

    /// The node the current slide shows.
    pub fn current(&self) -> NodeId {
        self.order().get(self.index).copied().unwrap_or(NodeId(0))
    }

    /// The current slide (1-based) and how many there are: `(7, 31)`.
    pub fn position(&self) -> (usize, usize) {
        (self.index + 1, self.order().len())
    }

    /// How many of the current node's children the slide shows.
    pub fn revealed(&self) -> usize {
        self.revealed
    }

    /// The 1-based slide that shows `id`, if it is in the map.
    pub fn slide_of(&self, id: NodeId) -> Option<usize> {
        self.outline.position(id).map(|slide| slide + 1)
    }

    /// Every node in slide order.
    pub fn order(&self) -> &[NodeId] {
        self.outline.order()
    }

    /// Reveals the next child if any is hidden, else goes to the next slide with nothing
    /// revealed. On the last slide with everything revealed, stays, and says so: false.
    pub fn forward(&mut self, map: &ArgMap) -> bool {
        if self.revealed < child_count(map, self.current()) {
            self.revealed += 1;
            self.scroll = 0;
            true
        } else {
            self.next_slide()
        }
    }

    /// Hides the last revealed child if any, else goes to the previous slide with all its
    /// children revealed (as `forward` left it). On the first slide with nothing revealed,
    /// stays, and says so: false.
    pub fn back(&mut self, map: &ArgMap) -> bool {
        if self.revealed > 0 {
            self.revealed -= 1;
            self.scroll = 0;
        } else if self.index > 0 {
            self.show(self.index - 1);
            self.revealed = child_count(map, self.current());
        } else {
            return false;
        }
        true
    }

    /// The next slide, nothing revealed, whatever is still hidden here. On the last, stays:
    /// false.
    pub fn next_slide(&mut self) -> bool {
        let moves = self.index + 1 < self.order().len();
        if moves {
            self.show(self.index + 1);
        }
        moves
    }

    /// The previous slide, nothing revealed, as `next_slide` shows a slide: to present it
    /// again point by point (`back` arrives at it with everything shown). On the first, stays:
    /// false.
    pub fn previous_slide(&mut self) -> bool {
        let moves = self.index > 0;
        if moves {
            self.show(self.index - 1);
        }
        moves
    }

    /// The first slide (the thesis), nothing revealed.
    pub fn first(&mut self) {
        self.show(0);
    }

    /// The last slide. It is always a leaf, so there is nothing to reveal.
    pub fn last(&mut self) {
        self.show(self.order().len().saturating_sub(1));
    }

    /// Opens the overview with the slide on screen chosen.
    pub fn open_overview(&mut self) {
        self.overview = true;
        self.chosen = self.index;
        self.overview_scroll = 0;
    }

    /// Closes the overview, back on the slide that was on screen, whatever was chosen.
    pub fn close_overview(&mut self) {
        self.overview = false;
        self.overview_scroll = 0;
    }

    /// Closes the overview on the slide chosen there, nothing revealed (the slide on screen,
    /// as it was, when it is the one chosen).
    pub fn show_chosen(&mut self) {
        let chosen = self.chosen;
        self.close_overview();
        if chosen != self.index {
            self.show(chosen);
        }
    }

    pub fn overview(&self) -> bool {
        self.overview
    }

    /// The slide chosen in the overview (1-based), as [`Presenter::position`] counts.
    pub fn chosen(&self) -> usize {
        self.chosen + 1
    }

    /// Moves the overview's choice to the 0-based slide `to` (the last when past the end).
    pub fn choose(&mut self, to: usize) {
        self.chosen = to.min(self.order().len().saturating_sub(1));
        self.overview_scroll = 0;
    }

    /// The 0-based slide chosen in the overview.
    pub fn chosen_index(&self) -> usize {
        self.chosen
    }

    /// Scrolls the overview by `rows` (negative: up), for the mouse wheel. The chosen slide
    /// stays in view however far this goes.
    pub fn scroll_overview(&mut self, rows: isize) {
        self.overview_scroll = self.overview_scroll.saturating_add(rows);
    }

    pub fn overview_scroll(&self) -> isize {
        self.overview_scroll
    }

    /// The slide of `id`, nothing revealed (e.g. chosen in the overview). An id that is not in
    /// the map changes nothing.
    pub fn go_to(&mut self, id: NodeId) {
        if let Some(index) = self.outline.position(id) {
            self.show(index);
        }
    }

    /// Adds a digit to the slide number being typed; returns the number so far.
    pub fn type_digit(&mut self, digit: u8) -> usize {
        let number = self
            .number
            .unwrap_or(0)
            .saturating_mul(10)
            .saturating_add(usize::from(digit));
        self.number = Some(number);
        number
    }

    /// The slide number typed, forgotten: any key but a digit ends it.
    pub fn take_number(&mut self) -> Option<usize> {
        self.number.take()
    }

    /// The slide `number` (1-based), nothing revealed; false, staying, when there is none.
    pub fn go_to_slide(&mut self, number: usize) -> bool {
        let exists = (1..=self.order().len()).contains(&number);
        if exists {
            self.show(number - 1);
        }
        exists
    }

    /// Whether the slides show the seminar notes.
    pub fn notes_shown(&self) -> bool {
        !self.notes_hidden
    }

    /// Hides the seminar notes on every slide, or shows them again.
    pub fn toggle_notes(&mut self) {
        self.notes_hidden = !self.notes_hidden;
        self.scroll = 0;
    }

    /// Rows the slide is scrolled down (0: shortened to fit the screen).
    pub fn slide_scroll(&self) -> usize {
        self.scroll
    }

    /// Scrolls the slide to `rows` down; the update keeps it within the slide.
    pub fn scroll_slide_to(&mut self, rows: usize) {
        self.scroll = rows;
    }

    fn show(&mut self, index: usize) {
        self.index = index;
        self.revealed = 0;
        self.scroll = 0;
        self.overview_scroll = 0;
    }
}

/// How many children `id` has, and none for an id the map does not have.
fn child_count(map: &ArgMap, id: NodeId) -> usize {
    map.nodes
        .get(id.index())
        .map_or(0, |node| node.children.len())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::tests::{small_map, statement};
    use crate::model::{Body, Kind, Meta};

    /// thesis(0) ─┬─ a(1) ─── a1(2)
    ///            └─ b(3) ─── ref to a(4)
    fn at(map: &ArgMap, slide: usize) -> Presenter {
        let mut presenter = presenting(map, map.root);
        for _ in 1..slide {
            presenter.next_slide();
        }
        presenter
    }

    /// Presenter mode on `map`, from the slide of `at`.
    pub(crate) fn presenting(map: &ArgMap, at: NodeId) -> Presenter {
        Presenter::start(&Arc::new(Outline::new(map)), at)
    }

    fn state(p: &Presenter) -> (u32, usize) {
        (p.current().0, p.revealed())
    }

    #[test]
    fn start_shows_the_given_node_with_nothing_revealed() {
        let map = small_map();
        let presenter = presenting(&map, NodeId(3));
        assert_eq!(state(&presenter), (3, 0));
        assert_eq!(presenter.position(), (4, 5));
        assert!(!presenter.overview());
        assert_eq!(presenter.order(), [0, 1, 2, 3, 4].map(NodeId));
    }

    #[test]
    fn start_outside_the_map_shows_the_thesis() {
        let map = small_map();
        let presenter = presenting(&map, NodeId(99));
        assert_eq!(state(&presenter), (0, 0));
        assert_eq!(presenter.position(), (1, 5));
    }

    #[test]
    fn forward_reveals_each_child_then_moves_to_the_next_slide() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        let mut seen = vec![state(&p)];
        for _ in 0..8 {
            p.forward(&map);
            seen.push(state(&p));
        }
        assert_eq!(
            seen,
            [
                (0, 0),
                (0, 1),
                (0, 2),
                (1, 0),
                (1, 1),
                (2, 0),
                (3, 0),
                (3, 1),
                (4, 0)
            ]
        );
        assert_eq!(p.position(), (5, 5));
    }

    #[test]
    fn forward_at_the_end_stays() {
        let map = small_map();
        let mut p = at(&map, 5);
        p.forward(&map);
        p.forward(&map);
        assert_eq!(state(&p), (4, 0));
        assert_eq!(p.position(), (5, 5));
    }

    #[test]
    fn back_hides_the_last_child_then_returns_to_the_previous_slide_fully_revealed() {
        let map = small_map();
        let mut p = at(&map, 5);
        let mut seen = vec![state(&p)];
        for _ in 0..9 {
            p.back(&map);
            seen.push(state(&p));
        }
        assert_eq!(
            seen,
            [
                (4, 0),
                (3, 1),
                (3, 0),
                (2, 0),
                (1, 1),
                (1, 0),
                (0, 2),
                (0, 1),
                (0, 0),
                (0, 0)
            ]
        );
    }

    #[test]
    fn back_and_forward_undo_each_other() {
        let map = load_builtin_map();
        let mut p = presenting(&map, map.root);
        let mut trail = vec![(state(&p), p.position())];
        loop {
            p.forward(&map);
            let now = (state(&p), p.position());
            if now == *trail.last().unwrap() {
                break;
            }
            trail.push(now);
        }
        // Every node is a slide, and every child is revealed once on its parent's slide.
        assert_eq!(trail.len(), map.len() + (map.len() - 1));
        while let Some(expected) = trail.pop() {
            assert_eq!((state(&p), p.position()), expected);
            p.back(&map);
        }
        assert_eq!(state(&p), (map.root.0, 0));
    }

    #[test]
    fn whole_slides_skip_the_reveals() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        p.forward(&map);
        p.next_slide();
        assert_eq!(state(&p), (1, 0));
        p.next_slide();
        p.next_slide();
        assert_eq!(state(&p), (3, 0));
        p.previous_slide();
        assert_eq!(state(&p), (2, 0), "a leaf has nothing to reveal");
        p.previous_slide();
        assert_eq!(
            state(&p),
            (1, 0),
            "nothing revealed, as the next slide is shown"
        );
        p.forward(&map);
        p.previous_slide();
        assert_eq!(
            state(&p),
            (0, 0),
            "whatever was revealed where it came from"
        );
    }

    #[test]
    fn whole_slides_stop_at_the_ends() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        p.forward(&map);
        p.previous_slide();
        assert_eq!(state(&p), (0, 1), "on the first slide, stays as it is");
        let mut p = at(&map, 5);
        p.next_slide();
        assert_eq!(state(&p), (4, 0));
    }

    /// At either end the moves say they did nothing, so the update can say "first slide" or
    /// "last slide" rather than stay silent.
    #[test]
    fn the_moves_say_when_an_end_stops_them() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        assert!(!p.back(&map) && !p.previous_slide());
        assert!(p.forward(&map) && p.back(&map));
        p.last();
        assert!(!p.forward(&map) && !p.next_slide());
        assert!(p.previous_slide() && p.next_slide());
        assert_eq!(state(&p), (4, 0));
    }

    /// Digits typed make a slide's number, which `go_to_slide` shows; one out of range changes
    /// nothing.
    #[test]
    fn a_typed_number_goes_to_that_slide() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        p.forward(&map);
        assert_eq!(p.type_digit(0), 0);
        assert_eq!(p.type_digit(4), 4);
        assert_eq!(p.take_number(), Some(4));
        assert_eq!(p.take_number(), None, "taken once");
        assert!(p.go_to_slide(4));
        assert_eq!((state(&p), p.position()), ((3, 0), (4, 5)));
        assert!(!p.go_to_slide(6) && !p.go_to_slide(0));
        assert_eq!(p.position(), (4, 5));
        for _ in 0..30 {
            p.type_digit(9);
        }
        assert_eq!(p.take_number(), Some(usize::MAX), "no overflow");
    }

    /// Hidden seminar notes stay hidden from slide to slide until shown again.
    #[test]
    fn hidden_notes_stay_hidden_whatever_the_slide() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        assert!(p.notes_shown());
        p.toggle_notes();
        p.next_slide();
        p.last();
        assert!(!p.notes_shown());
        p.toggle_notes();
        assert!(p.notes_shown());
    }

    #[test]
    fn first_and_last() {
        let map = small_map();
        let mut p = presenting(&map, NodeId(1));
        p.forward(&map);
        p.last();
        assert_eq!(state(&p), (4, 0));
        assert_eq!(p.position(), (5, 5));
        p.first();
        assert_eq!(state(&p), (0, 0));
        assert_eq!(p.position(), (1, 5));
    }

    #[test]
    fn the_overview_chooses_without_moving_and_its_scroll_resets_on_a_choice() {
        let map = small_map();
        let mut p = presenting(&map, NodeId(1));
        p.forward(&map);
        p.open_overview();
        assert!(p.overview());
        assert_eq!(p.chosen(), 2, "the slide on screen is chosen first");
        p.scroll_overview(3);
        p.scroll_overview(-1);
        assert_eq!(p.overview_scroll(), 2);
        p.choose(3);
        assert_eq!(p.overview_scroll(), 0);
        assert_eq!(p.chosen(), 4);
        assert_eq!(
            state(&p),
            (1, 1),
            "choosing does not move the slide on screen"
        );
        p.scroll_overview(isize::MAX);
        p.scroll_overview(1);
        assert_eq!(p.overview_scroll(), isize::MAX);
        p.choose(99);
        assert_eq!(p.chosen(), 5, "past the end chooses the last");
        p.close_overview();
        assert!(!p.overview());
        assert_eq!(p.overview_scroll(), 0);
        assert_eq!(state(&p), (1, 1), "closing leaves the slide as it was");
    }

    #[test]
    fn showing_the_chosen_slide_moves_there_and_the_slide_on_screen_keeps_its_reveals() {
        let map = small_map();
        let mut p = presenting(&map, NodeId(1));
        p.forward(&map);
        p.open_overview();
        p.choose(3);
        p.show_chosen();
        assert!(!p.overview());
        assert_eq!(state(&p), (3, 0));
        p.forward(&map);
        p.open_overview();
        p.show_chosen();
        assert_eq!(state(&p), (3, 1), "the same slide, as it was");
    }

    #[test]
    fn go_to_shows_a_node_with_nothing_revealed() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        p.forward(&map);
        p.go_to(NodeId(3));
        assert_eq!(state(&p), (3, 0));
        assert_eq!(p.position(), (4, 5));
        p.go_to(NodeId(42));
        assert_eq!(state(&p), (3, 0), "an unknown id changes nothing");
        assert_eq!(p.slide_of(NodeId(4)), Some(5));
        assert_eq!(p.slide_of(NodeId(5)), None);
    }

    #[test]
    fn references_are_slides_too() {
        let map = small_map();
        let mut p = presenting(&map, map.root);
        p.go_to(NodeId(4));
        assert!(map.is_ref(p.current()));
        assert_eq!(p.position(), (5, 5));
    }

    #[test]
    fn a_map_of_one_node_is_one_slide_that_never_moves() {
        let map = ArgMap::new(Meta::default(), statement("t", "Alone"));
        let mut p = presenting(&map, map.root);
        assert_eq!(p.position(), (1, 1));
        p.forward(&map);
        p.back(&map);
        p.next_slide();
        p.previous_slide();
        p.last();
        p.first();
        p.go_to(NodeId(1));
        assert_eq!(state(&p), (0, 0));
        assert_eq!(p.position(), (1, 1));
    }

    #[test]
    fn a_different_map_passed_by_mistake_does_not_panic() {
        let map = small_map();
        let mut p = presenting(&map, NodeId(4));
        let other = ArgMap::new(Meta::default(), statement("t", "T"));
        p.forward(&other);
        assert_eq!(p.position(), (5, 5));
        p.back(&other);
        p.previous_slide();
        assert_eq!((p.position(), p.revealed()), ((3, 5), 0));
    }

    #[test]
    fn reading_order_is_depth_first_on_deep_maps() {
        let mut map = ArgMap::new(Meta::default(), statement("t", "T"));
        let mut at = map.root;
        for i in 0..100_000 {
            at = map.push(
                at,
                Kind::Claim,
                Body::Statement(statement(&i.to_string(), "x")),
            );
        }
        let mut p = presenting(&map, at);
        assert_eq!(p.position(), (100_001, 100_001));
        p.back(&map);
        assert_eq!((p.position().0, p.revealed()), (100_000, 1));
    }

    fn load_builtin_map() -> ArgMap {
        crate::load::builtin().map
    }
}
