package encrypted_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentMergesAndUpdates merges several profiles into one while
// other goroutines update it and read it: every read must decrypt, and at
// the end every dropped profile's e-mail is kept in the merged profile,
// with the stored e-mail token matching the e-mail the profile shows.
func TestConcurrentMergesAndUpdates(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := wrap(t, b.open(t))
			keep := person(800)
			keep.Email = "" // the first merge to land gives it an e-mail
			require.NoError(t, st.CreateCustomer(ctx, keep))
			const drops = 6
			var dropped []*customer.Customer
			for i := range drops {
				d := person(801 + i)
				require.NoError(t, st.CreateCustomer(ctx, d))
				dropped = append(dropped, d)
			}

			var wg sync.WaitGroup
			errs := make(chan error, 3*drops)
			for _, d := range dropped {
				wg.Go(func() {
					if _, err := st.MergeCustomers(ctx, keep.ID, d.ID); err != nil {
						errs <- fmt.Errorf("merge %s: %w", d.ID, err)
					}
				})
				wg.Go(func() {
					for range 20 { // retry stale versions, as a host would
						c, err := st.GetCustomer(ctx, keep.ID)
						if err != nil {
							errs <- err
							return
						}
						c.AddTag(fmt.Sprintf("t-%s", d.ExternalID))
						err = st.UpdateCustomer(ctx, &c)
						if err == nil {
							return
						}
						if !errors.Is(err, store.ErrConflict) {
							errs <- err
							return
						}
					}
					errs <- fmt.Errorf("update: too many conflicts")
				})
				wg.Go(func() {
					for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
						if err != nil {
							errs <- err
							return
						}
						_ = c
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}

			got, err := st.GetCustomer(ctx, keep.ID)
			require.NoError(t, err)
			require.NotEmpty(t, got.Email)
			byEmail, err := st.GetCustomerByEmail(ctx, got.Email)
			require.NoError(t, err)
			assert.Equal(t, keep.ID, byEmail.ID)
			kept := 0
			for _, d := range dropped {
				if got.Email == d.Email || got.Attributes[customer.MergedFromPrefix+d.ID.String()+".email"] == d.Email {
					kept++
				}
				assert.True(t, got.HasTag("t-"+d.ExternalID))
			}
			assert.Equal(t, drops, kept, "every dropped e-mail is kept")
			assert.Len(t, got.Addresses, 2*(drops+1))
		})
	}
}
