//! The vendors Escalator knows and how each one names its severity levels.
//!
//! This is the built-in catalogue the first release ships with; vendor playbooks as editable
//! data files (phone numbers, escalation roles, channels) replace it in a later release. It
//! deliberately holds only facts that every vendor's public support policy states: the name
//! and the four severity labels, so a user sees the words their vendor uses.

use serde::Serialize;

/// One severity level as the vendor words it. `level` is always 1 (most severe) to 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SeverityLevel {
    pub level: u8,
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Vendor {
    /// Stable key stored with each support request; never shown to the user.
    pub id: String,
    pub name: String,
    pub severities: Vec<SeverityLevel>,
}

impl Vendor {
    pub fn severity(&self, level: u8) -> Option<&SeverityLevel> {
        self.severities.iter().find(|s| s.level == level)
    }
}

/// The vendors a user can choose from, in the order the UI lists them.
#[derive(Debug, Clone)]
pub struct VendorCatalogue {
    vendors: Vec<Vendor>,
}

impl VendorCatalogue {
    /// The catalogue shipped with the app.
    pub fn built_in() -> Self {
        let vendors = BUILT_IN
            .iter()
            .map(|(id, name, levels)| Vendor {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                severities: (1u8..)
                    .zip(levels.iter())
                    .map(|(level, (label, description))| SeverityLevel {
                        level,
                        label: (*label).to_owned(),
                        description: (*description).to_owned(),
                    })
                    .collect(),
            })
            .collect();
        Self { vendors }
    }

    /// A catalogue of the given vendors, e.g. from the playbooks in effect.
    pub fn from_vendors(vendors: Vec<Vendor>) -> Self {
        Self { vendors }
    }

    pub fn vendors(&self) -> &[Vendor] {
        &self.vendors
    }

    pub fn get(&self, id: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id == id)
    }
}

type Levels = [(&'static str, &'static str); 4];

// Labels and one-line descriptions follow each vendor's published severity definitions.
const BUILT_IN: &[(&str, &str, Levels)] = &[
    (
        "vmware",
        "VMware by Broadcom",
        [
            (
                "Severity 1 (Critical)",
                "Production server or environment down or severely impacted; no workaround.",
            ),
            (
                "Severity 2 (Major)",
                "Major functionality severely impaired; operations continue in a restricted way.",
            ),
            (
                "Severity 3 (Minor)",
                "Partial, non-critical loss of functionality.",
            ),
            (
                "Severity 4 (Cosmetic)",
                "General usage question, documentation error or feature request.",
            ),
        ],
    ),
    (
        "redhat",
        "Red Hat",
        [
            (
                "Severity 1 (Urgent)",
                "Severely impacts production use; operations cannot reasonably continue.",
            ),
            (
                "Severity 2 (High)",
                "Production use functional but severely reduced; no workaround.",
            ),
            (
                "Severity 3 (Normal)",
                "Partial, non-critical loss of use; operations continue.",
            ),
            (
                "Severity 4 (Low)",
                "General question, documentation or enhancement request.",
            ),
        ],
    ),
    (
        "oracle",
        "Oracle",
        [
            (
                "Severity 1 (Critical outage)",
                "Production use stopped or so severely impacted you cannot reasonably continue.",
            ),
            (
                "Severity 2 (Significant impact)",
                "Severe loss of service; no acceptable workaround.",
            ),
            (
                "Severity 3 (Standard)",
                "Minor loss of service; the impact is an inconvenience.",
            ),
            (
                "Severity 4 (Minimal impact)",
                "Request for information, enhancement or documentation clarification.",
            ),
        ],
    ),
    (
        "cisco",
        "Cisco",
        [
            (
                "S1 (Network down)",
                "Network or environment down, or critical impact to business operations.",
            ),
            (
                "S2 (Severely degraded)",
                "Operation severely degraded or significantly impaired.",
            ),
            (
                "S3 (Impaired)",
                "Operational performance impaired; most operations remain functional.",
            ),
            (
                "S4 (Ask a question)",
                "Information or help on capabilities, installation or configuration.",
            ),
        ],
    ),
    (
        "microsoft",
        "Microsoft",
        [
            (
                "Severity 1 (Critical situation)",
                "Business-critical system down with critical business impact.",
            ),
            (
                "Severity A (Critical)",
                "Critical business impact; needs attention within an hour.",
            ),
            (
                "Severity B (Moderate)",
                "Moderate business impact; needs attention within hours.",
            ),
            (
                "Severity C (Minimal)",
                "Minimal business impact; substantially functioning with minor impediments.",
            ),
        ],
    ),
    (
        "google-cloud",
        "Google Cloud",
        [
            ("P1 (Critical impact)", "Service unusable in production."),
            ("P2 (High impact)", "Service use severely impaired."),
            ("P3 (Medium impact)", "Service use partially impaired."),
            ("P4 (Low impact)", "Service fully usable; general question."),
        ],
    ),
    (
        "other",
        "Other vendor",
        [
            (
                "Severity 1 (Critical)",
                "Production down or critical business impact.",
            ),
            (
                "Severity 2 (High)",
                "Serious degradation; no acceptable workaround.",
            ),
            (
                "Severity 3 (Medium)",
                "Partial loss of function; workaround exists.",
            ),
            (
                "Severity 4 (Low)",
                "Question or request; little business impact.",
            ),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_names_four_levels_from_one_to_four() {
        let catalogue = VendorCatalogue::built_in();
        assert!(catalogue.vendors().len() >= 7);
        for vendor in catalogue.vendors() {
            let levels: Vec<u8> = vendor.severities.iter().map(|s| s.level).collect();
            assert_eq!(levels, [1, 2, 3, 4], "{}", vendor.id);
            assert!(vendor.severities.iter().all(|s| !s.label.is_empty()));
        }
    }

    #[test]
    fn vmware_uses_its_own_words() {
        let catalogue = VendorCatalogue::built_in();
        let vmware = catalogue.get("vmware").unwrap();
        assert_eq!(vmware.severity(1).unwrap().label, "Severity 1 (Critical)");
        assert!(catalogue.get("nope").is_none());
    }
}
