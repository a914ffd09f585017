//! Vendor playbooks in effect: the built-in ones, replaced or joined by the user's edited
//! copies from Settings. A copy that does not parse or validate is kept for the user to fix
//! and reported beside its vendor; the built-in playbook stays in effect meanwhile, so an
//! edit can never break the app.

use escalator_core::VendorCatalogue;
use escalator_core::playbook::{self, Playbook};
use escalator_store::Store;
use serde::Serialize;

use crate::{ApiError, App, ErrorCode};

/// Where the playbook in effect for a vendor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PlaybookOrigin {
    BuiltIn,
    /// The user's copy of a built-in playbook.
    Edited,
    /// A vendor the user added.
    Added,
}

/// One vendor's playbook as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlaybookEntry {
    pub id: String,
    pub name: String,
    pub origin: PlaybookOrigin,
    /// The TOML text to edit: the user's copy if there is one, else the shipped file.
    pub text: String,
    /// Why the user's copy is not in effect, when it is not.
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct PlaybookSet {
    pub(crate) playbooks: Vec<Playbook>,
    pub(crate) catalogue: VendorCatalogue,
    entries: Vec<PlaybookEntry>,
}

impl PlaybookSet {
    pub(crate) fn built_in() -> Self {
        Self::build(Vec::new())
    }

    /// The built-in playbooks with the user's copies from `store` applied.
    pub(crate) fn load(store: &Store) -> Self {
        match store.user_playbooks() {
            Ok(docs) => Self::build(docs.into_iter().map(|d| (d.id, d.body)).collect()),
            Err(err) => {
                tracing::error!(error = %err, "user playbooks could not be read; using built-in ones");
                Self::built_in()
            }
        }
    }

    fn build(user_copies: Vec<(String, String)>) -> Self {
        let mut playbooks = Vec::new();
        let mut entries = Vec::new();
        for (file, text) in playbook::built_in_files() {
            match Playbook::parse_file(file, text) {
                Ok(parsed) => {
                    entries.push(PlaybookEntry {
                        id: parsed.id.clone(),
                        name: parsed.name.clone(),
                        origin: PlaybookOrigin::BuiltIn,
                        text: (*text).to_owned(),
                        problem: None,
                    });
                    playbooks.push(parsed);
                }
                // A shipped file is tested in core; if one fails anyway, the others work.
                Err(err) => tracing::error!(file, error = %err, "built-in playbook rejected"),
            }
        }
        for (vendor_id, text) in user_copies {
            let existing = entries.iter().position(|e| e.id == vendor_id);
            let parsed = Playbook::parse(&text)
                .map_err(|err| err.to_string())
                .and_then(|p| {
                    if p.id == vendor_id {
                        Ok(p)
                    } else {
                        Err(format!("id: was \"{vendor_id}\" when saved"))
                    }
                });
            match (parsed, existing) {
                (Ok(parsed), Some(index)) => {
                    if let (Some(entry), Some(slot)) = (
                        entries.get_mut(index),
                        playbooks.iter_mut().find(|p| p.id == vendor_id),
                    ) {
                        entry.origin = PlaybookOrigin::Edited;
                        entry.name.clone_from(&parsed.name);
                        entry.text = text;
                        *slot = parsed;
                    }
                }
                (Ok(parsed), None) => {
                    entries.push(PlaybookEntry {
                        id: parsed.id.clone(),
                        name: parsed.name.clone(),
                        origin: PlaybookOrigin::Added,
                        text,
                        problem: None,
                    });
                    playbooks.push(parsed);
                }
                (Err(err), Some(index)) => {
                    if let Some(entry) = entries.get_mut(index) {
                        entry.origin = PlaybookOrigin::Edited;
                        entry.text = text;
                        entry.problem = Some(format!(
                            "Your copy is not in effect, the built-in playbook is: {err}"
                        ));
                    }
                }
                (Err(err), None) => entries.push(PlaybookEntry {
                    id: vendor_id.clone(),
                    name: vendor_id,
                    origin: PlaybookOrigin::Added,
                    text,
                    problem: Some(format!("This playbook is not in effect: {err}")),
                }),
            }
        }
        let catalogue =
            VendorCatalogue::from_vendors(playbooks.iter().map(Playbook::vendor).collect());
        Self {
            playbooks,
            catalogue,
            entries,
        }
    }

    pub(crate) fn get(&self, vendor_id: &str) -> Option<&Playbook> {
        self.playbooks.iter().find(|p| p.id == vendor_id)
    }
}

impl App {
    pub fn list_playbooks(&self) -> Vec<PlaybookEntry> {
        self.playbook_set().entries.clone()
    }

    pub fn get_playbook(&self, vendor_id: &str) -> Result<Playbook, ApiError> {
        self.playbook_set().get(vendor_id).cloned().ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "Escalator has no playbook for this vendor.",
            )
        })
    }

    /// Saves the user's playbook text after checking it; a playbook with a built-in id
    /// replaces that vendor's, any other id adds a vendor. Nothing is saved if it does not
    /// pass, and the message names the line's field.
    pub fn save_playbook(&self, text: &str) -> Result<PlaybookEntry, ApiError> {
        let parsed =
            Playbook::parse(text).map_err(|err| ApiError::field("text", err.to_string()))?;
        let mut store = self.store()?;
        store.save_user_playbook(&parsed.id, text, self.clock.now())?;
        let set = PlaybookSet::load(&store);
        drop(store);
        let entry = set
            .entries
            .iter()
            .find(|e| e.id == parsed.id)
            .cloned()
            .ok_or_else(|| ApiError::internal("the saved playbook is missing"))?;
        self.replace_playbooks(set);
        tracing::info!(vendor = %parsed.id, "playbook saved");
        Ok(entry)
    }

    /// Drops the user's copy: a built-in vendor goes back to the shipped playbook, an added
    /// vendor disappears from the choices (its SRs keep their vendor id and plain labels).
    pub fn reset_playbook(&self, vendor_id: &str) -> Result<Vec<PlaybookEntry>, ApiError> {
        let mut store = self.store()?;
        if !store.delete_user_playbook(vendor_id)? {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "There is no edited copy of this playbook to reset.",
            ));
        }
        let set = PlaybookSet::load(&store);
        drop(store);
        let entries = set.entries.clone();
        self.replace_playbooks(set);
        Ok(entries)
    }
}
