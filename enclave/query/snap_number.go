package query

import (
	"math"
	"strconv"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// integerBounds snaps a range on a binned integer column: gt v is gte v+1
// and lt v is lte v-1; then a lower bound goes down to the start of its
// bin (the largest edge at or below it) and an upper bound up to the end
// of its bin (the next edge above it, less one).
func integerBounds(col catalogue.Column, f Filter) (bounds, []refusal) {
	e := col.Bins.Edges
	x := make([]int64, len(f.Values))
	for i, val := range f.Values {
		x[i], _ = strconv.ParseInt(string(val), 10, 64)
	}
	var lo, hi int64
	var b bounds
	switch f.Op {
	case Between:
		lo, hi, b.hasLo, b.hasHi = x[0], x[1], true, true
	case Gte:
		lo, b.hasLo = x[0], true
	case Gt:
		lo, b.hasLo = x[0], true
		if lo < math.MaxInt64 { // above every edge anyway
			lo++
		}
	case Lte:
		hi, b.hasHi = x[0], true
	case Lt:
		hi, b.hasHi = x[0], true
		if hi > math.MinInt64 { // below every edge anyway
			hi--
		}
	}
	var refused []refusal
	if b.hasLo {
		if float64(lo) < e[0] {
			refused = append(refused, belowFirst(col))
		} else {
			b.lo = Value(strconv.FormatInt(int64(e[col.Bins.Index(float64(lo))-1]), 10))
		}
	}
	if b.hasHi {
		if float64(hi) >= e[len(e)-1] {
			refused = append(refused, aboveLast(col))
		} else {
			b.hi = Value(strconv.FormatInt(int64(e[col.Bins.Index(float64(hi))])-1, 10))
		}
	}
	return b, refused
}

// numberBounds snaps a range on a binned number column to gte an edge and
// lt an edge: a lower bound (gte, gt, between's low) down to the largest
// edge at or below it; an upper bound up to the smallest edge above it
// (lte, between's high) or at or above it (lt).
func numberBounds(col catalogue.Column, f Filter) (bounds, []refusal) {
	e := col.Bins.Edges
	x := make([]float64, len(f.Values))
	for i, val := range f.Values {
		x[i], _ = strconv.ParseFloat(string(val), 64)
	}
	var b bounds
	var lo, hi float64
	switch f.Op {
	case Between:
		lo, hi, b.hasLo, b.hasHi = x[0], x[1], true, true
	case Gte, Gt:
		lo, b.hasLo = x[0], true
	case Lte:
		hi, b.hasHi = x[0], true
	case Lt:
		hi, b.hasHi = math.Nextafter(x[0], math.Inf(-1)), true // below v: the next edge at or above v
	}
	var refused []refusal
	if b.hasLo {
		if lo < e[0] {
			refused = append(refused, belowFirst(col))
		} else {
			b.lo = Value(strconv.FormatFloat(e[col.Bins.Index(lo)-1], 'g', -1, 64))
		}
	}
	if b.hasHi {
		if hi >= e[len(e)-1] {
			refused = append(refused, aboveLast(col))
		} else {
			b.hi = Value(strconv.FormatFloat(e[col.Bins.Index(hi)], 'g', -1, 64))
		}
	}
	return b, refused
}
