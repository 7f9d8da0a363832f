use super::super::split_rows;
use super::*;
use ratatui::crossterm::event::KeyModifiers;

fn keymap() -> crate::tui::keys::Keymap {
    crate::tui::keys::Keymap::defaults()
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn sample() -> Tree<u32> {
    Tree::new(vec![
        Node::new(1, 0, "Fruit").tick(Tick::Group),
        Node::new(2, 1, "apple"),
        Node::new(3, 1, "pear"),
        Node::new(4, 0, "Veg").tick(Tick::Group),
        Node::new(5, 1, "leek"),
        Node::new(6, 1, "apple"),
    ])
}

#[test]
fn group_tick_ticks_every_item_below() {
    let mut t = sample();
    assert_eq!(
        t.handle(&key(KeyCode::Char(' ')), &keymap()),
        TreeEvent::Ticked
    );
    assert_eq!(t.ticked_in_order(), vec![2, 3]);
    assert_eq!(t.state(0), Some(true));
    t.handle(&key(KeyCode::Down), &keymap());
    t.handle(&key(KeyCode::Char(' ')), &keymap());
    assert_eq!(t.state(0), None, "partly ticked");
    t.handle(&key(KeyCode::Up), &keymap());
    t.handle(&key(KeyCode::Char(' ')), &keymap());
    assert_eq!(t.ticked_in_order(), vec![2, 3]);
    t.handle(&key(KeyCode::Char(' ')), &keymap());
    assert!(t.ticked.is_empty());
}

#[test]
fn rows_with_the_same_key_tick_together() {
    let mut t = Tree::new(vec![
        Node::new("a", 0, "A").tick(Tick::Group),
        Node::new("m", 1, "method"),
        Node::new("b", 0, "B").tick(Tick::Group),
        Node::new("m", 1, "method"),
    ]);
    t.handle(&key(KeyCode::Down), &keymap());
    t.handle(&key(KeyCode::Char(' ')), &keymap());
    assert_eq!(t.state(2), Some(true), "B's only method is ticked too");
    assert_eq!(t.ticked_in_order(), vec!["m"]);
}

#[test]
fn search_and_selected_only_filter_rows_with_their_ancestors() {
    let mut t = sample();
    t.handle(&key(KeyCode::Char('/')), &keymap());
    for c in "lee".chars() {
        t.handle(&key(KeyCode::Char(c)), &keymap());
    }
    let shown: Vec<u32> = t.visible.iter().map(|i| t.nodes[*i].key).collect();
    assert_eq!(shown, vec![4, 5]);
    t.handle(&key(KeyCode::Esc), &keymap());
    assert_eq!(t.len_visible(), 6);
    t.set_tick(&6, true);
    t.handle(&key(KeyCode::Char('s')), &keymap());
    let shown: Vec<u32> = t.visible.iter().map(|i| t.nodes[*i].key).collect();
    assert_eq!(shown, vec![4, 6]);
}

#[test]
fn folding_hides_children_and_left_goes_to_the_parent() {
    let mut t = sample();
    t.handle(&key(KeyCode::Left), &keymap());
    assert_eq!(t.len_visible(), 4);
    t.handle(&key(KeyCode::Right), &keymap());
    t.handle(&key(KeyCode::Down), &keymap());
    t.handle(&key(KeyCode::Left), &keymap());
    assert_eq!(t.current_key(), Some(1));
}

#[test]
fn renders_into_any_area_without_panicking() {
    let t = sample();
    let theme = Theme::plain();
    let keys = keymap();
    for (w, h) in [(0, 0), (1, 1), (3, 2), (40, 10), (120, 40)] {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        t.render(&theme, &keys, area, &mut buf, true, &|_| {
            vec![Span::raw("x")]
        });
        // An area partly outside the buffer is clipped too.
        t.render(
            &theme,
            &keys,
            Rect::new(5, 5, 50, 50),
            &mut buf,
            false,
            &|_| vec![],
        );
    }
    let (a, b, c) = split_rows(Rect::new(0, 0, 10, 3), 2, 5);
    assert_eq!((a.height, b.height, c.height), (2, 0, 1));
}

/// Found by a hostile pass: a role's description wider than the picker was cut with no
/// mark, and read as whole. It ends in `…`; one that fits is shown whole.
#[test]
fn a_detail_wider_than_the_row_ends_in_an_ellipsis() {
    let long = "Release duty: the Ship Releases policy plus four more that it needs";
    let t = Tree::new(vec![
        Node::new(1, 0, "Deployer").detail(long),
        Node::new(2, 0, "Viewer").detail("Reads"),
    ]);
    let theme = Theme::plain();
    let keys = keymap();
    let area = Rect::new(0, 0, 40, 2);
    let mut buf = Buffer::empty(area);
    t.render(&theme, &keys, area, &mut buf, true, &|_| vec![]);
    let row = |y: u16| -> String {
        (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect::<String>()
    };
    assert!(row(0).trim_end().ends_with('…'), "{}", row(0));
    assert!(row(0).contains("Release duty"), "{}", row(0));
    assert!(row(1).trim_end().ends_with("Reads"), "{}", row(1));
}
