package eval

import "time"

func at(s int64) time.Time { return time.Unix(s, 0).UTC() }
