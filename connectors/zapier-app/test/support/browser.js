'use strict';

// A person's browser on Passerelle's console, over real HTTP: keeps its cookies, follows no
// redirect (the tests look at each), and posts forms with the CSRF token of the page they are on.
// It plays what Zapier leaves to the user while connecting with OAuth2: sign in, allow.

const CSRF = /name="_csrf" value="([^"]+)"/;

const browser = (baseUrl) => {
  const cookies = new Map();
  const absolute = (url) => (url.startsWith('http') ? url : baseUrl + url);
  const send = async (url, options = {}) => {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(absolute(url), {
      ...options,
      headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}), ...(options.headers || {}) },
      redirect: 'manual',
    });
    res.headers.getSetCookie().forEach((c) => {
      const [pair, ...attributes] = c.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === '') {
        cookies.delete(name);
      } else {
        cookies.set(name, value);
      }
    });
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
  };
  const get = (url) => send(url);
  // Opens `page`, then posts `fields` (an array of [name, value]: a name may repeat) to `action`.
  const submit = async (page, action, fields) => {
    const form = await get(page);
    const token = CSRF.exec(form.text);
    if (!token) {
      throw new Error(`no CSRF token on ${page} (${form.status}): ${form.text.slice(0, 300)}`);
    }
    const body = new URLSearchParams([...fields, ['_csrf', token[1].replace(/&#45;/g, '-')]]);
    return send(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  };
  return { get, submit };
};

// The hidden fields of the consent page's "Allow" form (client_id, state, each scope).
const allowFields = (html) => {
  const form = html.slice(html.indexOf('<form'), html.indexOf('id="allow"'));
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
    .filter((m) => m[1] !== '_csrf')
    .map((m) => [m[1], m[2].replace(/&#45;/g, '-').replace(/&amp;/g, '&')]);
};

module.exports = { browser, allowFields };
