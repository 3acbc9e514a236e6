package demo

import (
	"image/color"
	"math/rand/v2"
)

// palette colours the illustrations of one phase of an election, so that a
// reader scrolling the index sees at a glance which phase a story belongs to.
type palette struct {
	name     string // in alt text: "berlatar gradasi biru"
	bg0, bg1 color.NRGBA
	ground   color.NRGBA
	main     color.NRGBA // the scene's dominant object
	accent   color.NRGBA
	light    color.NRGBA
	dark     color.NRGBA
}

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 255}
}

// palettes, by phase: preparation and voter data; nomination and campaign;
// quiet days, voting and counting; recapitulation and after.
var palettes = []palette{
	{"biru", rgb(0x0b3d66), rgb(0x3fa7d6), rgb(0x0a2f4f), rgb(0xf4f7fb), rgb(0xf6b93b), rgb(0xffffff), rgb(0x102a43)},
	{"jingga", rgb(0xb23a12), rgb(0xf7a55c), rgb(0x7c2a0c), rgb(0x1d4e89), rgb(0xfff1d6), rgb(0xfffaf0), rgb(0x2b1a10)},
	{"merah dan putih", rgb(0xa4161a), rgb(0xf5ebe0), rgb(0x660708), rgb(0xffffff), rgb(0xd90429), rgb(0xfffdf7), rgb(0x2b2d42)},
	{"hijau", rgb(0x1b4332), rgb(0x74c69d), rgb(0x081c15), rgb(0xf1faee), rgb(0xffb703), rgb(0xffffff), rgb(0x0b2618)},
}

// scene draws one kind of illustration. Alt text describes what is drawn;
// the caption says what it stands for.
type scene struct {
	name    string
	alt     string // with %s for the palette name
	caption string
	draw    func(cv *canvas, p palette, r *rand.Rand)
}

var scenes = []scene{
	{"kotak", "Ilustrasi kotak suara dengan selembar surat suara yang sedang dimasukkan ke celahnya, berlatar gradasi %s.",
		"Ilustrasi: kotak suara dan surat suara menjelang pemungutan suara.", drawBallotBox},
	{"tenda", "Ilustrasi tenda tempat pemungutan suara berhias untaian bendera, dengan bilik suara dan warga di bawahnya, berlatar gradasi %s.",
		"Ilustrasi: petugas KPPS menyiapkan tempat pemungutan suara.", drawTent},
	{"peta", "Ilustrasi peta Jawa Timur dan Pulau Madura dengan penanda lokasi yang saling terhubung, berlatar gradasi %s.",
		"Ilustrasi: peta wilayah Jawa Timur.", drawMap},
	{"tinta", "Ilustrasi tangan dengan jari kelingking bertinta ungu tanda sudah mencoblos, berlatar gradasi %s.",
		"Ilustrasi: jari bertinta, tanda pemilih telah menggunakan hak pilihnya.", drawInk},
	{"dokumen", "Ilustrasi tumpukan formulir berisi tabel, sebuah stempel bundar dan pena, berlatar gradasi %s.",
		"Ilustrasi: formulir dan berita acara penyelenggara pemilu.", drawDocuments},
	{"megafon", "Ilustrasi pengeras suara dengan gelombang suara dan balon percakapan, berlatar gradasi %s.",
		"Ilustrasi: sosialisasi tahapan pemilihan kepada masyarakat.", drawMegaphone},
	{"cekfakta", "Ilustrasi ponsel berisi pesan berantai dan kaca pembesar bertanda silang, berlatar gradasi %s.",
		"Ilustrasi: memeriksa kebenaran pesan berantai sebelum membagikannya.", drawFactCheck},
	{"truk", "Ilustrasi truk bermuatan kardus logistik melaju di jalan, dengan tumpukan kardus di tepi jalan, berlatar gradasi %s.",
		"Ilustrasi: distribusi logistik pemilu ke kecamatan dan desa.", drawTruck},
	{"rumah", "Ilustrasi deretan rumah warga, satu di antaranya ditempeli stiker, dan petugas membawa papan catatan, berlatar gradasi %s.",
		"Ilustrasi: petugas pantarlih mendatangi rumah warga untuk mencocokkan data pemilih.", drawHouses},
	{"grafik", "Ilustrasi papan berisi grafik batang, grafik garis dan diagram lingkaran, berlatar gradasi %s.",
		"Ilustrasi: data pemilih dan tingkat partisipasi.", drawChart},
}

func sceneIndex(name string) int {
	for i, s := range scenes {
		if s.name == name {
			return i
		}
	}
	return -1
}

// backdrop paints the gradient, soft circles of light and the ground.
func backdrop(cv *canvas, p palette, r *rand.Rand, groundY float32) {
	cv.gradient(p.bg0, p.bg1)
	for i := 0; i < 7; i++ {
		x, y := 100+r.Float32()*1400, 60+r.Float32()*500
		cv.fill(alpha(p.light, uint8(18+r.IntN(22))), circle(x, y, 40+r.Float32()*160))
	}
	if groundY > 0 {
		cv.fill(alpha(p.ground, 200), rect(0, groundY, 1600, 900))
		cv.fill(alpha(p.light, 40), rect(0, groundY, 1600, groundY+6))
	}
}

func shadow(cv *canvas, cx, y, w float32) {
	cv.fill(color.NRGBA{0, 0, 0, 70}, ellipse(cx, y, w/2, w/14))
}

// ballot is a folded ballot paper with a grid of candidate boxes, one marked.
func ballot(cv *canvas, p palette, x, y, w float32, deg float64, mark int) {
	h := w * 0.7
	cx, cy := x+w/2, y+h/2
	cv.fill(alpha(p.dark, 60), rotate(rect(x+8, y+10, x+w+8, y+h+10), cx, cy, deg))
	cv.fill(rgb(0xfdfdf8), rotate(rect(x, y, x+w, y+h), cx, cy, deg))
	cv.fill(alpha(p.accent, 230), rotate(rect(x, y, x+w, y+h*0.16), cx, cy, deg))
	cw := (w - 40) / 3
	for i := 0; i < 3; i++ {
		bx := x + 10 + float32(i)*(cw+10)
		cv.fill(alpha(p.dark, 50), rotate(rect(bx, y+h*0.26, bx+cw, y+h*0.9), cx, cy, deg))
		if i == mark {
			mx, my := bx+cw/2, y+h*0.55
			cv.fill(alpha(p.dark, 220), rotate(circle(mx, my, cw*0.14), cx, cy, deg))
		}
	}
}

func drawBallotBox(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 720)
	for i := 0; i < 3; i++ {
		ballot(cv, palette{dark: p.dark, accent: alpha(p.accent, 120)}, 120+float32(i)*520+r.Float32()*80, 60+r.Float32()*120, 150, r.Float64()*40-20, r.IntN(3))
	}
	dx := r.Float32()*120 - 60
	x0, x1, y0, y1 := 540+dx, 1060+dx, float32(400), float32(770)
	shadow(cv, (x0+x1)/2+40, y1, 700)
	cv.fill(alpha(p.main, 235), rect(x0, y0, x1, y1))
	cv.fill(alpha(p.dark, 90), []pt{{x1, y0}, {x1 + 90, y0 - 70}, {x1 + 90, y1 - 70}, {x1, y1}})
	cv.fill(alpha(p.light, 250), []pt{{x0, y0}, {x1, y0}, {x1 + 90, y0 - 70}, {x0 + 90, y0 - 70}})
	cv.fill(alpha(p.dark, 230), []pt{{x0 + 180, y0 - 30}, {x0 + 360, y0 - 30}, {x0 + 380, y0 - 46}, {x0 + 200, y0 - 46}})
	cv.fill(alpha(p.accent, 255), rect(x0, y0+60, x1, y0+130))
	cv.fill(alpha(p.light, 255), circle((x0+x1)/2, y0+220, 70))
	cv.fill(alpha(p.accent, 255), star((x0+x1)/2, y0+220, 50, 22))
	cv.fill(alpha(p.dark, 120), rect(x0+60, y1-90, x1-60, y1-70))
	cv.fill(rgb(0xd90429), rect(x0+20, y0+160, x0+34, y0+200))
	ballot(cv, p, x0+190, y0-200, 170, -8+r.Float64()*16, r.IntN(3))
}

// star is a five-pointed star, the emblem shape on ballot boxes here.
func star(cx, cy, ro, ri float32) []pt {
	var p []pt
	for i := 0; i < 10; i++ {
		rad := ro
		if i%2 == 1 {
			rad = ri
		}
		q := rotate([]pt{{cx, cy - rad}}, cx, cy, float64(i)*36)
		p = append(p, q[0])
	}
	return p
}

func person(cv *canvas, c color.NRGBA, x, ground, h float32) {
	cv.fill(c, circle(x, ground-h+h*0.13, h*0.13))
	cv.fill(c, roundRect(x-h*0.18, ground-h+h*0.3, x+h*0.18, ground, h*0.12))
}

func drawTent(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 730)
	dx := r.Float32()*100 - 50
	left, right := 220+dx, 1380+dx
	// bunting
	for i := 0; i < 22; i++ {
		x := 80 + float32(i)*66
		sag := 30 * (1 - sq((x-800)/800))
		c := rgb(0xd90429)
		if i%2 == 1 {
			c = rgb(0xffffff)
		}
		cv.fill(c, []pt{{x, 150 + sag}, {x + 56, 150 + sag}, {x + 28, 205 + sag}})
	}
	cv.fill(alpha(p.dark, 160), line(pt{60, 148}, pt{1540, 148}, 4))
	for _, x := range []float32{left + 20, right - 20, (left + right) / 2} {
		cv.fill(alpha(p.dark, 230), rect(x-7, 420, x+7, 735))
	}
	cv.fill(alpha(p.main, 245), []pt{{left + 90, 270}, {right - 90, 270}, {right + 10, 420}, {left - 10, 420}})
	for i := 0; i < 9; i++ {
		x := left + 110 + float32(i)*(right-left-220)/9
		cv.fill(alpha(p.accent, 170), []pt{{x, 270}, {x + 50, 270}, {x + 62, 420}, {x + 4, 420}})
	}
	for x := left - 10; x < right+10; x += 58 {
		cv.fill(alpha(p.main, 245), circle(x+29, 420, 29))
	}
	// voting booths
	nb := 2 + r.IntN(2)
	for i := 0; i < nb; i++ {
		bx := left + 130 + float32(i)*210
		cv.fill(alpha(p.light, 240), rect(bx, 540, bx+170, 560))
		cv.fill(alpha(p.dark, 200), []pt{{bx + 10, 560}, {bx + 160, 560}, {bx + 150, 690}, {bx + 20, 690}})
		cv.fill(alpha(p.accent, 255), rect(bx+60, 590, bx+110, 610))
		cv.fill(alpha(p.dark, 230), rect(bx+30, 690, bx+40, 735))
		cv.fill(alpha(p.dark, 230), rect(bx+130, 690, bx+140, 735))
	}
	// officers' table with a ballot box
	tx := right - 420
	cv.fill(alpha(p.light, 250), rect(tx, 600, tx+320, 625))
	cv.fill(alpha(p.dark, 220), rect(tx+20, 625, tx+32, 735))
	cv.fill(alpha(p.dark, 220), rect(tx+288, 625, tx+300, 735))
	cv.fill(alpha(rgb(0xffffff), 230), rect(tx+100, 510, tx+220, 600))
	cv.fill(alpha(p.accent, 255), rect(tx+100, 530, tx+220, 548))
	for i := 0; i < 2+r.IntN(3); i++ {
		person(cv, alpha(p.dark, 210), 170+float32(i)*90+r.Float32()*30, 760, 190+r.Float32()*40)
	}
}

func sq(x float32) float32 { return x * x }

// jatim and madura are East Java's mainland and Madura, traced from
// longitude and latitude at 330 pixels a degree; sapudi and barung are two
// of the small islands.
var (
	jatim = []pt{{414, 146}, {562, 186}, {661, 179}, {760, 259}, {793, 285}, {826, 367}, {843, 427}, {942, 460},
		{1074, 457}, {1173, 443}, {1272, 466}, {1345, 499}, {1331, 615}, {1355, 698}, {1404, 797}, {1321, 780},
		{1239, 731}, {1074, 698}, {909, 665}, {744, 698}, {612, 658}, {447, 648}, {249, 632}, {183, 615},
		{232, 516}, {282, 384}, {315, 285}, {381, 219}}
	madura = []pt{{784, 226}, {876, 179}, {1041, 176}, {1173, 186}, {1239, 212}, {1222, 252}, {1074, 285},
		{909, 285}, {793, 275}}
	sapudi = ellipse(1305, 252, 20, 10)
	barung = ellipse(975, 716, 22, 9)
)

// inside reports whether q lies in the polygon p (even-odd rule).
func inside(p []pt, q pt) bool {
	in := false
	for i, a := range p {
		b := p[(i+1)%len(p)]
		if (a.Y > q.Y) != (b.Y > q.Y) && q.X < a.X+(q.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y) {
			in = !in
		}
	}
	return in
}

func drawMap(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 0)
	for x := float32(0); x < 1600; x += 80 {
		cv.fill(alpha(p.light, 28), rect(x, 0, x+2, 900))
	}
	for y := float32(0); y < 900; y += 80 {
		cv.fill(alpha(p.light, 28), rect(0, y, 1600, y+2))
	}
	s := 0.96 + r.Float32()*0.06
	dx, dy := r.Float32()*50-25, 20+r.Float32()*40
	var shapes [][]pt
	for _, q := range [][]pt{smooth(jatim, 1), smooth(madura, 1), sapudi, barung} {
		shapes = append(shapes, translate(q, s, dx, dy))
	}
	shade := make([][]pt, len(shapes))
	for i, q := range shapes {
		shade[i] = translate(q, 1, 12, 16)
	}
	cv.fill(color.NRGBA{0, 0, 0, 60}, shade...)
	cv.fill(alpha(p.main, 245), shapes...)
	var pins []pt
	for len(pins) < 6+r.IntN(3) {
		q := pt{200 + r.Float32()*1200, 150 + r.Float32()*600}
		if inside(shapes[0], q) || inside(shapes[1], q) {
			pins = append(pins, q)
		}
	}
	for i := 1; i < len(pins); i++ {
		a, b := pins[i-1], pins[i]
		for t := float32(0); t < 1; t += 0.1 {
			u := t + 0.05
			cv.fill(alpha(p.dark, 150), line(pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}, pt{a.X + (b.X-a.X)*u, a.Y + (b.Y-a.Y)*u}, 5))
		}
	}
	for _, c := range pins {
		cv.fill(alpha(p.accent, 255), circle(c.X, c.Y-46, 26), []pt{{c.X - 22, c.Y - 34}, {c.X + 22, c.Y - 34}, {c.X, c.Y}})
		cv.fill(alpha(p.light, 255), circle(c.X, c.Y-46, 10))
	}
}

func drawInk(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 0)
	for i := 0; i < 26; i++ {
		c := p.accent
		if i%3 == 0 {
			c = p.light
		}
		x, y := r.Float32()*1600, r.Float32()*900
		cv.fill(alpha(c, 140), rotate(rect(x, y, x+22, y+10), x, y, r.Float64()*180))
	}
	skins := []color.NRGBA{rgb(0xc68642), rgb(0xe0ac69), rgb(0x8d5524), rgb(0xf1c27d)}
	skin := skins[r.IntN(len(skins))]
	deep := color.NRGBA{uint8(float32(skin.R) * 0.8), uint8(float32(skin.G) * 0.8), uint8(float32(skin.B) * 0.8), 255}
	dx := r.Float32()*160 - 80
	cv.fill(alpha(p.main, 240), roundRect(560+dx, 780, 980+dx, 900, 20))
	cv.fill(skin, roundRect(600+dx, 430, 940+dx, 820, 90))
	for i, h := range []float32{130, 150, 140} {
		x := 600 + dx + float32(i)*88
		cv.fill(deep, roundRect(x, 380+float32(i%2)*10, x+86, 380+h+float32(i%2)*10, 43))
		cv.fill(skin, roundRect(x+3, 383+float32(i%2)*10, x+83, 376+h+float32(i%2)*10, 40))
	}
	// the raised little finger, inked
	lx := 866 + dx
	cv.fill(deep, roundRect(lx-3, 157, lx+77, 470, 40))
	cv.fill(skin, roundRect(lx, 160, lx+74, 470, 37))
	cv.fill(rgb(0x5b2a86), roundRect(lx, 160, lx+74, 250, 37), rect(lx, 220, lx+74, 250))
	cv.fill(alpha(rgb(0xffffff), 90), roundRect(lx+14, 176, lx+28, 230, 7))
	cv.fill(deep, rotate(roundRect(470+dx, 560, 690+dx, 650, 45), 690+dx, 600, -35))
	cv.fill(skin, rotate(roundRect(474+dx, 563, 690+dx, 647, 42), 690+dx, 600, -35))
}

func drawDocuments(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 0)
	cv.fill(alpha(p.ground, 150), rect(0, 620, 1600, 900))
	for i, deg := range []float64{-9, 4, -2} {
		x, y := 420+float32(i)*150+r.Float32()*40, 130+float32(i)*30
		w, h := float32(560), float32(700)
		cx, cy := x+w/2, y+h/2
		d := deg + r.Float64()*4 - 2
		cv.fill(color.NRGBA{0, 0, 0, 55}, rotate(rect(x+12, y+14, x+w+12, y+h+14), cx, cy, d))
		cv.fill(rgb(0xfbfbf6), rotate(rect(x, y, x+w, y+h), cx, cy, d))
		cv.fill(alpha(p.main, 255), rotate(rect(x, y, x+w, y+60), cx, cy, d))
		cv.fill(alpha(p.accent, 255), rotate(rect(x+30, y+90, x+260, y+110), cx, cy, d))
		for row := 0; row < 9; row++ {
			ry := y + 150 + float32(row)*50
			cv.fill(alpha(p.dark, 45), rotate(rect(x+30, ry, x+w-30, ry+3), cx, cy, d))
			cv.fill(alpha(p.dark, 120), rotate(rect(x+40, ry+16, x+60+r.Float32()*200, ry+28), cx, cy, d))
			cv.fill(alpha(p.dark, 120), rotate(rect(x+w-160, ry+16, x+w-60-r.Float32()*40, ry+28), cx, cy, d))
		}
	}
	sx, sy := 1120+r.Float32()*80, 600+r.Float32()*60
	cv.fill(alpha(p.accent, 190), circle(sx, sy, 110), reverse(circle(sx, sy, 92)))
	cv.fill(alpha(p.accent, 190), circle(sx, sy, 76), reverse(circle(sx, sy, 70)))
	cv.fill(alpha(p.accent, 190), star(sx, sy, 46, 20))
	pen := rotate([]pt{{300, 700}, {760, 700}, {796, 713}, {760, 726}, {300, 726}}, 540, 713, -24)
	cv.fill(alpha(p.dark, 240), pen)
}

func drawMegaphone(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 0)
	dy := r.Float32()*80 - 40
	deg := -8 + r.Float64()*10
	cone := []pt{{420, 430 + dy}, {860, 250 + dy}, {860, 690 + dy}, {420, 560 + dy}}
	cv.fill(color.NRGBA{0, 0, 0, 60}, rotate(translate(cone, 1, 16, 20), 640, 470+dy, deg))
	cv.fill(alpha(p.main, 255), rotate(cone, 640, 470+dy, deg))
	cv.fill(alpha(p.accent, 255), rotate(ellipse(860, 470+dy, 60, 222), 640, 470+dy, deg))
	cv.fill(alpha(p.dark, 220), rotate(ellipse(870, 470+dy, 40, 190), 640, 470+dy, deg))
	cv.fill(alpha(p.dark, 255), rotate(roundRect(340, 440+dy, 440, 550+dy, 24), 640, 470+dy, deg))
	cv.fill(alpha(p.dark, 255), rotate(roundRect(520, 560+dy, 580, 720+dy, 20), 640, 470+dy, deg))
	for i := 0; i < 3; i++ {
		rad := float32(300 + i*90)
		cv.fill(alpha(p.light, uint8(230-i*50)), band(700, 470+dy, rad, rad+26, -0.55, 0.55))
	}
	for i := 0; i < 2+r.IntN(2); i++ {
		bx, by := 1180+float32(i)*40+r.Float32()*60, 120+float32(i)*230+r.Float32()*40
		cv.fill(alpha(p.light, 240), roundRect(bx, by, bx+300, by+150, 40), []pt{{bx + 50, by + 140}, {bx + 110, by + 140}, {bx + 30, by + 200}})
		for j := 0; j < 3; j++ {
			cv.fill(alpha(p.main, 230), circle(bx+90+float32(j)*60, by+75, 16))
		}
	}
}

func drawFactCheck(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 0)
	dx := r.Float32()*100 - 50
	cv.fill(color.NRGBA{0, 0, 0, 70}, roundRect(470+dx+18, 110+20, 830+dx+18, 830+20, 56))
	cv.fill(alpha(p.dark, 255), roundRect(470+dx, 110, 830+dx, 830, 56))
	cv.fill(rgb(0xeef2f3), roundRect(492+dx, 170, 808+dx, 770, 18))
	y := float32(200)
	for i := 0; i < 6; i++ {
		w := 150 + r.Float32()*110
		h := 56 + r.Float32()*40
		if i%2 == 0 {
			cv.fill(rgb(0xffffff), roundRect(510+dx, y, 510+dx+w, y+h, 18))
		} else {
			cv.fill(alpha(p.main, 255), roundRect(790+dx-w, y, 790+dx, y+h, 18))
		}
		y += h + 20
		if y > 700 {
			break
		}
	}
	mx, my := 980+dx+r.Float32()*80, 420+r.Float32()*60
	cv.fill(alpha(p.light, 110), circle(mx, my, 180))
	cv.fill(alpha(p.accent, 255), circle(mx, my, 200), reverse(circle(mx, my, 170)))
	cv.fill(alpha(p.accent, 255), line(pt{mx + 140, my + 140}, pt{mx + 320, my + 320}, 56))
	cv.fill(rgb(0xd90429), line(pt{mx - 80, my - 80}, pt{mx + 80, my + 80}, 40), line(pt{mx - 80, my + 80}, pt{mx + 80, my - 80}, 40))
}

func drawTruck(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 700)
	cv.fill(alpha(p.dark, 200), rect(0, 740, 1600, 840))
	for x := float32(40); x < 1600; x += 180 {
		cv.fill(alpha(p.light, 200), rect(x, 785, x+90, 795))
	}
	dx := r.Float32()*140 - 70
	cv.fill(color.NRGBA{0, 0, 0, 60}, ellipse(840+dx, 780, 480, 24))
	cv.fill(alpha(p.main, 255), roundRect(400+dx, 360, 1020+dx, 700, 14))
	cv.fill(alpha(p.accent, 255), rect(400+dx, 560, 1020+dx, 590))
	cv.fill(alpha(p.accent, 255), []pt{{1030 + dx, 440}, {1190 + dx, 440}, {1290 + dx, 560}, {1290 + dx, 700}, {1030 + dx, 700}})
	cv.fill(alpha(p.light, 230), []pt{{1060 + dx, 465}, {1175 + dx, 465}, {1250 + dx, 555}, {1060 + dx, 555}})
	for _, x := range []float32{530, 880, 1180} {
		cv.fill(alpha(p.dark, 255), circle(x+dx, 710, 62))
		cv.fill(alpha(p.light, 255), circle(x+dx, 710, 24))
	}
	for i := 0; i < 4; i++ {
		cv.fill(alpha(p.light, 190), rect(230+dx-float32(i)*40, 420+float32(i)*70, 360+dx-float32(i)*40, 430+float32(i)*70))
	}
	kraft := rgb(0xc8a165)
	for i := 0; i < 3+r.IntN(3); i++ {
		bx := float32(1320 + (i%3)*90)
		by := float32(610 - (i/3)*90)
		cv.fill(kraft, rect(bx, by, bx+86, by+86))
		cv.fill(alpha(rgb(0x8a6a3b), 255), rect(bx+36, by, bx+50, by+86))
	}
}

func drawHouses(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 700)
	walls := []color.NRGBA{rgb(0xf2e8cf), rgb(0xe9edc9), rgb(0xfefae0), rgb(0xe0e1dd), rgb(0xfde2e4)}
	roofs := []color.NRGBA{rgb(0x9c3d22), rgb(0x7f4f24), rgb(0xa44a3f), rgb(0x6b4226)}
	sticker := 1 + r.IntN(3)
	for i := 0; i < 5; i++ {
		x := 40 + float32(i)*310 + r.Float32()*20
		w, h := float32(270), 220+r.Float32()*60
		top := 700 - h
		cv.fill(walls[(i+r.IntN(2))%len(walls)], rect(x, top, x+w, 700))
		cv.fill(roofs[r.IntN(len(roofs))], []pt{{x - 20, top}, {x + w/2, top - 120}, {x + w + 20, top}})
		cv.fill(alpha(p.dark, 220), rect(x+30, 560, x+100, 700))
		cv.fill(alpha(p.main, 220), rect(x+140, top+50, x+240, top+120))
		cv.fill(alpha(p.dark, 120), rect(x+188, top+50, x+192, top+120))
		if i == sticker {
			cv.fill(alpha(p.accent, 255), rect(x+108, 560, x+136, 596))
			cv.fill(alpha(p.light, 255), circle(x+122, 574, 8))
		}
	}
	// the officer with a clipboard, at the stickered house
	ox := 40 + float32(sticker)*310 + 200
	person(cv, alpha(p.dark, 240), ox, 760, 230)
	cv.fill(alpha(p.accent, 255), rect(ox-60, 620, ox-10, 680))
	cv.fill(alpha(p.light, 255), rect(ox-54, 630, ox-16, 672))
}

func drawChart(cv *canvas, p palette, r *rand.Rand) {
	backdrop(cv, p, r, 0)
	cv.fill(color.NRGBA{0, 0, 0, 60}, roundRect(218, 138, 1418, 798, 36))
	cv.fill(alpha(p.light, 245), roundRect(200, 120, 1400, 780, 36))
	cv.fill(alpha(p.dark, 160), rect(280, 700, 980, 704))
	var tops []pt
	h := float32(200 + r.Float32()*80)
	for i := 0; i < 6; i++ {
		x := float32(300 + i*110)
		h = min(520, max(120, h+r.Float32()*140-40))
		c := p.main
		if p.main.R > 230 && p.main.G > 230 {
			c = p.accent // a white main colour would vanish on the light board
		}
		cv.fill(alpha(c, 230), roundRect(x, 700-h, x+80, 704, 12))
		tops = append(tops, pt{x + 40, 700 - h - 40})
	}
	for i := 1; i < len(tops); i++ {
		cv.fill(alpha(p.dark, 220), line(tops[i-1], tops[i], 8))
	}
	for _, t := range tops {
		cv.fill(alpha(p.dark, 255), circle(t.X, t.Y, 14))
	}
	share := 0.55 + r.Float64()*0.3
	cx, cy := float32(1170), float32(440)
	cv.fill(alpha(p.accent, 255), band(cx, cy, 90, 170, -1.5708, -1.5708+share*6.2832))
	cv.fill(alpha(p.dark, 90), band(cx, cy, 90, 170, -1.5708+share*6.2832, 4.7124))
}
