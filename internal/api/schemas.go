package api

import (
	"maps"
	"slices"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The JSON Schemas of the OpenAPI document: one per request and response
// shape in article_json.go and the request structs. Response objects list
// every property as required (a missing value is null, never absent);
// request objects refuse properties they do not list, as the API does.

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func str(description string) obj { return obj{"type": "string", "description": description} }

func nullableStr(description string) obj {
	return obj{"type": []string{"string", "null"}, "description": description}
}

func integer(description string) obj { return obj{"type": "integer", "description": description} }

func boolean(description string) obj { return obj{"type": "boolean", "description": description} }

func dateTime(description string) obj {
	return obj{"type": "string", "format": "date-time", "description": description, "examples": []string{"2026-12-01T10:00:00+07:00"}}
}

func nullableDateTime(description string) obj {
	return obj{"type": []string{"string", "null"}, "format": "date-time", "description": description}
}

func arrayOf(items obj, description string) obj {
	return obj{"type": "array", "items": items, "description": description}
}

func nullableRef(name, description string) obj {
	return obj{"description": description, "oneOf": []obj{ref(name), {"type": "null"}}}
}

// response is an object schema whose every property is always present.
func response(description string, props obj) obj {
	return obj{"type": "object", "description": description, "properties": props,
		"required": slices.Sorted(maps.Keys(props))}
}

// request is an object schema that refuses unlisted properties.
func request(description string, required []string, props obj) obj {
	s := obj{"type": "object", "description": description, "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func statusSchema() obj {
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = string(s)
	}
	return obj{"type": "string", "enum": names}
}

func actionSchema() obj {
	names := make([]string, len(articleActions))
	for i, a := range articleActions {
		names[i] = string(a)
	}
	return obj{"type": "string", "enum": names}
}

// articleInputProps are the editable article fields, shared by create and
// PATCH.
func articleInputProps() obj {
	return obj{
		"title":          obj{"type": "string", "maxLength": 200, "description": "Judul; wajib."},
		"slug":           obj{"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Bagian alamat publik; dibuat dari judul bila kosong, dan tetap setelah terbit."},
		"dek":            str("Ringkasan di bawah judul."),
		"body":           str("Isi dalam Markdown."),
		"dateline":       str(`Tempat berita, mis. "Surabaya".`),
		"byline":         str("Nama penulis."),
		"byline_code":    str(`Kode penulis di akhir berita, mis. "/rd".`),
		"agency":         str(`Slug instansi sumber resmi, mis. "kpu-jatim". Wajib untuk admin dan redaktur; draf kontributor selalu milik instansinya.`),
		"regions":        arrayOf(obj{"type": "string"}, `Slug wilayah, mis. ["kota-surabaya"].`),
		"stages":         arrayOf(obj{"type": "string"}, `Slug tahapan pemilu, mis. ["pemilu-2024-kampanye"].`),
		"tags":           arrayOf(obj{"type": "string"}, "Nama tag bebas."),
		"lead_image_id":  nullableStr("ID foto utama di pustaka media; kosong atau null menghapusnya."),
		"headline":       boolean("Tampil di deretan Headline; hanya redaktur dan admin."),
		"headline_order": obj{"type": "integer", "minimum": 0, "description": "Urutan di Headline, yang terkecil paling depan."},
	}
}

// schemas returns components.schemas.
func schemas() obj {
	patch := articleInputProps()
	patch["note"] = str("Catatan revisi: apa yang diubah dan mengapa.")
	patch["correction"] = str("Catatan koreksi publik yang ditampilkan kepada pembaca; hanya untuk artikel yang sudah terbit.")
	all := obj{
		"Article": response("Artikel sebagaimana dilihat ruang redaksi.", obj{
			"id":             str("ID (ULID)."),
			"slug":           str("Bagian terakhir alamat publik."),
			"url":            nullableStr("Alamat publik; null selama artikel tidak tayang."),
			"title":          str("Judul."),
			"dek":            str("Ringkasan di bawah judul."),
			"body":           str("Isi dalam Markdown."),
			"body_html":      str("Isi yang sudah dirender dan dibersihkan."),
			"dateline":       str("Tempat berita."),
			"byline":         str("Nama penulis."),
			"byline_code":    str("Kode penulis."),
			"agency":         ref("Agency"),
			"regions":        arrayOf(ref("Region"), "Wilayah."),
			"stages":         arrayOf(ref("Stage"), "Tahapan pemilu."),
			"tags":           arrayOf(ref("Tag"), "Tag."),
			"lead_image":     nullableRef("Media", "Foto utama, atau null."),
			"headline":       boolean("Tampil di deretan Headline."),
			"headline_order": integer("Urutan di Headline."),
			"status":         statusSchema(),
			"status_label":   str(`Status dalam Bahasa Indonesia, mis. "menunggu tinjauan".`),
			"scheduled_at":   nullableDateTime("Waktu tayang terjadwal, selama berstatus scheduled."),
			"published_at":   nullableDateTime("Waktu terbit pertama; null bila belum pernah terbit."),
			"created_at":     dateTime("Waktu dibuat."),
			"updated_at":     dateTime("Waktu perubahan terakhir."),
			"author_id":      nullableStr("Akun yang membuatnya; null untuk artikel impor."),
			"author_name":    str("Nama akun pembuatnya."),
			"corrections":    arrayOf(ref("Correction"), "Catatan koreksi publik, yang tertua lebih dulu."),
			"actions":        arrayOf(actionSchema(), "Tindakan yang boleh Anda lakukan sekarang; edit dan correction lewat PATCH, headline lewat PATCH headline/headline_order."),
		}),
		"Agency": response("Instansi sumber resmi.", obj{
			"id": str("ID."), "slug": str(`Slug, mis. "kpu-jatim".`), "name": str("Nama lengkap."), "short_name": str("Nama singkat."),
		}),
		"Region": response("Provinsi atau kabupaten/kota.", obj{
			"code": str(`Kode Kemendagri, mis. "35.78".`), "slug": str("Slug."), "name": str("Nama."),
			"kind": obj{"type": "string", "enum": []string{warta.RegionProvinsi, warta.RegionKabupaten, warta.RegionKota}},
		}),
		"Stage": response("Tahapan pemilu.", obj{
			"slug": str("Slug."), "name": str("Nama."), "election": str(`Slug pemilu, mis. "pemilu-2024".`),
		}),
		"Tag": response("Tag.", obj{"slug": str("Slug."), "name": str("Nama.")}),
		"Media": response("Foto di pustaka media.", obj{
			"id": str("ID."), "url": str("Alamat berkas aslinya."), "alt": str("Teks alternatif."),
			"caption": str("Keterangan foto."), "credit": str("Kredit foto."),
			"width": integer("Lebar dalam piksel."), "height": integer("Tinggi dalam piksel."),
		}),
		"Correction": response("Catatan koreksi publik.", obj{
			"id": str("ID."), "note": str("Catatan."), "created_at": dateTime("Waktu dibuat."),
		}),
		"ArticleList": response("Satu halaman artikel.", obj{
			"articles": arrayOf(ref("Article"), "Artikel, yang terakhir diperbarui lebih dulu."),
			"next":     nullableStr("Nilai after untuk halaman berikutnya; null di halaman terakhir."),
			"next_url": nullableStr("Alamat halaman berikutnya; null di halaman terakhir."),
		}),
		"ArticleCreate": request("Draf baru.", []string{"title"}, articleInputProps()),
		"ArticlePatch":  request("Isian yang diubah; yang tidak dikirim tetap.", nil, patch),
		"ReturnRequest": request("Pengembalian ke penulis.", []string{"comment"}, obj{
			"comment": str("Alasan pengembalian: apa yang harus diperbaiki penulis."),
		}),
		"ScheduleRequest": request("Jadwal tayang.", []string{"at"}, obj{
			"at": obj{"type": "string", "description": "Waktu tayang di masa depan: RFC 3339, atau waktu lokal sampai menit yang dibaca dalam WIB (Asia/Jakarta).",
				"examples": []string{"2026-12-01T10:00:00+07:00", "2026-12-01T10:00"}},
		}),
		"Revision": response("Satu versi teks artikel.", obj{
			"id": str("ID."), "number": integer("Nomor revisi, mulai 1."), "title": str("Judul."), "dek": str("Ringkasan."),
			"body": str("Isi dalam Markdown."), "editor_id": str("Akun yang menyimpannya."), "note": str("Catatan revisi."),
			"created_at": dateTime("Waktu disimpan."),
		}),
		"RevisionList": response("Revisi artikel.", obj{"revisions": arrayOf(ref("Revision"), "Yang tertua lebih dulu.")}),
		"Event": response("Satu langkah alur kerja.", obj{
			"id":         str("ID."),
			"action":     obj{"type": "string", "enum": actionNames()},
			"from":       obj{"description": "Status sebelumnya; null saat dibuat.", "oneOf": []obj{statusSchema(), {"type": "null"}}},
			"to":         statusSchema(),
			"user_id":    str(`Akun pelakunya, atau "system" untuk penerbitan terjadwal.`),
			"user_name":  str("Nama pelakunya, bila diketahui."),
			"comment":    str("Alasan pengembalian, catatan koreksi atau catatan revisi."),
			"created_at": dateTime("Waktu langkah."),
		}),
		"EventList": response("Riwayat alur kerja.", obj{"events": arrayOf(ref("Event"), "Yang tertua lebih dulu.")}),
		"Me": response("Akun yang memakai API.", obj{
			"id": str("ID."), "email": str("Email."), "name": str("Nama."),
			"role":   obj{"type": "string", "enum": roleNames()},
			"agency": nullableRef("Agency", "Instansi akun; null bila tidak terikat."),
			"auth":   obj{"type": "string", "enum": []string{"token", "session"}, "description": "Cara permintaan ini diautentikasi."},
			"token":  nullableRef("Token", "Token yang dipakai; null untuk sesi."),
		}),
		"Token": response("Token API.", obj{
			"id": str("ID."), "name": str("Nama token."), "prefix": str("Awal token, untuk membedakannya."),
			"scopes":     arrayOf(obj{"type": "string", "enum": warta.Scopes}, "Cakupan: read (GET saja) dan/atau write."),
			"expires_at": nullableDateTime("Waktu kedaluwarsa; null bila tidak kedaluwarsa."),
		}),
		"Problem": obj{
			"type": "object", "description": "RFC 9457 problem details.", "required": []string{"type", "title", "status"},
			"properties": obj{
				"type":     obj{"type": "string", "format": "uri", "description": "Jenis masalah: " + ProblemTypeBase + "<jenis>."},
				"title":    str("Ringkasan jenis masalah."),
				"status":   integer("Kode status HTTP."),
				"detail":   str("Apa yang salah kali ini dan apa yang perlu dilakukan."),
				"instance": str("Alamat permintaan."),
				"errors":   arrayOf(ref("FieldError"), "Isian yang salah, untuk permintaan tidak valid."),
			},
		},
		"FieldError": response("Satu isian yang salah.", obj{
			"field":  str("Nama isian JSON atau parameter query."),
			"detail": str("Apa yang salah dan bagaimana memperbaikinya."),
		}),
	}
	maps.Copy(all, deliverySchemas())
	maps.Copy(all, contestSchemas())
	maps.Copy(all, clinicSchemas())
	return all
}

func actionNames() []string {
	out := make([]string, len(warta.Actions))
	for i, a := range warta.Actions {
		out[i] = string(a)
	}
	return out
}

func roleNames() []string {
	out := make([]string, len(warta.Roles))
	for i, r := range warta.Roles {
		out[i] = string(r)
	}
	return out
}
