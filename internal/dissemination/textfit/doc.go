// Package textfit composes social posts from an article — title, dek or
// summary, the link back and hashtags — and fits them inside a channel's
// length limit, counted the way that channel counts: UTF-16 units for
// Telegram, twitter-text weights for X, grapheme clusters for Mastodon.
//
// Fitting never cuts the link. It shortens the body at a word boundary
// with "…", then gives up hashtags from the end, then the body, and only
// then the title, so the editor loses the least important words first.
package textfit
