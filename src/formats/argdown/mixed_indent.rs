//! Relation lines indented with tabs beside lines indented with spaces.
//!
//! Argdown counts a tab as one character of indentation, as argscope does to read the same tree;
//! an editor shows a tab as several spaces. Where the two disagree on whether a relation line
//! hangs under the relation line above it, the tree read is not the one the writer saw, so
//! that line gets a warning. The check looks at the line and the relation line above it only,
//! so a file read in halves warns as one read whole.

use super::{Line, relation_level, relation_symbol};

/// The width a tab shows at in the editors Argdown is written in (VS Code, most others).
const TAB_STOP: usize = 4;

/// How far back past continuation and quote lines the relation line above is looked for.
const LOOK_BACK: usize = 64;

/// The warning for relation line `i` of a paragraph whose head is at `base`, when its
/// indentation and that of the relation line above mix tabs and spaces so that an editor
/// shows it hanging under that line and Argdown reads it elsewhere, or the other way round.
pub(super) fn warning(lines: &[Line], i: usize, base: usize) -> Option<String> {
    let line = &lines[i];
    let above = lines[i.saturating_sub(LOOK_BACK)..i]
        .iter()
        .rev()
        .take_while(|l| !l.blank())
        .find(|l| relation_symbol(l.rest()).is_some())?;
    let (this, that) = (indentation(line), indentation(above));
    let has = |c: char| this.contains(c) || that.contains(c);
    if !(has('\t') && has(' ')) {
        return None;
    }
    let under = |this: usize, that: usize| relation_level(this, base) > relation_level(that, base);
    let read_under = under(this.len(), that.len());
    let shown_under = under(shown_width(this), shown_width(that));
    if read_under == shown_under {
        return None;
    }
    let (reads, shown) = if read_under {
        ("reads this line under that one", "no deeper")
    } else {
        (
            "does not read this line under that one",
            "indented under it",
        )
    };
    Some(format!(
        "this line mixes tabs and spaces with line {} above: Argdown counts a tab as one space and so {reads}, though an editor showing a tab as {TAB_STOP} spaces shows it {shown}; indent every line with spaces only (or with tabs only)",
        above.no
    ))
}

/// The tabs and spaces a line begins with.
fn indentation<'a>(line: &Line<'a>) -> &'a str {
    let text = line.text;
    &text[..text.len() - line.rest().len()]
}

/// How wide an editor shows an indentation, a tab reaching the next tab stop.
fn shown_width(indentation: &str) -> usize {
    indentation.chars().fold(0, |width, c| match c {
        '\t' => (width / TAB_STOP + 1) * TAB_STOP,
        _ => width + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_reaches_the_next_stop() {
        assert_eq!(shown_width("\t"), 4);
        assert_eq!(shown_width("  \t"), 4);
        assert_eq!(shown_width("\t  "), 6);
        assert_eq!(shown_width("    \t"), 8);
    }
}
