package disclosure

// Noise infusion (docs/disclosure.md, "Magnitudes"): the query engine
// multiplies every value a person has in a measure column, in every query,
// by the same factor, 1 - f or 1 + f with f from NoiseMin to NoiseMax,
// fixed by the person's pseudonym and the column, before any sum, mean or
// percentile is made. No answer, or combination of answers, then gives one
// person's value closer than NoiseMin: the factor never changes, so
// repeating, slicing or chaining questions cannot average it away. It hides
// a magnitude to within two intervals some 8% and 14% wide, not a zero and
// not which of a few widely spaced values (a 0/1 flag) a person has. Over
// many people the factors, of mean 1, mostly cancel: the noise of a sum of n
// similar values is about 15%/√n of it.
const (
	NoiseMin = 0.10
	NoiseMax = 0.20
)
