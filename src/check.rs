//! `argscope check`: what a map holds and how well its quotes are anchored.

use crate::load::Loaded;
use crate::model::{Anchor, Body, Kind, describe_counts};
use crate::source::Coverage;

/// Figures about a loaded map.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub nodes: usize,
    pub kinds: Vec<(Kind, usize)>,
    /// Statements that have a quote.
    pub quotes: usize,
    /// Of those, how many were found in the document.
    pub anchored: usize,
    /// Sentences of the argument covered by the quotes, when the document could be read.
    pub coverage: Option<Coverage>,
}

pub fn summarize(loaded: &Loaded) -> Summary {
    let map = &loaded.map;
    let counts = map.kind_counts();
    let mut quotes = 0;
    let mut anchored = 0;
    let mut spans = Vec::new();
    for node in &map.nodes {
        let Body::Statement(statement) = &node.body else {
            continue;
        };
        if statement.quote.trim().is_empty() {
            continue;
        }
        quotes += 1;
        if let Anchor::Found(span) = statement.anchor {
            anchored += 1;
            spans.push(span);
        }
    }
    Summary {
        nodes: map.len(),
        kinds: Kind::ALL.into_iter().zip(counts).collect(),
        quotes,
        anchored,
        coverage: loaded.document.as_ref().map(|doc| doc.coverage(&spans)),
    }
}

impl Summary {
    /// The one line `check` prints for a map with no problems.
    pub fn line(&self, name: &str) -> String {
        let mut line = format!(
            "{name}: ok, {} node{} ({})",
            self.nodes,
            if self.nodes == 1 { "" } else { "s" },
            describe_counts(&self.kinds)
        );
        if self.coverage.is_some() {
            line.push_str(&format!(
                "; {} of {} quotes anchored",
                self.anchored, self.quotes
            ));
        } else if self.quotes > 0 {
            // No document to look the quotes up in: counting them "not anchored" would alarm.
            line.push_str(&format!(
                "; {} quote{}, not checked (the map names no source document)",
                self.quotes,
                if self.quotes == 1 { "" } else { "s" }
            ));
        }
        if let Some(coverage) = self.coverage {
            line.push_str(&format!(
                "; {} of {} sentences covered ({:.0}%)",
                coverage.covered,
                coverage.total,
                coverage.percent()
            ));
        }
        line
    }
}
