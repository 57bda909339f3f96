//! Drawing: pure functions from the state to a frame. Nothing here changes the state.

pub mod detail;
pub mod help;
pub mod present;
pub mod source;
pub mod status;
pub mod tree;
pub mod zoom;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders};

use super::layout;
use super::state::{Pane, ViewState};
use super::theme::Theme;
use super::update::Context;

pub fn draw(frame: &mut Frame, state: &ViewState, ctx: Context) {
    let theme = &state.theme;
    let area = frame.area();
    // The theme's background and text colour under everything, so a light or projector theme
    // fills the screen, not only the cells that hold text. Widgets patch their styles over it.
    frame.buffer_mut().set_style(area, theme.base());
    let areas = layout::areas(area.width, area.height, state.focus);
    if let Some(presenter) = &state.present {
        present::render(
            frame,
            area,
            presenter,
            ctx.loaded,
            theme,
            state.presenter_width,
        );
        if state.help.is_some() {
            help::render(frame, state, ctx, theme);
        }
        return;
    }
    if let Some(zoom_state) = &state.zoom {
        let main = Rect::new(
            area.x,
            area.y,
            area.width,
            area.height - areas.status.height,
        );
        zoom::render(frame, main, zoom_state, ctx, theme);
        status::render(frame, areas.status, state, ctx, theme);
        if state.help.is_some() {
            help::render(frame, state, ctx, theme);
        }
        return;
    }
    if let Some(tree_area) = areas.tree {
        tree::render(frame, tree_area, state, ctx, theme);
    }
    if let Some(detail_area) = areas.detail {
        match (&state.source, &ctx.loaded.document) {
            (Some(pane), Some(document)) => {
                let focused = state.focus == Pane::Detail && state.help.is_none();
                let selected = state.selected();
                let map = &ctx.loaded.map;
                source::render(
                    frame,
                    detail_area,
                    &pane.view,
                    &pane.layout,
                    document,
                    map,
                    selected,
                    theme,
                    focused,
                );
            }
            _ => detail::render(frame, detail_area, state, ctx, theme),
        }
    }
    status::render(frame, areas.status, state, ctx, theme);
    if state.help.is_some() {
        help::render(frame, state, ctx, theme);
    }
}

/// A pane's frame: bold and thick when it has focus, so focus reads without colour.
fn pane_block<'a>(title: &'a str, pane: Pane, state: &ViewState, theme: &Theme) -> Block<'a> {
    framed(title, state.focus == pane && state.help.is_none(), theme)
}

/// The frame every pane has, thick and bold when `focused`.
fn framed<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title(format!(" {title} "))
        .title_style(theme.border(focused))
}

/// Whether a pane is big enough to draw anything inside its border.
fn drawable(area: Rect) -> bool {
    area.width >= 3 && area.height >= 3
}
