use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

use switchboard_logging::create_private_dir;
use uuid::Uuid;

use crate::{SecretRef, SecretsError};

/// The folder holding encrypted large secrets, one `<uuid>.bin` file per reference (the
/// `sref:` prefix is left out because `:` is not allowed in Windows file names).
#[derive(Debug, Clone)]
pub(crate) struct BlobDir {
    root: PathBuf,
}

impl BlobDir {
    pub(crate) fn new(root: PathBuf) -> Self {
        Self { root }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn path(&self, reference: &SecretRef) -> PathBuf {
        self.root
            .join(format!("{}.bin", reference.id().hyphenated()))
    }

    pub(crate) fn read(&self, reference: &SecretRef) -> Result<Option<Vec<u8>>, SecretsError> {
        let path = self.path(reference);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
            Err(source) => Err(SecretsError::BlobIo { path, source }),
        }
    }

    /// Writes through a temporary file of this write's own, synced to disk and then renamed
    /// into place: a crash never leaves a half-written blob in place of a good one, and
    /// concurrent writers of one reference cannot rename each other's unfinished file.
    pub(crate) fn write(&self, reference: &SecretRef, bytes: &[u8]) -> Result<(), SecretsError> {
        let path = self.path(reference);
        let temp = self.root.join(format!(
            ".{}.{}.tmp",
            reference.id().hyphenated(),
            Uuid::new_v4().simple()
        ));
        let io_error = |source: io::Error| SecretsError::BlobIo {
            path: path.clone(),
            source,
        };
        create_private_dir(&self.root).map_err(io_error)?;
        let written = write_synced(&temp, bytes).and_then(|()| fs::rename(&temp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written.map_err(io_error)
    }

    pub(crate) fn remove(&self, reference: &SecretRef) -> Result<(), SecretsError> {
        let path = self.path(reference);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == ErrorKind::NotFound => Ok(()),
            Err(source) => Err(SecretsError::BlobIo { path, source }),
        }
    }
}

/// `create_new`: the name belongs to this write alone, so an existing file is never shared.
fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    // On disk before the rename: otherwise a crash can leave the new name on an empty file.
    file.sync_all()
}
