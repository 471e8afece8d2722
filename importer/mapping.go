package importer

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // presets name IANA zones; embedding them makes imports give the same times on every machine
)

// Mapping says which CSV columns hold which order-log fields and how to read
// them. Columns are named by their header; names compare case-insensitively.
// An empty optional column name means the file has no such column.
type Mapping struct {
	OrderNumber string // required: the invoice or order number
	ProductID   string // required: the SKU or stock code
	Description string // optional: the product name
	Quantity    string // required: an integer; negative on cancellations
	Date        string // required: when the order was placed
	UnitPrice   string // required: a decimal price per unit
	CustomerID  string // optional: the shop's customer ID; empty cells are guest orders
	Country     string // optional: the customer's country, kept as an attribute
	Currency    string // optional: an ISO 4217 code per line

	// DateLayout is the time.Parse layout of Date.
	DateLayout string
	// Location is the time zone of dates without one; nil means UTC.
	Location *time.Location
	// DefaultCurrency is used when there is no Currency column or a cell is empty.
	DefaultCurrency string
	// CancelPrefix marks cancellation invoices (e.g. "C"): their lines
	// become returns against the original purchase.
	CancelPrefix string
	// AdjustmentPrefix marks accounting adjustments that are not customer
	// transactions (e.g. "A" for bad debt); their lines are counted and skipped.
	AdjustmentPrefix string
	// ShippingCodes are product codes for postage and carriage: their amount
	// goes to the order's Shipping instead of a line.
	ShippingCodes []string
	// ServiceCodes are product codes that are not goods (fees, manual
	// adjustments, discounts, samples): kept as order lines so the order
	// total matches the invoice, recorded as inactive products in the
	// "service" category so recommendations and product reports skip them.
	ServiceCodes []string
}

// OnlineRetail returns the mapping of the UCI Online Retail data set
// (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country):
// GBP prices, UK local time, "C" cancellations, "A" bad-debt adjustments
// and the data set's non-product stock codes.
func OnlineRetail() Mapping {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("importer: embedded time zone data lacks Europe/London: " + err.Error())
	}
	return Mapping{
		OrderNumber: "InvoiceNo", ProductID: "StockCode", Description: "Description",
		Quantity: "Quantity", Date: "InvoiceDate", UnitPrice: "UnitPrice",
		CustomerID: "CustomerID", Country: "Country",
		DateLayout: "2006-01-02 15:04:05", Location: london, DefaultCurrency: "GBP",
		CancelPrefix: "C", AdjustmentPrefix: "A",
		ShippingCodes: []string{"POST", "DOT", "C2"},
		ServiceCodes:  []string{"M", "m", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS"},
	}
}

// columns holds the index of each mapped column in a file (-1: absent).
type columns struct {
	order, product, desc, qty, date, price, customer, country, currency int
	n                                                                   int // fields per record
}

// locate finds the mapped columns in a header row.
func (m *Mapping) locate(header []string) (columns, error) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	var missing []string
	find := func(name string, required bool, field string) int {
		if name == "" {
			if required {
				missing = append(missing, field+" (no column named in the mapping)")
			}
			return -1
		}
		i, ok := idx[strings.ToLower(strings.TrimSpace(name))]
		if !ok {
			missing = append(missing, fmt.Sprintf("%s column %q", field, name))
			return -1
		}
		return i
	}
	c := columns{
		order:    find(m.OrderNumber, true, "order number"),
		product:  find(m.ProductID, true, "product ID"),
		desc:     find(m.Description, false, "description"),
		qty:      find(m.Quantity, true, "quantity"),
		date:     find(m.Date, true, "date"),
		price:    find(m.UnitPrice, true, "unit price"),
		customer: find(m.CustomerID, false, "customer ID"),
		country:  find(m.Country, false, "country"),
		currency: find(m.Currency, false, "currency"),
		n:        len(header),
	}
	if len(missing) > 0 {
		return columns{}, fmt.Errorf("%w: header %q lacks %s", ErrMapping, strings.Join(header, ","), strings.Join(missing, ", "))
	}
	return c, nil
}

// validate checks the parts of the mapping that do not depend on the file.
func (m *Mapping) validate() error {
	if m.DateLayout == "" {
		return fmt.Errorf("%w: DateLayout is empty", ErrMapping)
	}
	if m.Currency == "" && m.DefaultCurrency == "" {
		return fmt.Errorf("%w: neither a Currency column nor a DefaultCurrency", ErrMapping)
	}
	return nil
}
