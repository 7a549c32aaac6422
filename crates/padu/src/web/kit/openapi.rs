//! The OpenAPI document (utoipa, from the handlers' annotations) and the API's answer to
//! axum's own refusals.

use super::error::{ErrorBody, ErrorEnvelope};
use super::ApiError;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use utoipa::{OpenApi, PartialSchema};

#[derive(OpenApi)]
#[openapi(info(
    title = "Padu API",
    description = "Platform SPBE Terpadu. Authenticate with `Authorization: Bearer <token>` from POST /api/v1/auth/login or an API token made in the UI. Errors are `{\"error\": {\"code\", \"field\", \"message\"}}`."
))]
pub struct ApiDoc;

/// The finished document: every operation's error responses carry the error envelope, and
/// any other 4xx is documented as one too (`4XX`), since every API error is answered that way.
pub fn document(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let envelope = || {
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
            .build()
    };
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, schema) in [
        ("ErrorEnvelope", ErrorEnvelope::schema()),
        ("ErrorBody", ErrorBody::schema()),
    ] {
        components.schemas.insert(name.to_string(), schema);
    }
    with_vocabularies(components);
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            let responses = &mut op.responses.responses;
            for (status, response) in responses.iter_mut() {
                if let (true, RefOr::T(r)) = (status.starts_with('4'), response) {
                    if r.content.is_empty() {
                        r.content.insert("application/json".into(), envelope());
                    }
                }
            }
            responses.entry("4XX".into()).or_insert_with(|| {
                ResponseBuilder::new()
                    .description("any other refusal, in the error envelope")
                    .content("application/json", envelope())
                    .into()
            });
        }
    }
    doc
}

/// Each register's input and record name their vocabularies' values (an enum where the type
/// is a string), from the register's definition.
fn with_vocabularies(components: &mut utoipa::openapi::Components) {
    use utoipa::openapi::{RefOr, Schema};
    use utoipa::ToSchema;
    let registers = padu_store::with_register!(@each R => (
        [R::name(), padu_store::registers::Record::<R>::name()],
        <R as padu_store::registers::Register>::DEF,
    ));
    for (names, def) in registers {
        for name in names {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&*name) {
                enumerate(object, def.fields);
            }
        }
    }
}

/// The fields of `fields` that take a vocabulary's values, as enums in `object`.
fn enumerate(
    object: &mut utoipa::openapi::schema::Object,
    fields: &[padu_domain::register::Field],
) {
    use utoipa::openapi::{RefOr, Schema};
    for field in fields.iter().filter(|f| f.vocabulary().is_some()) {
        if let Some(RefOr::T(Schema::Object(property))) = object.properties.get_mut(field.name) {
            use utoipa::openapi::schema::{SchemaType, Type};
            // An optional choice stays optional: null is one of its values.
            let nullable = matches!(&property.schema_type, SchemaType::Array(types) if types.contains(&Type::Null));
            let mut described = super::records::field_schema(field)
                .description(property.description.clone())
                .build();
            if nullable {
                described.schema_type = SchemaType::from_iter([Type::String, Type::Null]);
                if let Some(values) = described.enum_values.as_mut() {
                    values.push(serde_json::Value::Null);
                }
            }
            *property = described;
        }
    }
}

/// axum's own refusals (a path segment that is not a number, a body over the size limit, a
/// multipart body that is not one, a method the route lacks) answer in plain text; the API
/// answers every error in its envelope, so those are rewrapped here.
pub async fn json_rejections(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !status.is_client_error() || is_json {
        return response;
    }
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        _ => "bad_request",
    };
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("refused").to_string()
    } else {
        text
    };
    ApiError::new(status, code, message).into_response()
}
