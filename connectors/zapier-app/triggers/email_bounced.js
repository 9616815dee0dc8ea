'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/email.bounced.json');

module.exports = hookTrigger({
  key: 'email_bounced',
  event: 'email.bounced',
  noun: 'Email',
  label: 'Email Bounced',
  description: 'Triggers when an e-mail Passerelle sent bounces (e.g. a wrong address), so you can fix the address.',
  sample,
  outputFields: output.forSample(output.event(output.email), sample),
});
