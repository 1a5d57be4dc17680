//! What assistive technology reads: every screen described from its UI, and a described
//! button activated as a click activates it.

mod common;

use bevy::a11y::AccessibilityNode;
use bevy::prelude::*;
use common::{app_with, scenario_file, screen, trigger, update_until};
use promoted::access::{ActivateNamed, Block, Described};
use promoted::adapters::persistence::{MemoryStore, Storage};
use promoted::adapters::solo::{Session, SkipPriorities, StartScenario};
use promoted::screens::Screen;
use promoted::screens::menu::{Menu, OpenMenu};
use promoted::screens::play::{ChoiceButton, NodeText};

fn playing() -> App {
    let mut app = app_with(
        vec![scenario_file("peer-to-boss.scenario.ron")],
        Storage::new(MemoryStore::default()),
    );
    update_until(&mut app, Screen::Title);
    trigger(&mut app, StartScenario("peer-to-boss".into()));
    trigger(&mut app, SkipPriorities);
    assert_eq!(screen(&app), Screen::Play);
    app
}

fn page(app: &App) -> promoted::access::Page {
    app.world().resource::<Described>().0.clone()
}

#[test]
fn the_play_screen_reads_as_a_title_the_situation_and_numbered_choices() {
    let mut app = playing();
    let page = page(&app);
    let headings: Vec<(u8, String)> = page.headings().map(|(l, t)| (l, t.to_owned())).collect();
    assert_eq!(headings[0].0, 1, "the screen has a title: {headings:?}");
    assert!(headings[0].1.contains("Peer"), "{headings:?}");
    let situation = {
        let mut q = app.world_mut().query_filtered::<&Text, With<NodeText>>();
        q.single(app.world()).expect("the node's text").0.clone()
    };
    assert!(
        page.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph(p) if *p == situation)),
        "the situation is read as it is shown"
    );
    let shown = {
        let mut q = app.world_mut().query::<&ChoiceButton>();
        q.iter(app.world()).count()
    };
    let choices: Vec<_> = page
        .controls()
        .filter(|c| c.label.starts_with(|ch: char| ch.is_ascii_digit()))
        .collect();
    assert_eq!(choices.len(), shown, "every choice is a button");
    assert!(choices[0].label.starts_with("1. "), "{}", choices[0].label);
    let undo = page
        .controls()
        .find(|c| c.label.starts_with("Undo"))
        .expect("undo");
    assert!(undo.disabled, "nothing to undo yet, and the page says so");
}

#[test]
fn pressing_a_described_choice_decides_as_a_click_does_and_announces_what_followed() {
    let mut app = playing();
    let first = page(&app)
        .controls()
        .find(|c| c.label.starts_with("1. "))
        .expect("a first choice")
        .clone();
    trigger(&mut app, ActivateNamed(first.id));
    let session = app.world().resource::<Session>();
    assert_eq!(session.run.history().len(), 1, "the choice was made");
    assert!(
        !page(&app).news.is_empty(),
        "the consequences are announced"
    );
    // The old button is gone with its screen: naming it again does nothing.
    trigger(&mut app, ActivateNamed(first.id));
    let session = app.world().resource::<Session>();
    assert_eq!(session.run.history().len(), 1, "a stale name does nothing");
    trigger(&mut app, ActivateNamed(u64::MAX));
    assert_eq!(screen(&app), Screen::Play, "nor does a name that never was");
}

#[test]
fn a_menu_over_the_screen_is_read_alone() {
    let mut app = playing();
    trigger(&mut app, OpenMenu(Menu::Pause));
    let page = page(&app);
    assert!(
        page.controls().all(|c| !c.label.starts_with("1. ")),
        "the choices under the menu are not offered: {:?}",
        page.controls().map(|c| &c.label).collect::<Vec<_>>()
    );
    assert!(page.controls().count() > 0, "the menu's own buttons are");
}

#[test]
fn natively_each_choice_is_an_accesskit_button_with_its_words() {
    let mut app = playing();
    app.update();
    let mut q = app
        .world_mut()
        .query::<(&ChoiceButton, &AccessibilityNode)>();
    let labels: Vec<String> = q
        .iter(app.world())
        .filter_map(|(_, node)| node.label().map(str::to_owned))
        .collect();
    assert!(!labels.is_empty());
    assert!(labels.iter().all(|l| l.contains(". ")), "{labels:?}");
}
