// Starts liaison-dev for the end-to-end suite and stops it afterwards.
//
// - LIAISON_E2E_STATE=path: use an already running liaison-dev that wrote this state file.
// - LIAISON_DEV_BIN=path: run this binary.
// - otherwise: `go build ./server/cmd/liaison-dev` from the repository root into a temp dir.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface DevState {
  base_url: string;
  station_id: number;
  staff_invite: string;
  admin_invite: string;
  deputy_invite: string;
  /** the demo station's deputies: the scene of their code is d=<id>; the phone code dev-<phone> signs in as them */
  deputies: { id: number; name: string; phone: string }[];
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function healthy(base: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(base + '/healthz', (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

export class DevServer {
  state!: DevState;
  private child: ChildProcess | null = null;
  private tmp = '';
  private log: string[] = [];

  async start(): Promise<DevState> {
    const given = process.env.LIAISON_E2E_STATE;
    if (given) {
      this.state = JSON.parse(fs.readFileSync(given, 'utf8'));
      if (!(await healthy(this.state.base_url))) throw new Error(`liaison-dev named by LIAISON_E2E_STATE does not answer at ${this.state.base_url}`);
      return this.state;
    }
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-'));
    let bin = process.env.LIAISON_DEV_BIN || '';
    const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH || ''}` };
    if (!bin) {
      bin = path.join(this.tmp, 'liaison-dev');
      execFileSync('go', ['build', '-o', bin, './server/cmd/liaison-dev'], { cwd: repoRoot, env, stdio: 'inherit' });
    }
    const port = await freePort();
    const stateFile = path.join(this.tmp, 'state.json');
    this.child = spawn(bin, ['--http-addr', `127.0.0.1:${port}`, '--state-file', stateFile], {
      cwd: repoRoot,
      env: { ...env, LIAISON_LOG_LEVEL: process.env.LIAISON_LOG_LEVEL || 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.log.push(b.toString());
      if (this.log.length > 200) this.log.shift();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    let exited = false;
    this.child.on('exit', () => (exited = true));
    const deadline = Date.now() + 120000;
    while (Date.now() < deadline) {
      if (exited) throw new Error('liaison-dev exited early:\n' + this.log.join(''));
      if (fs.existsSync(stateFile)) {
        try {
          this.state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
          if (await healthy(this.state.base_url)) return this.state;
        } catch (e) {
          /* written in part; read again */
        }
      }
      await sleep(200);
    }
    throw new Error('liaison-dev did not come up within 120 s:\n' + this.log.join(''));
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(10000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  logTail(): string {
    return this.log.join('').slice(-4000);
  }
}
