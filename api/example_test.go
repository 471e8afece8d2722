package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/memory"
)

// Example mounts the API under /crm/ on a host's mux, with one API key for
// the shop's backend, and creates and reads a customer.
func Example() {
	st := memory.New()
	h, err := api.New(st, &api.Options{
		Keys: []api.APIKey{{
			Hash:      api.HashKey("s3cret-key"), // keep only the hash in configuration
			Principal: access.Principal{ID: "shop-backend", Roles: []access.Role{access.RoleService}},
		}},
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/crm/", http.StripPrefix("/crm", h))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	call := func(method, path, body string) []byte {
		req, _ := http.NewRequestWithContext(context.Background(), method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer s3cret-key")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
		return b
	}
	var c customer.Customer
	_ = json.Unmarshal(call("POST", "/crm/customers", `{"external_id":"C-1","tags":["VIP"]}`), &c)
	fmt.Println(c.ExternalID, c.Tags, c.Version)
	_ = json.Unmarshal(call("GET", "/crm/customers/"+c.ID.String(), ""), &c)
	fmt.Println(c.ExternalID)
	fmt.Println(strings.TrimSpace(string(call("POST", "/crm/customers", `{"external_id":"C-2","nickname":"x"}`))))
	fmt.Println(strings.TrimSpace(string(call("GET", "/crm/customers/not-an-id", ""))))
	// Output:
	// 201 application/json
	// C-1 [vip] 1
	// 200 application/json
	// C-1
	// 400 application/problem+json
	// {"type":"urn:crmkit:problem:malformed-request","title":"Bad Request","status":400,"detail":"unknown field \"nickname\"","field":"nickname"}
	// 400 application/problem+json
	// {"type":"urn:crmkit:problem:malformed-request","title":"Bad Request","status":400,"detail":"id must be a non-nil UUID","field":"id","value":"not-an-id"}
}
