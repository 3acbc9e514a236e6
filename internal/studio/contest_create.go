package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestCreate stores a new contest, or with "Pratinjau aturan" or an
// "add a row" button shows the form again without saving.
func (s *Studio) contestCreate(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.saveContest(w, r, u, nil)
}
