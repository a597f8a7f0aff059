package server

import (
	"math/bits"
	"strconv"
)

// Command latency histograms, as Redis 7.0's latency tracking: every command
// row has an HdrHistogram of its durations in nanoseconds, from 1 ns to 1 s,
// with 2 significant digits (LATENCY_HISTOGRAM_MIN_VALUE, _MAX_VALUE and
// _PRECISION in server.h; the histogram is deps/hdr_histogram). INFO
// latencystats reports percentiles of it and LATENCY HISTOGRAM its
// cumulative distribution, with the same bucket arithmetic as Redis, so the
// numbers have the same shape (a 3 µs command reports 3.007).
const (
	histMinValue = 1             // ns
	histMaxValue = 1_000_000_000 // ns
	// With 2 significant digits HdrHistogram uses 256 sub-buckets per
	// bucket (the lower half of each bucket but the first overlaps the
	// previous one) and 23 buckets to reach histMaxValue.
	histSubBucketHalfMag = 7
	histSubBucketHalf    = 1 << histSubBucketHalfMag
	histSubBucketMask    = 2*histSubBucketHalf - 1
	histBuckets          = 23
	histLen              = (histBuckets + 1) * histSubBucketHalf
)

// latencyPercentiles are latency-tracking-info-percentiles' default.
// TODO(admin): read the directive once the config registry has it.
var latencyPercentiles = []float64{50, 99, 99.9}

// latencyHist is one command's histogram. Executor-owned.
type latencyHist struct {
	counts [histLen]int64
	total  int64
}

// record adds a duration in ns, clamped to [histMinValue, histMaxValue] as
// Redis's updateCommandLatencyHistogram does.
func (h *latencyHist) record(ns int64) {
	ns = min(max(ns, histMinValue), histMaxValue)
	h.counts[histIndex(ns)]++
	h.total++
}

// histBucket returns the bucket and sub-bucket indexes of v (HdrHistogram's
// get_bucket_index and get_sub_bucket_index, unit magnitude 0).
func histBucket(v int64) (bucket, sub int) {
	bucket = bits.Len64(uint64(v)|histSubBucketMask) - (histSubBucketHalfMag + 1)
	return bucket, int(v >> uint(bucket))
}

// histIndex is HdrHistogram's counts_index_for.
func histIndex(v int64) int {
	bucket, sub := histBucket(v)
	return (bucket+1)<<histSubBucketHalfMag + sub - histSubBucketHalf
}

// histValueAt is hdr_value_at_index: the lowest value counted at idx.
func histValueAt(idx int) int64 {
	bucket := idx>>histSubBucketHalfMag - 1
	sub := idx&(histSubBucketHalf-1) + histSubBucketHalf
	if bucket < 0 {
		sub -= histSubBucketHalf
		bucket = 0
	}
	return int64(sub) << uint(bucket)
}

// histHighestEquivalent is the largest value counted with v.
func histHighestEquivalent(v int64) int64 {
	bucket, sub := histBucket(v)
	lowest := int64(sub) << uint(bucket)
	return lowest + int64(1)<<uint(bucket) - 1
}

// valueAtPercentile is hdr_value_at_percentile, in ns.
func (h *latencyHist) valueAtPercentile(p float64) int64 {
	p = min(p, 100)
	want := max(int64(p/100*float64(h.total)+0.5), 1)
	var n int64
	for i, c := range h.counts {
		n += c
		if n >= want {
			return histHighestEquivalent(histValueAt(i))
		}
	}
	return 0
}

// appendPercentiles appends INFO latencystats' value for h:
// "p50=3.007,p99=8.031,p99.9=8.031" (Redis's fillPercentileDistributionLatencies).
func (h *latencyHist) appendPercentiles(b []byte) []byte {
	for i, p := range latencyPercentiles {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, 'p')
		b = strconv.AppendFloat(b, p, 'f', -1, 64)
		b = append(b, '=')
		b = strconv.AppendFloat(b, float64(h.valueAtPercentile(p))/1000, 'f', 3, 64)
	}
	return b
}

// cumulative returns LATENCY HISTOGRAM's histogram_usec pairs: for each
// power-of-two level from 1024 ns up, the level's upper value in µs and the
// number of commands at or below it; a level is listed only when its count
// grew. Mirrors fillCommandCDF's walk with hdr_iter_log_init(1024, 2).
func (h *latencyHist) cumulative() (usec, count []int64) {
	var cum, prev int64
	idx := -1
	for level := int64(1024); cum < h.total && level <= 2*histMaxValue; level *= 2 {
		for idx+1 < histLen && (idx < 0 || histValueAt(idx) < level) {
			idx++
			cum += h.counts[idx]
		}
		if cum > prev {
			usec = append(usec, histHighestEquivalent(histValueAt(idx))/1000)
			count = append(count, cum)
		}
		prev = cum
	}
	return usec, count
}
