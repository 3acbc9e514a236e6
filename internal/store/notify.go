package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// notifyChannel is the PostgreSQL channel on which nodes announce content
// changes to each other.
const notifyChannel = "warta_changed"

// notifyNodes tells the other nodes sharing a PostgreSQL database that
// public content changed. SQLite has one node, so nothing to do.
func (db *DB) notifyNodes() {
	if db.dialect != Postgres {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	db.sql.ExecContext(ctx, "SELECT pg_notify('"+notifyChannel+"', '')")
}

// ListenChanges calls fn whenever any node announces a content change, until
// ctx ends. With PostgreSQL it holds one LISTEN connection, reconnecting
// after failures (and calling fn then, as a change may have been missed).
// With SQLite it returns at once: OnChange already covers the only node.
func (db *DB) ListenChanges(ctx context.Context, url string, fn func()) {
	if db.dialect != Postgres {
		return
	}
	for ctx.Err() == nil {
		conn, err := pgx.Connect(ctx, url)
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+notifyChannel)
			fn()
			for err == nil {
				_, err = conn.WaitForNotification(ctx)
				if err == nil {
					fn()
				}
			}
			conn.Close(context.Background())
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}
