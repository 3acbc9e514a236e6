// Command loadgen is a small HTTP load generator for bench/portal, used
// when wrk is not installed. It keeps a fixed number of keep-alive
// connections busy for a duration and prints requests per second and the
// latency distribution in wrk's output format, so one parser reads both.
//
// It costs more CPU per request than wrk, and on a 2-core machine the load
// generator shares the cores with the server, so its numbers are lower
// bounds; bench/portal says which generator it used.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	conns := flag.Int("c", 32, "concurrent connections")
	dur := flag.Duration("d", 15*time.Second, "duration")
	gzip := flag.Bool("gzip", false, "send Accept-Encoding: gzip")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: loadgen [-c 32] [-d 15s] [-gzip] URL")
		os.Exit(2)
	}
	url := flag.Arg(0)

	tr := &http.Transport{
		MaxIdleConnsPerHost: *conns,
		MaxConnsPerHost:     *conns,
		DisableCompression:  true, // measure the server, not gunzip
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	var (
		mu        sync.Mutex
		latencies []time.Duration
		errors    int
		bytes     int64
	)
	deadline := time.Now().Add(*dur)
	start := time.Now()
	var wg sync.WaitGroup
	for range *conns {
		wg.Go(func() {
			var lat []time.Duration
			var errs int
			var n int64
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", url, nil)
				if *gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs++
					continue
				}
				k, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs++
				}
				lat = append(lat, time.Since(t0))
				n += k
			}
			mu.Lock()
			latencies = append(latencies, lat...)
			errors += errs
			bytes += n
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
	fmt.Printf("Running %v test @ %s (loadgen)\n  %d connections\n", *dur, url, *conns)
	fmt.Printf("  Latency Distribution\n")
	for _, p := range []float64{.50, .75, .90, .99} {
		fmt.Printf("     %d%%    %s\n", int(p*100), ms(pct(p)))
	}
	fmt.Printf("  %d requests in %.2fs, %d bytes read\n", len(latencies), elapsed.Seconds(), bytes)
	if errors > 0 {
		fmt.Printf("  Non-2xx or socket errors: %d\n", errors)
	}
	fmt.Printf("Requests/sec: %.2f\n", float64(len(latencies))/elapsed.Seconds())
}
