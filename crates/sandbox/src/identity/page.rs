//! The device-login page: a person types the code shown by the app and their admin
//! account, then approves or declines. Plain server-rendered HTML, no script.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::device::{approve_device_code, decline_device_code};
use super::token_endpoint::parse_form;
use crate::context::Ctx;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn render(notice: Option<&str>, user_code: &str, upn: &str) -> Html<String> {
    let notice = notice
        .map(|n| format!("<p role=\"status\">{}</p>", escape(n)))
        .unwrap_or_default();
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox sign-in</title></head>\n<body>\n\
         <h1>Sign in to the sandbox</h1>\n{notice}\n\
         <form method=\"post\" action=\"devicelogin\">\n\
         <p><label>Code <input name=\"user_code\" value=\"{}\" autocomplete=\"off\" required></label></p>\n\
         <p><label>Admin account <input name=\"upn\" type=\"email\" value=\"{}\"></label></p>\n\
         <p><button name=\"action\" value=\"approve\">Approve</button> \
         <button name=\"action\" value=\"decline\">Decline</button></p>\n\
         </form>\n</body></html>\n",
        escape(user_code),
        escape(upn)
    ))
}

pub(super) async fn show() -> Html<String> {
    render(None, "", "")
}

pub(super) async fn submit(State(ctx): State<Ctx>, body: Bytes) -> Response {
    let form = parse_form(&body);
    let user_code = form
        .get("user_code")
        .map(String::as_str)
        .unwrap_or_default();
    let upn = form.get("upn").map(String::as_str).unwrap_or_default();
    let mut state = ctx.state.lock();
    let outcome = match form.get("action").map(String::as_str) {
        Some("approve") if upn.is_empty() => {
            Err("Enter the admin account that approves the sign-in.".to_string())
        }
        Some("approve") => approve_device_code(&mut state, user_code, upn)
            .map(|()| {
                "Signed in. You can close this window and return to the application.".to_string()
            })
            .map_err(|e| format!("Could not approve: {e}.")),
        Some("decline") => decline_device_code(&mut state, user_code)
            .map(|()| "Sign-in declined. The application will be told.".to_string())
            .map_err(|e| format!("Could not decline: {e}.")),
        _ => Err("Choose Approve or Decline.".to_string()),
    };
    match outcome {
        Ok(done) => render(Some(&done), "", "").into_response(),
        Err(problem) => (
            StatusCode::BAD_REQUEST,
            render(Some(&problem), user_code, upn),
        )
            .into_response(),
    }
}
