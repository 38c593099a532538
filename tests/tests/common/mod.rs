//! What more than one scenario does outside the window.

/// What the admin does in the browser: the emulator's device-code page takes the code
/// and the account, and answers "Signed in".
pub async fn approve_device_code(page: &str, user_code: &str, upn: &str) {
    let answer = reqwest::Client::new()
        .post(page)
        .form(&[
            ("user_code", user_code),
            ("upn", upn),
            ("action", "approve"),
        ])
        .send()
        .await
        .expect("the sign-in page answers");
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    assert!(
        status.is_success() && body.contains("Signed in"),
        "the approval was refused ({status}): {body}"
    );
}
