//! A local web server of images for the tests that bring images home: good
//! images, redirects, a loop, 404, a slow trickle, a 2 GB answer, HTML
//! dressed as a JPEG, and a host that refuses hot-linking (403 when a
//! `Referer` is sent). On 127.0.0.1, on a free port, for as long as the
//! test runs.

use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use futures_util::stream;

/// A JPEG `width` × `height` whose colour comes from `seed` (so each name
/// gives other bytes).
pub fn jpeg(seed: &str, width: u32, height: u32) -> Vec<u8> {
    let tint = seed
        .bytes()
        .fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([tint, (x % 256) as u8, (y % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn good(name: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/jpeg")
        .body(jpeg(&name, 640, 400))
}

async fn redirect(to: &'static str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header(("location", to))
        .finish()
}

async fn hotlink(req: HttpRequest) -> HttpResponse {
    if req.headers().contains_key("referer") {
        return HttpResponse::Forbidden().body("no hot-linking");
    }
    HttpResponse::Ok()
        .content_type("image/jpeg")
        .body(jpeg("hotlink", 300, 200))
}

/// One byte a second, for a minute.
async fn slow() -> HttpResponse {
    let body = stream::unfold(0u32, |n| async move {
        if n >= 60 {
            return None;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        Some((
            Ok::<_, actix_web::Error>(web::Bytes::from_static(b"x")),
            n + 1,
        ))
    });
    HttpResponse::Ok()
        .content_type("image/jpeg")
        .streaming(body)
}

/// 2 GB of zeros, made as they are read, with no length announced.
async fn huge() -> HttpResponse {
    let chunk = web::Bytes::from(vec![0u8; 64 * 1024]);
    let body = stream::unfold(0u64, move |n| {
        let chunk = chunk.clone();
        async move {
            (n < 2 * 1024 * 1024 * 1024).then(|| (Ok::<_, actix_web::Error>(chunk), n + 64 * 1024))
        }
    });
    HttpResponse::Ok()
        .content_type("image/jpeg")
        .streaming(body)
}

async fn html_as_jpeg() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/jpeg")
        .body("<!DOCTYPE html><html><body>not an image</body></html>")
}

/// The server's address, `http://127.0.0.1:{port}`.
pub async fn serve_images() -> String {
    let server = HttpServer::new(|| {
        App::new()
            .route("/good/{name}", web::get().to(good))
            .route(
                "/redirect.jpg",
                web::get().to(|| redirect("/good/redirected.jpg")),
            )
            .route("/loop.jpg", web::get().to(|| redirect("/loop.jpg")))
            .route(
                "/to-metadata.jpg",
                web::get().to(|| redirect("http://169.254.169.254/latest/meta-data")),
            )
            .route("/hotlink.jpg", web::get().to(hotlink))
            .route("/slow.jpg", web::get().to(slow))
            .route("/huge.jpg", web::get().to(huge))
            .route("/page.jpg", web::get().to(html_as_jpeg))
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .unwrap();
    let address = server.addrs()[0];
    tokio::spawn(server.run());
    format!("http://{address}")
}
