import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { relayTo } from './tcp-relay';

/** MySQL client/server protocol command bytes that carry SQL text. */
const COM_QUERY = 0x03;
const COM_STMT_PREPARE = 0x16;
/** The command byte of a ping, which carries no SQL but costs a round trip. */
const COM_PING = 0x0e;

/**
 * A TCP proxy in front of MySQL/MariaDB that records the SQL every client sends (COM_QUERY and
 * COM_STMT_PREPARE packets, read off the wire), so a test sees exactly what reaches the server —
 * including statements a driver or ORM issues on its own when it opens a connection.
 */
export interface StatementRecorder {
  port: number;
  statements: string[];
  /** How many pings clients have sent. */
  readonly pings: number;
  /** How many statements clients have prepared on the server (COM_STMT_PREPARE). */
  readonly prepares: number;
  close(): Promise<void>;
}

/** Splits one direction of a connection into packets: 3-byte length, 1-byte sequence, payload. */
function packetReader(onPacket: (sequence: number, payload: Buffer) => void) {
  let pending = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readUIntLE(0, 3);
      if (pending.length < 4 + length) return;
      onPacket(pending[3] ?? 0, pending.subarray(4, 4 + length));
      pending = pending.subarray(4 + length);
    }
  };
}

export async function startStatementRecorder(target: {
  host: string;
  port: number;
}): Promise<StatementRecorder> {
  const statements: string[] = [];
  let pings = 0;
  let prepares = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    // A command starts a new exchange (sequence 0); the login packet has sequence 1.
    const read = packetReader((sequence, payload) => {
      if (sequence === 0 && (payload[0] === COM_QUERY || payload[0] === COM_STMT_PREPARE)) {
        statements.push(payload.subarray(1).toString('utf8'));
      }
      if (sequence === 0 && payload[0] === COM_PING) pings += 1;
      if (sequence === 0 && payload[0] === COM_STMT_PREPARE) prepares += 1;
    });
    client.on('data', read);
    relayTo(client, target, sockets);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    statements,
    get pings() {
      return pings;
    },
    get prepares() {
      return prepares;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
