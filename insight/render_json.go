package insight

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as indented JSON in the schema documented on
// Report and its fields (see SchemaVersion).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
