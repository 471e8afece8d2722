package api

import "net/http"

// routes lists every operation; the OpenAPI document describes exactly
// these (a test holds the two together).
func (h *Handler) routes() []route {
	return []route{
		{http.MethodPost, "/customers", h.createCustomer},
		{http.MethodGet, "/customers", h.listCustomers},
		{http.MethodGet, "/customers/{id}", h.getCustomer},
		{http.MethodPut, "/customers/{id}", h.updateCustomer},
		{http.MethodDelete, "/customers/{id}", h.deleteCustomer},
		{http.MethodPost, "/customers/{id}/merge", h.mergeCustomers},
		{http.MethodGet, "/customers/{id}/orders", h.listCustomerOrders},
		{http.MethodGet, "/customers/{id}/recommendations", h.recommendations},
		{http.MethodGet, "/customers/{id}/segment", h.segmentOf},
		{http.MethodGet, "/customers/{id}/clv", h.clvOf},
		{http.MethodGet, "/customers/{id}/export", h.exportCustomer},
		{http.MethodPost, "/customers/{id}/erase", h.eraseCustomer},
		{http.MethodPost, "/orders", h.createOrder},
		{http.MethodGet, "/orders/{id}", h.getOrder},
		{http.MethodPost, "/orders/{id}/status", h.updateOrderStatus},
		{http.MethodPost, "/returns", h.createReturn},
		{http.MethodGet, "/returns/{id}", h.getReturn},
		{http.MethodPost, "/events", h.ingestEvents},
		{http.MethodGet, "/stats", h.stats},
		{http.MethodGet, "/reports/kpi", h.kpiReport},
	}
}
