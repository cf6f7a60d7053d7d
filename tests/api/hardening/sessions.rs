//! Sessions per ASVS 5 L2: the browser is told to forget the admin at
//! logout, admin pages keep other windows out, and a site served over
//! https tells browsers to come back only over https. (A password
//! change's new session id and token list: `admin_people`.)

use crate::app::TestApp;

#[tokio::test]
async fn logout_clears_what_the_browser_kept() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let page = s.get("/admin").await;
    assert_eq!(page.headers()["cross-origin-opener-policy"], "same-origin");
    let r = s.post("/admin/logout", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["clear-site-data"],
        "\"cache\", \"cookies\", \"storage\""
    );
    assert!(
        r.headers().get("strict-transport-security").is_none(),
        "not over http"
    );
}

#[tokio::test]
async fn a_site_served_over_https_asks_for_https_everywhere() {
    let app = TestApp::spawn_with(&[("FOLIO_PUBLIC_URL", "https://folio.test")]).await;
    for path in ["/admin/login", "/", "/api/articles", "/healthz"] {
        let r = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
        assert_eq!(
            r.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap().to_owned()),
            Some("max-age=31536000".to_owned()),
            "{path}"
        );
    }
}
