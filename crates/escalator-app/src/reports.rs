//! Reports and data exports: choosing what a report covers, assembling it from the store,
//! rendering it in the format asked for, and writing it where the user chose; backups and
//! imports of the data itself.
//!
//! Every report reads its escalations in one consistent snapshot (the store's data export of
//! just those escalations) and builds from that in memory, so a report of 5,000 escalations
//! costs one read, and a JSON report *is* that export: full fidelity and re-importable.
//!
//! It does not lay reports out (escalator-report does) and does not ask where to save (the
//! shell's dialog or the command line passes a path in).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use escalator_core::action_item::ActionItem;
use escalator_core::escalation::EscalationState;
use escalator_core::escalation_record::{EscalationId, EscalationRecord};
use escalator_core::local_time;
use escalator_core::metrics::{self, EscalationMetrics};
use escalator_core::timeline::{self, ChainedEvent, EventKind};
use escalator_core::{Severity, SrStatus, SupportRequestId, SupportRequestRecord, VendorCatalogue};
use escalator_report::document::Document;
use escalator_report::escalation_report::{self, EscalationReport};
use escalator_report::scorecard::{self, Scorecards};
use escalator_report::sr_register::{self, SrRegister, SrRow};
use escalator_report::status_report::{self, StatusReport, StatusRow};
use escalator_store::{Bundle, BundleScope, ImportError, ImportTally, Store, StoreError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ErrorCode;
use crate::escalations::find_escalation;
use crate::running::{since, tracks_cadence, user_zone};
use crate::{ApiError, App};

/// Which escalations a status report or scorecard covers, or which SRs the SR register
/// lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Selection {
    /// Every escalation not closed or withdrawn; every SR not resolved or closed.
    Open,
    /// Escalations (or SRs) opened on these days (inclusive, in the user's zone).
    OpenedBetween {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Escalations with an SR of this vendor, or this vendor's SRs (its id, e.g. `vmware`).
    Vendor {
        vendor: String,
    },
    All,
}

/// What to report on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "report",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ReportRequest {
    /// Everything about one escalation, for a post-escalation review.
    Escalation { id: String },
    /// One row per escalation, for management.
    Status { selection: Selection },
    /// Per vendor, how its escalations went.
    Scorecard { selection: Selection },
    /// One row per SR, escalated or not: the register of cases with every vendor.
    SupportRequests { selection: Selection },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Html,
    Markdown,
    /// One file per table, written into a folder.
    Csv,
    /// The data itself, re-importable.
    Json,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
        }
    }

    /// Whether the export is a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        self == ReportFormat::Csv
    }
}

/// How far a long export has got, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportProgress {
    pub step: u32,
    pub steps: u32,
    pub label: String,
}

/// One file of a rendered report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub name: String,
    pub content: Vec<u8>,
}

/// A report written to disk, as the Reports view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportRecord {
    pub title: String,
    pub format: ReportFormat,
    /// The file, or the folder of a CSV export.
    pub path: String,
    /// How many files were written (more than one only for CSV).
    pub files: u32,
    #[specta(type = f64)]
    pub bytes: u64,
    pub at: DateTime<Utc>,
}

/// What an import added, in words the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub support_requests_added: u32,
    pub escalations_added: u32,
    pub records_updated: u32,
    pub events_added: u32,
    pub other_added: u32,
    pub unchanged: u32,
}

/// The setting that holds the recent exports, newest first.
const RECENT_EXPORTS: &str = "reports.recent";
const MAX_RECENT_EXPORTS: usize = 10;
const STEPS: u32 = 4;

impl App {
    /// The name a report's file gets by default: what it is, the date, no characters that a
    /// file system or a mail client might trip over.
    pub fn report_file_name(
        &self,
        request: &ReportRequest,
        format: ReportFormat,
    ) -> Result<String, ApiError> {
        let (_, profile) = self.stamp()?;
        let today = local_time::to_local(self.clock.now(), user_zone(&profile.time_zone)).date();
        let subject = match request {
            ReportRequest::Escalation { id } => {
                let record = find_escalation(&*self.store()?, id)?;
                format!("escalation {}", record.title)
            }
            ReportRequest::Status { selection } => format!("status {}", selection_words(selection)),
            ReportRequest::Scorecard { selection } => {
                format!("vendor scorecard {}", selection_words(selection))
            }
            ReportRequest::SupportRequests { selection } => sr_selection_words(selection),
        };
        let stem = file_stem(&format!("{subject} {today}"));
        Ok(if format.is_folder() {
            stem
        } else {
            format!("{stem}.{}", format.extension())
        })
    }

    /// The default name of a backup file: `escalator-backup-2026-11-27.json`.
    pub fn backup_file_name(&self) -> Result<String, ApiError> {
        let (_, profile) = self.stamp()?;
        let today = local_time::to_local(self.clock.now(), user_zone(&profile.time_zone)).date();
        Ok(format!("escalator-backup-{today}.json"))
    }

    /// The report as HTML, for the in-app preview.
    pub fn report_preview(&self, request: &ReportRequest) -> Result<String, ApiError> {
        let bundle = self.bundle_for(request)?;
        Ok(escalator_report::html::render(
            &self.document_from(request, &bundle)?,
        ))
    }

    /// Renders the report in `format`; `progress` hears of each step.
    pub fn render_report(
        &self,
        request: &ReportRequest,
        format: ReportFormat,
        progress: &mut dyn FnMut(ReportProgress),
    ) -> Result<Vec<ReportFile>, ApiError> {
        let mut step = |n: u32, label: &str| {
            progress(ReportProgress {
                step: n,
                steps: STEPS,
                label: label.to_owned(),
            });
        };
        step(1, "Reading the escalations");
        let bundle = self.bundle_for(request)?;
        let name = self.report_file_name(request, format)?;
        if format == ReportFormat::Json {
            step(3, "Writing the data");
            let mut content = Vec::new();
            bundle.write_to(&mut content)?;
            return Ok(vec![ReportFile { name, content }]);
        }
        step(2, "Assembling the report");
        let document = self.document_from(request, &bundle)?;
        step(3, render_label(format));
        let files = match format {
            ReportFormat::Pdf => vec![ReportFile {
                name,
                content: escalator_report::pdf::render(&document).map_err(|err| {
                    ApiError::internal(format!("The PDF could not be made: {err}"))
                })?,
            }],
            ReportFormat::Html => vec![ReportFile {
                name,
                content: escalator_report::html::render(&document).into_bytes(),
            }],
            ReportFormat::Markdown => vec![ReportFile {
                name,
                content: escalator_report::markdown::render(&document).into_bytes(),
            }],
            ReportFormat::Csv | ReportFormat::Json => {
                escalator_report::csv_table::document_tables(&document)
                    .map_err(|err| ApiError::internal(format!("The CSV could not be made: {err}")))?
                    .into_iter()
                    .map(|(name, content)| ReportFile {
                        name,
                        content: content.into_bytes(),
                    })
                    .collect()
            }
        };
        Ok(files)
    }

    /// Renders the report and writes it to `destination`: the file the user chose (replaced
    /// whole, never left half-written), or for CSV the folder to write the tables into.
    pub fn save_report(
        &self,
        request: &ReportRequest,
        format: ReportFormat,
        destination: &Path,
        progress: &mut dyn FnMut(ReportProgress),
    ) -> Result<ExportRecord, ApiError> {
        let files = self.render_report(request, format, progress)?;
        progress(ReportProgress {
            step: STEPS,
            steps: STEPS,
            label: "Saving".to_owned(),
        });
        let bytes = files.iter().map(|f| f.content.len() as u64).sum();
        let path = if format.is_folder() {
            for file in &files {
                crate::files::write_new(destination, &file.name, &file.content)?;
            }
            destination.to_owned()
        } else {
            let content = files.first().map_or(&[][..], |f| f.content.as_slice());
            crate::files::replace(destination, content)?;
            destination.to_owned()
        };
        let record = ExportRecord {
            title: self.report_title(request)?,
            format,
            path: path.display().to_string(),
            files: u32::try_from(files.len()).unwrap_or(u32::MAX),
            bytes,
            at: self.clock.now(),
        };
        // The list is a convenience: a busy database (another process writing) must not turn
        // a written report into a failure.
        if let Err(err) = self.remember_export(&record) {
            tracing::warn!(error = %err, "the export was not added to the recent list");
        }
        tracing::info!(
            format = format.extension(),
            files = files.len(),
            "report saved"
        );
        Ok(record)
    }

    /// The reports saved from this data folder, newest first.
    pub fn recent_exports(&self) -> Result<Vec<ExportRecord>, ApiError> {
        let stored = self.store()?.setting(RECENT_EXPORTS)?;
        // A damaged list is only a convenience lost, never a reason to fail.
        Ok(stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Writes everything in the data folder to `destination` as a data export.
    pub fn backup(&self, destination: &Path) -> Result<ExportRecord, ApiError> {
        let now = self.clock.now();
        let bundle = self.store()?.export_bundle(&BundleScope::Everything, now)?;
        let mut content = Vec::new();
        bundle.write_to(&mut content)?;
        crate::files::replace(destination, &content)?;
        Ok(ExportRecord {
            title: "Backup of all data".to_owned(),
            format: ReportFormat::Json,
            path: destination.display().to_string(),
            files: 1,
            bytes: content.len() as u64,
            at: now,
        })
    }

    /// Merges a data export (a backup or a JSON report) into this data folder: all or
    /// nothing; a second import of the same file changes nothing.
    pub fn import_data(&self, source: &Path) -> Result<ImportSummary, ApiError> {
        let text = std::fs::read_to_string(source).map_err(|err| {
            ApiError::new(
                ErrorCode::Validation,
                format!("Could not read {}: {err}.", source.display()),
            )
        })?;
        let bundle = Bundle::parse(&text).map_err(import_error)?;
        let mut store = self.store()?;
        let tally = store.import_bundle(&bundle).map_err(import_error)?;
        if tally.changed_anything() {
            // Imported playbooks take effect now, as an edit in Settings would.
            self.replace_playbooks(crate::playbooks::PlaybookSet::load(&store));
        }
        tracing::info!(?tally, "data imported");
        Ok(summary(&tally))
    }

    fn remember_export(&self, record: &ExportRecord) -> Result<(), ApiError> {
        let mut recent = self.recent_exports()?;
        recent.retain(|r| r.path != record.path);
        recent.insert(0, record.clone());
        recent.truncate(MAX_RECENT_EXPORTS);
        let json =
            serde_json::to_string(&recent).map_err(|err| ApiError::internal(err.to_string()))?;
        self.store()?.set_setting(RECENT_EXPORTS, &json)?;
        Ok(())
    }

    fn report_title(&self, request: &ReportRequest) -> Result<String, ApiError> {
        Ok(match request {
            ReportRequest::Escalation { id } => {
                let record = find_escalation(&*self.store()?, id)?;
                format!("Escalation report: {}", record.title)
            }
            ReportRequest::Status { selection } => {
                format!("Status report: {}", selection_words(selection))
            }
            ReportRequest::Scorecard { selection } => {
                format!("Vendor scorecards: {}", selection_words(selection))
            }
            ReportRequest::SupportRequests { selection } => {
                format!("SR register: {}", sr_selection_words(selection))
            }
        })
    }

    /// For each SR that is part of an escalation, that escalation's title and state; the
    /// newest escalation where there were several (a re-opened SR).
    fn escalation_of_each_support_request(
        &self,
    ) -> Result<HashMap<Uuid, (String, EscalationState)>, ApiError> {
        let mut rows = self.store()?.list_escalations()?;
        rows.sort_by_key(|row| row.record.created_at);
        let mut of = HashMap::new();
        for row in rows {
            for sr in &row.record.support_requests {
                of.insert(sr.0, (row.record.title.clone(), row.record.state));
            }
        }
        Ok(of)
    }

    /// One consistent read of everything the report covers.
    fn bundle_for(&self, request: &ReportRequest) -> Result<Bundle, ApiError> {
        let (_, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let store = self.store()?;
        let scope = match request {
            ReportRequest::Escalation { id } => {
                BundleScope::Escalations(vec![find_escalation(&store, id)?.id])
            }
            ReportRequest::Status { selection } | ReportRequest::Scorecard { selection } => {
                BundleScope::Escalations(select(&store, selection, zone)?)
            }
            ReportRequest::SupportRequests { selection } => {
                BundleScope::SupportRequests(select_support_requests(&store, selection, zone)?)
            }
        };
        Ok(store.export_bundle(&scope, self.clock.now())?)
    }

    fn document_from(
        &self,
        request: &ReportRequest,
        bundle: &Bundle,
    ) -> Result<Document, ApiError> {
        let (_, profile) = self.stamp()?;
        let now = self.clock.now();
        let data = Gathered::new(bundle, &self.catalogue())?;
        Ok(match request {
            ReportRequest::Escalation { .. } => {
                let record = bundle.escalations.first().ok_or_else(|| {
                    ApiError::new(ErrorCode::NotFound, "This escalation does not exist.")
                })?;
                escalation_report::document(&data.escalation_report(
                    record,
                    &profile.time_zone,
                    now,
                ))
            }
            ReportRequest::Status { selection } => status_report::document(&StatusReport {
                scope: selection_words(selection),
                rows: bundle
                    .escalations
                    .iter()
                    .map(|record| data.status_row(record, now))
                    .collect(),
                zone: profile.time_zone.clone(),
                generated_at: now,
            }),
            ReportRequest::Scorecard { selection } => {
                let measured: Vec<(Vec<String>, &EscalationRecord, EscalationMetrics)> = bundle
                    .escalations
                    .iter()
                    .map(|record| {
                        (
                            data.vendor_names_of(record),
                            record,
                            data.metrics(record, now),
                        )
                    })
                    .collect();
                let triples = measured.iter().flat_map(|(vendors, record, m)| {
                    vendors
                        .iter()
                        .map(move |vendor| (vendor.as_str(), record.title.as_str(), m))
                });
                scorecard::document(&Scorecards {
                    scope: selection_words(selection),
                    vendors: metrics::scorecards(triples),
                    zone: profile.time_zone.clone(),
                    generated_at: now,
                })
            }
            ReportRequest::SupportRequests { selection } => {
                let escalation_of = self.escalation_of_each_support_request()?;
                let mut srs: Vec<&SupportRequestRecord> = data.support_requests.values().collect();
                srs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.0.cmp(&b.id.0)));
                sr_register::document(&SrRegister {
                    scope: capitalised(&sr_selection_words(selection)),
                    rows: srs
                        .into_iter()
                        .map(|sr| SrRow {
                            vendor: data.vendor_name(&sr.vendor),
                            sr_number: sr.vendor_sr_number.clone(),
                            title: sr.title.clone(),
                            product: sr.details.product.clone(),
                            severity: sr.severity.level(),
                            status: sr.status,
                            opened_at: sr.created_at,
                            updated_at: sr.updated_at,
                            escalation: escalation_of.get(&sr.id.0).cloned(),
                        })
                        .collect(),
                    zone: profile.time_zone.clone(),
                    generated_at: now,
                })
            }
        })
    }
}

/// The ids of the SRs a selection covers.
fn select_support_requests(
    store: &Store,
    selection: &Selection,
    zone: Tz,
) -> Result<Vec<SupportRequestId>, ApiError> {
    Ok(store
        .list_support_requests()?
        .into_iter()
        .filter(|sr| match selection {
            Selection::Open => !matches!(sr.status, SrStatus::Resolved | SrStatus::Closed),
            Selection::OpenedBetween { from, to } => {
                let day = local_time::to_local(sr.created_at, zone).date();
                (*from..=*to).contains(&day)
            }
            Selection::Vendor { vendor } => sr.vendor == *vendor,
            Selection::All => true,
        })
        .map(|sr| sr.id)
        .collect())
}

/// The ids of the escalations a selection covers, most recently changed first.
fn select(store: &Store, selection: &Selection, zone: Tz) -> Result<Vec<EscalationId>, ApiError> {
    let rows = store.list_escalations()?;
    let vendor_srs = match selection {
        Selection::Vendor { vendor } => Some(store.escalations_with_vendor(vendor)?),
        _ => None,
    };
    Ok(rows
        .into_iter()
        .filter(|row| match selection {
            Selection::Open => row.record.state.is_open(),
            Selection::OpenedBetween { from, to } => {
                let day = local_time::to_local(row.record.created_at, zone).date();
                (*from..=*to).contains(&day)
            }
            Selection::Vendor { .. } => vendor_srs
                .as_ref()
                .is_some_and(|ids| ids.contains(&row.record.id)),
            Selection::All => true,
        })
        .map(|row| row.record.id)
        .collect())
}

fn selection_words(selection: &Selection) -> String {
    match selection {
        Selection::Open => "all open escalations".to_owned(),
        Selection::OpenedBetween { from, to } => format!("escalations opened {from} to {to}"),
        Selection::Vendor { vendor } => format!("escalations with {vendor}"),
        Selection::All => "all escalations".to_owned(),
    }
}

fn sr_selection_words(selection: &Selection) -> String {
    match selection {
        Selection::Open => "open support requests".to_owned(),
        Selection::OpenedBetween { from, to } => {
            format!("support requests opened {from} to {to}")
        }
        Selection::Vendor { vendor } => format!("support requests with {vendor}"),
        Selection::All => "all support requests".to_owned(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn render_label(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Pdf => "Typesetting the PDF",
        ReportFormat::Html => "Writing the HTML",
        ReportFormat::Markdown => "Writing the Markdown",
        ReportFormat::Csv => "Writing the tables",
        ReportFormat::Json => "Writing the data",
    }
}

/// Lower-case words and digits joined by hyphens; at most 80 characters.
fn file_stem(text: &str) -> String {
    let mut stem = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() + word.len() + 1 > 80 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.extend(word.chars().flat_map(char::to_lowercase));
    }
    if stem.is_empty() {
        "report".to_owned()
    } else {
        stem
    }
}

fn import_error(err: ImportError) -> ApiError {
    match err {
        ImportError::Store(store) => ApiError::from(store),
        other => ApiError::new(ErrorCode::Validation, other.to_string()),
    }
}

fn summary(tally: &ImportTally) -> ImportSummary {
    ImportSummary {
        support_requests_added: tally.support_requests.0,
        escalations_added: tally.escalations.0,
        records_updated: tally.support_requests.1
            + tally.escalations.1
            + tally.running.1
            + tally.preferences.1,
        events_added: tally.events,
        other_added: tally.running.0 + tally.preferences.0,
        unchanged: tally.unchanged,
    }
}

/// A bundle indexed for building reports: by escalation and by stream.
struct Gathered<'a> {
    bundle: &'a Bundle,
    support_requests: BTreeMap<Uuid, SupportRequestRecord>,
    events: BTreeMap<&'a str, Vec<ChainedEvent>>,
    vendor_names: Vec<(String, String)>,
}

impl<'a> Gathered<'a> {
    fn new(bundle: &'a Bundle, catalogue: &VendorCatalogue) -> Result<Self, ApiError> {
        let mut support_requests = BTreeMap::new();
        for entry in &bundle.support_requests {
            let unreadable = || {
                ApiError::from(StoreError::Unreadable(format!(
                    "support request {}",
                    entry.vendor_sr_number
                )))
            };
            support_requests.insert(
                entry.id.0,
                SupportRequestRecord {
                    id: entry.id,
                    vendor: entry.vendor.clone(),
                    vendor_sr_number: entry.vendor_sr_number.clone(),
                    title: entry.title.clone(),
                    severity: Severity::new(i64::from(entry.severity)).ok_or_else(unreadable)?,
                    status: SrStatus::parse(&entry.status).ok_or_else(unreadable)?,
                    details: entry.details.clone(),
                    created_at: entry.created_at,
                    updated_at: entry.updated_at,
                },
            );
        }
        let mut events: BTreeMap<&str, Vec<ChainedEvent>> = BTreeMap::new();
        for entry in &bundle.events {
            events
                .entry(entry.stream.as_str())
                .or_default()
                .push(entry.event.clone());
        }
        let vendor_names = catalogue
            .vendors()
            .iter()
            .map(|v| (v.id.clone(), v.name.clone()))
            .collect();
        Ok(Gathered {
            bundle,
            support_requests,
            events,
            vendor_names,
        })
    }

    fn srs_of(&self, record: &EscalationRecord) -> Vec<SupportRequestRecord> {
        record
            .support_requests
            .iter()
            .filter_map(|id| self.support_requests.get(&id.0).cloned())
            .collect()
    }

    fn vendor_name(&self, id: &str) -> String {
        self.vendor_names
            .iter()
            .find(|(vendor, _)| vendor == id)
            .map_or_else(|| id.to_owned(), |(_, name)| name.clone())
    }

    /// Display names of the escalation's vendors, first SR's first, without repeats.
    fn vendor_names_of(&self, record: &EscalationRecord) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for sr in self.srs_of(record) {
            let name = self.vendor_name(&sr.vendor);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    fn stream(&self, record: &EscalationRecord) -> &[ChainedEvent] {
        self.events
            .get(record.id.to_string().as_str())
            .map_or(&[], Vec::as_slice)
    }

    fn items_of(&self, record: &EscalationRecord) -> Vec<ActionItem> {
        self.bundle
            .action_items
            .iter()
            .filter(|i| i.escalation == record.id)
            .cloned()
            .collect()
    }

    fn escalation_report(
        &self,
        record: &EscalationRecord,
        zone: &str,
        now: DateTime<Utc>,
    ) -> EscalationReport {
        let timeline = self.stream(record).to_vec();
        let mut vendor_updates: Vec<_> = self
            .bundle
            .vendor_updates
            .iter()
            .filter(|u| u.escalation == record.id)
            .map(|u| u.update.clone())
            .collect();
        vendor_updates.sort_by_key(|u| u.received_at);
        let calls: Vec<_> = self
            .bundle
            .calls
            .iter()
            .filter(|c| c.escalation == record.id)
            .cloned()
            .collect();
        EscalationReport {
            escalation: record.clone(),
            support_requests: self.srs_of(record),
            vendor_names: self.vendor_names.clone(),
            communication_plan: self
                .bundle
                .communication_plans
                .iter()
                .find(|p| p.escalation == record.id)
                .map(|p| p.plan.clone()),
            vendor_updates,
            missed_updates: count(&timeline, EventKind::UpdateMissed),
            minutes: self
                .bundle
                .call_minutes
                .iter()
                .filter(|m| calls.iter().any(|c| c.id == m.call))
                .cloned()
                .collect(),
            calls,
            action_items: self.items_of(record),
            third_parties: self
                .bundle
                .third_parties
                .iter()
                .filter(|t| t.escalation == record.id)
                .cloned()
                .collect(),
            chain_verified: timeline::verify(&timeline).is_intact(),
            timeline,
            zone: zone.to_owned(),
            generated_at: now,
        }
    }

    fn status_row(&self, record: &EscalationRecord, now: DateTime<Utc>) -> StatusRow {
        let srs = self.srs_of(record);
        let items = self.items_of(record);
        let stream = self.stream(record);
        let cadence = self
            .bundle
            .communication_plans
            .iter()
            .find(|p| p.escalation == record.id)
            .filter(|_| tracks_cadence(record.state))
            .map(|entry| {
                let last_update = self
                    .bundle
                    .vendor_updates
                    .iter()
                    .filter(|u| u.escalation == record.id)
                    .map(|u| u.update.received_at)
                    .max();
                let stored = escalator_store::StoredPlan {
                    plan: entry.plan.clone(),
                    agreed_at: entry.agreed_at,
                    missed_due: entry.missed_due,
                };
                let cadence = entry.plan.cadence(since(&stored, last_update), now);
                (cadence.state, cadence.due)
            });
        StatusRow {
            title: record.title.clone(),
            state: record.state,
            vendors: self.vendor_names_of(record),
            sr_numbers: srs.iter().map(|sr| sr.vendor_sr_number.clone()).collect(),
            severity: srs.iter().map(|sr| sr.severity.level()).min(),
            opened_at: record.created_at,
            updated_at: record.updated_at,
            engineer: record.engineer.clone(),
            cadence,
            updates_missed: count(stream, EventKind::UpdateMissed),
            re_escalations: record.re_escalations,
            open_items: u32::try_from(items.iter().filter(|i| !i.status.is_finished()).count())
                .unwrap_or(u32::MAX),
            overdue_items: u32::try_from(
                items
                    .iter()
                    .filter(|i| record.state.is_open() && i.is_overdue(now))
                    .count(),
            )
            .unwrap_or(u32::MAX),
            next_call: self
                .bundle
                .calls
                .iter()
                .filter(|c| c.escalation == record.id && !c.cancelled)
                .filter_map(|c| c.plan.next_start(now))
                .min(),
        }
    }

    fn metrics(&self, record: &EscalationRecord, now: DateTime<Utc>) -> EscalationMetrics {
        let opened = self.srs_of(record).first().map(|sr| sr.created_at);
        EscalationMetrics::measure(
            record,
            opened,
            self.stream(record),
            &self.items_of(record),
            now,
        )
    }
}

fn count(events: &[ChainedEvent], kind: EventKind) -> u32 {
    u32::try_from(events.iter().filter(|e| e.kind == kind).count()).unwrap_or(u32::MAX)
}
