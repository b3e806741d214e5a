import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'interruptible-run.ts');

describe('Ctrl-C', () => {
  it('stops a checkAsync run cleanly with partial figures when the process gets SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const first = out === '';
      out += chunk;
      if (first && out.startsWith('ready')) setTimeout(() => child.kill('SIGINT'), 200);
    });
    expect(await done).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as {
      stoppedBy: string;
      complete: boolean;
      distinct: number;
    };
    expect(result.stoppedBy).toBe('interrupted');
    expect(result.complete).toBe(false);
    expect(result.distinct).toBeGreaterThan(4096);
  });
});
