'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/client.created.json');

module.exports = hookTrigger({
  key: 'new_client',
  event: 'client.created',
  noun: 'Client',
  label: 'New Client',
  description: 'Triggers when a client is created in Passerelle (by hand, by a shop order, by a route or by a zap).',
  sample,
  outputFields: output.forSample(output.event(output.client), sample),
});
