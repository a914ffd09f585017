//! Reports: an escalation exported as PDF from the Reports view lands in the export folder
//! as a real PDF that names the escalation, and shows up under recent exports.

use escalator_e2e::{DataFolder, Outcome, RunningApp, ensure};

use crate::escalations::escalate_through_wizard;

#[tokio::test]
async fn an_escalation_is_exported_as_pdf_from_the_reports_view() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let walked = export_pdf(&app, &data).await;
    app.quit().await;
    walked.unwrap();
}

async fn export_pdf(app: &RunningApp, data: &DataFolder) -> Outcome {
    escalate_through_wizard(app).await?;

    app.click("[data-testid='nav-reports']").await?;
    app.choose("[data-testid='report-kind']", "escalation")
        .await?;
    // The only escalation; its option's value is its id.
    let picker = app
        .find("[data-testid='report-escalation'] option:not([value=''])")
        .await?;
    picker.click().await.map_err(|e| e.to_string())?;
    app.choose("[data-testid='report-format']", "pdf").await?;
    app.find("[data-testid='report-preview']").await?;

    app.click("[data-testid='report-export']").await?;
    let saved = app
        .wait_for_text("[data-testid='report-saved']", ".pdf")
        .await?;
    let name = saved
        .split(|c: char| c.is_whitespace() || c == '/')
        .find(|word| word.ends_with(".pdf"))
        .unwrap_or_default()
        .to_owned();
    ensure!(
        name.starts_with("escalation-"),
        "saved as {name:?} ({saved:?})"
    );
    let file = data.export_dir().join(&name);
    let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    ensure!(bytes.starts_with(b"%PDF-"), "not a PDF: {}", file.display());
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &file.display().to_string(), "-"])
        .output()
        .map_err(|e| format!("pdftotext: {e}"))?;
    let text = String::from_utf8_lossy(&text.stdout);
    for fact in ["vMotion fails between hosts", "24512345678", "requested"] {
        ensure!(text.contains(fact), "the PDF lacks {fact:?}:\n{text}");
    }
    let recent = app
        .wait_for_text("[data-testid='recent-exports']", &name)
        .await?;
    ensure!(
        recent.contains("PDF") || recent.contains("pdf"),
        "{recent:?}"
    );
    Ok(())
}
