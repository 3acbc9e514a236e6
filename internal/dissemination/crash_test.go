package dissemination_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestKillNineNeitherLosesNorDoubles runs the warta binary (built with the
// uji test channel) on a SQLite data directory with two channels: one
// posting in one step with an Idempotency-Key, one in two steps (a draft,
// then its publication). It publishes three articles through the API,
// holds every channel request in flight, kills the process with SIGKILL,
// and starts it again: each article must end up posted exactly once on
// each channel, and every delivery delivered.
func TestKillNineNeitherLosesNorDoubles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the warta binary and kills it; not with -short")
	}
	bin := buildWarta(t)
	n := &crashNode{t: t, bin: bin, dir: t.TempDir()}
	if out, err := n.run("", "channel", "list"); err != nil {
		if strings.Contains(out, "tidak dikenal") {
			t.Skip("this warta binary has no channel command yet: register runChannel in cmd/warta/main.go")
		}
		t.Fatalf("warta channel list: %v\n%s", err, out)
	}

	// An agency and an editor with an API token.
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(n.dir, "warta.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	if err := db.CreateAgency(ctx, &ag); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, &warta.User{Email: "redaktur@kominfo.example", Name: "Redaktur", Role: warta.RoleEditor}, "kata-sandi-yang-panjang"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tok, err := n.run("", "token", "create", "--email", "redaktur@kominfo.example", "--name", "uji-crash")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, tok)
	}
	n.token = strings.TrimSpace(tok[strings.LastIndex(strings.TrimSpace(tok), "\n")+1:])

	// Two channel APIs, and their channels.
	keyed, twoStep := uji.NewServer(token), uji.NewServer(token)
	for name, s := range map[string]*uji.Server{"uji-kunci": keyed, "uji-dua-langkah": twoStep} {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		args := []string{"channel", "add", "uji", "--name", name, "--set", "api_base=" + srv.URL, "--secret", "token", "--default"}
		if s == twoStep {
			args = append(args, "--set", "two_step=1")
		}
		if out, err := n.run(token+"\n", args...); err != nil {
			t.Fatalf("channel add: %v\n%s", err, out)
		}
	}

	// First run: publish, and kill it while both channels hold every
	// delivery in flight: the keyed one its post, the two-step one its
	// second step, after the draft was made and recorded.
	keyedArrived, releaseKeyed := keyed.Hold(nil)
	twoStepArrived, releaseTwoStep := twoStep.Hold(func(r uji.Request) bool { return strings.HasSuffix(r.Path, "/publish") })
	n.start()
	var ids []string
	for i := range 3 {
		ids = append(ids, n.publish(fmt.Sprintf("Rekapitulasi suara kecamatan tahap %d", i+1)))
	}
	if code, body := n.get("/api/v1/articles/" + ids[0] + "/deliveries"); code == http.StatusServiceUnavailable {
		n.kill()
		t.Skip("this warta binary does not run the dissemination engine yet: wire it in internal/app")
	} else if code != http.StatusOK {
		t.Fatalf("deliveries: %d %s", code, body)
	}
	waitFor(t, "three posts held on the keyed channel", func() bool { return len(keyedArrived) == 3 })
	waitFor(t, "three publications held on the two-step channel", func() bool { return len(twoStepArrived) == 3 })
	n.kill()
	releaseKeyed()
	releaseTwoStep()

	// Second run: every delivery settles, once.
	n.start()
	defer n.stop()
	deadline := time.Now().Add(90 * time.Second)
	for _, id := range ids {
		for {
			ds := n.deliveries(id)
			done := len(ds) == 2
			for _, d := range ds {
				done = done && d.Status == "delivered"
			}
			if done {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("article %s not delivered 90 s after the restart: %+v", id, ds)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	for name, s := range map[string]*uji.Server{"uji-kunci": keyed, "uji-dua-langkah": twoStep} {
		posts := s.Posts()
		if len(posts) != 3 {
			t.Errorf("%s: %d posts for 3 articles: %+v", name, len(posts), posts)
		}
		seen := map[string]bool{}
		for _, p := range posts {
			if seen[p.Post.URL] {
				t.Errorf("%s: %s posted twice", name, p.Post.URL)
			}
			seen[p.Post.URL] = true
		}
	}
	if n := count(keyed.Requests(), "POST", "/posts"); n < 4 {
		t.Errorf("keyed channel saw %d creates: the killed attempt was not retried", n)
	}
	retried := false
	for _, id := range ids {
		for _, d := range n.deliveries(id) {
			if d.Attempts > 1 {
				retried = true
			}
			if d.RemoteID == nil {
				t.Errorf("delivery without the post's id: %+v", d)
			}
		}
	}
	if !retried {
		t.Error("no delivery needed a second attempt: the kill came too late to test anything")
	}
}

// crashNode runs the warta binary on one data directory.
type crashNode struct {
	t     *testing.T
	bin   string
	dir   string
	token string
	cmd   *exec.Cmd
	url   string
	logs  *bytes.Buffer
}

func (n *crashNode) env() []string {
	return append(os.Environ(), "WARTA_DATA="+n.dir, "WARTA_DATABASE_URL=", "WARTA_SECRET_KEY=kunci-rahasia-uji-crash",
		"WARTA_ADDR=127.0.0.1:0", "WARTA_LOG_LEVEL=info")
}

// run runs a warta command to completion.
func (n *crashNode) run(stdin string, args ...string) (string, error) {
	cmd := exec.Command(n.bin, args...)
	cmd.Env = n.env()
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.String(), err
}

// start runs warta serve and waits until it answers.
func (n *crashNode) start() {
	n.t.Helper()
	n.cmd = exec.Command(n.bin, "serve")
	n.cmd.Env = n.env()
	n.logs = &bytes.Buffer{}
	n.cmd.Stderr = n.logs
	out, err := n.cmd.StdoutPipe()
	if err != nil {
		n.t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		n.cmd.Wait()
		n.t.Fatalf("warta serve: %v\n%s", err, n.logs)
	}
	go io.Copy(io.Discard, out)
	for _, f := range strings.Fields(line) {
		if strings.HasPrefix(f, "http://") {
			n.url = f
		}
	}
	if n.url == "" {
		n.t.Fatalf("warta serve said %q", line)
	}
}

// kill sends SIGKILL and waits for the process to go.
func (n *crashNode) kill() {
	n.cmd.Process.Kill()
	n.cmd.Wait()
}

// stop asks the process to stop, as an operator would.
func (n *crashNode) stop() {
	n.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { n.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		n.kill()
	}
	if n.t.Failed() {
		n.t.Logf("warta serve log:\n%s", n.logs)
	}
}

func (n *crashNode) call(method, path string, body any) (int, []byte) {
	n.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, n.url+path, rd)
	if err != nil {
		n.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+n.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func (n *crashNode) get(path string) (int, []byte) { return n.call("GET", path, nil) }

// publish creates and publishes an article through the API.
func (n *crashNode) publish(title string) string {
	n.t.Helper()
	code, body := n.call("POST", "/api/v1/articles", map[string]any{"title": title, "agency": "kpu-jatim", "body": "Isi berita."})
	if code != http.StatusCreated {
		n.t.Fatalf("create: %d %s", code, body)
	}
	var a struct{ ID string }
	json.Unmarshal(body, &a)
	if code, body := n.call("POST", "/api/v1/articles/"+a.ID+"/publish", map[string]any{}); code != http.StatusOK {
		n.t.Fatalf("publish: %d %s", code, body)
	}
	return a.ID
}

type crashDelivery struct {
	Status   string  `json:"status"`
	Attempts int     `json:"attempts"`
	RemoteID *string `json:"remote_id"`
	Channel  struct {
		Name string `json:"name"`
	} `json:"channel"`
	LastError *string `json:"last_error"`
}

func (n *crashNode) deliveries(articleID string) []crashDelivery {
	n.t.Helper()
	code, body := n.get("/api/v1/articles/" + articleID + "/deliveries")
	if code != http.StatusOK {
		n.t.Fatalf("deliveries: %d %s", code, body)
	}
	var out struct{ Deliveries []crashDelivery }
	if err := json.Unmarshal(body, &out); err != nil {
		n.t.Fatal(err)
	}
	return out.Deliveries
}

// buildWarta builds the binary with the uji channel compiled in.
func buildWarta(t *testing.T) string {
	t.Helper()
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		t.Fatalf("find the module: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "warta")
	cmd := exec.Command("go", "build", "-tags", "warta_uji", "-o", bin, "./cmd/warta")
	cmd.Dir = strings.TrimSpace(string(root))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after 30 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// count counts requests by method and path ("" for any path).
func count(reqs []uji.Request, method, path string) int {
	n := 0
	for _, r := range reqs {
		if r.Method == method && (path == "" || r.Path == path) {
			n++
		}
	}
	return n
}
