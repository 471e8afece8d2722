// Package order holds a shop's transactions: orders with line items, their
// status life cycle, returns and refund requests, and the product reference
// records that give items their names and categories.
//
// Money is decimal.Decimal throughout and totals are computed exactly; a
// stated total that disagrees with the lines is a validation error. The
// package imports nothing else from crmkit.
//
//	o := order.Order{Number: "1001", CustomerID: id, Currency: "EUR", PlacedAt: now,
//		Status: order.StatusPending,
//		Lines: []order.Line{{ProductID: "p1", Name: "Mug", Quantity: 2, UnitPrice: decimal.RequireFromString("9.50")}}}
//	o.Total = o.ComputeTotal()        // 19.00
//	err := o.Validate()
//	err = o.Transition(order.StatusPaid, now)
package order
