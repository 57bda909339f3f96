//! A binding's hint: the word or two the hint line shows beside its key, and what becomes of
//! it when the line is too narrow for every hint. The keymap's table gives each hinted row
//! one, so the status line decides what to keep by this, never by what the words say.

/// What a narrow hint line does with a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Shown while there is room, in the order of the table, once every [`Keep::Core`] hint
    /// has had its turn: what is used now and then (the levels, stepping in, presenting).
    IfRoom,
    /// What a newcomer needs to get about in the mode: the keys the mode is for (moving in the
    /// tree, a sentence at a time in the source) and the search. Shown before any
    /// [`Keep::IfRoom`] hint, wherever the table has it, so a narrow line drops the rarer keys
    /// first.
    Core,
    /// Shown whatever the width: the way out of where one is (quit, close, back).
    Always,
    /// Shown whatever the width, and first, so that a newcomer sees it (help).
    First,
    /// The way to the other pane. With one pane on screen it is the only way there: it is
    /// then named for that pane and kept, right after the first, whatever the width. With
    /// both on screen it counts as [`Keep::Core`]: a short detail pane is read by focusing it.
    OtherPane,
    /// The way to the other column of the step-into view. j and k never leave a column and,
    /// stacked on a narrow screen, the other is easily missed: with children on both sides it
    /// is kept when it fits beside the hints that always show.
    OtherColumn,
}

/// What the hint line shows for a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    /// A word or two: "move", "help".
    pub word: &'static str,
    pub keep: Keep,
    /// The word while the detail pane has the keys of the map, where j and k scroll and
    /// folding is the tree's business; `None` leaves the hint out there.
    pub in_detail: Option<&'static str>,
}

impl Hint {
    /// A hint shown while there is room, the same whichever pane has the keys.
    pub const fn new(word: &'static str) -> Hint {
        Hint {
            word,
            keep: Keep::IfRoom,
            in_detail: Some(word),
        }
    }

    pub const fn keep(self, keep: Keep) -> Hint {
        Hint { keep, ..self }
    }

    pub const fn in_detail(self, in_detail: Option<&'static str>) -> Hint {
        Hint { in_detail, ..self }
    }
}
