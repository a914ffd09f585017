//! Any [`Document`] as a PDF: what is attached to a mail, printed for a review or filed.
//!
//! The layout lives in one Typst template, `report.typ`, compiled into the binary. The
//! document reaches it as data, never as markup: [`render`] serialises the [`Document`] to
//! JSON and serves it as the virtual file `/data.json`, which the template reads with
//! `json()` and places piece by piece as string values. Typst shows a string as the
//! characters it holds, so vendor text with `#set page(..)`, `$x$`, `*bold*`, `<label>`,
//! `@ref` or a backslash prints as typed and cannot change the layout.
//!
//! The Typst "world" here is closed: it holds the template, the data and three embedded fonts
//! (`fonts/`, see its README), and nothing else. It reads no file, downloads no package,
//! looks up no system font, and has no clock (`datetime.today()` fails; the document carries
//! its own "Generated" fact). The same document therefore always gives the same bytes.
//!
//! The layout is A4, portrait unless a table has more than eight columns (the status report
//! and the scorecards are then set in landscape so dates and SR numbers are not squeezed).
//! Time goes into tables: typst lays every cell out as a paragraph (twice), so the template
//! sizes columns from the text's length rather than by measuring cells, and sets a long table
//! as several, each from a new page, which typst lays out in parallel (see `report.typ`).
//!
//! It deliberately does not decide what a report says (the builders do, into the
//! [`Document`]), embed images or links, or write the file anywhere. Characters outside the
//! embedded fonts (CJK, emoji) print as empty boxes: covering them would add megabytes of
//! fonts to the installer, and the other exports keep that text.

use std::fmt::Write as _;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt as _, World, WorldExt as _};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::document::Document;

/// The layout of every report (see the comments at its top).
const TEMPLATE: &str = include_str!("report.typ");

/// Where the template finds the document; it must match the template's `json(..)` call.
const DATA_PATH: &str = "/data.json";
const TEMPLATE_PATH: &str = "/report.typ";

/// The embedded faces: Open Sans for text, Inconsolata for fixed-width values (hashes).
/// About 500 KB in all; why these, and their licences, are in `fonts/README.md`.
const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../fonts/OpenSans-Regular.ttf"),
    include_bytes!("../fonts/OpenSans-Bold.ttf"),
    include_bytes!("../fonts/Inconsolata.otf"),
];

/// Why a document could not be made into a PDF. Each carries Typst's own words, so a bug in
/// the template (the only way these can happen) can be found from the message alone.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the report could not be handed to the typesetter: {0}")]
    Data(String),
    #[error("the report could not be typeset: {0}")]
    Typeset(String),
    #[error("the typeset report could not be written as PDF: {0}")]
    Export(String),
}

/// The fonts, parsed once per process: parsing and indexing them is the costliest part of
/// setting up a compilation, and they never change.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    // `Bytes::new` over a `&'static [u8]` borrows the embedded data: nothing is copied.
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// Typst's standard library, built once: it is the same for every report, and keeping the
/// same value lets Typst's caches recognise it from one compilation to the next.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Lays `doc` out as an A4 PDF: a header with the title, "Page n of m" in the footer, the
/// facts, then each section with its fields, paragraphs, tables (header row repeated on
/// every page), fixed-width values and notices.
///
/// An error means the template failed on this document, which is a bug here, never bad
/// input: any text is printed as it is.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::to_vec(doc).map_err(|err| PdfError::Data(err.to_string()))?;
    let world = ReportWorld::new(data)?;
    // Warnings are not failures: the one a report can raise is a character none of the
    // embedded fonts has, which prints as a box; the document is still complete.
    let Warned {
        output,
        warnings: _,
    } = typst::compile::<PagedDocument>(&world);
    let compiled = output.map_err(|errors| PdfError::Typeset(describe(&world, &errors)));
    let pdf = compiled.and_then(|document| {
        // No timestamp: the PDF carries no creation date of its own, so its bytes depend on
        // the document alone (the document states when it was generated).
        typst_pdf::pdf(&document, &PdfOptions::default())
            .map_err(|errors| PdfError::Export(describe(&world, &errors)))
    });
    // Typst memoises layout work in a process-wide cache. The next report has different
    // data, so almost nothing from this one would be reused, while a 2,000-row timeline's
    // layout is many megabytes: drop it all rather than let an app that stays open grow.
    typst::comemo::evict(0);
    pdf
}

/// The closed world a report is compiled in: the template, the data, the embedded fonts.
struct ReportWorld {
    main: FileId,
    data_id: FileId,
    template: Source,
    data: Bytes,
}

impl ReportWorld {
    fn new(data: Vec<u8>) -> Result<ReportWorld, PdfError> {
        let main = file_id(TEMPLATE_PATH)?;
        Ok(ReportWorld {
            main,
            data_id: file_id(DATA_PATH)?,
            template: Source::new(main, TEMPLATE.to_owned()),
            data: Bytes::new(data),
        })
    }
}

/// File ids are interned for the life of the process, so the same two paths give the same
/// two ids for every report; only a path the parser rejects could fail here.
fn file_id(path: &str) -> Result<FileId, PdfError> {
    let vpath = VirtualPath::new(path).map_err(|err| PdfError::Data(format!("{path}: {err}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.template.clone())
        } else if id == self.data_id {
            // The data is only ever read with `json()`, never evaluated as Typst.
            Err(FileError::NotSource)
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main {
            Ok(Bytes::from_string(self.template.clone()))
        } else {
            // Any other path, and any package import, does not exist: the template cannot
            // reach the disk or the network.
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: a report states when it was generated among its facts.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

/// Typst's diagnostics as one line each, with where in the template or data they arose.
fn describe(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&diagnostic.message);
        if let Some(id) = diagnostic.span.id()
            && let Some(range) = world.range(diagnostic.span)
        {
            let place = if id == world.main {
                world
                    .template
                    .lines()
                    .byte_to_line(range.start)
                    .map(|line| format!("report.typ line {}", line + 1))
            } else {
                Some(format!("{} byte {}", DATA_PATH, range.start))
            };
            if let Some(place) = place {
                let _ = write!(out, " ({place})");
            }
        }
        for hint in &diagnostic.hints {
            let _ = write!(out, ", hint: {}", hint.v);
        }
    }
    if out.is_empty() {
        out.push_str("no diagnostic given");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_font_parses() {
        assert_eq!(FONTS.fonts.len(), FONT_FILES.len());
        let families: Vec<&str> = FONTS
            .fonts
            .iter()
            .map(|font| font.info().family.as_str())
            .collect();
        assert_eq!(families, ["Open Sans", "Open Sans", "Inconsolata"]);
    }

    /// Latin-1 and the punctuation the builders and users commonly write must print in the
    /// text face (regular and bold), and the hex digits of a hash in the fixed-width face.
    #[test]
    fn fonts_cover_latin_1_and_common_punctuation() {
        let has = |font: &Font, c: char| font.info().coverage.contains(u32::from(c));
        let latin_1 = (' '..='~').chain('\u{a0}'..='\u{ff}');
        let punctuation = "–—‘’‚“”„…•·†‰‹›€™§°±×÷−";
        let greek_cyrillic = "ΑαΩωЖжЯяЁё";
        for font in FONTS.fonts.iter().take(2) {
            for c in latin_1
                .clone()
                .chain(punctuation.chars())
                .chain(greek_cyrillic.chars())
            {
                assert!(
                    has(font, c),
                    "{} lacks {c:?} (U+{:04X})",
                    font.info().family,
                    c as u32
                );
            }
        }
        let mono = FONTS.fonts.get(2).expect("the fixed-width face");
        for c in "0123456789abcdefABCDEF:-".chars().chain(' '..='~') {
            assert!(has(mono, c), "Inconsolata lacks {c:?}");
        }
    }
}
