"""How the notices table's inserts grow from 250,000 to 2,500,000 notices (1 M to 10 M items at 4 engines), with and
without the unique (ruling_id, url_hash) index: batches of 10,000 rows in one transaction each, on a WAL database with
SQLite's default 2 MiB page cache, as the service writes them. Python's sqlite3 only, so that SQLite's own cost is
measured apart from the service. Usage: python3 hash_index_growth.py [folder] (about 80 s and 2 GB of disk)."""
import hashlib
import os
import sqlite3
import sys
import time


def run(path, with_hash_index, total=2_500_000, batch=10_000):
    for name in (path, path + "-wal", path + "-shm"):
        if os.path.exists(name):
            os.remove(name)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    unique = ", UNIQUE (ruling_id, url_hash)" if with_hash_index else ""
    db.execute(f"""CREATE TABLE notices (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ruling_id TEXT NOT NULL,
        url_hash BLOB NOT NULL, url TEXT NOT NULL, site TEXT NOT NULL, created_at TEXT NOT NULL, deadline TEXT NOT NULL{unique})""")
    db.execute("CREATE INDEX ix_notices_ruling_site ON notices (ruling_id, site)")
    db.execute("CREATE INDEX ix_notices_ruling_created ON notices (ruling_id, created_at)")
    marks = {250_000: None, 260_000: None, 270_000: None, 2_480_000: None, 2_490_000: None, 2_500_000: None}
    n = 0
    while n < total:
        rows = []
        for _ in range(batch):
            n += 1
            url = f"https://www.allostreaming.com/film/{n}"
            # Ids as the service makes them: a time-ordered prefix, then random bytes.
            rows.append((n, f"ntc_{n:012x}{os.urandom(10).hex()}", "bench-ruling-scale", hashlib.sha256(url.encode()).digest(),
                         url, "allostreaming.com", "2026-12-03T18:00:00Z", "2026-12-18T23:00:00Z"))
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO notices VALUES (?,?,?,?,?,?,?,?)", rows)
        db.execute("COMMIT")
        if n in marks:
            marks[n] = (time.perf_counter() - started) * 1000
        if n % 500_000 == 0:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    small = sum(marks[k] for k in (250_000, 260_000, 270_000)) / 3
    large = sum(marks[k] for k in (2_480_000, 2_490_000, 2_500_000)) / 3
    print(f"unique (ruling_id, url_hash) index: {with_hash_index}; 10,000 notices at 250,000: {small:.1f} ms; "
          f"at 2,500,000: {large:.1f} ms; ratio {large / small:.2f}", flush=True)
    db.close()
    for name in (path, path + "-wal", path + "-shm"):
        if os.path.exists(name):
            os.remove(name)


folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
run(os.path.join(folder, "notices-with-hash-index.db"), True)
run(os.path.join(folder, "notices-without-hash-index.db"), False)
