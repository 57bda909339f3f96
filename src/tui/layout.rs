//! Where each pane goes for a terminal size. Shared by drawing and by the update (for paging
//! and mouse clicks), so both agree on the geometry.

use ratatui::layout::Rect;

use super::state::Pane;

/// Below this width the panes stack instead of standing side by side.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 80;
/// Below this height (of the pane area) a narrow screen shows one pane at a time.
const STACKED_MIN_HEIGHT: u16 = 14;
/// The tree's share of a wide screen, in percent.
const TREE_PERCENT: u16 = 46;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The tree pane with its border, if shown.
    pub tree: Option<Rect>,
    /// The detail pane with its border, if shown.
    pub detail: Option<Rect>,
    /// Breadcrumb and key hints at the bottom.
    pub status: Rect,
}

pub fn areas(width: u16, height: u16, focus: Pane) -> Areas {
    let status_height = if height >= 6 { 2 } else { 0 };
    let main = Rect::new(0, 0, width, height - status_height);
    let status = Rect::new(0, main.height, width, status_height);
    let (tree, detail) = if width >= SIDE_BY_SIDE_MIN_WIDTH {
        let tree_width = (u32::from(width) * u32::from(TREE_PERCENT) / 100) as u16;
        (
            Some(Rect::new(0, 0, tree_width, main.height)),
            Some(Rect::new(tree_width, 0, width - tree_width, main.height)),
        )
    } else if main.height >= STACKED_MIN_HEIGHT {
        let tree_height = main.height / 2;
        (
            Some(Rect::new(0, 0, width, tree_height)),
            Some(Rect::new(0, tree_height, width, main.height - tree_height)),
        )
    } else {
        match focus {
            Pane::Tree => (Some(main), None),
            Pane::Detail => (None, Some(main)),
        }
    };
    Areas {
        tree,
        detail,
        status,
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    if area.width < 3 || area.height < 3 {
        return Rect::new(area.x, area.y, 0, 0);
    }
    Rect::new(area.x + 1, area.y + 1, area.width - 2, area.height - 2)
}

/// Text width inside the detail pane: its inside less one column of padding each side.
pub fn detail_text_width(area: Rect) -> usize {
    usize::from(inner(area).width.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_stand_the_panes_side_by_side() {
        let a = areas(100, 30, Pane::Tree);
        assert_eq!(a.tree, Some(Rect::new(0, 0, 46, 28)));
        assert_eq!(a.detail, Some(Rect::new(46, 0, 54, 28)));
        assert_eq!(a.status, Rect::new(0, 28, 100, 2));
    }

    #[test]
    fn narrow_screens_stack_them_and_short_ones_show_the_focused_pane() {
        let stacked = areas(60, 20, Pane::Tree);
        assert_eq!(stacked.tree, Some(Rect::new(0, 0, 60, 9)));
        assert_eq!(stacked.detail, Some(Rect::new(0, 9, 60, 9)));
        let short = areas(60, 12, Pane::Detail);
        assert_eq!(short.tree, None);
        assert_eq!(short.detail, Some(Rect::new(0, 0, 60, 10)));
    }

    #[test]
    fn tiny_sizes_give_empty_but_valid_areas() {
        for (w, h) in [(0, 0), (1, 1), (2, 5), (200, 1)] {
            let a = areas(w, h, Pane::Tree);
            let tree = a.tree.unwrap();
            assert!(tree.right() <= w && tree.bottom() <= h);
            assert_eq!(inner(tree).area(), 0);
        }
    }
}
