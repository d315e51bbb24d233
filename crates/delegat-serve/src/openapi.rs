//! `GET /openapi.json`: the OpenAPI 3.1 document of the service as it runs now, written by
//! hand from the catalog: one path per decision served, with the JSON Schema of its case as
//! the request body, so that an e-service can generate its client from this document alone.
//! The integration tests check that every path and method it names answers, and that every
//! route of the router is in it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value as Json, json};

use crate::app::Shared;
use crate::catalog::Catalog;
use crate::errors::json_bytes;

/// `GET /openapi.json`.
pub async fn document(State(state): State<Shared>) -> Response {
    let doc = openapi(&state.catalog());
    json_bytes(StatusCode::OK, doc.to_string().into_bytes())
}

fn error_response(description: &str) -> Json {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Fel" } } }
    })
}

/// The document for `catalog`.
pub fn openapi(catalog: &Catalog) -> Json {
    let mut paths = Map::new();
    for (name, route) in catalog.routes() {
        let Some(served) = catalog.packs().get(route.pack) else {
            continue;
        };
        let meta = &served.pack.program().meta;
        let summary = format!("Fatta beslutet `{name}` ({})", meta.title);
        let op_id = format!("besluta_{}", operation_name(name));
        paths.insert(
            format!("/beslut/{name}"),
            json!({
                "post": {
                    "operationId": op_id,
                    "summary": summary,
                    "description": format!(
                        "Ett ärende in, beslutet ut. Regelpaketets kontrollsumma: {}.",
                        served.pack.hash()
                    ),
                    "tags": ["beslut"],
                    "parameters": [{
                        "name": "format",
                        "in": "query",
                        "required": false,
                        "description": "`json` (standard): beslutet; `text` eller `html`: beslutsbrevet.",
                        "schema": { "type": "string", "enum": ["json", "text", "html"] }
                    }],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": served.pack.schema() } }
                    },
                    "responses": decision_responses()
                }
            }),
        );
        paths.insert(
            format!("/beslut/{name}/schema"),
            json!({
                "get": {
                    "operationId": format!("schema_{}", operation_name(name)),
                    "summary": format!("JSON-schemat för ett ärende till `{name}`"),
                    "tags": ["upptäckt"],
                    "responses": {
                        "200": {
                            "description": "JSON Schema (2020-12) för ärendet, för e-tjänstens formulär.",
                            "content": { "application/json": { "schema": { "type": "object" } } }
                        }
                    }
                }
            }),
        );
    }
    paths.insert(
        "/beslut".into(),
        json!({
            "get": {
                "operationId": "lista_beslut",
                "summary": "Besluten tjänsten fattar, med regelpaketens titel, version, kontrollsumma, signerande nyckel och normdatum",
                "tags": ["upptäckt"],
                "responses": {
                    "200": {
                        "description": "Besluten.",
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Beslutslista" } } }
                    }
                }
            }
        }),
    );
    paths.insert(
        "/openapi.json".into(),
        json!({
            "get": {
                "operationId": "openapi",
                "summary": "Det här dokumentet",
                "tags": ["upptäckt"],
                "responses": { "200": { "description": "OpenAPI 3.1.", "content": { "application/json": { "schema": { "type": "object" } } } } }
            }
        }),
    );
    paths.insert(
        "/admin/ladda-om".into(),
        json!({
            "post": {
                "operationId": "ladda_om",
                "summary": "Läs in regelpaketen på nytt och byt till dem på en gång; ett felaktigt paket lämnar de gamla i bruk",
                "tags": ["drift"],
                "security": [{ "token": [] }],
                "responses": {
                    "200": {
                        "description": "De nya regelpaketen används; deras kontrollsummor.",
                        "content": { "application/json": { "schema": {
                            "type": "object",
                            "properties": { "regelpaket": { "type": "array", "items": { "type": "string" } } },
                            "required": ["regelpaket"]
                        } } }
                    },
                    "401": error_response("Token saknas eller är fel (E0534)."),
                    "422": error_response("Ett regelpaket vägrades; de gamla används (E0530, E0501, E0503–E0505, E0507).")
                }
            }
        }),
    );
    let id_param = json!([{
        "name": "id",
        "in": "path",
        "required": true,
        "description": "Kvittots id (UUID), som svaret på ett beslut anger i rubriken `Delegat-Kvitto`.",
        "schema": { "type": "string" }
    }]);
    let receipt_errors = |ok: Json| {
        json!({
            "200": ok,
            "401": error_response("Token saknas eller är fel (E0534)."),
            "404": error_response("Inget sådant kvitto (E0517), eller ingen beslutslogg (E0533)."),
            "503": error_response("Beslutsloggen kan inte läsas (E0510, E0516).")
        })
    };
    paths.insert(
        "/kvitton/{id}".into(),
        json!({
            "get": {
                "operationId": "kvitto",
                "summary": "Ett loggat beslut: ärendet (i normalform), utfall, regelpaket och kontrollsummor",
                "tags": ["kvitton"],
                "security": [{ "token": [] }],
                "parameters": id_param,
                "responses": receipt_errors(json!({
                    "description": "Det loggade beslutet.",
                    "content": { "application/json": { "schema": { "type": "object" } } }
                }))
            }
        }),
    );
    paths.insert(
        "/kvitton/{id}/upprepa".into(),
        json!({
            "get": {
                "operationId": "upprepa_kvitto",
                "summary": "Det loggade ärendet beslutat igen med det arkiverade regelpaketet, och om beslutet är detsamma som det loggade",
                "tags": ["kvitton"],
                "security": [{ "token": [] }],
                "parameters": id_param,
                "responses": receipt_errors(json!({
                    "description": "`stämmer` är sant när beslutet nu är byte för byte det loggade.",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": {
                            "kvitto": { "type": "string" },
                            "stämmer": { "type": "boolean" },
                            "beslut": { "$ref": "#/components/schemas/Beslut" }
                        },
                        "required": ["kvitto", "stämmer", "beslut"]
                    } } }
                }))
            }
        }),
    );
    for (path, id, summary) in [
        ("/healthz", "healthz", "Tjänsten lever"),
        (
            "/readyz",
            "readyz",
            "Tjänsten tar emot ärenden (503 medan den stänger eller medan loggen inte kan nås)",
        ),
    ] {
        paths.insert(
            path.into(),
            json!({
                "get": {
                    "operationId": id,
                    "summary": summary,
                    "tags": ["drift"],
                    "responses": {
                        "200": { "description": "Ja.", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "503": { "description": "Nej.", "content": { "application/json": { "schema": { "type": "object" } } } }
                    }
                }
            }),
        );
    }
    paths.insert(
        "/metrics".into(),
        json!({
            "get": {
                "operationId": "metrics",
                "summary": "Mätvärden i Prometheus textformat",
                "tags": ["drift"],
                "responses": { "200": { "description": "Mätvärdena.", "content": { "text/plain": { "schema": { "type": "string" } } } } }
            }
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Delegat – nämndens automatiserade beslutsfunktion",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Ärenden beslutas med de regelpaket nämnden har antagit (kommunallagen 6 kap. 37–38 §§). Se docs/tjanst.md."
        },
        "paths": Json::Object(paths),
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Fel": {
                    "type": "object",
                    "properties": {
                        "fel": {
                            "type": "object",
                            "properties": {
                                "kod": { "type": "string", "pattern": "^E[0-9]{4}$" },
                                "meddelande": { "type": "string" },
                                "fält": { "type": ["string", "null"] }
                            },
                            "required": ["kod", "meddelande", "fält"]
                        }
                    },
                    "required": ["fel"]
                },
                "Beslut": {
                    "type": "object",
                    "$comment": "Med beslutslogg anger svaret kvittot i rubrikerna Delegat-Kvitto och Location.",
                    "description": "Beslutsdokumentet delegat-beslut/1 (docs/beslut.md), samma byte som `delegat batch` skriver.",
                    "properties": {
                        "format": { "const": "delegat-beslut/1" },
                        "beslut": { "type": "string" },
                        "slag": { "enum": ["beslut", "beslutsstöd"] },
                        "utfall": { "enum": ["bifall", "avslag", "fastställt", "manuell"] },
                        "beslutsdatum": { "type": "string", "format": "date" },
                        "normdatum": { "type": "string", "format": "date", "description": "Datumet som valde belopp och lagrum, när beslutet anger ett annat än beslutsdatum." },
                        "period": {
                            "type": "object",
                            "description": "Perioden som beslutet gäller, när beslutet anger en.",
                            "properties": {
                                "från": { "type": "string", "format": "date" },
                                "till": { "type": "string", "format": "date" }
                            },
                            "required": ["från", "till"]
                        },
                        "regelverk": { "type": "object" }
                    },
                    "required": ["format", "beslut", "slag", "utfall", "beslutsdatum", "regelverk"]
                },
                "Beslutslista": {
                    "type": "object",
                    "properties": { "beslut": { "type": "array", "items": { "type": "object" } } },
                    "required": ["beslut"]
                }
            }
        }
    })
}

fn decision_responses() -> Json {
    json!({
        "200": {
            "description": "Beslutet (också `manuell`, när ett fel under beräkningen lämnar ärendet till en handläggare), eller beslutsbrevet.",
            "content": {
                "application/json": { "schema": { "$ref": "#/components/schemas/Beslut" } },
                "text/plain": { "schema": { "type": "string" } },
                "text/html": { "schema": { "type": "string" } }
            }
        },
        "401": error_response("Token krävs för besluten och saknas eller är fel (E0534)."),
        "404": error_response("Inget sådant beslut (E0533)."),
        "406": error_response("Okänt format (E0537)."),
        "408": error_response("Begäran tog för lång tid (E0536)."),
        "413": error_response("Ärendet är för stort (E0531)."),
        "415": error_response("Ärendet är inte JSON (E0532)."),
        "422": error_response("Ärendet kan inte läsas (E0420–E0425); inget beslut."),
        "503": error_response("Tjänsten är överbelastad (E0535), eller beslutet kunde inte loggas (E0538); försök igen.")
    })
}

/// A decision name as an ASCII identifier for `operationId` (`försörjningsstöd` →
/// `forsorjningsstod`).
fn operation_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'Å' | 'Ä' => 'A',
            'ö' => 'o',
            'Ö' => 'O',
            'é' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '_',
        })
        .collect()
}
