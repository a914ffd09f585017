use escalator_cli::Exit;

use crate::util::{Data, escalator_in};

#[test]
fn list_shows_the_open_escalations_in_aligned_columns() {
    let data = Data::sample();
    let run = escalator_in(&data.dir, ["list"]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");

    let lines: Vec<&str> = run.stdout.lines().collect();
    let header = lines[0];
    for column in ["ID", "STATE", "VENDOR", "SR", "TITLE"] {
        assert!(header.contains(column), "{header}");
    }
    let open = data.open_escalations();
    assert_eq!(lines.len(), 1 + open.len(), "{}", run.stdout);
    for escalation in &open {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&escalation.id))
            .unwrap_or_else(|| panic!("no row for {}: {}", escalation.title, run.stdout));
        assert!(line.ends_with(&escalation.title), "{line}");
        assert!(line.contains(&escalation.vendor_sr_number), "{line}");
        assert!(line.contains(escalation.state.as_str()), "{line}");
    }
    // Aligned: every row's title starts where the header's TITLE does.
    let title_at = header.find("TITLE").unwrap();
    for (line, escalation) in lines[1..].iter().zip(&open) {
        assert_eq!(
            line.find("Escalation "),
            Some(title_at),
            "{line} / {}",
            escalation.id
        );
    }
    assert!(
        !run.stdout.contains(&data.withdrawn().title),
        "{}",
        run.stdout
    );
}

#[test]
fn list_all_includes_the_withdrawn_escalation() {
    let data = Data::sample();
    let run = escalator_in(&data.dir, ["list", "--all"]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    for escalation in data.escalations() {
        assert!(run.stdout.contains(&escalation.title), "{}", run.stdout);
    }
    assert!(run.stdout.contains("withdrawn"), "{}", run.stdout);
}

#[test]
fn list_json_gives_scripts_the_same_fields_as_the_window() {
    let data = Data::sample();
    let run = escalator_in(&data.dir, ["list", "--json"]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let open = data.open_escalations();
    assert_eq!(rows.len(), open.len());
    for (row, escalation) in rows.iter().zip(&open) {
        assert_eq!(row["id"], escalation.id.as_str());
        assert_eq!(row["title"], escalation.title.as_str());
        assert_eq!(row["state"], escalation.state.as_str());
        assert_eq!(row["vendorSrNumber"], escalation.vendor_sr_number.as_str());
    }
}

#[test]
fn an_empty_data_folder_lists_nothing_and_says_so_on_stderr() {
    let scratch = crate::util::Scratch::new();
    let dir = scratch.path("data");
    // A data folder the app has opened once, with no escalations yet.
    drop(escalator_app::App::open(
        &dir,
        std::sync::Arc::new(escalator_app::SystemClock),
    ));
    let run = escalator_in(&dir, ["list"]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("No open escalations"), "{}", run.stderr);

    let run = escalator_in(&dir, ["list", "--json"]);
    assert_eq!(run.stdout.trim(), "[]");
}
