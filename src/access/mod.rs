//! Accessibility: every screen described for assistive technology, from the UI itself.
//!
//! Each frame the UI tree is read into a [`Page`] (headings, paragraphs, lists, buttons) and
//! what changed is handed on: in the browser to a DOM mirror beside the canvas (`web`), natively
//! to Bevy's AccessKit nodes. A button activated there, by a screen reader or a keyboard, is
//! activated here: the same `Activate` a click gives, so the same domain event follows.
//!
//! Screens say nothing extra: text roles give headings, [`ListItem`] marks the items of a
//! list, [`Toggled`] a filter's state, [`Announce`] what a screen reader should be told at once.

#[cfg(not(target_arch = "wasm32"))]
mod native;
pub mod page;
#[cfg(target_arch = "wasm32")]
mod web;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::ui::widget::TextUiReader;
use bevy::ui::{ComputedNode, InteractionDisabled, UiGlobalTransform};
use bevy::ui_widgets::{Activate, Button as WidgetButton};
use bevy::window::PrimaryWindow;

pub use page::{Block, Control, Page};

use crate::AppSystems;
use crate::theme::typography::TextRole;

/// One item of a list (a card among cards): read as a list item.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct ListItem;

/// A toggle's state (a filter chip): read as a pressed or unpressed button.
#[derive(Component, Debug, Clone, Copy)]
pub struct Toggled(pub bool);

/// What a screen reader is told as soon as it appears: a decision's consequences.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct Announce;

/// The current screen as assistive technology reads it; changed only when it reads
/// differently.
#[derive(Resource, Debug, Default)]
pub struct Described(pub Page);

/// A button named by its entity's bits was activated outside the UI (the DOM mirror, a
/// screen reader): activate it as a click would.
#[derive(Event, Debug, Clone, Copy)]
pub struct ActivateNamed(pub u64);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Described>()
        .init_resource::<Speakers>()
        .add_observer(activate_named)
        .add_systems(
            PostUpdate,
            describe
                .in_set(AppSystems::Describe)
                .after(bevy::ui::UiSystems::Layout),
        );
    #[cfg(not(target_arch = "wasm32"))]
    native::plugin(app);
    #[cfg(target_arch = "wasm32")]
    web::plugin(app);
}

/// Activate a button by its bits, if it is still a button and not disabled: a stale name (the
/// screen moved on) does nothing.
fn activate_named(
    named: On<ActivateNamed>,
    mut commands: Commands,
    buttons: Query<Has<InteractionDisabled>, With<WidgetButton>>,
) {
    let Some(entity) = Entity::try_from_bits(named.0) else {
        return;
    };
    if buttons.get(entity) == Ok(false) {
        commands.trigger(Activate { entity });
    }
}

/// What a node of the UI is, as far as reading it goes.
type Reading<'a> = (
    Option<&'a Node>,
    Option<(&'a ComputedNode, &'a UiGlobalTransform)>,
    Option<&'a Visibility>,
    Has<WidgetButton>,
    Has<InteractionDisabled>,
    Option<&'a TextRole>,
    Has<Text>,
    Has<ListItem>,
    Has<Announce>,
    Option<&'a Toggled>,
);

#[derive(SystemParam)]
struct Reader<'w, 's> {
    nodes: Query<'w, 's, Reading<'static>>,
    children: Query<'w, 's, &'static Children>,
    texts: TextUiReader<'w, 's>,
}

/// Where a reading goes: the blocks, the news, the entities that speak, and the physical
/// pixels per CSS pixel.
struct Out<'a> {
    news: &'a mut Vec<String>,
    spoken: &'a mut Vec<(Entity, Spoken)>,
    scale_factor: f32,
}

/// A node's box in CSS pixels: its centre and size are kept in physical ones.
fn css_rect(computed: &ComputedNode, at: &UiGlobalTransform, scale_factor: f32) -> [i32; 4] {
    let scale = scale_factor.max(0.01);
    let size = computed.size() / scale;
    let centre = at.translation / scale;
    let corner = centre - size / 2.0;
    [corner.x, corner.y, size.x, size.y].map(|v| v.round() as i32)
}

/// Each entity that says something, and what: natively, each becomes an AccessKit node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spoken {
    Heading(u8, String),
    Text(String),
    Button(Control),
    /// A region whose words are announced when they change.
    Live,
}

impl Reader<'_, '_> {
    fn text(&mut self, entity: Entity) -> String {
        self.texts
            .iter(entity)
            .map(|(_, _, text, ..)| text)
            .collect::<String>()
    }

    /// Every text below `entity`, in order.
    fn texts_below(&mut self, entity: Entity, out: &mut Vec<String>) {
        let Ok((node, _, visibility, _, _, _, is_text, ..)) = self.nodes.get(entity) else {
            return;
        };
        if hidden(node, visibility) {
            return;
        }
        if is_text {
            out.push(self.text(entity));
            return;
        }
        let kids: Vec<Entity> = self
            .children
            .get(entity)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        for kid in kids {
            self.texts_below(kid, out);
        }
    }

    /// Read `entity` and what is below it into `out`; `spoken` gets each entity that speaks.
    fn read(&mut self, entity: Entity, out: &mut Vec<Block>, to: &mut Out) {
        let Ok((node, placed, visibility, button, disabled, role, is_text, _, announce, toggled)) =
            self.nodes.get(entity)
        else {
            return;
        };
        if hidden(node, visibility) {
            return;
        }
        let (role, toggled) = (role.copied(), toggled.copied());
        let rect = placed.map_or([0; 4], |(computed, at)| {
            css_rect(computed, at, to.scale_factor)
        });
        if button {
            let mut parts = Vec::new();
            self.texts_below(entity, &mut parts);
            let control = Control {
                id: entity.to_bits(),
                label: page::label(&parts),
                disabled,
                pressed: toggled.map(|t| t.0),
                rect,
            };
            to.spoken.push((entity, Spoken::Button(control.clone())));
            out.push(Block::Button(control));
            return;
        }
        if is_text {
            let text = self.text(entity);
            if text.trim().is_empty() {
                return;
            }
            let level = match role {
                Some(TextRole::Display | TextRole::Heading) => Some(1),
                Some(TextRole::Title) => Some(2),
                _ => None,
            };
            match level {
                Some(level) => {
                    to.spoken
                        .push((entity, Spoken::Heading(level, text.clone())));
                    out.push(Block::Heading { level, text });
                }
                None => {
                    to.spoken.push((entity, Spoken::Text(text.clone())));
                    out.push(Block::Paragraph(text));
                }
            }
            return;
        }
        if announce {
            let mut words = Vec::new();
            self.texts_below(entity, &mut words);
            to.news.push(words.join(" "));
            to.spoken.push((entity, Spoken::Live));
        }
        let kids: Vec<Entity> = self
            .children
            .get(entity)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let mut list: Vec<Vec<Block>> = Vec::new();
        for kid in kids {
            let is_item = self.nodes.get(kid).is_ok_and(|n| n.7);
            if is_item {
                let mut item = Vec::new();
                self.read(kid, &mut item, to);
                if !item.is_empty() {
                    list.push(item);
                }
                continue;
            }
            if !list.is_empty() {
                out.push(Block::List(std::mem::take(&mut list)));
            }
            self.read(kid, out, to);
        }
        if !list.is_empty() {
            out.push(Block::List(list));
        }
    }
}

fn hidden(node: Option<&Node>, visibility: Option<&Visibility>) -> bool {
    node.is_some_and(|n| n.display == Display::None) || visibility == Some(&Visibility::Hidden)
}

/// The entities that speak, for AccessKit; kept beside [`Described`].
#[derive(Resource, Debug, Default)]
pub struct Speakers(pub Vec<(Entity, Spoken)>);

/// The UI's roots: a screen, and any layer over it.
type Roots = (With<Node>, Without<ChildOf>);

/// Read the screen: the topmost layer when one is open (a menu over a screen), else every root.
fn describe(
    mut reader: Reader,
    roots: Query<(Entity, Option<&GlobalZIndex>), Roots>,
    window: Option<Single<&Window, With<PrimaryWindow>>>,
    mut described: ResMut<Described>,
    mut speakers: ResMut<Speakers>,
) {
    let scale_factor = window.map_or(1.0, |w| w.scale_factor());
    let mut roots: Vec<(Entity, i32)> = roots
        .iter()
        .map(|(e, z)| (e, z.map_or(0, |z| z.0)))
        .collect();
    roots.sort_by_key(|&(e, z)| (std::cmp::Reverse(z), e.to_bits()));
    let top = roots.first().map_or(0, |&(_, z)| z);
    let (mut page, mut news, mut spoken) = (Page::default(), Vec::new(), Vec::new());
    let mut to = Out {
        news: &mut news,
        spoken: &mut spoken,
        scale_factor,
    };
    for (root, z) in roots {
        if top > 0 && z < top {
            continue;
        }
        reader.read(root, &mut page.blocks, &mut to);
    }
    page.settle_headings();
    page.news = news.join(" ");
    if described.0 != page {
        described.0 = page;
    }
    if speakers.0 != spoken {
        speakers.0 = spoken;
    }
}
