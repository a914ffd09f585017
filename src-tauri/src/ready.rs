//! Tells a waiting benchmark that the window is interactive.
//!
//! When `ESCALATOR_READY_FILE` names a file, the first `mark_interactive` call writes the
//! time since process start into it. Without the variable this does nothing: it is a
//! measuring aid, not a feature.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug)]
pub struct ReadySignal {
    started: Instant,
    file: Mutex<Option<PathBuf>>,
}

impl ReadySignal {
    pub fn from_env(started: Instant) -> Self {
        Self {
            started,
            file: Mutex::new(std::env::var_os("ESCALATOR_READY_FILE").map(PathBuf::from)),
        }
    }

    pub fn mark(&self) {
        let elapsed = self.started.elapsed();
        tracing::info!(elapsed_ms = elapsed.as_millis(), "window interactive");
        // take(): only the first call counts, later navigations must not move the figure.
        let file = self.file.lock().ok().and_then(|mut f| f.take());
        if let Some(file) = file
            && let Err(err) = std::fs::write(&file, format!("{}\n", elapsed.as_micros()))
        {
            tracing::warn!(path = %file.display(), error = %err, "cannot write the ready file");
        }
    }
}
