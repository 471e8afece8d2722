// Package loadtest drives a crmkit API server with many concurrent clients
// issuing a mix of reads, writes and recommendation calls, bounded by a
// request count and a duration, and then checks that no acknowledged write
// was lost: the store's counts, read back through the API, must have grown
// by exactly the creates the server acknowledged, and every created record
// must read back.
//
//	res, err := loadtest.Run(ctx, loadtest.Config{BaseURL: "http://127.0.0.1:8080", Key: key, Clients: 32, Duration: 20 * time.Second})
//	res.WriteText(os.Stdout) // requests/s, p50 and p99 per kind, errors, lost writes
//
// The check assumes nothing else writes to the store during the run.
package loadtest
