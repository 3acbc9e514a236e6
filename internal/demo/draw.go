package demo

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/vector"
)

// pt is a point on the canvas, in pixels.
type pt struct{ X, Y float32 }

// canvas draws anti-aliased flat shapes on an RGBA image. Every shape is a
// list of polygons; polygons wound the opposite way cut holes.
type canvas struct {
	img *image.RGBA
	z   vector.Rasterizer
}

func newCanvas(w, h int) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h))}
}

// fill paints the polygons in c, rasterising only their bounding box.
func (cv *canvas) fill(c color.NRGBA, polys ...[]pt) {
	minX, minY := float32(math.MaxFloat32), float32(math.MaxFloat32)
	maxX, maxY := float32(-math.MaxFloat32), float32(-math.MaxFloat32)
	for _, p := range polys {
		for _, q := range p {
			minX, minY = min(minX, q.X), min(minY, q.Y)
			maxX, maxY = max(maxX, q.X), max(maxY, q.Y)
		}
	}
	b := image.Rect(int(math.Floor(float64(minX))), int(math.Floor(float64(minY))),
		int(math.Ceil(float64(maxX))), int(math.Ceil(float64(maxY)))).Intersect(cv.img.Rect)
	if b.Empty() {
		return
	}
	ox, oy := float32(b.Min.X), float32(b.Min.Y)
	cv.z.Reset(b.Dx(), b.Dy())
	for _, p := range polys {
		if len(p) < 3 {
			continue
		}
		cv.z.MoveTo(p[0].X-ox, p[0].Y-oy)
		for _, q := range p[1:] {
			cv.z.LineTo(q.X-ox, q.Y-oy)
		}
		cv.z.ClosePath()
	}
	cv.z.Draw(cv.img, b, image.NewUniform(c), image.Point{})
}

// gradient fills the canvas from c0 at the top left to c1 at the bottom
// right.
func (cv *canvas) gradient(c0, c1 color.NRGBA) {
	b := cv.img.Rect
	w, h := float32(b.Dx()), float32(b.Dy())
	for y := 0; y < b.Dy(); y++ {
		row := cv.img.Pix[y*cv.img.Stride:]
		for x := 0; x < b.Dx(); x++ {
			t := (float32(x)/w*0.65 + float32(y)/h*0.35)
			i := 4 * x
			row[i] = lerp(c0.R, c1.R, t)
			row[i+1] = lerp(c0.G, c1.G, t)
			row[i+2] = lerp(c0.B, c1.B, t)
			row[i+3] = 255
		}
	}
}

func lerp(a, b uint8, t float32) uint8 {
	return uint8(float32(a) + (float32(b)-float32(a))*t + 0.5)
}

// alpha returns c with opacity a (0–255).
func alpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

func rect(x0, y0, x1, y1 float32) []pt {
	return []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

// roundRect is a rectangle with corners of radius r.
func roundRect(x0, y0, x1, y1, r float32) []pt {
	r = min(r, (x1-x0)/2, (y1-y0)/2)
	var p []pt
	corner := func(cx, cy float32, a0 float64) {
		for i := 0; i <= 8; i++ {
			a := a0 + float64(i)*math.Pi/16
			p = append(p, pt{cx + r*float32(math.Cos(a)), cy + r*float32(math.Sin(a))})
		}
	}
	corner(x1-r, y0+r, -math.Pi/2)
	corner(x1-r, y1-r, 0)
	corner(x0+r, y1-r, math.Pi/2)
	corner(x0+r, y0+r, math.Pi)
	return p
}

func ellipse(cx, cy, rx, ry float32) []pt {
	n := 24 + int(max(rx, ry)/6)
	p := make([]pt, n)
	for i := range p {
		a := 2 * math.Pi * float64(i) / float64(n)
		p[i] = pt{cx + rx*float32(math.Cos(a)), cy + ry*float32(math.Sin(a))}
	}
	return p
}

func circle(cx, cy, r float32) []pt { return ellipse(cx, cy, r, r) }

// band is the part of a ring between radii r0 and r1 from angle a0 to a1
// (radians, clockwise on screen).
func band(cx, cy, r0, r1 float32, a0, a1 float64) []pt {
	n := 8 + int(math.Abs(a1-a0)*float64(r1)/12)
	var p []pt
	for i := 0; i <= n; i++ {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		p = append(p, pt{cx + r1*float32(math.Cos(a)), cy + r1*float32(math.Sin(a))})
	}
	for i := n; i >= 0; i-- {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		p = append(p, pt{cx + r0*float32(math.Cos(a)), cy + r0*float32(math.Sin(a))})
	}
	return p
}

// line is a stroke of width w from a to b.
func line(a, b pt, w float32) []pt {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return nil
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	return []pt{{a.X + nx, a.Y + ny}, {b.X + nx, b.Y + ny}, {b.X - nx, b.Y - ny}, {a.X - nx, a.Y - ny}}
}

// rotate turns p by deg degrees around (cx, cy).
func rotate(p []pt, cx, cy float32, deg float64) []pt {
	s, c := math.Sincos(deg * math.Pi / 180)
	out := make([]pt, len(p))
	for i, q := range p {
		x, y := float64(q.X-cx), float64(q.Y-cy)
		out[i] = pt{cx + float32(x*c-y*s), cy + float32(x*s+y*c)}
	}
	return out
}

// reverse flips the winding of p, so that drawn inside another polygon in
// the same fill it becomes a hole.
func reverse(p []pt) []pt {
	out := make([]pt, len(p))
	for i, q := range p {
		out[len(p)-1-i] = q
	}
	return out
}

// smooth rounds a closed polygon by Chaikin's corner cutting.
func smooth(p []pt, rounds int) []pt {
	for ; rounds > 0; rounds-- {
		out := make([]pt, 0, 2*len(p))
		for i, a := range p {
			b := p[(i+1)%len(p)]
			out = append(out, pt{0.75*a.X + 0.25*b.X, 0.75*a.Y + 0.25*b.Y}, pt{0.25*a.X + 0.75*b.X, 0.25*a.Y + 0.75*b.Y})
		}
		p = out
	}
	return p
}

// translate moves p by (dx, dy) and scales it by s around the origin first.
func translate(p []pt, s, dx, dy float32) []pt {
	out := make([]pt, len(p))
	for i, q := range p {
		out[i] = pt{q.X*s + dx, q.Y*s + dy}
	}
	return out
}
