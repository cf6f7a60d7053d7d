//! Prints the OpenAPI document of `/admin/api` (as `GET /admin/api/openapi.json`
//! serves it), e.g. for schemathesis: `cargo run --example openapi > openapi.json`.

fn main() {
    println!(
        "{}",
        folio::startup::api_document().to_pretty_json().unwrap()
    );
}
