// Only what a person at the terminal acts on: the API's answers and everything above info. A page
// load fetches a dozen static files and covers, and start-up polls the health checks; their
// successful access lines are noise there.
const API_PATH = /^\/(api\/|\.well-known\/)/;

// pino's fields of every line, shown in the line's head or not at all.
const HEAD_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'requestId']);

function clock(time: unknown): string {
  const date = typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date();
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toISOString().slice(11, 19);
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'message' in value) {
    const error = value as { message: unknown; stack?: unknown };
    return typeof error.stack === 'string' ? `\n${error.stack}` : String(error.message);
  }
  return JSON.stringify(value);
}

/**
 * One pino JSON line as a short line for a person (`12:04:31 origin GET /api/v1/books 200 3.2 ms`),
 * or undefined for a line a terminal does not need (a static file served successfully).
 */
export function formatForTerminal(jsonLine: string): string | undefined {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.trimEnd();
  }
  const level = typeof line.level === 'string' ? line.level : 'info';
  const head = `${clock(line.time)} ${plain(line.service).padEnd(7)}`;
  const marker = level === 'info' ? '' : `${level.toUpperCase()} `;
  if (line.msg === 'request finished' && typeof line.path === 'string') {
    const status = Number(line.status);
    if (level === 'info' && status < 400 && !API_PATH.test(line.path)) return undefined;
    return `${head} ${marker}${String(line.method)} ${line.path} ${status} ${String(line.durationMs)} ms`;
  }
  const fields = Object.entries(line)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  return [`${head} ${marker}${plain(line.msg)}`, ...fields].join(' ');
}

/** A pino destination that writes each line formatted for a terminal to `out`. */
export function terminalDestination(out: { write(text: string): unknown } = process.stdout): {
  write(jsonLine: string): void;
} {
  return {
    write(jsonLine) {
      const text = formatForTerminal(jsonLine);
      if (text !== undefined) out.write(`${text}\n`);
    },
  };
}
