//! Where the game keeps its few records, as text under a key: files in the platform's data
//! folder natively, `localStorage` on the web, memory in tests.

use std::sync::Mutex;

use bevy::prelude::*;

pub trait Store: Send + Sync + 'static {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&self, key: &str);
}

#[derive(Resource)]
pub struct Storage(Box<dyn Store>);

impl Storage {
    pub fn new(store: impl Store) -> Self {
        Storage(Box::new(store))
    }

    /// The store of the platform the game runs on.
    pub fn platform() -> Self {
        #[cfg(target_arch = "wasm32")]
        return Storage::new(web::LocalStorage);
        #[cfg(not(target_arch = "wasm32"))]
        match native::FileStore::in_data_dir() {
            Some(store) => Storage::new(store),
            None => {
                warn!("no data folder: settings, scores and runs are kept for this session only");
                Storage::new(MemoryStore::default())
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        self.0.get(key)
    }

    /// Write a record; a failure is logged, never fatal: the game goes on without it.
    pub fn set(&self, key: &str, value: &str) {
        if let Err(e) = self.0.set(key, value) {
            warn!("could not save `{key}`: {e}");
        }
    }

    pub fn remove(&self, key: &str) {
        self.0.remove(key);
    }
}

/// Records kept in memory only: for tests, and when no data folder exists.
#[derive(Default)]
pub struct MemoryStore(Mutex<std::collections::HashMap<String, String>>);

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.lock().ok()?.get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|e| e.to_string())?
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&self, key: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(key);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;

    use super::Store;

    /// One file per key in a folder: `PROMOTED_DATA_DIR`, or the platform's data folder.
    pub struct FileStore {
        dir: PathBuf,
    }

    impl FileStore {
        pub fn in_data_dir() -> Option<FileStore> {
            let dir = std::env::var_os("PROMOTED_DATA_DIR")
                .map(PathBuf::from)
                .or_else(|| dirs::data_dir().map(|d| d.join("promoted")))?;
            Some(FileStore { dir })
        }

        fn path(&self, key: &str) -> PathBuf {
            self.dir.join(format!("{key}.ron"))
        }
    }

    impl Store for FileStore {
        fn get(&self, key: &str) -> Option<String> {
            std::fs::read_to_string(self.path(key)).ok()
        }

        fn set(&self, key: &str, value: &str) -> Result<(), String> {
            std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
            // Write then rename, so a crash mid-write never leaves half a record.
            let tmp = self.dir.join(format!("{key}.ron.tmp"));
            std::fs::write(&tmp, value).map_err(|e| e.to_string())?;
            std::fs::rename(&tmp, self.path(key)).map_err(|e| e.to_string())
        }

        fn remove(&self, key: &str) {
            let _ = std::fs::remove_file(self.path(key));
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::Store;

    pub struct LocalStorage;

    const PREFIX: &str = "promoted.";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    impl Store for LocalStorage {
        fn get(&self, key: &str) -> Option<String> {
            storage()?.get_item(&format!("{PREFIX}{key}")).ok()?
        }

        fn set(&self, key: &str, value: &str) -> Result<(), String> {
            storage()
                .ok_or("localStorage is not available")?
                .set_item(&format!("{PREFIX}{key}"), value)
                .map_err(|_| "localStorage refused the record (full or disabled)".to_owned())
        }

        fn remove(&self, key: &str) {
            if let Some(s) = storage() {
                let _ = s.remove_item(&format!("{PREFIX}{key}"));
            }
        }
    }
}
