'use strict';

// Passerelle's HTTP API called directly (not through the Zapier app): to set the stage and to
// check what the app did.

const call = async (baseUrl, token, method, path, body, headers = {}) => {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch (e) {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
};

// Throws unless the answer has the expected status, saying what came instead.
const expect = async (promise, status) => {
  const res = await promise;
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  }
  return res.json;
};

const client = (baseUrl, token) => ({
  get: (path) => call(baseUrl, token, 'GET', path),
  post: (path, body, headers) => call(baseUrl, token, 'POST', path, body === undefined ? {} : body, headers),
  put: (path, body) => call(baseUrl, token, 'PUT', path, body),
  patch: (path, body) => call(baseUrl, token, 'PATCH', path, body),
  del: (path) => call(baseUrl, token, 'DELETE', path),
  ok: (promise, status = 200) => expect(promise, status),
});

module.exports = { call, client, expect };
