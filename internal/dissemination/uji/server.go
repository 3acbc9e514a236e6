package uji

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server is the uji API for tests: it keeps posts in memory, records every
// request, and answers the next requests with failures queued by Fail or
// holds them with Hold. Its zero value is not usable; call NewServer.
type Server struct {
	Token string // the bearer token it accepts

	mu       sync.Mutex
	seq      int
	posts    map[string]*StoredPost // by id
	byKey    map[string]string      // idempotency key → post id
	drafts   map[string]Post
	requests []Request
	failures []Failure
	hold     chan struct{}      // while set, matching requests wait until it closes
	holdIf   func(Request) bool // which requests wait; nil for all
	arrived  chan Request       // each held request
}

// StoredPost is a post as the server keeps it.
type StoredPost struct {
	ID      string
	Post    Post
	Key     string // the Idempotency-Key that created it
	Edits   int
	Deleted bool
	Created time.Time
}

// Request is one request the server received.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   string
	At     time.Time
}

// Failure is an answer the server gives instead of doing its work.
type Failure struct {
	Status int
	Header http.Header
	Body   string
}

// NewServer returns a server accepting token.
func NewServer(token string) *Server {
	return &Server{Token: token, posts: map[string]*StoredPost{}, byKey: map[string]string{}, drafts: map[string]Post{}}
}

// Fail queues failures: the next requests, one each, get them.
func (s *Server) Fail(fs ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, fs...)
}

// Hold makes requests that match (all, when match is nil) wait, after
// being recorded, until release is called; the caller learns of each on
// the returned channel.
func (s *Server) Hold(match func(Request) bool) (arrived <-chan Request, release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hold := make(chan struct{})
	ch := make(chan Request, 100)
	s.hold, s.holdIf, s.arrived = hold, match, ch
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.mu.Lock()
			s.hold, s.holdIf, s.arrived = nil, nil, nil
			s.mu.Unlock()
			close(hold)
		})
	}
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Posts returns every post made, deleted ones too, oldest first.
func (s *Server) Posts() []StoredPost {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]StoredPost, 0, len(s.posts))
	for i := 1; i <= s.seq; i++ {
		if p, ok := s.posts[fmt.Sprintf("p%d", i)]; ok {
			out = append(out, *p)
		}
	}
	return out
}

// ServeHTTP implements the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: string(body), At: time.Now()}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	hold, arrived := s.hold, s.arrived
	if s.holdIf != nil && !s.holdIf(req) {
		hold = nil
	}
	var fail *Failure
	if len(s.failures) > 0 {
		fail = &s.failures[0]
		s.failures = s.failures[1:]
	}
	s.mu.Unlock()
	if hold != nil {
		arrived <- req
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	}
	if fail != nil {
		for k, vs := range fail.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(fail.Status)
		io.WriteString(w, fail.Body)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		http.Error(w, `{"error":"The access token is invalid"}`, http.StatusUnauthorized)
		return
	}
	var p Post
	if len(body) > 0 {
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, `{"error":"bad json"}`, http.StatusUnprocessableEntity)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.Header.Get("Idempotency-Key")
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/me":
		writeJSON(w, map[string]string{"id": "akun-uji"})
	case r.Method == http.MethodPost && r.URL.Path == "/posts":
		writeJSON(w, s.create(p, key))
	case r.Method == http.MethodPost && r.URL.Path == "/drafts":
		s.seq++
		id := fmt.Sprintf("d%d", s.seq)
		s.drafts[id] = p
		writeJSON(w, map[string]string{"id": id})
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "drafts" && parts[2] == "publish":
		d, ok := s.drafts[parts[1]]
		if !ok {
			http.Error(w, `{"error":"no such draft"}`, http.StatusNotFound)
			return
		}
		// Publishing a draft twice gives the same post, as Instagram's
		// media_publish of one container does.
		writeJSON(w, s.create(d, "draft:"+parts[1]))
	case len(parts) == 2 && parts[0] == "posts":
		sp, ok := s.posts[parts[1]]
		if !ok || sp.Deleted {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		switch r.Method {
		case http.MethodPut:
			sp.Post = p
			sp.Edits++
			writeJSON(w, postJSON(sp))
		case http.MethodDelete:
			sp.Deleted = true
			writeJSON(w, map[string]string{})
		default:
			http.Error(w, "", http.StatusMethodNotAllowed)
		}
	default:
		http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
	}
}

// create makes a post, or returns the one made with the same key.
func (s *Server) create(p Post, key string) map[string]string {
	if id, ok := s.byKey[key]; ok && key != "" {
		return postJSON(s.posts[id])
	}
	s.seq++
	sp := &StoredPost{ID: fmt.Sprintf("p%d", s.seq), Post: p, Key: key, Created: time.Now()}
	s.posts[sp.ID] = sp
	if key != "" {
		s.byKey[key] = sp.ID
	}
	return postJSON(sp)
}

func postJSON(sp *StoredPost) map[string]string {
	return map[string]string{"id": sp.ID, "url": "https://uji.example/@warta/" + sp.ID}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
