//! Writing a file whole or not at all: the new content goes to a temporary file in the same
//! folder, which is synced and then renamed over the file, so that at every instant the file
//! holds the old content or the new, whole. A full disk or a crash midway leaves the old file
//! as it was. The notes store saves this way (keeping the old notes as `.bak`), and so does
//! `export -o`.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write as _};
use std::path::{Path, PathBuf};

/// The steps of a write, in order; a failure names the step it happened at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Making the file's folder (the notes store's own step: an export's folder must exist).
    CreateDir,
    /// Taking the notes file's lock before its first save (the notes store's own step).
    Lock,
    /// Creating the temporary file.
    Create,
    /// Writing the temporary file.
    Write,
    /// Syncing the temporary file to the disk.
    Sync,
    /// Keeping the current file as `.bak`.
    Backup,
    /// Renaming the temporary file over the file.
    Rename,
    /// Syncing the folder, so the rename itself is on the disk.
    SyncDir,
}

impl Step {
    /// Whether a write that failed at this step left the file as it was: every step before
    /// the rename only touches files of its own, and a rename that fails does nothing.
    pub fn left_the_file(self) -> bool {
        self != Step::SyncDir
    }
}

/// Fails at `step` when `fault` names it, for tests of what a failed write leaves behind.
pub(crate) fn fault(fault: Option<(Step, ErrorKind)>, step: Step) -> io::Result<()> {
    match fault {
        Some((at, kind)) if at == step => Err(io::Error::from(kind)),
        _ => Ok(()),
    }
}

/// The folder a file is in ("." for a bare file name).
pub(crate) fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` with `suffix` added to its file name: `X.notes.json` → `X.notes.json.bak`.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The previous version a write with a backup keeps: `X.bak` beside `X` (shortened as
/// [`fitting_sibling`] shortens names, when `X`'s own name leaves no room for `.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    fitting_sibling(path, ".bak")
}

/// The longest file name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// [`sibling`], or, when that name would be too long for the file system (a map named with
/// 240 characters), the file name's start, a hash of the whole name (so two long names that
/// start alike differ) and `suffix`, within [`NAME_MAX`] bytes: a file whose own name fits
/// can always be saved.
pub(crate) fn fitting_sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if name.len() + suffix.len() <= NAME_MAX {
        return sibling(path, suffix);
    }
    let tail = format!("{}{suffix}", shortening_mark(&name));
    let mut keep = NAME_MAX.saturating_sub(tail.len()).min(name.len());
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    path.with_file_name(format!("{}{tail}", &name[..keep]))
}

/// What [`fitting_sibling`] puts between a long name's start and the suffix: `~` and eight hex
/// digits of a hash of the whole name.
fn shortening_mark(name: &str) -> String {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("~{:08x}", hash as u32)
}

/// Whether `name` is one [`fitting_sibling`] gives `path` for a suffix that starts with `start`
/// (`.tmp-` for every `.tmp-<pid>`): `X.tmp-…`, or, for a long `X`, its start, the mark and the
/// suffix. So the temporary files a crash left can be found whatever their length.
pub(crate) fn is_fitting_sibling(path: &Path, name: &str, start: &str) -> bool {
    let Some(base) = path.file_name().map(|base| base.to_string_lossy()) else {
        return false;
    };
    if name
        .strip_prefix(&*base)
        .is_some_and(|rest| rest.starts_with(start))
    {
        return true;
    }
    let mark = format!("{}{start}", shortening_mark(&base));
    // The mark begins with `~`, so where it is found is a character boundary.
    name.match_indices(&mark)
        .any(|(at, _)| base.starts_with(&name[..at]))
}

/// The temporary files of a write: the new content (`X.tmp-<pid>`), and the hard link that
/// becomes the `.bak` (`X.bak.tmp-<pid>`). Names no file has: a file of that name already
/// there (left by a crash, or someone's own) is never written over, and another is taken.
fn temporaries(path: &Path) -> (PathBuf, PathBuf) {
    let pid = std::process::id();
    let free = |path: &Path| fs::symlink_metadata(path).is_err();
    let mut n = 1;
    loop {
        let tag = if n == 1 {
            pid.to_string()
        } else {
            format!("{pid}-{n}")
        };
        let names = (
            fitting_sibling(path, &format!(".tmp-{tag}")),
            fitting_sibling(path, &format!(".bak.tmp-{tag}")),
        );
        if free(&names.0) && free(&names.1) {
            return names;
        }
        n += 1;
    }
}

/// Writes `content` to `path` so that `path` holds the old content or the new, whole, at every
/// instant; with `backup`, keeps the old as [`backup_path`]. A failure at [`Step::Write`]
/// writes half the content first, as a full disk would.
pub fn write_atomically(
    path: &Path,
    content: &[u8],
    backup: bool,
    faults: Option<(Step, ErrorKind)>,
) -> Result<(), (Step, io::Error)> {
    write_atomically_with(
        path,
        backup,
        Durability::Synced,
        faults,
        |file| match faults {
            Some((Step::Write, kind)) => file
                .write_all(&content[..content.len() / 2])
                .and_then(|()| Err(io::Error::from(kind))),
            _ => file.write_all(content),
        },
    )
}

/// The temporary files of the writes going on now, for [`remove_unfinished`].
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the temporary files of the writes going on now: for a process ended by a signal in
/// the middle of one (an export stopped with Ctrl-C), so that none is left beside the file.
pub fn remove_unfinished() {
    if let Ok(files) = UNFINISHED.lock() {
        for file in files.iter() {
            let _ = fs::remove_file(file);
        }
    }
}

/// Whether a write waits for the disk to hold the new content before it takes the file's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Synced before the rename, and the folder after it: what survives a power cut is the old
    /// content or the new. For notes, which exist nowhere else.
    Synced,
    /// Renamed once written, unsynced: a failed write (a full disk) still leaves the old file,
    /// but a power cut just after may not. For exports, which the map can always make again;
    /// syncing 64 MB of JSON costs a tenth of the whole export.
    Unsynced,
}

/// [`write_atomically`] of what `write` writes into the temporary file, for content made as
/// it is written (a large map's JSON), [`Durability::Unsynced`] or not. `write` is the
/// [`Step::Write`] step.
///
/// A symbolic link is written through, not replaced: its target gets the new content. A
/// file there keeps its permissions; a new one gets those of any new file (the umask's).
/// The folder must exist. On failure the temporary files are removed.
pub fn write_atomically_with(
    path: &Path,
    backup: bool,
    durability: Durability,
    faults: Option<(Step, ErrorKind)>,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), (Step, io::Error)> {
    // A symbolic link (notes kept in a synced folder, say) is written through, not replaced.
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| (Step::Create, e))?
        }
        _ => path.to_path_buf(),
    };
    let path = target.as_path();
    let dir = folder(path);
    let (temporary, backup_link) = temporaries(path);
    let steps = Steps {
        path,
        dir: &dir,
        temporary: &temporary,
        backup_link: backup.then_some(backup_link.as_path()),
        durability,
        faults,
    };
    if let Ok(mut files) = UNFINISHED.lock() {
        files.push(temporary.clone());
    }
    let result = steps.run(write);
    if let Ok(mut files) = UNFINISHED.lock() {
        files.retain(|file| *file != temporary);
    }
    // The temporary file is this write's own once made (it was made new); the .bak's
    // temporary name was free, and only this write uses it.
    if let Err((step, _)) = &result
        && *step != Step::Create
    {
        let _ = fs::remove_file(&temporary);
        if backup {
            let _ = fs::remove_file(&backup_link);
        }
    }
    result
}

/// The files one write uses.
struct Steps<'a> {
    path: &'a Path,
    dir: &'a Path,
    temporary: &'a Path,
    /// The temporary name of the `.bak`, when one is kept.
    backup_link: Option<&'a Path>,
    durability: Durability,
    faults: Option<(Step, ErrorKind)>,
}

impl Steps<'_> {
    fn run(
        &self,
        write: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> Result<(), (Step, io::Error)> {
        let (path, faults) = (self.path, self.faults);
        let mut file = fault(faults, Step::Create)
            .and_then(|()| {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(self.temporary)
            })
            .map_err(|e| (Step::Create, e))?;
        write(&mut file).map_err(|e| (Step::Write, e))?;
        // Keep the permissions the user gave the file.
        if let Ok(meta) = fs::metadata(path) {
            let _ = file.set_permissions(meta.permissions());
        }
        let synced = self.durability == Durability::Synced;
        fault(faults, Step::Sync)
            .and_then(|()| if synced { file.sync_all() } else { Ok(()) })
            .map_err(|e| (Step::Sync, e))?;
        drop(file);
        if let Some(backup_link) = self.backup_link
            && fs::symlink_metadata(path).is_ok()
        {
            // The old file gets a second name, then that name replaces the old .bak: the file
            // is not touched, and the .bak is always some whole version.
            fault(faults, Step::Backup)
                .and_then(|()| {
                    let _ = fs::remove_file(backup_link);
                    fs::hard_link(path, backup_link).or_else(|_| copy_synced(path, backup_link))
                })
                .and_then(|()| fs::rename(backup_link, backup_path(path)))
                .map_err(|e| (Step::Backup, e))?;
        }
        fault(faults, Step::Rename)
            .and_then(|()| fs::rename(self.temporary, path))
            .map_err(|e| (Step::Rename, e))?;
        fault(faults, Step::SyncDir)
            .and_then(|()| if synced { sync_dir(self.dir) } else { Ok(()) })
            .map_err(|e| (Step::SyncDir, e))
    }
}

/// A copy, synced, for file systems without hard links.
fn copy_synced(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to)?;
    File::open(to)?.sync_all()
}

/// Syncs a folder, so that renames in it are on the disk.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir)?.sync_all() {
        // Some file systems cannot sync a folder; there is nothing more to do there.
        Err(e) if matches!(e.kind(), ErrorKind::InvalidInput | ErrorKind::Unsupported) => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_at_any_step_before_the_rename_leaves_the_file_and_nothing_else() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old content").unwrap();
        for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
            let failed = write_atomically(
                &path,
                b"new content",
                false,
                Some((step, ErrorKind::StorageFull)),
            );
            assert_eq!(failed.map_err(|(at, _)| at), Err(step));
            assert!(step.left_the_file());
            assert_eq!(
                fs::read_to_string(&path).unwrap(),
                "old content",
                "{step:?}"
            );
            assert_eq!(listing(dir.path()), ["out.md"], "{step:?}");
        }
        write_atomically(&path, b"new content", false, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new content");
        // No backup was asked for.
        assert_eq!(listing(dir.path()), ["out.md"]);
    }

    #[test]
    fn a_file_whose_name_fits_is_saved_however_long_the_name() {
        let dir = tempfile::TempDir::new().unwrap();
        // 251 bytes: the file and its .bak fit in 255, `.tmp-<pid>` beside them would not.
        let name = format!("{}.notes.json", "é".repeat(120));
        let path = dir.path().join(&name);
        write_atomically(&path, b"old", true, None).unwrap();
        write_atomically(&path, b"new", true, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "old");
        assert_eq!(listing(dir.path()), [name.clone(), format!("{name}.bak")]);
        let (temporary, backup_link) = temporaries(&path);
        for name in [temporary, backup_link] {
            assert!(name.file_name().unwrap().len() <= NAME_MAX, "{name:?}");
        }
    }

    #[test]
    fn a_file_whose_name_leaves_no_room_for_bak_keeps_a_shortened_one() {
        let dir = tempfile::TempDir::new().unwrap();
        // 254 bytes: the file fits, `.bak` beside it would not.
        let name = format!("{}.json", "b".repeat(249));
        let path = dir.path().join(&name);
        write_atomically(&path, b"old", true, None).unwrap();
        write_atomically(&path, b"new", true, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let backup = backup_path(&path);
        assert!(backup.file_name().unwrap().len() <= NAME_MAX, "{backup:?}");
        assert_eq!(fs::read_to_string(&backup).unwrap(), "old");
        assert_eq!(listing(dir.path()).len(), 2, "no temporary file left");
    }

    #[test]
    fn the_names_given_to_a_files_siblings_are_recognised_short_or_shortened() {
        let dir = tempfile::TempDir::new().unwrap();
        for name in [
            "m.notes.json".to_string(),
            format!("{}.notes.json", "é".repeat(120)),
        ] {
            let path = dir.path().join(&name);
            for suffix in [".tmp-4194303", ".tmp-12-3", ".bak.tmp-77"] {
                let made = fitting_sibling(&path, suffix);
                let made = made.file_name().unwrap().to_str().unwrap();
                let start = if suffix.starts_with(".bak") {
                    ".bak.tmp-"
                } else {
                    ".tmp-"
                };
                assert!(is_fitting_sibling(&path, made, start), "{made}");
            }
            let other = dir.path().join(format!("x{name}"));
            let others = fitting_sibling(&other, ".tmp-1");
            let others = others.file_name().unwrap().to_str().unwrap();
            assert!(!is_fitting_sibling(&path, others, ".tmp-"), "{others}");
            assert!(!is_fitting_sibling(&path, &name, ".tmp-"));
            assert!(!is_fitting_sibling(&path, &format!("{name}.bak"), ".tmp-"));
        }
    }

    #[test]
    fn a_file_that_has_the_temporary_files_name_is_never_written_over() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("notes.json");
        let (temporary, backup_link) = temporaries(&path);
        fs::write(&temporary, "someone's own file").unwrap();
        fs::write(&backup_link, "another").unwrap();
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new", true, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "old");
        assert_eq!(
            fs::read_to_string(&temporary).unwrap(),
            "someone's own file"
        );
        assert_eq!(fs::read_to_string(&backup_link).unwrap(), "another");
        // And a write that fails removes only its own temporary file.
        let failed = write_atomically(&path, b"newer", true, Some((Step::Sync, ErrorKind::Other)));
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(&temporary).unwrap(),
            "someone's own file"
        );
        assert_eq!(listing(dir.path()).len(), 4);
    }
}
