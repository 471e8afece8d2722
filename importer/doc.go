// Package importer brings a shop's order history into a store from a CSV
// order log: one line per invoice line, grouped into orders, with customers,
// products, and cancellations recorded as returns and refunds.
//
//	rep, err := importer.ImportFile(ctx, st, "online_retail.csv.gz", nil) // the UCI Online Retail preset
//	rep.WriteText(os.Stdout)                                              // how every line was handled
//
// A Mapping names the columns of other files; OnlineRetail is the preset
// for InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,
// CustomerID,Country. Plain and gzip-compressed files are both read.
//
// # How lines are handled
//
// Every data line gets one LineKind, and Report.Kinds adds up to the lines
// of the file:
//
//   - Lines of an invoice become one order, placed (and paid) at the
//     invoice's first line's time, status paid, in the mapping's currency.
//     An invoice with more than order.MaxLines lines becomes orders
//     "<n>", "<n>-2", ... Lines need not be contiguous.
//   - Customers are created from their IDs (ExternalID "17850" for
//     "17850.0"), with the country as the attribute "country" and the time of
//     their first order as CreatedAt; a profile the store already holds
//     under the same external ID gets the orders instead. Lines without a customer ID are guest
//     orders: by default each gets its own customer "guest-<invoice>" tagged
//     "guest" (GuestShared books them all on one "guest").
//   - Product lines are kept as order lines and recorded as products with
//     the latest name and positive price seen. Postage codes
//     (Mapping.ShippingCodes) go to the order's Shipping; other non-product
//     codes (Mapping.ServiceCodes: manual, fees, discounts, samples) stay
//     order lines in the "service" category and become inactive products.
//   - Cancellation lines ("C" invoices) are matched, in file order, to the
//     latest earlier order of the same customer that still holds the
//     product's quantity and the money; matched lines of a cancellation
//     invoice become one refunded order.Return per order, and the order's
//     RefundedAmount and status (partially_refunded, refunded) say so.
//     Unmatched cancellations — guests, goods bought before the file
//     starts, postage, more than is left — are counted with their reason
//     in Report.UnmatchedReasons and not stored: a return needs its order.
//   - Adjustment invoices ("A", bad debt) and non-cancellation lines with a
//     negative quantity (stock write-offs) are counted and skipped.
//   - Exact duplicate lines are counted and skipped, the first kept.
//   - Zero prices are kept (free items); negative prices outside
//     adjustments, unreadable numbers and dates, missing order numbers or
//     product IDs, a customer or currency that changes within an invoice and
//     malformed CSV are bad rows: listed with their line number and reason,
//     while the rest of the file is imported.
//
// # Re-running, batches, speed
//
// IDs are deterministic (SHA-1 name-based UUIDs in Options.Namespace), and
// batches are written with store.Load and store.ConflictSkip, so importing
// the same file again adds nothing, and an import that failed half-way is
// completed by running it again. An order number already taken by an order
// from elsewhere (another ID) is skipped too; a cancellation matched to that
// order then fails its batch with store.ErrNotFound, since its return names
// the imported order's ID: import such logs into a store whose order numbers
// do not collide.
//
// The file is read twice: a scan finds duplicates, where each invoice ends
// and which purchase every cancellation returns (a purchase's refunds must
// be known when it is written); the second pass builds the records and hands
// batches of Options.BatchOrders orders to a writer goroutine, so parsing
// and the store's writes overlap. Memory grows with the number of invoices
// and customer purchase lines (the matching index), not with the batches.
package importer
