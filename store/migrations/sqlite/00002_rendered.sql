-- Rendered files (html, pdf, xlsx, md, csv zip, fdp zip) cached by the
-- SHA-256 of the Document JSON they were rendered from and the format:
-- regenerable, shared by every server on the database.

-- +goose Up
CREATE TABLE rendered (
    document_sha256 TEXT NOT NULL,
    format          TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    data            BLOB NOT NULL,
    PRIMARY KEY (document_sha256, format)
);

-- +goose Down
DROP TABLE rendered;
