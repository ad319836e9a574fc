// The audit log writer against lumberjack v2.2.1's rules, with tiny sizes (bytes) and a fake clock:
// rotation before the write that would exceed the size, on first open at ≥ the size, backup names
// `<name>-<2006-01-02T15-04-05.000>.<ext>` in UTC, maxBackups counting a .log/.log.gz pair once and
// sorting by the time in the name (not mtime), maxAge by that time, gzip of backups, the old file's
// mode kept, and the repairs that keep the file JSON lines after a crash.
import assert from "node:assert/strict";
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  backupName,
  formatBackupTime,
  listBackups,
  parseBackupTime,
  RotatingLog,
  type RotatingLogOptions,
} from "../../src/audit/rotating-log.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lanner-rotate-"));
  file = path.join(dir, "audit.log");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A clock that moves on by `step` ms each time it is read. */
function clock(startIso: string, step = 1000): () => Date {
  let t = Date.parse(startIso);
  return () => {
    const d = new Date(t);
    t += step;
    return d;
  };
}

/** A record of exactly n bytes with its newline. */
const rec = (id: number, n: number) => {
  const head = `{"id":${id},"pad":"`;
  return `${head}${"x".repeat(n - head.length - 3)}"}`;
};

async function withLog(o: Omit<RotatingLogOptions, "filename">, f: (log: RotatingLog) => Promise<void>) {
  const log = new RotatingLog({ filename: file, ...o });
  try {
    await f(log);
  } finally {
    await log.close();
  }
}

const files = () => readdirSync(dir).sort();
const ids = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { id: number }).id);

test("backup names: lumberjack's format, UTC, the extension kept", () => {
  const t = new Date("2026-07-23T18:32:12.345Z");
  assert.equal(formatBackupTime(t), "2026-07-23T18-32-12.345");
  assert.equal(
    backupName("/var/log/kubernetes/audit/audit.log", t),
    "/var/log/kubernetes/audit/audit-2026-07-23T18-32-12.345.log",
  );
  assert.equal(backupName("/x/audit", t), "/x/audit-2026-07-23T18-32-12.345");
  assert.equal(backupName("/x/audit.log.json", t), "/x/audit.log-2026-07-23T18-32-12.345.json");
  assert.equal(parseBackupTime("2026-07-23T18-32-12.345")?.toISOString(), "2026-07-23T18:32:12.345Z");
  for (const bad of [
    "2026-07-23T18-32-12",
    "2026-13-01T00-00-00.000",
    "2026-02-30T00-00-00.000",
    "2026-07-23T18:32:12.345",
  ])
    assert.equal(parseBackupTime(bad), undefined, bad);
});

test("rotation happens before the write that would exceed maxsize, not at it", async () => {
  await withLog({ maxSizeBytes: 100, now: clock("2026-07-23T10:00:00.000Z") }, async (log) => {
    await log.write([rec(1, 40), rec(2, 60)]); // exactly 100: no rotation
    assert.deepEqual(files(), ["audit.log"]);
    assert.equal(statSync(file).size, 100);
    await log.write([rec(3, 20)]); // 120 would exceed
    assert.deepEqual(files(), ["audit-2026-07-23T10-00-00.000.log", "audit.log"]);
    await log.write([rec(4, 50), rec(5, 30), rec(6, 20)]); // a batch crossing the limit spans two files
    assert.deepEqual(files(), [
      "audit-2026-07-23T10-00-00.000.log",
      "audit-2026-07-23T10-00-01.000.log",
      "audit.log",
    ]);
    assert.deepEqual(
      ids(readFileSync(path.join(dir, "audit-2026-07-23T10-00-01.000.log"), "utf8")),
      [3, 4, 5],
    );
    assert.deepEqual(ids(readFileSync(file, "utf8")), [6]);
    assert.equal(log.stats.rotations, 2);
    assert.equal(log.stats.records, 6);
  });
});

test("every file stays within maxsize and the records stay in order across files", async () => {
  await withLog({ maxSizeBytes: 1000, now: clock("2026-07-23T10:00:00.000Z", 7) }, async (log) => {
    let id = 0;
    for (let b = 0; b < 40; b++) {
      const batch: string[] = [];
      for (let i = 0; i < 1 + (b % 5); i++) batch.push(rec(++id, 30 + ((id * 37) % 200)));
      await log.write(batch);
    }
    const all: number[] = [];
    for (const f of files()
      .filter((f) => f !== "audit.log")
      .concat("audit.log")) {
      assert.ok(statSync(path.join(dir, f)).size <= 1000, f);
      all.push(...ids(readFileSync(path.join(dir, f), "utf8")));
    }
    assert.deepEqual(
      all,
      Array.from({ length: id }, (_, i) => i + 1),
    );
  });
});

test("first open: an existing file is appended to, or rotated when the write would reach maxsize (≥)", async () => {
  writeFileSync(file, `${rec(1, 50)}\n`);
  await withLog({ maxSizeBytes: 100, now: clock("2026-07-23T10:00:00.000Z") }, async (log) => {
    await log.write([rec(2, 49)]); // 99 < 100: appended
  });
  assert.deepEqual(ids(readFileSync(file, "utf8")), [1, 2]);
  writeFileSync(file, `${rec(1, 50)}\n`);
  await withLog({ maxSizeBytes: 100, now: clock("2026-07-23T11:00:00.000Z") }, async (log) => {
    await log.write([rec(2, 50)]); // 50 + 50 = 100 ≥ 100: rotated first (lumberjack's open check)
  });
  assert.deepEqual(files(), ["audit-2026-07-23T11-00-00.000.log", "audit.log"]);
  assert.deepEqual(ids(readFileSync(file, "utf8")), [2]);
});

test("the new file gets the old one's mode; a first file is 0600 in a 0700 directory", async () => {
  const sub = path.join(dir, "nested", "audit.log");
  const log = new RotatingLog({ filename: sub, maxSizeBytes: 100 });
  await log.write([rec(1, 60)]);
  await log.close();
  assert.equal(statSync(sub).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(sub)).mode & 0o777, 0o700);
  chmodSync(sub, 0o640);
  const again = new RotatingLog({ filename: sub, maxSizeBytes: 100, now: clock("2026-07-23T10:00:00.000Z") });
  await again.write([rec(2, 60)]); // rotates: the backup keeps 0640 and so does the new file
  await again.close();
  assert.deepEqual(readdirSync(path.dirname(sub)).sort(), ["audit-2026-07-23T10-00-00.000.log", "audit.log"]);
  assert.equal(statSync(sub).mode & 0o777, 0o640);
});

test("maxsize 0 never rotates; a record larger than maxsize is written alone in a fresh file", async () => {
  await withLog({ maxSize: 0 }, async (log) => {
    for (let i = 0; i < 50; i++) await log.write([rec(i, 1000)]);
  });
  assert.deepEqual(files(), ["audit.log"]);
  rmSync(file);
  await withLog({ maxSizeBytes: 100, now: clock("2026-07-23T10:00:00.000Z") }, async (log) => {
    await log.write([rec(1, 30), rec(2, 500), rec(3, 30)]);
  });
  const sizes = files().map((f) => ids(readFileSync(path.join(dir, f), "utf8")));
  assert.deepEqual(sizes, [[1], [2], [3]]);
});

test("two rotations in one millisecond do not overwrite a backup", async () => {
  const frozen = () => new Date("2026-07-23T10:00:00.000Z");
  await withLog({ maxSizeBytes: 50, now: frozen }, async (log) => {
    for (let i = 1; i <= 4; i++) await log.write([rec(i, 40)]);
  });
  assert.deepEqual(files(), [
    "audit-2026-07-23T10-00-00.000.log",
    "audit-2026-07-23T10-00-00.001.log",
    "audit-2026-07-23T10-00-00.002.log",
    "audit.log",
  ]);
});

test("maxbackup keeps the newest backups by the time in their names, not by mtime", async () => {
  // An old backup touched recently, and a file that only looks like a backup.
  writeFileSync(path.join(dir, "audit-2020-01-01T00-00-00.000.log"), `${rec(0, 20)}\n`);
  writeFileSync(path.join(dir, "audit-notatime.log"), "x\n");
  writeFileSync(path.join(dir, "other-2020-01-01T00-00-00.000.log"), "x\n");
  const future = new Date("2030-01-01T00:00:00Z");
  utimesSync(path.join(dir, "audit-2020-01-01T00-00-00.000.log"), future, future);
  await withLog({ maxSizeBytes: 50, maxBackups: 2, now: clock("2026-07-23T10:00:00.000Z") }, async (log) => {
    for (let i = 1; i <= 5; i++) await log.write([rec(i, 40)]);
    await log.milled();
  });
  assert.deepEqual(files(), [
    "audit-2026-07-23T10-00-02.000.log",
    "audit-2026-07-23T10-00-03.000.log",
    "audit-notatime.log",
    "audit.log",
    "other-2020-01-01T00-00-00.000.log",
  ]);
  assert.deepEqual(ids(readFileSync(path.join(dir, "audit-2026-07-23T10-00-03.000.log"), "utf8")), [4]);
});

test("maxage deletes backups whose name is older than maxage days", async () => {
  for (const ts of ["2026-07-01T00-00-00.000", "2026-07-19T09-59-59.999", "2026-07-20T10-00-01.000"])
    writeFileSync(path.join(dir, `audit-${ts}.log`), "{}\n");
  writeFileSync(path.join(dir, "audit-2026-07-02T00-00-00.000.log.gz"), "");
  await withLog(
    { maxSizeBytes: 1000, maxAge: 3, now: () => new Date("2026-07-23T10:00:00.000Z") },
    async (log) => {
      await log.write([rec(1, 20)]); // first open mills
      await log.milled();
    },
  );
  assert.deepEqual(files(), ["audit-2026-07-20T10-00-01.000.log", "audit.log"]);
});

test("compress: backups become .gz with the same content, the originals go, the current file stays", async () => {
  await withLog(
    { maxSizeBytes: 100, compress: true, now: clock("2026-07-23T10:00:00.000Z") },
    async (log) => {
      for (let i = 1; i <= 3; i++) await log.write([rec(i, 60)]);
      await log.milled();
    },
  );
  assert.deepEqual(files(), [
    "audit-2026-07-23T10-00-00.000.log.gz",
    "audit-2026-07-23T10-00-01.000.log.gz",
    "audit.log",
  ]);
  assert.deepEqual(
    ids(gunzipSync(readFileSync(path.join(dir, "audit-2026-07-23T10-00-00.000.log.gz"))).toString()),
    [1],
  );
  assert.deepEqual(
    ids(gunzipSync(readFileSync(path.join(dir, "audit-2026-07-23T10-00-01.000.log.gz"))).toString()),
    [2],
  );
  assert.deepEqual(ids(readFileSync(file, "utf8")), [3]);
  assert.equal(statSync(path.join(dir, "audit-2026-07-23T10-00-00.000.log.gz")).mode & 0o777, 0o600);
});

test("compress with maxbackup: a .log/.log.gz pair counts once; a leftover .gz.tmp is cleaned", async () => {
  // A crash between compressing and deleting the original left a pair, and a half-written tmp.
  writeFileSync(path.join(dir, "audit-2026-07-22T00-00-00.000.log"), `${rec(7, 20)}\n`);
  writeFileSync(path.join(dir, "audit-2026-07-22T00-00-00.000.log.gz"), gzipSync(`${rec(7, 20)}\n`));
  writeFileSync(path.join(dir, "audit-2026-07-21T00-00-00.000.log.gz.tmp"), "partial");
  writeFileSync(path.join(dir, "audit-2026-07-21T00-00-00.000.log"), `${rec(6, 20)}\n`);
  writeFileSync(path.join(dir, "audit-2026-07-20T00-00-00.000.log"), `${rec(5, 20)}\n`);
  await withLog(
    { maxSizeBytes: 1000, maxBackups: 2, compress: true, now: () => new Date("2026-07-23T10:00:00.000Z") },
    async (log) => {
      await log.write([rec(1, 20)]);
      await log.milled();
    },
  );
  assert.deepEqual(files(), [
    "audit-2026-07-21T00-00-00.000.log.gz",
    "audit-2026-07-22T00-00-00.000.log.gz",
    "audit.log",
  ]);
  assert.deepEqual(
    ids(gunzipSync(readFileSync(path.join(dir, "audit-2026-07-21T00-00-00.000.log.gz"))).toString()),
    [6],
  );
  const listed = await listBackups(file);
  assert.deepEqual(
    listed.map((b) => b.name),
    ["audit-2026-07-22T00-00-00.000.log.gz", "audit-2026-07-21T00-00-00.000.log.gz"],
  );
});

test("reopening after a crash: a torn last line is cut off; a whole JSON line without newline gets one", async () => {
  writeFileSync(file, `${rec(1, 30)}\n${rec(2, 30)}\n{"id":3,"pad":"xx`);
  const notices: string[] = [];
  await withLog({ maxSizeBytes: 10_000, onNotice: (m) => notices.push(m) }, async (log) => {
    await log.write([rec(4, 30)]);
  });
  assert.deepEqual(ids(readFileSync(file, "utf8")), [1, 2, 4]);
  assert.match(notices[0] as string, /removed a torn last line \(17 bytes/);

  writeFileSync(file, `${rec(1, 30)}\n${rec(2, 30)}`);
  await withLog({ maxSizeBytes: 10_000 }, async (log) => {
    await log.write([rec(3, 30)]);
  });
  assert.deepEqual(ids(readFileSync(file, "utf8")), [1, 2, 3]);

  // A torn line longer than the 64 KiB read-back chunk, and a file that is all torn line.
  writeFileSync(file, `${rec(1, 30)}\n{"id":2,"pad":"${"y".repeat(200_000)}`);
  await withLog({ maxSizeBytes: 10_000_000 }, async (log) => {
    await log.write([rec(3, 30)]);
  });
  assert.deepEqual(ids(readFileSync(file, "utf8")), [1, 3]);
  writeFileSync(file, '{"id":2,"pa');
  await withLog({ maxSizeBytes: 10_000 }, async (log) => {
    await log.write([rec(3, 30)]);
  });
  assert.deepEqual(ids(readFileSync(file, "utf8")), [3]);
});

test("a failed write rejects, and the next write starts again from what is on disk", async () => {
  const sub = path.join(dir, "d", "audit.log");
  const log = new RotatingLog({ filename: sub, maxSizeBytes: 100, now: clock("2026-07-23T10:00:00.000Z") });
  await log.write([rec(1, 60)]);
  // The directory is replaced by a plain file: the rotation this write needs cannot happen.
  rmSync(path.dirname(sub), { recursive: true });
  writeFileSync(path.dirname(sub), "not a directory");
  await assert.rejects(log.write([rec(2, 60)]));
  rmSync(path.dirname(sub));
  await log.write([rec(3, 60)]);
  assert.deepEqual(ids(readFileSync(sub, "utf8")), [3]);
  await log.close();
  await assert.rejects(log.write([rec(9, 30)]), /log closed/);
});
