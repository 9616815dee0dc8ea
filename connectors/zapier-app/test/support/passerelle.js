'use strict';

// Starts a real Passerelle (the built jar) on the embedded H2 database, on a free loopback
// port with its own temporary data directory, and stops it again, whatever happened.

const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { onExit } = require('./cleanup');

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

const findJar = () => {
  if (process.env.PASSERELLE_JAR) {
    return process.env.PASSERELLE_JAR;
  }
  const target = path.join(REPO, 'target');
  const jars = fs.existsSync(target)
    ? fs.readdirSync(target).filter((f) => /^passerelle-.*\.jar$/.test(f) && !/(sources|javadoc|plain)\.jar$/.test(f))
    : [];
  if (jars.length === 0) {
    throw new Error(`No target/passerelle-*.jar under ${REPO}: build it first (./mvnw -B -ntp -DskipTests package)`);
  }
  return path.join(target, jars.sort()[jars.length - 1]);
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const start = async ({ extraArgs = [] } = {}) => {
  const jar = findJar();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-zapier-'));
  const adminToken = crypto.randomBytes(24).toString('hex');
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, 'passerelle.log');
  const log = fs.openSync(logFile, 'a');
  const env = {
    ...process.env,
    PORT: String(port),
    PASSERELLE_DATA_DIR: dataDir,
    PASSERELLE_ADMIN_TOKEN: adminToken,
    PASSERELLE_PUBLIC_URL: baseUrl,
  };
  // Never the CI's PostgreSQL: this run is on the embedded database.
  delete env.PASSERELLE_DB_URL;
  delete env.PASSERELLE_DB_USER;
  delete env.PASSERELLE_DB_PASSWORD;
  const args = [
    '-Xmx512m',
    '-XX:TieredStopAtLevel=1',
    '-jar',
    jar,
    '--server.address=127.0.0.1',
    // The test's delivery receiver listens on loopback, which production refuses.
    '--passerelle.outbound.allow-loopback=true',
    ...extraArgs,
  ];
  // Its own process group, so that stopping it stops every process it started.
  const child = spawn('java', args, { env, stdio: ['ignore', log, log], detached: true });
  // A test runner that dies must not leave the server running.
  const forget = onExit(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch (e) {
      // already gone
    }
    if (!process.env.KEEP_PASSERELLE_DATA) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
  const stop = async () => {
    forget();
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch (e) {
        // already gone
      }
      for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++) {
        await sleep(100);
      }
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch (e) {
          // already gone
        }
      }
    }
    fs.closeSync(log);
    if (!process.env.KEEP_PASSERELLE_DATA) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + 180000;
  for (;;) {
    if (child.exitCode !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      await stop();
      throw new Error(`Passerelle exited with ${child.exitCode} while starting:\n${tail}`);
    }
    try {
      const res = await fetch(`${baseUrl}/actuator/health`);
      if (res.status === 200) {
        break;
      }
    } catch (e) {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Passerelle did not become healthy within 180 s (log: ${logFile})`);
    }
    await sleep(500);
  }
  return { baseUrl, adminToken, dataDir, logFile, jar, stop };
};

module.exports = { start, findJar, REPO };
