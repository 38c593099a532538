use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

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

    /// Writes through a temporary file and a rename, so a crash never leaves a half-written
    /// blob in place of a good one.
    pub(crate) fn write(&self, reference: &SecretRef, bytes: &[u8]) -> Result<(), SecretsError> {
        let path = self.path(reference);
        let temp = path.with_extension("bin.tmp");
        let io_error = |source: io::Error| SecretsError::BlobIo {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.root).map_err(io_error)?;
        fs::write(&temp, bytes).map_err(io_error)?;
        fs::rename(&temp, &path).map_err(|source| {
            let _ = fs::remove_file(&temp);
            io_error(source)
        })
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
