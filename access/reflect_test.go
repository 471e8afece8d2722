package access_test

import (
	"reflect"
	"strings"

	"github.com/crmkit/crmkit/store"
)

func stringsCut(s, sep string) (string, string, bool) { return strings.Cut(s, sep) }

// storeMethods lists the methods of store.Store.
func storeMethods() []string {
	t := reflect.TypeFor[store.Store]()
	out := make([]string, t.NumMethod())
	for i := range out {
		out[i] = t.Method(i).Name
	}
	return out
}
