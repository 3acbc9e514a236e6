package studio

import "net/http"

// Routes registers every staff page under /studio/ on mux. It is the one
// table of the studio's URLs. The server wraps them with auth.Middleware,
// cross-origin protection, auth.CSP and the two-factor enrolment gate.
func (s *Studio) Routes(mux *http.ServeMux) {
	h, staff, admin := s.handle, s.staff, s.admin

	// Signing in and out, forgotten passwords, two-factor enrolment.
	mux.Handle("GET /studio/login", h(s.loginShow))
	mux.Handle("POST /studio/login", h(s.loginCheck))
	mux.Handle("POST /studio/logout", h(s.logout))
	mux.Handle("POST /studio/logout/semua", staff(s.logoutEverywhere))
	mux.Handle("GET /studio/lupa-sandi", h(s.passwordForgotShow))
	mux.Handle("POST /studio/lupa-sandi", h(s.passwordForgotSend))
	mux.Handle("GET /studio/reset", h(s.passwordResetShow))
	mux.Handle("POST /studio/reset", h(s.passwordResetSave))
	mux.Handle("GET /studio/2fa", staff(s.totpShow))
	mux.Handle("POST /studio/2fa", staff(s.totpSave))
	mux.Handle("GET /studio/akun", staff(s.accountShow))

	// The newsroom.
	mux.Handle("GET /studio/{$}", staff(s.dashboardShow))
	mux.Handle("GET /studio/artikel", staff(s.articleList))
	mux.Handle("GET /studio/artikel/baru", staff(s.articleNew))
	mux.Handle("POST /studio/artikel", staff(s.articleCreate))
	mux.Handle("GET /studio/artikel/{id}", staff(s.articleEdit))
	mux.Handle("POST /studio/artikel/{id}", staff(s.articleSave))
	mux.Handle("POST /studio/artikel/{id}/kembalikan", staff(s.articleReturn))
	mux.Handle("POST /studio/artikel/{id}/setujui", staff(s.articleApprove))
	mux.Handle("POST /studio/artikel/{id}/jadwalkan", staff(s.articleSchedule))
	mux.Handle("POST /studio/artikel/{id}/terbitkan", staff(s.articlePublish))
	mux.Handle("POST /studio/artikel/{id}/tarik", staff(s.articleUnpublish))
	mux.Handle("POST /studio/artikel/{id}/koreksi", staff(s.articleCorrect))
	mux.Handle("GET /studio/artikel/{id}/riwayat", staff(s.articleHistory))
	mux.Handle("POST /studio/pratinjau", staff(s.previewRender))
	mux.Handle("GET /studio/media", staff(s.mediaList))
	mux.Handle("POST /studio/media", staff(s.mediaUpload))
	mux.Handle("GET /studio/headline", staff(s.headlineList))
	mux.Handle("POST /studio/headline", staff(s.headlineSave))

	// Dissemination: an article's channels and deliveries, the deliveries
	// across articles (editors and admins), and the channels (admins).
	mux.Handle("GET /studio/artikel/{id}/diseminasi", staff(s.disseminationShow))
	mux.Handle("POST /studio/artikel/{id}/diseminasi", staff(s.disseminationSave))
	mux.Handle("GET /studio/diseminasi", staff(s.deliveryList))
	mux.Handle("POST /studio/diseminasi/{id}/ulang", staff(s.deliveryRetry))
	mux.Handle("GET /studio/kanal", admin(s.channelList))
	mux.Handle("POST /studio/kanal", admin(s.channelCreate))
	mux.Handle("GET /studio/kanal/{id}", admin(s.channelEdit))
	mux.Handle("POST /studio/kanal/{id}", admin(s.channelSave))
	mux.Handle("POST /studio/kanal/{id}/status", admin(s.channelStatusSave))
	mux.Handle("POST /studio/kanal/{id}/uji", admin(s.channelCheck))
	mux.Handle("POST /studio/kanal/{id}/hapus", admin(s.channelRemove))
	mux.Handle("POST /studio/instansi/{id}/kanal", admin(s.channelAgencySave))

	// Contests: editors and admins run them, judges score.
	cs, judge := s.contestStaff, s.judging
	mux.Handle("GET /studio/lomba", cs(s.contestList))
	mux.Handle("GET /studio/lomba/baru", cs(s.contestNew))
	mux.Handle("POST /studio/lomba", cs(s.contestCreate))
	mux.Handle("GET /studio/lomba/{id}", cs(s.contestEdit))
	mux.Handle("POST /studio/lomba/{id}", cs(s.contestSave))
	mux.Handle("GET /studio/lomba/{id}/rubrik", cs(s.contestRubricShow))
	mux.Handle("POST /studio/lomba/{id}/rubrik", cs(s.contestRubricSave))
	mux.Handle("GET /studio/lomba/{id}/panel", cs(s.contestPanelList))
	mux.Handle("POST /studio/lomba/{id}/panel", cs(s.contestPanelCreate))
	mux.Handle("POST /studio/lomba/{id}/panel/{panel}", cs(s.contestPanelSave))
	mux.Handle("POST /studio/lomba/{id}/panel/{panel}/hapus", cs(s.contestPanelDelete))
	mux.Handle("GET /studio/lomba/{id}/karya", cs(s.contestEntryList))
	mux.Handle("GET /studio/lomba/{id}/karya/{entry}", cs(s.contestEntryShow))
	mux.Handle("GET /studio/lomba/{id}/karya/{entry}/berkas", cs(s.contestEntryFile))
	mux.Handle("POST /studio/lomba/{id}/karya/{entry}/terima", cs(s.contestEntryAccept))
	mux.Handle("POST /studio/lomba/{id}/karya/{entry}/tolak", cs(s.contestEntryReject))
	mux.Handle("GET /studio/lomba/{id}/suara", cs(s.contestVoteList))
	mux.Handle("POST /studio/lomba/{id}/suara", cs(s.contestVoteReview))
	mux.Handle("GET /studio/lomba/{id}/progres", cs(s.contestProgressShow))
	mux.Handle("GET /studio/lomba/{id}/hasil", cs(s.contestResultsShow))
	mux.Handle("POST /studio/lomba/{id}/pengumuman", cs(s.contestAnnouncementCreate))
	mux.Handle("GET /studio/penjurian", judge(s.judgingList))
	mux.Handle("GET /studio/penjurian/{id}", judge(s.judgingShow))
	mux.Handle("POST /studio/penjurian/{id}/konflik", judge(s.judgingConflictSave))
	mux.Handle("GET /studio/penjurian/{id}/karya/{entry}", judge(s.judgingEntryShow))
	mux.Handle("POST /studio/penjurian/{id}/karya/{entry}", judge(s.judgingEntryScore))
	mux.Handle("GET /studio/penjurian/{id}/karya/{entry}/berkas", judge(s.judgingEntryFile))

	// The hoax clinic: checkers work the queue; admins handle reporters'
	// personal data.
	kh := s.clinicStaff
	mux.Handle("GET /studio/klinik", kh(s.clinicQueue))
	mux.Handle("GET /studio/klinik/data-pribadi", s.clinicAdmin(s.clinicPrivacy))
	mux.Handle("POST /studio/klinik/data-pribadi/ekspor", s.clinicAdmin(s.clinicPrivacyExport))
	mux.Handle("POST /studio/klinik/data-pribadi/hapus", s.clinicAdmin(s.clinicPrivacyErase))
	mux.Handle("GET /studio/klinik/rujukan/{id}", kh(s.clinicReferralDocument))
	mux.Handle("GET /studio/klinik/laporan/{id}/gambar", kh(s.clinicReportImage))
	mux.Handle("GET /studio/klinik/laporan/{id}/kontak", kh(s.clinicContactShow))
	mux.Handle("POST /studio/klinik/laporan/{id}/kontak", kh(s.clinicContactOpen))
	mux.Handle("POST /studio/klinik/laporan/{id}/kirim-ulang", kh(s.clinicReplyRetry))
	mux.Handle("GET /studio/klinik/{id}", kh(s.clinicClaimShow))
	mux.Handle("POST /studio/klinik/{id}", kh(s.clinicClaimSave))
	mux.Handle("POST /studio/klinik/{id}/tugas", kh(s.clinicClaimAssign))
	mux.Handle("POST /studio/klinik/{id}/status", kh(s.clinicClaimStatus))
	mux.Handle("POST /studio/klinik/{id}/catatan", kh(s.clinicNoteCreate))
	mux.Handle("POST /studio/klinik/{id}/konfirmasi", kh(s.clinicSuggestionConfirm))
	mux.Handle("POST /studio/klinik/{id}/putusan", kh(s.clinicVerdictPublish))
	mux.Handle("POST /studio/klinik/{id}/rujukan", kh(s.clinicReferralCreate))

	// Administration.
	mux.Handle("GET /studio/pengguna", admin(s.userList))
	mux.Handle("POST /studio/pengguna", admin(s.userCreate))
	mux.Handle("POST /studio/pengguna/{id}/peran", admin(s.userRoleSave))
	mux.Handle("POST /studio/pengguna/{id}/status", admin(s.userStatusSave))
	mux.Handle("GET /studio/instansi", admin(s.agencyList))
	mux.Handle("POST /studio/instansi", admin(s.agencyCreate))
	mux.Handle("GET /studio/audit", admin(s.auditList))
	mux.Handle("GET /studio/kotak-keluar", admin(s.outboxList))
	mux.Handle("GET /studio/kotak-keluar/{id}", admin(s.outboxShow))

	mux.Handle("GET /studio/static/{name}", http.HandlerFunc(s.staticShow))
	mux.Handle("/studio/", h(s.notFound))
}
