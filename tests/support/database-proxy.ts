import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import type { DatabaseUrl } from '../../shared/config';
import { testConfig } from './test-config';

/** One client connection and its connection to the database, with what is held while frozen. */
interface ProxiedPair {
  client: Socket;
  upstream: Socket;
  held: Array<{ to: Socket; chunk: Buffer }>;
}

/**
 * A TCP proxy to MariaDB that a test can take away and bring back (`stop`, `start`: connections
 * refused), or freeze and thaw (`freeze`, `thaw`): frozen, it still accepts connections and bytes
 * but forwards nothing either way, as a database stopped with SIGSTOP does; thawed, it delivers
 * what it held, in order. The shared server itself is never touched.
 */
export function databaseProxy(target: { host: string; port: number }) {
  let server: Server | undefined;
  const pairs = new Set<ProxiedPair>();
  let port = 0;
  // Frozen both ways, or only the server's answers (statements still reach it and run).
  let frozen: 'no' | 'both-ways' | 'answers' = 'no';

  // A statement whose sending freezes the answers (see freezeAnswersFrom).
  let answersFrozenBy: Buffer | undefined;

  const forward = (pair: ProxiedPair, from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (answersFrozenBy && from === pair.client && chunk.includes(answersFrozenBy)) {
        answersFrozenBy = undefined;
        frozen = 'answers';
      }
      if (frozen === 'both-ways' || (frozen === 'answers' && from === pair.upstream))
        pair.held.push({ to, chunk });
      else to.write(chunk);
    });
  };

  return {
    get port() {
      return port;
    },
    async start() {
      server = createServer((client) => {
        const upstream = new Socket();
        const pair: ProxiedPair = { client, upstream, held: [] };
        pairs.add(pair);
        forward(pair, client, upstream);
        forward(pair, upstream, client);
        for (const socket of [client, upstream]) {
          socket.on('error', () => socket.destroy());
          // Either side closing ends the other: the server sees a client that gave up, and rolls
          // back what that client's connection had started.
          socket.on('close', () => {
            pairs.delete(pair);
            client.destroy();
            upstream.destroy();
          });
        }
        upstream.connect(target.port, target.host);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async stop() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    /** Stops forwarding in both directions while connections and bytes are still accepted. */
    freeze() {
      frozen = 'both-ways';
    },
    /**
     * From the next time a client sends `statement` on: still forwards statements to the server
     * but holds back its answers, so what was sent runs (a COMMIT commits) while the client hears
     * nothing, as when the network drops the way back.
     */
    freezeAnswersFrom(statement: string) {
      answersFrozenBy = Buffer.from(statement);
    },
    /** Forwards again, first what arrived while frozen. */
    thaw() {
      frozen = 'no';
      for (const pair of pairs) {
        for (const { to, chunk } of pair.held.splice(0)) to.write(chunk);
      }
    },
  };
}

export type DatabaseProxy = ReturnType<typeof databaseProxy>;

type MysqlUrl = Extract<DatabaseUrl, { dialect: 'mysql' }>;

/**
 * A started proxy in front of the run's MariaDB: `url` goes through it, `direct` around it (for
 * the test's own look at the server).
 */
export async function proxiedTestDatabase(): Promise<{
  proxy: DatabaseProxy;
  url: MysqlUrl;
  direct: MysqlUrl;
}> {
  const { url } = testConfig().database;
  if (url.dialect !== 'mysql') throw new Error('A database proxy needs the MariaDB run');
  const proxy = databaseProxy({ host: url.host, port: url.port });
  await proxy.start();
  return { proxy, url: { ...url, host: '127.0.0.1', port: proxy.port }, direct: url };
}
