package order_test

import (
	"fmt"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func ExampleOrder_ComputeTotal() {
	o := order.Order{
		Number: "1001", CustomerID: uuid.MustParse("7d0e2d8a-3c51-4f7a-9d0b-5f4e1c2a9b11"),
		Status: order.StatusPending, Currency: "EUR", PlacedAt: time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC),
		Lines: []order.Line{
			{ProductID: "mug", Quantity: 3, UnitPrice: decimal.RequireFromString("0.10")},
			{ProductID: "teapot", Quantity: 1, UnitPrice: decimal.RequireFromString("19.99"), Discount: decimal.RequireFromString("2")},
		},
		Shipping: decimal.RequireFromString("4.95"),
	}
	o.Total = o.ComputeTotal()
	fmt.Println(o.Total.StringFixed(2), o.Validate())

	fmt.Println(o.Transition(order.StatusPaid, o.PlacedAt))
	fmt.Println(o.Transition(order.StatusPending, o.PlacedAt))
	// Output:
	// 23.24 <nil>
	// <nil>
	// order 1001: cannot move from "paid" to "pending"
}
