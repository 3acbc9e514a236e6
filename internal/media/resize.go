package media

import (
	"image"
	"image/color"
	"slices"

	"golang.org/x/image/draw"
)

// flatten copies img into an opaque RGBA image. Transparent areas of PNG and
// WebP become white, as they look on the page, instead of JPEG's black.
func flatten(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) && m.Opaque() {
		return m
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
		return dst
	}
	draw.Draw(dst, dst.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, img, b.Min, draw.Over)
	return dst
}

// resize returns the variants of src at each width narrower than it, in the
// order of widths. Each variant comes from the narrowest image made so far
// that is at least as wide, preferring one exactly twice as wide: halving
// with a 2×2 box filter is exact and nearly free, so on a 1600-pixel
// original w640 and w320 come from w1280 and w640 by halving. Whatever
// remains is a reduction of less than 2:1, done bilinearly; at that ratio
// bilinear sampling still reads every source pixel, so fine detail does not
// alias, at a fraction of the cost of Catmull-Rom, which spent most of the
// demo's load time.
func resize(src *image.RGBA, widths []int) []*image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	wanted := slices.Sorted(slices.Values(widths))
	made := []*image.RGBA{src}
	byWidth := map[int]*image.RGBA{}
	for _, tw := range slices.Backward(wanted) {
		if tw <= 0 || tw >= w || byWidth[tw] != nil {
			continue
		}
		var s *image.RGBA
		for _, m := range made {
			mw := m.Rect.Dx()
			if mw == 2*tw {
				s = m
				break
			}
			if mw >= tw && (s == nil || mw < s.Rect.Dx()) {
				s = m
			}
		}
		for s.Rect.Dx()/2 >= tw && s.Rect.Dy() >= 2 {
			s = halve(s)
			made = append(made, s)
		}
		if s.Rect.Dx() != tw {
			th := max(1, (h*tw+w/2)/w)
			dst := image.NewRGBA(image.Rect(0, 0, tw, th))
			draw.ApproxBiLinear.Scale(dst, dst.Rect, s, s.Rect, draw.Src, nil)
			s = dst
			made = append(made, s)
		}
		byWidth[tw] = s
	}
	var out []*image.RGBA
	for _, tw := range widths {
		if v := byWidth[tw]; v != nil {
			out = append(out, v)
			delete(byWidth, tw)
		}
	}
	return out
}

// halve averages each 2×2 block of src into one pixel.
func halve(src *image.RGBA) *image.RGBA {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		r0 := src.Pix[(2*y)*src.Stride:]
		r1 := src.Pix[(2*y+1)*src.Stride:]
		d := dst.Pix[y*dst.Stride:]
		for x := 0; x < w; x++ {
			i := 8 * x
			for c := 0; c < 4; c++ {
				sum := uint(r0[i+c]) + uint(r0[i+4+c]) + uint(r1[i+c]) + uint(r1[i+4+c])
				d[4*x+c] = uint8((sum + 2) / 4)
			}
		}
	}
	return dst
}
