//! The secret scan the app's and the end-to-end tests finish with: which files of the
//! app's data folder hold a given value.

use std::path::Path;

/// Every file below `dir` whose bytes contain `needle`, as display paths.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let needle = needle.as_bytes();
    let mut hits = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
            {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}
