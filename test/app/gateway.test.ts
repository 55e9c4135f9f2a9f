import { createServer, type Server } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../app/gateway';
import { ListenError } from '../../app/listen-error';
import { loadConfig } from '../../config';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { RankingDocument } from '../generated/graphql';
import { postQuery, sharedInference } from '../support/gateway';

const silent = pino({ level: 'silent' });

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) reject(new Error('no address'));
      else resolve({ server, port: address.port });
    });
  });
}

describe('createGateway', () => {
  let holder: { server: Server; port: number };

  beforeAll(async () => {
    holder = await listenOnFreePort();
  });

  afterAll(async () => {
    await new Promise((resolve) => holder.server.close(resolve));
  });

  it('names HOST and PORT when the port is already in use', async () => {
    const config = loadConfig({ PORT: String(holder.port), HOST: '127.0.0.1', DEMO_DATA: 'false' });
    const failure = await createGateway(config, {
      data: createEmbeddedDataSources(),
      inference: await sharedInference(),
      logger: silent,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ListenError);
    expect((failure as Error).message).toContain(`HOST=127.0.0.1 PORT=${holder.port}`);
    expect((failure as Error).message).toMatch(/already in use/);
  });

  it('serves the stores it is given, seeded with the demo set at the given clock, and leaves them open', async () => {
    const data = createEmbeddedDataSources();
    let closed = 0;
    const close = data.close.bind(data);
    data.close = async () => {
      closed += 1;
      await close();
    };
    const seededAt = new Date('2026-11-20T12:00:00Z');
    const gateway = await createGateway(
      loadConfig({ PORT: '0', DEMO_KOLS: '7', DEMO_EVENTS: 'false' }),
      { data, inference: await sharedInference(), logger: silent, clock: () => seededAt },
    );
    try {
      const res = await postQuery(gateway.url, RankingDocument, { input: { first: 3 } });
      expect(res.errors).toBeUndefined();
      expect(res.data?.ranking.totalCount).toBe(7);
      const [profile] = await data.profiles.getMany(['kol-0001']);
      expect(profile?.updatedAt.getTime()).toBeLessThanOrEqual(seededAt.getTime());
      expect(gateway.pipeline).toBeDefined();
    } finally {
      await gateway.stop();
    }
    expect(closed).toBe(0);
  });
});
