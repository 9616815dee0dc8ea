'use strict';

const { search, pick } = require('../lib/actions');
const output = require('../lib/output-fields');
const sample = require('../samples/client.json');

const perform = (z, bundle) => {
  const body = pick(bundle.inputData, ['email', 'externalId']);
  if (!body.email && !body.externalId) {
    throw new z.errors.Error('E-mail or External ID: expected at least one, got neither', 'InvalidInput', 400);
  }
  return search(z, 'find-client', body);
};

module.exports = {
  key: 'find_client',
  noun: 'Client',
  display: {
    label: 'Find Client',
    description: 'Finds a client by e-mail address or by its ID in another app (external ID).',
  },
  operation: {
    inputFields: [
      { key: 'email', label: 'E-mail', type: 'string', required: false, helpText: 'Any of the client\'s e-mail addresses.' },
      { key: 'externalId', label: 'External ID', type: 'string', required: false, helpText: "The client's id in the other app." },
    ],
    perform,
    sample,
    outputFields: output.forSample(output.client, sample),
  },
};
