package match

import (
	"image"
	"math/bits"
)

// MaxImageDistance is the largest Hamming distance between two DHash values
// that still counts as the same picture: re-encoding, resizing and the light
// cropping of a forwarded screenshot stay well within it, different pictures
// are typically 20 or more bits apart.
const MaxImageDistance = 10

// DHash returns the 64-bit difference hash of img: the image shrunk to 9×8
// grayscale by area averaging, one bit per pair of horizontal neighbours,
// set when the left one is brighter. It survives re-encoding, resizing and
// small colour changes, which is what happens to a screenshot forwarded from
// chat to chat.
func DHash(img image.Image) uint64 {
	const w, h = 9, 8
	var cells [h][w]float64
	b := img.Bounds()
	bw, bh := b.Dx(), b.Dy()
	if bw <= 0 || bh <= 0 {
		return 0
	}
	// Area average: each cell is the mean luminance of the source pixels
	// whose centre falls in it. For very large images sample a bounded grid
	// so hashing a photo costs the same as hashing a thumbnail.
	stepX, stepY := 1, 1
	if bw > 512 {
		stepX = bw / 512
	}
	if bh > 512 {
		stepY = bh / 512
	}
	var counts [h][w]int
	for y := 0; y < bh; y += stepY {
		cy := y * h / bh
		for x := 0; x < bw; x += stepX {
			cx := x * w / bw
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			cells[cy][cx] += 0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)
			counts[cy][cx]++
		}
	}
	var hash uint64
	bit := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w-1; x++ {
			l, r := cells[y][x], cells[y][x+1]
			if counts[y][x] > 0 {
				l /= float64(counts[y][x])
			}
			if counts[y][x+1] > 0 {
				r /= float64(counts[y][x+1])
			}
			if l > r {
				hash |= 1 << bit
			}
			bit++
		}
	}
	return hash
}

// Hamming returns the number of bits in which a and b differ.
func Hamming(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}
