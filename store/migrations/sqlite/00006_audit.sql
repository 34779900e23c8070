-- The audit trail: every action of the workflow (who, when, what, from
-- where, the state before and after) in an append-only log. Each entry
-- holds the SHA-256 of the entry before it, and its own over all its
-- fields (store/audit.go), so altering or removing an entry breaks the
-- chain at that entry; audit_head keeps the number and hash of the last
-- entry, so removing entries from the end shows too. The triggers refuse
-- changing or deleting an entry and moving the head other than one step
-- forward: they stop slips; the chain shows deliberate changes made
-- around them.

-- +goose Up
CREATE TABLE audit_entry (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object       TEXT NOT NULL DEFAULT '',
    remote       TEXT NOT NULL DEFAULT '',
    before_state TEXT NOT NULL DEFAULT '',
    after_state  TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- +goose StatementBegin
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN
    SELECT RAISE(ABORT, 'audit_entry is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN
    SELECT RAISE(ABORT, 'audit_entry is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <> OLD.seq + 1 BEGIN
    SELECT RAISE(ABORT, 'audit_head moves one entry forward at a time');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN
    SELECT RAISE(ABORT, 'audit_head is kept');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_head_no_delete;
DROP TRIGGER audit_head_forward;
DROP TRIGGER audit_entry_no_delete;
DROP TRIGGER audit_entry_no_update;
DROP TABLE audit_head;
DROP TABLE audit_entry;
