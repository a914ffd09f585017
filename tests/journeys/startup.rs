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

#[tokio::test]
async fn the_window_size_is_remembered_across_a_relaunch() {
    let data = DataFolder::new().unwrap();
    let app = App::launch(&data).await.unwrap();
    let resized = resize(&app, &data).await;
    app.quit().await;
    resized.unwrap();

    let app = App::launch(&data).await.unwrap();
    let size = window_size(&app).await;
    app.quit().await;
    assert_eq!(size.unwrap(), (1010, 690));
}

async fn resize(app: &App, data: &DataFolder) -> Outcome {
    app.find("[data-testid='sr-empty'][data-loaded='true']")
        .await?;
    app.driver
        .set_window_rect(40, 30, 1010, 690)
        .await
        .map_err(|e| e.to_string())?;
    let (width, height) = window_size(app).await?;
    ensure!(
        (width, height) == (1010, 690),
        "the window did not resize: {width}x{height}"
    );
    // The app saves the geometry once the window is still; quitting through WebDriver ends
    // the process without a clean exit, which is exactly the case this guards.
    data.wait_for_file(&data.window_state_file(), |text| text.contains("1010"))
        .await
}

async fn window_size(app: &App) -> Outcome<(i64, i64)> {
    app.find("[data-testid='sr-list'], [data-testid='sr-empty']")
        .await?;
    let rect = app
        .driver
        .get_window_rect()
        .await
        .map_err(|e| e.to_string())?;
    Ok((rect.width, rect.height))
}
