//! The kinds of statement an argument map is made of, and how each one reads on screen.

use serde::{Deserialize, Serialize};

/// What a node is, and so how it bears on its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The claim the whole map argues for; only ever the root.
    Thesis,
    /// A reason offered in support of its parent.
    Claim,
    /// A fact or example offered for its parent.
    Evidence,
    /// Attacks its parent.
    Objection,
    /// Limits or qualifies its parent without rejecting it.
    Caveat,
    /// An open question the text raises against its parent.
    Question,
    /// Answers an objection, caveat or question.
    Rebuttal,
    /// Holds statements the source does not relate to the rest (or to one another): the root
    /// over a file's several theses, or the statements no thesis reaches. It bears on nothing,
    /// so it stands at the root or right under it.
    Group,
}

/// Which side of its parent a node stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    /// Bears on nothing: the root, which has no parent, and a group.
    Root,
    For,
    Against,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Thesis,
        Kind::Claim,
        Kind::Evidence,
        Kind::Objection,
        Kind::Caveat,
        Kind::Question,
        Kind::Rebuttal,
        Kind::Group,
    ];

    /// The word used in files, on screen and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Thesis => "thesis",
            Kind::Claim => "claim",
            Kind::Evidence => "evidence",
            Kind::Objection => "objection",
            Kind::Caveat => "caveat",
            Kind::Question => "question",
            Kind::Rebuttal => "rebuttal",
            Kind::Group => "group",
        }
    }

    /// The plural, for counts ("2 caveats").
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Thesis => "theses",
            Kind::Claim => "claims",
            Kind::Evidence => "evidence",
            Kind::Objection => "objections",
            Kind::Caveat => "caveats",
            Kind::Question => "questions",
            Kind::Rebuttal => "rebuttals",
            Kind::Group => "groups",
        }
    }

    /// "a" or "an", as English puts it before the kind's name.
    pub fn article(self) -> &'static str {
        match self {
            Kind::Evidence | Kind::Objection => "an",
            _ => "a",
        }
    }

    /// A one-column glyph, so a kind reads without colour.
    pub fn glyph(self) -> &'static str {
        match self {
            Kind::Thesis => "◆",
            Kind::Claim => "+",
            Kind::Evidence => "•",
            Kind::Objection => "−",
            Kind::Caveat => "!",
            Kind::Question => "?",
            Kind::Rebuttal => "↳",
            Kind::Group => "○",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// A rebuttal opposes the objection it answers, so it counts against its parent.
    pub fn stance(self) -> Stance {
        match self {
            Kind::Thesis | Kind::Group => Stance::Root,
            Kind::Claim | Kind::Evidence => Stance::For,
            Kind::Objection | Kind::Caveat | Kind::Question | Kind::Rebuttal => Stance::Against,
        }
    }

    /// Whether a node of this kind may have theses below it rather than reasons: a question
    /// (the theses answer it) and a group (it holds them).
    pub fn holds_theses(self) -> bool {
        matches!(self, Kind::Question | Kind::Group)
    }

    /// "one of thesis, claim, …", for messages that list the choices.
    pub fn choices() -> String {
        Kind::ALL.map(Kind::name).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("Claim"), None);
    }

    #[test]
    fn glyphs_are_distinct_so_kinds_read_without_colour() {
        let mut glyphs: Vec<_> = Kind::ALL.map(Kind::glyph).to_vec();
        glyphs.sort();
        glyphs.dedup();
        assert_eq!(glyphs.len(), Kind::ALL.len());
    }

    #[test]
    fn rebuttals_and_caveats_count_against_their_parent() {
        assert_eq!(Kind::Rebuttal.stance(), Stance::Against);
        assert_eq!(Kind::Caveat.stance(), Stance::Against);
        assert_eq!(Kind::Evidence.stance(), Stance::For);
    }
}
