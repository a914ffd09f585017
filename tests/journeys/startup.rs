use escalator_e2e::{DataFolder, Outcome, RunningApp, ensure};

#[tokio::test]
async fn a_damaged_database_shows_what_is_wrong_and_where_and_is_left_alone() {
    let data = DataFolder::new().unwrap();
    std::fs::create_dir_all(data.data_dir()).unwrap();
    let garbage = b"Quarterly notes - not a database\n".repeat(64);
    std::fs::write(data.database(), &garbage).unwrap();

    let app = RunningApp::launch(&data).await.unwrap();
    let shown = problem_screen(&app, &data).await;
    app.quit().await;
    shown.unwrap();
    assert_eq!(
        std::fs::read(data.database()).unwrap(),
        garbage,
        "the file was changed"
    );
}

#[tokio::test]
async fn a_folder_that_cannot_be_written_is_explained() {
    let data = DataFolder::new().unwrap();
    let folder = read_only_folder(&data);
    let app = RunningApp::launch_on(&data, &folder).await.unwrap();
    let shown = read_only_screen(&app, &folder).await;
    app.quit().await;
    shown.unwrap();
}

/// Root ignores permission bits, so as root this is a kernel folder that refuses new files
/// to everyone; otherwise a folder without write permission.
fn read_only_folder(data: &DataFolder) -> std::path::PathBuf {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if is_root {
        return std::path::PathBuf::from("/sys/kernel");
    }
    use std::os::unix::fs::PermissionsExt;
    let folder = data.data_dir();
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    folder
}

async fn read_only_screen(app: &RunningApp, folder: &std::path::Path) -> Outcome {
    let screen = app.text("[data-testid='db-problem']").await?;
    ensure!(
        screen.contains("read-only"),
        "the problem screen says {screen:?}"
    );
    let path = app.text("[data-testid='db-problem-path']").await?;
    let expected = folder.join("escalator.sqlite3").display().to_string();
    ensure!(
        path.contains(&expected),
        "the screen shows {path:?}, not {expected:?}"
    );
    Ok(())
}

async fn problem_screen(app: &RunningApp, data: &DataFolder) -> Outcome {
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
    let app = RunningApp::launch(&data).await.unwrap();
    let resized = resize(&app, &data).await;
    app.quit().await;
    resized.unwrap();

    let app = RunningApp::launch(&data).await.unwrap();
    let size = window_size(&app).await;
    app.quit().await;
    assert_eq!(size.unwrap(), (1010, 690));
}

async fn resize(app: &RunningApp, data: &DataFolder) -> Outcome {
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

async fn window_size(app: &RunningApp) -> Outcome<(i64, i64)> {
    app.find("[data-testid='sr-list'], [data-testid='sr-empty']")
        .await?;
    let rect = app
        .driver
        .get_window_rect()
        .await
        .map_err(|e| e.to_string())?;
    Ok((rect.width, rect.height))
}

#[tokio::test]
async fn the_window_cannot_be_navigated_away_from_escalator() {
    let data = DataFolder::new().unwrap();
    let app = RunningApp::launch(&data).await.unwrap();
    let stayed = try_to_leave(&app).await;
    app.quit().await;
    stayed.unwrap();
}

async fn try_to_leave(app: &RunningApp) -> Outcome {
    app.find("[data-testid='sr-empty'][data-loaded='true']")
        .await?;
    // A real page on loopback, so that a navigation the guard let through would visibly
    // land somewhere (an unreachable address would just fail to load and prove nothing).
    let elsewhere = serve_one_page_on_loopback()?;
    // A link as vendor text might carry one; WebDriver's click waits for the navigation it
    // starts.
    app.driver
        .execute(
            "const a = document.createElement('a'); a.id = 'away'; a.textContent = 'away';
             a.href = arguments[0]; document.body.prepend(a);",
            vec![serde_json::json!(elsewhere)],
        )
        .await
        .map_err(|e| e.to_string())?;
    app.click("#away").await?;
    app.find("[data-testid='nav-settings']").await?;
    let place = app
        .driver
        .execute(
            "return window.location.protocol + '//' + window.location.host;",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    ensure!(
        place.json() == "tauri://localhost",
        "the window went to {}",
        place.json()
    );
    Ok(())
}

/// Serves a small page to at most a few requests for at most 20 s, then stops by itself.
fn serve_one_page_on_loopback() -> Outcome<String> {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut served = 0;
        while served < 4 && Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let _ = stream.set_nonblocking(false);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                    let mut request = [0u8; 2048];
                    let _ = stream.read(&mut request);
                    let body = "<html><body><h1 id='elsewhere'>Not Escalator</h1></body></html>";
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    served += 1;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    });
    Ok(format!("http://{address}/phishing"))
}
