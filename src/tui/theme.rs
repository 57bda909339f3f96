//! Colours and text styles. Meaning never rests on colour alone: every kind also has a glyph
//! and a word, focus also changes the border's shape, and the monochrome theme uses only
//! bold, dim, italic, underline and reverse video.
//!
//! The colour themes use the xterm 256-colour cube and grey ramp (`Color::Indexed(16..=255)`):
//! those have standard RGB values, so the contrast of every pair of colours a theme draws text
//! with is computed and tested ([`Theme::text_pairs`]), and they work in terminals without
//! truecolour. Every style sets its foreground; the background is the theme's base background,
//! which `ui::draw` paints over the whole screen first, except where a style sets its own
//! (the highlight).

use ratatui::style::{Color, Modifier, Style};

use crate::model::Kind;

/// The built-in colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThemeName {
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// High contrast for washed-out projectors: white on black, bright saturated kinds, bold.
    Projector,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Projector];

    /// The name used on the command line, in the configuration and on screen.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Projector => "projector",
        }
    }

    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The theme after this one: dark → light → projector → dark.
    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::Projector,
            ThemeName::Projector => ThemeName::Dark,
        }
    }
}

/// A colour theme's colours, as xterm 256-colour indices (16..=255).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Palette {
    /// The screen's background and ordinary text.
    bg: u8,
    fg: u8,
    heading: u8,
    /// Secondary text: guides, counts, places in the article, hint words.
    dim: u8,
    border: u8,
    border_focused: u8,
    quote: u8,
    warning: u8,
    key: u8,
    accent: u8,
    for_side: u8,
    against_side: u8,
    highlight_fg: u8,
    highlight_bg: u8,
    /// In the order of `Kind::ALL`.
    kinds: [u8; 8],
    /// Kind words in bold too (the projector: thicker strokes survive a washed-out image).
    bold_kinds: bool,
}

const DARK: Palette = Palette {
    bg: 234,            // #1c1c1c
    fg: 252,            // #d0d0d0
    heading: 255,       // #eeeeee
    dim: 246,           // #949494
    border: 245,        // #8a8a8a
    border_focused: 81, // #5fd7ff
    quote: 230,         // #ffffd7
    warning: 215,       // #ffaf5f
    key: 81,            // #5fd7ff
    accent: 117,        // #87d7ff
    for_side: 114,      // #87d787
    against_side: 203,  // #ff5f5f
    highlight_fg: 16,   // #000000
    highlight_bg: 222,  // #ffd787
    kinds: [
        213, // thesis    #ff87ff magenta
        114, // claim     #87d787 green
        80,  // evidence  #5fd7d7 cyan
        203, // objection #ff5f5f red
        221, // caveat    #ffd75f yellow
        75,  // question  #5fafff blue
        141, // rebuttal  #af87ff violet
        250, // group     #bcbcbc grey
    ],
    bold_kinds: false,
};

const LIGHT: Palette = Palette {
    bg: 255,            // #eeeeee
    fg: 235,            // #262626
    heading: 16,        // #000000
    dim: 241,           // #626262
    border: 241,        // #626262
    border_focused: 24, // #005f87
    quote: 233,         // #121212
    warning: 88,        // #870000
    key: 24,            // #005f87
    accent: 90,         // #870087
    for_side: 22,       // #005f00
    against_side: 124,  // #af0000
    highlight_fg: 16,   // #000000
    highlight_bg: 221,  // #ffd75f
    kinds: [
        127, // thesis    #af00af magenta
        22,  // claim     #005f00 green
        23,  // evidence  #005f5f teal
        124, // objection #af0000 red
        94,  // caveat    #875f00 amber
        25,  // question  #005faf blue
        55,  // rebuttal  #5f00af violet
        238, // group     #444444 grey
    ],
    bold_kinds: false,
};

const PROJECTOR: Palette = Palette {
    bg: 16,              // #000000
    fg: 231,             // #ffffff
    heading: 231,        // #ffffff
    dim: 250,            // #bcbcbc
    border: 250,         // #bcbcbc
    border_focused: 231, // #ffffff
    quote: 230,          // #ffffd7
    warning: 214,        // #ffaf00
    key: 117,            // #87d7ff
    accent: 226,         // #ffff00
    for_side: 46,        // #00ff00
    against_side: 210,   // #ff8787
    highlight_fg: 16,    // #000000
    highlight_bg: 226,   // #ffff00
    kinds: [
        207, // thesis    #ff5fff magenta
        46,  // claim     #00ff00 green
        51,  // evidence  #00ffff cyan
        210, // objection #ff8787 red
        226, // caveat    #ffff00 yellow
        75,  // question  #5fafff blue
        141, // rebuttal  #af87ff violet
        253, // group     #dadada grey
    ],
    bold_kinds: true,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// None for the monochrome theme (NO_COLOR, `--color never`): modifiers only, no colours.
    name: Option<ThemeName>,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        Theme { name: Some(name) }
    }

    pub fn dark() -> Theme {
        Theme::new(ThemeName::Dark)
    }

    pub fn monochrome() -> Theme {
        Theme { name: None }
    }

    /// Which colour theme this is; None for monochrome.
    pub fn name(&self) -> Option<ThemeName> {
        self.name
    }

    /// Whether this theme uses colour at all.
    pub fn has_color(&self) -> bool {
        self.name.is_some()
    }

    fn palette(&self) -> Option<&'static Palette> {
        self.name.map(|name| match name {
            ThemeName::Dark => &DARK,
            ThemeName::Light => &LIGHT,
            ThemeName::Projector => &PROJECTOR,
        })
    }

    /// A foreground from the palette; no colour at all in monochrome.
    fn fg(&self, pick: impl Fn(&Palette) -> u8) -> Style {
        match self.palette() {
            Some(palette) => Style::new().fg(Color::Indexed(pick(palette))),
            None => Style::new(),
        }
    }

    /// The whole screen: ordinary text on the theme's background. Drawn first, under everything.
    pub fn base(&self) -> Style {
        match self.palette() {
            Some(p) => Style::new()
                .fg(Color::Indexed(p.fg))
                .bg(Color::Indexed(p.bg)),
            None => Style::new(),
        }
    }

    pub fn kind(&self, kind: Kind) -> Style {
        let index = Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        let style = self.fg(|p| p.kinds[index]);
        let bold = kind == Kind::Thesis || self.palette().is_some_and(|p| p.bold_kinds);
        if bold {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    /// The selected row: reverse video, so the row's own colours swap and keep their contrast.
    /// The one style without a foreground, so it keeps each span's colour.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(|p| p.border_focused).add_modifier(Modifier::BOLD)
        } else {
            self.fg(|p| p.border)
        }
    }

    /// Secondary text: counts of folded nodes, places in the article.
    pub fn dim(&self) -> Style {
        if self.has_color() {
            self.fg(|p| p.dim)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn heading(&self) -> Style {
        self.fg(|p| p.heading).add_modifier(Modifier::BOLD)
    }

    pub fn quote(&self) -> Style {
        self.fg(|p| p.quote).add_modifier(Modifier::ITALIC)
    }

    pub fn warning(&self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }

    /// Key names in the hint line and the help.
    pub fn key(&self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }

    pub fn for_side(&self) -> Style {
        self.fg(|p| p.for_side).add_modifier(Modifier::BOLD)
    }

    pub fn against_side(&self) -> Style {
        self.fg(|p| p.against_side).add_modifier(Modifier::BOLD)
    }

    /// A search match, or the selected passage in a source view: its own foreground and
    /// background, so it stays readable whatever it is drawn over. Reverse video in monochrome.
    /// Also bold and underlined, so a match still shows on the (reverse video) selected row.
    pub fn highlight(&self) -> Style {
        let marked = Modifier::UNDERLINED | Modifier::BOLD;
        match self.palette() {
            Some(p) => Style::new()
                .fg(Color::Indexed(p.highlight_fg))
                .bg(Color::Indexed(p.highlight_bg))
                .add_modifier(marked),
            None => Style::new().add_modifier(Modifier::REVERSED | marked),
        }
    }

    /// Quoted passages in a source text: underlined, in the quote's colour.
    pub fn underline(&self) -> Style {
        self.fg(|p| p.quote).add_modifier(Modifier::UNDERLINED)
    }

    /// Titles that should stand out, such as a presenter's counter.
    pub fn accent(&self) -> Style {
        self.fg(|p| p.accent).add_modifier(Modifier::BOLD)
    }

    /// Every foreground/background pair this theme draws text with, named for messages: each
    /// style against the base background, the highlight's own pair, and the selection (reverse
    /// video of the pairs drawn in the tree: the same colours swapped, so the same contrast).
    /// Empty for monochrome, which sets no colours.
    pub fn text_pairs(&self) -> Vec<(&'static str, Color, Color)> {
        let Some(p) = self.palette() else {
            return Vec::new();
        };
        let bg = Color::Indexed(p.bg);
        let kind_names: [&'static str; 8] = [
            "kind thesis",
            "kind claim",
            "kind evidence",
            "kind objection",
            "kind caveat",
            "kind question",
            "kind rebuttal",
            "kind group",
        ];
        let selected_kind_names: [&'static str; 8] = [
            "selected kind thesis",
            "selected kind claim",
            "selected kind evidence",
            "selected kind objection",
            "selected kind caveat",
            "selected kind question",
            "selected kind rebuttal",
            "selected kind group",
        ];
        let foreground = |style: Style| style.fg.unwrap_or(Color::Indexed(p.fg));
        let mut pairs: Vec<(&'static str, Color, Color)> = vec![
            ("base", foreground(self.base()), bg),
            ("heading", foreground(self.heading()), bg),
            ("dim", foreground(self.dim()), bg),
            ("border", foreground(self.border(false)), bg),
            ("border focused", foreground(self.border(true)), bg),
            ("quote", foreground(self.quote()), bg),
            ("underline", foreground(self.underline()), bg),
            ("warning", foreground(self.warning()), bg),
            ("key", foreground(self.key()), bg),
            ("accent", foreground(self.accent()), bg),
            ("for side", foreground(self.for_side()), bg),
            ("against side", foreground(self.against_side()), bg),
        ];
        for (name, kind) in kind_names.into_iter().zip(Kind::ALL) {
            pairs.push((name, foreground(self.kind(kind)), bg));
        }
        let highlight = self.highlight();
        pairs.push((
            "highlight",
            highlight.fg.unwrap_or(Color::Indexed(p.fg)),
            highlight.bg.unwrap_or(bg),
        ));
        // The selected tree row: each of its pairs in reverse video.
        for (name, style) in [
            ("selected base", self.base()),
            ("selected heading", self.heading()),
            ("selected dim", self.dim()),
        ] {
            pairs.push((name, bg, foreground(style)));
        }
        for (name, kind) in selected_kind_names.into_iter().zip(Kind::ALL) {
            pairs.push((name, bg, foreground(self.kind(kind))));
        }
        pairs
    }
}

/// The RGB value of an xterm 256-colour index. 16..=231 is the 6×6×6 cube (levels 0, 95, 135,
/// 175, 215, 255), 232..=255 the grey ramp (8, 18, …, 238). The first 16 differ between
/// terminals; they get xterm's defaults here.
pub fn xterm_rgb(index: u8) -> (u8, u8, u8) {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    const SYSTEM: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    match index {
        0..=15 => SYSTEM[usize::from(index)],
        16..=231 => {
            let n = index - 16;
            (
                LEVELS[usize::from(n / 36)],
                LEVELS[usize::from(n / 6 % 6)],
                LEVELS[usize::from(n % 6)],
            )
        }
        232..=255 => {
            let v = 8 + 10 * (index - 232);
            (v, v, v)
        }
    }
}

/// WCAG 2.x relative luminance of an sRGB colour.
fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2.x contrast ratio, from 1 (the same colour) to 21 (black and white).
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (lighter, darker) = if la >= lb { (la, lb) } else { (lb, la) };
    (lighter + 0.05) / (darker + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(color: Color) -> (u8, u8, u8) {
        match color {
            Color::Indexed(n) => {
                assert!(n >= 16, "{color:?} is a system colour, whose RGB varies");
                xterm_rgb(n)
            }
            other => panic!("{other:?} is not an xterm 256-colour index"),
        }
    }

    /// Asserts every text pair of a theme reaches `minimum`, naming each that does not.
    fn check_contrast(name: ThemeName, minimum: f64) {
        let theme = Theme::new(name);
        let pairs = theme.text_pairs();
        assert!(pairs.len() > 20, "{}: too few pairs", name.name());
        let mut failures = Vec::new();
        for (what, fg, bg) in pairs {
            let ratio = contrast_ratio(rgb(fg), rgb(bg));
            if ratio < minimum {
                failures.push(format!("{what} ({fg:?} on {bg:?}) is {ratio:.2}:1"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} theme: below {minimum}:1: {}",
            name.name(),
            failures.join("; ")
        );
    }

    #[test]
    fn the_projector_theme_has_at_least_7_to_1_contrast_everywhere() {
        check_contrast(ThemeName::Projector, 7.0);
    }

    #[test]
    fn the_dark_and_light_themes_have_at_least_4_5_to_1_contrast_everywhere() {
        check_contrast(ThemeName::Dark, 4.5);
        check_contrast(ThemeName::Light, 4.5);
    }

    #[test]
    fn contrast_ratio_matches_known_values() {
        let black = (0, 0, 0);
        let white = (255, 255, 255);
        assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio((119, 119, 119), (119, 119, 119)) - 1.0).abs() < 1e-9);
        // #777777 on white is the well-known 4.48:1, just under WCAG AA.
        let grey = contrast_ratio((119, 119, 119), white);
        assert!((grey - 4.48).abs() < 0.01, "{grey}");
        // Pure red on white: 4.0:1.
        let red = contrast_ratio((255, 0, 0), white);
        assert!((red - 4.0).abs() < 0.01, "{red}");
    }

    #[test]
    fn xterm_rgb_matches_the_standard_palette() {
        assert_eq!(xterm_rgb(16), (0, 0, 0));
        assert_eq!(xterm_rgb(231), (255, 255, 255));
        assert_eq!(xterm_rgb(196), (255, 0, 0));
        assert_eq!(xterm_rgb(46), (0, 255, 0));
        assert_eq!(xterm_rgb(21), (0, 0, 255));
        assert_eq!(xterm_rgb(110), (135, 175, 215));
        assert_eq!(xterm_rgb(232), (8, 8, 8));
        assert_eq!(xterm_rgb(244), (128, 128, 128));
        assert_eq!(xterm_rgb(255), (238, 238, 238));
    }

    #[test]
    fn colour_themes_use_only_the_cube_and_grey_ramp() {
        for name in ThemeName::ALL {
            for (what, fg, bg) in Theme::new(name).text_pairs() {
                for color in [fg, bg] {
                    assert!(
                        matches!(color, Color::Indexed(16..=255)),
                        "{}: {what}: {color:?}",
                        name.name()
                    );
                }
            }
        }
    }

    fn every_style(theme: &Theme) -> Vec<Style> {
        let mut styles = vec![
            theme.base(),
            theme.selected(),
            theme.border(false),
            theme.border(true),
            theme.dim(),
            theme.heading(),
            theme.quote(),
            theme.warning(),
            theme.key(),
            theme.for_side(),
            theme.against_side(),
            theme.highlight(),
            theme.underline(),
            theme.accent(),
        ];
        styles.extend(Kind::ALL.map(|k| theme.kind(k)));
        styles
    }

    #[test]
    fn monochrome_sets_no_colour_and_keeps_its_look() {
        let theme = Theme::monochrome();
        assert_eq!(theme.name(), None);
        assert!(theme.text_pairs().is_empty());
        for style in every_style(&theme) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert_eq!(theme.base(), Style::new());
        assert_eq!(theme.dim(), Style::new().add_modifier(Modifier::DIM));
        assert_eq!(
            theme.selected(),
            Style::new().add_modifier(Modifier::REVERSED)
        );
        assert_eq!(
            theme.border(true),
            Style::new().add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.border(false), Style::new());
        assert_eq!(theme.quote(), Style::new().add_modifier(Modifier::ITALIC));
        assert_eq!(
            theme.kind(Kind::Thesis),
            Style::new().add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.kind(Kind::Claim), Style::new());
        assert!(
            theme
                .underline()
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
    }

    #[test]
    fn every_colour_style_sets_a_foreground_and_only_base_and_highlight_a_background() {
        for name in ThemeName::ALL {
            let theme = Theme::new(name);
            assert_eq!(theme.name(), Some(name));
            for style in every_style(&theme) {
                if style == theme.selected() {
                    continue;
                }
                assert!(style.fg.is_some(), "{}: {style:?}", name.name());
                let own_background = style == theme.base() || style == theme.highlight();
                assert_eq!(
                    style.bg.is_some(),
                    own_background,
                    "{}: {style:?}",
                    name.name()
                );
            }
            assert_ne!(theme.highlight().bg, theme.base().bg);
            assert!(
                theme
                    .underline()
                    .add_modifier
                    .contains(Modifier::UNDERLINED)
            );
        }
    }

    #[test]
    fn kinds_have_distinct_colours_in_each_theme() {
        for name in ThemeName::ALL {
            let theme = Theme::new(name);
            let colours: Vec<Option<Color>> = Kind::ALL.iter().map(|&k| theme.kind(k).fg).collect();
            for (i, a) in colours.iter().enumerate() {
                assert!(a.is_some());
                for (j, b) in colours.iter().enumerate().skip(i + 1) {
                    assert_ne!(
                        a,
                        b,
                        "{}: {} and {} share a colour",
                        name.name(),
                        Kind::ALL[i].name(),
                        Kind::ALL[j].name()
                    );
                }
                assert_ne!(
                    *a,
                    theme.base().fg,
                    "{}: a kind in the text colour",
                    name.name()
                );
            }
        }
    }

    #[test]
    fn theme_names_round_trip_and_cycle() {
        for name in ThemeName::ALL {
            assert_eq!(ThemeName::from_name(name.name()), Some(name));
        }
        assert_eq!(ThemeName::from_name("solarized"), None);
        assert_eq!(ThemeName::from_name("Dark"), None);
        assert_eq!(ThemeName::Dark.next(), ThemeName::Light);
        assert_eq!(ThemeName::Light.next(), ThemeName::Projector);
        assert_eq!(ThemeName::Projector.next(), ThemeName::Dark);
        assert_eq!(Theme::dark(), Theme::new(ThemeName::Dark));
    }
}
