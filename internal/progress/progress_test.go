package progress

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlainOutputEveryTenPercent(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "load")
	for i := 0; i <= 1000; i += 7 {
		b.Update(i, 1000)
	}
	b.Update(1000, 1000)
	b.Finish()
	b.Finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Equal(t, "load: 0% (0/1000)", lines[0])
	assert.Equal(t, "load: 100% (1000/1000)", lines[len(lines)-2])
	assert.True(t, strings.HasPrefix(lines[len(lines)-1], "load: done in "))
	assert.Len(t, lines, 12, "0%, 10%, ..., 100% and done")
}
