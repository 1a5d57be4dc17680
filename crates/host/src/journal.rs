//! The host's memory on disk: an append-only log of what each room did, one JSON line per
//! event, written before the sender hears "counted". A restarted host reads it back into its
//! rooms, skipping (and naming) lines it cannot read, and writes it again without the rooms
//! that have ended or expired.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

use promoted_engine::workshop::phones::Poll;
use serde::{Deserialize, Serialize};

/// What happened in a room. Votes carry the phone's random token (so a phone that comes back
/// keeps its vote); commitments carry none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Created {
        secret: String,
    },
    Opened {
        poll: Poll,
    },
    Closed {
        key: String,
    },
    Voted {
        token: String,
        key: String,
        option: u8,
    },
    AskedCommitments,
    Committed {
        text: String,
    },
    /// The projector touched the room (a rejoin): it lives on from here.
    Touched,
    Ended,
    Expired,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Seconds since the Unix epoch.
    pub at: u64,
    pub room: String,
    #[serde(flatten)]
    pub event: Event,
}

/// The open log file.
#[derive(Debug)]
pub struct Journal {
    file: File,
    dirty: bool,
    /// The last write failed part-way.
    torn: bool,
}

/// What reading the log found.
#[derive(Debug, Default)]
pub struct Recovered {
    pub entries: Vec<Entry>,
    /// "rooms.log line 12: …", for the host to print.
    pub skipped: Vec<String>,
}

impl Journal {
    /// Read the log in `folder` (if any) and open it for appending, rewritten with only the
    /// entries `keep` says are still wanted.
    pub fn open(
        folder: &Path,
        keep: impl FnOnce(&[Entry]) -> Vec<Entry>,
    ) -> io::Result<(Journal, Recovered)> {
        fs::create_dir_all(folder)?;
        let path = folder.join("rooms.log");
        let mut recovered = Recovered::default();
        if let Ok(file) = File::open(&path) {
            for (number, line) in BufReader::new(file).lines().enumerate() {
                let line = match line {
                    Ok(line) => line,
                    Err(e) => {
                        recovered.skipped.push(format!(
                            "{} line {}: {e}",
                            path.display(),
                            number + 1
                        ));
                        // A line that is not text is skipped. A failing disk stops the host
                        // from starting: rewriting the log from what was read would lose the rest.
                        if e.kind() == io::ErrorKind::InvalidData {
                            continue;
                        }
                        return Err(io::Error::new(
                            e.kind(),
                            format!("{} line {}: {e}", path.display(), number + 1),
                        ));
                    }
                };
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Entry>(&line) {
                    Ok(entry) => recovered.entries.push(entry),
                    Err(e) => recovered.skipped.push(format!(
                        "{} line {}: not understood ({e}); skipped",
                        path.display(),
                        number + 1
                    )),
                }
            }
        }
        let kept = keep(&recovered.entries);
        let fresh = folder.join("rooms.log.new");
        {
            let mut file = File::create(&fresh)?;
            for entry in &kept {
                writeln!(file, "{}", line_of(entry))?;
            }
            file.sync_all()?;
        }
        fs::rename(&fresh, &path)?;
        recovered.entries = kept;
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok((
            Journal {
                file,
                dirty: false,
                torn: false,
            },
            recovered,
        ))
    }

    /// Append one entry: in the operating system's hands when this returns.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        let mut line = String::new();
        // After a failed write the file may end in part of a line: start on a new one, so
        // the fragment stays a line of its own (skipped on reading) and this one is whole.
        if self.torn {
            line.push('\n');
        }
        line.push_str(&line_of(entry));
        line.push('\n');
        self.dirty = true;
        match self.file.write_all(line.as_bytes()) {
            Ok(()) => {
                self.torn = false;
                Ok(())
            }
            Err(e) => {
                self.torn = true;
                Err(e)
            }
        }
    }

    /// On the disk itself (the host does this every second).
    /// A handle to put what was written on the disk with, when anything was: syncing takes
    /// as long as the disk likes, so it is done without holding the journal.
    pub fn take_unsynced(&mut self) -> Option<io::Result<File>> {
        std::mem::take(&mut self.dirty).then(|| self.file.try_clone())
    }
}

fn line_of(entry: &Entry) -> String {
    // An entry is plain data: it always serialises.
    serde_json::to_string(entry).unwrap_or_default()
}
