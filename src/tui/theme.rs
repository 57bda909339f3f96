//! Colours and text styles. Meaning never rests on colour alone: every kind also has a glyph
//! and a word, focus also changes the border's shape, and the monochrome theme uses only
//! bold, dim, italic and reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False for NO_COLOR and `--color never`: styles keep their modifiers, lose their colours.
    pub color: bool,
}

impl Theme {
    pub fn dark() -> Theme {
        Theme { color: true }
    }

    pub fn monochrome() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn kind(&self, kind: Kind) -> Style {
        let color = match kind {
            Kind::Thesis => Color::LightMagenta,
            Kind::Claim => Color::Green,
            Kind::Evidence => Color::Cyan,
            Kind::Objection => Color::LightRed,
            Kind::Caveat => Color::Yellow,
            Kind::Question => Color::LightBlue,
            Kind::Rebuttal => Color::LightGreen,
        };
        let style = self.fg(color);
        if kind == Kind::Thesis {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::LightCyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::Gray)
        }
    }

    /// Secondary text: counts of folded nodes, places in the article.
    pub fn dim(&self) -> Style {
        if self.color {
            self.fg(Color::Gray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn quote(&self) -> Style {
        self.fg(Color::White).add_modifier(Modifier::ITALIC)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::LightYellow).add_modifier(Modifier::BOLD)
    }

    /// A search match: bold and underlined, so it shows without colour and on the selected row.
    pub fn highlight(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    }

    /// Key names in the hint line and the help.
    pub fn key(&self) -> Style {
        self.fg(Color::LightCyan).add_modifier(Modifier::BOLD)
    }

    pub fn for_side(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn against_side(&self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }
}
