//! The user's profile (name on events, organisation, region, time zone) and the stamp every
//! change is written with.

use escalator_core::escalation_record::Stamp;
use escalator_core::profile::Profile;

use crate::{ApiError, App};

const PROFILE_KEY: &str = "profile";

impl App {
    /// The saved profile, or the defaults before the user has saved one. A stored profile
    /// that no longer reads (edited by hand) falls back to the defaults and is logged.
    pub fn get_profile(&self) -> Result<Profile, ApiError> {
        let stored = self.store()?.setting(PROFILE_KEY)?;
        Ok(stored
            .and_then(|json| match serde_json::from_str::<Profile>(&json) {
                Ok(profile) => Some(profile),
                Err(err) => {
                    tracing::warn!(error = %err, "stored profile unreadable; using defaults");
                    None
                }
            })
            .unwrap_or_default())
    }

    pub fn save_profile(&self, input: Profile) -> Result<Profile, ApiError> {
        let profile = input.validate()?;
        let json = serde_json::to_string(&profile)
            .map_err(|err| ApiError::internal(format!("profile not serialisable: {err}")))?;
        self.store()?.set_setting(PROFILE_KEY, &json)?;
        Ok(profile)
    }

    /// Now, in the user's zone, by the user: what each change is recorded with.
    pub(crate) fn stamp(&self) -> Result<(Stamp, Profile), ApiError> {
        let profile = self.get_profile()?;
        let stamp = Stamp {
            at: self.clock.now(),
            zone: profile.time_zone.clone(),
            actor: profile.actor().to_owned(),
        };
        Ok((stamp, profile))
    }
}
