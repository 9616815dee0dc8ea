'use strict';

// zapier-platform-core prints memory figures outside tests.
process.env.NODE_ENV = process.env.NODE_ENV || 'test';

// Captures the app's samples from a live Passerelle: starts one (the built jar, embedded H2,
// loopback) with a mail hub, causes every event the triggers subscribe to, and writes the
// first delivery of each to samples/<event>.json, and the results of the actions to
// samples/client.json, product.json, document.json and send-document.json. The tests fail
// when a live payload's fields differ from these files: run this again after the API changed
// (npm run capture-samples), review the diff and commit it.

const fs = require('fs');
const path = require('path');
const zapier = require('zapier-platform-core');
const App = require('../index');
const { start } = require('../test/support/passerelle');
const { startReceiver } = require('../test/support/receiver');
const { startMailHub, passerelleArgs } = require('../test/support/mailhub');
const { providerArgs, serveProvider } = require('../test/support/oauth');
const { client } = require('../test/support/api');
const scenario = require('../test/support/scenario');
const inputs = require('../test/support/inputs');

const SAMPLES = path.join(__dirname, '..', 'samples');
// Each hook trigger's event type, as its sample names it.
const EVENTS = Object.values(App.triggers)
  .filter((t) => t.operation.type === 'hook')
  .map((t) => t.operation.sample.type);

const write = (name, value) => {
  const file = path.join(SAMPLES, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
};

const main = async () => {
  const events = process.argv.slice(2).length ? process.argv.slice(2) : EVENTS;
  const receiver = await startReceiver();
  serveProvider(receiver);
  const hub = await startMailHub();
  let passerelle;
  try {
    passerelle = await start({
      extraArgs: ['--passerelle.documents.overdue-cron=* * * * * ?', ...passerelleArgs(hub), ...providerArgs(receiver.url)],
    });
    const operator = client(passerelle.baseUrl, passerelle.adminToken);
    const tenant = await operator.ok(operator.post('/api/v1/tenants', { name: 'Atelier Dupont' }), 201);
    const owner = client(passerelle.baseUrl, tenant.apiKey);
    const key = await owner.ok(owner.post('/api/v1/integrations/zapier', {}), 201);
    const api = client(passerelle.baseUrl, key.apiKey);
    for (const event of events) {
      await api.ok(api.post('/api/v1/subscriptions', { targetUrl: `${receiver.url}/hooks/${event}`, event }), 201);
    }
    const subjects = await scenario.everyEvent(api, hub);
    for (const event of events) {
      const hit = await receiver.waitFor(
        (r) => r.path === `/hooks/${event}` && scenario.isAbout(JSON.parse(r.body), event, subjects),
        30000,
        `${event} delivery`,
      );
      write(event, JSON.parse(hit.body));
    }

    const appTester = zapier.createAppTester(App);
    const authData = { baseUrl: passerelle.baseUrl, apiKey: key.apiKey };
    const run = (operation, inputData) => appTester(operation.perform, { authData, inputData, meta: { zap: { id: 1 } } });
    const tag = scenario.unique();
    const created = await run(App.creates.create_client.operation, inputs.client(tag));
    write('client', created);
    const product = await run(App.creates.create_product.operation, inputs.product(tag));
    write('product', product);
    const document = await run(App.creates.create_document.operation, inputs.document(created.id, product.sku));
    write('document', document);
    write('send-document', await run(App.creates.send_document.operation, { documentId: document.id, subject: 'Your invoice' }));
  } finally {
    if (passerelle) await passerelle.stop();
    await hub.stop();
    await receiver.close();
  }
};

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
