//! The scenario library: every scenario file as a Bevy asset, loaded by the engine and kept
//! with its status — ready, or broken with the same messages `promoted check` prints.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::io::embedded::EmbeddedAssetRegistry;
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, LoadContext};
use bevy::prelude::*;
use promoted_engine::{Campaign, Scenario};

include!(concat!(env!("OUT_DIR"), "/scenario_files.rs"));

/// A compiled scenario, shared by the library and the run in progress.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset(pub Arc<Scenario>);

/// Embedded files as owned data, so tests can bring their own instead.
fn owned(files: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
        .collect()
}

/// The scenario files the library loads: the embedded ones, unless a test brings its own.
#[derive(Resource, Clone)]
pub struct ScenarioFiles(pub Vec<(String, Vec<u8>)>);

impl Default for ScenarioFiles {
    fn default() -> Self {
        ScenarioFiles(owned(SCENARIO_FILES))
    }
}

/// The campaign files the library compiles once the scenarios are in.
#[derive(Resource, Clone)]
pub struct CampaignFiles(pub Vec<(String, Vec<u8>)>);

impl Default for CampaignFiles {
    fn default() -> Self {
        CampaignFiles(owned(CAMPAIGN_FILES))
    }
}

#[derive(Resource, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    /// Compiled when every scenario has loaded; broken ones are logged and left out.
    pub campaigns: Vec<Arc<Campaign>>,
}

pub struct Entry {
    /// The file as an author knows it: `scenarios/<name>.scenario.ron`.
    pub file: String,
    pub handle: Handle<ScenarioAsset>,
    pub status: Status,
}

pub enum Status {
    Loading,
    Ready(Arc<Scenario>),
    /// The messages, as `promoted check` gives them.
    Broken(Vec<String>),
}

impl Library {
    pub fn is_loading(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e.status, Status::Loading))
    }

    /// The playable scenarios, in file order.
    pub fn ready(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.entries.iter().filter_map(|e| match &e.status {
            Status::Ready(s) => Some(s),
            _ => None,
        })
    }

    pub fn find(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.ready().find(|s| s.id == id)
    }

    pub fn campaign(&self, id: &str) -> Option<&Arc<Campaign>> {
        self.campaigns.iter().find(|c| c.id == id)
    }
}

#[derive(Default, TypePath)]
struct ScenarioLoader;

/// Why a scenario did not load: each line as `promoted check` prints it.
#[derive(Debug)]
struct ScenarioErrors(Vec<String>);

impl std::fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for ScenarioErrors {}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = ScenarioErrors;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        context: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, ScenarioErrors> {
        let file = display_name(context.path().path());
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| ScenarioErrors(vec![format!("{file}: error: cannot read: {e}")]))?;
        match promoted_engine::load(&bytes) {
            Ok((scenario, _warnings)) => Ok(ScenarioAsset(Arc::new(scenario))),
            Err(errors) => Err(ScenarioErrors(
                errors.iter().map(|d| d.render(&file)).collect(),
            )),
        }
    }

    fn extensions(&self) -> &[&str] {
        &["scenario.ron"]
    }
}

/// `promoted/scenarios/x.scenario.ron` → `scenarios/x.scenario.ron`.
fn display_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    format!("scenarios/{name}")
}

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<ScenarioAsset>()
        .register_asset_loader(ScenarioLoader)
        .init_resource::<ScenarioFiles>()
        .init_resource::<CampaignFiles>()
        .init_resource::<Library>()
        .add_systems(Startup, load_library)
        .add_systems(
            Update,
            (track_loaded, track_failed, compile_campaigns).chain(),
        );
}

fn load_library(
    files: Res<ScenarioFiles>,
    registry: Res<EmbeddedAssetRegistry>,
    server: Res<AssetServer>,
    mut library: ResMut<Library>,
) {
    for (name, bytes) in &files.0 {
        let asset_path = PathBuf::from(format!("promoted/scenarios/{name}"));
        // The path on disk lets the `dev` feature's watcher hot-reload an edited file.
        let on_disk = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name);
        registry.insert_asset(on_disk, &asset_path, bytes.clone());
        library.entries.push(Entry {
            file: format!("scenarios/{name}"),
            handle: server.load(format!("embedded://promoted/scenarios/{name}")),
            status: Status::Loading,
        });
    }
    info!("promoted: loading {} scenarios", library.entries.len());
}

fn track_loaded(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    mut library: ResMut<Library>,
) {
    for event in events.read() {
        if let AssetEvent::LoadedWithDependencies { id } | AssetEvent::Modified { id } = event
            && let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == *id)
            && let Some(asset) = assets.get(*id)
        {
            entry.status = Status::Ready(asset.0.clone());
        }
    }
}

fn track_failed(
    mut failures: MessageReader<AssetLoadFailedEvent<ScenarioAsset>>,
    mut library: ResMut<Library>,
) {
    for failure in failures.read() {
        let Some(entry) = library
            .entries
            .iter_mut()
            .find(|e| e.handle.id() == failure.id)
        else {
            continue;
        };
        let messages = match &failure.error {
            AssetLoadError::AssetLoaderError(e) => e
                .error()
                .downcast_ref::<ScenarioErrors>()
                .map(|errors| errors.0.clone())
                .unwrap_or_else(|| {
                    vec![format!("{}: error: {}", entry.file, e.to_string().trim())]
                }),
            other => vec![format!(
                "{}: error: {}",
                entry.file,
                other.to_string().trim()
            )],
        };
        for message in &messages {
            error!("{message}");
        }
        entry.status = Status::Broken(messages);
    }
}

/// Once the scenarios are in, compile the campaigns against them (once).
fn compile_campaigns(
    files: Res<CampaignFiles>,
    mut library: ResMut<Library>,
    mut done: Local<bool>,
) {
    if *done || library.is_loading() {
        return;
    }
    *done = true;
    let scenarios: Vec<&Scenario> = library.ready().map(|s| &**s).collect();
    let mut campaigns = Vec::new();
    for (name, bytes) in &files.0 {
        match Campaign::load(bytes, &scenarios) {
            Ok((campaign, _)) => campaigns.push(Arc::new(campaign)),
            Err(errors) => {
                for e in errors {
                    error!("{}", e.render(&format!("scenarios/{name}")));
                }
            }
        }
    }
    library.campaigns = campaigns;
}
