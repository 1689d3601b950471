// What the student did, kept in SQLite (<state>/lab.db) so a reload or a lab server restart loses nothing:
// edited cell sources, each cell's last output, each check's last result.
import Database from 'better-sqlite3';
import { CheckResult } from '../../protocol/checks.js';
import type { SavedOutput } from '../../protocol/messages.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS cell_edits (
    chapter TEXT NOT NULL, cell TEXT NOT NULL, source TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (chapter, cell));
  CREATE TABLE IF NOT EXISTS cell_outputs (
    chapter TEXT NOT NULL, cell TEXT NOT NULL, output TEXT NOT NULL, exit_code INTEGER, end_reason TEXT NOT NULL,
    duration_ms INTEGER NOT NULL, finished_at TEXT NOT NULL,
    PRIMARY KEY (chapter, cell));
  CREATE TABLE IF NOT EXISTS check_results (
    chapter TEXT NOT NULL, check_id TEXT NOT NULL, result TEXT NOT NULL,
    PRIMARY KEY (chapter, check_id));
`;

interface OutputRow {
  cell: string;
  output: string;
  exit_code: number | null;
  end_reason: SavedOutput['end'];
  duration_ms: number;
  finished_at: string;
}

export class ProgressStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  saveEdit(chapter: string, cell: string, source: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO cell_edits VALUES (?, ?, ?, ?)')
      .run(chapter, cell, source, new Date().toISOString());
  }

  /** Forgets the student's edit and the last output: the cell is as the lesson wrote it. */
  resetCell(chapter: string, cell: string): void {
    this.db.prepare('DELETE FROM cell_edits WHERE chapter = ? AND cell = ?').run(chapter, cell);
    this.db.prepare('DELETE FROM cell_outputs WHERE chapter = ? AND cell = ?').run(chapter, cell);
  }

  edits(chapter: string): Record<string, string> {
    const rows = this.db.prepare('SELECT cell, source FROM cell_edits WHERE chapter = ?').all(chapter) as {
      cell: string;
      source: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.cell, row.source]));
  }

  saveOutput(chapter: string, cell: string, saved: SavedOutput): void {
    this.db
      .prepare('INSERT OR REPLACE INTO cell_outputs VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(chapter, cell, saved.output, saved.exitCode, saved.end, saved.durationMs, saved.finishedAt);
  }

  outputs(chapter: string): Record<string, SavedOutput> {
    const rows = this.db.prepare('SELECT * FROM cell_outputs WHERE chapter = ?').all(chapter) as OutputRow[];
    return Object.fromEntries(
      rows.map((row) => [
        row.cell,
        {
          output: row.output,
          exitCode: row.exit_code,
          end: row.end_reason,
          durationMs: row.duration_ms,
          finishedAt: row.finished_at,
        },
      ]),
    );
  }

  saveCheck(chapter: string, result: CheckResult): void {
    this.db
      .prepare('INSERT OR REPLACE INTO check_results VALUES (?, ?, ?)')
      .run(chapter, result.id, JSON.stringify(result));
  }

  /** Last result of each check; rows that no longer parse (an older format) are skipped, not fatal. */
  checks(chapter: string): Record<string, CheckResult> {
    const rows = this.db.prepare('SELECT check_id, result FROM check_results WHERE chapter = ?').all(chapter) as {
      check_id: string;
      result: string;
    }[];
    const results: Record<string, CheckResult> = {};
    for (const row of rows) {
      const parsed = CheckResult.safeParse(safeJson(row.result));
      if (parsed.success) results[row.check_id] = parsed.data;
    }
    return results;
  }

  close(): void {
    this.db.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
