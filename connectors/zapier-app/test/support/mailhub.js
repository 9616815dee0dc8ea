'use strict';

// Starts MailHub.java (GreenMail, from the Maven test classpath) and speaks just enough SMTP
// to drop a delivery status notification into the bounce mailbox.

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { REPO } = require('./passerelle');
const { onExit } = require('./cleanup');

const BOUNCES = 'bounces@passerelle.test';
const PASSWORD = 'bounce-secret';
const HUB_FROM = 'hub@passerelle.test';

// GreenMail and its mail libraries, resolved by Maven from the project's test dependencies;
// kept under target/ until pom.xml changes.
const classpath = () => {
  const cached = path.join(REPO, 'target', 'zapier-test-classpath.txt');
  const pom = path.join(REPO, 'pom.xml');
  if (!fs.existsSync(cached) || fs.statSync(cached).mtimeMs < fs.statSync(pom).mtimeMs) {
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    execFileSync(
      path.join(REPO, 'mvnw'),
      ['-B', '-ntp', '-q', 'dependency:build-classpath', '-Dmdep.includeScope=test', `-Dmdep.outputFile=${cached}`],
      { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  }
  return fs.readFileSync(cached, 'utf8').trim();
};

const startMailHub = () =>
  new Promise((resolve, reject) => {
    const child = spawn('java', ['-cp', classpath(), path.join(__dirname, 'MailHub.java'), BOUNCES, PASSWORD], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the mail hub did not start within 60 s: ${out}`)), 60000);
    child.on('exit', (code) => reject(new Error(`the mail hub exited with ${code}: ${out}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /ready smtp=(\d+) imap=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const forget = onExit(() => child.kill('SIGKILL'));
        const stop = () =>
          new Promise((done) => {
            forget();
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin.end();
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          });
        resolve({ smtpPort: Number(m[1]), imapPort: Number(m[2]), stop });
      }
    });
  });

// Passerelle's settings for this hub: it sends through it and reads bounces every second.
const passerelleArgs = (hub) => [
  '--passerelle.mail.smtp.host=127.0.0.1',
  `--passerelle.mail.smtp.port=${hub.smtpPort}`,
  '--passerelle.mail.smtp.security=none',
  `--passerelle.mail.smtp.from=${HUB_FROM}`,
  '--passerelle.mail.bounces.host=127.0.0.1',
  `--passerelle.mail.bounces.port=${hub.imapPort}`,
  '--passerelle.mail.bounces.security=none',
  `--passerelle.mail.bounces.username=${BOUNCES}`,
  `--passerelle.mail.bounces.password=${PASSWORD}`,
  '--passerelle.mail.bounces.poll-interval=1s',
];

// A plain SMTP conversation: each command waits for its reply code.
const smtpSend = (port, from, to, message) =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const steps = [
      [null, 220],
      ['EHLO zapier-test', 250],
      [`MAIL FROM:<${from}>`, 250],
      [`RCPT TO:<${to}>`, 250],
      ['DATA', 354],
      [`${message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`, 250],
      ['QUIT', 221],
    ];
    let buffer = '';
    let i = 0;
    const next = () => {
      if (i >= steps.length) {
        socket.end();
        return resolve();
      }
      const [command] = steps[i];
      if (command !== null) socket.write(`${command}\r\n`);
    };
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (data) => {
      buffer += data;
      // A reply is complete on a line "NNN text" (not "NNN-text").
      const lines = buffer.split('\r\n');
      const last = lines.slice(0, -1).find((l) => /^\d{3} /.test(l));
      if (!last) return;
      buffer = '';
      const code = Number(last.slice(0, 3));
      if (code !== steps[i][1]) {
        socket.destroy();
        return reject(new Error(`SMTP: expected ${steps[i][1]} after ${steps[i][0]}, got ${last}`));
      }
      i += 1;
      next();
    });
  });

// What Postfix sends back when the recipient's server refuses the mailbox (RFC 3464), or,
// when the sender asked for it (NOTIFY=SUCCESS), when it took the message.
const dsn = (originalMessageId, recipient, delivered) => delivered ? `From: MAILER-DAEMON@mx.passerelle.test (Mail Delivery System)
To: ${BOUNCES}
Subject: Successful Mail Delivery Report
Date: ${new Date().toUTCString()}
Message-ID: <${Date.now()}.${Math.random().toString(16).slice(2)}@mx.passerelle.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

This is a MIME-encapsulated message.

--BOUNDARY
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

Your message was successfully delivered to the destination(s) listed below.

<${recipient}>: delivery via mx.recipient.example: 250 2.0.0 Ok: queued

--BOUNDARY
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.passerelle.test

Final-Recipient: rfc822; ${recipient}
Original-Recipient: rfc822;${recipient}
Action: delivered
Status: 2.0.0
Remote-MTA: dns; mx.recipient.example
Diagnostic-Code: smtp; 250 2.0.0 Ok: queued

--BOUNDARY
Content-Description: Message Headers
Content-Type: text/rfc822-headers

From: Passerelle <${HUB_FROM}>
To: <${recipient}>
Subject: Invoice
Message-ID: ${originalMessageId}

--BOUNDARY--
` : `From: MAILER-DAEMON@mx.passerelle.test (Mail Delivery System)
To: ${BOUNCES}
Subject: Undelivered Mail Returned to Sender
Date: ${new Date().toUTCString()}
Message-ID: <${Date.now()}.${Math.random().toString(16).slice(2)}@mx.passerelle.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

This is a MIME-encapsulated message.

--BOUNDARY
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.

<${recipient}>: host mx.bounce.example said: 550 5.1.1 User unknown

--BOUNDARY
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.passerelle.test

Final-Recipient: rfc822; ${recipient}
Original-Recipient: rfc822;${recipient}
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.bounce.example
Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown

--BOUNDARY
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Passerelle <${HUB_FROM}>
To: <${recipient}>
Subject: Invoice
Message-ID: ${originalMessageId}

--BOUNDARY--
`;

const bounce = (hub, originalMessageId, recipient, { delivered = false } = {}) =>
  smtpSend(hub.smtpPort, 'MAILER-DAEMON@mx.passerelle.test', BOUNCES, dsn(originalMessageId, recipient, delivered));

module.exports = { startMailHub, passerelleArgs, bounce };
