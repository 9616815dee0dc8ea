'use strict';

const crypto = require('crypto');

// Standard Webhooks (https://www.standardwebhooks.com): Passerelle signs each delivery with
// the subscription's secret ("whsec_" + base64 key) over "<webhook-id>.<webhook-timestamp>.<body>",
// and sends "v1,<base64 HMAC-SHA256>" (several, space-separated, while a secret rotates).

// Zapier hands a hook's headers as "Http-Webhook-Id"; other callers use the plain name.
const header = (headers, name) => {
  if (!headers) {
    return undefined;
  }
  const wanted = [name.toLowerCase(), `http-${name.toLowerCase()}`];
  const key = Object.keys(headers).find((k) => wanted.includes(k.toLowerCase()));
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
};

const sign = (secret, id, timestamp, body) => {
  const key = Buffer.from(String(secret).replace(/^whsec_/, ''), 'base64');
  return crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
};

// Returns null when the request carries a valid signature for this secret, else why not.
const whyNotSigned = (secret, headers, body) => {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return 'the webhook-id, webhook-timestamp and webhook-signature headers are missing';
  }
  if (typeof body !== 'string') {
    return 'the raw body is missing';
  }
  const expected = Buffer.from(sign(secret, id, timestamp, body), 'base64');
  const matches = String(signatures)
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .some((s) => {
      const given = Buffer.from(s.slice(3), 'base64');
      return given.length === expected.length && crypto.timingSafeEqual(given, expected);
    });
  return matches ? null : 'the webhook-signature does not match the subscription secret';
};

module.exports = { header, sign, whyNotSigned };
