package store

// SearchWindow exposes searchWindow to the tests of package store_test.
const SearchWindow = searchWindow
