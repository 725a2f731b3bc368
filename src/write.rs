//! Stage 5: put the text on disk, or compare it with what is there.
//! Files are replaced atomically (temp file, then rename) and only when
//! their bytes change, so builds that watch them do not rerun needlessly.

use std::io;
use std::path::{Path, PathBuf};

/// What [`write_if_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file was created or replaced.
    Changed,
    /// The file already had these bytes; it was not touched.
    Unchanged,
}

/// Write `contents` to `path` unless it already holds exactly that.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<Written> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(Written::Unchanged);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(Written::Changed)
}

/// The result of a drift check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The file holds exactly the fresh output.
    UpToDate,
    /// The file differs; a unified diff from the file to the fresh output.
    Stale {
        /// The unified diff.
        diff: String,
    },
    /// There is no file yet.
    Missing,
}

/// Compare the file at `path` with freshly generated `contents`.
pub fn check(path: &Path, contents: &str) -> io::Result<Check> {
    let old = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Check::Missing),
        Err(e) => return Err(e),
    };
    if old == contents {
        return Ok(Check::UpToDate);
    }
    let name = path.display().to_string();
    let diff = similar::TextDiff::from_lines(old.as_str(), contents)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{name} (committed)"),
            &format!("{name} (from the spec)"),
        )
        .to_string();
    Ok(Check::Stale { diff })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_when_bytes_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.rs");
        assert_eq!(write_if_changed(&path, "a\n").unwrap(), Written::Changed);
        assert_eq!(write_if_changed(&path, "a\n").unwrap(), Written::Unchanged);
        assert_eq!(write_if_changed(&path, "b\n").unwrap(), Written::Changed);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b\n");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp files are left behind");
    }

    #[test]
    fn check_reports_a_diff() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        assert_eq!(check(&path, "x").unwrap(), Check::Missing);
        std::fs::write(&path, "pub a: i32,\n").unwrap();
        let Check::Stale { diff } = check(&path, "pub b: i32,\n").unwrap() else {
            panic!("expected a stale file")
        };
        assert!(
            diff.contains("-pub a: i32,") && diff.contains("+pub b: i32,"),
            "{diff}"
        );
        assert_eq!(check(&path, "pub a: i32,\n").unwrap(), Check::UpToDate);
    }
}
