use std::fs::DirBuilder;
use std::io;
use std::path::Path;

/// Creates `path`, and any missing parent, readable by the current user only: logs, the
/// cache and sealed secrets are nobody else's business. A folder that exists already keeps
/// its permissions, since it may be one the user chose and shares on purpose.
///
/// It lives here because every crate that creates one of Switchboard's folders already
/// depends on this one.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    // 0700 on Unix. On Windows the per-user AppData location already restricts access to the
    // user, and new folders inherit that.
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn new_folders_and_their_new_parents_are_the_users_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let parent = dir.path().join("parent");
        let child = parent.join("child");
        create_private_dir(&child).expect("created");
        create_private_dir(&child).expect("an existing folder is fine");
        for folder in [parent, child] {
            let mode = std::fs::metadata(&folder)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "{}", folder.display());
        }
    }
}
