//! The scenario library: every scenario file compiled by the engine when the app is built,
//! each kept ready or broken with the messages `promoted check` prints; the campaigns
//! compiled against the ready ones.
//!
//! Natively, an author can point the game at a folder (`PROMOTED_SCENARIOS_DIR=scenarios`):
//! the library then reads it, and reloads a file within a second of its being saved, so an
//! edit shows in the running game. A run in progress keeps the version it started with.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use promoted_engine::check::{Checked, check_scenario, render};
use promoted_engine::{Campaign, MAX_SCENARIO_BYTES, Scenario};

include!(concat!(env!("OUT_DIR"), "/scenario_files.rs"));

/// Files by name: what the library is built from.
pub type Files = Vec<(String, Vec<u8>)>;

/// The scenario and campaign files the library compiles: the embedded ones natively, the
/// page's in the browser, unless a test or an author brings others.
#[derive(Resource, Clone, Default)]
pub struct LibraryFiles {
    pub scenarios: Files,
    pub campaigns: Files,
    /// Why the library could not be read, if it could not: shown where a broken file shows.
    pub unreadable: Option<String>,
}

impl LibraryFiles {
    /// The library this build ships with.
    pub fn shipped() -> LibraryFiles {
        #[cfg(target_arch = "wasm32")]
        {
            page_library()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let owned = |files: &[(&str, &[u8])]| {
                files
                    .iter()
                    .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
                    .collect()
            };
            LibraryFiles {
                scenarios: owned(SCENARIO_FILES),
                campaigns: owned(CAMPAIGN_FILES),
                unreadable: None,
            }
        }
    }

    /// Read a library bundle as `web/library.mjs` writes it: the line `promoted-library 1`,
    /// then for each file a line `<name>\t<byte length>` and that many bytes.
    pub fn from_bundle(bytes: &[u8]) -> Result<LibraryFiles, String> {
        const HEADER: &[u8] = b"promoted-library 1\n";
        let mut rest = bytes
            .strip_prefix(HEADER)
            .ok_or("it does not start with `promoted-library 1`")?;
        let mut files = LibraryFiles::default();
        while !rest.is_empty() {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or("a file's heading line does not end")?;
            let line = std::str::from_utf8(&rest[..end]).map_err(|_| "a heading is not UTF-8")?;
            let (name, length) = line
                .split_once('\t')
                .ok_or_else(|| format!("the heading `{line}` has no length"))?;
            let length: usize = length
                .parse()
                .map_err(|_| format!("`{name}`: `{length}` is not a length"))?;
            let after = &rest[end + 1..];
            let body = after
                .get(..length)
                .ok_or_else(|| format!("`{name}` is cut short"))?;
            let file = (name.to_owned(), body.to_vec());
            if name.ends_with(".campaign.ron") {
                files.campaigns.push(file);
            } else if name.ends_with(".scenario.ron") {
                files.scenarios.push(file);
            } else {
                return Err(format!("`{name}` is neither a scenario nor a campaign"));
            }
            rest = &after[length..];
        }
        Ok(files)
    }
}

/// The library the page fetched beside the wasm, handed over by `web/main.js`.
#[cfg(target_arch = "wasm32")]
fn page_library() -> LibraryFiles {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = promotedLibrary)]
        fn library() -> Result<Vec<u8>, JsValue>;
    }

    library()
        .map_err(|e| format!("{e:?}"))
        .and_then(|bytes| LibraryFiles::from_bundle(&bytes))
        .unwrap_or_else(|problem| LibraryFiles {
            unreadable: Some(format!(
                "The scenario library (library.bin) could not be read: {problem}. Reload the page; if it stays, the site's files are damaged."
            )),
            ..LibraryFiles::default()
        })
}

#[derive(Resource)]
pub struct Library {
    entries: Vec<Entry>,
    campaigns: Vec<Arc<Campaign>>,
    campaign_files: Files,
}

pub struct Entry {
    /// The file as an author knows it: `scenarios/<name>.scenario.ron`, or the name of a file
    /// the player opened.
    pub file: String,
    pub status: EntryStatus,
    /// For a file the player opened, what checking it found.
    pub opened: Option<Opened>,
}

/// What `promoted check` says of a file the player opened: its verdict ("ok with 2
/// warnings") and every finding, rendered with the line it points at.
#[derive(Debug, Clone)]
pub struct Opened {
    pub verdict: String,
    pub findings: Vec<String>,
}

pub enum EntryStatus {
    Ready(Arc<Scenario>),
    /// The messages, as `promoted check` gives them.
    Broken(Vec<String>),
}

impl Library {
    /// Compile every file; broken ones keep their messages, broken campaigns are logged.
    pub fn compile(files: &LibraryFiles) -> Library {
        if let Some(problem) = &files.unreadable {
            error!("{problem}");
        }
        let unreadable = files.unreadable.iter().map(|problem| Entry {
            file: "library.bin".to_owned(),
            status: EntryStatus::Broken(vec![problem.clone()]),
            opened: None,
        });
        let mut library = Library {
            entries: unreadable
                .chain(
                    files
                        .scenarios
                        .iter()
                        .map(|(name, bytes)| entry(name, bytes)),
                )
                .collect(),
            campaigns: Vec::new(),
            campaign_files: files.campaigns.clone(),
        };
        library.compile_campaigns();
        library
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The playable scenarios, in file order.
    pub fn ready(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.entries.iter().filter_map(|e| match &e.status {
            EntryStatus::Ready(s) => Some(s),
            EntryStatus::Broken(_) => None,
        })
    }

    /// The scenario with this id; a file the player opened comes first, so it stands in for
    /// a shipped scenario with the same id.
    pub fn find(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.ready().find(|s| s.id == id)
    }

    /// Whether a shipped scenario is stood in for by a file the player opened.
    pub fn is_shadowed(&self, scenario: &Scenario) -> bool {
        self.find(&scenario.id)
            .is_some_and(|found| !std::ptr::eq(&**found, scenario))
    }

    /// Check a file the player opened as `promoted check` does and put it first in the
    /// library, in place of an earlier one with the same name. `size` is the file's real size:
    /// the page hands over at most [`MAX_SCENARIO_BYTES`] and one byte of a larger file.
    /// Returns the entry's index.
    pub fn open(&mut self, name: &str, bytes: &[u8], size: u64) -> usize {
        let checked = if size > MAX_SCENARIO_BYTES as u64 {
            Checked::not_loaded(None, vec![promoted_engine::source::too_large(size)])
        } else {
            check_scenario(bytes, None)
        };
        let findings = checked.rendered(name);
        let verdict = checked.verdict();
        for finding in &findings {
            info!("{finding}");
        }
        let entry = Entry {
            file: name.to_owned(),
            status: match checked.scenario {
                Some(scenario) => EntryStatus::Ready(Arc::new(scenario)),
                None => EntryStatus::Broken(findings.clone()),
            },
            opened: Some(Opened { verdict, findings }),
        };
        self.entries
            .retain(|e| !(e.opened.is_some() && e.file == name));
        self.entries.insert(0, entry);
        self.compile_campaigns();
        0
    }

    /// Take out a file the player opened.
    pub fn close(&mut self, name: &str) {
        self.entries
            .retain(|e| !(e.opened.is_some() && e.file == name));
        self.compile_campaigns();
    }

    pub fn campaigns(&self) -> &[Arc<Campaign>] {
        &self.campaigns
    }

    pub fn campaign(&self, id: &str) -> Option<&Arc<Campaign>> {
        self.campaigns.iter().find(|c| c.id == id)
    }

    /// Put a file in (new or edited) and compile it and the campaigns again.
    pub fn replace(&mut self, name: &str, bytes: &[u8]) {
        let new = entry(name, bytes);
        match self
            .entries
            .iter_mut()
            .find(|e| e.opened.is_none() && e.file == new.file)
        {
            Some(old) => *old = new,
            None => self.entries.push(new),
        }
        self.compile_campaigns();
    }

    /// Take out a file that is gone.
    pub fn remove(&mut self, name: &str) {
        let file = format!("scenarios/{name}");
        self.entries
            .retain(|e| e.opened.is_some() || e.file != file);
        self.compile_campaigns();
    }

    fn compile_campaigns(&mut self) {
        let scenarios: Vec<&Scenario> = self.ready().map(|s| &**s).collect();
        let mut campaigns = Vec::new();
        for (name, bytes) in &self.campaign_files {
            match Campaign::load(bytes, &scenarios) {
                Ok((campaign, _)) => campaigns.push(Arc::new(campaign)),
                Err(errors) => {
                    for e in errors {
                        error!("{}", e.render(&format!("scenarios/{name}")));
                    }
                }
            }
        }
        self.campaigns = campaigns;
    }
}

fn entry(name: &str, bytes: &[u8]) -> Entry {
    let file = format!("scenarios/{name}");
    let loaded = promoted_engine::Source::new(bytes)
        .map_err(|d| vec![render(&d, &file, None)])
        .and_then(|source| {
            promoted_engine::load_source(&source).map_err(|errors| {
                let shown = |d: &promoted_engine::Diagnostic| render(d, &file, Some(&source));
                errors.iter().map(shown).collect()
            })
        });
    let status = match loaded {
        Ok((scenario, _warnings)) => EntryStatus::Ready(Arc::new(scenario)),
        Err(messages) => {
            for message in &messages {
                error!("{message}");
            }
            EntryStatus::Broken(messages)
        }
    };
    Entry {
        file,
        status,
        opened: None,
    }
}

/// A folder of scenario files the library follows: each saved change is reloaded.
#[derive(Resource, Debug, Clone)]
pub struct WatchedFolder {
    pub dir: PathBuf,
    /// When each file was last seen changed.
    seen: Vec<(String, SystemTime)>,
    since: Duration,
}

impl WatchedFolder {
    pub fn new(dir: PathBuf) -> Self {
        let mut folder = WatchedFolder {
            dir,
            seen: Vec::new(),
            since: Duration::ZERO,
        };
        folder.seen = folder.stamps();
        folder
    }

    /// The library's files as the folder has them now.
    pub fn files(&self) -> LibraryFiles {
        let read = |ending: &str| -> Files {
            let mut files: Files = std::fs::read_dir(&self.dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter_map(|e| {
                            let name = e.file_name().to_string_lossy().into_owned();
                            if !name.ends_with(ending) {
                                return None;
                            }
                            Some((name, std::fs::read(e.path()).ok()?))
                        })
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            files
        };
        LibraryFiles {
            scenarios: read(".scenario.ron"),
            campaigns: read(".campaign.ron"),
            unreadable: None,
        }
    }

    fn stamps(&self) -> Vec<(String, SystemTime)> {
        let mut stamps: Vec<(String, SystemTime)> = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".ron"))
                    .filter_map(|e| {
                        let changed = e.metadata().and_then(|m| m.modified()).ok()?;
                        Some((e.file_name().to_string_lossy().into_owned(), changed))
                    })
                    .collect()
            })
            .unwrap_or_default();
        stamps.sort();
        stamps
    }
}

/// How often the folder is looked at.
const WATCH_EVERY: Duration = Duration::from_secs(1);

pub(super) fn plugin(app: &mut App) {
    let folder = app.world().get_resource::<WatchedFolder>().cloned();
    let files = match (&folder, app.world().get_resource::<LibraryFiles>()) {
        (_, Some(files)) => files.clone(),
        (Some(folder), None) => folder.files(),
        (None, None) => LibraryFiles::shipped(),
    };
    let library = Library::compile(&files);
    info!(
        "promoted: {} scenarios ready, {} campaigns",
        library.ready().count(),
        library.campaigns().len()
    );
    app.insert_resource(library)
        .add_systems(Update, reload.run_if(resource_exists::<WatchedFolder>));
}

/// Reload the files whose modification time changed since the last look.
fn reload(time: Res<Time<Real>>, mut folder: ResMut<WatchedFolder>, mut library: ResMut<Library>) {
    folder.since += time.delta();
    if folder.since < WATCH_EVERY {
        return;
    }
    folder.since = Duration::ZERO;
    let now = folder.stamps();
    if now == folder.seen {
        return;
    }
    let changed: Vec<String> = now
        .iter()
        .filter(|stamp| !folder.seen.contains(stamp))
        .map(|(name, _)| name.clone())
        .collect();
    let gone: Vec<String> = folder
        .seen
        .iter()
        .filter(|(name, _)| !now.iter().any(|(n, _)| n == name))
        .map(|(name, _)| name.clone())
        .collect();
    folder.seen = now;
    let files = folder.files();
    for name in gone {
        info!("promoted: scenarios/{name} is gone");
        if name.ends_with(".campaign.ron") {
            library.campaign_files = files.campaigns.clone();
            library.compile_campaigns();
        } else {
            library.remove(&name);
        }
    }
    for name in changed {
        if let Some((_, bytes)) = files.scenarios.iter().find(|(n, _)| *n == name) {
            info!("promoted: reloaded scenarios/{name}");
            library.replace(&name, bytes);
        } else if name.ends_with(".campaign.ron") {
            library.campaign_files = files.campaigns.clone();
            library.compile_campaigns();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(files: &[(&str, &str)]) -> Vec<u8> {
        let mut out = b"promoted-library 1\n".to_vec();
        for (name, text) in files {
            out.extend(format!("{name}\t{}\n", text.len()).bytes());
            out.extend(text.bytes());
        }
        out
    }

    #[test]
    fn a_bundle_reads_back_into_scenarios_and_campaigns_whatever_their_bytes() {
        // A length, not a separator, ends each file: tabs and newlines inside are safe.
        let files = LibraryFiles::from_bundle(&bundle(&[
            ("a.scenario.ron", "Scenario(\n\tid: \"a\",\n)"),
            ("c.campaign.ron", "Campaign()"),
            ("é.scenario.ron", ""),
        ]))
        .expect("reads");
        let names = |f: &Files| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&files.scenarios),
            ["a.scenario.ron", "é.scenario.ron"]
        );
        assert_eq!(files.scenarios[0].1, b"Scenario(\n\tid: \"a\",\n)");
        assert_eq!(names(&files.campaigns), ["c.campaign.ron"]);
    }

    #[test]
    fn a_damaged_bundle_says_what_is_wrong() {
        let cut = bundle(&[("a.scenario.ron", "Scenario()")]);
        for (bytes, says) in [
            (b"<html>404</html>".to_vec(), "does not start with"),
            (
                cut[..cut.len() - 3].to_vec(),
                "`a.scenario.ron` is cut short",
            ),
            (
                b"promoted-library 1\na.scenario.ron\tten\n".to_vec(),
                "`ten` is not a length",
            ),
            (
                format!("promoted-library 1\na.scenario.ron\t{}\nx", usize::MAX).into_bytes(),
                "`a.scenario.ron` is cut short",
            ),
            (
                bundle(&[("notes.txt", "x")]),
                "neither a scenario nor a campaign",
            ),
        ] {
            let problem = LibraryFiles::from_bundle(&bytes).err().expect("refused");
            assert!(problem.contains(says), "{problem}");
        }
    }

    #[test]
    fn an_unreadable_library_shows_as_a_broken_file() {
        let library = Library::compile(&LibraryFiles {
            unreadable: Some("cut short".to_owned()),
            ..LibraryFiles::default()
        });
        assert!(matches!(
            &library.entries()[0].status,
            EntryStatus::Broken(messages) if messages == &["cut short".to_owned()]
        ));
    }
}
