use escalator_e2e::{App, DataFolder, Outcome, ensure};

#[tokio::test]
async fn a_damaged_database_shows_what_is_wrong_and_where_and_is_left_alone() {
    let data = DataFolder::new().unwrap();
    std::fs::create_dir_all(data.data_dir()).unwrap();
    let garbage = b"Quarterly notes - not a database\n".repeat(64);
    std::fs::write(data.database(), &garbage).unwrap();

    let app = App::launch(&data).await.unwrap();
    let shown = problem_screen(&app, &data).await;
    app.quit().await;
    shown.unwrap();
    assert_eq!(
        std::fs::read(data.database()).unwrap(),
        garbage,
        "the file was changed"
    );
}

async fn problem_screen(app: &App, data: &DataFolder) -> Outcome {
    let screen = app.text("[data-testid='db-problem']").await?;
    ensure!(
        screen.contains("damaged"),
        "the problem screen says {screen:?}"
    );
    let path = app.text("[data-testid='db-problem-path']").await?;
    let expected = data.database().display().to_string();
    ensure!(
        path.contains(&expected),
        "the screen shows {path:?}, not {expected:?}"
    );
    let sidebar = app
        .driver
        .find_all(thirtyfour::By::Css("[data-testid='nav-support-requests']"))
        .await;
    ensure!(
        sidebar.map(|s| s.is_empty()).unwrap_or(false),
        "the app shell is shown over a broken database"
    );
    Ok(())
}
