//! Vendor playbooks: how one vendor wants to be escalated to, as data rather than code.
//!
//! A playbook holds a vendor's four severity levels, its support phone numbers by region,
//! the escalation roles and channels in the order a customer uses them, when the vendor
//! recommends the phone, whether it is a TSANet member, what it needs before an escalation
//! is closed, and a short script the user reads out or pastes when escalating. Every fact
//! carries the public source it came from, so a user can check it and a wrong fact can be
//! traced.
//!
//! Playbooks are TOML files. The built-in ones are compiled in with `include_str!`; a user
//! edits a copy in Settings, and that copy comes back here as text. So this module parses
//! and checks text only and never panics on it: whatever a user typed gets an error that
//! names the field and says what to change.
//!
//! It deliberately does not read or write files, pick which copy of a playbook wins, place
//! calls or send the script anywhere: the app and store layers do that. Nor does it hold
//! rules of the escalation lifecycle; those stay in code where they can be tested.

use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize};

use crate::vendor::{SeverityLevel, Vendor};

/// Largest playbook text accepted, so a pasted or corrupted file cannot make parsing slow.
/// The built-in files are 2 to 4 KiB.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// Longest identifier; it is stored with every support request.
pub const MAX_ID_CHARS: usize = 64;
/// Longest name, label or role: these are shown in lists and buttons.
pub const MAX_SHORT_CHARS: usize = 200;
/// Longest description, note, source or rule.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest escalation script; a script longer than this is no longer something to read out.
pub const MAX_SCRIPT_CHARS: usize = 4_000;
/// Longest phone number, letters and punctuation included.
pub const MAX_PHONE_CHARS: usize = 40;
/// Most entries in any one list (phones, channels, closure rules).
pub const MAX_LIST_ENTRIES: usize = 50;
/// What a rendered script shows where a fact is not known yet, so a gap is visible before
/// the text is pasted to the vendor.
pub const NOT_SET: &str = "(not set)";

/// The placeholders an escalation script may use, written `{name}` in the script.
pub const PLACEHOLDERS: [&str; 5] = [
    "sr_number",
    "problem_statement",
    "business_impact",
    "milestone",
    "customer_name",
];

/// The built-in playbooks, in the order the UI lists vendors, with the file name each was
/// shipped as (used in error messages and when the app writes an editable copy).
const BUILT_IN_FILES: [(&str, &str); 7] = [
    ("vmware.toml", include_str!("../playbooks/vmware.toml")),
    ("redhat.toml", include_str!("../playbooks/redhat.toml")),
    ("oracle.toml", include_str!("../playbooks/oracle.toml")),
    ("cisco.toml", include_str!("../playbooks/cisco.toml")),
    (
        "microsoft.toml",
        include_str!("../playbooks/microsoft.toml"),
    ),
    (
        "google-cloud.toml",
        include_str!("../playbooks/google-cloud.toml"),
    ),
    ("other.toml", include_str!("../playbooks/other.toml")),
];

/// The built-in playbook files as shipped: `(file name, TOML text)`.
pub fn built_in_files() -> &'static [(&'static str, &'static str)] {
    &BUILT_IN_FILES
}

/// Parses and checks every built-in playbook. A built-in file that fails is a bug in this
/// crate; the error names the file rather than panicking so the app can still start.
pub fn built_in() -> Result<Vec<Playbook>, PlaybookError> {
    BUILT_IN_FILES
        .iter()
        .map(|(file, text)| Playbook::parse_file(file, text))
        .collect()
}

/// Where a support phone number serves. Vendors publish numbers per region; `Global` is the
/// number to fall back on from anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub enum Region {
    #[serde(rename = "Americas")]
    Americas,
    #[serde(rename = "EMEA")]
    Emea,
    #[serde(rename = "APJ")]
    Apj,
    #[serde(rename = "Global")]
    Global,
}

impl Region {
    pub const ALL: [Region; 4] = [Region::Americas, Region::Emea, Region::Apj, Region::Global];

    /// The name as written in playbook files and shown to the user.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Americas => "Americas",
            Region::Emea => "EMEA",
            Region::Apj => "APJ",
            Region::Global => "Global",
        }
    }

    /// Reads a region name without regard to case or surrounding spaces.
    pub fn from_name(name: &str) -> Option<Region> {
        let name = name.trim();
        Region::ALL
            .into_iter()
            .find(|region| region.as_str().eq_ignore_ascii_case(name))
    }
}

/// How an escalation channel is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ContactMethod {
    Phone,
    Portal,
    Email,
    Comment,
    Api,
}

/// A situation for which the vendor recommends calling rather than writing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
pub enum PhoneRecommendation {
    #[serde(rename = "severity_1")]
    Severity1,
    #[serde(rename = "severity_2")]
    Severity2,
    #[serde(rename = "severity_3")]
    Severity3,
    #[serde(rename = "severity_4")]
    Severity4,
    #[serde(rename = "escalation")]
    Escalation,
}

impl PhoneRecommendation {
    /// The name as written in playbook files.
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneRecommendation::Severity1 => "severity_1",
            PhoneRecommendation::Severity2 => "severity_2",
            PhoneRecommendation::Severity3 => "severity_3",
            PhoneRecommendation::Severity4 => "severity_4",
            PhoneRecommendation::Escalation => "escalation",
        }
    }
}

/// One published support phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Phone {
    pub region: Region,
    /// As the vendor writes it, letters included (1-877-4VMware), so it matches their page.
    pub number: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub source: String,
}

/// One step of the vendor's escalation path: who to go to, how, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EscalationChannel {
    pub role: String,
    pub how: ContactMethod,
    pub when: String,
    #[serde(default)]
    pub source: String,
}

/// A vendor's playbook, checked: only `Playbook::parse` and a successful `validate` vouch
/// for one. Empty strings mean "not published" or "not known"; they are never guesses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Playbook {
    /// Stable key, the same as the vendor id stored with each support request.
    pub id: String,
    pub name: String,
    /// Where support requests are filed; https only, empty when there is none.
    pub portal_url: String,
    pub portal_source: String,
    /// Levels 1 (most severe) to 4, each once, in that order.
    // The vendor catalogue's type has no `Deserialize`; this reads the same shape.
    #[serde(deserialize_with = "deserialize_severities")]
    #[specta(type = Vec<SeverityLevel>)]
    pub severities: Vec<SeverityLevel>,
    pub severities_source: String,
    pub phones: Vec<Phone>,
    /// In the order the vendor wants them used.
    pub escalation_channels: Vec<EscalationChannel>,
    pub phone_recommended_for: Vec<PhoneRecommendation>,
    pub phone_recommended_source: String,
    /// `None` when the vendor's membership could not be confirmed from a public source.
    pub tsanet_member: Option<bool>,
    pub tsanet_source: String,
    /// What has to be true before the vendor de-escalates or closes an escalation.
    pub closure_rules: Vec<String>,
    pub closure_source: String,
    /// Text with `{placeholder}`s from [`PLACEHOLDERS`]; see [`Playbook::render_script`].
    pub escalation_script: String,
}

/// The facts an escalation script is filled with. `None` or blank shows as [`NOT_SET`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScriptFacts {
    pub sr_number: Option<String>,
    pub problem_statement: Option<String>,
    pub business_impact: Option<String>,
    pub milestone: Option<String>,
    pub customer_name: Option<String>,
}

impl ScriptFacts {
    fn value(&self, placeholder: &str) -> Option<&str> {
        let value = match placeholder {
            "sr_number" => &self.sr_number,
            "problem_statement" => &self.problem_statement,
            "business_impact" => &self.business_impact,
            "milestone" => &self.milestone,
            "customer_name" => &self.customer_name,
            _ => &None,
        };
        value
            .as_deref()
            .map(str::trim)
            .filter(|value| !value.is_empty())
    }
}

/// Why a playbook was rejected. Each message names the field as it is written in the file
/// (list entries counted from 1, in file order) and says what to change, because a user
/// fixes these in a text editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaybookError {
    #[error("{file}: {error}")]
    InFile {
        file: String,
        error: Box<PlaybookError>,
    },
    #[error("the playbook is {bytes} bytes long; at most {max} bytes are allowed")]
    FileTooLarge { bytes: usize, max: usize },
    /// The text is not TOML, or not a playbook's shape (a missing or unknown key, a wrong
    /// type). `line` and `column` count from 1 and come from the position the TOML parser
    /// reported.
    #[error("{}", describe_toml_error(*.line, *.column, .message))]
    Toml {
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    #[error("{field}: must not be empty")]
    Empty { field: String },
    #[error("{field}: is {chars} characters long; at most {max} are allowed")]
    TooLong {
        field: String,
        chars: usize,
        max: usize,
    },
    #[error("{field}: has {count} entries; at most {max} are allowed")]
    TooMany {
        field: String,
        count: usize,
        max: usize,
    },
    #[error("{field}: contains a control character; use plain text")]
    ControlCharacter { field: String },
    #[error("id: \"{id}\" is not allowed: use 1 to 64 lowercase letters a-z, digits 0-9 and '-'")]
    BadId { id: String },
    #[error("severity level {level} is not allowed: levels are 1 to 4")]
    LevelOutOfRange { level: i64 },
    #[error("severity level {level} appears more than once: each level 1 to 4 appears once")]
    DuplicateLevel { level: u8 },
    #[error("severity level {level} is missing: levels 1 to 4 must each appear once")]
    MissingLevel { level: u8 },
    #[error(
        "{field}: \"{number}\" is not a phone number: use digits, letters, spaces and + ( ) - . only"
    )]
    BadPhoneNumber { field: String, number: String },
    #[error("{field}: \"{url}\" is not allowed: links must start with https://")]
    NotHttps { field: String, url: String },
    #[error(
        "{field}: {{{name}}} is not a known placeholder; use {{sr_number}}, {{problem_statement}}, {{business_impact}}, {{milestone}} or {{customer_name}}"
    )]
    UnknownPlaceholder { field: String, name: String },
    #[error(
        "{field}: a '{{' or '}}' is not part of a placeholder; braces are only for placeholders such as {{sr_number}}"
    )]
    UnmatchedBrace { field: String },
    #[error("{field}: \"{value}\" is listed more than once")]
    Duplicate { field: String, value: String },
}

impl PlaybookError {
    /// The same error, said to be in `file`, for messages about a file on disk.
    pub fn in_file(self, file: &str) -> PlaybookError {
        PlaybookError::InFile {
            file: file.to_owned(),
            error: Box::new(self),
        }
    }
}

fn describe_toml_error(line: Option<usize>, column: Option<usize>, message: &str) -> String {
    let message = message.trim();
    match (line, column) {
        (Some(line), Some(column)) => {
            format!("the file is not a valid playbook at line {line}, column {column}: {message}")
        }
        _ => format!("the file is not a valid playbook: {message}"),
    }
}

impl Playbook {
    /// Reads a playbook from TOML text and checks it (see [`Playbook::validate`]).
    pub fn parse(toml_text: &str) -> Result<Playbook, PlaybookError> {
        if toml_text.len() > MAX_FILE_BYTES {
            return Err(PlaybookError::FileTooLarge {
                bytes: toml_text.len(),
                max: MAX_FILE_BYTES,
            });
        }
        // Editors on Windows may save a byte-order mark; it is not part of the content.
        let text = toml_text.strip_prefix('\u{feff}').unwrap_or(toml_text);
        let file: PlaybookFile = toml::from_str(text).map_err(|error| toml_error(text, &error))?;
        let playbook = file.into_playbook()?;
        playbook.validate()?;
        Ok(playbook)
    }

    /// [`Playbook::parse`], with `file_name` put in front of any error message.
    pub fn parse_file(file_name: &str, toml_text: &str) -> Result<Playbook, PlaybookError> {
        Playbook::parse(toml_text).map_err(|error| error.in_file(file_name))
    }

    /// Checks every rule a playbook must meet and returns the first problem in file order.
    pub fn validate(&self) -> Result<(), PlaybookError> {
        check_id(&self.id)?;
        check_text("name", &self.name, Need::Required, MAX_SHORT_CHARS)?;
        check_url("portal_url", &self.portal_url)?;
        check_text(
            "portal_source",
            &self.portal_source,
            Need::Optional,
            MAX_TEXT_CHARS,
        )?;

        check_levels(self.severities.iter().map(|s| i64::from(s.level)))?;
        for (index, severity) in self.severities.iter().enumerate() {
            let entry = format!("severities[{}]", index + 1);
            check_text(
                &format!("{entry}.label"),
                &severity.label,
                Need::Required,
                MAX_SHORT_CHARS,
            )?;
            check_text(
                &format!("{entry}.description"),
                &severity.description,
                Need::Required,
                MAX_TEXT_CHARS,
            )?;
        }
        check_text(
            "severities_source",
            &self.severities_source,
            Need::Optional,
            MAX_TEXT_CHARS,
        )?;

        check_count("phones", self.phones.len())?;
        for (index, phone) in self.phones.iter().enumerate() {
            let entry = format!("phones[{}]", index + 1);
            check_phone(&format!("{entry}.number"), &phone.number)?;
            check_text(
                &format!("{entry}.note"),
                &phone.note,
                Need::Optional,
                MAX_TEXT_CHARS,
            )?;
            check_text(
                &format!("{entry}.source"),
                &phone.source,
                Need::Optional,
                MAX_TEXT_CHARS,
            )?;
        }

        check_count("escalation_channels", self.escalation_channels.len())?;
        for (index, channel) in self.escalation_channels.iter().enumerate() {
            let entry = format!("escalation_channels[{}]", index + 1);
            check_text(
                &format!("{entry}.role"),
                &channel.role,
                Need::Required,
                MAX_SHORT_CHARS,
            )?;
            check_text(
                &format!("{entry}.when"),
                &channel.when,
                Need::Required,
                MAX_TEXT_CHARS,
            )?;
            check_text(
                &format!("{entry}.source"),
                &channel.source,
                Need::Optional,
                MAX_TEXT_CHARS,
            )?;
        }

        let mut seen = BTreeSet::new();
        for recommendation in &self.phone_recommended_for {
            if !seen.insert(*recommendation) {
                return Err(PlaybookError::Duplicate {
                    field: "phone_recommended_for".to_owned(),
                    value: recommendation.as_str().to_owned(),
                });
            }
        }
        check_text(
            "phone_recommended_source",
            &self.phone_recommended_source,
            Need::Optional,
            MAX_TEXT_CHARS,
        )?;
        check_text(
            "tsanet_source",
            &self.tsanet_source,
            Need::Optional,
            MAX_TEXT_CHARS,
        )?;

        check_count("closure_rules", self.closure_rules.len())?;
        for (index, rule) in self.closure_rules.iter().enumerate() {
            check_text(
                &format!("closure_rules[{}]", index + 1),
                rule,
                Need::Required,
                MAX_TEXT_CHARS,
            )?;
        }
        check_text(
            "closure_source",
            &self.closure_source,
            Need::Optional,
            MAX_TEXT_CHARS,
        )?;

        check_script("escalation_script", &self.escalation_script)
    }

    /// The escalation script with its placeholders filled from `facts`. A fact that is
    /// missing or blank shows as [`NOT_SET`]. Facts are inserted as they are and never
    /// expanded again, so a `{…}` typed into a problem statement stays text.
    pub fn render_script(&self, facts: &ScriptFacts) -> String {
        let mut out = String::with_capacity(self.escalation_script.len() + 256);
        let mut rest = self.escalation_script.as_str();
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            match after.split_once('}') {
                Some((name, tail)) if !name.contains('{') => {
                    if PLACEHOLDERS.contains(&name) {
                        out.push_str(facts.value(name).unwrap_or(NOT_SET));
                    } else {
                        // Only an unvalidated playbook gets here: show the word, not a
                        // template fragment the vendor would not understand.
                        out.push_str(name);
                    }
                    rest = tail;
                }
                // A brace that opens nothing is dropped, so no `{` reaches the vendor.
                _ => rest = after,
            }
        }
        out.push_str(rest);
        out
    }

    /// The number to call from `region` ("Americas", "EMEA", "APJ", "Global", any case),
    /// falling back to the vendor's global number; `None` when neither is published.
    pub fn phone_for(&self, region: &str) -> Option<&Phone> {
        Region::from_name(region)
            .and_then(|wanted| self.phones.iter().find(|phone| phone.region == wanted))
            .or_else(|| {
                self.phones
                    .iter()
                    .find(|phone| phone.region == Region::Global)
            })
    }

    /// The severity level's wording, if the playbook defines that level.
    pub fn severity(&self, level: u8) -> Option<&SeverityLevel> {
        self.severities.iter().find(|s| s.level == level)
    }

    /// The vendor as the support-request forms know it: id, name and severity wording.
    pub fn vendor(&self) -> Vendor {
        Vendor {
            id: self.id.clone(),
            name: self.name.clone(),
            severities: self.severities.clone(),
        }
    }
}

/// The file's shape. Kept apart from [`Playbook`] because the file uses snake_case keys
/// while the UI uses camelCase, and so that an unknown key (a typo) is an error that names
/// it instead of a setting silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaybookFile {
    id: String,
    name: String,
    #[serde(default)]
    portal_url: String,
    #[serde(default)]
    portal_source: String,
    severities: Vec<SeverityFile>,
    #[serde(default)]
    severities_source: String,
    #[serde(default)]
    phones: Vec<Phone>,
    #[serde(default)]
    escalation_channels: Vec<EscalationChannel>,
    #[serde(default)]
    phone_recommended_for: Vec<PhoneRecommendation>,
    #[serde(default)]
    phone_recommended_source: String,
    #[serde(default)]
    tsanet_member: Option<bool>,
    #[serde(default)]
    tsanet_source: String,
    #[serde(default)]
    closure_rules: Vec<String>,
    #[serde(default)]
    closure_source: String,
    escalation_script: String,
}

/// A level as written in the file: read as any integer so that `level = 5` or `level = -1`
/// gets the severity message rather than a type error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeverityFile {
    #[serde(deserialize_with = "deserialize_level")]
    level: i64,
    label: String,
    description: String,
}

impl PlaybookFile {
    fn into_playbook(self) -> Result<Playbook, PlaybookError> {
        check_levels(self.severities.iter().map(|s| s.level))?;
        let mut severities = self
            .severities
            .into_iter()
            .map(|s| {
                let level = u8::try_from(s.level)
                    .map_err(|_| PlaybookError::LevelOutOfRange { level: s.level })?;
                Ok(SeverityLevel {
                    level,
                    label: s.label,
                    description: s.description,
                })
            })
            .collect::<Result<Vec<_>, PlaybookError>>()?;
        // Files may list levels in any order; everything downstream expects 1 to 4.
        severities.sort_by_key(|s| s.level);
        Ok(Playbook {
            id: self.id,
            name: self.name,
            portal_url: self.portal_url,
            portal_source: self.portal_source,
            severities,
            severities_source: self.severities_source,
            phones: self.phones,
            escalation_channels: self.escalation_channels,
            phone_recommended_for: self.phone_recommended_for,
            phone_recommended_source: self.phone_recommended_source,
            tsanet_member: self.tsanet_member,
            tsanet_source: self.tsanet_source,
            closure_rules: self.closure_rules,
            closure_source: self.closure_source,
            escalation_script: self.escalation_script,
        })
    }
}

/// Reads a level as any integer, and names what was expected in words a user editing the
/// file understands ("a severity level from 1 to 4" rather than "i64").
fn deserialize_level<'de, D>(deserializer: D) -> Result<i64, D::Error>
where
    D: Deserializer<'de>,
{
    struct LevelVisitor;

    impl serde::de::Visitor<'_> for LevelVisitor {
        type Value = i64;

        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("a severity level from 1 to 4")
        }

        fn visit_i64<E: serde::de::Error>(self, level: i64) -> Result<i64, E> {
            Ok(level)
        }

        fn visit_u64<E: serde::de::Error>(self, level: u64) -> Result<i64, E> {
            // Anything this large is out of range anyway; the range check says so.
            Ok(i64::try_from(level).unwrap_or(i64::MAX))
        }
    }

    deserializer.deserialize_i64(LevelVisitor)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeverityLevelWire {
    level: u8,
    label: String,
    description: String,
}

fn deserialize_severities<'de, D>(deserializer: D) -> Result<Vec<SeverityLevel>, D::Error>
where
    D: Deserializer<'de>,
{
    let wire = Vec::<SeverityLevelWire>::deserialize(deserializer)?;
    Ok(wire
        .into_iter()
        .map(|s| SeverityLevel {
            level: s.level,
            label: s.label,
            description: s.description,
        })
        .collect())
}

fn toml_error(text: &str, error: &toml::de::Error) -> PlaybookError {
    let position = error
        .span()
        .and_then(|span| text.get(..span.start))
        .map(|before| {
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
            (line, column)
        });
    PlaybookError::Toml {
        line: position.map(|(line, _)| line),
        column: position.map(|(_, column)| column),
        message: error.message().to_owned(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}

fn check_levels(levels: impl Iterator<Item = i64>) -> Result<(), PlaybookError> {
    let mut seen = [false; 4];
    for level in levels {
        let slot = usize::try_from(level)
            .ok()
            .and_then(|level| level.checked_sub(1))
            .and_then(|index| seen.get_mut(index))
            .ok_or(PlaybookError::LevelOutOfRange { level })?;
        if *slot {
            return Err(PlaybookError::DuplicateLevel {
                level: u8::try_from(level).unwrap_or(u8::MAX),
            });
        }
        *slot = true;
    }
    match (1u8..).zip(seen).find(|(_, present)| !present) {
        Some((level, _)) => Err(PlaybookError::MissingLevel { level }),
        None => Ok(()),
    }
}

fn check_count(field: &str, count: usize) -> Result<(), PlaybookError> {
    if count > MAX_LIST_ENTRIES {
        return Err(PlaybookError::TooMany {
            field: field.to_owned(),
            count,
            max: MAX_LIST_ENTRIES,
        });
    }
    Ok(())
}

/// Single-line text: no control characters at all, so nothing can break a list row or
/// smuggle terminal escapes into an export.
fn check_text(field: &str, value: &str, need: Need, max: usize) -> Result<(), PlaybookError> {
    check_length(field, value, need, max)?;
    if value.chars().any(char::is_control) {
        return Err(PlaybookError::ControlCharacter {
            field: field.to_owned(),
        });
    }
    Ok(())
}

fn check_length(field: &str, value: &str, need: Need, max: usize) -> Result<(), PlaybookError> {
    if need == Need::Required && value.trim().is_empty() {
        return Err(PlaybookError::Empty {
            field: field.to_owned(),
        });
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(PlaybookError::TooLong {
            field: field.to_owned(),
            chars,
            max,
        });
    }
    // A source or note may cite a page; a plain-http link would open unencrypted.
    if let Some(at) = value.to_ascii_lowercase().find("http://") {
        let url = value
            .get(at..)
            .and_then(|link| link.split_whitespace().next())
            .unwrap_or_default();
        return Err(PlaybookError::NotHttps {
            field: field.to_owned(),
            url: excerpt(url),
        });
    }
    Ok(())
}

fn check_id(id: &str) -> Result<(), PlaybookError> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if id.is_empty() || id.len() > MAX_ID_CHARS || !id.chars().all(allowed) {
        return Err(PlaybookError::BadId { id: excerpt(id) });
    }
    Ok(())
}

fn check_url(field: &str, url: &str) -> Result<(), PlaybookError> {
    check_text(field, url, Need::Optional, MAX_TEXT_CHARS)?;
    if url.is_empty() {
        return Ok(());
    }
    let host = url
        .strip_prefix("https://")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or_default();
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(PlaybookError::NotHttps {
            field: field.to_owned(),
            url: excerpt(url),
        });
    }
    Ok(())
}

fn check_phone(field: &str, number: &str) -> Result<(), PlaybookError> {
    check_text(field, number, Need::Required, MAX_PHONE_CHARS)?;
    // Letters are allowed because vendors publish vanity numbers (1-877-4VMware).
    let allowed = |c: char| c.is_ascii_alphanumeric() || " +()-.".contains(c);
    if !number.chars().all(allowed) || !number.chars().any(|c| c.is_ascii_digit()) {
        return Err(PlaybookError::BadPhoneNumber {
            field: field.to_owned(),
            number: excerpt(number),
        });
    }
    Ok(())
}

/// Multi-line text with placeholders: line breaks and tabs are allowed, other control
/// characters are not, and every brace must belong to a known placeholder so rendering can
/// never leave a `{…}` for the vendor to read.
fn check_script(field: &str, script: &str) -> Result<(), PlaybookError> {
    check_length(field, script, Need::Required, MAX_SCRIPT_CHARS)?;
    if script
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(PlaybookError::ControlCharacter {
            field: field.to_owned(),
        });
    }
    let unmatched = || PlaybookError::UnmatchedBrace {
        field: field.to_owned(),
    };
    let mut rest = script;
    while let Some((before, after)) = rest.split_once('{') {
        if before.contains('}') {
            return Err(unmatched());
        }
        let (name, tail) = after.split_once('}').ok_or_else(unmatched)?;
        if name.contains('{') {
            return Err(unmatched());
        }
        if !PLACEHOLDERS.contains(&name) {
            return Err(PlaybookError::UnknownPlaceholder {
                field: field.to_owned(),
                name: excerpt(name),
            });
        }
        rest = tail;
    }
    if rest.contains('}') {
        return Err(unmatched());
    }
    Ok(())
}

/// A value quoted back in an error, cut short so a pasted megabyte does not become the
/// message.
fn excerpt(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        let mut short: String = value.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendor::VendorCatalogue;
    use proptest::prelude::*;

    const VMWARE: &str = include_str!("../playbooks/vmware.toml");

    fn vmware() -> Playbook {
        Playbook::parse(VMWARE).unwrap()
    }

    fn parse_err(text: &str) -> PlaybookError {
        Playbook::parse(text).unwrap_err()
    }

    /// The VMware file with `from` replaced by `to`, asserting the edit happened so a test
    /// cannot pass by editing nothing.
    fn vmware_with(from: &str, to: &str) -> String {
        assert!(VMWARE.contains(from), "{from:?} not in vmware.toml");
        VMWARE.replacen(from, to, 1)
    }

    fn all_facts() -> ScriptFacts {
        ScriptFacts {
            sr_number: Some("24123456789".into()),
            problem_statement: Some("vMotion fails between hosts".into()),
            business_impact: Some("Maintenance window blocked".into()),
            milestone: Some("2025-07-01 data-centre move".into()),
            customer_name: Some("Example Corp".into()),
        }
    }

    #[test]
    fn every_built_in_playbook_parses_and_validates() {
        let playbooks = built_in().unwrap();
        assert_eq!(playbooks.len(), 7);
        for ((file, _), playbook) in built_in_files().iter().zip(&playbooks) {
            assert_eq!(format!("{}.toml", playbook.id), *file);
            playbook.validate().unwrap();
            assert_eq!(
                playbook
                    .severities
                    .iter()
                    .map(|s| s.level)
                    .collect::<Vec<_>>(),
                [1, 2, 3, 4]
            );
        }
        let ids: BTreeSet<_> = playbooks.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), playbooks.len(), "ids must be unique");
    }

    #[test]
    fn built_in_playbooks_use_the_catalogue_wording() {
        let catalogue = VendorCatalogue::built_in();
        let playbooks = built_in().unwrap();
        let catalogue_ids: Vec<_> = catalogue.vendors().iter().map(|v| &v.id).collect();
        let playbook_ids: Vec<_> = playbooks.iter().map(|p| &p.id).collect();
        assert_eq!(playbook_ids, catalogue_ids);
        for playbook in &playbooks {
            assert_eq!(
                Some(&playbook.vendor()),
                catalogue.get(&playbook.id),
                "{}",
                playbook.id
            );
        }
    }

    #[test]
    fn every_built_in_fact_names_its_source() {
        for playbook in built_in().unwrap() {
            let id = &playbook.id;
            assert!(!playbook.severities_source.is_empty(), "{id}: severities");
            assert!(
                playbook.portal_url.is_empty() || !playbook.portal_source.is_empty(),
                "{id}: portal"
            );
            for phone in &playbook.phones {
                assert!(!phone.source.is_empty(), "{id}: phone {}", phone.number);
            }
            for channel in &playbook.escalation_channels {
                assert!(!channel.source.is_empty(), "{id}: channel {}", channel.role);
            }
            assert!(
                playbook.phone_recommended_for.is_empty()
                    || !playbook.phone_recommended_source.is_empty(),
                "{id}: phone recommendation"
            );
            assert!(
                playbook.tsanet_member.is_none() || !playbook.tsanet_source.is_empty(),
                "{id}: TSANet"
            );
            assert!(
                playbook.closure_rules.is_empty() || !playbook.closure_source.is_empty(),
                "{id}: closure rules"
            );
            assert!(
                !playbook.escalation_channels.is_empty(),
                "{id}: no channels"
            );
        }
    }

    #[test]
    fn vmware_playbook_follows_the_seed() {
        let vmware = vmware();
        assert_eq!(vmware.name, "VMware by Broadcom");
        let phone = vmware.phone_for("Americas").unwrap();
        assert_eq!(phone.number, "1-877-4VMware");
        assert!(phone.note.contains("1-877-486-9273"));
        let roles: Vec<_> = vmware
            .escalation_channels
            .iter()
            .map(|c| c.role.as_str())
            .collect();
        let position = |needle: &str| roles.iter().position(|r| r.contains(needle)).unwrap();
        assert!(position("technician") < position("Duty Manager"));
        assert!(position("Duty Manager") < position("Regional Escalation Manager"));
        assert_eq!(
            vmware.escalation_channels[position("Duty Manager")].how,
            ContactMethod::Phone
        );
        assert_eq!(
            vmware.phone_recommended_for,
            [
                PhoneRecommendation::Severity1,
                PhoneRecommendation::Escalation
            ]
        );
        assert_eq!(vmware.tsanet_member, Some(true));
        assert_eq!(vmware.closure_rules.len(), 3);
        assert!(vmware.closure_rules[0].contains("action plan"));
        assert!(vmware.closure_rules[2].contains("documented in the SR"));
        assert_eq!(vmware.severity(1).unwrap().label, "Severity 1 (Critical)");
    }

    #[test]
    fn phone_for_falls_back_to_the_global_number() {
        let cisco = built_in()
            .unwrap()
            .into_iter()
            .find(|p| p.id == "cisco")
            .unwrap();
        assert_eq!(
            cisco.phone_for("americas").unwrap().region,
            Region::Americas
        );
        assert_eq!(cisco.phone_for(" EMEA ").unwrap().region, Region::Global);
        assert_eq!(cisco.phone_for("Mars").unwrap().region, Region::Global);
        // VMware publishes no global number in the seed: no guess.
        assert!(vmware().phone_for("APJ").is_none());
    }

    #[test]
    fn level_five_is_rejected_in_plain_words() {
        let error = parse_err(&vmware_with("level = 4", "level = 5"));
        assert_eq!(error, PlaybookError::LevelOutOfRange { level: 5 });
        assert_eq!(
            error.to_string(),
            "severity level 5 is not allowed: levels are 1 to 4"
        );
        let error = parse_err(&vmware_with("level = 4", "level = -300"));
        assert_eq!(error, PlaybookError::LevelOutOfRange { level: -300 });
    }

    #[test]
    fn duplicate_and_missing_levels_are_rejected() {
        let error = parse_err(&vmware_with("level = 4", "level = 3"));
        assert_eq!(error, PlaybookError::DuplicateLevel { level: 3 });
        assert!(error.to_string().contains("more than once"));

        let mut playbook = vmware();
        playbook.severities.retain(|s| s.level != 2);
        assert_eq!(
            playbook.validate(),
            Err(PlaybookError::MissingLevel { level: 2 })
        );
        playbook.severities[0].level = 0;
        assert_eq!(
            playbook.validate(),
            Err(PlaybookError::LevelOutOfRange { level: 0 })
        );
    }

    #[test]
    fn levels_in_any_order_are_sorted() {
        let shuffled = VMWARE
            .replacen("level = 1", "level = 9", 1)
            .replacen("level = 4", "level = 1", 1)
            .replacen("level = 9", "level = 4", 1);
        let playbook = Playbook::parse(&shuffled).unwrap();
        let levels: Vec<_> = playbook.severities.iter().map(|s| s.level).collect();
        assert_eq!(levels, [1, 2, 3, 4]);
        assert_eq!(playbook.severity(1).unwrap().label, "Severity 4 (Cosmetic)");
    }

    #[test]
    fn links_must_be_https() {
        let error = parse_err(&vmware_with(
            "https://support.broadcom.com/",
            "http://support.broadcom.com/",
        ));
        assert_eq!(
            error,
            PlaybookError::NotHttps {
                field: "portal_url".into(),
                url: "http://support.broadcom.com/".into()
            }
        );
        assert!(error.to_string().contains("https://"));

        for bad in [
            "https://",
            "ftp://example.com",
            "https://a b",
            "support.broadcom.com",
        ] {
            let error = parse_err(&vmware_with("https://support.broadcom.com/", bad));
            assert!(
                matches!(error, PlaybookError::NotHttps { ref field, .. } if field == "portal_url"),
                "{bad}: {error}"
            );
        }

        let error = parse_err(&vmware_with("(www.tsanet.org)", "(http://www.tsanet.org)"));
        assert_eq!(
            error,
            PlaybookError::NotHttps {
                field: "tsanet_source".into(),
                url: "http://www.tsanet.org)".into()
            }
        );
    }

    #[test]
    fn unknown_placeholders_and_stray_braces_are_rejected() {
        let error = parse_err(&vmware_with("{milestone}", "{deadline}"));
        assert_eq!(
            error,
            PlaybookError::UnknownPlaceholder {
                field: "escalation_script".into(),
                name: "deadline".into()
            }
        );
        assert!(
            error
                .to_string()
                .contains("{deadline} is not a known placeholder")
        );

        for stray in ["{milestone", "milestone}", "{{milestone}}", "{mile{stone}"] {
            let error = parse_err(&vmware_with("{milestone}", stray));
            assert!(
                matches!(error, PlaybookError::UnmatchedBrace { .. }),
                "{stray}: {error}"
            );
        }
    }

    #[test]
    fn bad_ids_are_rejected() {
        let long = "a".repeat(MAX_ID_CHARS + 1);
        for bad in ["VMware", "vm ware", "vm_ware", "", "vmwäre", long.as_str()] {
            let error = parse_err(&vmware_with("id = \"vmware\"", &format!("id = \"{bad}\"")));
            assert!(
                matches!(error, PlaybookError::BadId { .. }),
                "{bad}: {error}"
            );
        }
        let longest = "a".repeat(MAX_ID_CHARS);
        let ok = vmware_with("id = \"vmware\"", &format!("id = \"{longest}\""));
        assert_eq!(Playbook::parse(&ok).unwrap().id, longest);
    }

    #[test]
    fn oversized_text_is_rejected() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let error = parse_err(&vmware_with(
            "description = \"Partial, non-critical loss of functionality.\"",
            &format!("description = \"{long}\""),
        ));
        assert_eq!(
            error,
            PlaybookError::TooLong {
                field: "severities[3].description".into(),
                chars: MAX_TEXT_CHARS + 1,
                max: MAX_TEXT_CHARS
            }
        );

        let error = parse_err(&format!("{VMWARE}\n# {}", "x".repeat(MAX_FILE_BYTES)));
        assert!(
            matches!(error, PlaybookError::FileTooLarge { .. }),
            "{error}"
        );

        let mut playbook = vmware();
        playbook.closure_rules = vec!["rule".into(); MAX_LIST_ENTRIES + 1];
        assert!(matches!(
            playbook.validate(),
            Err(PlaybookError::TooMany { ref field, .. }) if field == "closure_rules"
        ));
    }

    #[test]
    fn empty_and_control_characters_are_rejected() {
        let error = parse_err(&vmware_with(
            "role = \"Assigned technician\"",
            "role = \"  \"",
        ));
        assert_eq!(
            error,
            PlaybookError::Empty {
                field: "escalation_channels[1].role".into()
            }
        );
        let error = parse_err(&vmware_with(
            "name = \"VMware by Broadcom\"",
            "name = \"VMware\\u001b[31m\"",
        ));
        assert_eq!(
            error,
            PlaybookError::ControlCharacter {
                field: "name".into()
            }
        );
    }

    #[test]
    fn bad_phone_numbers_are_rejected() {
        for bad in ["1-877-4VMware;", "call us", "+1 (877) <script>", "---"] {
            let error = parse_err(&vmware_with(
                "number = \"1-877-4VMware\"",
                &format!("number = \"{bad}\""),
            ));
            assert!(
                matches!(error, PlaybookError::BadPhoneNumber { ref field, .. } if field == "phones[1].number"),
                "{bad}: {error}"
            );
        }
        let ok = vmware_with(
            "number = \"1-877-4VMware\"",
            "number = \"+1 (877) 486.9273\"",
        );
        Playbook::parse(&ok).unwrap();
    }

    #[test]
    fn duplicate_phone_recommendations_are_rejected() {
        let error = parse_err(&vmware_with(
            "[\"severity_1\", \"escalation\"]",
            "[\"severity_1\", \"severity_1\"]",
        ));
        assert_eq!(
            error,
            PlaybookError::Duplicate {
                field: "phone_recommended_for".into(),
                value: "severity_1".into()
            }
        );
    }

    #[test]
    fn malformed_toml_reports_the_line() {
        let error = parse_err("id = \"vmware\"\nname = \"VMware\nportal_url = \"x\"\n");
        let PlaybookError::Toml { line, column, .. } = &error else {
            panic!("expected a TOML error, got {error:?}");
        };
        assert_eq!(*line, Some(2));
        assert!(column.is_some());
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn shape_errors_name_the_key_and_line() {
        let error = parse_err(&vmware_with("region = \"Americas\"", "region = \"Europe\""));
        let PlaybookError::Toml { line, message, .. } = &error else {
            panic!("expected a TOML error, got {error:?}");
        };
        let expected_line = VMWARE
            .lines()
            .position(|l| l.contains("region = \"Americas\""))
            .unwrap()
            + 1;
        assert_eq!(*line, Some(expected_line));
        assert!(message.contains("Europe"), "{message}");

        let error = parse_err(&vmware_with("tsanet_member", "tsanet_membr"));
        assert!(error.to_string().contains("tsanet_membr"), "{error}");

        let error = parse_err(&vmware_with("level = 1", "level = \"one\""));
        assert!(
            error
                .to_string()
                .contains("expected a severity level from 1 to 4"),
            "{error}"
        );
    }

    #[test]
    fn errors_from_a_file_name_the_file() {
        let error = Playbook::parse_file("acme.toml", "id = 1").unwrap_err();
        assert!(error.to_string().starts_with("acme.toml: "), "{error}");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let with_bom = format!("\u{feff}{VMWARE}");
        assert_eq!(Playbook::parse(&with_bom).unwrap(), vmware());
    }

    #[test]
    fn script_is_filled_from_the_facts() {
        let script = vmware().render_script(&all_facts());
        assert!(script.contains("SR 24123456789"));
        assert!(script.contains("Problem statement: vMotion fails between hosts"));
        assert!(script.contains("Critical milestone: 2025-07-01 data-centre move"));
        assert!(script.contains("Example Corp"));
        assert!(!script.contains('{') && !script.contains('}'));
        assert!(!script.contains(NOT_SET));
    }

    #[test]
    fn missing_facts_show_as_not_set() {
        let facts = ScriptFacts {
            milestone: Some("   ".into()),
            ..ScriptFacts::default()
        };
        let script = vmware().render_script(&facts);
        assert!(script.contains(&format!("Critical milestone: {NOT_SET}")));
        assert!(script.contains(&format!("Support Request {NOT_SET}")));
        assert!(!script.contains('{'));
    }

    #[test]
    fn facts_are_not_expanded_twice() {
        let facts = ScriptFacts {
            problem_statement: Some("literal {sr_number}".into()),
            ..all_facts()
        };
        let script = vmware().render_script(&facts);
        assert!(script.contains("Problem statement: literal {sr_number}"));
    }

    #[test]
    fn every_built_in_script_renders_without_placeholders() {
        for playbook in built_in().unwrap() {
            for facts in [all_facts(), ScriptFacts::default()] {
                let script = playbook.render_script(&facts);
                assert!(!script.contains('{'), "{}: {script}", playbook.id);
            }
        }
    }

    #[test]
    fn playbook_crosses_to_the_ui_in_camel_case() {
        let json = serde_json::to_value(vmware()).unwrap();
        assert_eq!(json["portalUrl"], "https://support.broadcom.com/");
        assert_eq!(json["phoneRecommendedFor"][0], "severity_1");
        assert_eq!(json["phones"][0]["region"], "Americas");
        assert_eq!(json["escalationChannels"][1]["how"], "phone");
        assert_eq!(json["tsanetMember"], true);
        let back: Playbook = serde_json::from_value(json).unwrap();
        assert_eq!(back, vmware());
    }

    /// A character-level edit of a valid file: delete, insert or replace at a position.
    fn mutate(text: &str, edits: &[(usize, u8, char)]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for &(at, kind, c) in edits {
            if chars.is_empty() {
                chars.push(c);
                continue;
            }
            let at = at % chars.len();
            match kind % 3 {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(at, c),
                _ => chars[at] = c,
            }
        }
        chars.into_iter().collect()
    }

    fn fact() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[^{}]{0,40}")
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_any_text(text in any::<String>()) {
            let _ = Playbook::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_edited_files(
            file in 0..BUILT_IN_FILES.len(),
            edits in proptest::collection::vec(
                (any::<usize>(), any::<u8>(), prop_oneof![
                    Just('"'), Just('\n'), Just('['), Just(']'), Just('{'), Just('}'),
                    Just('='), Just('#'), Just('\\'), Just('5'), Just('\u{0}'), any::<char>(),
                ]),
                1..8,
            ),
        ) {
            let (_, text) = BUILT_IN_FILES[file];
            let edited = mutate(text, &edits);
            if let Ok(playbook) = Playbook::parse(&edited) {
                // Whatever survives parsing is valid and renders cleanly.
                prop_assert!(playbook.validate().is_ok());
                let rendered = playbook.render_script(&ScriptFacts::default());
                prop_assert!(!rendered.contains('{'), "{}", rendered);
            }
        }

        #[test]
        fn rendering_never_leaves_a_brace_open(
            script in "[a-z_{} \n]{0,80}",
            sr_number in fact(),
            problem_statement in fact(),
            business_impact in fact(),
            milestone in fact(),
            customer_name in fact(),
        ) {
            // Even an unvalidated script renders without a `{`.
            let playbook = Playbook { escalation_script: script, ..vmware() };
            let facts = ScriptFacts {
                sr_number, problem_statement, business_impact, milestone, customer_name,
            };
            let rendered = playbook.render_script(&facts);
            prop_assert!(!rendered.contains('{'), "{}", rendered);
        }
    }
}
