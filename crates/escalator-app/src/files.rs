//! Writing a file the user asked for (a calendar invite, a report): new files into a folder
//! the shell chose, without ever overwriting an earlier one, or a file the user picked in a
//! save dialog, replaced whole.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ApiError;
use crate::error::ErrorCode;

/// How many numbered names ("call (2).ics") are tried before giving up.
const MAX_NUMBERED_NAMES: u32 = 1000;

/// Writes `content` to `folder/name`, or `folder/stem (2).ext` and so on when taken. The
/// file is created exclusively, so two exports at once cannot clobber each other.
pub(crate) fn write_new(folder: &Path, name: &str, content: &[u8]) -> Result<PathBuf, ApiError> {
    std::fs::create_dir_all(folder).map_err(|err| cannot_write(folder, &err))?;
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    for number in 1..=MAX_NUMBERED_NAMES {
        let candidate = if number == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem} ({number}){extension}"))
        };
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut file) => {
                if let Err(err) = file.write_all(content).and_then(|()| file.sync_all()) {
                    // A half-written file (a full disk) would look like a finished export.
                    drop(file);
                    let _ = std::fs::remove_file(&candidate);
                    return Err(cannot_write(&candidate, &err));
                }
                return Ok(candidate);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(cannot_write(&candidate, &err)),
        }
    }
    Err(ApiError::new(
        ErrorCode::Storage,
        format!(
            "{} already holds {MAX_NUMBERED_NAMES} files named like {name}; tidy it up and try again.",
            folder.display()
        ),
    ))
}

/// Replaces `path` with `content` as a whole: written beside it under a temporary name,
/// synced, then renamed over it, so a crash or a full disk leaves the old file or none, never
/// half a report. For files the user chose in a save dialog, which already confirmed any
/// overwrite.
pub(crate) fn replace(path: &Path, content: &[u8]) -> Result<(), ApiError> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ApiError::new(
            ErrorCode::Validation,
            format!("The folder {} does not exist.", folder.display()),
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| ApiError::new(ErrorCode::Validation, "Choose a file name to save to."))?;
    let temporary = folder.join(format!(".{}.partial", name.to_string_lossy()));
    let written = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(content).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(cannot_write(path, &err));
    }
    Ok(())
}

fn cannot_write(path: &Path, err: &std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Storage,
        format!("Could not write {}: {err}.", path.display()),
    )
}
