package eval

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/crmkit/crmkit/recommend"
)

// ReadRatings reads lines of "user item rating timestamp" separated by sep (blank
// lines skipped, no header). The rating becomes Event.Value and the timestamp (Unix
// seconds) Event.At; every line is a KindImplicit event. Errors name the line.
func ReadRatings(r io.Reader, sep string) ([]recommend.Event, error) {
	if sep == "" {
		sep = "\t"
	}
	var out []recommend.Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, sep)
		if len(f) < 2 {
			return nil, fmt.Errorf("eval: line %d: want user%sitem[%srating[%stimestamp]], got %q", line, sep, sep, sep, text)
		}
		e := recommend.Event{User: strings.TrimSpace(f[0]), Item: strings.TrimSpace(f[1]), Kind: recommend.KindImplicit}
		if e.User == "" || e.Item == "" {
			return nil, fmt.Errorf("eval: line %d: empty user or item", line)
		}
		if len(f) > 2 {
			v, err := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
			if err != nil {
				return nil, fmt.Errorf("eval: line %d: rating %q: %w", line, f[2], err)
			}
			e.Value = v
		}
		if len(f) > 3 {
			ts, err := strconv.ParseInt(strings.TrimSpace(f[3]), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("eval: line %d: timestamp %q: %w", line, f[3], err)
			}
			e.At = time.Unix(ts, 0).UTC()
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
