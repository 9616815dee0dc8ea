'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/email.delivered.json');

module.exports = hookTrigger({
  key: 'email_delivered',
  event: 'email.delivered',
  noun: 'Email',
  label: 'Email Delivered',
  description: "Triggers when the recipient's mail server confirms it took an e-mail Passerelle sent.",
  sample,
  outputFields: output.forSample(output.event(output.email), sample),
});
