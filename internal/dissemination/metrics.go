package dissemination

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the engine's Prometheus series.
type metrics struct {
	deliveries *prometheus.CounterVec
	latency    *prometheus.HistogramVec
}

func newMetrics() *metrics {
	return &metrics{
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warta_deliveries_total",
			Help: "Delivery attempts by channel kind and outcome: delivered, dry_run, failed, skipped, or retrying (a retryable error; another attempt follows).",
		}, []string{"channel_kind", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "warta_publish_to_delivered_seconds",
			Help:    "Time from the change that queued a delivery (publication, correction, unpublication) to the channel accepting it.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 7200},
		}, []string{"channel_kind"}),
	}
}

// Collectors returns the engine's metrics for the node's registry:
// warta_deliveries_total{channel_kind,status} and
// warta_publish_to_delivered_seconds{channel_kind}.
func (e *Engine) Collectors() []prometheus.Collector {
	return []prometheus.Collector{e.metrics.deliveries, e.metrics.latency}
}

func (m *metrics) outcome(kind, status string) {
	m.deliveries.WithLabelValues(kind, status).Inc()
}

func (m *metrics) delivered(kind string, queued, at time.Time) {
	m.latency.WithLabelValues(kind).Observe(at.Sub(queued).Seconds())
}
