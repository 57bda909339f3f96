//! The built-in map is true to the article: its thesis, its five points in order, the caveats
//! the author raises against himself, and quotes that cover the argument.

use argscope::load::{self, Loaded};
use argscope::model::{Anchor, Kind, NodeId};

fn builtin() -> Loaded {
    load::builtin()
}

fn by_id(loaded: &Loaded, id: &str) -> NodeId {
    loaded
        .map
        .find(id)
        .unwrap_or_else(|| panic!("the built-in map has no node {id:?}"))
}

/// The text of the paragraph a node's quote stands in.
fn paragraph_of(loaded: &Loaded, id: NodeId) -> String {
    let document = loaded.document.as_ref().expect("the article is embedded");
    let Anchor::Found(span) = loaded.map.statement(id).anchor else {
        panic!("{:?} has no anchored quote", loaded.map.statement(id).id)
    };
    let number = document.location(span.start).paragraph;
    let paragraph = &document.paragraphs()[number - 1];
    document.text()[paragraph.span.start..paragraph.span.end].to_string()
}

#[test]
fn the_thesis_is_at_the_root() {
    let loaded = builtin();
    let root = loaded.map.statement(loaded.map.root);
    assert_eq!(loaded.map.node(loaded.map.root).kind, Kind::Thesis);
    assert_eq!(root.label, "Iran–Russia relations will continue to expand");
    assert!(
        root.quote
            .contains("relations between Iran and Russia will continue to expand")
    );
    assert!(
        root.quote
            .contains("common grounds between the two countries are more than differences")
    );
}

#[test]
fn five_points_in_the_articles_order_each_from_its_own_paragraph() {
    let loaded = builtin();
    let map = &loaded.map;
    let claims: Vec<NodeId> = map
        .children(map.root)
        .iter()
        .copied()
        .filter(|&c| map.node(c).kind == Kind::Claim)
        .collect();
    assert_eq!(claims.len(), 5);
    let ordinals = ["Firstly", "Secondly", "Thirdly", "Fourthly", "Fifthly"];
    for (claim, ordinal) in claims.iter().zip(ordinals) {
        let paragraph = paragraph_of(&loaded, *claim);
        assert!(
            paragraph.starts_with(ordinal),
            "{:?} quotes a paragraph starting {:?}",
            map.statement(*claim).id,
            &paragraph[..20]
        );
    }
}

#[test]
fn the_background_lists_the_instances_of_confidence_building() {
    let loaded = builtin();
    let background = by_id(&loaded, "background");
    assert_eq!(loaded.map.node(background).kind, Kind::Evidence);
    assert_eq!(loaded.map.parent(background), Some(loaded.map.root));
    assert_eq!(loaded.map.children(background).len(), 7);
    assert!(paragraph_of(&loaded, background).contains("has no precedent"));
}

#[test]
fn the_authors_own_caveats_and_questions_stand_under_the_points_they_bear_on() {
    let loaded = builtin();
    let map = &loaded.map;
    let cases = [
        ("crimea", Kind::Question, "point-1", "Crimean Peninsula"),
        (
            "russia-voted-sanctions",
            Kind::Caveat,
            "point-1",
            "Russia, China and India voted",
        ),
        ("atlantic-camp", Kind::Caveat, "point-1", "Atlantic sphere"),
        (
            "sco-security",
            Kind::Question,
            "point-3",
            "Shanghai Cooperation Organization will boost",
        ),
        (
            "western-investment",
            Kind::Caveat,
            "point-4",
            "in need of West",
        ),
        (
            "technology-limits",
            Kind::Caveat,
            "point-4",
            "meet all technological needs",
        ),
        (
            "permanent-interests",
            Kind::Caveat,
            "point-4",
            "permanent interests",
        ),
        (
            "goals-unrealised",
            Kind::Caveat,
            "point-2",
            "aborted and not realized",
        ),
    ];
    for (id, kind, point, words) in cases {
        let node = by_id(&loaded, id);
        assert_eq!(map.node(node).kind, kind, "{id}");
        assert!(
            map.path_to(node).contains(&by_id(&loaded, point)),
            "{id} stands under {point}"
        );
        assert!(
            map.statement(node).quote.contains(words),
            "{id} quotes {words:?}"
        );
    }
}

#[test]
fn the_authors_answers_stand_under_what_they_answer() {
    let loaded = builtin();
    let map = &loaded.map;
    for (answer, question) in [
        ("cooperation-helps", "sco-security"),
        ("correct-path", "goals-unrealised"),
        ("russia-shares-concerns", "sco-limited"),
    ] {
        let node = by_id(&loaded, answer);
        assert_eq!(map.node(node).kind, Kind::Rebuttal);
        assert_eq!(map.parent(node), Some(by_id(&loaded, question)));
    }
}

#[test]
fn every_node_has_a_label_a_paraphrase_and_an_anchored_quote() {
    let loaded = builtin();
    for id in loaded.map.preorder() {
        let statement = loaded.map.statement(id);
        assert!(
            !statement.label.is_empty() && statement.label.chars().count() <= 60,
            "{}",
            statement.id
        );
        assert!(
            !statement.text.is_empty(),
            "{} has no paraphrase",
            statement.id
        );
        assert!(
            matches!(statement.anchor, Anchor::Found(_)),
            "{} quote not anchored",
            statement.id
        );
    }
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

#[test]
fn the_quotes_cover_at_least_85_percent_of_the_arguments_sentences() {
    let loaded = builtin();
    let summary = argscope::check::summarize(&loaded);
    let coverage = summary.coverage.expect("the article is embedded");
    assert!(
        coverage.total >= 30,
        "the argument has {} sentences",
        coverage.total
    );
    assert!(coverage.percent() >= 85.0, "{coverage:?}");
}

#[test]
fn the_embedded_article_is_the_source_document_byte_for_byte() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/article/iran-russia-relations.txt");
    // The shared folder sits beside a checkout; a lone clone checks the copy's own length.
    match std::fs::read(&shared) {
        Ok(bytes) => assert_eq!(bytes, load::BUILTIN_ARTICLE.as_bytes()),
        Err(_) => assert_eq!(load::BUILTIN_ARTICLE.len(), 6813),
    }
}
