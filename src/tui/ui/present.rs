//! Presenter mode on screen: one node a slide in a centred column, or the whole map as an
//! outline (the overview). Render only: the state and its moves are in `tui::present`.
//!
//! A slide reads from the top: the kind and what the node bears on, the label (the thesis in big
//! block letters where they fit), the paraphrase, the quotation with its place in the source, and
//! the children revealed so far, then the seminar notes unless the presenter hid them (`n`). A
//! header line on the row above the slide gives the path from the thesis (on the thesis's own
//! slide, the source), a footer the keys and the counter; both stay whatever the size. A
//! slide too tall for the screen has its text fitted once, leaving the rows a child needs as it
//! is revealed, so the quotation keeps its lines as children are revealed: they take the rows
//! the text leaves, the first giving way ("↑ 2 above"). The source's own words are the last of the
//! text to go (see [`fit`]); the key that scrolls the slide (`J`) shows all of it, nothing cut,
//! and the footer names it whenever the slide is cut.

use font8x8::UnicodeFonts;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::formats::outline::guides_within;
use crate::load::Loaded;
use crate::model::{ArgMap, Kind, NodeId, describe_counts};
use crate::notes::{Entry, Keys, Notes};
use crate::text::{sanitize, shown, truncate, width, wrap};

use super::super::action::Action;
use super::super::hint::Keep;
use super::super::keymap::{Keymap, Mode};
use super::super::notes_view;
use super::super::present::Presenter;
use super::super::theme::Theme;
use super::super::update::Context;
use super::detail::{quote_place, relation};

/// The keys a class needs to see, as the keymap binds them: each the key shown by default
/// while it is still bound to its action, else the first key that is; `None` when none is.
struct PresenterKeys {
    forward: Option<String>,
    back: Option<String>,
    overview: Option<String>,
    leave: Option<String>,
    /// The keys that scroll a slide too tall for the screen: "J/K".
    scroll: Option<String>,
    /// The key that hides the seminar notes on the slides, or shows them.
    notes: Option<String>,
    /// The overview's keys: choose a slide, show it, go back to the slide on screen.
    choose: Option<String>,
    show: Option<String>,
    close: Option<String>,
}

impl PresenterKeys {
    fn new(keymap: &Keymap) -> PresenterKeys {
        let shown = |mode, action, preferred: &str| {
            let keys = keymap.keys_for(mode, action);
            if keys.iter().any(|k| k == preferred) {
                Some(preferred.to_string())
            } else {
                keys.into_iter().next()
            }
        };
        let choose = match (
            shown(Mode::Overview, Action::Up, "↑"),
            shown(Mode::Overview, Action::Down, "↓"),
        ) {
            (Some(up), Some(down)) if up == "↑" && down == "↓" => Some("↑↓".to_string()),
            (Some(up), Some(down)) => Some(format!("{up}/{down}")),
            (one, other) => one.or(other),
        };
        let scroll = [Action::ScrollSlideDown, Action::ScrollSlideUp]
            .into_iter()
            .filter_map(|action| keymap.key_for(Mode::Present, action))
            .collect::<Vec<_>>();
        PresenterKeys {
            scroll: (!scroll.is_empty()).then(|| scroll.join("/")),
            forward: shown(Mode::Present, Action::PresentForward, "→"),
            back: shown(Mode::Present, Action::PresentBack, "←"),
            overview: shown(Mode::Present, Action::ToggleOverview, "o"),
            notes: shown(Mode::Present, Action::ToggleSlideNotes, "n"),
            leave: shown(Mode::Present, Action::TogglePresenter, "Esc"),
            choose,
            show: shown(Mode::Overview, Action::Open, "o"),
            close: shown(Mode::Overview, Action::Dismiss, "Esc"),
        }
    }

    /// Key hints in the order they show: on a slide (with the keys that scroll it when it is
    /// `scrollable`, too tall for the screen, and the key that hides or shows the seminar notes
    /// when the slide's node has some: `notes` says whether they show), or in the overview.
    /// Each with its rank on a narrow line, where the lowest go first: on a slide the way to
    /// read the rest of it stays longest, then the way out, then the way on.
    fn hints(&self, overview: bool, scrollable: bool, notes: Option<bool>) -> Vec<FooterHint> {
        let hints = if overview {
            [
                (&self.choose, "choose", 1),
                (&self.show, "show", 0),
                (&self.close, "back", 2),
            ]
            .to_vec()
        } else {
            let scroll = if scrollable { &self.scroll } else { &None };
            // The word says what the key would do, and so what the slide does now.
            let (notes, word) = match notes {
                Some(true) => (&self.notes, "hide notes"),
                Some(false) => (&self.notes, "show notes"),
                None => (&None, ""),
            };
            [
                (&self.forward, "next", 2),
                (&self.back, "back", 1),
                (scroll, "scroll", 4),
                (&self.overview, "overview", 0),
                (&self.leave, "leave", 3),
                (notes, word, 0),
            ]
            .to_vec()
        };
        hints
            .into_iter()
            .filter_map(|(keys, word, rank)| Some(FooterHint::new(keys.clone()?, word, rank)))
            .collect()
    }
}

/// The hints of a mode whose keys stand over the slide (the note editor's "Ctrl-s save  Esc
/// close"), as the keymap gives them: the way out stays longest.
fn mode_hints(keymap: &Keymap, mode: Mode) -> Vec<FooterHint> {
    keymap
        .hint_entries(mode)
        .into_iter()
        .map(|entry| {
            let rank = match entry.hint.keep {
                Keep::Always | Keep::First => MUST_SHOW + 1,
                _ => MUST_SHOW,
            };
            FooterHint::new(entry.keys, entry.hint.word, rank)
        })
        .collect()
}

/// The rank from which a hint is one the footer narrows its gap to keep: the way on, out, or to
/// read the rest of a slide.
const MUST_SHOW: u8 = 2;

/// A key hint on the footer: the keys, what they do, and how long it stays on a narrow line
/// (the lowest rank goes first, and of those the last).
#[derive(Debug, Clone)]
struct FooterHint {
    keys: String,
    word: &'static str,
    rank: u8,
}

impl FooterHint {
    fn new(keys: String, word: &'static str, rank: u8) -> FooterHint {
        FooterHint { keys, word, rank }
    }
}

/// The sizes the thesis may take in block letters, largest first: (size, columns and rows a
/// letter takes). Only sizes drawn with the long-standing block elements (█ ▀ ▄ ▌ ▐ ▘ …): the
/// sextant and octant sizes need glyphs many terminal fonts still lack, which a projector
/// would show as boxes.
/// Below this width a slide's kind line keeps to one line.
const NARROW_SLIDE: usize = 48;

const BIG_SIZES: [(PixelSize, u16, u16); 3] = [
    (PixelSize::Full, 8, 8),
    (PixelSize::HalfHeight, 8, 4),
    (PixelSize::Quadrant, 4, 4),
];

/// What a slide shows besides the map: the presenter's width and what the session holds.
#[derive(Debug, Clone, Copy)]
pub struct Around<'a> {
    /// The widest the column may be (the `presenter_width` setting).
    pub max_width: u16,
    /// What the last key did, shown where the hints are until the next key.
    pub message: Option<&'a str>,
    /// The group's mark, rating, bookmark and note on the slide's node.
    pub notes: Option<&'a Entry>,
    /// Every node's notes, for the badges of the overview's rows (★ bookmarked, ✎ a note).
    pub book: Option<(&'a Notes, &'a Keys)>,
    /// The keymap's mode the keys are in: the footer's hints are that mode's (the note
    /// editor's while it is open over the slide).
    pub mode: Mode,
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    presenter: &Presenter,
    ctx: Context,
    theme: &Theme,
    around: Around<'_>,
) {
    let Around {
        max_width,
        message,
        notes,
        book,
        mode,
    } = around;
    let loaded = ctx.loaded;
    let area = area.intersection(frame.area());
    frame.render_widget(Clear, area);
    // Clear leaves the terminal's own colours; a slide is read on the theme's background, as
    // the tree is (a projector theme's white text on a white terminal would not show).
    frame.buffer_mut().set_style(area, theme.base());
    if area.is_empty() {
        return;
    }
    let screen = Screen::new(area, max_width, presenter.overview());
    let buffer = frame.buffer_mut();
    let map = &loaded.map;
    let keys = PresenterKeys::new(ctx.keymap);
    let (scrollable, above) = draw_body(
        buffer,
        &screen,
        presenter,
        loaded,
        (notes, book),
        &keys,
        theme,
    );
    // The path goes on the row over the slide, which is centred: the path stays with it.
    if let Some(row) = screen.header {
        let id = presenter.current();
        let text = if presenter.overview() {
            truncate_words(&overview_title(map), screen.width())
        } else if id == map.root && !map.meta.title.is_empty() {
            // The thesis's slide is the title slide: the path would only repeat its label.
            truncate_words(&source(map), screen.width())
        } else {
            path(map, id, screen.width())
        };
        let line = Line::styled(text, theme.dim());
        buffer.set_line(row.x, row.y + above, &line, row.width);
    }
    let footer = match message {
        // What a key did (`y`: copied) stands where the hints do until the next key, on the
        // row above too when it needs it and the slide leaves that row blank.
        Some(message) => {
            let above = screen.footer.y.checked_sub(1).filter(|&y| {
                y > area.y
                    && (screen.footer.x..screen.footer.right())
                        .all(|x| buffer.cell((x, y)).is_none_or(|c| c.symbol() == " "))
            });
            let lines = message_footer(
                shown_position(presenter),
                message,
                screen.width(),
                above.is_some(),
                theme,
            );
            if let (Some(y), [first, _]) = (above, lines.as_slice()) {
                buffer.set_line(screen.footer.x, y, first, screen.footer.width);
            }
            lines.last().cloned().unwrap_or_default()
        }
        None => {
            let hints = match mode {
                Mode::Present | Mode::Overview => {
                    let noted = notes.is_some_and(|entry| !entry.is_empty());
                    let shown = noted.then_some(presenter.notes_shown());
                    keys.hints(presenter.overview(), scrollable, shown)
                }
                // What stands over the slide has the keys (the note editor, its question, the
                // help): its hints, as the keymap gives them for it.
                other => mode_hints(ctx.keymap, other),
            };
            footer(shown_position(presenter), &hints, screen.width(), theme)
        }
    };
    buffer.set_line(
        screen.footer.x,
        screen.footer.y,
        &footer,
        screen.footer.width,
    );
}

/// The counter's numbers: the slide on screen, or in the overview the slide chosen there.
fn shown_position(presenter: &Presenter) -> (usize, usize) {
    let (at, of) = presenter.position();
    if presenter.overview() {
        (presenter.chosen(), of)
    } else {
        (at, of)
    }
}

/// How many rows of the outline the overview shows on a screen of this size.
pub fn overview_rows(width: u16, height: u16) -> u16 {
    Screen::new(Rect::new(0, 0, width, height), width.max(1), true)
        .body
        .height
}

/// How far a slide too tall for the screen scrolls (the rows it can go down; 0 for a slide
/// that fits) and how many rows the screen shows of it, for a screen of `size` and a column of
/// at most `max_width`.
pub fn slide_scroll_range(
    ctx: Context,
    presenter: &Presenter,
    notes: Option<&Entry>,
    size: (u16, u16),
    max_width: u16,
) -> (usize, usize) {
    let screen = Screen::new(Rect::new(0, 0, size.0, size.1), max_width, false);
    if screen.body.is_empty() {
        return (0, 0);
    }
    let keys = PresenterKeys::new(ctx.keymap);
    let theme = Theme::monochrome();
    let (mut slide, _, revealed) = lay_out(
        ctx.loaded,
        presenter,
        notes,
        screen.body,
        keys.forward.as_deref(),
        &theme,
    );
    let (map, id) = (&ctx.loaded.map, presenter.current());
    let columns = usize::from(screen.body.width).max(1);
    let reveal = keys.forward.as_deref();
    slide.children = children(map, id, 0, revealed, columns, reveal, &theme);
    let height = usize::from(screen.body.height);
    (max_scroll(slide.height(), height), height)
}

/// How far a whole slide of `whole` rows scrolls in `height` rows: to its last row, below the
/// row that says there is more above.
fn max_scroll(whole: usize, height: usize) -> usize {
    if whole <= height {
        0
    } else {
        whole + 1 - height
    }
}

/// The slide, or the overview, between the header and the footer; whether the slide is too
/// tall for the screen, so that the keys that scroll it apply, and how many blank rows centre
/// it below the top of the body.
fn draw_body(
    buffer: &mut Buffer,
    screen: &Screen,
    presenter: &Presenter,
    loaded: &Loaded,
    (notes, book): (Option<&Entry>, Option<(&Notes, &Keys)>),
    keys: &PresenterKeys,
    theme: &Theme,
) -> (bool, u16) {
    let map = &loaded.map;
    if screen.body.is_empty() {
        return (false, 0);
    }
    if presenter.overview() {
        // Notes hidden from the projector are hidden from the overview's rows as well.
        let book = book.filter(|_| presenter.notes_shown());
        render_overview(buffer, screen.body, presenter, map, book, theme);
        (false, 0)
    } else {
        let (rows, scrollable, above) = slide(
            loaded,
            presenter,
            notes,
            screen.body,
            keys.forward.as_deref(),
            theme,
        );
        draw_rows(buffer, screen.body, &rows);
        (scrollable, u16::try_from(above).unwrap_or(0))
    }
}

/// Where things go: a column centred on the screen, at most `max_width` wide, with the header
/// on its first row, the footer on its last and the body between.
struct Screen {
    header: Option<Rect>,
    body: Rect,
    footer: Rect,
}

impl Screen {
    /// `padding`: a blank row under the header and above the footer, when the screen can spare
    /// them. A slide has none: it is centred, which leaves room around it when it is short.
    fn new(area: Rect, max_width: u16, padding: bool) -> Screen {
        let margin = match area.width {
            40.. => 2,
            20.. => 1,
            _ => 0,
        };
        let width = (area.width - 2 * margin).min(max_width.max(1));
        let x = area.x + (area.width - width) / 2;
        let row = |y: u16, height: u16| Rect::new(x, y, width, height);
        // A screen of no rows (the keys work out pages on it too) has an empty body.
        let bottom = (area.y + area.height).saturating_sub(1);
        let footer = row(bottom, 1);
        if area.height < 3 {
            // Only the footer and what fits above it: the counter matters more than the path.
            return Screen {
                header: None,
                body: row(area.y, area.height.saturating_sub(1)),
                footer,
            };
        }
        let padding = u16::from(padding && area.height >= 16);
        Screen {
            header: Some(row(area.y, 1)),
            body: row(area.y + 1 + padding, area.height - 2 - 2 * padding),
            footer,
        }
    }

    fn width(&self) -> usize {
        usize::from(self.footer.width)
    }
}

/// "◆ Thesis › + Point › ? Question": where the slide stands in the argument. When it is too
/// long, the ancestors nearest the thesis give way to "… ›", whole; the node's own label is cut
/// at a word only when it alone is too long.
fn path(map: &ArgMap, id: NodeId, max: usize) -> String {
    let steps: Vec<String> = map
        .path_to(id)
        .into_iter()
        .map(|id| super::crumb(map, id))
        .collect();
    let (between, cut) = (width(" › "), width("… › "));
    // The longest tail of the path that fits, measured from the end without joining each tail
    // (which took seconds on a map thousands of levels deep). Each step further up makes the
    // text wider (a step and " › " are wider than "… › "), so the first that does not fit ends it.
    let mut tail = 0;
    let mut first = None;
    for from in (0..steps.len()).rev() {
        tail += width(&steps[from]) + if from + 1 < steps.len() { between } else { 0 };
        if tail + if from > 0 { cut } else { 0 } > max {
            break;
        }
        first = Some(from);
    }
    match first {
        Some(0) => steps.join(" › "),
        Some(from) => format!("… › {}", steps[from..].join(" › ")),
        None => truncate_words(steps.last().map_or("", String::as_str), max),
    }
}

/// Cuts `text` to `max` columns at a word boundary, ending with "…"; mid-word only when the
/// first word alone is too long.
fn truncate_words(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let cut = truncate(text, max);
    let kept = cut.trim_end_matches('…');
    match kept.rfind(' ') {
        Some(at) if at > 0 => format!("{}…", kept[..at].trim_end()),
        _ => cut,
    }
}

/// "The future of Iran–Russia relations · Abbas Maleki, Iran Review".
fn source(map: &ArgMap) -> String {
    let mut meta = map.meta.clone();
    // A map read again after an edit comes straight from its importer: clean it here too.
    meta.sanitize();
    let mut text = meta.title.clone();
    let by: Vec<&str> = [meta.author.as_str(), meta.source.publisher.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !by.is_empty() {
        text.push_str(" · ");
        text.push_str(&by.join(", "));
    }
    text
}

fn overview_title(map: &ArgMap) -> String {
    if map.meta.title.is_empty() {
        "Overview".to_string()
    } else {
        format!("Overview · {}", sanitize(&map.meta.title, false))
    }
}

/// The key hints on the left and the counter ("7 / 31") on the right. The counter always shows;
/// hints are dropped, the lowest ranked first, until the rest fit two columns before the
/// counter, or one (and the counter without its spaces) where that keeps a hint that must show.
fn footer(
    position: (usize, usize),
    hints: &[FooterHint],
    max: usize,
    theme: &Theme,
) -> Line<'static> {
    let (spaced, compact) = (
        format!("{} / {}", position.0, position.1),
        format!("{}/{}", position.0, position.1),
    );
    let counter = if width(&spaced) > max {
        &compact
    } else {
        &spaced
    };
    if width(counter) >= max {
        return Line::styled(truncate(counter, max), theme.heading());
    }
    let cost = |hint: &FooterHint| width(&hint.keys) + 1 + width(hint.word);
    let total = |shown: &[FooterHint]| -> usize {
        shown.iter().map(cost).sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    let fitted = |counter: &str, gap: usize| {
        let room = max.saturating_sub(width(counter) + gap);
        let mut shown: Vec<FooterHint> = hints.to_vec();
        while total(&shown) > room {
            let lowest = shown.iter().map(|hint| hint.rank).min();
            match shown.iter().rposition(|hint| Some(hint.rank) == lowest) {
                Some(at) => shown.remove(at),
                None => break,
            };
        }
        shown
    };
    // Two columns before the counter; one, and then "7/31", where that keeps a key that must
    // show.
    let must = |shown: &[FooterHint]| shown.iter().filter(|h| h.rank >= MUST_SHOW).count();
    let mut choice = (counter, fitted(counter, 2));
    for (counter, gap) in [(counter, 1), (&compact, 1)] {
        let shown = fitted(counter, gap);
        if width(counter) < max && must(&shown) > must(&choice.1) {
            choice = (counter, shown);
        }
    }
    let (counter, shown) = choice;
    let counter = counter.clone();
    let mut spans = Vec::new();
    for (i, hint) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(hint.keys.clone(), theme.key()));
        spans.push(Span::styled(format!(" {}", hint.word), theme.dim()));
    }
    let gap = max - total(&shown) - width(&counter);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(counter, theme.heading()));
    Line::from(spans)
}

/// A message on the left and the counter on the right: one line, the message cut to fit, or
/// (`two`) the message on two lines when it needs them, the counter on the second.
fn message_footer(
    position: (usize, usize),
    message: &str,
    max: usize,
    two: bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let counter = format!("{} / {}", position.0, position.1);
    let room = max.saturating_sub(width(&counter) + 2);
    if room < 10 {
        return vec![footer(position, &[], max, theme)];
    }
    let message = sanitize(message, false);
    let mut lines = if two && width(&message) > room {
        wrap(&message, room)
    } else {
        vec![message]
    };
    if lines.len() > 2 {
        lines.truncate(2);
        lines[1].push_str(" …");
    }
    let last = lines.len() - 1;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let text = truncate(&text, room);
            if i < last {
                return Line::styled(text, theme.warning());
            }
            let gap = max - width(&text) - width(&counter);
            Line::from(vec![
                Span::styled(text, theme.warning()),
                Span::raw(" ".repeat(gap)),
                Span::styled(counter.clone(), theme.heading()),
            ])
        })
        .collect()
}

/// One row of a slide, or several for the label in block letters.
enum Row {
    Text(Line<'static>),
    Big {
        lines: Vec<String>,
        size: PixelSize,
        height: u16,
        style: Style,
    },
}

impl Row {
    fn height(&self) -> usize {
        match self {
            Row::Text(_) => 1,
            Row::Big { height, .. } => usize::from(*height),
        }
    }
}

/// The parts of a slide, each a block separated from the next by a blank row.
struct Slide {
    /// The kind and what it bears on; for a repeated statement, where it is written out.
    head: Vec<Line<'static>>,
    /// How many of `head`'s lines are the kind line (it wraps when the parent's label is long).
    kind_lines: usize,
    /// What the class made of it: the seminar notes' heading, marks and note.
    notes: Vec<Line<'static>>,
    label: Vec<Row>,
    paraphrase: Vec<Line<'static>>,
    quote: Vec<Line<'static>>,
    /// Where the quote stands in the source (or why that is not known).
    place: Vec<Line<'static>>,
    /// The revealed children, then a line saying how many are still to come.
    children: Vec<Line<'static>>,
}

impl Slide {
    fn height(&self) -> usize {
        let blocks = [
            self.head.len(),
            self.notes.len(),
            self.label.iter().map(Row::height).sum(),
            self.paraphrase.len(),
            self.quote.len() + self.place.len(),
            self.children.len(),
        ];
        let filled = blocks.iter().filter(|&&n| n > 0).count();
        blocks.iter().sum::<usize>() + filled.saturating_sub(1)
    }

    fn into_rows(self) -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::new();
        let mut block = |block: Vec<Row>| {
            if block.is_empty() {
                return;
            }
            if !rows.is_empty() {
                rows.push(Row::Text(Line::default()));
            }
            rows.extend(block);
        };
        let text = |lines: Vec<Line<'static>>| lines.into_iter().map(Row::Text).collect::<Vec<_>>();
        block(text(self.head));
        block(self.label);
        block(text(self.paraphrase));
        block(text(self.quote.into_iter().chain(self.place).collect()));
        block(text(self.children));
        // Last, as a speaker's notes go: under what the class is shown, not above its label.
        block(text(self.notes));
        rows
    }
}

/// The current slide laid out for a body of this size, nothing cut yet: its label sized for the
/// slide with every child shown, and its children every one (or, where there are more than
/// rows, as many blank lines as make it too tall). Also the height of the slide with every child
/// shown, and how many are revealed.
fn lay_out(
    loaded: &Loaded,
    presenter: &Presenter,
    notes: Option<&Entry>,
    body: Rect,
    reveal: Option<&str>,
    theme: &Theme,
) -> (Slide, usize, usize) {
    let map = &loaded.map;
    let id = presenter.current();
    let columns = usize::from(body.width).max(1);
    let height = usize::from(body.height);
    let all = map.children(id).len();
    let revealed = presenter.revealed().min(all);

    let (head, kind_lines) = head(map, presenter, id, columns, theme);
    let mut slide = Slide {
        head,
        kind_lines,
        // What the class made of it, marked as the discussion goes, unless the presenter hid
        // the notes (they may be the teacher's own).
        notes: notes
            .filter(|_| presenter.notes_shown())
            .map_or_else(Vec::new, |entry| {
                super::detail::seminar_notes(entry, columns, theme)
            }),
        label: Vec::new(),
        paraphrase: paraphrase(map, id, columns),
        quote: quote(map, id, columns, theme),
        place: Vec::new(),
        // Every child shown, for the height of the whole slide; where there are more children
        // than rows (each takes one at least) only that it is too tall matters, and a node
        // with a million children is not laid out in full on every frame.
        children: if all > height {
            vec![Line::default(); height + 1]
        } else {
            children(map, id, 0, all, columns, reveal, theme)
        },
    };
    if !slide.quote.is_empty() {
        slide.place = place(loaded, id, columns, theme);
    }
    // The label's size is chosen for the slide with every child shown, so it keeps its size
    // while the children are revealed.
    let rest = slide.height() + 1;
    slide.label = label(map, id, columns, height.saturating_sub(rest), theme);
    let full = slide.height();
    (slide, full, revealed)
}

/// The current slide as rows for a body of this size, and whether it is too tall for it (so
/// that it scrolls). Scrolled down, it is shown whole from that row on; not scrolled, it is
/// shortened to fit when it is too tall, and with blank rows above to centre it when everything
/// it can reveal fits, and how many those are. `reveal` is the key that reveals the next child.
fn slide(
    loaded: &Loaded,
    presenter: &Presenter,
    notes: Option<&Entry>,
    body: Rect,
    reveal: Option<&str>,
    theme: &Theme,
) -> (Vec<Row>, bool, usize) {
    let map = &loaded.map;
    let id = presenter.current();
    let columns = usize::from(body.width).max(1);
    let height = usize::from(body.height);
    let (mut slide, full, revealed) = lay_out(loaded, presenter, notes, body, reveal, theme);
    // More children revealed than rows: those that can never show are left out from the start.
    let cannot_show = revealed.saturating_sub(height);
    slide.children = children(map, id, cannot_show, revealed, columns, reveal, theme);
    let scrollable = cannot_show > 0 || slide.height() > height;
    if scrollable && presenter.slide_scroll() > 0 {
        slide.children = children(map, id, 0, revealed, columns, reveal, theme);
        return (
            scrolled(slide.into_rows(), height, presenter.slide_scroll(), theme),
            true,
            0,
        );
    }
    // Too tall: the text is fitted once, leaving the rows the children need whatever is
    // revealed, so the quotation keeps its lines however many are; the children revealed take
    // the rows the text leaves, the first of them giving way.
    let least = least_child_rows(map, id, columns, reveal, theme);
    slide.children = vec![Line::default(); least];
    fit(&mut slide, height, columns);
    slide.children = Vec::new();
    let text = slide.height();
    let room = height.saturating_sub(text + usize::from(text > 0));
    slide.children = fit_children(map, id, revealed, room, columns, reveal, theme);

    let mut rows = slide.into_rows();
    let mut above = 0;
    if rows.iter().map(Row::height).sum::<usize>() > height {
        clip(&mut rows, height, theme);
    } else if full <= height {
        above = (height - full) / 2;
        rows.splice(0..0, (0..above).map(|_| Row::Text(Line::default())));
    }
    (rows, scrollable, above)
}

/// The rows the children of a slide need at least, whatever is revealed: before any is, the
/// line that counts them; after, the start of the one just revealed with the lines that say
/// what is above it and what is still to reveal (on one line when both are there, as
/// [`fit_children`] puts them where rows are short).
fn least_child_rows(
    map: &ArgMap,
    id: NodeId,
    columns: usize,
    reveal: Option<&str>,
    theme: &Theme,
) -> usize {
    let all = map.children(id).len();
    let beneath = still_hidden(map, id, 0, columns, reveal, theme).len();
    if all == 0 {
        return beneath;
    }
    let start = ChildLayout::new(map, id, columns).start();
    let first = start + still_hidden(map, id, 1, columns, reveal, theme).len();
    let last = start + usize::from(all > 1);
    // Between the first and the last, counted with the most digits either count can have.
    let between = if all > 2 {
        start + marks(all - 1, all - 1, columns, reveal, theme).len()
    } else {
        0
    };
    beneath.max(first).max(last).max(between)
}

/// "↑ 4 above · 2 more: → to reveal": the children left out above the one just revealed and
/// those still to reveal, on one line where there is no row for each; either alone when the
/// other is none.
fn marks(
    above: usize,
    hidden: usize,
    columns: usize,
    reveal: Option<&str>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let how = reveal.map_or(String::new(), |key| format!(": {key}{NBSP}to{NBSP}reveal"));
    let text = match (above, hidden) {
        (0, 0) => return Vec::new(),
        (above, 0) => return vec![above_line(above, columns, theme)],
        (0, hidden) => format!("{hidden} more{how}"),
        (above, hidden) => format!("↑{NBSP}{above}{NBSP}above · {hidden} more{how}"),
    };
    wrap(&text, columns)
        .into_iter()
        .map(|l| Line::styled(l.replace(NBSP, " "), theme.dim()))
        .collect()
}

/// "↑ 2 above": how many children revealed are left out above those shown.
fn above_line(above: usize, columns: usize, theme: &Theme) -> Line<'static> {
    Line::styled(truncate(&format!("↑ {above} above"), columns), theme.dim())
}

/// The `revealed` children of a slide in `room` rows: all of them when they fit, else with the
/// first left out, the fewest that make it fit ("↑ 2 above"), and always the last one revealed.
/// When the room is too short for that one with a line above it and a line below, the two say
/// it on one line under it ("↑ 4 above · 2 more: → to reveal"), and when even that one alone
/// does not fit, it shows its start, cut with "…" (`J` scrolls to the rest); only on a screen
/// too short for its start and that line does the line give way. The fewest to leave out is
/// found by halving: a node with hundreds of children is laid out a few times a frame, not
/// once per child.
fn fit_children(
    map: &ArgMap,
    id: NodeId,
    revealed: usize,
    room: usize,
    columns: usize,
    reveal: Option<&str>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    // No more children than rows can show, so at least all but that many give way.
    let cannot_show = revealed.saturating_sub(room);
    let lines = children(map, id, cannot_show, revealed, columns, reveal, theme);
    if lines.len() <= room || revealed == 0 {
        return lines;
    }
    let last = revealed - 1;
    if children(map, id, last, revealed, columns, reveal, theme).len() <= room {
        let (mut fewest, mut most) = (cannot_show.max(1), last);
        while fewest < most {
            let above = (fewest + most) / 2;
            if children(map, id, above, revealed, columns, reveal, theme).len() > room {
                fewest = above + 1;
            } else {
                most = above;
            }
        }
        return children(map, id, fewest, revealed, columns, reveal, theme);
    }
    // No room for the last one revealed with a line above it and one below: it shows with
    // the line that says what is above it and what is still to reveal, under it (or, with
    // nothing still to reveal, above it), and its start only when it is too tall for the rest.
    let layout = ChildLayout::new(map, id, columns);
    let child = layout.lines(map, map.children(id)[last], theme);
    let hidden = map.children(id).len().saturating_sub(revealed);
    let marks = marks(last, hidden, columns, reveal, theme);
    let start = layout.start().min(child.len());
    let (keep, marks) = if room >= start + marks.len() {
        (room - marks.len(), marks)
    } else {
        (room.max(1), Vec::new())
    };
    let mut lines: Vec<Line<'static>> = child.iter().take(keep).cloned().collect();
    if keep < child.len()
        && let Some(line) = lines.last_mut()
    {
        super::end_with_ellipsis(line, columns);
    }
    if hidden == 0 {
        lines.splice(0..0, marks);
    } else {
        lines.extend(marks);
    }
    lines
}

/// Makes a slide taller than `height` rows shorter. The paraphrase, the quotation and the
/// seminar notes lose their tails, a line at a time from the longest (on a tie the paraphrase,
/// then the quotation), so the quotation keeps at least as many lines as the paraphrase and a
/// short note stays whole; each keeps its start and ends with "…". Only when each is down to its start does a part give way whole,
/// and the others take back their lines: the paraphrase first, then the notes, then the note
/// on a repeated statement, then the quotation's place, and only then the quotation itself:
/// the source's own words are the last of the text to go.
fn fit(slide: &mut Slide, height: usize, columns: usize) {
    let excess = |slide: &Slide| slide.height().saturating_sub(height);
    if excess(slide) == 0 {
        return;
    }
    let whole = (
        slide.notes.clone(),
        slide.paraphrase.clone(),
        slide.quote.clone(),
    );
    let steps: [fn(&mut Slide); 6] = [
        |_| {},
        |slide| slide.paraphrase.clear(),
        |slide| slide.notes.clear(),
        |slide| slide.head.truncate(slide.kind_lines),
        |slide| slide.place.clear(),
        |slide| slide.quote.clear(),
    ];
    for step in steps {
        step(slide);
        // What is left takes back the lines it gave up before, then gives up what it must.
        for (part, whole) in [
            (&mut slide.notes, &whole.0),
            (&mut slide.paraphrase, &whole.1),
            (&mut slide.quote, &whole.2),
        ] {
            if !part.is_empty() {
                part.clone_from(whole);
            }
        }
        shorten_evenly(slide, excess(slide), columns);
        if excess(slide) == 0 {
            return;
        }
    }
}

/// Takes up to `excess` rows from the paraphrase, the quotation and the notes, a line at a
/// time from the longest (on a tie the paraphrase, then the quotation, then the notes), each
/// keeping its start: the first line, and the notes' heading with the line under it.
fn shorten_evenly(slide: &mut Slide, excess: usize, columns: usize) {
    let whole = [slide.paraphrase.len(), slide.quote.len(), slide.notes.len()];
    let least = [1, 1, 2];
    let mut kept = whole;
    for _ in 0..excess {
        let longest = (0..kept.len())
            .filter(|&part| kept[part] > least[part])
            .min_by_key(|&part| std::cmp::Reverse(kept[part]));
        match longest {
            Some(part) => kept[part] -= 1,
            None => break,
        }
    }
    for (part, lines) in [&mut slide.paraphrase, &mut slide.quote, &mut slide.notes]
        .into_iter()
        .enumerate()
    {
        shorten(lines, whole[part] - kept[part], columns);
    }
}

/// Cuts `lines` so they take up to `excess` rows fewer, keeping at least the first line, the
/// last one kept ending with " …" (on the line, not a row of its own that text could use).
fn shorten(lines: &mut Vec<Line<'static>>, excess: usize, columns: usize) {
    if excess == 0 || lines.len() <= 1 {
        return;
    }
    let keep = lines.len().saturating_sub(excess).max(1);
    lines.truncate(keep);
    if let Some(last) = lines.last_mut() {
        super::end_with_ellipsis(last, columns);
    }
}

/// The last resort for a screen too short even for a shortened slide: what fits, then "…".
fn clip(rows: &mut Vec<Row>, height: usize, theme: &Theme) {
    let mut used = 0;
    let keep = rows
        .iter()
        .take_while(|row| {
            used += row.height();
            used < height
        })
        .count();
    rows.truncate(keep);
    if height > 0 {
        rows.push(Row::Text(Line::styled("…", theme.dim())));
    }
}

/// The rows of a whole slide scrolled `scroll` rows down in `height` rows: "↑ more above" on
/// the first, and "…" on the last when more follows.
fn scrolled(rows: Vec<Row>, height: usize, scroll: usize, theme: &Theme) -> Vec<Row> {
    let whole: usize = rows.iter().map(Row::height).sum();
    let scroll = scroll.min(max_scroll(whole, height));
    let mut skipped = 0;
    let mut shown: Vec<Row> = rows
        .into_iter()
        .skip_while(|row| {
            let skip = skipped < scroll;
            if skip {
                skipped += row.height();
            }
            skip
        })
        .collect();
    let room = height.saturating_sub(1);
    if shown.iter().map(Row::height).sum::<usize>() > room {
        clip(&mut shown, room, theme);
    }
    if height > 0 {
        shown.insert(0, Row::Text(Line::styled("↑ more above", theme.dim())));
    }
    shown
}

/// "+ claim · supports “<parent>”", then the note on a repeated statement. Also says how many
/// lines the kind line took.
fn head(
    map: &ArgMap,
    presenter: &Presenter,
    id: NodeId,
    columns: usize,
    theme: &Theme,
) -> (Vec<Line<'static>>, usize) {
    let node = map.node(id);
    let kind = format!("{} {}", node.kind.glyph(), node.kind.name());
    let bears = match map.parent(id) {
        Some(parent) => {
            let verb = relation(node);
            let label = &map.statement(parent).label;
            let mark = map.scheme_mark(id);
            let full = format!("{verb} “{label}”{mark}");
            // On a narrow column the kind stays on one line, so the children revealed below
            // keep their rows: the parent's label is cut at a word (the path above names it),
            // or left out.
            let fixed = width(&kind) + width(" · ") + width(&format!("{verb} “”{mark}"));
            if columns >= NARROW_SLIDE || fixed + width(label) <= columns {
                full
            } else if columns.saturating_sub(fixed) >= 8 {
                let label = truncate_words(label, columns - fixed);
                format!("{verb} “{label}”{mark}")
            } else {
                format!("{verb}{mark}")
            }
        }
        // "◆ thesis" says it all where the rest would take a line of its own.
        None if columns < NARROW_SLIDE => String::new(),
        None => "the claim the map argues for".to_string(),
    };
    let kind_style = theme.kind(node.kind).add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let kind_line = if bears.is_empty() {
        kind.clone()
    } else {
        format!("{kind} · {bears}")
    };
    for (i, line) in wrap(&kind_line, columns).into_iter().enumerate() {
        match line.strip_prefix(kind.as_str()) {
            Some(rest) if i == 0 => lines.push(Line::from(vec![
                Span::styled(kind.clone(), kind_style),
                Span::styled(rest.to_string(), theme.dim()),
            ])),
            _ if i == 0 => lines.push(Line::styled(line, kind_style)),
            _ => lines.push(Line::styled(line, theme.dim())),
        }
    }
    let kind_lines = lines.len();
    if map.is_ref(id) {
        let target = map.resolve(id);
        let slide = presenter
            .slide_of(target)
            .map_or_else(String::new, |n| format!(" (slide {n})"));
        let place = match map.parent(target) {
            Some(parent) => format!("under “{}”", map.statement(parent).label),
            None => "as the thesis".to_string(),
        };
        let note = full_stop(&format!(
            "↪ Repeated: this statement is written out {place}{slide}"
        ));
        lines.extend(
            wrap(&note, columns)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim())),
        );
    }
    (lines, kind_lines)
}

/// `text` ended as a sentence: a full stop after it, unless it ends with one already, inside
/// its closing quote (under “Projects.”): a label that is a sentence must not get two.
pub(super) fn full_stop(text: &str) -> String {
    let bare = text.trim_end_matches(['”', '’', '"', '\'']);
    if bare.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// The label: the thesis in the largest block letters that fit the column with every word whole
/// and take at most `room` rows (the rows the slide leaves with all its children revealed);
/// any other label, or a thesis that does not fit at any size, in bold.
fn label(map: &ArgMap, id: NodeId, columns: usize, room: usize, theme: &Theme) -> Vec<Row> {
    let text = &shown(&map.statement(id).label);
    if map.parent(id).is_none()
        && let Some(big) = big_label(text, columns, room, theme.kind(Kind::Thesis))
    {
        return vec![big];
    }
    wrap(text, columns)
        .into_iter()
        .map(|line| Row::Text(Line::styled(line, theme.heading())))
        .collect()
}

fn big_label(text: &str, columns: usize, room: usize, style: Style) -> Option<Row> {
    let text = big_letters(text)?;
    BIG_SIZES
        .into_iter()
        .find_map(|(size, letter_width, letter_height)| {
            let per_line = columns / usize::from(letter_width);
            let lines = wrap_whole_words(&text, per_line)?;
            let height = lines.len() * usize::from(letter_height);
            (height <= room).then(|| Row::Big {
                lines,
                size,
                height: u16::try_from(height).unwrap_or(u16::MAX),
                style,
            })
        })
}

/// The label as the 8×8 font can draw it: typographic dashes, quotes and ellipses become their
/// ASCII forms; `None` when any other character has no glyph (it would show as a gap).
fn big_letters(text: &str) -> Option<String> {
    let fonts: [&dyn UnicodeFonts; 3] = [
        &font8x8::BASIC_FONTS,
        &font8x8::LATIN_FONTS,
        &font8x8::GREEK_FONTS,
    ];
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '‐' | '‑' | '‒' | '–' | '—' | '−' => out.push('-'),
            '‘' | '’' | '′' => out.push('\''),
            '“' | '”' | '″' => out.push('"'),
            '…' => out.push_str("..."),
            c if c == ' ' || fonts.iter().any(|font| font.get(c).is_some()) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Greedy wrapping by characters that never breaks a word: `None` when a word is longer than a
/// line.
fn wrap_whole_words(text: &str, per_line: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if n > per_line {
            return None;
        }
        if count > 0 && count + 1 + n <= per_line {
            current.push(' ');
            current.push_str(word);
            count += 1 + n;
        } else {
            if count > 0 {
                lines.push(std::mem::take(&mut current));
            }
            current.push_str(word);
            count = n;
        }
    }
    if count > 0 {
        lines.push(current);
    }
    (!lines.is_empty()).then_some(lines)
}

fn paraphrase(map: &ArgMap, id: NodeId, columns: usize) -> Vec<Line<'static>> {
    let text = shown(&map.statement(id).text);
    if text.trim().is_empty() {
        return Vec::new();
    }
    wrap(&text, columns).into_iter().map(Line::raw).collect()
}

/// The quotation as a block quote: "▌ “…”".
pub(super) fn quote(map: &ArgMap, id: NodeId, columns: usize, theme: &Theme) -> Vec<Line<'static>> {
    let quote = crate::source::collapse_whitespace(&shown(&map.statement(id).quote));
    if quote.is_empty() {
        return Vec::new();
    }
    wrap(&format!("“{quote}”"), columns.saturating_sub(2).max(1))
        .into_iter()
        .map(|line| {
            Line::from(vec![
                Span::styled("▌ ", theme.dim()),
                Span::styled(line, theme.quote()),
            ])
        })
        .collect()
}

/// "  — paragraph 4, line 27", or why the place is not known, as the detail pane says it.
pub(super) fn place(
    loaded: &Loaded,
    id: NodeId,
    columns: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let (text, style) = match quote_place(loaded, loaded.map.statement(id).anchor) {
        Ok(place) => (place, theme.dim()),
        Err(problem) => (problem, theme.warning()),
    };
    wrap(&text, columns)
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}

/// A no-break space: wrapping never breaks a line at it.
const NBSP: char = '\u{a0}';

/// The first `shown` children as "+ claim      label" (labels aligned, wrapped under
/// themselves), then "2 more: → to reveal" for the rest (with the key `reveal` names). The
/// first `above` of them are left out, said as "↑ 2 above", for a screen too short for all.
fn children(
    map: &ArgMap,
    id: NodeId,
    above: usize,
    shown: usize,
    columns: usize,
    reveal: Option<&str>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let all = map.children(id);
    let layout = ChildLayout::new(map, id, columns);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let above = above.min(shown);
    if above > 0 {
        lines.push(above_line(above, columns, theme));
    }
    for &child in all.iter().take(shown).skip(above) {
        lines.extend(layout.lines(map, child, theme));
    }
    lines.extend(still_hidden(map, id, shown, columns, reveal, theme));
    lines
}

/// How a slide's children are laid out: each kind padded to the widest, so the labels line
/// up, or on a narrow column the kind on a line of its own.
struct ChildLayout {
    columns: usize,
    /// Where every label starts: "+ " the kind, padded, and two spaces.
    indent: usize,
    /// Whether the label hangs beside the kind (else it goes under it).
    hanging: bool,
}

impl ChildLayout {
    fn new(map: &ArgMap, id: NodeId, columns: usize) -> ChildLayout {
        let kind_width = map
            .children(id)
            .iter()
            .map(|&child| width(map.node(child).kind.name()))
            .max()
            .unwrap_or(0);
        let indent = 2 + kind_width + 2;
        ChildLayout {
            columns,
            indent,
            hanging: columns >= indent + 20,
        }
    }

    /// The lines that show one child.
    fn lines(&self, map: &ArgMap, child: NodeId, theme: &Theme) -> Vec<Line<'static>> {
        let columns = self.columns;
        let kind: Kind = map.node(child).kind;
        let mut label = crate::text::shown(&map.statement(child).label).into_owned();
        if map.is_ref(child) {
            label.insert_str(0, "↪ ");
        }
        let kind_text = format!("{} {}", kind.glyph(), kind.name());
        let kind_span = Span::styled(kind_text.clone(), theme.kind(kind));
        let mut lines = Vec::new();
        if self.hanging {
            let pad = " ".repeat(self.indent - width(&kind_text));
            for (i, line) in wrap(&label, columns - self.indent).into_iter().enumerate() {
                let lead = if i == 0 {
                    kind_span.clone()
                } else {
                    Span::raw(" ".repeat(width(&kind_text)))
                };
                lines.push(Line::from(vec![
                    lead,
                    Span::raw(pad.clone()),
                    Span::raw(line),
                ]));
            }
        } else {
            lines.push(Line::from(kind_span));
            let room = columns.saturating_sub(2).max(1);
            for line in wrap(&label, room) {
                let lead = if columns > 2 { "  " } else { "" };
                lines.push(Line::raw(format!("{lead}{line}")));
            }
        }
        lines
    }

    /// How many of a child's lines its start takes: the first, and on a narrow column the
    /// kind's line and the label's first.
    fn start(&self) -> usize {
        if self.hanging { 1 } else { 2 }
    }
}

/// What is still to reveal once `shown` children are: "1 evidence, 5 claims beneath: → to
/// reveal" before any is, then "2 more: → to reveal"; nothing when all are shown.
fn still_hidden(
    map: &ArgMap,
    id: NodeId,
    shown: usize,
    columns: usize,
    reveal: Option<&str>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let all = map.children(id);
    let hidden = all.len().saturating_sub(shown);
    if hidden == 0 {
        return Vec::new();
    }
    // The key and what it does are joined by no-break spaces while the line is wrapped, so
    // that a narrow slide never leaves the arrow alone at a line's end, then shown as spaces.
    let how = reveal.map_or(String::new(), |key| format!(": {key}{NBSP}to{NBSP}reveal"));
    let text = if shown == 0 {
        let mut counts: Vec<(Kind, usize)> = Vec::new();
        for &child in all {
            let kind = map.node(child).kind;
            match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((kind, 1)),
            }
        }
        format!("{} beneath{how}", describe_counts(&counts))
    } else {
        format!("{hidden} more{how}")
    };
    wrap(&text, columns)
        .into_iter()
        .map(|l| Line::styled(l.replace(NBSP, " "), theme.dim()))
        .collect()
}

fn draw_rows(buffer: &mut Buffer, body: Rect, rows: &[Row]) {
    let bottom = body.y + body.height;
    let mut y = body.y;
    for row in rows {
        if y >= bottom {
            break;
        }
        match row {
            Row::Text(line) => {
                buffer.set_line(body.x, y, line, body.width);
            }
            Row::Big {
                lines,
                size,
                height,
                style,
            } => {
                let area = Rect::new(body.x, y, body.width, (*height).min(bottom - y));
                BigText::builder()
                    .pixel_size(*size)
                    .style(*style)
                    .lines(
                        lines
                            .iter()
                            .map(|l| Line::from(l.clone()))
                            .collect::<Vec<_>>(),
                    )
                    .build()
                    .render(area, buffer);
            }
        }
        y = y.saturating_add(u16::try_from(row.height()).unwrap_or(u16::MAX));
    }
}

/// The whole map as an outline, one node a row, scrolled so the chosen slide's node shows
/// (kept near the middle) and marked with "▶" and reverse video; the slide on screen, when
/// another is chosen, is marked "▷".
fn render_overview(
    buffer: &mut Buffer,
    body: Rect,
    presenter: &Presenter,
    map: &ArgMap,
    book: Option<(&Notes, &Keys)>,
    theme: &Theme,
) {
    let order = presenter.order();
    let rows = usize::from(body.height);
    let current = presenter.position().0 - 1;
    let chosen = presenter.chosen_index();
    let top = overview_top(order.len(), rows, chosen, presenter.overview_scroll());
    let columns = usize::from(body.width);
    for (screen_row, (index, &id)) in order.iter().enumerate().skip(top).take(rows).enumerate() {
        let y = body.y + screen_row as u16;
        let marker = if index == chosen {
            Marker::Chosen
        } else if index == current {
            Marker::OnScreen
        } else {
            Marker::None
        };
        let badges = book.map_or_else(String::new, |(notes, keys)| {
            notes_view::badges(notes, &keys.key_in(map, map.resolve(id)))
        });
        let line = outline_row(map, id, marker, &badges, columns, theme);
        buffer.set_line(body.x, y, &line, body.width);
    }
}

/// How a row of the overview is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// The slide the overview's keys have chosen: "▶", reversed.
    Chosen,
    /// The slide on screen, when another is chosen: "▷".
    OnScreen,
    None,
}

/// The first row the overview shows: the chosen row in the middle, moved by the user's
/// scrolling, but never so far that the chosen row leaves the screen or the list ends early.
fn overview_top(len: usize, rows: usize, current: usize, scroll: isize) -> usize {
    if rows == 0 || len <= rows {
        return 0;
    }
    let centred = current.saturating_sub(rows / 2);
    let wanted = if scroll < 0 {
        centred.saturating_sub(scroll.unsigned_abs())
    } else {
        centred.saturating_add(scroll.unsigned_abs())
    };
    let lowest = (current + 1).saturating_sub(rows);
    wanted.clamp(lowest, current).min(len - rows)
}

/// "▶ ├─ + claim  Label ★ ✎": marker, guides, kind, label and the notes' badges (as the tree
/// shows them), cut to `columns`, the label first.
fn outline_row(
    map: &ArgMap,
    id: NodeId,
    marker: Marker,
    badges: &str,
    columns: usize,
    theme: &Theme,
) -> Line<'static> {
    let current = marker == Marker::Chosen;
    let node = map.node(id);
    let depth = map.depth(id);
    // Beside the marker before them and the space after them, as the tree's rows.
    let room = super::tree::guide_columns(columns.saturating_sub(3));
    let mut guide = guides_within(map, id, depth, room);
    if depth > 0 {
        guide.push(' ');
    }
    let mut label = String::new();
    if map.is_ref(id) {
        label.push_str("↪ ");
    }
    label.push_str(&shown(&map.statement(id).label));
    let parts = [
        (
            match marker {
                Marker::Chosen => "▶ ",
                Marker::OnScreen => "▷ ",
                Marker::None => "  ",
            }
            .to_string(),
            theme.heading(),
        ),
        (guide, theme.dim()),
        (
            format!("{} {}", node.kind.glyph(), node.kind.name()),
            theme.kind(node.kind),
        ),
        ("  ".to_string(), Style::new()),
        (
            label,
            if current {
                theme.heading()
            } else {
                Style::new()
            },
        ),
    ];
    let badges = if badges.is_empty() {
        String::new()
    } else {
        format!(" {badges}")
    };
    let mut spans = Vec::new();
    let mut room = columns;
    let last = parts.len() - 1;
    for (i, (text, style)) in parts.into_iter().enumerate() {
        if room == 0 {
            break;
        }
        // The label leaves room for the badges after it, where there is room for both.
        let keep = if i == last && room > width(&badges) + 4 {
            width(&badges)
        } else {
            0
        };
        let text = truncate_words(&text, room - keep);
        room -= width(&text);
        spans.push(Span::styled(text, style));
    }
    if !badges.is_empty() && width(&badges) <= room {
        room -= width(&badges);
        spans.push(Span::styled(badges, theme.key()));
    }
    if current {
        spans.push(Span::raw(" ".repeat(room)));
        for span in &mut spans {
            span.style = span.style.patch(theme.selected());
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::load;
    use crate::tui::present::tests::presenting;
    use crate::tui::snapshot::to_text;

    const MAX_WIDTH: u16 = 90;

    /// The path as it was first written: every tail joined and measured, nearest the thesis
    /// first. Slow on deep maps, plainly right: the model `path` must agree with.
    fn path_by_joining_every_tail(map: &ArgMap, id: NodeId, max: usize) -> String {
        let steps: Vec<String> = (map.path_to(id).into_iter())
            .map(|id| crate::tui::ui::crumb(map, id))
            .collect();
        for from in 0..steps.len() {
            let mut text = steps[from..].join(" › ");
            if from > 0 {
                text.insert_str(0, "… › ");
            }
            if width(&text) <= max {
                return text;
            }
        }
        truncate_words(steps.last().map_or("", String::as_str), max)
    }

    #[test]
    fn the_path_keeps_the_longest_tail_that_fits_at_every_node_and_width() {
        let map = load::builtin().map;
        for id in map.preorder() {
            for max in 0..140 {
                assert_eq!(
                    path(&map, id, max),
                    path_by_joining_every_tail(&map, id, max),
                    "{} at {max} columns",
                    map.statement(id).id
                );
            }
        }
    }

    #[test]
    fn the_path_of_a_slide_thousands_of_levels_deep_ends_with_its_own_label() {
        let step = |i: usize| crate::model::Statement {
            id: format!("step-{i}"),
            label: format!("Step {i}"),
            ..Default::default()
        };
        let mut map = ArgMap::new(crate::model::Meta::default(), step(0));
        let mut at = map.root;
        for i in 1..20_000 {
            at = map.push(at, Kind::Claim, crate::model::Body::Statement(step(i)));
        }
        let shown = path(&map, at, 60);
        assert!(shown.starts_with("… › "), "{shown}");
        assert!(shown.ends_with("+ Step 19999"), "{shown}");
        assert!(width(&shown) <= 60, "{shown}");
    }

    fn draw(loaded: &Loaded, presenter: &Presenter, w: u16, h: u16, theme: &Theme) -> Buffer {
        let mut terminal = match Terminal::new(TestBackend::new(w, h)) {
            Ok(terminal) => terminal,
            Err(never) => match never {},
        };
        let drawn = terminal.draw(|frame| {
            render(
                frame,
                frame.area(),
                presenter,
                Context {
                    loaded,
                    keymap: &Keymap::default(),
                    rescue_path: std::path::Path::new(""),
                },
                theme,
                Around {
                    max_width: MAX_WIDTH,
                    message: None,
                    notes: None,
                    book: None,
                    mode: Mode::Present,
                },
            );
        });
        if let Err(never) = drawn {
            match never {}
        }
        terminal.backend().buffer().clone()
    }

    fn screen(loaded: &Loaded, presenter: &Presenter, w: u16, h: u16) -> String {
        to_text(&draw(loaded, presenter, w, h, &Theme::monochrome()))
    }

    fn builtin_at(id: &str, reveal: usize) -> (Loaded, Presenter) {
        let loaded = load::builtin();
        let map = &loaded.map;
        let mut presenter = presenting(map, map.find(id).expect("a node of the built-in map"));
        for _ in 0..reveal {
            presenter.forward(map);
        }
        (loaded, presenter)
    }

    /// Whether the screen shows the thesis in block letters.
    fn has_block_letters(text: &str) -> bool {
        text.lines().filter(|l| l.contains('█')).count() >= 2
    }

    #[test]
    fn thesis_at_200x50_in_block_letters() {
        let (loaded, presenter) = builtin_at("thesis", 0);
        let text = screen(&loaded, &presenter, 200, 50);
        assert!(has_block_letters(&text), "{text}");
        assert!(!text.contains("Iran–Russia relations will continue to expand\n"));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn thesis_at_80x24_too_long_for_block_letters_is_bold_text() {
        // Block letters need 12 rows even at the smallest size used (4×4 cells a letter, three
        // lines); with its paraphrase, quotation and six points the slide leaves the label 2.
        let (loaded, presenter) = builtin_at("thesis", 0);
        let text = screen(&loaded, &presenter, 80, 24);
        assert!(!has_block_letters(&text));
        assert!(text.contains("  Iran–Russia relations will continue to expand\n"));
        insta::assert_snapshot!(text);
    }

    /// With every point revealed at 60x20 the quotation keeps the lines it had before any was
    /// revealed (it lost them all, and the paraphrase most of its own, to the points); the last
    /// point shows its start, and the hint line offers the keys that scroll to the rest.
    #[test]
    fn thesis_at_60x20_with_every_point_revealed_keeps_its_quote_and_the_last_point() {
        let (loaded, presenter) = builtin_at("thesis", 6);
        let text = screen(&loaded, &presenter, 60, 20);
        for shown in [
            "five points in",
            "▌ “Now, the question is what will happen",
            "countries are more than differences.",
            "— paragraph 2, lines 13–15",
            "Iran should keep insisting",
            "J/K scroll",
        ] {
            assert!(text.contains(shown), "{shown:?}: {text}");
        }
        insta::assert_snapshot!(text);
    }

    /// On a much zoomed 40x12 screen the thesis's points do not all fit: each → still shows
    /// the start of the point it reveals (where it showed only "…"), and the quotation stays.
    #[test]
    fn on_a_tiny_screen_the_child_just_revealed_is_in_sight() {
        for (reveal, label) in [
            (1, "Recent years brought"),
            (2, "Sanctions taught Iran"),
            (3, "Iran should again look"),
            (6, "Iran should keep"),
        ] {
            let (loaded, presenter) = builtin_at("thesis", reveal);
            let text = screen(&loaded, &presenter, 40, 12);
            assert!(text.contains(label), "{reveal} revealed: {text}");
            assert!(text.contains("▌ “Now, the question"), "{text}");
        }
    }

    /// The lines of a screen that show the quotation and its place in the source.
    fn quoted(text: &str) -> Vec<String> {
        text.lines()
            .filter(|l| l.contains("▌ ") || l.contains("— paragraph"))
            .map(str::to_string)
            .collect()
    }

    /// The reviewer's 40x15: one → made the thesis's quotation and its citation vanish while
    /// the paraphrase grew and the point revealed took their rows. At every size the source's
    /// own words keep the lines they had before any child was revealed, however many are.
    #[test]
    fn the_quote_keeps_its_lines_as_children_are_revealed_at_every_size() {
        let loaded = load::builtin();
        let map = &loaded.map;
        let (_, thesis) = builtin_at("thesis", 0);
        let before = screen(&loaded, &thesis, 40, 15);
        assert!(
            quoted(&before).len() >= 3,
            "two lines and the place: {before}"
        );
        let (_, revealed) = builtin_at("thesis", 1);
        let after = screen(&loaded, &revealed, 40, 15);
        assert!(after.contains("— paragraph 2, lines 13–15"), "{after}");
        assert!(after.contains("Recent years brought"), "{after}");
        for id in ["thesis", "point-1", "point-3", "background", "crimea"] {
            for (w, h) in [(40, 15), (30, 10), (40, 12), (60, 20), (80, 24), (120, 40)] {
                let mut presenter = presenting(map, map.find(id).expect("in the built-in map"));
                let first = screen(&loaded, &presenter, w, h);
                let quote = quoted(&first);
                for reveal in 1..=map.children(presenter.current()).len() {
                    presenter.forward(map);
                    let text = screen(&loaded, &presenter, w, h);
                    assert_eq!(
                        quoted(&text),
                        quote,
                        "{id} at {w}x{h}, {reveal} revealed:\n{first}\n{text}"
                    );
                }
            }
        }
    }

    /// Wherever a slide is cut to fit the screen, the hint line says that J/K scroll it (at
    /// 40x15 the hint gave way to "← back"), and where it is not, it does not.
    #[test]
    fn a_slide_cut_to_fit_says_j_k_scroll_it_at_every_size() {
        let loaded = load::builtin();
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: std::path::Path::new(""),
        };
        for presenter in every_screen(&loaded) {
            if presenter.overview() {
                continue;
            }
            for (w, h) in [(40u16, 15u16), (30, 10), (40, 12), (60, 20), (80, 24)] {
                let text = screen(&loaded, &presenter, w, h);
                let footer = text.lines().last().unwrap_or_default();
                let (most, _) = slide_scroll_range(ctx, &presenter, None, (w, h), MAX_WIDTH);
                assert_eq!(footer.contains("J/K scroll"), most > 0, "{w}x{h}:\n{text}");
            }
        }
        let (_, thesis) = builtin_at("thesis", 0);
        let footer = screen(&loaded, &thesis, 40, 15);
        let footer = footer.lines().last().unwrap_or_default();
        assert!(
            footer.starts_with("  → next  J/K scroll  Esc leave"),
            "{footer}"
        );
    }

    /// Hundreds of children, most revealed, on a tiny screen: the one just revealed is shown,
    /// with as many of those before it as fit, the rest counted above.
    #[test]
    fn among_hundreds_of_children_the_one_just_revealed_is_in_sight() {
        let point = |i: usize| crate::model::Statement {
            id: format!("p{i}"),
            label: format!("Point {i}"),
            ..Default::default()
        };
        let mut loaded = load::builtin();
        loaded.map = ArgMap::new(crate::model::Meta::default(), point(0));
        for i in 1..=300 {
            let root = loaded.map.root;
            loaded
                .map
                .push(root, Kind::Claim, crate::model::Body::Statement(point(i)));
        }
        let mut presenter = presenting(&loaded.map, loaded.map.root);
        for _ in 0..250 {
            presenter.forward(&loaded.map);
        }
        let text = screen(&loaded, &presenter, 40, 12);
        let shown: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("claim  Point"))
            .collect();
        let last = shown.last().unwrap_or_else(|| panic!("{text}"));
        assert!(last.trim_end().ends_with("Point 250"), "{text}");
        let above = 250 - shown.len();
        assert!(text.contains(&format!("↑ {above} above")), "{text}");
        assert!(text.contains("50 more"), "{text}");
    }

    #[test]
    fn a_short_thesis_takes_the_largest_letters_that_fit() {
        let mut loaded = load::builtin();
        loaded.map = crate::model::tests::small_map();
        let presenter = presenting(&loaded.map, loaded.map.root);
        let at_80 = screen(&loaded, &presenter, 80, 24);
        // Full size: a letter 8 cells wide and 8 tall, "T" drawn with its serifs as ██████.
        assert!(at_80.contains("██████"), "{at_80}");
        assert_eq!(at_80.lines().filter(|l| l.contains('█')).count(), 7);
        // 4×4 letters once the column is too narrow for 8 columns a letter.
        let at_30 = screen(&loaded, &presenter, 30, 20);
        assert!(at_30.contains('▀') && !at_30.contains("██████"), "{at_30}");
        // Bold text when even those do not fit.
        let at_20 = screen(&loaded, &presenter, 20, 20);
        assert!(at_20.contains("Thesis") && !at_20.contains('▀'), "{at_20}");
    }

    #[test]
    fn big_letters_keep_words_whole_and_need_a_glyph_for_every_letter() {
        assert_eq!(
            wrap_whole_words("Iran-Russia relations will", 11),
            Some(vec![
                "Iran-Russia".to_string(),
                "relations".into(),
                "will".into()
            ])
        );
        assert_eq!(wrap_whole_words("Iran-Russia", 10), None);
        assert_eq!(wrap_whole_words("", 10), None);
        assert_eq!(
            big_letters("Iran–Russia “now”").as_deref(),
            Some("Iran-Russia \"now\"")
        );
        assert_eq!(big_letters("Ça va"), Some("Ça va".to_string()));
        assert_eq!(big_letters("漢字"), None);
    }

    #[test]
    fn claim_with_two_of_five_children_revealed() {
        let (loaded, presenter) = builtin_at("point-1", 2);
        assert_eq!(loaded.map.children(presenter.current()).len(), 5);
        for (w, h) in [(80, 24), (60, 20), (200, 50)] {
            let text = screen(&loaded, &presenter, w, h);
            assert!(text.contains("+ claim · supports “Iran–Russia"), "{text}");
            assert!(text.contains("! caveat    Russia, China and India voted for"));
            assert!(!text.contains("Iran came through the sanctions"));
            assert!(text.contains("10 / 37"));
            // At 80x24 and 60x20 the quotation keeps the lines it had before the children were
            // revealed: the one revealed last shows (at 60x20 its start), J scrolls to the rest.
            if h == 50 {
                assert!(text.contains("• evidence  The West sought to break Iran apart"));
                assert!(text.contains("3 more: → to reveal"));
            } else {
                assert!(text.contains("J/K scroll"), "{text}");
            }
            if h == 24 {
                assert!(
                    text.contains("at the speed of a roller coaster.”"),
                    "{text}"
                );
                assert!(text.contains("3 more: → to reveal"));
            }
        }
        insta::assert_snapshot!("claim_80x24", screen(&loaded, &presenter, 80, 24));
        insta::assert_snapshot!("claim_60x20", screen(&loaded, &presenter, 60, 20));
        insta::assert_snapshot!("claim_200x50", screen(&loaded, &presenter, 200, 50));
    }

    #[test]
    fn the_key_that_reveals_stays_beside_what_it_does_on_a_narrow_slide() {
        // At 40 columns "1 evidence, 5 claims beneath: → to reveal" is too long for a line;
        // the arrow used to end the first, alone, and "to reveal" open the next.
        let (loaded, presenter) = builtin_at("thesis", 0);
        let text = screen(&loaded, &presenter, 40, 12);
        assert!(text.contains("→ to reveal"), "{text}");
        assert!(!text.lines().any(|l| l.trim_end().ends_with('→')), "{text}");
        assert!(!text.contains(NBSP), "shown as spaces: {text:?}");
    }

    #[test]
    fn a_long_quote_loses_its_tail_not_the_footer() {
        let (loaded, presenter) = builtin_at("background", 0);
        let text = screen(&loaded, &presenter, 60, 20);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("  ▌ ") && l.ends_with(" …")),
            "the quote's last line shown ends with an ellipsis: {text}"
        );
        assert!(text.contains("— paragraph 1, lines 1–12"));
        assert!(text.contains("7 evidence beneath: → to reveal"));
        assert!(lines[19].contains("→ next") && lines[19].ends_with("2 / 37"));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn overview_marks_the_current_slide() {
        let (loaded, mut presenter) = builtin_at("crimea", 0);
        presenter.open_overview();
        for (w, h) in [(80, 24), (60, 20), (200, 50)] {
            let text = screen(&loaded, &presenter, w, h);
            let marked: Vec<&str> = text.lines().filter(|l| l.contains('▶')).collect();
            assert_eq!(marked.len(), 1, "{text}");
            assert!(marked[0].contains("? question  Why did Russia attack Crimea?"));
        }
        insta::assert_snapshot!("overview_80x24", screen(&loaded, &presenter, 80, 24));
        insta::assert_snapshot!("overview_60x20", screen(&loaded, &presenter, 60, 20));
        insta::assert_snapshot!("overview_200x50", screen(&loaded, &presenter, 200, 50));
    }

    #[test]
    fn the_overview_row_is_reversed_so_it_shows_without_colour() {
        let (loaded, mut presenter) = builtin_at("point-3", 0);
        presenter.open_overview();
        let buffer = draw(&loaded, &presenter, 80, 24, &Theme::monochrome());
        let text = to_text(&buffer);
        let row = text.lines().position(|l| l.contains('▶')).unwrap() as u16;
        for x in 2..78 {
            let cell = &buffer[(x, row)];
            assert!(cell.modifier.contains(Modifier::REVERSED), "column {x}");
        }
        let other = if row > 3 { row - 1 } else { row + 1 };
        assert!(!buffer[(4, other)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn the_overview_keeps_the_chosen_slide_in_view_wherever_it_is() {
        let loaded = load::builtin();
        let map = &loaded.map;
        let mut presenter = presenting(map, map.root);
        presenter.open_overview();
        for scroll in [0, -100, 100] {
            for (index, &id) in map.preorder().collect::<Vec<_>>().iter().enumerate() {
                presenter.choose(index);
                presenter.scroll_overview(scroll);
                for (w, h) in [(60, 20), (30, 6), (80, 3)] {
                    let text = screen(&loaded, &presenter, w, h);
                    let label = &map.statement(id).label;
                    let marked = text.lines().find(|l| l.contains('▶'));
                    let marked = marked.unwrap_or_else(|| panic!("{label}: {text}"));
                    let kind = map.node(id).kind.name();
                    // At 30 columns a deep row keeps only a letter or two of its label.
                    let start: String = label.chars().take(if w < 60 { 1 } else { 12 }).collect();
                    assert!(
                        marked.contains(&format!("{kind}  {start}")),
                        "{label}: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_overview_marks_the_slide_on_screen_apart_from_the_one_chosen() {
        let (loaded, mut presenter) = builtin_at("crimea", 0);
        presenter.open_overview();
        presenter.choose(4);
        let text = screen(&loaded, &presenter, 80, 24);
        let chosen: Vec<&str> = text.lines().filter(|l| l.contains('▶')).collect();
        let on_screen: Vec<&str> = text.lines().filter(|l| l.contains('▷')).collect();
        assert_eq!(chosen.len(), 1, "{text}");
        assert!(
            chosen[0].contains("A daily swap of 500,000 barrels"),
            "{text}"
        );
        assert_eq!(on_screen.len(), 1, "{text}");
        assert!(
            on_screen[0].contains("Why did Russia attack Crimea?"),
            "{text}"
        );
        let footer = text.lines().last().unwrap();
        assert!(
            footer.ends_with("5 / 37"),
            "the counter counts the chosen slide: {footer}"
        );
        assert!(footer.contains("↑↓ choose  o show  Esc back"), "{footer}");
    }

    #[test]
    fn overview_scrolling_moves_the_view_but_stops_at_the_ends() {
        assert_eq!(overview_top(37, 16, 0, 0), 0);
        assert_eq!(overview_top(37, 16, 20, 0), 12);
        assert_eq!(overview_top(37, 16, 20, 3), 15);
        assert_eq!(
            overview_top(37, 16, 20, 100),
            20,
            "the current row stays on screen"
        );
        assert_eq!(overview_top(37, 16, 20, -100), 5);
        assert_eq!(overview_top(37, 16, 36, 0), 21, "the list never ends early");
        assert_eq!(overview_top(10, 16, 5, 7), 0);
        assert_eq!(overview_top(37, 0, 5, 0), 0);
    }

    #[test]
    fn a_repeated_statement_says_so_and_where_it_is_written_out() {
        let mut loaded = load::builtin();
        loaded.map = crate::model::tests::small_map();
        let mut presenter = presenting(&loaded.map, loaded.map.root);
        presenter.last();
        let text = screen(&loaded, &presenter, 80, 24);
        assert!(text.contains("↳ rebuttal · answers “B”"), "{text}");
        assert!(
            text.contains("↪ Repeated: this statement is written out under “Thesis” (slide 2).")
        );
        assert!(text.contains("\n  A\n"), "the statement it repeats: {text}");
        let overview = {
            presenter.open_overview();
            screen(&loaded, &presenter, 80, 24)
        };
        assert!(overview.contains("└─ ↳ rebuttal  ↪ A"), "{overview}");
    }

    /// A label that ends its own sentence gets no second full stop where a sentence quotes it,
    /// in the detail pane as on a slide: under “Projects.”, not under “Projects.”..
    #[test]
    fn a_label_ending_with_a_full_stop_is_not_given_a_second() {
        assert_eq!(full_stop("under “Projects.”"), "under “Projects.”");
        assert_eq!(full_stop("under “Why?”"), "under “Why?”");
        assert_eq!(full_stop("under “Projects”"), "under “Projects”.");
        assert_eq!(full_stop("as the thesis"), "as the thesis.");
        let mut loaded = load::builtin();
        let mut map = ArgMap::new(
            crate::model::Meta::default(),
            crate::model::tests::statement("t", "Thesis"),
        );
        let projects = map.push(
            map.root,
            Kind::Claim,
            crate::model::Body::Statement(crate::model::tests::statement("p", "Projects.")),
        );
        let point = map.push(
            projects,
            Kind::Evidence,
            crate::model::Body::Statement(crate::model::tests::statement("x", "A plant")),
        );
        map.push(map.root, Kind::Claim, crate::model::Body::Ref(point));
        loaded.map = map;
        let tree = to_text(&crate::tui::snapshot::render(
            &loaded,
            &Keymap::default(),
            100,
            30,
            &crate::tui::keys::parse_keys("0 G"),
            &crate::tui::state::Start::default(),
        ));
        assert!(tree.contains("out under “Projects.” Press l"), "{tree}");
        assert!(!tree.contains("”."), "{tree}");
    }

    #[test]
    fn the_kind_shows_in_its_colour_and_the_counter_in_bold() {
        let (loaded, presenter) = builtin_at("point-1", 1);
        let buffer = draw(&loaded, &presenter, 80, 24, &Theme::dark());
        let text = to_text(&buffer);
        let row = text
            .lines()
            .position(|l| l.starts_with("  + claim ·"))
            .unwrap() as u16;
        assert_eq!(
            buffer[(2, row)].style().fg,
            Theme::dark().kind(Kind::Claim).fg
        );
        assert!(buffer[(77, 23)].modifier.contains(Modifier::BOLD), "{text}");

        let (loaded, presenter) = builtin_at("thesis", 0);
        let buffer = draw(&loaded, &presenter, 200, 50, &Theme::dark());
        let letter = buffer
            .content
            .iter()
            .find(|cell| cell.symbol() == "█")
            .unwrap();
        assert_eq!(letter.style().fg, Theme::dark().kind(Kind::Thesis).fg);
        assert!(letter.modifier.contains(Modifier::BOLD));
    }

    /// Every slide, with nothing and with everything revealed, and the overview.
    fn every_screen(loaded: &Loaded) -> Vec<Presenter> {
        let map = &loaded.map;
        let mut all = Vec::new();
        for &id in presenting(map, map.root).order() {
            let mut presenter = presenting(map, id);
            all.push(presenter.clone());
            for _ in map.children(id) {
                presenter.forward(map);
            }
            all.push(presenter.clone());
            presenter.open_overview();
            all.push(presenter);
        }
        all
    }

    #[test]
    fn nothing_is_cut_or_drawn_outside_the_column() {
        let loaded = load::builtin();
        let map = &loaded.map;
        for presenter in every_screen(&loaded) {
            for (w, h) in [(80u16, 24u16), (60, 20), (200, 50)] {
                let column = usize::from(w.saturating_sub(4).min(MAX_WIDTH));
                let left = usize::from((w - column as u16) / 2);
                let text = screen(&loaded, &presenter, w, h);
                for line in text.lines() {
                    assert!(width(line) <= usize::from(w), "{line}");
                    let (margin, rest) = line.split_at(line.len() - line.trim_start().len());
                    if !rest.is_empty() {
                        assert!(
                            width(margin) >= left,
                            "{w}x{h}: left of the column: {line}\n{text}"
                        );
                        assert!(
                            width(line) <= left + column,
                            "{w}x{h}: past the column: {line}"
                        );
                    }
                }
                if presenter.overview() {
                    continue;
                }
                // Every word of the label shows whole, unless it is in block letters.
                let label = &map.statement(presenter.current()).label;
                if !has_block_letters(&text) {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    for word in label.split_whitespace() {
                        assert!(
                            words.contains(&word),
                            "{w}x{h}: {word:?} of {label:?}\n{text}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_slide_line_fits_its_column() {
        let loaded = load::builtin();
        for presenter in every_screen(&loaded) {
            for (columns, rows) in [(56u16, 18u16), (76, 22), (90, 48), (12, 8)] {
                let body = Rect::new(0, 0, columns, rows);
                for row in slide(&loaded, &presenter, None, body, Some("→"), &Theme::dark()).0 {
                    match row {
                        Row::Text(line) => assert!(line.width() <= usize::from(columns), "{line}"),
                        Row::Big { lines, size, .. } => {
                            let per_letter = if size == PixelSize::Quadrant { 4 } else { 8 };
                            for line in lines {
                                assert!(line.chars().count() * per_letter <= usize::from(columns));
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_column_stays_at_its_widest_and_centred_on_a_wide_screen() {
        let (loaded, presenter) = builtin_at("point-1", 5);
        let text = screen(&loaded, &presenter, 200, 50);
        let lines: Vec<&str> = text.lines().collect();
        let footer = lines[49];
        assert_eq!(footer.find('→'), Some(55), "{footer}");
        assert_eq!(width(footer), 145, "the counter ends the column: {footer}");
        assert!(lines.iter().all(|l| width(l) <= 145));
    }

    #[test]
    fn every_size_down_to_nothing_renders_without_panicking() {
        let loaded = load::builtin();
        let mut small = load::builtin();
        small.map = crate::model::tests::small_map();
        let states: Vec<(&Loaded, Presenter)> = [
            builtin_at("thesis", 0).1,
            builtin_at("thesis", 6).1,
            builtin_at("point-1", 2).1,
            builtin_at("background", 0).1,
        ]
        .into_iter()
        .map(|p| (&loaded, p))
        .chain([(&small, presenting(&small.map, NodeId(4)))])
        .flat_map(|(l, p)| {
            let mut o = p.clone();
            o.open_overview();
            [(l, p), (l, o)]
        })
        .collect();
        for (loaded, presenter) in &states {
            for w in 0..=30 {
                for h in 0..=12 {
                    let text = screen(loaded, presenter, w, h);
                    assert!(text.lines().all(|l| width(l) <= usize::from(w)));
                    if h >= 1 && w >= 6 {
                        let last = text.lines().last().unwrap_or_default();
                        assert!(last.contains('/'), "{w}x{h}: the counter shows\n{text}");
                    }
                }
            }
        }
        for (loaded, presenter) in &states {
            for max_width in [0, 1, 5] {
                let mut terminal = Terminal::new(TestBackend::new(40, 10)).unwrap();
                terminal
                    .draw(|f| {
                        render(
                            f,
                            f.area(),
                            presenter,
                            Context {
                                loaded,
                                keymap: &Keymap::default(),
                                rescue_path: std::path::Path::new(""),
                            },
                            &Theme::dark(),
                            Around {
                                max_width,
                                message: None,
                                notes: None,
                                book: None,
                                mode: Mode::Present,
                            },
                        )
                    })
                    .unwrap();
            }
        }
    }

    #[test]
    fn it_draws_only_inside_the_area_it_is_given() {
        let (loaded, presenter) = builtin_at("point-1", 2);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: std::path::Path::new(""),
        };
        terminal
            .draw(|f| {
                let area = Rect::new(10, 5, 70, 20);
                let around = |max_width| Around {
                    max_width,
                    message: None,
                    notes: None,
                    book: None,
                    mode: Mode::Present,
                };
                render(f, area, &presenter, ctx, &Theme::dark(), around(MAX_WIDTH));
                // An area reaching past the screen is cut to it.
                render(
                    f,
                    Rect::new(90, 25, 50, 50),
                    &presenter,
                    ctx,
                    &Theme::dark(),
                    around(90),
                );
            })
            .unwrap();
        let text = to_text(terminal.backend().buffer());
        for (y, line) in text.lines().enumerate() {
            if !(5..25).contains(&y) && y < 25 {
                assert!(line.is_empty(), "row {y}: {line}");
            }
            if (5..25).contains(&y) {
                assert!(line.chars().take(10).all(|c| c == ' '), "row {y}: {line}");
            }
        }
    }
}
