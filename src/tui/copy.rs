//! What `y` and `Y` copy, and how it reaches the clipboard: OSC 52, which terminals, SSH and
//! tmux pass on, so it works wherever the terminal is.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::load::Loaded;
use crate::model::{Anchor, NodeId};
use crate::source::collapse_whitespace;

/// The quote with a citation: `“…” — Abbas Maleki, Iran Review, para. 3`. None without a quote.
pub fn quote_with_citation(loaded: &Loaded, id: NodeId) -> Option<String> {
    let statement = loaded.map.statement(id);
    let quote = collapse_whitespace(&statement.quote);
    if quote.is_empty() {
        return None;
    }
    let meta = &loaded.map.meta;
    let mut citation: Vec<String> = Vec::new();
    for part in [&meta.author, &meta.source.publisher] {
        if !part.is_empty() {
            // Clean even if the map was read again after an edit: a copy must not carry controls.
            citation.push(crate::text::sanitize(part, false));
        }
    }
    if let (Anchor::Found(span), Some(document)) = (statement.anchor, &loaded.document) {
        citation.push(format!("para. {}", document.location(span.start).paragraph));
    }
    Some(if citation.is_empty() {
        format!("“{quote}”")
    } else {
        format!("“{quote}” — {}", citation.join(", "))
    })
}

/// The label, and the paraphrase on the next line when there is one.
pub fn label_and_text(loaded: &Loaded, id: NodeId) -> Option<String> {
    let statement = loaded.map.statement(id);
    let text = collapse_whitespace(&statement.text);
    Some(if text.is_empty() {
        statement.label.clone()
    } else {
        format!("{}\n{text}", statement.label)
    })
}

/// What the status line says after `y` or `Y`: the text went to the terminal, which may
/// ignore OSC 52 (tmux without `set-clipboard`), and argscope cannot tell, so it claims no more.
/// Short enough for an 80-column status line.
pub fn sent(what: &str) -> String {
    format!("{what} sent to the terminal's clipboard (no paste? see README)")
}

/// The escape sequence that asks the terminal to put `text` on the clipboard. Inside tmux it
/// also goes out wrapped for tmux's passthrough, since tmux passes OSC 52 on only when
/// `set-clipboard` is on. The text travels base64-encoded, so it cannot drive the terminal.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let plain = format!("\x1b]52;c;{}\x07", STANDARD.encode(text));
    if in_tmux {
        // Passthrough doubles every ESC of the wrapped sequence.
        format!(
            "{plain}\x1bPtmux;{}\x1b\\",
            plain.replace('\x1b', "\x1b\x1b")
        )
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_copied_with_author_publisher_and_paragraph() {
        let loaded = crate::load::builtin();
        let crimea = loaded.map.find("crimea").unwrap();
        assert_eq!(
            quote_with_citation(&loaded, crimea).unwrap(),
            "“Although the question that still bothers my mind is why Russia attacked the Crimean Peninsula?” — Abbas Maleki, Iran Review, para. 4"
        );
        assert_eq!(
            label_and_text(&loaded, crimea).unwrap(),
            "Why did Russia attack Crimea?\nThe author remains troubled by the question of why Russia attacked the Crimean Peninsula."
        );
    }

    /// The message after a copy claims only what argscope knows (it sent the text), says where
    /// to look when nothing pastes, and fits an 80-column status line.
    #[test]
    fn the_copy_message_says_it_was_sent_and_fits_80_columns() {
        for what in ["quote and citation", "label and paraphrase"] {
            let message = sent(what);
            assert!(message.starts_with(&format!("{what} sent to the terminal's clipboard")));
            assert!(message.contains("see README"));
            assert!(!message.contains("copied"));
            assert!(crate::text::width(&message) <= 78, "{message}");
        }
    }

    #[test]
    fn osc52_carries_the_text_base64_encoded() {
        assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x07");
        let wrapped = osc52("hi", true);
        assert!(wrapped.ends_with("\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"));
        assert!(!osc52("\x1b[2J", false).contains("[2J"));
    }
}
