package encrypted_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/encrypted"
	"github.com/crmkit/crmkit/store/memory"
)

func Example() {
	ctx := context.Background()
	// In production the secrets come from the host's key store.
	keys, err := encrypted.NewKeyring(encrypted.KeyringConfig{
		Primary: encrypted.Key{ID: "2026-11", Secret: bytes.Repeat([]byte{1}, 32)},
		Index:   encrypted.Key{ID: "idx-1", Secret: bytes.Repeat([]byte{2}, 32)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	inner := memory.New()
	st, err := encrypted.Wrap(inner, keys, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()

	c := customer.Customer{
		Email:     "Ada@Example.com",
		FirstName: "Ada",
		Phone:     "+44 20 7946 0000",
		Addresses: []customer.Address{{Line1: "12 Analytical Row", City: "London", Country: "GB"}},
	}
	if err := st.CreateCustomer(ctx, &c); err != nil {
		fmt.Println(err)
		return
	}
	got, err := st.GetCustomerByEmail(ctx, "ada@example.com")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("through the wrapper:", got.Email, got.Phone, got.Addresses[0].Line1)

	raw, _ := inner.GetCustomer(ctx, c.ID)
	fmt.Println("in the inner store: ", raw.Email, raw.Phone, len(raw.Addresses), "addresses")
	for k, v := range raw.Attributes {
		fmt.Println("ciphertext under key", strings.Split(v, ":")[1], "in attribute", strings.HasPrefix(k, "crmkit.pii."))
	}
	// Output:
	// through the wrapper: Ada@example.com +442079460000 12 Analytical Row
	// in the inner store:  44fe910402ffa98be65380cd92afda7639a09445@pii.invalid 000000 0 addresses
	// ciphertext under key 2026-11 in attribute true
}

func ExampleRotate() {
	ctx := context.Background()
	oldKey := encrypted.Key{ID: "2025-01", Secret: bytes.Repeat([]byte{1}, 32)}
	newKey := encrypted.Key{ID: "2026-11", Secret: bytes.Repeat([]byte{3}, 32)}
	index := encrypted.Key{ID: "idx-1", Secret: bytes.Repeat([]byte{2}, 32)}
	inner := memory.New()

	before, _ := encrypted.NewKeyring(encrypted.KeyringConfig{Primary: oldKey, Index: index})
	st, _ := encrypted.Wrap(inner, before, nil)
	for i := range 3 {
		c := customer.Customer{Email: fmt.Sprintf("customer%d@example.com", i)}
		if err := st.CreateCustomer(ctx, &c); err != nil {
			fmt.Println(err)
			return
		}
	}

	// The new key encrypts; the old one still decrypts until Rotate is done.
	during, _ := encrypted.NewKeyring(encrypted.KeyringConfig{Primary: newKey, Old: []encrypted.Key{oldKey}, Index: index})
	st, _ = encrypted.Wrap(inner, during, nil)
	rep, err := encrypted.Rotate(ctx, st, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("scanned %d, re-encrypted %d\n", rep.Scanned, rep.Reencrypted)

	after, _ := encrypted.NewKeyring(encrypted.KeyringConfig{Primary: newKey, Index: index})
	st, _ = encrypted.Wrap(inner, after, nil)
	c, err := st.GetCustomerByEmail(ctx, "customer1@example.com")
	fmt.Println(c.Email, err)
	// Output:
	// scanned 3, re-encrypted 3
	// customer1@example.com <nil>
}
