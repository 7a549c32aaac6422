//! How a module declares its routes: each one with its [`Gate`], the domain's rule of who may
//! call it at all. The gate is checked by a layer on that route before the handler runs (the
//! caller it resolves is the handler's [`Caller`], so a request resolves it once), and the
//! route table that [`Routes::table`] returns is what `tests/routes.rs` walks as every role.
//! There is no other way to add a route: modules never build an axum or utoipa router
//! themselves (that test also scans the sources for one).

use super::caller::Caller;
use super::layout::error_page;
use super::state::SharedState;
use super::ApiError;
use axum::extract::{FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{on, MethodFilter};
use axum::Router;
use padu_domain::{Denied, Gate};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// The response header a gate's refusal carries.
pub const REFUSED_BY: &str = "x-padu-refused-by";

/// One route as served: its method, its path as the router matches it, and its gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRule {
    pub method: Method,
    pub path: String,
    pub gate: Gate,
}

/// A module's routes: API operations (documented in OpenAPI) and pages, each with its gate.
pub struct Routes {
    api: OpenApiRouter<SharedState>,
    pages: Router<SharedState>,
    table: Vec<RouteRule>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Routes {
            api: OpenApiRouter::new(),
            pages: Router::new(),
            table: Vec::new(),
        }
    }

    /// API operations (one `utoipa_axum::routes!`, which may hold several methods of one
    /// path), all behind `gate`.
    pub fn api(mut self, gate: Gate, operations: UtoipaMethodRouter<SharedState>) -> Self {
        let (schemas, paths, method_router) = operations;
        for (path, item) in &paths.paths {
            let methods = [
                (Method::GET, item.get.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::PATCH, item.patch.is_some()),
                (Method::DELETE, item.delete.is_some()),
            ];
            for (method, _) in methods.into_iter().filter(|m| m.1) {
                self.table.push(RouteRule {
                    method,
                    path: path.clone(),
                    gate,
                });
            }
        }
        let guarded = method_router.route_layer(from_fn_with_state(gate, enforce));
        self.api = self.api.routes((schemas, paths, guarded));
        self
    }

    /// A page (or any route outside the OpenAPI document) answering GET.
    pub fn get<H, T>(self, path: &'static str, gate: Gate, handler: H) -> Self
    where
        H: Handler<T, SharedState>,
        T: 'static,
    {
        self.page(Method::GET, MethodFilter::GET, path, gate, handler)
    }

    /// A page's form target answering POST.
    pub fn post<H, T>(self, path: &'static str, gate: Gate, handler: H) -> Self
    where
        H: Handler<T, SharedState>,
        T: 'static,
    {
        self.page(Method::POST, MethodFilter::POST, path, gate, handler)
    }

    fn page<H, T>(
        mut self,
        method: Method,
        filter: MethodFilter,
        path: &'static str,
        gate: Gate,
        handler: H,
    ) -> Self
    where
        H: Handler<T, SharedState>,
        T: 'static,
    {
        self.table.push(RouteRule {
            method,
            path: path.to_string(),
            gate,
        });
        let guarded = on(filter, handler).route_layer(from_fn_with_state(gate, enforce));
        self.pages = self.pages.route(path, guarded);
        self
    }

    /// Another module's routes beside these.
    pub fn merge(mut self, other: Routes) -> Self {
        self.api = self.api.merge(other.api);
        self.pages = self.pages.merge(other.pages);
        self.table.extend(other.table);
        self
    }

    /// Bodies of up to `bytes` for every route declared so far (uploads and imports; axum's
    /// default is 2 MB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        let limit = axum::extract::DefaultBodyLimit::max(bytes);
        self.api = self.api.layer(limit);
        self.pages = self.pages.layer(limit);
        self
    }

    pub fn table(&self) -> &[RouteRule] {
        &self.table
    }

    /// The routers and the table: the API's (with its OpenAPI paths), the pages', every rule.
    pub fn into_parts(
        self,
    ) -> (
        OpenApiRouter<SharedState>,
        Router<SharedState>,
        Vec<RouteRule>,
    ) {
        (self.api, self.pages, self.table)
    }
}

/// The gate's check, in front of the route's handler. The caller it resolves is kept in the
/// request for the handler's `Caller` extractor.
async fn enforce(State(gate): State<Gate>, req: Request, next: Next) -> Response {
    let Some(state) = req.extensions().get::<SharedState>().cloned() else {
        // The router installs the state for this layer; without it nothing is let through.
        tracing::error!("route gate without application state");
        return ApiError::from(Denied::Forbidden).into_response();
    };
    let api = req.uri().path().starts_with("/api/");
    let (mut parts, body) = req.into_parts();
    let caller = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(e) => return e.into_response(),
    };
    if let Err(denied) = gate.admits(&caller.actor) {
        let mut refusal = match (api, denied) {
            (true, _) => ApiError::from(denied).into_response(),
            (false, Denied::NotAuthenticated) => Redirect::to("/login").into_response(),
            (false, _) => error_page(&state, &caller, denied.into()),
        };
        // Says which check refused: the route's gate, before anything of the request was read
        // (a refusal without it came from the record's own rule).
        refusal
            .headers_mut()
            .insert(REFUSED_BY, axum::http::HeaderValue::from_static("gate"));
        return refusal;
    }
    // An account whose password the Dinas reset chooses its own before any other page.
    let must_change = caller.user.as_ref().is_some_and(|u| u.must_change_password);
    if must_change && !api && !["/akun/sandi", "/logout"].contains(&parts.uri.path()) {
        return Redirect::to("/akun/sandi").into_response();
    }
    parts.extensions.insert(caller);
    next.run(Request::from_parts(parts, body)).await
}
