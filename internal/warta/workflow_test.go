package warta

import (
	"strings"
	"testing"
	"time"
)

func TestAuthorizeExplainsRefusals(t *testing.T) {
	kpu := &Article{AgencyID: "KPU", Status: StatusSubmitted}
	for _, c := range []struct {
		u    *User
		a    Action
		code string
		want string
	}{
		{nil, ActionEdit, EUnauthorized, "masuk"},
		{&User{Role: RoleContributor, AgencyID: "BAWASLU"}, ActionSubmit, EForbidden, "instansinya sendiri"},
		{&User{Role: RoleContributor, AgencyID: "KPU"}, ActionPublish, EForbidden, "tidak dapat menerbitkan artikel"},
		{&User{Role: RoleContributor, AgencyID: "KPU"}, ActionEdit, EForbidden, "menunggu tinjauan"},
		{&User{Role: RoleJudge}, ActionEdit, EForbidden, "hanya dapat membaca"},
		{&User{Role: RoleEditor, Disabled: true}, ActionPublish, EForbidden, "dinonaktifkan"},
		{&User{Role: RoleEditor}, ActionPublish, "", ""},
	} {
		err := Authorize(c.u, c.a, kpu)
		if ErrorCode(err) != c.code || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("Authorize(%+v, %s) = %v, want %s containing %q", c.u, c.a, err, c.code, c.want)
		}
	}
	if !CanView(&User{Role: RoleFactChecker}, kpu) || CanView(&User{Role: RoleContributor, AgencyID: "X"}, kpu) {
		t.Error("CanView")
	}
}

func TestParseScheduleTime(t *testing.T) {
	want := time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC) // 10:00 WIB
	for _, s := range []string{"2024-02-14T10:00", "2024-02-14 10:00", " 2024-02-14 10:00:00 ", "2024-02-14T10:00:00+07:00", "2024-02-14T03:00:00Z"} {
		got, err := ParseScheduleTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseScheduleTime(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseScheduleTime("besok pagi"); ErrorCode(err) != EInvalid {
		t.Errorf("nonsense accepted: %v", err)
	}
}
