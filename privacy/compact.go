package privacy

import "context"

// Compacter is implemented by stores whose deletes leave the old bytes on
// disk until the file is rebuilt, such as *sqlite.Store. Erase calls Compact
// after removing a customer (unless EraseOptions.SkipCompact) so that no copy
// of the erased data stays in the database file or its journal.
type Compacter interface {
	Compact(ctx context.Context) error
}
