use chat_elements_protocol::{ContentBlock, Node, TextNode};

use super::*;

fn people() -> Mentionable {
    [("bob", "Bob"), ("bob.smith", "Bob Smith"), ("ann", "Ann")]
        .into_iter()
        .map(|(id, name)| (id.to_owned(), name.to_owned()))
        .collect()
}

fn nodes(text: &str) -> Vec<TextNode> {
    let parsed = parse(text, &people());
    match parsed.content.as_slice() {
        [ContentBlock::Text { children }] => children.clone(),
        other => panic!("expected one text block, got {other:?}"),
    }
}

fn plain(text: &str) -> TextNode {
    TextNode::Plain(text.to_owned())
}

fn node(node: Node) -> TextNode {
    TextNode::Node(node)
}

fn bold(children: Vec<TextNode>) -> TextNode {
    node(Node::Bold { children })
}

fn italic(children: Vec<TextNode>) -> TextNode {
    node(Node::Italic { children })
}

fn strike(children: Vec<TextNode>) -> TextNode {
    node(Node::Strikethrough { children })
}

fn code(text: &str) -> TextNode {
    node(Node::CodeSpan { text: text.into() })
}

fn auto(url: &str, text: &str) -> TextNode {
    node(Node::AutoLink {
        url: url.into(),
        text: text.into(),
    })
}

#[test]
fn plain_text_stays_one_string() {
    assert_eq!(nodes("hello there"), [plain("hello there")]);
    assert_eq!(parse("hello\nthere", &people()).plaintext, "hello\nthere");
}

#[test]
fn bold_italic_and_strikethrough() {
    assert_eq!(
        nodes("a *b* c"),
        [plain("a "), bold(vec![plain("b")]), plain(" c")]
    );
    assert_eq!(nodes("**b c**"), [bold(vec![plain("b c")])]);
    assert_eq!(nodes("_i_"), [italic(vec![plain("i")])]);
    assert_eq!(
        nodes("~s~ ~~t~~"),
        [
            strike(vec![plain("s")]),
            plain(" "),
            strike(vec![plain("t")])
        ]
    );
    assert_eq!(parse("a *b* _c_ ~d~", &people()).plaintext, "a b c d");
}

#[test]
fn markers_nest() {
    assert_eq!(
        nodes("*bold _and italic_*"),
        [bold(vec![
            plain("bold "),
            italic(vec![plain("and italic")])
        ])]
    );
    assert_eq!(
        nodes("~_*x*_~"),
        [strike(vec![italic(vec![bold(vec![plain("x")])])])]
    );
}

#[test]
fn unclosed_or_misplaced_markers_are_text() {
    for text in [
        "*not bold",
        "a * b * c",
        "snake_case_name",
        "2*3*4",
        "**",
        "* ",
        "_ x_",
        "~~",
        "[link](",
        "[](https://x.com)",
        "`",
        "``",
        "*a\nb*",
    ] {
        let parsed = parse(text, &people());
        assert_eq!(
            parsed.plaintext, text,
            "{text:?} should stay as typed: {parsed:?}"
        );
    }
}

#[test]
fn code_spans_are_not_parsed_inside() {
    assert_eq!(
        nodes("run `*x* _y_ https://a.b @bob` now"),
        [
            plain("run "),
            code("*x* _y_ https://a.b @bob"),
            plain(" now")
        ]
    );
    // A code span inside bold hides a marker that would otherwise close it.
    assert_eq!(
        nodes("*a `b*` c*"),
        [bold(vec![plain("a "), code("b*"), plain(" c")])]
    );
}

#[test]
fn links_with_allowed_urls() {
    assert_eq!(
        nodes("see [the *docs*](https://example.com/a_b)"),
        [
            plain("see "),
            node(Node::Link {
                url: "https://example.com/a_b".into(),
                children: vec![plain("the "), bold(vec![plain("docs")])],
            })
        ]
    );
    assert_eq!(
        nodes("[mail](mailto:a@b.co)"),
        [node(Node::Link {
            url: "mailto:a@b.co".into(),
            children: vec![plain("mail")],
        })]
    );
}

#[test]
fn links_to_other_schemes_stay_text() {
    for text in [
        "[click](javascript:alert(1))",
        "[x](data:text/html,hi)",
        "[x](ftp://host/file)",
        "[x](//evil.com)",
    ] {
        let parsed = parse(text, &people());
        assert_eq!(parsed.plaintext, text);
        assert!(
            !format!("{:?}", parsed.content).contains("Link"),
            "{text:?} made a link: {:?}",
            parsed.content
        );
    }
}

#[test]
fn bare_urls_and_addresses_become_auto_links() {
    assert_eq!(
        nodes("go to https://example.com/x?y=1."),
        [
            plain("go to "),
            auto("https://example.com/x?y=1", "https://example.com/x?y=1"),
            plain(".")
        ]
    );
    assert_eq!(
        nodes("(www.example.com)"),
        [
            plain("("),
            auto("https://www.example.com", "www.example.com"),
            plain(")")
        ]
    );
    assert_eq!(
        nodes("mail ann@example.org!"),
        [
            plain("mail "),
            auto("mailto:ann@example.org", "ann@example.org"),
            plain("!")
        ]
    );
    assert_eq!(
        nodes("https://en.wikipedia.org/wiki/Rust_(language)"),
        [auto(
            "https://en.wikipedia.org/wiki/Rust_(language)",
            "https://en.wikipedia.org/wiki/Rust_(language)"
        )]
    );
    for text in [
        "https://",
        "xhttps://a.b",
        "www.",
        "a@b",
        "a@b.c1",
        "javascript:x",
    ] {
        assert_eq!(nodes(text), [plain(text)], "{text:?}");
    }
}

#[test]
fn mentions_only_for_participants() {
    assert_eq!(
        nodes("hi @bob, and @bob.smith and @carol"),
        [
            plain("hi "),
            node(Node::Mention {
                id: "bob".into(),
                text: "Bob".into()
            }),
            plain(", and "),
            node(Node::Mention {
                id: "bob.smith".into(),
                text: "Bob Smith".into()
            }),
            plain(" and @carol"),
        ]
    );
    assert_eq!(nodes("@bobby x@bob"), [plain("@bobby x@bob")]);
    assert_eq!(parse("hi @ann", &people()).plaintext, "hi @Ann");
}

#[test]
fn bullet_lists() {
    let point = |children| node(Node::BulletPoint { children });
    assert_eq!(
        nodes("shopping:\n- *milk*\n* eggs\nthanks"),
        [
            plain("shopping:"),
            node(Node::BulletList {
                children: vec![
                    point(vec![bold(vec![plain("milk")])]),
                    point(vec![plain("eggs")])
                ],
            }),
            plain("thanks"),
        ]
    );
    assert_eq!(
        parse("shopping:\n- *milk*\n* eggs\nthanks", &people()).plaintext,
        "shopping:\nmilk\neggs\nthanks"
    );
    assert_eq!(parse("- a\n- b", &people()).plaintext, "a\nb");
    // A dash without a space, or with nothing after it, is not a bullet.
    assert_eq!(nodes("-a\n- "), [plain("-a\n- ")]);
}

#[test]
fn nesting_is_capped_at_the_maximum_depth() {
    let deep = format!("{}x{}", "*_~".repeat(5), "~_*".repeat(5));
    let parsed = parse(&deep, &people());
    assert!(validate(&parsed.content, &people(), 4000).is_ok());
}

#[test]
fn client_content_is_checked() {
    let text = |children| vec![ContentBlock::Text { children }];
    let ok = text(vec![plain("hi "), bold(vec![plain("you")])]);
    let parsed = validate(&ok, &people(), 4000).unwrap();
    assert_eq!(parsed.plaintext, "hi you");

    let bad_link = text(vec![node(Node::Link {
        url: "javascript:alert(1)".into(),
        children: vec![plain("x")],
    })]);
    assert_eq!(
        validate(&bad_link, &people(), 4000),
        Err(ContentError::BadUrl)
    );

    let phishing = text(vec![auto("https://evil.example", "bank.example")]);
    assert_eq!(
        validate(&phishing, &people(), 4000),
        Err(ContentError::AutoLinkMismatch)
    );

    let mut deep = plain("x");
    for _ in 0..9 {
        deep = bold(vec![deep]);
    }
    assert_eq!(
        validate(&text(vec![deep]), &people(), 4000),
        Err(ContentError::TooDeep)
    );

    let stranger = text(vec![node(Node::Mention {
        id: "mallory".into(),
        text: "M".into(),
    })]);
    assert_eq!(
        validate(&stranger, &people(), 4000),
        Err(ContentError::NotParticipant)
    );
    assert_eq!(
        validate(&text(vec![plain("  ")]), &people(), 4000),
        Err(ContentError::Empty)
    );
    assert_eq!(validate(&[], &people(), 4000), Err(ContentError::Empty));
    assert_eq!(
        validate(&text(vec![plain("abcd")]), &people(), 3),
        Err(ContentError::TooLong(3))
    );
}

#[test]
fn experiences_need_an_id_and_a_text() {
    let text = |children| vec![ContentBlock::Text { children }];
    let experience = |id: &str, shown: &str| {
        node(Node::Experience {
            id: id.into(),
            text: shown.into(),
        })
    };
    let parsed = validate(
        &text(vec![plain("see "), experience("exp_1", "Yoga class")]),
        &people(),
        4000,
    )
    .unwrap();
    assert_eq!(parsed.plaintext, "see #Yoga class");
    for (id, shown) in [
        ("", "Yoga"),
        ("exp_1", " "),
        ("exp\n1", "Yoga"),
        (&"x".repeat(129), "Yoga"),
    ] {
        assert_eq!(
            validate(&text(vec![experience(id, shown)]), &people(), 4000),
            Err(ContentError::BadExperience),
            "{id:?} {shown:?}"
        );
    }
    // Typed text never becomes an experience.
    assert!(!format!("{:?}", parse("#exp_1 Yoga", &people()).content).contains("Experience"));
}
