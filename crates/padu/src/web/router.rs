//! Every route Padu serves, module by module, each behind its gate; and the layers around them.

use super::kit::middleware::security_layer;
use super::kit::openapi::{document, json_rejections};
use super::kit::refusals;
use super::kit::{metrics, RouteRule, Routes, SharedState};
use super::{
    data_terbuka, evaluasi, foundation, katalog, layanan, manajemen, pengaduan, penghubung,
};
use axum::Json;
use padu_domain::Gate;
use std::net::SocketAddr;
use std::sync::OnceLock;

/// The routes of every module, and the OpenAPI document of their API.
fn routes() -> Routes {
    Routes::new()
        .merge(foundation::routes())
        .merge(katalog::routes())
        .merge(layanan::routes())
        .merge(manajemen::routes())
        .merge(evaluasi::routes())
        .merge(data_terbuka::routes())
        .merge(pengaduan::routes())
        .merge(penghubung::routes())
        .merge(super::kit::records::routes())
        .get("/api/openapi.json", Gate::Anyone, openapi_json)
}

/// Every route with its gate, as the router serves them (for the route-table test).
pub fn route_table() -> Vec<RouteRule> {
    routes().into_parts().2
}

/// The OpenAPI document, made once from the routes' annotations.
async fn openapi_json() -> Json<serde_json::Value> {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    let doc = DOCUMENT.get_or_init(|| {
        let (api, _, _) = routes().into_parts();
        let (_, doc) = api.split_for_parts();
        serde_json::to_value(document(doc)).unwrap_or_default()
    });
    Json(doc.clone())
}

/// Builds the whole application.
pub fn router(state: SharedState) -> axum::Router {
    let (api, pages, _) = routes().into_parts();
    let (api, _) = api.split_for_parts();
    axum::Router::new()
        .merge(api.layer(axum::middleware::from_fn(json_rejections)))
        .merge(pages.layer(axum::middleware::from_fn(refusals::html_rejections)))
        .fallback(refusals::not_found)
        // The gates of the routes find the state here (their layer is built before it exists).
        .layer(axum::Extension(state.clone()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(security_layer))
        .with_state(state)
}

/// Runs the server on `listener` until `shutdown` completes.
pub async fn serve(
    state: SharedState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
