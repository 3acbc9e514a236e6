package contestweb

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// registerFields are the registration form's fields, named as the
// service names them in its refusals.
var registerFields = []string{"name", "email", "birth_date", "region", "password", "consent"}

type registerView struct {
	Form        *form
	Kabupaten   []warta.Region
	Kota        []warta.Region
	MinPassword int
	Who         *contest.Participant
}

// registerShow is GET /lomba/daftar: the sign-up form.
func (web *Web) registerShow(w http.ResponseWriter, r *http.Request) error {
	p, err := web.participant(r)
	if err != nil {
		return err
	}
	return web.renderRegister(w, r, http.StatusOK, newForm("", nil), p)
}

// registerSave is POST /lomba/daftar: the account is created, its email
// verification link sent, and the new participant signed in.
func (web *Web) registerSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Formulir tidak dapat dibaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm("", url.Values{})
	for _, k := range []string{"name", "email", "birth_date", "region", "consent"} {
		f.Values.Set(k, r.PostForm.Get(k)) // never the password
	}
	if f.Get("consent") == "" {
		f.Set("consent", "Centang persetujuan pemrosesan data pribadi untuk mendaftar.")
		return web.renderRegister(w, r, http.StatusBadRequest, f, nil)
	}
	in := contest.Registration{Name: f.Get("name"), Email: f.Get("email"), BirthDate: f.Get("birth_date"),
		Region: f.Get("region"), Password: r.PostForm.Get("password")}
	ctx := r.Context()
	p, err := web.cs.Register(ctx, in)
	if p == nil {
		if !refuse(f, err, registerFields...) {
			return err
		}
		return web.renderRegister(w, r, httperr.Status(err), f, nil)
	}
	// The account exists even when its email could not be sent; the
	// participant can ask for it again from their page.
	notice := "terdaftar"
	if err != nil {
		web.log.Warn("contestweb: verification email not sent", "participant", p.ID, "err", err)
		notice = "email-gagal"
	}
	_, raw, err := web.cs.Login(ctx, in.Email, in.Password)
	if err != nil {
		return err
	}
	web.setSession(w, raw)
	return seeOther(w, r, "/lomba/saya?pesan="+notice)
}

func (web *Web) renderRegister(w http.ResponseWriter, r *http.Request, status int, f *form, who *contest.Participant) error {
	all, err := web.regions(r.Context())
	if err != nil {
		return err
	}
	v := registerView{Form: f, MinPassword: store.MinPasswordLength, Who: who}
	for _, rg := range all {
		switch rg.Kind {
		case warta.RegionKabupaten:
			v.Kabupaten = append(v.Kabupaten, rg)
		case warta.RegionKota:
			v.Kota = append(v.Kota, rg)
		}
	}
	byName := func(a, b warta.Region) int { return strings.Compare(a.ShortName(), b.ShortName()) }
	slices.SortFunc(v.Kabupaten, byName)
	slices.SortFunc(v.Kota, byName)
	return web.pages.Render(w, r, status, "Daftar sebagai peserta lomba", "register", v)
}
