package whatsapp

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// mediaAPI answers GET /v21.0/{media-id} as the Cloud API does and serves
// the file at the URL it gives, both only with the access token.
type mediaAPI struct {
	mu        sync.Mutex
	files     map[string][]byte
	sizes     map[string]string // file_size as answered, "" to leave out
	downloads int
}

func newMediaAPI(t *testing.T, m *mediaAPI) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+accessToken {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}`)
			return
		}
		if r.Method != http.MethodGet {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
		if id, ok := strings.CutPrefix(r.URL.Path, "/v21.0/"); ok {
			data, found := m.files[id]
			if !found {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33}}`)
				return
			}
			size := m.sizes[id]
			if size == "" {
				size = fmt.Sprintf("%q", fmt.Sprint(len(data)))
			}
			fmt.Fprintf(w, `{"messaging_product":"whatsapp","url":"%s/whatsapp_business/attachments/?mid=%s&ext=1707552000&hash=ATs","mime_type":"image/jpeg",`+
				`"sha256":"81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3","file_size":%s,"id":"%s"}`, srv.URL, id, size, id)
			return
		}
		if r.URL.Path == "/whatsapp_business/attachments/" {
			m.downloads++
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(m.files[r.URL.Query().Get("mid")])
			return
		}
		t.Errorf("unexpected %s %s", r.Method, r.URL)
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestMediaDownload(t *testing.T) {
	img := []byte("\x89PNG\r\n\x1a\n tangkapan layar")
	m := &mediaAPI{files: map[string][]byte{"1479537139650973": img, "2": img, "3": img}, sizes: map[string]string{"2": "9999999", "3": "null"}}
	srv := newMediaAPI(t, m)
	c := NewClient(testChannel(srv.URL), srv.Client())

	data, mime, err := c.Media(t.Context(), "1479537139650973", 1<<20)
	if err != nil || string(data) != string(img) || mime != "image/jpeg" {
		t.Fatalf("Media = %q %q %v", data, mime, err)
	}
	// A file_size over the cap is refused before downloading.
	if _, _, err := c.Media(t.Context(), "2", 1<<20); !errors.Is(err, ErrMediaTooLarge) || m.downloads != 1 {
		t.Errorf("announced too large: %v after %d downloads", err, m.downloads)
	}
	// Without a file_size the download itself is capped.
	if _, _, err := c.Media(t.Context(), "3", 8); !errors.Is(err, ErrMediaTooLarge) {
		t.Errorf("too large body: %v", err)
	}
	// An unknown id is permanent; a bad token says so.
	var de *dissemination.Error
	if _, _, err := c.Media(t.Context(), "404", 1<<20); !errors.As(err, &de) || de.Retryable {
		t.Errorf("unknown media: %v", err)
	}
	c.AccessToken = "salah"
	if _, _, err := c.Media(t.Context(), "1479537139650973", 1<<20); !errors.As(err, &de) || !strings.Contains(de.Message, "access_token") {
		t.Errorf("bad token: %v", err)
	}
	if _, _, err := c.Media(t.Context(), "../"+phoneID+"/messages", 1<<20); !errors.As(err, &de) || de.Retryable {
		t.Errorf("path in media id: %v", err)
	}
}
