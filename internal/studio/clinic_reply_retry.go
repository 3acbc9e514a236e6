package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicReplyRetry queues again an answer that could not be sent, after
// the checker or an admin fixed what kept it from going out.
func (s *Studio) clinicReplyRetry(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	claimID, err := s.clinic.RetryReply(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	redirect(w, r, "/studio/klinik/"+claimID, "jawaban-ulang")
	return nil
}
