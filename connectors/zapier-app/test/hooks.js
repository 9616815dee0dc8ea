'use strict';

const fs = require('fs');
const context = require('./support/context');
const { start } = require('./support/passerelle');
const { startReceiver } = require('./support/receiver');
const { client } = require('./support/api');
const { startMailHub, passerelleArgs } = require('./support/mailhub');
const { providerArgs, serveProvider } = require('./support/oauth');
const zapierOAuth = require('./support/zapier-oauth');

// Passerelle runs its overdue check every second here (hourly by default), so that the
// "Invoice Overdue" trigger can be seen within a test.
const SERVER_ARGS = ['--passerelle.documents.overdue-cron=* * * * * ?'];

let failed = false;

exports.mochaHooks = {
  async beforeAll() {
    this.timeout(240000);
    context.receiver = await startReceiver();
    serveProvider(context.receiver);
    context.mailhub = await startMailHub();
    context.passerelle = await start({
      extraArgs: [
        ...SERVER_ARGS,
        ...passerelleArgs(context.mailhub),
        ...providerArgs(context.receiver.url),
        ...zapierOAuth.serverArgs(),
      ],
    });
    const operator = client(context.passerelle.baseUrl, context.passerelle.adminToken);
    const tenant = await operator.ok(operator.post('/api/v1/tenants', { name: 'Atelier Dupont (Zapier test)' }), 201);
    context.tenant = { id: tenant.id, name: tenant.name, apiKey: tenant.apiKey };
    const owner = client(context.passerelle.baseUrl, tenant.apiKey);
    context.zapier = await owner.ok(owner.post('/api/v1/integrations/zapier', {}), 201);
    context.authData = { baseUrl: context.passerelle.baseUrl, apiKey: context.zapier.apiKey };
  },
  afterEach() {
    if (this.currentTest && this.currentTest.state === 'failed') {
      failed = true;
    }
  },
  async afterAll() {
    this.timeout(30000);
    if (failed && context.passerelle && fs.existsSync(context.passerelle.logFile)) {
      const tail = fs.readFileSync(context.passerelle.logFile, 'utf8').split('\n').slice(-40).join('\n');
      console.error(`--- last lines of Passerelle's log (${context.passerelle.logFile}):\n${tail}`);
    }
    if (context.passerelle) {
      await context.passerelle.stop();
    }
    if (context.receiver) {
      await context.receiver.close();
    }
    if (context.mailhub) {
      await context.mailhub.stop();
    }
  },
};
