/**
 * `hako scan`'s progress line on a terminal: fed by the library's `onProgress` hook, shown on
 * standard error only once a scan has run for more than a second (short scans print nothing),
 * redrawn at most ten times a second, and erased before the report is written. The caller decides
 * whether it is wanted at all (standard error a TTY, no `--quiet`).
 *
 * Reading and parsing run synchronously, so the line is drawn from the hook's own calls, never
 * from a timer.
 */
import type { ScanProgress } from '../load.js';

/** Scans shorter than this show nothing. */
export const PROGRESS_AFTER_MS = 1000;
const REDRAW_MS = 100;
const BAR = 20;

const PHASE_WORD: Record<ScanProgress['phase'], string> = {
  discover: 'finding files',
  read: 'reading',
  parse: 'parsing',
  rules: 'checking',
};

export interface ProgressLine {
  onProgress: (e: ScanProgress) => void;
  /** Erases the line (if one was drawn). Call before anything else is written. */
  done: () => void;
}

export function progressLine(write: (s: string) => void, clock: () => number = Date.now): ProgressLine {
  const start = clock();
  let drawn = false;
  let lastDraw = 0;
  let phase: ScanProgress['phase'] | undefined;
  let phaseStart = start;
  return {
    onProgress(e) {
      const now = clock();
      if (e.phase !== phase) {
        phase = e.phase;
        phaseStart = now;
      }
      if (now - start < PROGRESS_AFTER_MS) return;
      if (drawn && now - lastDraw < REDRAW_MS && e.done < e.total) return;
      lastDraw = now;
      drawn = true;
      write(`\r\x1b[2K${describe(e, now - phaseStart)}`);
    },
    done() {
      if (drawn) write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** `hako: parsing [########------------] 1200/3000 files  400 files/s  ETA 5s` */
export function describe(e: ScanProgress, phaseMs: number): string {
  const unit = e.phase === 'rules' ? 'rules' : 'files';
  const total = Math.max(e.total, e.done);
  const filled = total === 0 ? BAR : Math.round((e.done / total) * BAR);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
  const secs = phaseMs / 1000;
  const rate = secs > 0 ? e.done / secs : 0;
  const eta = rate > 0 && e.done < total ? `  ETA ${duration((total - e.done) / rate)}` : '';
  const speed = rate > 0 ? `  ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} ${unit}/s` : '';
  return `hako: ${PHASE_WORD[e.phase]} ${bar} ${e.done}/${total} ${unit}${speed}${eta}`;
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
