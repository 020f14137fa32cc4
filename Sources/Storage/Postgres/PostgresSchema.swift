import Foundation

/// The PostgreSQL schema, as numbered migrations applied in order once each (the table
/// `atelier_schema` holds the newest applied), under an advisory lock so that nodes starting
/// together migrate once.
enum PostgresSchema {
    /// The lock every migrating node takes.
    static let migrationLock: Int64 = 0x4174_656C_6965_7201  // "Atelier" + 1

    /// The tables that hold rows of a board (a `board_id` column).
    static let boardTables = [
        "board_updates", "board_heads", "board_snapshots", "board_contributions", "client_bindings", "quarantine",
        "assets",
    ]

    /// The migrations, oldest first.
    static let migrations: [String] = [
        // 1: everything the SQLite database holds, and what nodes share.
        """
        CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE sessions (
            id text PRIMARY KEY, title text NOT NULL, definition text NOT NULL, state text NOT NULL,
            version bigint NOT NULL DEFAULT 1, created_at bigint NOT NULL, ord bigserial);
        CREATE TABLE boards (
            id text PRIMARY KEY, session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            group_id text NOT NULL, kind text NOT NULL, ord bigserial);
        CREATE INDEX boards_session ON boards (session_id, ord);
        CREATE TABLE invites (
            id text PRIMARY KEY, session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            token_hash text NOT NULL UNIQUE, name text NOT NULL, role text NOT NULL, group_id text, juror_id text,
            created_at bigint NOT NULL, revoked_at bigint, ord bigserial);
        CREATE INDEX invites_session ON invites (session_id, ord);
        CREATE TABLE audit_log (
            id bigserial PRIMARY KEY, session_id text NOT NULL, at bigint NOT NULL, actor text NOT NULL,
            action text NOT NULL, from_phase text, to_phase text, reason text, detail text);
        CREATE INDEX audit_log_session ON audit_log (session_id, id);
        CREATE TABLE board_heads (board_id text PRIMARY KEY, head bigint NOT NULL);
        CREATE TABLE board_updates (
            board_id text NOT NULL, seq bigint NOT NULL, data bytea NOT NULL, sender text NOT NULL, phase text,
            created_at bigint NOT NULL, PRIMARY KEY (board_id, seq));
        CREATE TABLE board_snapshots (
            board_id text PRIMARY KEY, data bytea NOT NULL, through_seq bigint NOT NULL, created_at bigint NOT NULL);
        CREATE TABLE board_contributions (
            board_id text NOT NULL, sender text NOT NULL, phase text NOT NULL, updates bigint NOT NULL,
            bytes bigint NOT NULL, PRIMARY KEY (board_id, sender, phase));
        CREATE TABLE client_bindings (
            board_id text NOT NULL, client_id bigint NOT NULL, participant text NOT NULL,
            PRIMARY KEY (board_id, client_id));
        CREATE TABLE quarantine (
            id bigserial PRIMARY KEY, session_id text, board_id text NOT NULL, data bytea NOT NULL,
            reason text NOT NULL, reason_code text NOT NULL, sender text NOT NULL, phase text, at bigint NOT NULL,
            status text NOT NULL DEFAULT 'pending', ranges text NOT NULL, count integer NOT NULL DEFAULT 1,
            last_at bigint NOT NULL DEFAULT 0);
        CREATE INDEX quarantine_board ON quarantine (board_id, id);
        CREATE INDEX quarantine_session ON quarantine (session_id, id);
        CREATE TABLE artifacts (
            id bigserial PRIMARY KEY, session_id text NOT NULL, kind text NOT NULL, key text NOT NULL,
            created_at bigint NOT NULL, meta text NOT NULL, data bytea NOT NULL);
        CREATE INDEX artifacts_session_kind ON artifacts (session_id, kind, id);
        CREATE INDEX artifacts_kind_key ON artifacts (kind, key, id);
        CREATE TABLE assets (
            hash text NOT NULL, board_id text NOT NULL, session_id text, uploader text NOT NULL,
            bytes bigint NOT NULL, type text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (hash, board_id, uploader));
        CREATE INDEX assets_session ON assets (session_id, uploader);
        CREATE TABLE live_events (
            id bigserial PRIMARY KEY, session_id text NOT NULL, version bigint NOT NULL, node text NOT NULL,
            audience text NOT NULL, text text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());

        -- Appends a board update as the next position. With p_expected, only if the newest
        -- position is still p_expected (-1 otherwise); with p_session, only if the session's
        -- version is still p_version (-2 otherwise), holding the session's lock shared so that
        -- a session change (which holds it exclusively) and an append never overlap.
        CREATE FUNCTION atelier_append(
            p_board text, p_expected bigint, p_session text, p_version bigint, p_data bytea, p_sender text,
            p_phase text, p_created bigint) RETURNS bigint AS $$
        DECLARE
            v_head bigint;
            v_version bigint;
        BEGIN
            IF p_session IS NOT NULL THEN
                PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-session:' || p_session, 0));
                IF p_version IS NOT NULL THEN
                    SELECT version INTO v_version FROM sessions WHERE id = p_session;
                    IF v_version IS DISTINCT FROM p_version THEN
                        RETURN -2;
                    END IF;
                END IF;
            END IF;
            IF p_expected IS NULL THEN
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1
                    RETURNING head INTO v_head;
            ELSE
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, p_expected + 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1 WHERE h.head = p_expected
                    RETURNING head INTO v_head;
                IF v_head IS NULL THEN
                    RETURN -1;
                END IF;
            END IF;
            INSERT INTO board_updates (board_id, seq, data, sender, phase, created_at)
                VALUES (p_board, v_head, p_data, p_sender, p_phase, p_created);
            PERFORM pg_notify('atelier', 'b ' || v_head || ' ' || p_board);
            RETURN v_head;
        END
        $$ LANGUAGE plpgsql;
        """,
        // 2: appends take the board's lock shared, so that a node holding it exclusively (its
        // turn, after losing the race to append several times) cannot be overtaken.
        """
        CREATE OR REPLACE FUNCTION atelier_append(
            p_board text, p_expected bigint, p_session text, p_version bigint, p_data bytea, p_sender text,
            p_phase text, p_created bigint) RETURNS bigint AS $$
        DECLARE
            v_head bigint;
            v_version bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-board:' || p_board, 0));
            IF p_session IS NOT NULL THEN
                PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-session:' || p_session, 0));
                IF p_version IS NOT NULL THEN
                    SELECT version INTO v_version FROM sessions WHERE id = p_session;
                    IF v_version IS DISTINCT FROM p_version THEN
                        RETURN -2;
                    END IF;
                END IF;
            END IF;
            IF p_expected IS NULL THEN
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1
                    RETURNING head INTO v_head;
            ELSE
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, p_expected + 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1 WHERE h.head = p_expected
                    RETURNING head INTO v_head;
                IF v_head IS NULL THEN
                    RETURN -1;
                END IF;
            END IF;
            INSERT INTO board_updates (board_id, seq, data, sender, phase, created_at)
                VALUES (p_board, v_head, p_data, p_sender, p_phase, p_created);
            PERFORM pg_notify('atelier', 'b ' || v_head || ' ' || p_board);
            RETURN v_head;
        END
        $$ LANGUAGE plpgsql;
        """,
        // 3: a deleted session's board ids stay dead (tombstones): nothing is stored for them
        // again, whatever a closing room or a late commit still sends; an append answers -3.
        """
        CREATE TABLE deleted_boards (board_id text PRIMARY KEY, deleted_at bigint NOT NULL);
        CREATE FUNCTION atelier_refuse_deleted_board() RETURNS trigger AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM deleted_boards WHERE board_id = NEW.board_id) THEN
                RETURN NULL;
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER board_updates_of_deleted_board BEFORE INSERT ON board_updates
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE TRIGGER board_heads_of_deleted_board BEFORE INSERT ON board_heads
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE TRIGGER board_snapshots_of_deleted_board BEFORE INSERT ON board_snapshots
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE TRIGGER board_contributions_of_deleted_board BEFORE INSERT ON board_contributions
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE TRIGGER client_bindings_of_deleted_board BEFORE INSERT ON client_bindings
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE TRIGGER quarantine_of_deleted_board BEFORE INSERT ON quarantine
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE TRIGGER assets_of_deleted_board BEFORE INSERT ON assets
            FOR EACH ROW EXECUTE FUNCTION atelier_refuse_deleted_board();
        CREATE OR REPLACE FUNCTION atelier_append(
            p_board text, p_expected bigint, p_session text, p_version bigint, p_data bytea, p_sender text,
            p_phase text, p_created bigint) RETURNS bigint AS $$
        DECLARE
            v_head bigint;
            v_version bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-board:' || p_board, 0));
            IF EXISTS (SELECT 1 FROM deleted_boards WHERE board_id = p_board) THEN
                RETURN -3;
            END IF;
            IF p_session IS NOT NULL THEN
                PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-session:' || p_session, 0));
                IF p_version IS NOT NULL THEN
                    SELECT version INTO v_version FROM sessions WHERE id = p_session;
                    IF v_version IS DISTINCT FROM p_version THEN
                        RETURN -2;
                    END IF;
                END IF;
            END IF;
            IF p_expected IS NULL THEN
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1
                    RETURNING head INTO v_head;
            ELSE
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, p_expected + 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1 WHERE h.head = p_expected
                    RETURNING head INTO v_head;
                IF v_head IS NULL THEN
                    RETURN -1;
                END IF;
            END IF;
            INSERT INTO board_updates (board_id, seq, data, sender, phase, created_at)
                VALUES (p_board, v_head, p_data, p_sender, p_phase, p_created);
            PERFORM pg_notify('atelier', 'b ' || v_head || ' ' || p_board);
            RETURN v_head;
        END
        $$ LANGUAGE plpgsql;
        """,
        // 4: atelier_append carries a small update in its notification.
        """
        CREATE OR REPLACE FUNCTION atelier_append(
            p_board text, p_expected bigint, p_session text, p_version bigint, p_data bytea, p_sender text,
            p_phase text, p_created bigint) RETURNS bigint AS $$
        DECLARE
            v_head bigint;
            v_version bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-board:' || p_board, 0));
            IF EXISTS (SELECT 1 FROM deleted_boards WHERE board_id = p_board) THEN
                RETURN -3;
            END IF;
            IF p_session IS NOT NULL THEN
                PERFORM pg_advisory_xact_lock_shared(hashtextextended('atelier-session:' || p_session, 0));
                IF p_version IS NOT NULL THEN
                    SELECT version INTO v_version FROM sessions WHERE id = p_session;
                    IF v_version IS DISTINCT FROM p_version THEN
                        RETURN -2;
                    END IF;
                END IF;
            END IF;
            IF p_expected IS NULL THEN
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1
                    RETURNING head INTO v_head;
            ELSE
                INSERT INTO board_heads AS h (board_id, head) VALUES (p_board, p_expected + 1)
                    ON CONFLICT (board_id) DO UPDATE SET head = h.head + 1 WHERE h.head = p_expected
                    RETURNING head INTO v_head;
                IF v_head IS NULL THEN
                    RETURN -1;
                END IF;
            END IF;
            INSERT INTO board_updates (board_id, seq, data, sender, phase, created_at)
                VALUES (p_board, v_head, p_data, p_sender, p_phase, p_created);
            -- A small update travels in the notification itself (NOTIFY takes under 8000
            -- bytes): the other nodes apply it without reading it back.
            IF octet_length(p_data) <= 5000 THEN
                PERFORM pg_notify('atelier', 'u ' || v_head || ' ' || p_board || ' ' || p_sender || ' '
                    || translate(encode(p_data, 'base64'), E'\\n', ''));
            ELSE
                PERFORM pg_notify('atelier', 'b ' || v_head || ' ' || p_board);
            END IF;
            RETURN v_head;
        END
        $$ LANGUAGE plpgsql;
        """,
    ]

    /// A migration's statements, one by one (the extended protocol takes one at a time): split
    /// at semicolons that end a line, except inside a `$$` function body.
    static func statements(_ migration: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in migration.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
