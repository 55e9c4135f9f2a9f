/**
 * The import CLI as `npm run import` runs it in a production install: compiled by tsc to plain
 * JavaScript (no tsx), started with node, talking to a real embedded gateway. Checks the process
 * contract: exit codes, the summary on stdout, plain progress lines when stderr is not a terminal.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { startTestGateway, type TestGateway } from '../support/gateway';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');
const ADMIN_KEY = 'cli-compiled-admin';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(script: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(REPO, 'node_modules') },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the compiled import CLI', () => {
  let dir: string;
  let script: string;
  let gateway: TestGateway;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kol-import-compiled-'));
    const out = path.join(dir, 'out');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(REPO, 'tsconfig.json'),
        compilerOptions: {
          outDir: out,
          rootDir: REPO,
          noEmit: false,
          sourceMap: false,
          typeRoots: [path.join(REPO, 'node_modules/@types')],
        },
        files: [path.join(REPO, 'cli/import.ts')],
        include: [],
      }),
    );
    await run(process.execPath, [
      path.join(REPO, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(dir, 'tsconfig.json'),
    ]);
    script = path.join(out, 'cli/import.js');
    gateway = await startTestGateway({
      data: createEmbeddedDataSources(),
      env: { API_KEYS: `${ADMIN_KEY}:admin`, ANONYMOUS_ROLE: 'viewer', RATE_LIMIT_PER_MINUTE: '0' },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file, prints progress lines and a summary, exits 0', async () => {
    const file = path.join(dir, 'kols.ndjson');
    const row = (id: string, followers: unknown) =>
      JSON.stringify({
        id,
        platform: 'x',
        handle: id,
        displayName: id,
        category: 'tech',
        followers,
        following: 1,
        posts: 1,
        verified: false,
      });
    writeFileSync(file, [row('bin-1', 10), row('bin-2', -1), row('bin-3', 30)].join('\n'));
    const result = await cli(script, [file, '--url', gateway.url, '--api-key', ADMIN_KEY]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/applied\s+2 /);
    expect(result.stdout).toMatch(/rejected\s+1 row/);
    expect(result.stdout).toContain(`${file}.rejects.csv`);
    expect(result.stderr).toMatch(/^progress: \d+ rows sent/m);
  });

  it('exits 1 when nothing could be imported and 3 when the gateway cannot be reached', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'id,nickname\n1,x\n');
    const bad = await cli(script, [file, '--url', gateway.url, '--api-key', ADMIN_KEY]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('unknown column "nickname"');

    const good = path.join(dir, 'good.csv');
    writeFileSync(
      good,
      'id,platform,handle,displayName,category,followers,following,posts,verified\nz1,x,z,Z,tech,1,1,1,true\n',
    );
    const down = await cli(script, [good, '--url', 'http://127.0.0.1:9/graphql', '--retries', '0']);
    expect(down.code).toBe(3);
    expect(down.stdout).toContain(`npm run import -- ${good} --from-line 1`);
  });
});
