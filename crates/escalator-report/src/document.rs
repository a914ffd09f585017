//! The one shape every report takes before it becomes a file.
//!
//! Each report (an escalation's, the status of open escalations, the vendor scorecards) is
//! built once into a [`Document`]: a title, a few facts about it, and sections of fields,
//! paragraphs, tables and notices, every word already chosen and every time already written in
//! the reader's zone. The formats (Markdown, HTML, CSV, PDF) then only lay that document out,
//! so they cannot disagree about what a report says, and a new format is one renderer.
//!
//! All text here is plain, as the user or vendor typed it; each renderer escapes it for its
//! own format. A document carries no markup, no styling and no file names beyond a table's
//! `name` (the stem of its CSV file); it never reads the clock or the store.

use serde::Serialize;

/// A report ready to be laid out in any format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub title: String,
    /// Facts about the report as a whole (state, period, when it was generated).
    pub facts: Vec<Field>,
    pub sections: Vec<Section>,
}

/// A level-two heading and what follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A label and its value, both plain one-line text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// A table: the unit a CSV export writes as one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Lower-case words joined by hyphens, unique within a document: the CSV file's stem.
    pub name: String,
    pub headers: Vec<String>,
    /// Each row has exactly one cell per header.
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Worth a reader's attention but nothing is wrong (e.g. updates missed).
    Caution,
    /// Something the reader must not overlook (e.g. a broken timeline chain).
    Alarm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A list of labelled one-line values.
    Fields {
        fields: Vec<Field>,
    },
    /// Free text as typed: line breaks and blank lines between paragraphs are kept.
    Text {
        text: String,
    },
    /// Free text under a short bold label ("Problem statement").
    Labelled {
        label: String,
        text: String,
    },
    Table {
        table: Table,
    },
    /// What a section says when it has nothing to list ("None engaged.").
    Empty {
        text: String,
    },
    /// A value that must be shown exactly, in a fixed-width face (a hash).
    Code {
        label: String,
        value: String,
    },
    Notice {
        tone: Tone,
        text: String,
    },
    /// A level-three heading and its blocks; not nested further.
    Subsection {
        heading: String,
        blocks: Vec<Block>,
    },
}

impl Document {
    /// Every table in the document, in reading order, including those in subsections.
    pub fn tables(&self) -> Vec<&Table> {
        fn collect<'a>(blocks: &'a [Block], out: &mut Vec<&'a Table>) {
            for block in blocks {
                match block {
                    Block::Table { table } => out.push(table),
                    Block::Subsection { blocks, .. } => collect(blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for section in &self.sections {
            collect(&section.blocks, &mut out);
        }
        out
    }
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            value: value.into(),
        }
    }
}
