'use strict';

const assert = require('assert');
const zapier = require('zapier-platform-core');
const App = require('../index');
const context = require('./support/context');
const { client } = require('./support/api');
const scenario = require('./support/scenario');
const inputs = require('./support/inputs');
const { fieldPaths, difference } = require('./support/fields');

const appTester = zapier.createAppTester(App);

const run = (operation, inputData, zapId = 7001) =>
  appTester(operation.perform, { authData: context.authData, inputData, meta: { zap: { id: zapId } } });

// A live result has exactly the fields of the sample the zap editor shows before a test run.
const assertShapedLike = (result, operation, what) => {
  const diff = difference(fieldPaths(result), fieldPaths(operation.sample));
  assert.deepStrictEqual(diff, { onlyLive: [], onlySample: [] }, `${what}: live result and sample differ`);
};

const rejectsWith = (promise, pattern) =>
  assert.rejects(promise, (e) => {
    assert.match(e.message, pattern);
    return true;
  });

describe('actions and searches against a live Passerelle', function () {
  this.timeout(60000);
  let api;
  const tag = scenario.unique();
  const clientInputs = inputs.client(tag);
  let createdClient;
  let product;
  let invoice;

  before(() => {
    api = client(context.passerelle.baseUrl, context.zapier.apiKey);
  });

  it('creates a client (create_client), shaped like its sample', async () => {
    createdClient = await run(App.creates.create_client.operation, { ...clientInputs, dedupeKey: `lead-${tag}` });
    assert.ok(createdClient.id);
    assert.strictEqual(createdClient.name, clientInputs.name);
    assert.deepStrictEqual(createdClient.emails, [clientInputs.email]);
    assertShapedLike(createdClient, App.creates.create_client.operation, 'create_client');
    const stored = await api.ok(api.get(`/api/v1/clients/${createdClient.id}`));
    assert.strictEqual(stored.billingAddress.city, 'Ixelles');
  });

  it('answers the first result when the same dedupe key comes again, and refuses it with other inputs', async () => {
    const again = await run(App.creates.create_client.operation, { ...clientInputs, dedupeKey: `lead-${tag}` });
    assert.deepStrictEqual(again, createdClient);
    await rejectsWith(
      run(App.creates.create_client.operation, { ...clientInputs, phone: '+32 2 000 00 00', dedupeKey: `lead-${tag}` }),
      /Idempotency-Key/i,
    );
  });

  it('updates a client (update_client): only the fields filled in change', async () => {
    const updated = await run(App.creates.update_client.operation, { clientId: createdClient.id, phone: '+32 2 555 00 00', name: '' });
    assert.strictEqual(updated.id, createdClient.id);
    assert.strictEqual(updated.phone, '+32 2 555 00 00');
    assert.strictEqual(updated.name, clientInputs.name);
    assert.strictEqual(updated.vatNumber, clientInputs.vatNumber);
  });

  it('finds a client by e-mail and by external id (find_client), and answers nothing for an unknown one', async () => {
    const byEmail = await run(App.searches.find_client.operation, { email: clientInputs.email });
    assert.deepStrictEqual(byEmail.map((c) => c.id), [createdClient.id]);
    assertShapedLike(byEmail[0], App.searches.find_client.operation, 'find_client');
    const byExternalId = await run(App.searches.find_client.operation, { externalId: clientInputs.externalId });
    assert.deepStrictEqual(byExternalId.map((c) => c.id), [createdClient.id]);
    const none = await run(App.searches.find_client.operation, { email: `nobody.${tag}@example.com` });
    assert.deepStrictEqual(none, []);
    await rejectsWith(run(App.searches.find_client.operation, {}), /E-mail or External ID/);
  });

  it('finds or creates a client (search-or-create): created once, then found; the same dedupe key gives the same client', async () => {
    const soc = App.searchOrCreates.find_client;
    assert.strictEqual(soc.search, 'find_client');
    assert.strictEqual(soc.create, 'create_client');
    const lead = { name: `New Lead ${tag}`, email: `lead.${tag}@example.com`, externalId: `crm-new-${tag}` };
    // What Zapier does: the search first, and the create with the same inputs only when it found nothing.
    const searched = await run(App.searches[soc.search].operation, { email: lead.email });
    assert.deepStrictEqual(searched, []);
    const created = await run(App.creates[soc.create].operation, { ...lead, dedupeKey: `soc-${tag}` });
    const found = await run(App.searches[soc.search].operation, { email: lead.email });
    assert.deepStrictEqual(found.map((c) => c.id), [created.id]);
    const replayed = await run(App.creates[soc.create].operation, { ...lead, dedupeKey: `soc-${tag}` });
    assert.strictEqual(replayed.id, created.id);
    const all = await api.ok(api.get(`/api/v1/clients?email=${encodeURIComponent(lead.email)}`));
    assert.strictEqual(all.items.length, 1);
  });

  it('creates a product (create_product) and finds it by SKU (find_product)', async () => {
    product = await run(App.creates.create_product.operation, inputs.product(tag));
    assert.strictEqual(product.sku, `STOOL-${tag}`);
    assert.strictEqual(Number(product.unitPrice), 149);
    assertShapedLike(product, App.creates.create_product.operation, 'create_product');
    const found = await run(App.searches.find_product.operation, { sku: `STOOL-${tag}` });
    assert.deepStrictEqual(found.map((p) => p.id), [product.id]);
    assertShapedLike(found[0], App.searches.find_product.operation, 'find_product');
    assert.deepStrictEqual(await run(App.searches.find_product.operation, { sku: `NONE-${tag}` }), []);
  });

  it('finds or creates a product (search-or-create)', async () => {
    const soc = App.searchOrCreates.find_product;
    const sku = `LAMP-${tag}`;
    assert.deepStrictEqual(await run(App.searches[soc.search].operation, { sku }), []);
    const created = await run(App.creates[soc.create].operation, { sku, name: `Desk lamp ${tag}`, unitPrice: '59,90', dedupeKey: `lamp-${tag}` });
    assert.strictEqual(Number(created.unitPrice), 59.9);
    const again = await run(App.creates[soc.create].operation, { sku, name: `Desk lamp ${tag}`, unitPrice: '59,90', dedupeKey: `lamp-${tag}` });
    assert.strictEqual(again.id, created.id);
    assert.deepStrictEqual((await run(App.searches[soc.search].operation, { sku })).map((p) => p.id), [created.id]);
  });

  it('creates an issued invoice from line items (create_document)', async () => {
    const documentInputs = inputs.document(createdClient.id, product.sku);
    invoice = await run(App.creates.create_document.operation, documentInputs);
    assert.strictEqual(invoice.status, 'ISSUED');
    assert.ok(invoice.number, 'an issued invoice has its number');
    assert.strictEqual(invoice.lines.length, 2);
    assert.strictEqual(invoice.lines[1].sku, product.sku);
    assert.strictEqual(invoice.lines[1].description, product.name, 'a SKU line takes the product name');
    assert.strictEqual(Number(invoice.total), Number((3 * 80 * 1.21 + 2 * 149 * 1.21).toFixed(2)));
    assertShapedLike(invoice, App.creates.create_document.operation, 'create_document');
    // The document as the documents API shows it, its public link included: a later step can map it.
    assert.match(invoice.publicUrl, /\/d\/[A-Za-z0-9_-]+$/);
    assert.deepStrictEqual(invoice, await api.ok(api.get(`/api/v1/documents/${invoice.id}`)));
    assert.ok(App.creates.create_document.operation.outputFields.some((f) => f.key === 'publicUrl'), 'Public Link is labelled');
    // Zapier retries the step (same zap, same inputs, no dedupe key): still one invoice.
    const retried = await run(App.creates.create_document.operation, documentInputs);
    assert.strictEqual(retried.id, invoice.id);
    const listed = await api.ok(api.get(`/api/v1/documents?clientId=${createdClient.id}`));
    assert.strictEqual(listed.items.length, 1);
  });

  it("shows Passerelle's field errors to the zap user (422 problem detail)", async () => {
    await rejectsWith(
      run(App.creates.create_document.operation, { kind: 'invoice', clientId: 'not-an-id', lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] }),
      /clientId/,
    );
    await rejectsWith(run(App.creates.create_product.operation, { name: 'Bad price', unitPrice: '12.5.0' }), /Unit Price: expected a number/);
  });

  it('lists clients and documents for the dropdowns', async () => {
    const clients = await appTester(App.triggers.client_list.operation.perform, { authData: context.authData, inputData: {} });
    assert.ok(clients.some((c) => c.id === createdClient.id && c.name.includes(clientInputs.name)));
    const documents = await appTester(App.triggers.document_list.operation.perform, { authData: context.authData, inputData: {} });
    const listed = documents.find((d) => d.id === invoice.id);
    assert.ok(listed && listed.label.includes(invoice.number), JSON.stringify(documents.slice(0, 3)));
  });

  it('sends a document (send_document): the document becomes SENT', async () => {
    const result = await run(App.creates.send_document.operation, { documentId: invoice.id, subject: 'Your invoice' });
    assertShapedLike(result, App.creates.send_document.operation, 'send_document');
    const deadline = Date.now() + 20000;
    let status;
    while (Date.now() < deadline) {
      status = (await api.ok(api.get(`/api/v1/documents/${invoice.id}`))).status;
      if (status === 'SENT') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.strictEqual(status, 'SENT');
  });
});
