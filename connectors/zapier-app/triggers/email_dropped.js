'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/email.dropped.json');

module.exports = hookTrigger({
  key: 'email_dropped',
  event: 'email.dropped',
  noun: 'Email',
  label: 'Email Dropped',
  description: 'Triggers when Passerelle did not send an e-mail at all because every address is on the suppression list (it bounced or complained before).',
  sample,
  outputFields: output.forSample(output.event(output.email), sample),
});
