-- Open data (internal/opendata): datasets that admins import from the
-- election bodies' CSV files. Each publication is a numbered version whose
-- rows are kept, so that earlier versions stay downloadable. Built-in
-- datasets (stages, regions, articles, deliveries) read Warta's own tables
-- and need nothing here but one index.

-- publisher is an agency slug; keywords are comma-separated; frequency is
-- an opendata.Frequency.
CREATE TABLE opendata_datasets (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    publisher   TEXT NOT NULL,
    keywords    TEXT NOT NULL DEFAULT '',
    temporal    TEXT NOT NULL DEFAULT '',
    spatial     TEXT NOT NULL DEFAULT '',
    frequency   TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- schema_json is the opendata.Schema the version was validated against, so
-- that an old version reads right after the schema changes.
CREATE TABLE opendata_versions (
    dataset_id   TEXT NOT NULL REFERENCES opendata_datasets (id),
    version      INTEGER NOT NULL,
    schema_json  TEXT NOT NULL,
    row_count    INTEGER NOT NULL,
    file_name    TEXT NOT NULL DEFAULT '',
    sha256       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    published_by TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (dataset_id, version)
);

-- One row of a version: cells is a JSON array of the normalised values in
-- schema order; region_code repeats the first region_code column, so the
-- wilayah filter is a range of an index.
CREATE TABLE opendata_rows (
    dataset_id  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    row_no      INTEGER NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    cells       TEXT NOT NULL,
    PRIMARY KEY (dataset_id, version, row_no),
    FOREIGN KEY (dataset_id, version) REFERENCES opendata_versions (dataset_id, version)
);
CREATE INDEX opendata_rows_region ON opendata_rows (dataset_id, version, region_code, row_no);

-- A validated file waiting for the admin's confirmation. Only files without
-- errors are kept; meta is the JSON of the dataset's metadata and schema.
-- Rows older than a day are removed at the next upload.
CREATE TABLE opendata_uploads (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    meta       TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The distribusi dataset and the statistics page count deliveries per WIB
-- day, channel and status: this index covers those counts, so they read the
-- index, not the deliveries with their renderings and request logs.
CREATE INDEX opendata_deliveries_day ON deliveries (created_at, channel_id, status);
