package demo

import (
	"fmt"
	"testing"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
)

func TestZZStats(t *testing.T) {
	s := shop(t)
	fmt.Println("customers", len(s.Customers), "products", len(s.Products), "orders", len(s.Orders), "returns", len(s.Returns), "events", len(s.Events))
	st := map[order.Status]int{}
	for _, o := range s.Orders {
		st[o.Status]++
	}
	fmt.Println(st)
	k := map[behavior.Kind]int{}
	anon := 0
	for _, e := range s.Events {
		k[e.Kind]++
		if e.Anonymous() {
			anon++
		}
	}
	fmt.Println(k, "anonymous", anon)
	ty := map[CustomerType]int{}
	alive := map[CustomerType]int{}
	for _, l := range s.Truth.Customers {
		ty[l.Type]++
		if l.Alive {
			alive[l.Type]++
		}
	}
	fmt.Println(ty, alive)
	rs := map[order.ReturnStatus]int{}
	for _, r := range s.Returns {
		rs[r.Status]++
	}
	fmt.Println(rs)
}

func TestZZScale(t *testing.T) {
	s, _ := Generate(&Options{Seed: 1, Customers: 20_000, NoEvents: true})
	fmt.Println("per customer", float64(len(s.Orders))/20000)
	s, _ = Generate(&Options{Seed: 2, Customers: 20_000, NoEvents: true})
	fmt.Println("per customer", float64(len(s.Orders))/20000)
}
