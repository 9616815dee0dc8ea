'use strict';

// Makes Passerelle emit every event a Zapier trigger can subscribe to, through its public API,
// with every field of each object filled in, so that the samples show real values a zap can
// map. Shared by the tests and by scripts/capture-samples.js, so the committed samples and the
// live payloads come from the same steps.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { REPO } = require('./passerelle');
const mailhub = require('./mailhub');
const { connectAccount } = require('./oauth');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const unique = () => crypto.randomBytes(4).toString('hex');

const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

const clientInput = (tag) => ({
  name: `Zoë Müller ${tag}`,
  company: `Atelier Müller ${tag}`,
  emails: [`zoe.${tag}@example.com`, `billing.${tag}@example.com`],
  phone: '+32 2 555 01 23',
  billingAddress: { line1: 'Rue de la Loi 16', line2: 'Boîte 3', postcode: '1000', city: 'Bruxelles', state: 'Bruxelles-Capitale', country: 'BE' },
  shippingAddress: { line1: 'Quai des Usines 22', line2: 'Entrepôt B', postcode: '1000', city: 'Bruxelles', state: 'Bruxelles-Capitale', country: 'BE' },
  vatNumber: 'BE0123456789',
  language: 'fr',
  externalRef: { source: 'crm', id: `lead-${tag}` },
});

const productInput = (tag) => ({
  name: `Linen apron ${tag}`,
  sku: `APRON-${tag}`,
  unitPrice: '39.90',
  currency: 'EUR',
  taxRate: '21',
  externalRef: { source: 'shop', id: `prod-${tag}` },
});

const documentDraft = (clientId, product, tag, { issueDate, dueDate } = {}) => ({
  kind: 'INVOICE',
  clientId,
  currency: 'EUR',
  pricesIncludeTax: false,
  lines: [
    {
      type: 'ITEM',
      description: 'Linen apron, natural',
      sku: product.sku,
      productId: product.id,
      quantity: '2',
      unitPrice: '39.90',
      discount: '5.00',
      taxRate: '21',
      taxLabel: 'VAT 21%',
    },
  ],
  customerNote: 'Thank you for your order.',
  internalNote: 'Zapier sample',
  issueDate: issueDate || daysAgo(0),
  dueDate: dueDate || daysAgo(-30),
  language: 'fr',
  externalRef: { source: 'crm', id: `deal-${tag}` },
});

// Each step returns what the next ones need; `api` is a tenant client from support/api.js.
const createClient = (api, tag = unique()) => api.ok(api.post('/api/v1/clients', clientInput(tag)), 201);
const createProduct = (api, tag = unique()) => api.ok(api.post('/api/v1/products', productInput(tag)), 201);

const createInvoice = async (api, clientId, product, dates) =>
  api.ok(api.post('/api/v1/documents', documentDraft(clientId, product, unique(), dates)), 201);

const issue = (api, id) => api.ok(api.post(`/api/v1/documents/${id}/issue`));
const send = (api, id) => api.ok(api.post(`/api/v1/documents/${id}/send`, {}), 202);
const pay = (api, id) => api.ok(api.post(`/api/v1/documents/${id}/payments`, { method: 'transfer', reference: 'zapier-test' }));
const refund = (api, id) =>
  api.ok(api.post(`/api/v1/documents/${id}/refunds`, { id: `refund-${unique()}`, amount: '10.00', reason: 'damaged' }), 201);

// The client opens the public link (no API key): the first view counts.
const view = async (api, publicUrl) => {
  const res = await fetch(publicUrl);
  if (res.status !== 200) {
    throw new Error(`opening ${publicUrl}: ${res.status}`);
  }
};

// A WooCommerce shop delivering an order, signed as WooCommerce signs (base64 HMAC-SHA256 of
// the body with the webhook secret).
const shopOrder = async (api, tag = unique()) => {
  const connection = await api.ok(
    api.post('/api/v1/connections/woocommerce', {
      name: `Shop ${tag}`,
      shopUrl: 'https://shop.example',
      settings: { documentKind: 'invoice', trigger: 'paid', autoSend: false },
    }),
    201,
  );
  const order = JSON.parse(fs.readFileSync(path.join(REPO, 'src/test/resources/woocommerce/order-727-processing.json'), 'utf8'));
  order.id = 7000 + parseInt(tag.slice(0, 3), 16);
  order.number = String(order.id);
  order.billing.email = `john.${tag}@example.com`;
  const body = Buffer.from(JSON.stringify(order));
  const signature = crypto.createHmac('sha256', connection.secret).update(body).digest('base64');
  const res = await fetch(connection.deliveryUrl, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
      'x-wc-webhook-source': 'https://shop.example/',
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': '14',
      'x-wc-webhook-delivery-id': unique(),
      'x-wc-webhook-signature': signature,
    },
  });
  if (res.status !== 200) {
    throw new Error(`WooCommerce delivery: ${res.status} ${await res.text()}`);
  }
  // Stored, then acknowledged: a worker makes the client and the invoice a moment later.
  const deadline = Date.now() + 30000;
  while ((await api.ok(api.get(`/api/v1/documents?externalRef=${order.id}`))).items.length === 0) {
    if (Date.now() > deadline) throw new Error(`shop order ${order.id}: no document within 30 s`);
    await sleep(200);
  }
  return { connection, order };
};

// Waits until the email reaches one of these statuses, and answers it.
const emailReaches = async (api, emailId, statuses) => {
  const deadline = Date.now() + 30000;
  for (;;) {
    const email = await api.ok(api.get(`/api/v1/emails/${emailId}`));
    if (statuses.includes(email.status) && email.messageId) return email;
    if (Date.now() > deadline) throw new Error(`email ${emailId} not ${statuses} within 30 s: ${JSON.stringify(email)}`);
    await sleep(200);
  }
};

// Waits until the mail server accepted the email, then bounces it from the first recipient's
// side (or reports it delivered there): Passerelle reads the report from its bounce mailbox.
const bounceEmail = async (api, hub, emailId, { delivered = false } = {}) => {
  const email = await emailReaches(api, emailId, ['SENT']);
  await mailhub.bounce(hub, email.messageId, email.to[0].address || email.to[0].email || email.to[0], { delivered });
  return email;
};

// A pipeline with two stages, a card for the client at the first, moved to the second.
const moveCard = async (api, clientId, tag = unique()) => {
  const pipeline = await api.ok(api.post('/api/v1/pipelines', { name: `Sales ${tag}`, stages: ['Lead', 'Won'] }), 201);
  const card = await api.ok(api.post(`/api/v1/pipelines/${pipeline.id}/cards`, { clientId, stage: 'Lead' }), 201);
  return api.ok(api.post(`/api/v1/pipelines/${pipeline.id}/cards/${card.id}/move`, { stage: 'Won' }));
};

const task = (clientId, documentId, tag, extra) => ({
  title: `Call back ${tag}`,
  notes: 'About the invoice',
  assignee: `ops.${tag}@example.com`,
  clientId,
  documentId,
  ...extra,
});

// Causes one of each event and resolves with its subject's id by event type. An event's
// `data` is its subject as it is when rendered (at delivery, and again for performList), so
// each event gets a subject of its own that nothing changes afterwards, and the subjects are
// made in an order where the newest event of each type is that one (performList shows the
// newest first): the delivered item and the listed one are then the same. `hub` is the mail
// hub Passerelle sends through (support/mailhub.js), for the bounce.
const everyEvent = async (api, hub) => {
  const subjects = {};
  // The provider refuses the account's first refresh, moments after it is connected.
  subjects['account.needs_reconnect'] = (await connectAccount(api, `ops.${unique()}@example.com`)).id;
  // Then: the order brings its own client and documents, which must not be the newest ones.
  const { order } = await shopOrder(api);
  subjects['shop.order_received'] = String(order.id);

  const client = await createClient(api);
  subjects['client.created'] = client.id;
  const product = await createProduct(api);
  subjects['product.created'] = product.id;

  const issued = async (dates) => {
    const draft = await createInvoice(api, client.id, product, dates);
    return issue(api, draft.id);
  };
  // The refund's credit note is created and issued too: before the documents below.
  const credited = await issued();
  await refund(api, credited.id);
  subjects['document.credited'] = credited.id;

  // Issued 40 days ago, due 10 days ago: the overdue job (every second in these runs) marks it.
  const late = await issued({ issueDate: daysAgo(40), dueDate: daysAgo(10) });
  subjects['document.overdue'] = late.id;

  const paid = await issued();
  await pay(api, paid.id);
  subjects['document.paid'] = paid.id;

  const viewed = await issued();
  await view(api, viewed.publicUrl);
  subjects['document.viewed'] = viewed.id;

  // The recipient's server reports this one delivered (before the document sent below: one document.sent each).
  const reached = await send(api, (await issued()).id);
  await bounceEmail(api, hub, reached.emailId, { delivered: true });
  await emailReaches(api, reached.emailId, ['DELIVERED']);
  subjects['email.delivered'] = reached.emailId;

  const sent = await issued();
  const email = await send(api, sent.id);
  subjects['document.sent'] = sent.id;
  const bounced = await bounceEmail(api, hub, email.emailId);
  subjects['email.bounced'] = email.emailId;
  // The bounced address is now suppressed: an email to it alone is dropped, not sent.
  await emailReaches(api, email.emailId, ['BOUNCED']);
  const address = bounced.to[0].address || bounced.to[0].email || bounced.to[0];
  const dropped = await api.ok(api.post(`/api/v1/documents/${sent.id}/send`, { to: [address] }), 202);
  subjects['email.dropped'] = dropped.emailId;

  subjects['card.moved'] = (await moveCard(api, client.id)).id;
  // Due a minute ago: the reminder job (every second) finds it at once.
  const tag = unique();
  const due = await api.ok(api.post('/api/v1/tasks', task(client.id, sent.id, tag, { dueAt: new Date(Date.now() - 60000).toISOString() })), 201);
  subjects['task.due'] = due.id;
  const todo = await api.ok(api.post('/api/v1/tasks', task(client.id, sent.id, unique(), { dueAt: new Date(Date.now() + 86400000).toISOString() })), 201);
  await api.ok(api.patch(`/api/v1/tasks/${todo.id}`, { done: true }));
  subjects['task.done'] = todo.id;

  subjects['document.issued'] = (await issued()).id;
  subjects['document.created'] = (await createInvoice(api, client.id, product)).id;
  return subjects;
};

// The id of what an item is about: the object's, or, when data is what the event says, its subject's.
const subjectOf = (data) => data && (data.id || data.cardId || data.taskId || data.accountId);

// Whether a delivery or a listed item is about this subject (the shop order: the only one).
const isAbout = (payload, event, subjects) =>
  payload.type === event && (event === 'shop.order_received' || subjectOf(payload.data) === subjects[event]);

module.exports = {
  unique,
  clientInput,
  productInput,
  createClient,
  createProduct,
  createInvoice,
  issue,
  send,
  pay,
  refund,
  view,
  shopOrder,
  bounceEmail,
  emailReaches,
  moveCard,
  everyEvent,
  isAbout,
};
