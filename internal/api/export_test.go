package api

// RoutePatterns lists the route table's patterns, "METHOD /path".
func RoutePatterns(a *API) []string {
	out := make([]string, len(a.table))
	for i, rt := range a.table {
		out[i] = rt.pattern()
	}
	return out
}

// RequestFields lists, for each request schema of the OpenAPI document, the
// JSON fields the decoder accepts.
func RequestFields() map[string][]string {
	return map[string][]string{
		"ArticleCreate":   fieldNames(&articleInput{}),
		"ArticlePatch":    fieldNames(&articlePatch{}),
		"ReturnRequest":   fieldNames(&returnRequest{}),
		"ScheduleRequest": fieldNames(&scheduleRequest{}),
		"ClinicReport":    fieldNames(&clinicReportRequest{}),
	}
}
