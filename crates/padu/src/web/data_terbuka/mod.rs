//! Data terbuka (PRODUCT.md module 5): the producers' and the walidata's pages (`manage`),
//! the public portal (`portal`), the staff's JSON API (`api`), CKAN's Action API for
//! existing clients and harvesters (`ckan`) and the DCAT-AP 3 catalogue (`dcat`). The operations are `app::data_terbuka`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod api;
mod ckan;
mod dcat;
mod manage;
mod portal;
mod table;

use crate::app::data_terbuka::NewResource;
use crate::web::kit::upload::Upload;
use crate::web::kit::Routes;
use axum::handler::Handler;
use padu_domain::data_terbuka::publication::PUBLISHES;
use padu_domain::Gate;
use padu_store::data_terbuka::resources::ResourceFile;

/// The largest resource file accepted (a bigger table belongs behind a link or in parts).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

fn file_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)
}

/// The day of a stored moment (RFC 3339, UTC) in the region's time, as the pages write days.
fn day_of(at: &str) -> String {
    padu_store::parse_ts(at)
        .map(|t| crate::web::kit::layout::day(padu_domain::sla::wib_date(t)))
        .unwrap_or_default()
}

/// A public file as sent: caches and harvesters may keep it for five minutes.
fn cacheable(mut resp: axum::response::Response) -> axum::response::Response {
    resp.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("public, max-age=300"),
    );
    resp
}

/// A file's size in words people read: bytes, KB or MB.
fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", b / 1024),
        b => format!("{:.1} MB", b as f64 / 1024.0 / 1024.0),
    }
}

/// An uploaded file as a new resource: its parts `name`, `description` and `note` with it.
fn new_file(up: &Upload) -> NewResource<'_> {
    let field = |k: &str| up.fields.get(k).map(String::as_str).unwrap_or_default();
    NewResource::File {
        name: field("name"),
        description: field("description"),
        file: version_file(up),
    }
}

/// An uploaded file as a resource's version, its part `note` saying what changed.
fn version_file(up: &Upload) -> ResourceFile<'_> {
    ResourceFile {
        filename: &up.filename,
        data: &up.data,
        note: up
            .fields
            .get("note")
            .map(String::as_str)
            .unwrap_or_default(),
        loaded: None,
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .merge(api::routes())
        .merge(ckan::routes())
        .get("/data-terbuka", Gate::Anyone, portal::search_page)
        .get(
            "/data-terbuka/katalog",
            Gate::Anyone,
            dcat::catalogue_negotiated,
        )
        .get(
            "/data-terbuka/katalog.ttl",
            Gate::Anyone,
            dcat::catalogue_ttl,
        )
        .get(
            "/data-terbuka/katalog.rdf",
            Gate::Anyone,
            dcat::catalogue_rdf,
        )
        .get(
            "/data-terbuka/katalog.jsonld",
            Gate::Anyone,
            dcat::catalogue_jsonld,
        )
        .get("/data-terbuka/kelola", Gate::SignedIn, manage::list_page)
        .post("/data-terbuka/kelola", PUBLISHES, manage::draft_submit)
        .get("/data-terbuka/kelola/baru", PUBLISHES, manage::new_page)
        .get(
            "/data-terbuka/kelola/{id}",
            Gate::SignedIn,
            manage::dataset_page,
        )
        .post("/data-terbuka/kelola/{id}", PUBLISHES, manage::edit_submit)
        .post(
            "/data-terbuka/kelola/{id}/status",
            PUBLISHES,
            manage::step_submit,
        )
        .post(
            "/data-terbuka/kelola/{id}/tautan",
            PUBLISHES,
            manage::link_submit,
        )
        .post(
            "/data-terbuka/kelola/{id}/berkas",
            PUBLISHES,
            manage::file_submit.layer(file_limit()),
        )
        .post(
            "/data-terbuka/kelola/{id}/berkas/{resource}",
            PUBLISHES,
            manage::version_submit.layer(file_limit()),
        )
        .get("/data-terbuka/{name}", Gate::Anyone, portal::dataset_page)
        .get(
            "/data-terbuka/{name}/tabel/{resource}",
            Gate::Anyone,
            table::table_page,
        )
        .get(
            "/data-terbuka/{name}/unduh/{resource}",
            Gate::Anyone,
            portal::download,
        )
}
