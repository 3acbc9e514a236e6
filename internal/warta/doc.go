// Package warta holds Warta's domain types — articles, regions, elections,
// stages, agencies — and the error type shared by every other package. It
// depends on nothing but the standard library, so storage, HTTP and the
// command line can all speak the same language without importing each other.
package warta
