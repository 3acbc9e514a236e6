package match

// Default thresholds of Options.
const (
	DefaultAutoThreshold    = 0.85
	DefaultSuggestThreshold = 0.5
)

// Options configures an Index. The zero value uses the defaults.
type Options struct {
	// AutoThreshold is the score from which a report is answered at once
	// with the matched verdict.
	AutoThreshold float64
	// SuggestThreshold is the score from which the match is shown to a
	// checker to confirm; below it a new claim is opened.
	SuggestThreshold float64
}

// Decision outcomes of Options.Decide.
const (
	DecisionAuto    = "auto"
	DecisionSuggest = "suggest"
	DecisionNew     = "new"
)

func (o Options) withDefaults() Options {
	if o.AutoThreshold <= 0 {
		o.AutoThreshold = DefaultAutoThreshold
	}
	if o.SuggestThreshold <= 0 {
		o.SuggestThreshold = DefaultSuggestThreshold
	}
	if o.SuggestThreshold > o.AutoThreshold {
		o.SuggestThreshold = o.AutoThreshold
	}
	return o
}

// Decide returns what the clinic does with a report whose best matches are
// best (best first): DecisionAuto when the top score reaches AutoThreshold,
// DecisionSuggest when it reaches SuggestThreshold, else DecisionNew.
func (o Options) Decide(best []Match) string {
	o = o.withDefaults()
	if len(best) == 0 {
		return DecisionNew
	}
	switch s := best[0].Score; {
	case s >= o.AutoThreshold:
		return DecisionAuto
	case s >= o.SuggestThreshold:
		return DecisionSuggest
	}
	return DecisionNew
}
