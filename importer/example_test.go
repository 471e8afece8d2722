package importer_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/store/memory"
)

func Example() {
	log := `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536365,POST,POSTAGE,1,2010-12-01 08:26:00,18.00,17850.0,United Kingdom
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2010-12-01 09:41:00,2.55,17850.0,United Kingdom
536380,22960,JAM MAKING SET WITH JARS,1,2010-12-01 09:45:00,4.25,,United Kingdom
`
	ctx := context.Background()
	st := memory.New()
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(log)), nil }
	rep, err := importer.Import(ctx, st, open, nil) // nil options: the Online Retail preset
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range importer.LineKinds {
		if n := rep.Kinds[k]; n > 0 {
			fmt.Println(k, n)
		}
	}
	o, _ := st.GetOrderByNumber(ctx, "536365")
	fmt.Println("order", o.Number, o.Status, "total", o.Total, "refunded", o.RefundedAmount)
	// Output:
	// sale 2
	// shipping 1
	// return 1
	// duplicate 1
	// order 536365 partially_refunded total 33.3 refunded 5.1
}
