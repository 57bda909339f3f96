//! Problems found in a map file, each with the place that needs fixing.

use std::fmt;

/// A position in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    /// `None` when the problem is with the file as a whole.
    pub line_col: Option<(usize, usize)>,
}

impl Place {
    pub fn at(file: &str, line: usize, column: usize) -> Place {
        Place {
            file: file.to_string(),
            line_col: Some((line, column)),
        }
    }

    pub fn whole(file: &str) -> Place {
        Place {
            file: file.to_string(),
            line_col: None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col {
            Some((line, column)) => write!(f, "{}:{line}:{column}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Whether a problem stops the map from being shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The map is still shown (an unanchored quote, a long label); `check` fails.
    Warning,
    /// The map cannot be built (not JSON, an unknown kind, a dangling reference).
    Error,
}

/// One problem: where, and a sentence saying what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub severity: Severity,
    pub message: String,
    /// The node the problem is about, when there is one, so the interface can go to it.
    pub node: Option<super::NodeId>,
    /// How many problems this entry counts for: 1, or, for the entry that ends a list cut
    /// short, how many were left out of it (see [`Problem::left_out`] and [`count`]).
    pub counts_for: usize,
    /// Whether the map may lack part of what the file says.
    pub loss: Loss,
}

/// What a problem means for how much of its file the map holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Not said where it was found. An importer's problems are taken to be
    /// [`Loss::Possible`] (see `load`); those found checking a map read whole (a quote not in
    /// the document, a long label) leave nothing out.
    Unsaid,
    /// Nothing of the file is missing from the map: an importer read it all, in a shape it had
    /// to choose or with a placeholder (several theses under one, a statement with no words).
    Nothing,
    /// The map may lack part of what the file says: an importer could not understand it, or
    /// had to guess.
    Possible,
}

impl Problem {
    pub fn error(place: Place, message: impl Into<String>) -> Problem {
        Problem {
            place,
            severity: Severity::Error,
            message: message.into(),
            node: None,
            counts_for: 1,
            loss: Loss::Unsaid,
        }
    }

    pub fn warning(place: Place, message: impl Into<String>) -> Problem {
        Problem {
            place,
            severity: Severity::Warning,
            message: message.into(),
            node: None,
            counts_for: 1,
            loss: Loss::Unsaid,
        }
    }

    /// The entry that ends a list cut short: `left_out` more problems, the first at `place`,
    /// are not listed. It counts for them.
    pub fn left_out(place: Place, left_out: usize) -> Problem {
        let message = if left_out == 1 {
            "1 more problem from here on is not listed; fix those above and check again".to_string()
        } else {
            format!(
                "{left_out} more problems from here on are not listed; fix those above and check again"
            )
        };
        Problem {
            counts_for: left_out,
            ..Problem::warning(place, message)
        }
    }

    /// The same problem, said by an importer that read all of what it is about: the map it
    /// builds leaves nothing of the file out.
    pub fn nothing_left_out(self) -> Problem {
        Problem {
            loss: Loss::Nothing,
            ..self
        }
    }

    /// Whether the map may lack part of what the file says, as `print` and `export` warn.
    pub fn incomplete(&self) -> bool {
        self.loss == Loss::Possible
    }

    /// The same problem, about `node`.
    pub fn about(self, node: super::NodeId) -> Problem {
        Problem {
            node: Some(node),
            ..self
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// How many problems `problems` holds, counting those a list cut short left out.
pub fn count(problems: &[Problem]) -> usize {
    problems.iter().map(|problem| problem.counts_for).sum()
}

/// Turns byte offsets of a text into line and column, for messages.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// The last offset asked for and its column, so that places asked for in file order on one
    /// long line (a minified JSON file) cost the distance between them, not from the line start.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            line_starts,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// The 1-based line of a byte offset; offsets past the end clamp to the last line.
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The place in `file` of a byte offset, for a problem found there.
    pub fn place(&self, file: &str, offset: usize) -> Place {
        let (line, column) = self.line_col(offset);
        Place::at(file, line, column)
    }

    /// 1-based line and column (in characters) of a byte offset; offsets past the end clamp to it.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        // Count on from the last place asked for when it is earlier on the same line.
        let (last_offset, last_column) = self.last.get();
        let (from, counted) =
            if (start..=offset).contains(&last_offset) && self.text.is_char_boundary(last_offset) {
                (last_offset, last_column)
            } else {
                (start, 0)
            };
        let column = counted
            + self
                .text
                .get(from..offset)
                .map_or(offset - from, |before| before.chars().count());
        self.last.set((offset, column));
        (line + 1, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let index = LineIndex::new("ab\n“é”x\n");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(3), (2, 1));
        // "“é”" is 3 characters but 8 bytes: x is in column 4.
        assert_eq!(index.line_col(3 + 8), (2, 4));
        assert_eq!(index.line_col(999), (3, 1));
    }

    #[test]
    fn problems_read_file_line_column_then_message() {
        let problem = Problem::error(Place::at("map.json", 3, 7), "unknown kind \"x\"");
        assert_eq!(problem.to_string(), "map.json:3:7: unknown kind \"x\"");
        let whole = Problem::warning(Place::whole("map.json"), "m");
        assert_eq!(whole.to_string(), "map.json: m");
    }
}
