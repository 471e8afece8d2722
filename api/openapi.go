package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3.0 document describing the API, served at GET
// /openapi.json without authentication. A test walks it against the
// handlers: every documented operation is routed, every route documented,
// and responses match the documented schemas.
//
//go:embed openapi.json
var OpenAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(OpenAPI)
}
